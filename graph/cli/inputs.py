"""What every subcommand that reads papers shares: the input options, reading with a
progress bar, and the report of what was read, merged and rejected."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph.cli.progress import byte_progress
from graph.sources import FORMATS, STREAM_FORMATS
from graph.sources.ingest import IngestResult, find_inputs, ingest, write_jsonl

__all__ = [
    "check_outputs",
    "default_rejects_path",
    "exit_on_problems",
    "finish_inputs",
    "input_options",
    "output_option",
    "read_inputs",
    "report_inputs",
]

SHOWN_REJECTS = 10


def default_rejects_path(output: str) -> str:
    """``out/papers.jsonl`` -> ``out/papers.rejects.jsonl``.

    For standard output: ``papergraph.rejects.jsonl`` in the working directory.
    """
    if output == "-":
        return "papergraph.rejects.jsonl"
    path = Path(output)
    stem = path.name[: -len(".jsonl")] if path.name.endswith(".jsonl") else path.stem
    return str(path.with_name(f"{stem}.rejects.jsonl"))


def _same_file(a: str, b: str) -> bool:
    if a == "-" or b == "-":
        return a == b
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist yet
        return os.path.realpath(a) == os.path.realpath(b)


def check_outputs(outputs: dict[str, str], inputs: Sequence[str]) -> dict[str, str]:
    """Refuse (``click.UsageError``, exit 2, nothing read or written) output paths that
    collide: two outputs naming one file, an output that is one of the inputs, a
    directory, a device or FIFO, or a path under a file. ``outputs`` maps an option
    (``-o``, ``--rejects``) to its path. Returns the paths to write, symbolic links
    resolved so that a link is written through, not replaced.

    >>> check_outputs({"-o": "p.jsonl", "--rejects": "r.jsonl"}, ["in.txt"])
    {'-o': 'p.jsonl', '--rejects': 'r.jsonl'}
    >>> check_outputs({"-o": "p.jsonl", "--rejects": "./p.jsonl"}, ["in.txt"])
    Traceback (most recent call last):
    click.exceptions.UsageError: -o and --rejects both name p.jsonl; give each its own file
    """
    resolved: dict[str, str] = {}
    for option, path in outputs.items():
        for other, earlier in resolved.items():
            if _same_file(path, earlier):
                raise click.UsageError(
                    f"{other} and {option} both name {earlier}; give each its own file"
                )
        for source in inputs:
            if _same_file(path, source):
                raise click.UsageError(
                    f"{option} {path} is also an input; write the output to another file"
                )
        if path != "-":
            if os.path.islink(path):
                path = os.path.realpath(path)
            try:
                mode = os.stat(path).st_mode if os.path.lexists(path) else None
            except OSError as exc:  # a loop of links, a path the user may not look into
                raise click.UsageError(f"{option} {path}: {exc.strerror}") from exc
            if mode is not None and stat.S_ISDIR(mode):
                raise click.UsageError(f"{option} {path} is a directory; name a file in it")
            if mode is not None and not stat.S_ISREG(mode):
                raise click.UsageError(
                    f"{option} {path} is not a regular file (a device, FIFO or socket); "
                    "name a file, or '-' for standard output"
                )
            parent = os.path.dirname(os.path.abspath(path))
            while not os.path.exists(parent):
                parent = os.path.dirname(parent)
            if not os.path.isdir(parent):
                raise click.UsageError(f"{option} {path}: {parent} is a file, not a directory")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise click.UsageError(f"{option} {path}: no permission to write into {parent}")
        resolved[option] = path
    return resolved


def input_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """INPUT..., --rejects, --format, --encoding, --strict and --quiet."""
    options = [
        click.argument("inputs", nargs=-1, required=True, metavar="INPUT..."),
        click.option(
            "--rejects",
            metavar="PATH",
            help="Where to write rejected records with their reasons "
            "[default: next to the output, NAME.rejects.jsonl].",
        ),
        click.option(
            "-f",
            "--format",
            "input_format",
            type=click.Choice(sorted([*FORMATS, *STREAM_FORMATS])),
            help="Read every input as this format instead of telling it from the content.",
        ),
        click.option(
            "--encoding",
            default="utf-8",
            show_default=True,
            help="Text encoding of the inputs (an ASCII-compatible one, e.g. latin-1).",
        ),
        click.option(
            "--strict",
            is_flag=True,
            help="Exit with status 1 if any record is rejected or any file is empty.",
        ),
        click.option("-q", "--quiet", is_flag=True, help="Print no summary, only errors."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def output_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The required ``-o/--output PATH``, where ``what`` is written as JSON Lines."""
    return click.option(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help=f"Where to write {what} as JSON Lines ('-' for standard output).",
    )


def read_inputs(
    console: Console,
    inputs: tuple[str, ...],
    input_format: str | None,
    encoding: str,
    quiet: bool,
    outputs: dict[str, str] | None = None,
) -> IngestResult:
    """Check the inputs and ``outputs`` (see :func:`check_outputs`; usage errors exit 2
    before anything is read) and ingest them, each file's format told once."""
    try:
        found = find_inputs(inputs, input_format)
        if outputs is not None:
            outputs.update(check_outputs(outputs, found.paths))
        "ascii".encode(encoding)
        if "\n".encode(encoding) != b"\n":
            raise ValueError(
                f"encoding {encoding} is not ASCII-compatible; convert the input to UTF-8 first"
            )
    except LookupError as exc:
        raise click.BadParameter(str(exc), param_hint="--encoding") from exc
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if input_format is None:
        for sentence in found.skipped:
            console.print(f"[yellow]skipped:[/] {escape(sentence)}", soft_wrap=True)
    with byte_progress(console, found.paths, disable=quiet) as advance:
        return ingest(found, encoding=encoding, on_progress=advance)


def finish_inputs(
    console: Console,
    result: IngestResult,
    rejects_path: str,
    strict: bool,
    quiet: bool,
    output: str | None,
) -> None:
    """Write the rejects file, report, and exit 1 on unreadable files (or any reject
    with ``strict``). ``output`` is where the papers went, when they were written."""
    reject_rows = [r.to_dict() | {"kind": "record"} for r in result.rejects]
    reject_rows += [
        {"kind": "file", "file": p.file, "line": p.line, "reason": p.reason, "raw": None}
        for p in result.problems
    ]
    write_jsonl(reject_rows, rejects_path)
    report_inputs(console, result, rejects_path, quiet, output)
    exit_on_problems(console, result, strict)


def report_inputs(
    console: Console, result: IngestResult, rejects_path: str, quiet: bool, output: str | None
) -> None:
    """Print what was read, merged and rejected (unless ``quiet``)."""
    if not quiet:
        _print_summary(console, result, output, rejects_path)


def exit_on_problems(console: Console, result: IngestResult, strict: bool) -> None:
    """Name each unreadable file and exit 1 if there is one (or, with ``strict``, any
    reject or empty file)."""
    unreadable = [p for p in result.problems if not p.reason.startswith("empty file")]
    for problem in unreadable:
        console.print(f"[red]error:[/] {escape(str(problem))}", soft_wrap=True)
    if unreadable or (strict and (result.rejects or result.problems)):
        if strict and not unreadable:
            console.print(
                "[red]--strict:[/] records were rejected or files were empty", soft_wrap=True
            )
        sys.exit(1)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _print_summary(
    console: Console, result: IngestResult, output: str | None, rejects_path: str
) -> None:
    table = Table(show_edge=False, pad_edge=False)
    for name in ("input", "format", "read", "title-only", "rejected"):
        table.add_column(
            name, justify="left" if name in ("input", "format") else "right", overflow="fold"
        )
    for stats in result.inputs:
        rejected = str(stats.rejected) + (" + file problem" if stats.problem else "")
        table.add_row(
            escape(stats.file), stats.format, str(stats.read), str(stats.title_only), rejected
        )
    console.print(table)
    lines = [
        f"read {result.read} = written {len(result.papers)} + merged {result.merged} "
        f"+ rejected {len(result.rejects)}"
        + ("" if result.balanced else "  [red](does not balance: please report this bug)[/]"),
    ]
    if output is not None:
        lines.append(
            f"wrote {_plural(len(result.papers), 'paper')} ({result.title_only} title-only) to "
            + escape("standard output" if output == "-" else output)
        )
    if result.rejects or result.problems:
        lines.append(
            f"[yellow]{_plural(len(result.rejects), 'rejected record')} and "
            f"{_plural(len(result.problems), 'file problem')}[/], all in {escape(rejects_path)}:"
        )
        lines += [
            f"  {escape(r.file)}:{r.line}: {escape(r.reason)}"
            for r in result.rejects[:SHOWN_REJECTS]
        ]
        if len(result.rejects) > SHOWN_REJECTS:
            lines.append(f"  ... and {len(result.rejects) - SHOWN_REJECTS} more")
        lines += [f"  {escape(str(problem))}" for problem in result.problems]
    for line in lines:
        console.print(line, soft_wrap=True)
