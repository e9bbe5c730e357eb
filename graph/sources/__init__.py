"""Paper sources: listing pages, JSON Lines, JSON arrays and CSV, read into papers.

The format comes from the file's extension (``.gz`` is looked through) or is
named explicitly::

    >>> from graph.sources import detect_format
    >>> detect_format("seeds/page.txt"), detect_format("dump.jsonl.gz")
    ('hf-listing', 'jsonl')

:func:`read_papers` streams one file; records that cannot be papers come out as
:class:`Reject`; a file that cannot be read (further) raises :class:`FileProblem`.
De-duplication across files is :mod:`graph.ingest`'s job.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from graph.paper import Paper
from graph.sources.listing import read_listing
from graph.sources.records import RecordError, Reject, paper_from_mapping
from graph.sources.tabular import read_csv, read_json_array, read_jsonl
from graph.sources.textio import FileProblem, Line, open_binary, printable_path, read_lines

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "FileProblem",
    "RecordError",
    "Reject",
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
}

EXTENSIONS: dict[str, str] = {
    ".txt": "hf-listing",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
}


def detect_format(path: str | Path) -> str:
    """The format name for ``path`` from its extension; ``ValueError`` if unknown."""
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
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    if name == "-":
        stream = sys.stdin.buffer
        yield from FORMATS[fmt](read_lines(stream, "<stdin>", encoding, on_progress), "<stdin>")
        return
    if Path(name).is_dir():
        raise FileProblem(label, "is a directory, not a file")
    try:
        stream = open_binary(name)
    except FileProblem as problem:
        raise FileProblem(label, problem.reason) from problem
    with stream:
        yield from FORMATS[fmt](read_lines(stream, label, encoding, on_progress), label)
