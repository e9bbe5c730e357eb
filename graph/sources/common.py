"""What the bibliographic readers share: one place that turns a mapped record into a
:class:`~graph.paper.Paper` with its ids in canonical form, and streaming helpers for
JSON documents (an object, an array, a page wrapping ``results`` or ``data``) and JSON
Lines.

Every reader of a source family (:mod:`graph.sources.openalex`,
:mod:`graph.sources.semanticscholar`, ...) maps the source's fields to papergraph's
names and calls :func:`make_paper`; a record that cannot be a paper comes out as a
:class:`~graph.sources.records.Reject` with its reason, so that
``read == written + merged + rejected`` holds for every file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

import ijson

from graph.paper import Paper, SourceRef, normalize_arxiv_id, normalize_doi
from graph.sources.identity import arxiv_from_doi, canonical_key
from graph.sources.records import RecordError, Reject, hostile_value, paper_from_mapping
from graph.sources.tabular import json_line_records
from graph.sources.textio import FileProblem, Line

__all__ = [
    "Converter",
    "ProgressStream",
    "clean_text",
    "convert",
    "make_paper",
    "read_generic_document",
    "read_json_document",
    "read_json_lines",
]

# A converter turns one source record into papergraph's mapping (or raises RecordError).
Converter = Callable[[Any], dict[str, Any]]

_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"</?(?:jats:)?[a-zA-Z][^<>]{0,200}>")


def clean_text(value: Any) -> str:
    """Text with runs of whitespace folded and stray markup tags (JATS, HTML) removed.

    >>> clean_text("  <jats:p>Deep\\n  nets</jats:p> ")
    'Deep nets'
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return _SPACES.sub(" ", _TAGS.sub(" ", value)).strip()


def make_paper(mapped: dict[str, Any], source: SourceRef) -> Paper:
    """A paper from ``mapped`` (papergraph field names; ``ids`` lists every other id the
    source gave), with arXiv ids, DOIs and ``alt_ids`` in canonical form.

    The arXiv DOI (``10.48550/arXiv.X``) names the arXiv record, so it becomes the
    arXiv id and not the paper's DOI (a journal DOI and the arXiv DOI of one paper
    must not look like two papers). Raises ``RecordError`` as
    :func:`~graph.sources.records.paper_from_mapping` does.

    >>> p = make_paper({"id": "openalex:W1", "title": "T", "doi": "https://doi.org/10.48550/arXiv.1706.03762",
    ...                 "ids": ["https://doi.org/10.48550/arXiv.1706.03762", "corpusid:5"]},
    ...                SourceRef("w.json", None, "openalex"))
    >>> p.arxiv_id, p.doi, p.alt_ids
    ('1706.03762', None, ['corpusid:5'])
    """
    record = dict(mapped)
    ids = [str(i) for i in record.pop("ids", None) or [] if i]
    doi = record.pop("doi", None)
    arxiv = record.pop("arxiv_id", None)
    paper = paper_from_mapping(record, source)
    doi_text = normalize_doi(doi) if isinstance(doi, str) else None
    paper.arxiv_id = (normalize_arxiv_id(arxiv) if isinstance(arxiv, str) else None) or (
        paper.arxiv_id or arxiv_from_doi(doi_text)
    )
    paper.doi = None if arxiv_from_doi(doi_text) else doi_text or paper.doi
    own = {canonical_key(paper.id), f"arxiv:{paper.arxiv_id}", f"doi:{paper.doi}", paper.id}
    alt: list[str] = []
    for given in ids:
        key = canonical_key(given) or given
        if key.startswith("arxiv:") and not paper.arxiv_id:
            paper.arxiv_id = key.removeprefix("arxiv:")
            own.add(key)
        elif key.startswith("doi:") and not paper.doi:
            paper.doi = key.removeprefix("doi:")
            own.add(key)
        if key not in own and key not in alt:
            alt.append(key)
    paper.alt_ids = [*paper.alt_ids, *alt]
    return paper


def convert(
    record: Any,
    converter: Converter,
    file: str,
    line: int | None,
    fmt: str,
    number: int | None = None,
) -> Paper | Reject:
    """``converter(record)`` made into a paper, or a reject with the reason (which starts
    ``record N: `` when there is no line but the record's ``number``)."""
    where = f"record {number}: " if line is None and number is not None else ""
    try:
        if not isinstance(record, dict):
            raise RecordError(f"expected a JSON object, got {type(record).__name__}")
        if problem := hostile_value(record):  # before a converter walks it (deep nesting)
            raise RecordError(problem)
        return make_paper(converter(record), SourceRef(file, line, fmt, number))
    except RecordError as exc:
        return Reject(file, line, f"{where}{exc}", record)  # Reject makes raw writable
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        return Reject(file, line, f"{where}malformed record: {type(exc).__name__}: {exc}", record)


def read_json_lines(
    lines: Iterable[Line], file: str, fmt: str, converter: Converter
) -> Iterator[Paper | Reject]:
    """One record per non-blank line, converted by ``converter``; a line that is not
    JSON is rejected with its line number."""
    for item in json_line_records(lines, file):
        if isinstance(item, Reject):
            yield item
        else:
            line, record = item
            yield convert(record, converter, file, line.number, fmt)


WRAPPERS = ("results", "data")


def iter_json_records(stream: BinaryIO, file: str) -> Iterator[Any]:
    """The records of a JSON document, streamed with ijson: the items of a top-level
    array, of a top-level ``results`` or ``data`` array (a page), or else the one
    top-level object itself. Raises :class:`FileProblem` on a syntax error (after the
    records before it).

    >>> import io
    >>> page = b'{"meta": {"n": 2}, "results": [{"a": 1}, {"a": 2}]}'
    >>> list(iter_json_records(io.BytesIO(page), "p.json"))
    [{'a': 1}, {'a': 2}]
    >>> paper = b'{"paperId": "x", "authors": [{"name": "A"}]}'
    >>> list(iter_json_records(io.BytesIO(paper), "p.json"))
    [{'paperId': 'x', 'authors': [{'name': 'A'}]}]
    """
    events = ijson.parse(stream, use_float=True)
    try:
        first = next(events, None)
        if first is None:
            return
        _, event, _ = first
        if event == "start_array":
            yield from _items(events)
        elif event == "start_map":
            top: dict[str, Any] = {}
            wrapped = False
            for _, event, value in events:
                if event != "map_key":
                    break  # the end of the top-level object
                _, kind, first_value = next(events)
                if value in WRAPPERS and kind == "start_array":
                    wrapped = True
                    yield from _items(events)
                else:
                    top[value] = _build(events, kind, first_value)
            if not wrapped:
                yield top
        else:
            raise FileProblem(file, f"the JSON document is a bare {event}, not records")
    except ijson.JSONError as exc:
        reason = (str(exc).strip().splitlines() or ["syntax error"])[0].strip()  # yajl: 3 lines
        raise FileProblem(
            file, f"not valid JSON: {reason}; the rest of the file was not read"
        ) from exc
    except UnicodeDecodeError as exc:
        raise FileProblem(
            file,
            f"byte 0x{exc.object[exc.start]:02x} is not valid UTF-8 (JSON documents must be "
            "UTF-8); the rest of the file was not read",
        ) from exc


def _build(events: Iterator[tuple[str, str, Any]], kind: str, first: Any) -> Any:
    """The value that starts with event ``kind`` (the rest read from ``events``)."""
    if kind not in ("start_map", "start_array"):
        return first
    builder = ijson.ObjectBuilder()
    builder.event(kind, first)
    depth = 1
    for _, event, value in events:
        builder.event(event, value)
        if event in ("start_map", "start_array"):
            depth += 1
        elif event in ("end_map", "end_array"):
            depth -= 1
            if depth == 0:
                break
    return builder.value


def _items(events: Iterator[tuple[str, str, Any]]) -> Iterator[Any]:
    """The items of an array whose ``start_array`` was just read."""
    for _, event, value in events:
        if event == "end_array":
            return
        yield _build(events, event, value)


def read_json_document(
    stream: BinaryIO, file: str, fmt: str, converter: Converter
) -> Iterator[Paper | Reject]:
    """The records of a JSON document (:func:`iter_json_records`), each converted; a
    record's place is its position (``record 3``), as JSON documents have no lines."""
    for number, record in enumerate(iter_json_records(stream, file), 1):
        yield convert(record, converter, file, None, fmt, number)


def _own_names(record: dict[str, Any]) -> dict[str, Any]:
    return dict(record)


def read_generic_document(stream: BinaryIO, file: str) -> Iterator[Paper | Reject]:
    """A JSON object, or a page wrapping ``results``/``data``, of records in papergraph's
    own field names (as JSON Lines records are read)."""
    return read_json_document(stream, file, "json-doc", _own_names)


class ProgressStream:
    """A binary stream that reports the bytes read so far to ``on_progress``."""

    def __init__(self, stream: BinaryIO, on_progress: Callable[[int], None] | None) -> None:
        self.stream = stream
        self.on_progress = on_progress
        self.done = 0
        self.reported = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.done += len(chunk)
        if self.on_progress is not None and (not chunk or self.done - self.reported >= 1 << 20):
            self.on_progress(self.done)
            self.reported = self.done
        return chunk
