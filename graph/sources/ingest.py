"""Ingest: read any number of inputs into one clean, de-duplicated list of papers.

Nothing is lost silently. Every record read ends up as a paper, merged into a
paper, or rejected with its file, line and reason, so that
``read == written + merged + rejected`` always holds (:attr:`IngestResult.balanced`).
Problems with whole files (unreadable, empty, a CSV without the needed columns)
are collected in :attr:`IngestResult.problems`.

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> path = os.path.join(d, "p.jsonl")
    >>> with open(path, "w") as f:
    ...     _ = f.write('{"title": "GloVe"}\\n{"title": "glove"}\\n{"x": 1}\\n')
    >>> result = ingest([path])
    >>> result.read, len(result.papers), result.merged, len(result.rejects), result.balanced
    (3, 1, 1, 1, True)
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import atomic
from graph.memory import gc_paused
from graph.paper import Paper
from graph.sources import FileProblem, Reject, detect_format, read_papers
from graph.sources.dedup import Deduplicator
from graph.sources.detect import UnknownFormat
from graph.sources.textio import printable_path

__all__ = [
    "FoundInputs",
    "IngestResult",
    "InputStats",
    "expand_inputs",
    "find_inputs",
    "ingest",
    "read_jsonl",
    "write_jsonl",
]


@dataclass(slots=True)
class InputStats:
    """What one input gave: records read, title-only records, rejects, and a file problem."""

    file: str
    format: str
    read: int = 0
    title_only: int = 0
    rejected: int = 0
    problem: str | None = None


@dataclass(slots=True)
class IngestResult:
    """The outcome of :func:`ingest`."""

    papers: list[Paper] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    inputs: list[InputStats] = field(default_factory=list)
    merged: int = 0

    @property
    def read(self) -> int:
        return sum(stats.read for stats in self.inputs)

    @property
    def title_only(self) -> int:
        return sum(1 for paper in self.papers if paper.title_only)

    @property
    def balanced(self) -> bool:
        """``read == written + merged + rejected``: the accounting that proves nothing was lost."""
        return self.read == len(self.papers) + self.merged + len(self.rejects)


@dataclass(slots=True)
class FoundInputs:
    """The inputs :func:`find_inputs` found: each file to read with its format, and one
    sentence per file inside a directory that no reader takes (the file and why)."""

    files: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def paths(self) -> list[str]:
        """The files to read, in order."""
        return [path for path, _ in self.files]


def find_inputs(paths: Iterable[str | Path], format: str | None = None) -> FoundInputs:
    """The files to read, directories replaced by the readable files inside them (sorted),
    each with its format (``format``, else told from its content): each file is sniffed
    once, and :func:`ingest` takes the result as it is.

    Raises ``ValueError`` naming the path for a missing path, a directory that
    holds no file of a known format, or (when ``format`` is not given) a file
    whose format the content does not tell.

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> for name, content in [("p.jsonl", '{"title": "T"}\\n'), ("paper.pdf", "%PDF-1.7")]:
    ...     with open(os.path.join(d, name), "w") as f:
    ...         _ = f.write(content)
    >>> found = find_inputs([d])
    >>> [(os.path.basename(path), fmt) for path, fmt in found.files]
    [('p.jsonl', 'jsonl')]
    >>> [line[len(d) + 1 :].split(";")[0] for line in found.skipped]
    ['paper.pdf: a PDF file']
    """
    found = FoundInputs()
    for path in map(str, paths):
        if path == "-":
            if format is None:
                raise ValueError("-: standard input needs --format")
            found.files.append((path, format))
        elif os.path.isdir(path):
            inside = []
            for name in sorted(os.listdir(path)):
                full = os.path.join(path, name)
                try:
                    detected = detect_format(full)
                except UnknownFormat as exc:  # raised from a file's content only
                    found.skipped.append(str(exc))
                    continue
                except ValueError:  # a directory or device with no known extension
                    continue
                if os.path.isfile(full):
                    inside.append((full, format or detected))
            if not inside:
                raise ValueError(f"{path}: directory holds no input file of a known format")
            found.files.extend(inside)
        elif not os.path.exists(path):
            raise ValueError(f"{path}: no such file")
        else:
            found.files.append((path, format or detect_format(path)))
    return found


def expand_inputs(paths: Iterable[str | Path], format: str | None = None) -> list[str]:
    """Input paths with directories replaced by the readable files inside them, sorted
    (the paths of :func:`find_inputs`).

    >>> expand_inputs(["-"], format="jsonl")
    ['-']
    """
    return find_inputs(paths, format).paths


@gc_paused()  # a million papers read set off collection after collection
def ingest(
    paths: Iterable[str | Path] | FoundInputs,
    format: str | None = None,
    encoding: str = "utf-8",
    on_progress: Callable[[str, int], None] | None = None,
) -> IngestResult:
    """Read every input, de-duplicate, and account for every record.

    ``paths`` are files and directories (see :func:`find_inputs`), or what
    :func:`find_inputs` found, read as found. ``format`` overrides detection for all
    inputs. ``on_progress`` is called with ``(file, bytes_read)`` as files are read.
    """
    found = paths if isinstance(paths, FoundInputs) else find_inputs(paths, format)
    result = IngestResult()
    dedup = Deduplicator()
    for path, fmt in found.files:
        stats = InputStats(file=printable_path(path), format=fmt)
        result.inputs.append(stats)
        progress = (lambda done, p=path: on_progress(p, done)) if on_progress else None
        try:
            for record in read_papers(path, fmt, encoding, progress):
                stats.read += 1
                if isinstance(record, Paper):
                    stats.title_only += record.title_only
                    record = dedup.add(record)
                if isinstance(record, Reject):
                    stats.rejected += 1
                    result.rejects.append(record)
        except FileProblem as problem:
            stats.problem = problem.reason
            result.problems.append(problem)
        else:
            if stats.read == 0:
                problem = FileProblem(stats.file, "empty file: no records found")
                stats.problem = problem.reason
                result.problems.append(problem)
    result.papers = dedup.finish()
    result.merged = dedup.merged
    return result


def write_jsonl(rows: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write ``rows`` as JSON Lines to ``path`` atomically; return the count.

    ``"-"`` writes to standard output. See :func:`graph.atomic.write_jsonl`.
    """
    return atomic.write_jsonl(rows, path)


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """The objects of a JSON Lines file such as :func:`write_jsonl` writes, skipping
    blank lines; raises ``ValueError`` naming the file and line of one that is not JSON.

    For files papergraph made (an output directory, a gold set); inputs from
    elsewhere go through :func:`ingest`, which rejects bad records instead.

        >>> import tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "rows.jsonl")
        >>> _ = write_jsonl([{"id": "a"}, {"id": "b"}], path)
        >>> [row["id"] for row in read_jsonl(path)]
        ['a', 'b']
    """
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: not valid JSON: {exc.msg}") from exc
