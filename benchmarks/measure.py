"""One benchmark size, measured in its own process (``benchmarks/run.py`` starts it).

Runs ingest → pipeline → extract → build → clusters → bridges → export on one
corpus, then the baselines for the ratios, and writes the result as JSON after
every step (so a run cut short by a timeout still reports the stages it finished).

    python benchmarks/measure.py CORPUS_DIR RESULT.json --processes 2 [--compare-betweenness]

>>> sorted(rss_mb())
['current', 'peak']
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.schema import CONCEPT_KINDS, SHARES_CONCEPT
from graph.building.projection import DEFAULT_TOP_K
from graph.memory import gc_paused

STAGES = ("ingest", "pipeline", "extract", "build", "clusters", "bridges", "export")


def rss_mb() -> dict[str, float]:
    """This process's resident memory now and at its peak, in MB (from /proc, else rusage)."""
    values: dict[str, float] = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                key = "current" if line.startswith("VmRSS") else "peak"
                values[key] = round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    if len(values) < 2:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        values = {"current": round(peak, 1), "peak": round(peak, 1)}
    return values


class Recorder:
    """Times stages, notes memory after each, and rewrites the result file every time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.result: dict[str, Any] = {"stages": {}, "rss_mb": {}, "ratios": {}}
        self.lap = time.perf_counter()

    def stage(self, name: str, minus: float = 0.0, plus: float = 0.0) -> None:
        """End stage ``name``: the time since the last one ``- minus + plus`` (work done
        interleaved with another stage is moved to the stage it belongs to)."""
        now = time.perf_counter()
        self.result["stages"][name] = round(now - self.lap - minus + plus, 3)
        self.result["rss_mb"][name] = rss_mb()["current"]
        self.lap = now
        self.save()

    def save(self) -> None:
        self.result["peak_rss_mb"] = rss_mb()["peak"]
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        self.result["peak_rss_worker_mb"] = round(children, 1)
        self.path.write_text(json.dumps(self.result, indent=2) + "\n")


def timed(run) -> tuple[float, Any]:
    started = time.perf_counter()
    value = run()
    return time.perf_counter() - started, value


def sparse_projection(G, max_df: float, min_papers_for_cap: int) -> int:
    """The bare ``X · diag(idf) · Xᵀ`` of the paper-by-concept matrix under the same cap as
    ``graph.building.builder.shared_concept_links``, in the same row blocks (the whole product
    of a million papers does not fit in memory); returns the number of linked pairs."""
    import numpy
    import scipy.sparse

    from graph.building.builder import linking_matrix
    from graph.building.projection import row_blocks

    _, concepts, X = linking_matrix(G, max_df, min_papers_for_cap)
    idf = numpy.array([G.nodes[key]["idf"] for key in concepts])
    weighted = (X @ scipy.sparse.diags(idf)).tocsr()
    transposed = X.T.tocsr()
    pairs = 0
    for start, stop in row_blocks(X):
        block = scipy.sparse.triu(weighted[start:stop] @ transposed, k=start + 1)
        block.eliminate_zeros()
        pairs += block.nnz
    return pairs


def compare_betweenness(
    G,
    budget: float,
    samples: int = 500,
    seeds: int = 4,
    more_samples: tuple[int, ...] = (300, 1000),
) -> dict[str, Any]:
    """The betweenness estimate ``graph.analysis.bridges`` uses (``samples`` sources stratified by
    cluster, linear scaling: :mod:`graph.analysis.sampling`) against exact betweenness on the paper
    projection (with the backend ``graph.analysis.bridges`` would choose): the speed-up (exact
    seconds / mean estimate seconds), the top-50 overlap of betweenness and of the bridge
    scores built on it (seed 0), the overlap with each of ``seeds`` seeds, and, for
    reference, uniform source sampling with as many sources. ``trade_off`` gives the
    speed-up and overlap with each of ``more_samples`` sources. The exact run is skipped
    when its estimate (uniform sampled time * papers / samples) exceeds ``budget`` seconds."""
    import numpy

    from graph.analysis.backends import betweenness, choose_backend, links_of
    from graph.analysis.bridges import bridge_scores, participation_of
    from graph.analysis.sampling import sampled_betweenness

    links = links_of(G)
    backend = choose_backend("auto", len(links.weight))
    n = int((links.degree() > 0).sum())
    k = min(samples, n)
    cluster = numpy.array([G.nodes[paper].get("cluster", -1) for paper in links.papers])
    uniform_s, uniform = timed(lambda: betweenness(links, k, 0, backend))
    estimate = uniform_s * n / max(k, 1)
    found = {"papers": n, "links": len(links.weight), "samples": k, "backend": backend,
             "uniform_s": round(uniform_s, 3), "exact_estimate_s": round(estimate, 1)}  # fmt: skip
    if estimate > budget:
        found["skipped"] = f"exact estimated at {estimate:.0f} s > budget {budget:.0f} s"
        return found
    runs = [
        timed(lambda seed=seed: sampled_betweenness(links, cluster, k, seed))
        for seed in range(seeds)
    ]
    sampled_s = statistics.mean(seconds for seconds, _ in runs)
    sampled = runs[0][1]
    exact_s, exact = timed(lambda: betweenness(links, None, 0, backend))

    def top(scores: numpy.ndarray) -> set[int]:
        return set(numpy.lexsort((numpy.arange(len(scores)), -scores))[:50].tolist())

    def overlap(first: numpy.ndarray, second: numpy.ndarray) -> float:  # of the top 50
        return len(top(first) & top(second)) / max(min(50, n), 1)

    participation = participation_of(links, cluster)

    def bridging(values: numpy.ndarray) -> numpy.ndarray:
        return bridge_scores(values, participation, cluster)

    by_seed = [overlap(exact, values) for _, values in runs]
    found.update(
        sampled_s=round(sampled_s, 3),
        exact_s=round(exact_s, 3),
        speedup=round(exact_s / max(sampled_s, 1e-9), 2),
        top50_overlap=overlap(exact, sampled),
        top50_overlap_by_seed=by_seed,
        top50_overlap_mean=round(statistics.mean(by_seed), 3),
        bridges_top50_overlap=overlap(bridging(exact), bridging(sampled)),
        uniform_top50_overlap=overlap(exact, uniform),
        uniform_speedup=round(exact_s / max(uniform_s, 1e-9), 2),
    )
    found["trade_off"] = []
    for more in (m for m in more_samples if m < n):
        more_s, more_values = timed(lambda more=more: sampled_betweenness(links, cluster, more, 0))
        found["trade_off"].append(
            {
                "samples": more,
                "sampled_s": round(more_s, 3),
                "speedup": round(exact_s / max(more_s, 1e-9), 2),
                "top50_overlap": overlap(exact, more_values),
            }
        )
    return found


def concept_stats(G) -> dict[str, Any]:
    """How heavy the extracted concepts' tail is: the commonest and the median df."""
    papers = sum(1 for _, kind in G.nodes(data="kind") if kind == "paper")
    dfs = sorted(
        (
            (data["df"], node)
            for node, data in G.nodes(data=True)
            if data.get("kind") in CONCEPT_KINDS
        ),
        reverse=True,
    )
    if not dfs:
        return {"concepts": 0}
    return {
        "concepts": len(dfs),
        "median_df": statistics.median(df for df, _ in dfs),
        "top": [[key, round(df / papers, 3)] for df, key in dfs[:5]],
    }


def measure(corpus: Path, out: Path, args: argparse.Namespace) -> dict[str, Any]:
    import spacy

    import extractors
    import graph
    from graph.building.builder import shared_concept_links

    recorder = Recorder(out)
    result = recorder.result
    ingested = graph.ingest([corpus / "pages"])
    papers = ingested.papers
    result["ingest"] = {
        "read": ingested.read, "written": len(papers), "merged": ingested.merged,
        "rejected": len(ingested.rejects), "title_only": ingested.title_only,
    }  # fmt: skip
    recorder.stage("ingest")
    nlp = extractors.build_pipeline()
    gc.freeze()  # as papergraph build does
    recorder.stage("pipeline")
    cap = {"max_df": args.max_df, "min_papers_for_cap": args.min_papers_for_cap}
    top_k = args.top_k or None
    builder = graph.GraphBuilder(top_k=top_k, **cap)
    records = extractors.extract(
        papers, nlp=nlp, n_process=args.processes, batch_size=args.batch_size
    )
    adding = 0.0  # time spent adding papers to the graph, counted as build, not extract
    with gc_paused():
        for paper, record in zip(papers, records, strict=True):
            started = time.perf_counter()
            builder.add(paper, record["mentions"])  # streamed: no mention list outlives its paper
            adding += time.perf_counter() - started
    recorder.stage("extract", minus=adding)
    G = builder.finish()
    recorder.stage("build", plus=adding)
    paper_links = graph.analysis.links_of(G)  # once, for both, as build_outdir does
    clustering = graph.analysis.clusters(G, seed=0, links=paper_links)
    found, isolated = clustering.clusters, clustering.isolated
    recorder.stage("clusters")
    ranked = graph.analysis.bridges(G, clustering=clustering, links=paper_links, seed=0)
    graph.analysis.annotate(G, clustering, ranked)
    recorder.stage("bridges")
    args.workdir.mkdir(parents=True, exist_ok=True)
    graphml = args.workdir / "papergraph.graphml"
    graph.write_graphml(G, graphml)
    recorder.stage("export")
    links = sum(1 for *_, kind in G.edges(keys=True) if kind == SHARES_CONCEPT)
    result["backends"] = {"clusters": G.graph["clusters_backend"],
                          "bridges": G.graph["bridges_betweenness"]}  # fmt: skip
    result["graph"] = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                       "links": links, "clusters": len(found), "isolated": len(isolated),
                       "bridges": len(ranked), "graphml_mb": round(graphml.stat().st_size / 1e6, 1),
                       **concept_stats(G)}  # fmt: skip
    graphml.unlink()
    recorder.save()

    blank = spacy.blank("en")

    def tokenize() -> int:  # the same driver, processes and batches, with a blank pipeline
        return sum(
            1
            for _ in extractors.extract(
                papers, nlp=blank, n_process=args.processes, batch_size=args.batch_size
            )
        )

    tokenizer_s, _ = timed(tokenize)
    extract_s = result["stages"]["extract"]
    result["ratios"]["extraction_vs_tokenizer"] = {
        "tokenizer_s": round(tokenizer_s, 3), "extract_s": extract_s,
        "value": round(tokenizer_s / extract_s, 3), "target": ">= 0.5"}  # fmt: skip
    recorder.save()

    # best of three each, alternating: one run of a fraction of a second is mostly noise
    projection_s, product_s = math.inf, math.inf
    for _ in range(3):
        seconds, library_links = timed(lambda: shared_concept_links(G, top_k=top_k, **cap))
        projection_s = min(projection_s, seconds)
        seconds, product_links = timed(lambda: sparse_projection(G, **cap))
        product_s = min(product_s, seconds)
    result["ratios"]["projection_vs_sparse_product"] = {
        "projection_s": round(projection_s, 3), "sparse_product_s": round(product_s, 3),
        "links": len(library_links), "product_links": product_links,
        "value": round(projection_s / max(product_s, 1e-9), 2), "target": "<= 1.5"}  # fmt: skip
    recorder.save()
    if args.compare_betweenness:
        result["ratios"]["betweenness"] = compare_betweenness(G, args.betweenness_budget)
        result["ratios"]["betweenness"]["target"] = "top-50 overlap >= 0.8 and >= 20x faster"
    recorder.save()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("result", type=Path)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--max-df", type=float, default=0.2)
    parser.add_argument("--min-papers-for-cap", type=int, default=20)
    parser.add_argument("--top-k", type=int, default=DEFAULT_TOP_K, help="0: keep all")
    parser.add_argument("--compare-betweenness", action="store_true")
    parser.add_argument("--betweenness-budget", type=float, default=600.0)
    parser.add_argument("--workdir", type=Path, required=True)
    args = parser.parse_args(argv)
    measure(args.corpus, args.result, args)


if __name__ == "__main__":
    main()
