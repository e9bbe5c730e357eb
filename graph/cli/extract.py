"""``papergraph extract`` and ``papergraph evaluate``: mentions in abstracts, and their quality."""

from __future__ import annotations

import collections
import json
import sys
import time

import click
from rich.console import Console
from rich.markup import escape

from extractors.schema import KINDS
from graph.atomic import writes_through
from graph.cli.executor import extraction_options, extraction_runner, local_pipeline
from graph.cli.inputs import (
    default_rejects_path,
    finish_inputs,
    input_options,
    output_option,
    read_inputs,
)
from graph.cli.progress import count_mentions, paper_progress
from graph.sources.ingest import read_jsonl, write_jsonl


@click.command("extract")
@input_options
@output_option("one mentions record per paper")
@extraction_options
def extract_command(
    inputs: tuple[str, ...],
    output: str,
    rejects: str | None,
    input_format: str | None,
    encoding: str,
    strict: bool,
    quiet: bool,
    processes: int,
    batch_size: int,
    config_path: str | None,
    executor: str,
    scheduler: str | None,
    partition_size: int,
) -> None:
    """Find methods, benchmarks, metrics and code links in every paper.

    Reads any input `ingest` reads (de-duplicated the same way; rejected records
    go to the rejects file) and writes, per paper, {"id", "title", "mentions"}
    where each mention has kind (method, benchmark, metric, repo, link), text,
    canonical key, role (proposed or used), field (title or abstract), start
    and end offsets into that field, and the rule that found it. Input ids are
    kept verbatim.

    \b
    Examples:
      papergraph extract examples/ -o out/mentions.jsonl
      papergraph extract ../shared/gold/dev.jsonl -o dev.mentions.jsonl --processes 2
    """
    from extractors import extract

    console = Console(stderr=True, highlight=False)
    result = read_inputs(console, inputs, input_format, encoding, quiet)
    # beside a device or FIFO (-o /dev/stdout) is no place for a file: as for standard output
    rejects_path = rejects or default_rejects_path("-" if writes_through(output) else output)
    nlp = local_pipeline(executor, config_path)
    counts: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()
    progress = paper_progress(console, "extracting", quiet)

    def records(extract_with):
        with progress:
            task = progress.add_task("extract", total=len(result.papers))
            found = (
                extract(result.papers, nlp=nlp, n_process=processes, batch_size=batch_size)
                if extract_with is None
                else extract_with(result.papers)
            )
            for record in found:
                count_mentions(counts, record)
                progress.advance(task)
                yield record

    with extraction_runner(
        executor, scheduler, processes, partition_size, config_path
    ) as extract_with:
        written = write_jsonl(records(extract_with), output)
    seconds = time.perf_counter() - started
    finish_inputs(console, result, rejects_path, strict, quiet, output=None)
    if not quiet:
        kinds = ", ".join(f"{counts[kind.name]} {kind.name}" for kind in KINDS)
        rate = written / seconds if seconds else 0.0
        console.print(
            f"extracted {kinds} mentions ({counts['proposed']} proposed) from "
            f"{written} papers in {seconds:.1f} s ({rate:.0f} papers/s) to "
            f"{escape('standard output' if output == '-' else output)}",
            soft_wrap=True,
        )


@click.command("evaluate")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("mentions", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--errors",
    "show_errors",
    default=20,
    show_default=True,
    type=click.IntRange(0),
    help="How many misses and false positives to list per field.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_command(gold: str, mentions: str, show_errors: int, as_json: bool) -> None:
    """Score a mentions file against hand-annotated gold.

    GOLD is JSON Lines in the format of shared/gold/dev.jsonl (repos, benchmarks,
    metrics, methods_proposed, methods_mentioned); MENTIONS is what `papergraph
    extract` wrote. Prints precision, recall and F1 per field, strict (after
    folding case, spaces, hyphens and dots) and relaxed (one contains the other
    and is at least half its length), then the misses and false positives.

    \b
    Example:
      papergraph extract ../shared/gold/dev.jsonl -o dev.mentions.jsonl
      papergraph evaluate ../shared/gold/dev.jsonl dev.mentions.jsonl
    """
    from extractors.evaluation import evaluate, format_table

    try:
        gold_rows, mention_rows = list(read_jsonl(gold)), list(read_jsonl(mentions))
        result = evaluate(gold_rows, mention_rows, gold_name=gold, predictions_name=mentions)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        scores = {
            name: {
                mode: {
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                }
                for mode, s in modes.items()
            }
            for name, modes in result.scores.items()
        }
        json.dump({"scores": scores, "missing_papers": result.missing_papers}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    click.echo(format_table(result))
    if result.missing_papers:
        click.echo(
            f"\n{len(result.missing_papers)} gold papers are missing from {mentions}: "
            + ", ".join(result.missing_papers[:10])
        )
    for name in result.scores:
        for label, items in (
            ("missed", result.misses[name]),
            ("false positives", result.false_positives[name]),
        ):
            if items and show_errors:
                shown = "; ".join(f"{paper}: {text}" for paper, text in items[:show_errors])
                more = f" (+{len(items) - show_errors} more)" if len(items) > show_errors else ""
                click.echo(f"\n{name} {label}: {shown}{more}")
