"""Progress bars shared by the subcommands (rich, on standard error, only on a terminal)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

__all__ = ["byte_progress", "count_mentions", "paper_progress"]


def paper_progress(console: Console, what: str, quiet: bool) -> Progress:
    """A bar counting papers (``what``: "extracting"), shown only on a terminal."""
    return Progress(
        TextColumn(f"[bold]{what}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=quiet or not console.is_terminal,
    )


def count_mentions(counts: dict[str, int], record: dict) -> None:
    """Add a mentions record to ``counts``: one per kind, and ``proposed``."""
    for mention in record["mentions"]:
        counts[mention["kind"]] += 1
        counts["proposed"] += mention["role"] == "proposed"


@contextmanager
def byte_progress(
    console: Console, paths: list[str], disable: bool = False
) -> Iterator[Callable[[str, int], None]]:
    """A bar over the total size of ``paths``; yields ``advance(path, bytes_read_in_path)``.

    Sizes of compressed files are their compressed size, so their bar is an
    estimate; standard input has no size and no bar.
    """
    sizes = {p: os.path.getsize(p) for p in paths if p != "-" and not p.endswith(".gz")}
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=disable or not console.is_terminal,
    )
    done: dict[str, int] = {}
    with progress:
        task = progress.add_task("reading", total=sum(sizes.values()) or None)

        def advance(path: str, bytes_read: int) -> None:
            done[path] = min(bytes_read, sizes.get(path, bytes_read))
            progress.update(task, completed=sum(done.values()), description=os.path.basename(path))

        yield advance
