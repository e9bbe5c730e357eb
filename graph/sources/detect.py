"""Format detection by content: which reader a file needs, whatever its extension says.

The first 64 KiB of the file (through gzip for ``.gz``) decide:

* JSON: a document (an object, an array, a page wrapping ``results`` or ``data``) or
  JSON Lines (one object a line); the keys of the first record tell OpenAlex, Semantic
  Scholar (Graph API or S2ORC/datasets), the arXiv snapshot, Hugging Face daily papers,
  or papergraph's own records.
* XML: an arXiv API Atom feed or an arXiv OAI-PMH response.
* Tagged text: BibTeX, RIS, Web of Science plain text.
* CSV/TSV: a publisher's export by its header names, or a CSV naming a title column.
* A Hugging Face listing page copied from the browser (header lines, meta lines).

A file that matches none is refused with one sentence naming it and what it looked
like (:class:`UnknownFormat`), never read as a listing page::

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> page = os.path.join(d, "page.json")
    >>> with open(page, "w") as f:
    ...     _ = f.write('{"meta": {"count": 1}, "results": [{"id": "https://openalex.org/W1"}]}')
    >>> sniff_format(page)
    'openalex'
    >>> titles = os.path.join(d, "titles.txt")
    >>> with open(titles, "w") as f:
    ...     _ = f.write("Attention Is All You Need\\nDeep Residual Learning\\n")
    >>> try:
    ...     sniff_format(titles)
    ... except UnknownFormat as exc:
    ...     message = str(exc)
    >>> message.startswith(f"{titles}: not a format"), "(a list of titles?)" in message
    (True, True)
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import itertools
import json
import re
from pathlib import Path
from typing import Any

import ijson

from graph.sources.common import WRAPPERS, _build
from graph.sources.listing import HEADER_LINES
from graph.sources.publisher_csv import profile_for_header

__all__ = [
    "HEAD_BYTES",
    "UnknownFormat",
    "classify_json_record",
    "sniff_bytes",
    "sniff_format",
]

HEAD_BYTES = 1 << 16


class UnknownFormat(ValueError):
    """A file whose content matches no reader; the message names it and what it looked like."""


def _head(path: str) -> bytes:
    opener: Any = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as stream:
        return stream.read(HEAD_BYTES)


def sniff_format(path: str | Path) -> str:
    """The format name of the file at ``path``, from its content (and, where the content
    fits several, its extension); :class:`UnknownFormat` when no reader fits.

    A file of a known extension whose content cannot be told (it cannot be read, is
    UTF-16, or is a CSV without a title column) gets its extension's format, so that
    the reader reports exactly what is wrong with it."""
    name = str(path)
    try:
        head = _head(name)
    except (OSError, EOFError) as exc:
        return _by_extension(
            name.casefold().removesuffix(".gz"), name, f"a file that cannot be read ({exc})"
        )
    return sniff_bytes(head, name)


def classify_json_record(record: Any) -> str | None:
    """The source family of one JSON record from its keys, or ``None`` for papergraph's
    own (or an unknown) shape.

    >>> classify_json_record({"paperId": "x", "title": "T"})
    's2'
    >>> classify_json_record({"id": "2401.1", "versions": [], "update_date": "2024"})
    'arxiv'
    """
    if not isinstance(record, dict):
        return None
    keys = {str(key) for key in record}
    folded = {key.casefold() for key in keys}
    record_id = str(record.get("id") or "")
    if (
        "openalex.org/W" in record_id
        or {"abstract_inverted_index", "authorships", "referenced_works"} & keys
    ):
        return "openalex"
    if isinstance(record.get("paper"), dict) and {"id", "title"} <= set(record["paper"]):
        return "hf-daily"
    if {"citedpaper", "citingpaper"} & folded:
        return "s2"
    if "paperid" in folded or "corpusid" in folded:  # the API, or the S2 datasets
        return "s2"
    if "paper_id" in keys and ({"outbound_citations", "inbound_citations", "s2_url"} & keys):
        return "s2"
    if "id" in keys and ("versions" in keys or "update_date" in keys or "submitter" in keys):
        return "arxiv"
    daily = {"id", "title", "summary"}
    if daily | {"upvotes"} <= keys or daily | {"publishedAt"} <= keys:
        return "hf-daily"
    return None


def _json_shape(text: str) -> tuple[str, Any]:
    """("lines" | "array" | "object" | "page", first record or None) from a JSON head
    (which may be cut off anywhere: what was read before the cut still counts)."""
    stripped = text.lstrip()
    first_line, _, rest = stripped.partition("\n")
    if stripped.startswith("{"):
        try:
            record = json.loads(first_line)
        except (ValueError, RecursionError):  # JSONDecodeError, too many digits
            record = None
        one_line = isinstance(record, dict) and not rest.strip()
        if one_line and not any(isinstance(record.get(key), list) for key in WRAPPERS):
            return "lines", record  # a single line is JSON Lines too (and a document)
        if isinstance(record, dict) and rest.lstrip().startswith("{"):
            return "lines", record
    # use_float: ijson's C backend (3.6) crashes the interpreter on an integer over
    # Python's 4,300-digit limit unless it parses numbers as floats ("integer overflow")
    head = io.BytesIO(stripped.encode("utf-8", "surrogatepass"))
    events = ijson.parse(head, use_float=True)
    top: dict[str, Any] = {}
    shape = "object"
    try:
        _, event, _ = next(events)
        if event == "start_array":
            shape = "array"
            _, kind, value = next(events)
            return shape, None if kind == "end_array" else _build(events, kind, value)
        for _, event, key in events:
            if event != "map_key":
                break
            _, kind, value = next(events)
            if key in WRAPPERS and kind == "start_array":
                shape = "page"
                _, kind, value = next(events)
                return shape, None if kind == "end_array" else _build(events, kind, value)
            top[key] = None  # seen, even if its value is cut off
            top[key] = _build(events, kind, value)
    except (ijson.JSONError, StopIteration, RecursionError, UnicodeDecodeError):
        pass
    return shape, top or None


_BIBTEX = re.compile(
    r"^\s*@\s*(article|inproceedings|proceedings|misc|book|incollection|"
    r"phdthesis|mastersthesis|techreport|unpublished|online|conference|"
    r"inbook|manual|string|preamble|comment|software|dataset)\s*[{(]",
    re.IGNORECASE | re.MULTILINE,
)
_RIS = re.compile(r"^\r?TY  - ", re.MULTILINE)
_WOS = re.compile(r"^(?:FN .*\n(?:VR .*\n)?)?PT [A-Z]\s*$", re.MULTILINE)
_LISTING_META = re.compile(r"^\s*(?:[•*\-]\s*\d+\s+authors?|·)\s*$", re.IGNORECASE | re.MULTILINE)


def _looks_like_listing(text: str) -> bool:
    """A listing page has a header line or a meta line, or a title block followed by an
    abstract block (one that ends a sentence, spans lines or is long); a list of titles
    has none of these."""
    lines = [line.strip().casefold() for line in text.splitlines()]
    if any(line in HEADER_LINES for line in lines) or _LISTING_META.search(text):
        return True
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    if len(blocks) == 1 and "\n" not in blocks[0] and len(blocks[0]) <= 300:
        return True  # one title and nothing else: a title-only entry, not a list of titles
    for title, abstract in itertools.pairwise(blocks):
        one_line_title = "\n" not in title and len(title) <= 300
        abstract_like = abstract.endswith(".") or "\n" in abstract or len(abstract) > 300
        if one_line_title and abstract_like and len(abstract) > len(title):
            return True
    return False


def sniff_bytes(head: bytes, name: str = "<input>") -> str:
    """The format name for a file starting with ``head`` (see the module docstring)."""
    lowered = name.casefold().removesuffix(".gz")
    not_text = _not_text(head, lowered, name)
    if not_text is not None:
        return not_text
    text = head.decode("utf-8", errors="replace").removeprefix("\ufeff")
    stripped = text.lstrip()
    if not stripped:
        return _by_extension(lowered, name, "an empty file")
    if stripped[0] in "<{[":
        try:
            return (_xml_format if stripped[0] == "<" else _json_format)(stripped, name)
        except UnknownFormat:
            if Path(lowered).suffix in (".jsonl", ".ndjson"):
                return "jsonl"  # a bad first line: the reader rejects it and reads on
            raise
    if _BIBTEX.search(text) and (lowered.endswith(".bib") or stripped.startswith(("@", "%"))):
        return "bibtex"
    if _RIS.search(text[:4000]):
        return "ris"
    if _WOS.search(text[:4000]):
        return "wos"
    table = _table_format(text.split("\n", 1)[0].rstrip("\r"))
    return table if table is not None else _plain_text_format(text, lowered, name)


def _not_text(head: bytes, lowered: str, name: str) -> str | None:
    """``None`` for a file that starts as UTF-8 text would; the format its name gives a
    UTF-16 file (whose reader refuses it); :class:`UnknownFormat` for PDF, gzip under
    another name, zip and other binary files."""
    if head.startswith(b"%PDF"):
        raise UnknownFormat(
            f"{name}: a PDF file; papergraph reads paper metadata, not PDFs "
            "(export the papers' records from where you found them)"
        )
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        advice = "convert it to UTF-8 first: iconv -f UTF-16 -t UTF-8 IN > OUT"
        return _by_extension(lowered, name, f"a UTF-16 file ({advice})")
    if head.startswith(b"\x1f\x8b"):
        raise UnknownFormat(f"{name}: gzip-compressed but not named .gz; rename it to end in .gz")
    if head[:4] == b"PK\x03\x04" or head.count(b"\x00") > len(head) // 10:
        # a zip container (docx, xlsx), or mostly NUL bytes: a stray NUL in a text file
        # is the reader's to reject with its record
        raise UnknownFormat(f"{name}: a binary file, not text papergraph can read")
    return None


def _table_format(first_line: str) -> str | None:
    """The format of a file whose first line is ``first_line``, when that is the header
    of a publisher's export or a CSV/TSV table with a title, abstract or summary column."""
    for delimiter in ("\t", ","):
        if delimiter in first_line:
            try:
                header = next(csv.reader([first_line], delimiter=delimiter))
            except csv.Error:
                continue
            publisher = profile_for_header(header, delimiter)
            if publisher:
                return publisher
            folded = {cell.strip().casefold() for cell in header}
            if folded & {"title", "abstract", "summary"} and len(header) > 1:
                return "tsv" if delimiter == "\t" else "csv"
    return None


def _plain_text_format(text: str, lowered: str, name: str) -> str:
    """The format of text that is no structured export: a listing page when named as
    plain text, else the format its name gives (whose reader says what is wrong);
    :class:`UnknownFormat` saying what the text looks like otherwise."""
    suffix = Path(lowered).suffix
    if suffix in ("", ".txt", ".text") and _looks_like_listing(text):
        return "hf-listing"  # the weakest signal: only for files named as plain text
    if suffix in (".csv", ".tsv", ".json", ".jsonl", ".ndjson"):
        return _by_extension(lowered, name, "")  # its reader says what is wrong with it
    lines = [line for line in text.splitlines() if line.strip()]
    if suffix not in ("", ".txt", ".text"):
        raise UnknownFormat(
            f"{name}: not a format papergraph reads: text that is no JSON, "
            "XML, BibTeX, RIS, Web of Science or CSV export, and not named "
            ".txt as listing pages are"
        )
    what = f"{len(lines)} lines of plain text with no listing header, abstract or meta line"
    if lines and max(len(line) for line in lines) < 300:
        what += " (a list of titles?)"
    raise UnknownFormat(
        f"{name}: not a format papergraph reads: {what}; "
        "give papers as JSON Lines or CSV with a title column"
    )


def _by_extension(lowered: str, name: str, what: str) -> str:
    from graph.sources import EXTENSIONS  # the extension table lives with the readers

    suffix = Path(lowered).suffix
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    raise UnknownFormat(f"{name}: not a format papergraph reads: {what}")


def _xml_format(text: str, name: str) -> str:
    opening = text[:3000]
    if "<feed" in opening and "http://www.w3.org/2005/Atom" in opening:
        return "arxiv-atom"
    if "<OAI-PMH" in opening:
        if re.search(r'metadataPrefix="(?:arXiv|arXivRaw)"|<arXiv(?:Raw)?\b', text):
            return "arxiv-oai"
        raise UnknownFormat(
            f"{name}: an OAI-PMH response, but not in the arXiv or arXivRaw "
            "metadata format (ask for metadataPrefix=arXiv)"
        )
    root = re.search(r"<([A-Za-z][\w:.-]*)", re.sub(r"<[?!][^>]*>", "", opening))
    shown = root.group(1) if root else "unknown"
    if shown.casefold() in ("html", "!doctype"):
        raise UnknownFormat(
            f"{name}: an HTML page; save the page's text (or use the site's export) instead"
        )
    raise UnknownFormat(
        f"{name}: XML with root <{shown}>, neither an arXiv Atom feed nor an arXiv OAI-PMH response"
    )


_FAMILY_FORMATS = {
    ("openalex", False): "openalex", ("openalex", True): "openalex-jsonl",
    ("s2", False): "s2", ("s2", True): "s2-jsonl",
    ("arxiv", True): "arxiv-jsonl", ("arxiv", False): "arxiv-json",
    ("hf-daily", False): "hf-daily", ("hf-daily", True): "hf-daily-jsonl",
}  # fmt: skip


def _json_format(text: str, name: str) -> str:
    shape, record = _json_shape(text)
    if shape == "lines" and text.strip().count("\n") == 0 and name.casefold().endswith(".json"):
        shape = "object"  # one object on one line named .json: a document
    # a file named as JSON Lines is read line by line even when its first line is cut
    # short: its reader then rejects that line alone and reads on
    lines = shape == "lines" or name.casefold().removesuffix(".gz").endswith((".jsonl", ".ndjson"))
    try:
        family = classify_json_record(record)
    except RecursionError:  # a first record nested past the interpreter's limit
        family = None
    if family:
        return _FAMILY_FORMATS[family, lines]
    if lines:
        return "jsonl"
    if shape == "array":
        return "json"
    if (
        shape in ("object", "page")
        and isinstance(record, dict)
        and ("title" in record or "abstract" in record)
    ):
        return "json-doc"  # one paper object, or a page of them, in papergraph's own names
    shown = ", ".join(sorted(str(key) for key in (record or {}))[:8]) or "nothing"
    raise UnknownFormat(
        f"{name}: a JSON {'page' if shape == 'page' else 'object'} papergraph does not know "
        f"(keys: {shown}); expected an OpenAlex work or page, a Semantic Scholar paper or "
        "page, Hugging Face daily papers, or an array of paper objects"
    )
