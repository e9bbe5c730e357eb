"""Questions to a built graph, answered from OUTDIR/graph.json without rebuilding:
``clusters``, ``bridges``, ``related``, ``connection``, ``methods``, ``timeline``, ``export``."""

from __future__ import annotations

import dataclasses
import json

import click
import networkx as nx

from graph.cli.report import bridge_lines, cluster_lines, concept_names, paper_name
from graph.export.formats import EXPORT_FORMATS
from graph.store.graphfile import load_graph

# not exists=True: while a build swaps in its result OUTDIR is missing for a moment, and
# load_graph then reads the previous build beside it
OUTDIR = click.argument("outdir", type=click.Path())
AS_JSON = click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")


def _load(outdir: str) -> nx.MultiDiGraph:
    """The graph in OUTDIR, checked against its manifest; one sentence when it cannot be."""
    try:
        return load_graph(outdir)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"{outdir}: cannot read it ({exc.strerror})") from exc


def _paper(G: nx.MultiDiGraph, query: str) -> str:
    from graph.analysis.questions import find_paper

    try:
        return find_paper(G, query)
    except KeyError as exc:
        raise click.ClickException(exc.args[0]) from exc


def _print_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@click.command("clusters")
@OUTDIR
@click.option(
    "--top",
    default=20,
    show_default=True,
    type=click.IntRange(1),
    help="How many clusters to list, largest first.",
)
@click.option("--members", is_flag=True, help="List each cluster's papers too.")
@AS_JSON
def clusters_command(outdir: str, top: int, members: bool, as_json: bool) -> None:
    """List the clusters of a built graph: sizes, distinctive concepts, central papers.

    \b
    Example:
      papergraph clusters out/ --members
    """
    G = _load(outdir)
    papers_of: dict[int, list[str]] = {}
    for paper, cluster in sorted(G.nodes(data="cluster")):
        if cluster is not None:
            papers_of.setdefault(cluster, []).append(paper)
    if as_json:
        _print_json([{**c, "papers": papers_of.get(c["id"], [])} for c in G.graph["clusters"]])
        return
    listed = G.graph["clusters"][:top]
    shown = cluster_lines(G, top)  # the header, a line per listed cluster, maybe "… and N more"
    lines = shown[:1]
    for line, cluster in zip(shown[1:], listed, strict=False):
        lines.append(line)  # and the cluster's central papers under it
        lines += [f"        {paper_name(G, paper)}" for paper in cluster.get("central", [])]
    lines += shown[1 + len(listed) :]
    if members:
        lines = lines[:1]
        for cluster in G.graph["clusters"][:top]:
            lines.append(f"#{cluster['id']} ({cluster['size']} papers): {cluster['label']}")
            lines += [f"  {paper_name(G, paper)}" for paper in papers_of.get(cluster["id"], [])]
    click.echo("\n".join(lines))


@click.command("bridges")
@OUTDIR
@click.option(
    "--top",
    default=10,
    show_default=True,
    type=click.IntRange(1),
    help="How many bridging papers to list, best first.",
)
@AS_JSON
def bridges_command(outdir: str, top: int, as_json: bool) -> None:
    """List the papers that bridge clusters, which clusters each joins and through which concepts.

    \b
    Example:
      papergraph bridges out/ --top 5
    """
    G = _load(outdir)
    if as_json:
        _print_json(G.graph.get("bridges", [])[:top])
        return
    click.echo("\n".join(bridge_lines(G, top)))


@click.command("related")
@OUTDIR
@click.argument("paper")
@click.option(
    "--top",
    default=10,
    show_default=True,
    type=click.IntRange(1),
    help="How many related papers to list.",
)
@AS_JSON
def related_command(outdir: str, paper: str, top: int, as_json: bool) -> None:
    """List the papers nearest to PAPER (an id, arXiv id or piece of its title) and why.

    \b
    Example:
      papergraph related out/ 2511.04570
    """
    from graph.analysis.questions import related

    G = _load(outdir)
    paper = _paper(G, paper)
    found = related(G, paper, top)
    if as_json:
        _print_json([dataclasses.asdict(r) for r in found])
        return
    click.echo(
        f"papers related to {paper_name(G, paper)}:"
        if found
        else f"no paper shares a concept with {paper_name(G, paper)}"
    )
    for r in found:
        click.echo(
            f"  {r.weight:6.2f}  {paper_name(G, r.paper)}\n"
            f"          shares {concept_names(G, r.shared)}"
        )


@click.command("connection")
@OUTDIR
@click.argument("source")
@click.argument("target")
@AS_JSON
def connection_command(outdir: str, source: str, target: str, as_json: bool) -> None:
    """Show the strongest chain of shared concepts from paper SOURCE to paper TARGET.

    \b
    Example:
      papergraph connection out/ 2511.04570 "Kimi Linear"
    """
    from graph.analysis.questions import connection

    G = _load(outdir)
    source, target = _paper(G, source), _paper(G, target)
    try:
        hops = connection(G, source, target)
    except nx.NetworkXNoPath as exc:
        raise click.ClickException(
            f"no chain of shared concepts joins {source} and {target}"
        ) from exc
    if as_json:
        _print_json([dataclasses.asdict(hop) for hop in hops])
        return
    click.echo(paper_name(G, source))
    for hop in hops:
        click.echo(
            f"  ── {concept_names(G, hop.shared)} ({hop.weight:.2f}) ──▶\n"
            f"{paper_name(G, hop.target)}"
        )


@click.command("methods")
@OUTDIR
@click.option(
    "--min-papers",
    default=2,
    show_default=True,
    type=click.IntRange(1),
    help="Only pairs that at least this many papers mention together.",
)
@AS_JSON
def methods_command(outdir: str, min_papers: int, as_json: bool) -> None:
    """List which methods are evaluated on which benchmarks, by number of papers.

    \b
    Example:
      papergraph methods out/ --min-papers 1
    """
    from graph.analysis.questions import method_benchmark_table

    G = _load(outdir)
    rows = method_benchmark_table(G, min_papers)
    if as_json:
        _print_json([dataclasses.asdict(row) for row in rows])
        return
    if not rows:
        click.echo(f"no method and benchmark appear together in {min_papers} or more papers")
    for row in rows:
        click.echo(
            f"{len(row.papers):4}  {concept_names(G, [row.method])}  on  "
            f"{concept_names(G, [row.benchmark])}"
        )


@click.command("timeline")
@OUTDIR
@click.argument("concepts", nargs=-1)
@AS_JSON
def timeline_command(outdir: str, concepts: tuple[str, ...], as_json: bool) -> None:
    """Show when concepts first appear and how many papers mention them per month.

    CONCEPTS are keys (method:lora) or display names (LoRA); none lists every
    concept mentioned by more than one paper.

    \b
    Example:
      papergraph timeline out/ LoRA GRPO
    """
    from graph.analysis.questions import concept_timeline

    G = _load(outdir)
    timelines = concept_timeline(G)
    by_name = {(G.nodes[k].get("name") or "").casefold(): k for k in timelines}
    keys = [c if c in timelines else by_name.get(c.casefold()) for c in concepts]
    unknown = [c for c, key in zip(concepts, keys, strict=True) if key is None]
    if unknown:
        raise click.ClickException(f"no concept is called {', '.join(map(repr, unknown))}")
    chosen = keys or [k for k in timelines if G.nodes[k].get("df", 0) > 1]
    if as_json:
        _print_json([dataclasses.asdict(timelines[k]) for k in chosen])
        return
    for key in chosen:
        t = timelines[key]
        months = ", ".join(f"{month}: {n}" for month, n in t.months.items()) or "no dated month"
        click.echo(
            f"{concept_names(G, [key])} [{key}] first {t.first_date or 'undated'}"
            f" ({t.first_paper or '-'}); {months}" + (f"; {t.undated} undated" if t.undated else "")
        )


@click.command("export")
@OUTDIR
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(sorted(EXPORT_FORMATS)),
    help="Formats to write (repeatable) [default: all].",
)
@click.option(
    "-o",
    "--to",
    "destination",
    type=click.Path(file_okay=False),
    help="Directory to write into [default: OUTDIR].",
)
def export_command(outdir: str, formats: tuple[str, ...], destination: str | None) -> None:
    """Write a built graph again as GraphML, GEXF, node-link JSON, CSV or a PNG overview.

    \b
    Example:
      papergraph export out/ --format graphml --format png -o figures/
    """
    from graph.workflow import export_again

    try:
        written = export_again(outdir, formats or tuple(EXPORT_FORMATS), destination)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("wrote " + ", ".join(str(path) for path in written))
