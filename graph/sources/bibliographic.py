"""Readers for reference-manager exports: BibTeX (bibtexparser 2, LaTeX decoded), RIS
(rispy) and Web of Science tagged plain text (rispy's WoS parser), with cited
references kept.

Each reads a record at a time from the file's lines, so a record's line is known
and any size streams (BibTeX is parsed in chunks of entries; ``@string`` macros
seen earlier are carried into later chunks).

Field mapping (→ paper):

================  ==========================  ====================  ===========================
paper             BibTeX                      RIS                   Web of Science
================  ==========================  ====================  ===========================
``title``         ``title``                   ``TI``/``T1``         ``TI``
``abstract``      ``abstract``                ``AB``/``N2``         ``AB``
``authors``       ``author`` (``and``-split,  ``AU``/``A1``         ``AF`` (full), else ``AU``
                  "Last, First" → First Last)
``date``          ``year`` + ``month``        ``DA``/``PY``/``Y1``  ``PD`` + ``PY``
``doi``           ``doi``                     ``DO``                ``DI``
``arxiv_id``      ``eprint`` (arXiv),         ``UR`` on arxiv.org   ``CR``-free; from ``DI``
                  ``url``/``doi`` on arXiv                          if an arXiv DOI
``url``           ``url``                     ``UR``                --
``references``    --                          --                    ``CR``: the DOI of each
                                                                    (``DOI 10…``) or arXiv id,
                                                                    else the line as written
``alt_ids``       --                          --                    ``UT`` (``wos:…``)
``extra``         key, entry type, venue      type, venue,          venue, document type,
                  (``journal``/``booktitle``)  keywords              keywords, times cited
================  ==========================  ====================  ===========================

``@proceedings`` (the volume itself), ``@string``, ``@preamble`` and ``@comment`` blocks
are not papers: a volume is rejected with that reason; the others are not records.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

import bibtexparser
import bibtexparser.middlewares as mw
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock, String
from rispy import RisParser, WokParser

from graph.paper import Paper, SourceRef
from graph.sources.common import clean_text, make_paper
from graph.sources.identity import canonical_key
from graph.sources.records import RecordError, Reject
from graph.sources.textio import Line

__all__ = [
    "FORMAT_BIBTEX",
    "FORMAT_RIS",
    "FORMAT_WOS",
    "read_bibtex",
    "read_ris",
    "read_wos",
    "wos_reference",
]

FORMAT_BIBTEX = "bibtex"
FORMAT_RIS = "ris"
FORMAT_WOS = "wos"

# bibtexparser logs each failed block as a warning; papergraph reports it as a reject.
logging.getLogger("bibtexparser").setLevel(logging.ERROR)

BIBTEX_CHUNK = 200  # entries parsed at once
_ENTRY_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]")
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def _date(year: Any, month: Any = None) -> str | None:
    year_text = re.search(r"\d{4}", str(year or ""))
    if not year_text:
        return None
    month_text = str(month or "").strip().casefold()[:3]
    number = _MONTHS.get(month_text) or (int(month_text) if month_text.isdigit() else None)
    if number and 1 <= number <= 12:
        return f"{year_text.group(0)}-{number:02d}"
    return year_text.group(0)


def _first_last(name: str) -> str:
    name = clean_text(name).strip("{} ")
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        return f"{first} {last}".strip()
    return name


# --- BibTeX ------------------------------------------------------------------------


def _bibtex_record(entry: Entry, volume: dict[str, str]) -> dict[str, Any]:
    fields = {key.casefold(): field.value for key, field in entry.fields_dict.items()}

    def text(name: str) -> str:
        value = fields.get(name)
        return clean_text(value) if isinstance(value, str) else ""

    if entry.entry_type.casefold() in ("proceedings", "book") and not fields.get("author"):
        raise RecordError(f"@{entry.entry_type}{{{entry.key}}} is a volume, not a paper")
    authors = fields.get("author") or []
    if isinstance(authors, str):
        authors = [part for part in re.split(r"\s+and\s+", authors) if part.strip()]
    arxiv_id = None
    eprint = text("eprint")
    if eprint and (text("archiveprefix").casefold() == "arxiv" or canonical_key(eprint)):
        key = canonical_key(eprint) or canonical_key(f"arXiv:{eprint}")
        arxiv_id = key.removeprefix("arxiv:") if key and key.startswith("arxiv:") else None
    url = text("url") or None
    if not arxiv_id and url and "arxiv.org" in url:
        arxiv_id = (canonical_key(url) or "").removeprefix("arxiv:") or None
    for name in ("note", "journal", "howpublished"):  # "arXiv:1812.11470", "arXiv preprint …"
        found = re.search(r"arxiv\s*:?\s*(\d{4}\.\d{4,5}|[a-z\-]+/\d{7})", text(name), re.I)
        if not arxiv_id and found:
            arxiv_id = found.group(1)
    extra = {
        "bibtex_key": entry.key,
        "entry_type": entry.entry_type,
        "venue": text("journal") or text("booktitle") or volume.get("booktitle"),
        "keywords": text("keywords") or None,
        "code": text("software") or text("code") or None,
    }
    return {
        "title": text("title"),
        "abstract": text("abstract"),
        "authors": [
            _first_last(str(a))
            for a in authors
            if str(a).strip() and str(a).strip().casefold() != "others"
        ],
        "date": _date(text("year") or volume.get("year"), text("month") or None),
        "doi": text("doi") or None,
        "arxiv_id": arxiv_id,
        "url": url,
        "extra": {key: value for key, value in extra.items() if value},
    }


def _bibtex_chunks(lines: Iterable[Line]) -> Iterator[tuple[list[Line], list[str]]]:
    """Chunks of about BIBTEX_CHUNK entries, cut where an entry starts, with the
    decoding errors of the chunk's lines."""
    chunk: list[Line] = []
    entries = 0
    for line in lines:
        if _ENTRY_START.match(line.text):
            entries += 1
            if entries > BIBTEX_CHUNK:
                yield chunk, []
                chunk, entries = [], 1
        chunk.append(line)
    if chunk:
        yield chunk, []


def read_bibtex(lines: Iterable[Line], file: str) -> Iterator[Paper | Reject]:
    """The entries of a BibTeX file, LaTeX decoded, names as "First Last"."""
    strings: list[str] = []  # @string blocks seen so far, prepended to later chunks
    volume: dict[str, str] = {}  # the last @proceedings: year and booktitle for its papers
    for chunk, _ in _bibtex_chunks(lines):
        prefix = "".join(s + "\n" for s in strings)
        text = prefix + "\n".join(line.text for line in chunk)
        shift = prefix.count("\n")
        library = bibtexparser.parse_string(
            text, append_middleware=[mw.LatexDecodingMiddleware(), mw.SeparateCoAuthors()]
        )
        bad = {ln.number: ln.decode_error for ln in chunk if ln.decode_error}
        for block in library.blocks:
            local = (block.start_line or 0) - shift
            if local < 0:
                continue  # a carried-over @string
            number = chunk[0].number + local
            if isinstance(block, String):
                strings.append(block.raw)
                continue
            if isinstance(block, ParsingFailedBlock):
                error = block.error
                reason = " ".join(str(getattr(error, "abort_reason", "") or error).split())
                yield Reject(file, number, f"BibTeX syntax error: {reason}", block.raw)
                continue
            if not isinstance(block, Entry):
                continue
            end = number + block.raw.count("\n")
            errors = [f"line {n}: {bad[n]}" for n in range(number, end + 1) if n in bad]
            if errors:
                yield Reject(file, number, "; ".join(errors), block.raw)
                continue
            if isinstance(block, DuplicateBlockKeyBlock):
                pass  # the same key twice: both are read; de-duplication decides
            if block.entry_type.casefold() == "proceedings":
                fields = {k.casefold(): f.value for k, f in block.fields_dict.items()}
                volume = {
                    k: clean_text(str(fields[k])) for k in ("year", "booktitle") if k in fields
                }
            try:
                yield make_paper(
                    _bibtex_record(block, volume), SourceRef(file, number, FORMAT_BIBTEX)
                )
            except RecordError as exc:
                yield Reject(file, number, str(exc), block.raw)


# --- RIS and Web of Science --------------------------------------------------------


def _tagged_records(
    lines: Iterable[Line], start_tag: str, end_tag: str = "ER"
) -> Iterator[tuple[int, list[Line]]]:
    record: list[Line] = []
    for line in lines:
        if line.text[:1] in ("\r", "\ufeff"):  # IEEE Xplore writes CR CR LF line ends
            line = Line(line.number, line.text.lstrip("\r\ufeff"), line.decode_error)
        tag = line.text[:2]
        if tag == start_tag and (line.text[2:3] in (" ", "") or line.text[2:5] == "  -"):
            if record:
                yield record[0].number, record  # a record without its end tag
            record = [line]
        elif record:
            record.append(line)
            if tag == end_tag and line.text[2:].strip(" -") == "":
                yield record[0].number, record
                record = []
    if record:
        yield record[0].number, record


def _first(record: dict[str, Any], *names: str) -> Any:
    for name in names:
        value = record.get(name)
        if value not in (None, "", []):
            return value
    return None


def _joined(value: Any) -> str:
    if isinstance(value, list):
        return clean_text(" ".join(str(v) for v in value))
    return clean_text(value)


def _ris_record(record: dict[str, Any]) -> dict[str, Any]:
    urls = record.get("urls") or []
    arxiv = next((canonical_key(u) for u in urls if isinstance(u, str) and "arxiv.org" in u), None)
    date = _first(record, "date", "year", "publication_year")
    extra = {
        "type": record.get("type_of_reference"),
        "venue": _joined(_first(record, "secondary_title", "journal_name", "alternate_title3")),
        "keywords": record.get("keywords"),
    }
    return {
        "title": _joined(_first(record, "title", "primary_title")),
        "abstract": _joined(_first(record, "abstract", "notes_abstract")),
        "authors": list(dict.fromkeys(_first(record, "authors", "first_authors") or [])),
        "date": _date(date, None)
        if date and not re.match(r"\d{4}[-/]\d", str(date))
        else (str(date).replace("/", "-").strip("-") if date else None),
        "doi": _first(record, "doi"),
        "arxiv_id": arxiv.removeprefix("arxiv:") if arxiv and arxiv.startswith("arxiv:") else None,
        "url": urls[0] if urls and isinstance(urls[0], str) else None,
        "extra": {key: value for key, value in extra.items() if value},
    }


_CR_DOI = re.compile(r"\bDOI\s+\[?(10\.\d{4,9}/[^\s,\]]+)", re.IGNORECASE)
_CR_ARXIV = re.compile(r"\barxiv\s*:?\s*(\d{4}\.\d{4,5}|[a-z\-]+/\d{7})", re.IGNORECASE)


def wos_reference(cited: str) -> str:
    """A Web of Science ``CR`` line as a reference: its DOI or arXiv id as a key, else
    the line as written (resolved later by its title part, if it has one).

    >>> wos_reference("ALLEN JP, 1986, P NATL ACAD SCI, V83, P8589, DOI 10.1073/pnas.83.22.8589")
    'doi:10.1073/pnas.83.22.8589'
    >>> wos_reference("Vaswani A, 2017, ARXIV, DOI ARXIV:1706.03762")
    'arxiv:1706.03762'
    >>> wos_reference("LOACH PA, 1990, FEMS SYMP, V53, P235")
    'LOACH PA, 1990, FEMS SYMP, V53, P235'
    """
    arxiv = _CR_ARXIV.search(cited)
    if arxiv:
        return f"arxiv:{arxiv.group(1).lower()}"
    doi = _CR_DOI.search(cited)
    if doi:
        return canonical_key(doi.group(1)) or cited
    return clean_text(cited)


def _wos_record(record: dict[str, Any]) -> dict[str, Any]:
    accession = _first(record, "accession_number")
    doi = _first(record, "doi")
    year = _first(record, "publication_year")
    extra = {
        "venue": _joined(_first(record, "publication_name")),
        "document_type": _joined(_first(record, "document_type")),
        "keywords": _joined(_first(record, "author_keywords", "keywords_plus")),
        "times_cited": _first(record, "wos_core_collection_cited_count"),
    }
    ids = [f"wos:{str(accession).removeprefix('WOS:')}"] if accession else []
    return {
        "title": _joined(_first(record, "document_title")),
        "abstract": _joined(_first(record, "abstract")),
        "authors": [_first_last(a) for a in _first(record, "author_full_name", "authors") or []],
        "date": _date(year, str(_first(record, "publication_date") or "")[:3]),
        "doi": doi,
        "references": [wos_reference(c) for c in record.get("cited_references") or [] if c],
        "ids": ids,
        "extra": {key: value for key, value in extra.items() if value},
    }


def _read_tagged(
    lines: Iterable[Line], file: str, fmt: str, parser: RisParser, start_tag: str, convert: Any
) -> Iterator[Paper | Reject]:
    for start, record_lines in _tagged_records(lines, start_tag):
        raw = "\n".join(line.text for line in record_lines)
        errors = [f"line {ln.number}: {ln.decode_error}" for ln in record_lines if ln.decode_error]
        if errors:
            yield Reject(file, start, "; ".join(errors), raw)
            continue
        texts = [line.text for line in record_lines]
        if texts[-1][:2] != "ER":
            texts.append("ER  -" if fmt == FORMAT_RIS else "ER")
        try:
            parsed = parser.parse_lines(iter(texts))
            if not parsed:
                raise RecordError("no tagged fields in the record")
            yield make_paper(convert(parsed[0]), SourceRef(file, start, fmt))
        except RecordError as exc:
            yield Reject(file, start, str(exc), raw)
        except (KeyError, ValueError, TypeError) as exc:
            yield Reject(file, start, f"malformed record: {type(exc).__name__}: {exc}", raw)


def read_ris(lines: Iterable[Line], file: str) -> Iterator[Paper | Reject]:
    """The records of a RIS file (``TY  -`` … ``ER  -``)."""
    parser = RisParser(skip_unknown_tags=False, enforce_list_tags=False)
    return _read_tagged(lines, file, FORMAT_RIS, parser, "TY", _ris_record)


def read_wos(lines: Iterable[Line], file: str) -> Iterator[Paper | Reject]:
    """The records of a Web of Science plain-text export (``PT`` … ``ER``)."""
    parser = WokParser(enforce_list_tags=False)
    return _read_tagged(lines, file, FORMAT_WOS, parser, "PT", _wos_record)
