"""The whole job in one call: papers → mentions → graph → clusters and bridges → files.

This is the one module that joins the stages (sources → extractors → builder →
analysis → export) and it only passes data forward; ``papergraph build`` is a
thin layer over :func:`build_outdir`. An output directory holds:

=====================  ===========================================================
``papers.jsonl``       the de-duplicated papers (as ``papergraph ingest`` writes them)
``mentions.jsonl``     their mentions (as ``papergraph extract`` writes them)
``graph.json``         the built and analysed graph, read back by :func:`load_graph`
``papergraph.graphml``  for Gephi, Cytoscape, yEd, igraph (``graphml``)
``papergraph.gexf``    for Gephi (``gexf``)
``papergraph.json``    node-link JSON, lists intact (``json``)
``nodes.csv``          one row per node, and ``edges.csv`` one per edge (``csv``)
``overview.png``       the clusters at a glance (``png``)
=====================  ===========================================================

>>> import tempfile
>>> from graph.paper import Paper
>>> abstracts = ["We fine-tune BERT with LoRA on GLUE.", "LoRA adapters for T5 on GLUE.",
...              "We train ResNet-50 on ImageNet."]
>>> papers = [Paper(id=f"p{i}", title=f"Paper {i}", abstract=a) for i, a in enumerate(abstracts)]
>>> report = build_outdir(papers, tempfile.mkdtemp(), formats=("graphml",))
>>> [c.papers for c in report.clusters], report.isolated, [f.name for f in report.files][-1]
([['p0', 'p1']], ['p2'], 'papergraph.graphml')
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graph.analysis.annotate import annotate
from graph.analysis.backends import links_of
from graph.analysis.bridges import Bridge, BridgeRanking, bridges
from graph.analysis.clusters import Cluster, Clustering, clusters
from graph.analysis.evolution import ClusterChanges, carry_cluster_ids
from graph.building.builder import GraphBuilder
from graph.building.projection import DEFAULT_TOP_K, MAX_CONCEPT_PAPERS
from graph.export.formats import EXPORT_FORMATS, export
from graph.memory import gc_paused
from graph.paper import Paper
from graph.sources.ingest import IngestResult, write_jsonl
from graph.store.accounting import (
    REJECTS,
    accounting,
    manifest_inputs,
    reject_rows,
    write_rejects,
)
from graph.store.graphfile import load_graph, save_graph
from graph.store.incremental import (
    UPDATE_REJECTS,
    Previous,
    UpdateSummary,
    load_previous,
    merge_with_previous,
)
from graph.store.outdir import MANIFEST, OutdirError, open_build, staged

__all__ = [
    "REJECTS",
    "UPDATE_REJECTS",
    "BuildReport",
    "build_outdir",
    "export_again",
    "reject_rows",
]


@dataclass
class BuildReport:
    """What :func:`build_outdir` made: the graph, its clusters and bridges, the
    files written, the seconds each stage took, how many papers were ``extracted``
    and, for an update, what it added (``update``) and what became of the old
    clusters (``changes``); the ``manifest`` that seals the directory, the entries of
    the old OUTDIR that are gone (``dropped``: a stale ``neo4j-import``) and what was
    cleaned up after a killed build (``recovered``)."""

    graph: nx.MultiDiGraph
    clusters: list[Cluster]
    isolated: list[str]
    bridges: list[Bridge]
    files: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    extracted: int = 0
    update: UpdateSummary | None = None
    changes: ClusterChanges | None = None
    manifest: dict[str, Any] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)


def build_outdir(
    papers: Sequence[Paper],
    outdir: str | Path,
    *,
    nlp: Any = None,
    processes: int = 1,
    batch_size: int = 64,
    resolution: float = 1.0,
    seed: int = 0,
    max_df: float = 0.2,
    max_papers: int | None = MAX_CONCEPT_PAPERS,
    min_papers_for_cap: int = 20,
    top_k: int | None = DEFAULT_TOP_K,
    formats: Iterable[str] = tuple(EXPORT_FORMATS),
    on_extracted: Callable[[dict[str, Any]], None] | None = None,
    update: bool = False,
    extract_with: Callable[[list[Paper]], Iterable[dict[str, Any]]] | None = None,
    ingested: IngestResult | None = None,
    external_references: bool = False,
) -> BuildReport:
    """Extract, build, analyse, save and export ``papers`` into ``outdir``.

    ``nlp`` is an extraction pipeline (default: :func:`extractors.build_pipeline`);
    ``on_extracted`` is called with each paper's mentions record as it arrives
    (for progress bars). With ``update``, ``papers`` are added to the build already
    in ``outdir`` (if there is one): only new papers and papers whose text changed
    are extracted, clusters that continue an old one keep its id
    (:mod:`graph.store.incremental`, :mod:`graph.analysis.evolution`), and records whose id belongs
    to a different known paper go to ``OUTDIR/update.rejects.jsonl``. The other settings are
    those of :func:`graph.build_graph`, :func:`clusters` and :func:`export`.
    ``extract_with`` replaces local extraction: a function from papers to their
    mention records in input order, e.g. one that runs
    :func:`extractors.distributed.extract_on_dask` on a cluster. ``ingested``, the
    :class:`graph.sources.ingest.IngestResult` the papers came from, gives ``rejects.jsonl``
    its rows and the manifest its inputs and accounting. With ``external_references``,
    references to papers outside the corpus become ``ref:`` nodes with ``CITES`` edges
    (:mod:`graph.building.citations`).

    The build is written beside ``outdir`` and swapped in whole when complete, under a
    lock (:mod:`graph.store.outdir`): a crash or an error leaves ``outdir`` as it was. Raises
    :class:`graph.store.outdir.OutdirError` (a ``ValueError``) with one sentence when
    ``outdir`` cannot be written (not a directory, holding files papergraph did not
    write, another build writing it, nothing to update), ``OSError`` when writing fails.
    """
    from extractors import build_pipeline

    shown = Path(outdir)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    with staged(outdir, update=update) as stage:
        previous = load_previous(stage.outdir) if update else None
        new_papers = len(papers)
        papers, known, summary = _with_previous(previous, papers)
        target = stage.path
        names = ["papers.jsonl", "mentions.jsonl"]
        write_jsonl((paper.to_dict() for paper in papers), target / names[0])
        rejects, update_rejects = write_rejects(target, previous, ingested, summary)
        if update_rejects:
            names.append(UPDATE_REJECTS)
        pending = [paper for paper in papers if paper.id not in known]
        if extract_with is None:
            extract_with = _local_extraction(nlp or build_pipeline(), processes, batch_size)
        cap = {"max_df": max_df, "max_papers": max_papers}
        cap |= {"min_papers_for_cap": min_papers_for_cap, "top_k": top_k}
        builder = GraphBuilder(**cap, external_references=external_references)
        feed = _MentionFeed(papers, known, extract_with(pending), builder, on_extracted)
        with gc_paused():
            write_jsonl(feed, target / names[1])
        seconds["extract"] = time.perf_counter() - started
        lap = time.perf_counter()
        G = builder.finish()
        seconds["build"] = time.perf_counter() - lap
        clustering, ranking, changes = _analyse(G, previous, resolution, seed, seconds)
        lap = time.perf_counter()
        names.append(save_graph(G, target).name)
        formats = tuple(formats)
        names += [path.name for path in export(G, target, formats)]
        seconds["export"] = time.perf_counter() - lap
        settings = {"resolution": resolution, "seed": seed, **cap, "formats": list(formats)}
        rows = {"rejects": len(rejects), "update_rejects": len(update_rejects)}
        manifest = stage.seal(
            {
                "inputs": manifest_inputs(previous, ingested),
                "counts": _counts(papers, feed.mentioned, G, clustering, ranking) | rows,
                "accounting": accounting(previous, ingested, new_papers, len(papers), summary),
                "settings": settings,
            }
        )
    files = [shown / name for name in names]
    return BuildReport(
        G,
        clustering.clusters,
        clustering.isolated,
        ranking.bridges,
        files,
        seconds,
        len(pending),
        summary,
        changes,
        manifest,
        stage.dropped,
        stage.recovered,
    )


def _counts(
    papers: Sequence[Paper],
    mentioned: int,
    G: nx.MultiDiGraph,
    clustering: Clustering,
    ranking: BridgeRanking,
) -> dict[str, int]:
    """What the manifest counts of a build (before its rejects)."""
    return {
        "papers": len(papers),
        "title_only": sum(p.title_only for p in papers),
        "mentions": mentioned,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "clusters": len(clustering.clusters),
        "isolated": len(clustering.isolated),
        "bridges": len(ranking),
    }


def _with_previous(
    previous: Previous | None, papers: Sequence[Paper]
) -> tuple[Sequence[Paper], dict[str, list[dict[str, Any]]], UpdateSummary | None]:
    """The papers to build (for an update, the known ones merged with ``papers``), the
    mentions already known of those whose text did not change, and what the update did."""
    if previous is None:
        return papers, {}, None
    merged, stale, summary = merge_with_previous(previous, papers)
    known = {key: found for key, found in previous.mentions.items() if key not in stale}
    return merged, known, summary


def _local_extraction(
    nlp: Any, processes: int, batch_size: int
) -> Callable[[list[Paper]], Iterable[dict[str, Any]]]:
    """Extraction in this machine's processes with ``nlp``."""
    from extractors import extract

    def extract_here(papers: list[Paper]) -> Iterable[dict[str, Any]]:
        return extract(papers, nlp=nlp, n_process=processes, batch_size=batch_size)

    return extract_here


class _MentionFeed:
    """The rows of ``mentions.jsonl``: each paper's mentions in paper order, known or
    newly extracted (``records``, in the order of the papers not ``known``), added to
    ``builder`` as they pass; ``mentioned`` counts them."""

    def __init__(
        self,
        papers: Sequence[Paper],
        known: dict[str, list[dict[str, Any]]],
        records: Iterable[dict[str, Any]],
        builder: GraphBuilder,
        on_extracted: Callable[[dict[str, Any]], None] | None,
    ) -> None:
        self.papers, self.known, self.records = papers, known, records
        self.builder, self.on_extracted = builder, on_extracted
        self.mentioned = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        fresh = iter(self.records)
        for paper in self.papers:
            found = self.known.pop(paper.id, None)
            if found is None:
                record = next(fresh)
                if record["id"] != paper.id:
                    raise RuntimeError(f"extraction returned {record['id']!r} for {paper.id!r}")
                found = record["mentions"]
                if self.on_extracted:
                    self.on_extracted(record)
            self.builder.add(paper, found)
            self.mentioned += len(found)
            yield {"id": paper.id, "title": paper.title, "mentions": found}


def _analyse(
    G: nx.MultiDiGraph,
    previous: Previous | None,
    resolution: float,
    seed: int,
    seconds: dict[str, float],
) -> tuple[Clustering, BridgeRanking, ClusterChanges | None]:
    """Clusters (continuing the previous build's ids, for an update) and bridges of
    ``G``, from its paper links computed once, written into ``G`` by
    :func:`graph.analysis.annotate.annotate`; the seconds of each go into ``seconds``."""
    lap = time.perf_counter()
    links = links_of(G)
    clustering = clusters(G, resolution=resolution, seed=seed, links=links)
    changes = None
    if previous is not None:
        clustering, changes = carry_cluster_ids(clustering, previous.clusters)
    seconds["clusters"], lap = time.perf_counter() - lap, time.perf_counter()
    ranking = bridges(G, clustering=clustering, links=links, seed=seed)
    annotate(G, clustering, ranking)
    seconds["bridges"] = time.perf_counter() - lap
    return clustering, ranking, changes


def export_again(
    outdir: str | Path, formats: Iterable[str], destination: str | Path | None = None
) -> list[Path]:
    """Write the exports of the build in ``outdir`` again, into ``destination``.

    Into ``outdir`` itself (``destination`` ``None`` or the same directory) this is a
    new build of the directory like any other: staged, sealed with the manifest and
    swapped in under the lock, the other files kept (hard links, no copies). Into
    another directory, each file is written beside it first and renamed into place.
    """
    formats = tuple(formats)
    same = destination is None or os.path.realpath(destination) == os.path.realpath(outdir)
    if not same:
        G = load_graph(outdir)
        target = Path(destination)
        if os.path.lexists(target) and not target.is_dir():
            raise OutdirError(f"{target} is not a directory; give a directory to export into")
        try:
            target.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError) as exc:
            problem = f"cannot create it, a part of the path is a file ({exc.strerror})"
            raise OutdirError(f"{target}: {problem}") from exc
        scratch = Path(tempfile.mkdtemp(dir=target, prefix=".papergraph-export-"))
        try:
            written = []
            for path in export(G, scratch, formats):
                os.replace(path, target / path.name)
                written.append(target / path.name)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return written
    with staged(outdir) as stage:
        G = load_graph(stage.outdir)
        with open_build(stage.outdir) as build:
            manifest = build.manifest or {}
        names = [path.name for path in export(G, stage.path, formats)]
        for name in sorted(os.listdir(stage.outdir)):
            source, copy = stage.outdir / name, stage.path / name
            if name in names or name == MANIFEST or name.startswith("."):
                continue
            if source.is_dir():
                shutil.copytree(source, copy, copy_function=_link)
            else:
                _link(source, copy)
        stage.dropped = []
        stage.seal({k: v for k, v in manifest.items() if k not in _SEALED_KEYS})
    return [Path(outdir) / name for name in names]


_SEALED_KEYS = {"files", "papergraph", "papergraph_manifest"}


def _link(source: str | Path, copy: str | Path) -> None:
    """A hard link, or a copy where the file system has none."""
    try:
        os.link(source, copy)
    except OSError:
        shutil.copy2(source, copy)
