"""Bridging papers: the papers that connect different clusters, and what they connect.

A bridge scores high on two counts, combined as their geometric mean:

* **betweenness** on the paper projection, where a strong link is a short one
  (``distance = 1 / weight``), relative to the highest betweenness in the graph;
  exact up to ``exact_limit`` linked papers (and ``work`` link relaxations in
  all), above that estimated from ``samples`` seeded source papers, fewer when
  ``samples`` searches would relax more than ``work`` links (so its cost is
  bounded on any graph: about 7 s per 5 million relaxations in networkx);
* **participation** (Guimerà and Amaral's coefficient): ``1 - Σ_c (w_c / w)²``
  over the link weight ``w_c`` the paper has into each cluster ``c`` — 0 when all
  its links stay in one cluster, near 1 when they spread over many.

A paper whose links all stay in its own cluster is never a bridge, however
central it is. Two dense groups joined through one paper:

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> links = [(a, b) for group in ("abcd", "efgh") for a in group for b in group if a < b]
>>> links += [("a", "x"), ("x", "e")]
>>> for a, b in links:
...     _ = G.add_edge(a, b, key="SHARES_CONCEPT", type="SHARES_CONCEPT", weight=1.0,
...                    shared=["benchmark:glue" if b == "x" else "method:lora"])
>>> for paper in G:
...     G.nodes[paper]["kind"] = "paper"
>>> found = bridges(G, seed=1)
>>> top = found[0]
>>> top.paper, top.joins, G.nodes["x"]["bridge_rank"]
('x', [0, 1], 1)
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict, dataclass, field

import networkx as nx

from graph.clusters import ISOLATED, clusters, ordered_subgraph, paper_projection

__all__ = ["Bridge", "bridges"]


@dataclass
class Bridge:
    """A bridging paper: its ``score`` (0..1) and the two measures it combines, its
    own ``cluster``, the clusters it ``joins`` (its own first, then by link weight)
    and, per other cluster, the concept keys ``via`` which it links there."""

    paper: str
    score: float
    betweenness: float
    participation: float
    cluster: int
    joins: list[int]
    via: dict[int, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The bridge as ``G.graph["bridges"]`` keeps it."""
        return {**asdict(self), "via": {str(c): keys for c, keys in self.via.items()}}


def _betweenness(P: nx.Graph, exact_limit: int, samples: int, work: int, seed: int
                 ) -> tuple[dict[str, float], str]:  # fmt: skip
    """Betweenness with ``distance = 1 / weight``, and how it was computed.

    Exact (one shortest-path search from every paper) when there are at most
    ``exact_limit`` papers and the searches relax at most ``work`` links in all;
    otherwise from ``samples`` seeded source papers, fewer if that many searches
    would relax more than ``work`` links.
    """
    for a, b, weight in P.edges(data="weight"):
        P.edges[a, b]["distance"] = 1.0 / weight if weight > 0 else math.inf
    n, links = P.number_of_nodes(), max(P.number_of_edges(), 1)
    if n <= exact_limit and n * links <= work:
        return nx.betweenness_centrality(P, weight="distance"), "exact"
    k = max(1, min(samples, n, work // links))
    found = nx.betweenness_centrality(P, k=k, weight="distance", seed=seed)
    return found, f"sampled from {k} of {n} papers"


def bridges(
    G: nx.MultiDiGraph,
    top: int | None = None,
    *,
    exact_limit: int = 3000,
    samples: int = 300,
    work: int = 5_000_000,
    seed: int = 0,
    concepts_per_cluster: int = 3,
) -> list[Bridge]:
    """Papers ranked by how much they connect different clusters, best first.

    Uses the ``cluster`` attribute of the paper nodes, running :func:`clusters`
    first if it is missing. Writes ``bridge_score`` (0.0 for papers that are not
    bridges), ``bridge_rank`` (1 for the best bridge, 0 for none) and
    ``bridge_clusters`` (the clusters a bridge joins, ``[]`` for none) onto every
    paper node, the bridges as dicts into ``G.graph["bridges"]`` and how
    betweenness was computed into ``G.graph["bridges_betweenness"]`` (``"exact"``
    or ``"sampled from k of n papers"``); returns the ``top`` best (all when ``None``).
    """
    P = paper_projection(G)
    if any("cluster" not in G.nodes[paper] for paper in P):
        clusters(G, seed=seed)
    cluster_of = {paper: G.nodes[paper]["cluster"] for paper in P}
    linked = ordered_subgraph(P, (paper for paper in P if P.degree(paper) > 0))
    betweenness, method = _betweenness(linked, exact_limit, samples, work, seed)
    highest = max(betweenness.values(), default=0.0) or 1.0
    found = []
    for paper in linked:
        weight_into: dict[int, float] = defaultdict(float)
        concepts_into: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for neighbour, link in linked[paper].items():
            other = cluster_of[neighbour]
            weight_into[other] += link["weight"]
            for key in link.get("shared", []):
                concepts_into[other][key] += link["weight"]
        total = sum(weight_into.values())
        participation = 1.0 - sum((w / total) ** 2 for w in weight_into.values())
        relative = betweenness.get(paper, 0.0) / highest
        score = math.sqrt(relative * participation)
        own = cluster_of[paper]
        if score <= 0 or own == ISOLATED:
            continue
        others = sorted((c for c in weight_into if c != own), key=lambda c: (-weight_into[c], c))
        via = {
            c: [
                key
                for key, _ in sorted(concepts_into[c].items(), key=lambda item: (-item[1], item[0]))
            ][:concepts_per_cluster]
            for c in others
        }
        found.append(
            Bridge(paper, score, betweenness[paper], participation, own, [own, *others], via)
        )
    found.sort(key=lambda bridge: (-bridge.score, bridge.paper))
    for paper in P:
        G.nodes[paper].update(bridge_score=0.0, bridge_rank=0, bridge_clusters=[])
    for rank, bridge in enumerate(found, 1):
        G.nodes[bridge.paper].update(
            bridge_score=bridge.score, bridge_rank=rank, bridge_clusters=bridge.joins
        )
    G.graph["bridges"] = [bridge.to_dict() for bridge in found]
    G.graph["bridges_betweenness"] = method
    return found if top is None else found[:top]
