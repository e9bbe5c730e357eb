"""``papergraph build``: listings in, a saved, analysed and exported graph out."""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from extractors.schema import CITES, CONCEPT_KINDS
from graph.building.projection import DEFAULT_TOP_K, MAX_CONCEPT_PAPERS
from graph.cli.executor import extraction_options, extraction_runner, local_pipeline
from graph.cli.inputs import exit_on_problems, input_options, read_inputs, report_inputs
from graph.cli.progress import count_mentions, paper_progress
from graph.cli.report import bridge_lines, cluster_lines, graph_line
from graph.export.formats import EXPORT_FORMATS
from graph.sources.ingest import write_jsonl
from graph.store.outdir import OutdirError, check_target, open_build, refuse_inside, sidecar
from graph.workflow import REJECTS, UPDATE_REJECTS, build_outdir, reject_rows


def graph_options(command):
    """--resolution, --seed, --max-df, --max-concept-papers, --top-k: the settings of the graph
    and its analysis."""
    options = [
        click.option(
            "--resolution",
            default=1.0,
            show_default=True,
            type=click.FloatRange(0.01),
            help="Leiden (modularity) resolution: above 1 gives more, smaller clusters.",
        ),
        click.option(
            "--seed",
            default=0,
            show_default=True,
            type=int,
            help="Seed for clustering and sampled betweenness (same seed, same answer).",
        ),
        click.option(
            "--max-df",
            default=0.2,
            show_default=True,
            type=click.FloatRange(0, 1),
            help="Concepts in more than this share of papers link no papers.",
        ),
        click.option(
            "--max-concept-papers",
            default=MAX_CONCEPT_PAPERS,
            show_default=True,
            type=click.IntRange(2),
            help="Concepts in more papers than this link no papers (higher: fewer isolated "
            "papers, more work).",
        ),
        click.option(
            "--top-k",
            type=click.IntRange(0),
            default=DEFAULT_TOP_K,
            show_default=True,
            help="Keep a link only if it is among the k strongest of either paper (0: keep all).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.command("build")
@input_options
@click.option(
    "-o",
    "--outdir",
    required=True,
    metavar="OUTDIR",
    help="Directory for the graph, its exports and the intermediate files.",
)
@graph_options
@click.option(
    "--export",
    "formats",
    multiple=True,
    type=click.Choice(sorted(EXPORT_FORMATS)),
    help="Export only these formats (repeatable) [default: all].",
)
@extraction_options
@click.option(
    "--external-references",
    is_flag=True,
    help=f"Keep references to papers outside the inputs as 'ref:' nodes with {CITES} edges "
    "(by default they are only counted, per paper).",
)
@click.option(
    "--update",
    is_flag=True,
    help="Add INPUT to the build already in OUTDIR: extract only new or changed papers, and "
    "keep the ids of clusters that continue.",
)
def build_command(
    inputs,
    rejects,
    input_format,
    encoding,
    strict,
    quiet,
    outdir,
    resolution,
    seed,
    max_df,
    max_concept_papers,
    top_k,
    processes,
    batch_size,
    config_path,
    formats,
    executor,
    scheduler,
    partition_size,
    external_references,
    update,
) -> None:
    """Build the whole graph: read, extract, link, cluster, find bridges, export.

    Reads any input `ingest` reads, extracts every paper's concepts, links
    papers that share them, finds clusters and bridging papers, and writes into
    OUTDIR: papers.jsonl, mentions.jsonl, graph.json (what the question commands
    read), papergraph.graphml, papergraph.gexf, papergraph.json, nodes.csv,
    edges.csv and overview.png. Rejected records go to OUTDIR/rejects.jsonl.

    \b
    Examples:
      papergraph build examples/ -o out/
      papergraph build day1.txt day2.txt -o field/ --processes 2 --resolution 1.5
      papergraph build day3.txt -o field/ --update
      papergraph build arxiv-2025.jsonl.gz -o field/ --executor dask --scheduler tcp://host:8786
    """
    console = Console(stderr=True, highlight=False)
    shown = outdir.rstrip("/") or "/"
    default_rejects = f"{shown}/{REJECTS}"
    rejects = _rejects_elsewhere(outdir, rejects, update, default_rejects)
    result = read_inputs(console, inputs, input_format, encoding, quiet)
    report_inputs(console, result, rejects or default_rejects, quiet, output=None)
    nlp = local_pipeline(executor, config_path)
    progress = paper_progress(console, "extracting", quiet)
    counts: Counter[str] = Counter()

    def extracted(record: dict) -> None:
        count_mentions(counts, record)
        progress.advance(task)

    started = time.perf_counter()
    runner = extraction_runner(executor, scheduler, processes, partition_size, config_path)
    try:
        with runner as extract_with, progress:
            task = progress.add_task("extract", total=len(result.papers))
            report = build_outdir(
                result.papers,
                outdir,
                nlp=nlp,
                processes=processes,
                batch_size=batch_size,
                resolution=resolution,
                seed=seed,
                max_df=max_df,
                max_papers=max_concept_papers,
                top_k=top_k or None,
                formats=formats or tuple(EXPORT_FORMATS),
                on_extracted=extracted,
                update=update,
                external_references=external_references,
                extract_with=extract_with,
                ingested=result,
            )
    except (OSError, ValueError) as exc:  # OUTDIR refused or damaged, disk full, bad record
        raise click.ClickException(
            f"build stopped, {shown} was left as it was: {_reason(exc, outdir, shown)}"
        ) from exc
    if rejects is not None:
        write_jsonl(reject_rows(result), rejects)
    seconds = time.perf_counter() - started
    if not quiet:
        _print_report(console, report, result, counts, seconds, shown, rejects)
    exit_on_problems(console, result, strict)


def _rejects_elsewhere(
    outdir: str, rejects: str | None, update: bool, default_rejects: str
) -> str | None:
    """Before anything is read: refuse an OUTDIR papergraph may not write (for
    ``--update``, one whose build is incomplete or damaged) and a ``--rejects`` path
    inside it. Returns the ``--rejects`` path to write besides ``default_rejects``,
    ``None`` when there is none."""
    try:
        check_target(outdir, update=update)
        if update and os.path.isdir(outdir):
            with open_build(outdir):  # every file the manifest lists, whole
                pass
        if rejects is None or os.path.realpath(rejects) == os.path.realpath(default_rejects):
            return None
        refuse_inside(rejects, outdir, "--rejects")
        return rejects
    except OutdirError as exc:
        raise click.UsageError(str(exc)) from exc


def _reason(exc: BaseException, outdir: str, shown: str) -> str:
    """One sentence for an error that stopped a build, naming files as they would be in
    OUTDIR rather than in the staging directory beside it."""
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror + (f" ({exc.filename})" if exc.filename else "")
    else:
        text = str(exc)
    stage = str(sidecar(Path(os.path.realpath(outdir)), "new"))
    return text.replace(stage, shown)


def _print_report(console, report, result, counts, seconds, shown, rejects) -> None:
    """The summary of a finished build."""
    G = report.graph
    rate = len(result.papers) / seconds if seconds else 0.0
    kinds = ", ".join(f"{counts[k]} {k}" for k in CONCEPT_KINDS)
    written = report.manifest.get("counts", {})
    papers = written.get("papers", 0)
    lines = [
        f"wrote {papers} paper{'' if papers == 1 else 's'} ({written.get('title_only', 0)} "
        f"title-only) to {shown}/papers.jsonl",
        f"extracted {kinds} mentions ({counts['proposed']} proposed)",
        graph_line(G),
        *cluster_lines(G, top=10),
        *bridge_lines(G, top=5),
    ]
    lines.append(
        f"built in {seconds:.1f} s ({rate:.0f} papers/s); wrote to {shown}/: "
        + ", ".join(path.name for path in report.files)
    )
    if report.update is not None:
        lines[2:2] = _update_lines(report, shown)
    lines += [f"note: {note}" for note in report.recovered]
    lines += [
        f"note: removed {name}/ of the previous build (stale now; run `papergraph neo4j "
        "export-csv` again for a new one)"
        for name in report.dropped
    ]
    if rejects is not None:
        lines.append(f"rejects also written to {rejects}")
    for line in lines:
        console.print(escape(line), soft_wrap=True)


def _update_lines(report, shown: str) -> list[str]:
    """What an update added, and what became of the old clusters."""
    update = report.update
    lines = [
        f"update: {update.known} papers known, {update.added} added, {update.merged} "
        f"merged into known ones, {update.changed} changed; {report.extracted} extracted"
    ]
    if update.rejects:
        lines.append(
            f"{len(update.rejects)} records rejected (their id belongs to a "
            f"different known paper), all in {shown}/{UPDATE_REJECTS}"
        )
    lines.append(f"clusters since the last build: {report.changes.summary()}")
    return lines
