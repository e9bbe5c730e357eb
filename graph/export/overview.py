"""A PNG overview of the graph: papers as dots coloured by cluster, clusters labelled.

Drawn with matplotlib (no screen needed) from the paper projection, laid out by
networkx's seeded spring layout so that the picture is the same every time. Large
graphs are thinned to the ``max_papers`` best-linked papers of the largest
clusters; isolated papers are counted in the caption, not drawn. Labels are drawn as
plain text (a ``$`` in a concept name is not TeX), without the characters no font has
(control characters, lone surrogates).

>>> import os, tempfile
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for a, b in [("a", "b"), ("b", "c"), ("d", "e")]:
...     _ = G.add_edge(a, b, key="SHARES_CONCEPT", type="SHARES_CONCEPT", weight=1.0, shared=[])
>>> for paper, cluster in zip("abcde", [0, 0, 0, 1, 1]):
...     G.nodes[paper].update(kind="paper", cluster=cluster, cluster_label=f"topic {cluster}")
>>> path = os.path.join(tempfile.mkdtemp(), "overview.png")
>>> draw_overview(G, path)
>>> open(path, "rb").read(4)
b'\\x89PNG'
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx

from graph.analysis.clusters import ISOLATED, ordered_subgraph, paper_projection
from graph.export.flat import xml_safe

__all__ = ["draw_overview"]

COLOURED_CLUSTERS = 20
LABELLED_CLUSTERS = 10


def _drawn_papers(P: nx.Graph, cluster_of: dict[str, int], max_papers: int) -> list[str]:
    """The linked papers to draw: all of them, or the best-linked of the largest clusters."""
    linked = [paper for paper in P if P.degree(paper) > 0]
    if len(linked) <= max_papers:
        return linked
    size = Counter(cluster_of[paper] for paper in linked)
    ranked = sorted(linked, key=lambda p: (-size[cluster_of[p]], -P.degree(p, weight="weight"), p))
    return sorted(ranked[:max_papers])


def _layout(drawn: nx.Graph, cluster_of: dict[str, int], seed: int) -> dict[str, tuple]:
    """Clusters as discs around a circle, largest first, each disc's area growing
    with the cluster's size and its papers placed by a seeded spring layout."""
    members: dict[int, list[str]] = defaultdict(list)
    for paper in drawn:
        members[cluster_of[paper]].append(paper)
    order = sorted(members, key=lambda c: (-len(members[c]), c))
    radius = {c: len(members[c]) ** 0.5 for c in order}
    circumference = sum(2.3 * r for r in radius.values())
    ring = circumference / (2 * math.pi) if len(order) > 1 else 0.0
    position, travelled = {}, 0.0
    for cluster in order:
        angle = 2 * math.pi * (travelled + 1.15 * radius[cluster]) / max(circumference, 1e-9)
        travelled += 2.3 * radius[cluster]
        centre = (ring * math.cos(angle), ring * math.sin(angle))
        papers = ordered_subgraph(drawn, members[cluster])
        position.update(
            nx.spring_layout(
                papers, weight="weight", seed=seed, center=centre, scale=radius[cluster]
            )
        )
    return position


def draw_overview(
    G: nx.MultiDiGraph,
    path: str | Path,
    *,
    max_papers: int = 2000,
    seed: int = 0,
    title: str = "papergraph",
) -> None:
    """Draw the clusters of ``G`` (paper nodes need ``cluster`` and ``cluster_label``,
    as :func:`graph.analysis.clusters` writes them) into a PNG file at ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    P = paper_projection(G)
    cluster_of = {paper: G.nodes[paper].get("cluster", ISOLATED) for paper in P}
    drawn = ordered_subgraph(P, _drawn_papers(P, cluster_of, max_papers))
    position = _layout(drawn, cluster_of, seed)
    colours = plt.get_cmap("tab20").colors
    figure, axes = plt.subplots(figsize=(12, 9), dpi=100)
    axes.set_axis_off()
    nx.draw_networkx_edges(drawn, position, ax=axes, alpha=0.08, width=0.5)
    node_colours = [
        colours[cluster_of[p] % len(colours)]
        if 0 <= cluster_of[p] < COLOURED_CLUSTERS
        else (0.8, 0.8, 0.8)
        for p in drawn
    ]
    nx.draw_networkx_nodes(
        drawn, position, ax=axes, node_size=18, node_color=node_colours, linewidths=0
    )
    members: dict[int, list[str]] = defaultdict(list)
    for paper in drawn:
        members[cluster_of[paper]].append(paper)
    largest = sorted((c for c in members if c != ISOLATED), key=lambda c: (-len(members[c]), c))
    for cluster in largest[:LABELLED_CLUSTERS]:
        xs = [position[p][0] for p in members[cluster]]
        ys = [position[p][1] for p in members[cluster]]
        label = G.nodes[members[cluster][0]].get("cluster_label") or ""
        text = f"#{cluster} ({len(members[cluster])}) {xml_safe(label[:64])}"
        axes.annotate(
            text,
            (sum(xs) / len(xs), sum(ys) / len(ys)),
            parse_math=False,  # a "$" in a concept name is text, not TeX
            fontsize=8,
            ha="center",
            bbox={"boxstyle": "round", "fc": "white", "ec": "0.6", "alpha": 0.85},
        )
    isolated = sum(1 for paper in P if P.degree(paper) == 0)
    shown = "" if len(drawn) == P.number_of_nodes() - isolated else f", {len(drawn)} drawn"
    axes.set_title(
        f"{xml_safe(title)}: {P.number_of_nodes()} papers, {P.number_of_edges()} links, "
        f"{len(set(cluster_of.values()) - {ISOLATED})} clusters, "
        f"{isolated} isolated (not drawn){shown}",
        fontsize=10,
        parse_math=False,
    )
    figure.tight_layout()
    figure.savefig(path, format="png", metadata={"Software": None})
    plt.close(figure)
