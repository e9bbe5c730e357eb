"""Readers for arXiv: API Atom feeds, OAI-PMH ``ListRecords``/``GetRecord`` responses in
the ``arXiv`` and ``arXivRaw`` metadata formats, and the metadata snapshot (JSON Lines,
often named ``.json``).

The XML is read with the standard library's pull parser, a line at a time, so a record's
line is known and a feed of any size streams.

Field mapping (→ paper; every arXiv record gets ``id`` = ``arxiv:<id without version>``):

==============================  ===================  =====================  ====================
paper                           Atom ``<entry>``     OAI-PMH ``arXiv`` /    snapshot JSON Lines
                                                     ``arXivRaw``
==============================  ===================  =====================  ====================
``arxiv_id``                    ``<id>`` (abs URL)   ``<id>``               ``id``
``title``, ``abstract``         ``title``,           ``title``,             ``title``,
                                ``summary``          ``abstract``           ``abstract``
``authors``                     ``author/name``      ``author`` keyname +   ``authors_parsed``, or
                                                     forenames; arXivRaw:   ``authors`` "A, B and C"
                                                     "A, B and C"
``date`` (first version)        ``published``        ``created`` / v1 date  ``versions[0].created``
``doi``                         ``arxiv:doi``        ``doi``                ``doi``
``url``                         ``link[alternate]``  abs URL                abs URL
``extra``                       categories, primary  categories,            categories, comments,
                                category, comment,   comments, journal-ref, journal-ref, versions,
                                journal_ref,         license, versions      update_date, submitter
                                ``updated``
==============================  ===================  =====================  ====================

    >>> split_authors("C. Bal\\\\'azs, E. L. Berger (ANL, Argonne) and C.-P. Yuan")
    ['C. Balázs', 'E. L. Berger (ANL, Argonne)', 'C.-P. Yuan']
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from email.utils import parsedate_to_datetime
from typing import Any, BinaryIO

from pylatexenc.latex2text import LatexNodes2Text

from graph.paper import Paper, SourceRef
from graph.sources.common import clean_text, make_paper, read_json_document, read_json_lines
from graph.sources.identity import canonical_key
from graph.sources.records import RecordError, Reject
from graph.sources.textio import FileProblem, Line

__all__ = [
    "FORMAT_ATOM",
    "FORMAT_JSONL",
    "FORMAT_OAI",
    "arxiv_snapshot_record",
    "read_arxiv_atom",
    "read_arxiv_oai",
    "read_arxiv_snapshot",
    "split_authors",
]

FORMAT_ATOM = "arxiv-atom"
FORMAT_OAI = "arxiv-oai"
FORMAT_JSONL = "arxiv-jsonl"
FORMAT_DOCUMENT = "arxiv-json"

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV_ATOM = "{http://arxiv.org/schemas/atom}"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
OAI_ARXIV = "{http://arxiv.org/OAI/arXiv/}"
OAI_RAW = "{http://arxiv.org/OAI/arXivRaw/}"

_LATEX = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
_AND = re.compile(r",?\s+and\s+|\s*,\s*|\s*;\s*")


def _decode_latex(text: str) -> str:
    if "\\" not in text and "{" not in text:
        return text
    try:
        return clean_text(_LATEX.latex_to_text(text))
    except Exception:
        return text


def split_authors(text: str) -> list[str]:
    """Names from an arXiv author string: separated by commas, ``;`` or ``and``, with
    parenthesised affiliations kept whole and LaTeX accents decoded."""
    names: list[str] = []
    depth = 0
    start = 0
    text = clean_text(text)
    pieces: list[str] = []
    for position, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0 and char in ",;":
            pieces.append(text[start:position])
            start = position + 1
    pieces.append(text[start:])
    for piece in pieces:
        for name in re.split(r"\s+and\s+(?![^()]*\))", piece):
            name = name.strip()
            if name and name.casefold() not in ("et al", "et al.", "others"):
                names.append(_decode_latex(name))
    return names


def _v1_date(versions: Any) -> str | None:
    """The date of the first version, ISO 8601, from the snapshot's or arXivRaw's versions."""
    if not isinstance(versions, list) or not versions:
        return None
    first = versions[0]
    created = first.get("created") or first.get("date") if isinstance(first, dict) else None
    if not isinstance(created, str):
        return None
    try:
        return parsedate_to_datetime(created).date().isoformat()
    except (TypeError, ValueError):
        return None


def _arxiv_id(text: str | None) -> str:
    text = (text or "").strip()
    key = canonical_key(text) or canonical_key(f"arXiv:{text}")
    if not key or not key.startswith("arxiv:"):
        raise RecordError(f"no arXiv id in {text!r}")
    return key.removeprefix("arxiv:")


def arxiv_snapshot_record(record: dict[str, Any]) -> dict[str, Any]:
    """papergraph's fields for one record of the arXiv metadata snapshot."""
    arxiv_id = _arxiv_id(str(record.get("id") or ""))
    authors = split_authors(str(record.get("authors") or ""))
    parsed = record.get("authors_parsed")
    if not authors and isinstance(parsed, list):  # [[last, first, suffix], ...]
        for name in parsed:
            if isinstance(name, list):
                parts = [str(p) for p in [*name[1:2], *name[:1], *name[2:3]] if p]
                authors.append(_decode_latex(clean_text(" ".join(parts))))
        authors = [name for name in authors if name]
    versions = record.get("versions")
    extra = {
        "categories": str(record.get("categories") or "").split() or None,
        "comments": record.get("comments"),
        "journal_ref": record.get("journal-ref"),
        "submitter": record.get("submitter"),
        "versions": len(versions) if isinstance(versions, list) else None,
        "update_date": record.get("update_date"),
        "license": record.get("license"),
    }
    return {
        "id": f"arxiv:{arxiv_id}",
        "arxiv_id": arxiv_id,
        "title": clean_text(record.get("title")),
        "abstract": clean_text(record.get("abstract")),
        "authors": authors,
        "date": _v1_date(versions) or record.get("update_date"),
        "doi": record.get("doi"),
        "url": f"https://arxiv.org/abs/{arxiv_id}",
        "extra": {key: value for key, value in extra.items() if value not in (None, "", [])},
    }


def read_arxiv_snapshot(lines: Iterable[Line], file: str) -> Iterator[Paper | Reject]:
    """The records of the arXiv metadata snapshot, one JSON object per line."""
    return read_json_lines(lines, file, FORMAT_JSONL, arxiv_snapshot_record)


def read_arxiv_snapshot_document(stream: BinaryIO, file: str) -> Iterator[Paper | Reject]:
    """Records shaped like the arXiv metadata snapshot's, in a JSON array, page or object."""
    return read_json_document(stream, file, FORMAT_DOCUMENT, arxiv_snapshot_record)


# --- XML ---------------------------------------------------------------------------


def _pull(
    lines: Iterable[Line], file: str, record_tags: set[str]
) -> Iterator[tuple[ET.Element, int, list[str]]]:
    """Each completed element whose tag is in ``record_tags``, with the line it starts on
    and the decoding errors inside it; the element is cleared after use."""
    parser = ET.XMLPullParser(events=("start", "end"))
    starts: list[tuple[int, list[str]]] = []
    errors: list[str] = []
    number = 0
    for line in lines:
        number = line.number
        if line.decode_error:
            errors.append(f"line {line.number}: {line.decode_error}")
        try:
            parser.feed(line.text + "\n")
            events = list(parser.read_events())
        except ET.ParseError as exc:
            raise FileProblem(
                file,
                f"not well-formed XML: {exc}; the rest of the file was not read",
                line=line.number,
            ) from exc
        for event, element in events:
            if element.tag not in record_tags:
                continue
            if event == "start":
                starts.append((line.number, []))
                errors.clear()
            else:
                start, _ = starts.pop() if starts else (line.number, [])
                yield element, start, list(errors)
                errors.clear()
                element.clear()
    try:
        parser.close()
    except ET.ParseError as exc:
        raise FileProblem(file, f"the XML ends early: {exc}", line=number) from exc


def _text(element: ET.Element | None) -> str:
    return clean_text("".join(element.itertext())) if element is not None else ""


def _atom_entry(entry: ET.Element) -> dict[str, Any]:
    entry_id = _text(entry.find(f"{ATOM}id"))
    title = _text(entry.find(f"{ATOM}title"))
    if "/api/errors" in entry_id or (title == "Error" and "arxiv.org/abs/" not in entry_id):
        raise RecordError(f"the arXiv API returned an error: {_text(entry.find(f'{ATOM}summary'))}")
    arxiv_id = _arxiv_id(entry_id)
    url = None
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel") == "alternate":
            url = link.get("href")
    primary = entry.find(f"{ARXIV_ATOM}primary_category")
    extra = {
        "categories": [c.get("term") for c in entry.findall(f"{ATOM}category") if c.get("term")],
        "primary_category": primary.get("term") if primary is not None else None,
        "comment": _text(entry.find(f"{ARXIV_ATOM}comment")) or None,
        "journal_ref": _text(entry.find(f"{ARXIV_ATOM}journal_ref")) or None,
        "updated": _text(entry.find(f"{ATOM}updated")) or None,
        "affiliations": [_text(a) for a in entry.iter(f"{ARXIV_ATOM}affiliation")] or None,
    }
    return {
        "id": f"arxiv:{arxiv_id}",
        "arxiv_id": arxiv_id,
        "title": title,
        "abstract": _text(entry.find(f"{ATOM}summary")),
        "authors": [
            _text(a.find(f"{ATOM}name"))
            for a in entry.findall(f"{ATOM}author")
            if _text(a.find(f"{ATOM}name"))
        ],
        "date": (_text(entry.find(f"{ATOM}published")) or "")[:10] or None,
        "doi": _text(entry.find(f"{ARXIV_ATOM}doi")) or None,
        "url": url or f"https://arxiv.org/abs/{arxiv_id}",
        "extra": {key: value for key, value in extra.items() if value not in (None, [], "")},
    }


def _records(
    lines: Iterable[Line],
    file: str,
    fmt: str,
    tags: set[str],
    convert: Callable[[ET.Element], dict[str, Any]],
) -> Iterator[Paper | Reject]:
    for element, start, errors in _pull(lines, file, tags):
        raw = ET.tostring(element, encoding="unicode")[:20_000]
        if errors:
            yield Reject(file, start, "; ".join(errors), raw)
            continue
        try:
            yield make_paper(convert(element), SourceRef(file, start, fmt))
        except RecordError as exc:
            yield Reject(file, start, str(exc), raw)


def read_arxiv_atom(lines: Iterable[Line], file: str) -> Iterator[Paper | Reject]:
    """The entries of an arXiv API Atom feed (the current and the legacy format)."""
    return _records(lines, file, FORMAT_ATOM, {f"{ATOM}entry"}, _atom_entry)


def _oai_record(record: ET.Element) -> dict[str, Any]:
    header = record.find(f"{OAI}header")
    if header is not None and header.get("status") == "deleted":
        raise RecordError(f"deleted record {_text(header.find(f'{OAI}identifier'))}")
    raw = record.find(f".//{OAI_RAW}arXivRaw")
    meta = raw if raw is not None else record.find(f".//{OAI_ARXIV}arXiv")
    if meta is None:
        raise RecordError("the record has no arXiv or arXivRaw metadata")
    ns = OAI_RAW if raw is not None else OAI_ARXIV
    arxiv_id = _arxiv_id(_text(meta.find(f"{ns}id")))
    if raw is not None:
        versions = [
            {"version": v.get("version"), "date": _text(v.find(f"{ns}date"))}
            for v in meta.findall(f"{ns}version")
        ]
        authors = split_authors(_text(meta.find(f"{ns}authors")))
        date = _v1_date(versions)
    else:
        versions = []
        authors = []
        for author in meta.iter(f"{ns}author"):
            parts = [
                _text(author.find(f"{ns}{part}")) for part in ("forenames", "keyname", "suffix")
            ]
            name = _decode_latex(" ".join(part for part in parts if part))
            if name:
                authors.append(name)
        date = _text(meta.find(f"{ns}created")) or None
    extra = {
        "categories": _text(meta.find(f"{ns}categories")).split() or None,
        "comments": _text(meta.find(f"{ns}comments")) or None,
        "journal_ref": _text(meta.find(f"{ns}journal-ref")) or None,
        "license": _text(meta.find(f"{ns}license")) or None,
        "versions": len(versions) or None,
        "updated": _text(meta.find(f"{ns}updated")) or None,
    }
    return {
        "id": f"arxiv:{arxiv_id}",
        "arxiv_id": arxiv_id,
        "title": _text(meta.find(f"{ns}title")),
        "abstract": _text(meta.find(f"{ns}abstract")),
        "authors": authors,
        "date": date,
        "doi": _text(meta.find(f"{ns}doi")) or None,
        "url": f"https://arxiv.org/abs/{arxiv_id}",
        "extra": {key: value for key, value in extra.items() if value not in (None, [], "")},
    }


def read_arxiv_oai(lines: Iterable[Line], file: str) -> Iterator[Paper | Reject]:
    """The records of an arXiv OAI-PMH response (``arXiv`` or ``arXivRaw`` format)."""
    return _records(lines, file, FORMAT_OAI, {f"{OAI}record"}, _oai_record)
