"""Do papergraph's clusters recover research areas? The real-abstracts corpus, built and compared.

Builds ``../shared/corpora/ml-conference-abstracts.jsonl.gz`` (86,422 real abstracts)
with one ``papergraph build CORPUS -o OUT`` (or reads the graph already in ``OUT``) and
reports the build's time and peak memory, its links and isolated share, the clusters'
count and sizes, and how the clusters line up with what the corpus says of its papers:
the NMI and ARI (scikit-learn) of cluster against ``primary_area`` on the papers that
have one (4,651; also with the area's session number dropped, "Computer Vision II" as
"Computer Vision", and counting isolated papers as one more cluster), and per large
cluster its label, its most common ``primary_area`` with that area's purity, and its
most common author ``keywords``. ``--resolutions 0.5 1 2`` clusters the same graph
again at each resolution (Leiden, :mod:`graph.analysis.clusters`) and compares each;
``--bridges`` finds the bridges of each clustering too (count, share, the top 5).

    .venv/bin/python benchmarks/corpus_clusters.py -o /tmp/corpus-out --processes 2
    .venv/bin/python benchmarks/corpus_clusters.py -o /tmp/corpus-out --resolutions 0.5 1 2

Prints JSON lines (one summary per resolution) and a readable table on stderr. Commit
the figures (benchmarks/README.md), never the corpus text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
from graph import load_graph  # noqa: E402
from graph.analysis.backends import links_of  # noqa: E402
from graph.analysis.bridges import bridges  # noqa: E402
from graph.analysis.clusters import clusters  # noqa: E402

CORPUS = PROJECT.parent / "shared" / "corpora" / "ml-conference-abstracts.jsonl.gz"
LARGE = 200  # clusters at least this large get a line of their own
_SESSION = re.compile(r"\s+(?:I{1,3}|IV|V|VI{0,3}|\d+)$")


def build(corpus: Path, outdir: Path, processes: int) -> dict:
    """Run ``papergraph build`` on ``corpus`` into ``outdir``: seconds and peak memory."""
    papergraph = Path(sys.executable).with_name("papergraph")
    command = [str(papergraph), "build", str(corpus), "-o", str(outdir), "-q"]
    command += ["--processes", str(processes)]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
    return {"build_seconds": round(seconds, 1), "build_peak_gb": round(peak, 2)}


def annotations(corpus: Path) -> dict[str, dict]:
    """Corpus id -> its ``primary_area`` and ``keywords`` (only papers with either)."""
    found = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("primary_area") or record.get("keywords"):
                found[record["id"]] = {
                    "area": record.get("primary_area") or "",
                    "keywords": [
                        k.strip().casefold()
                        for k in re.split(r"[;,]", record.get("keywords") or "")
                        if k.strip()
                    ],
                }
    return found


def agreement(cluster_of: dict[str, int], truth: dict[str, str], isolated_apart: bool) -> dict:
    """NMI and ARI of the clusters against ``truth`` on the papers that have both;
    ``isolated_apart``: isolated papers are left out (else they count as one cluster)."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    papers = [p for p in truth if p in cluster_of and (cluster_of[p] >= 0 or not isolated_apart)]
    found = [cluster_of[p] for p in papers]
    expected = [truth[p] for p in papers]
    return {
        "papers": len(papers),
        "nmi": round(float(normalized_mutual_info_score(expected, found)), 3),
        "ari": round(float(adjusted_rand_score(expected, found)), 3),
    }


def per_cluster(G, clustering, known: dict[str, dict]) -> list[dict]:
    """Per cluster of at least ``LARGE`` papers: size, label, its most common primary
    area with its purity among the members that have one, and its top keywords."""
    rows = []
    for cluster in clustering.clusters:
        if cluster.size < LARGE:
            break
        areas = Counter(
            _area(known[p]["area"]) for p in cluster.papers if known.get(p, {}).get("area")
        )
        words = Counter(k for p in cluster.papers for k in known.get(p, {}).get("keywords", []))
        top, count = areas.most_common(1)[0] if areas else ("", 0)
        rows.append(
            {
                "id": cluster.id,
                "size": cluster.size,
                "label": cluster.label,
                "with_area": sum(areas.values()),
                "top_area": top,
                "purity": round(count / max(sum(areas.values()), 1), 2),
                "keywords": [k for k, _ in words.most_common(3)],
                "central": [G.nodes[p].get("title", p)[:70] for p in cluster.central],
            }
        )
    return rows


def _area(area: str) -> str:
    """A primary area without its session number: "Computer Vision II" -> "Computer Vision".

    >>> _area("Computer Vision II"), _area("Machine Learning")
    ('Computer Vision', 'Machine Learning')
    """
    return _SESSION.sub("", area.strip())


def bridge_summary(G, clustering, links, seed: int) -> dict:
    """The bridges of ``clustering``: how many, their share of the linked papers, the top 5."""
    start = time.process_time()
    ranking = bridges(G, clustering=clustering, links=links, seed=seed)
    linked = len(links.papers) - len(clustering.isolated)
    return {
        "bridges": len(ranking),
        "bridge_share": round(len(ranking) / max(linked, 1), 4),
        "bridges_cpu_seconds": round(time.process_time() - start, 1),
        "bridges_method": ranking.method,
        "top_bridges": [
            {
                "title": G.nodes[b.paper].get("title", b.paper)[:80],
                "joins": b.joins,
                "via": {c: [G.nodes[k].get("name", k) for k in keys] for c, keys in b.via.items()},
            }
            for b in ranking.bridges[:5]
        ],
    }


def summary(
    G, known: dict[str, dict], resolution: float, seed: int, with_bridges: bool = False
) -> tuple[dict, list[dict]]:
    """Cluster ``G`` at ``resolution`` and compare with the corpus's areas."""
    links = links_of(G)
    start, cpu = time.perf_counter(), time.process_time()
    clustering = clusters(G, resolution=resolution, seed=seed, links=links)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    cluster_of = clustering.cluster_of()
    papers = len(cluster_of)
    sizes = sorted((c.size for c in clustering.clusters), reverse=True)
    raw = {p: k["area"] for p, k in known.items() if k["area"]}
    merged = {p: _area(area) for p, area in raw.items()}
    result = {
        "resolution": resolution,
        "papers": papers,
        "links": len(links.weight),
        "isolated_share": round(len(clustering.isolated) / max(papers, 1), 3),
        "clusters": len(sizes),
        "cluster_seconds": round(seconds, 1),
        "cluster_cpu_seconds": round(cpu, 1),
        "largest": sizes[:10],
        "clusters_of_50_or_more": sum(size >= 50 for size in sizes),
        "papers_in_clusters_of_50_or_more": round(
            sum(size for size in sizes if size >= 50) / max(papers, 1), 3
        ),
        "primary_area": agreement(cluster_of, raw, isolated_apart=True),
        "primary_area_sessions_merged": agreement(cluster_of, merged, isolated_apart=True),
        "primary_area_isolated_as_one": agreement(cluster_of, merged, isolated_apart=False),
    }
    if with_bridges:
        result |= bridge_summary(G, clustering, links, seed)
    return result, per_cluster(G, clustering, known)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("-o", "--outdir", type=Path, required=True)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--rebuild", action="store_true", help="build even if OUT has a graph")
    parser.add_argument("--resolutions", type=float, nargs="+", default=[1.0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bridges", action="store_true", help="find the bridges too")
    args = parser.parse_args(argv)
    measured = {}
    if args.rebuild or not (args.outdir / "graph.json").exists():
        measured = build(args.corpus, args.outdir, args.processes)
    G = load_graph(args.outdir)
    known = annotations(args.corpus)
    for resolution in args.resolutions:
        result, rows = summary(G, known, resolution, args.seed, args.bridges)
        print(json.dumps({**measured, **result, "large_clusters": rows}), flush=True)
        _show({**measured, **result}, rows)


def _show(result: dict, rows: list[dict]) -> None:
    """The summary and the large clusters as readable lines on stderr."""
    area = result["primary_area_sessions_merged"]
    print(
        f"resolution {result['resolution']}: {result['clusters']} clusters, largest "
        f"{result['largest']}, isolated {result['isolated_share']:.1%}; primary_area NMI "
        f"{area['nmi']} ARI {area['ari']} on {area['papers']} papers",
        file=sys.stderr,
    )
    for row in rows:
        print(
            f"  #{row['id']:<4} {row['size']:>6}  {row['label'][:60]:<60}  "
            f"{row['top_area'] or '-'} {row['purity']:.0%} of {row['with_area']}; "
            f"{', '.join(row['keywords'])}",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
