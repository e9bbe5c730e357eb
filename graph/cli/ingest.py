"""``papergraph ingest``: messy listings in, clean de-duplicated paper records out."""

from __future__ import annotations

import click
from rich.console import Console

from graph.cli.inputs import (
    default_rejects_path,
    finish_inputs,
    input_options,
    output_option,
    read_inputs,
)
from graph.sources.ingest import write_jsonl


@click.command("ingest")
@input_options
@output_option("the papers")
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
    outputs = {"-o": output, "--rejects": rejects or default_rejects_path(output)}
    result = read_inputs(console, inputs, input_format, encoding, quiet, outputs)
    write_jsonl((paper.to_dict() for paper in result.papers), outputs["-o"])
    finish_inputs(console, result, outputs["--rejects"], strict, quiet, output)
