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

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graph.bridges import Bridge, bridges
from graph.builder import GraphBuilder
from graph.clusters import Cluster, clusters
from graph.evolution import ClusterChanges, apply_cluster_ids, carry_cluster_ids
from graph.export import EXPORT_FORMATS, export
from graph.incremental import UpdateSummary, load_previous, merge_with_previous
from graph.ingest import write_jsonl
from graph.memory import gc_paused
from graph.paper import Paper
from graph.projection import DEFAULT_TOP_K, MAX_CONCEPT_PAPERS
from graph.store import save_graph

__all__ = ["UPDATE_REJECTS", "BuildReport", "build_outdir"]

# Records of an update whose id belongs to a different known paper
UPDATE_REJECTS = "update.rejects.jsonl"


@dataclass
class BuildReport:
    """What :func:`build_outdir` made: the graph, its clusters and bridges, the
    files written, the seconds each stage took, how many papers were ``extracted``
    and, for an update, what it added (``update``) and what became of the old
    clusters (``changes``)."""

    graph: nx.MultiDiGraph
    clusters: list[Cluster]
    isolated: list[str]
    bridges: list[Bridge]
    files: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    extracted: int = 0
    update: UpdateSummary | None = None
    changes: ClusterChanges | None = None


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
) -> BuildReport:
    """Extract, build, analyse, save and export ``papers`` into ``outdir``.

    ``nlp`` is an extraction pipeline (default: :func:`extractors.build_pipeline`);
    ``on_extracted`` is called with each paper's mentions record as it arrives
    (for progress bars). With ``update``, ``papers`` are added to the build already
    in ``outdir`` (if there is one): only new papers and papers whose text changed
    are extracted, clusters that continue an old one keep its id
    (:mod:`graph.incremental`, :mod:`graph.evolution`), and records whose id belongs
    to a different known paper go to ``OUTDIR/update.rejects.jsonl``. The other settings are
    those of :func:`graph.build_graph`, :func:`clusters` and :func:`export`.
    ``extract_with`` replaces local extraction: a function from papers to their
    mention records in input order, e.g. one that runs
    :func:`extractors.distributed.extract_on_dask` on a cluster.
    """
    from extractors import build_pipeline, extract

    outdir = Path(outdir)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    previous = load_previous(outdir) if update else None
    known: dict[str, list[dict[str, Any]]] = {}
    summary = None
    if previous is not None:
        papers, stale, summary = merge_with_previous(previous, papers)
        known = {key: found for key, found in previous.mentions.items() if key not in stale}
    files = [outdir / "papers.jsonl", outdir / "mentions.jsonl"]
    write_jsonl((paper.to_dict() for paper in papers), files[0])
    if summary is not None and summary.rejects:
        files.append(outdir / UPDATE_REJECTS)
        write_jsonl((reject.to_dict() for reject in summary.rejects), files[-1])
    pending = [paper for paper in papers if paper.id not in known]
    if extract_with is None:
        records = extract(pending, nlp=nlp or build_pipeline(), n_process=processes,
                          batch_size=batch_size)  # fmt: skip
    else:
        records = extract_with(pending)
    builder = GraphBuilder(max_df=max_df, min_papers_for_cap=min_papers_for_cap, top_k=top_k,
                           max_papers=max_papers)  # fmt: skip

    def mention_rows() -> Iterator[dict[str, Any]]:
        """Each paper's mentions in paper order, known or newly extracted, into the builder."""
        fresh = iter(records)
        for paper in papers:
            found = known.pop(paper.id, None)
            if found is None:
                record = next(fresh)
                if record["id"] != paper.id:
                    raise RuntimeError(f"extraction returned {record['id']!r} for {paper.id!r}")
                found = record["mentions"]
                if on_extracted:
                    on_extracted(record)
            builder.add(paper, found)
            yield {"id": paper.id, "title": paper.title, "mentions": found}

    with gc_paused():
        write_jsonl(mention_rows(), files[1])
    seconds["extract"] = time.perf_counter() - started
    lap = time.perf_counter()
    G = builder.finish()
    seconds["build"], lap = time.perf_counter() - lap, time.perf_counter()
    found, isolated = clusters(G, resolution=resolution, seed=seed)
    changes = None
    if previous is not None:
        changes = carry_cluster_ids(found, previous.clusters)
        apply_cluster_ids(G, found)
    seconds["clusters"], lap = time.perf_counter() - lap, time.perf_counter()
    ranked = bridges(G, seed=seed)
    seconds["bridges"], lap = time.perf_counter() - lap, time.perf_counter()
    files.append(save_graph(G, outdir))
    files += export(G, outdir, formats)
    seconds["export"] = time.perf_counter() - lap
    return BuildReport(G, found, isolated, ranked, files, seconds, len(pending), summary, changes)
