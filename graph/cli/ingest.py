"""``papergraph ingest``: messy listings in, clean de-duplicated paper records out."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph.cli.progress import byte_progress
from graph.ingest import IngestResult, expand_inputs, ingest, write_jsonl
from graph.sources import FORMATS

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


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="PATH",
    help="Where to write the papers as JSON Lines ('-' for standard output).",
)
@click.option(
    "--rejects",
    metavar="PATH",
    help="Where to write rejected records with their reasons "
    "[default: next to the output, NAME.rejects.jsonl].",
)
@click.option(
    "-f",
    "--format",
    "input_format",
    type=click.Choice(sorted(FORMATS)),
    help="Read every input as this format instead of guessing from the extension.",
)
@click.option(
    "--encoding",
    default="utf-8",
    show_default=True,
    help="Text encoding of the inputs (an ASCII-compatible one, e.g. latin-1).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit with status 1 if any record is rejected or any file is empty.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print no summary, only errors.")
def ingest_command(
    inputs: tuple[str, ...],
    output: str,
    rejects: str | None,
    input_format: str | None,
    encoding: str,
    strict: bool,
    quiet: bool,
) -> None:
    """Read paper listings and write clean, de-duplicated paper records.

    INPUT is a file or a directory of files: Hugging Face Daily Papers pages
    copied from the browser (.txt), JSON Lines (.jsonl), a JSON array (.json),
    or CSV/TSV with at least title and abstract columns; .gz works for each.
    '-' reads standard input (then --format is needed).

    The same paper read twice (same arXiv id, DOI, id or normalised title)
    becomes one record that lists every source. Records that cannot be read are
    written to the rejects file with file, line and reason, so that read =
    written + merged + rejected.

    \b
    Examples:
      papergraph ingest examples/ -o out/papers.jsonl
      papergraph ingest day1.txt day2.txt extra.csv -o papers.jsonl --strict
    """
    console = Console(stderr=True, highlight=False)
    try:
        paths = expand_inputs(inputs, input_format)
        "ascii".encode(encoding)
        if "\n".encode(encoding) != b"\n":
            raise ValueError(
                f"encoding {encoding} is not ASCII-compatible; convert the input to UTF-8 first"
            )
    except LookupError as exc:
        raise click.BadParameter(str(exc), param_hint="--encoding") from exc
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc

    with byte_progress(console, paths, disable=quiet) as advance:
        result = ingest(paths, format=input_format, encoding=encoding, on_progress=advance)

    rejects_path = rejects or default_rejects_path(output)
    write_jsonl((paper.to_dict() for paper in result.papers), output)
    reject_rows = [r.to_dict() | {"kind": "record"} for r in result.rejects]
    reject_rows += [
        {"kind": "file", "file": p.file, "line": p.line, "reason": p.reason, "raw": None}
        for p in result.problems
    ]
    write_jsonl(reject_rows, rejects_path)

    if not quiet:
        _print_summary(console, result, output, rejects_path)
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


def _print_summary(console: Console, result: IngestResult, output: str, rejects_path: str) -> None:
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
        f"wrote {_plural(len(result.papers), 'paper')} ({result.title_only} title-only) to "
        + escape("standard output" if output == "-" else output),
    ]
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
