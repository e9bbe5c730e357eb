"""Paper sources: listing pages, JSON Lines, JSON arrays and CSV, and the bibliographic
sources (OpenAlex, Semantic Scholar, arXiv, Hugging Face daily papers, BibTeX, RIS, Web of
Science, publisher CSVs), read into papers.

The format of an existing file comes from its content (:mod:`graph.sources.detect`);
for a path that does not exist (yet) from its extension (``.gz`` is looked through);
or it is named explicitly::

    >>> from graph.sources import detect_format
    >>> detect_format("seeds/page.txt"), detect_format("dump.jsonl.gz")
    ('hf-listing', 'jsonl')

:func:`read_papers` streams one file; records that cannot be papers come out as
:class:`Reject`; a file that cannot be read (further) raises :class:`FileProblem`.
De-duplication across files is :mod:`graph.sources.ingest`'s job.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import BinaryIO

from graph.paper import Paper
from graph.sources import arxiv, bibliographic, huggingface, openalex, semanticscholar
from graph.sources.common import ProgressStream, read_generic_document
from graph.sources.detect import UnknownFormat, sniff_format
from graph.sources.listing import read_listing
from graph.sources.publisher_csv import PROFILES, read_publisher_csv
from graph.sources.records import RecordError, Reject, paper_from_mapping
from graph.sources.tabular import read_csv, read_json_array, read_jsonl
from graph.sources.textio import FileProblem, Line, open_binary, printable_path, read_lines

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "STREAM_FORMATS",
    "FileProblem",
    "RecordError",
    "Reject",
    "UnknownFormat",
    "detect_format",
    "paper_from_mapping",
    "read_papers",
]

Reader = Callable[[Iterator[Line], str], Iterator[Paper | Reject]]

FORMATS: dict[str, Reader] = {
    "hf-listing": read_listing,
    "jsonl": read_jsonl,
    "json": read_json_array,
    "csv": read_csv,
    "tsv": partial(read_csv, delimiter="\t"),
    "openalex-jsonl": openalex.read_openalex_jsonl,
    "s2-jsonl": semanticscholar.read_semantic_scholar_jsonl,
    "arxiv-jsonl": arxiv.read_arxiv_snapshot,
    "hf-daily-jsonl": huggingface.read_daily_papers_jsonl,
    "arxiv-atom": arxiv.read_arxiv_atom,
    "arxiv-oai": arxiv.read_arxiv_oai,
    "bibtex": bibliographic.read_bibtex,
    "ris": bibliographic.read_ris,
    "wos": bibliographic.read_wos,
    **{name: partial(read_publisher_csv, fmt=name) for name in PROFILES},
}

# Readers of whole JSON documents (an object, an array, a results/data page), streamed
# from the bytes with ijson rather than line by line.
StreamReader = Callable[[BinaryIO, str], Iterator[Paper | Reject]]
STREAM_FORMATS: dict[str, StreamReader] = {
    "openalex": openalex.read_openalex,
    "s2": semanticscholar.read_semantic_scholar,
    "hf-daily": huggingface.read_daily_papers,
    "arxiv-json": arxiv.read_arxiv_snapshot_document,
    "json-doc": read_generic_document,
}

EXTENSIONS: dict[str, str] = {
    ".txt": "hf-listing",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".bib": "bibtex",
    ".ris": "ris",
    ".atom": "arxiv-atom",
}


def detect_format(path: str | Path) -> str:
    """The format name for ``path``: from its content when it is an existing file
    (:func:`graph.sources.detect.sniff_format`), else from its extension; ``ValueError``
    (an :class:`~graph.sources.detect.UnknownFormat` for content) when no reader fits."""
    if str(path) != "-" and Path(path).is_file():
        return sniff_format(path)
    name = Path(path).name.casefold()
    if name.endswith(".gz"):
        name = name[:-3]
    suffix = Path(name).suffix
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    known = ", ".join(f"{ext} ({fmt})" for ext, fmt in EXTENSIONS.items())
    shown = suffix or "no extension"
    raise ValueError(
        f"{path}: unknown input format ({shown}); known: {known}; or name one with --format"
    )


def read_papers(
    path: str | Path,
    format: str | None = None,
    encoding: str = "utf-8",
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[Paper | Reject]:
    """Stream the records of one input file; ``"-"`` is standard input (needs ``format``).

    Yields :class:`Paper` and :class:`Reject` in file order. Raises
    :class:`FileProblem` when the file cannot be opened or read further, and
    ``ValueError`` for an unknown format. ``on_progress`` is called now and then
    with the number of bytes read so far.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
    ...     _ = f.write('{"id": "p1", "title": "GloVe", "abstract": "Vectors."}\\n')
    >>> [p.id for p in read_papers(f.name)]
    ['p1']
    >>> os.unlink(f.name)
    """
    name = str(path)
    label = printable_path(name)  # how records and problems name the file
    fmt = format or detect_format(name)
    if fmt not in FORMATS and fmt not in STREAM_FORMATS:
        known = ", ".join([*FORMATS, *STREAM_FORMATS])
        raise ValueError(f"unknown format {fmt!r}; known: {known}")
    if name == "-":
        stream = sys.stdin.buffer
        yield from _dispatch(fmt, stream, "<stdin>", encoding, on_progress)
        return
    if Path(name).is_dir():
        raise FileProblem(label, "is a directory, not a file")
    try:
        stream = open_binary(name)
    except FileProblem as problem:
        raise FileProblem(label, problem.reason) from problem
    with stream:
        yield from _dispatch(fmt, stream, label, encoding, on_progress)


def _dispatch(
    fmt: str, stream: BinaryIO, name: str, encoding: str, on_progress: Callable[[int], None] | None
) -> Iterator[Paper | Reject]:
    if fmt in STREAM_FORMATS:
        try:
            yield from STREAM_FORMATS[fmt](ProgressStream(stream, on_progress), name)  # type: ignore[arg-type]
        except (OSError, EOFError) as exc:
            raise FileProblem(name, f"read failed: {exc}") from exc
        return
    yield from FORMATS[fmt](read_lines(stream, name, encoding, on_progress), name)
