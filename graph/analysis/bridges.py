"""Bridging papers: the papers that connect different clusters, and what they connect.

A bridge scores high on two counts, combined as their geometric mean:

* **betweenness** on the paper projection, where a strong link is a short one
  (``distance = 1 / weight``), relative to the highest in the graph: exact up to
  ``exact_limit`` linked papers (and ``work`` link relaxations in all: about 7 s
  per 5 million in networkx, 4x that many with igraph, see :mod:`graph.analysis.backends`),
  above that estimated from ``samples`` seeded source papers stratified by cluster,
  with linear scaling (:mod:`graph.analysis.sampling`, 8x that many relaxations), fewer
  sources when that many would be over the budget. When even ``min_samples``
  searches are over the budget, a measure linear in the links takes its place:
  **cluster-graph flow**, the paper's share of the betweenness of the edges
  between clusters that its links make up (:func:`_cluster_flow`);
* **participation** (Guimerà and Amaral's coefficient): ``1 - Σ_c (w_c / w)²``
  over the link weight ``w_c`` the paper has into each cluster ``c`` — 0 when all
  its links stay in one cluster, near 1 when they spread over many.

A paper whose links all stay in its own cluster is never a bridge, however
central it is. :func:`bridges` reads the graph and returns a :class:`BridgeRanking`;
it writes nothing into the graph (:func:`graph.analysis.annotate.annotate` does that).
Two dense groups joined through one paper, with three links into each:

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> links = [(a, b) for group in ("abcd", "efgh") for a in group for b in group if a < b]
>>> links += [(a, "x") for a in "abc"] + [("x", e) for e in "efg"]
>>> for a, b in links:
...     _ = G.add_edge(a, b, key="SHARES_CONCEPT", type="SHARES_CONCEPT", weight=1.0,
...                    shared=["benchmark:glue" if b == "x" else "method:lora"])
>>> for paper in G:
...     G.nodes[paper]["kind"] = "paper"
>>> ranking = bridges(G, seed=1)
>>> top = ranking.bridges[0]
>>> top.paper, top.joins, ranking.method, "bridge_rank" in G.nodes["x"]
('x', [0, 1], 'exact betweenness, networkx', False)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

import networkx as nx
import numpy

from extractors.schema import SHARES_CONCEPT
from graph.analysis.backends import Links, betweenness, choose_backend, links_of
from graph.analysis.clusters import ISOLATED, Clustering, clusters
from graph.analysis.excess import ALPHA, reaching
from graph.analysis.sampling import sampled_betweenness
from graph.building.links import TERM_PREFIX
from graph.memory import gc_paused

__all__ = ["Bridge", "BridgeRanking", "bridge_scores", "bridges", "participation_of"]


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class BridgeRanking:
    """What :func:`bridges` found: the ``bridges``, best first, and how the betweenness
    part of their score was computed (``method``). It reads as the sequence of its
    bridges (``ranking[0]`` is the best).

    >>> ranking = BridgeRanking([Bridge("x", 0.5, 1.0, 0.25, 0, [0, 1])], "exact betweenness")
    >>> len(ranking), ranking[0].paper, [b.paper for b in ranking]
    (1, 'x', ['x'])
    """

    bridges: list[Bridge]
    method: str

    def __len__(self) -> int:
        return len(self.bridges)

    def __iter__(self) -> Iterator[Bridge]:
        return iter(self.bridges)

    def __getitem__(self, index):
        return self.bridges[index]


MAX_BRIDGE_SHARE = 0.1  # at most this share of the linked papers are bridges
IGRAPH_SPEEDUP = 4  # measured: igraph's betweenness relaxes links ~4x faster than networkx
SAMPLED_SPEEDUP = 8  # and graph.analysis.sampling 10-14x (37.5M relaxations in 2.7-3.9 s at 10k)


def _cluster_flow(links: Links, cluster: numpy.ndarray, seed: int, samples: int) -> numpy.ndarray:
    """Each paper's share of the shortest-path traffic between clusters.

    The cluster graph joins two clusters with the total weight of the links between
    them; its edge betweenness (``distance = 1 / weight``; from ``samples`` seeded
    sources when it has more clusters) is shared among the papers whose links make
    up that edge, in proportion to their link weight. Linear in the links, plus
    betweenness on the small cluster graph.
    """
    crossing = cluster[links.first] != cluster[links.second]
    low = numpy.minimum(cluster[links.first], cluster[links.second])[crossing]
    high = numpy.maximum(cluster[links.first], cluster[links.second])[crossing]
    weight = links.weight[crossing]
    pairs, inverse = numpy.unique(numpy.column_stack([low, high]), axis=0, return_inverse=True)
    inverse = inverse.ravel()
    total = numpy.bincount(inverse, weights=weight, minlength=len(pairs))
    C = nx.Graph()
    edges = zip(pairs[:, 0].tolist(), pairs[:, 1].tolist(), (1.0 / total).tolist(), strict=True)
    C.add_weighted_edges_from(edges, weight="distance")
    k = samples if C.number_of_nodes() > samples else None
    flow = nx.edge_betweenness_centrality(C, k=k, weight="distance", seed=seed)
    per_pair = numpy.array(
        [flow[(a, b)] if (a, b) in flow else flow[(b, a)] for a, b in pairs.tolist()]
    )
    share = per_pair[inverse] * weight / total[inverse]
    ends = numpy.concatenate([links.first[crossing], links.second[crossing]])
    both = numpy.concatenate([share, share])
    return numpy.bincount(ends, weights=both, minlength=len(links.papers))


def _importance(
    links: Links, cluster: numpy.ndarray, settings: dict, backend: str
) -> tuple[numpy.ndarray, str]:
    """Betweenness (exact or sampled) or, beyond the work budget, cluster flow; and which."""
    n = int((links.degree() > 0).sum())
    count = max(len(links.weight), 1)
    work = settings["work"] * (IGRAPH_SPEEDUP if backend == "igraph" else 1)
    seed = settings["seed"]
    if n <= settings["exact_limit"] and n * count <= work:
        return betweenness(links, None, seed, backend), f"exact betweenness, {backend}"
    k = min(settings["samples"], n, settings["work"] * SAMPLED_SPEEDUP // count)
    if k >= settings["min_samples"]:
        found = sampled_betweenness(links, cluster, k, seed)
        method = f"betweenness sampled from {k} of {n} papers, stratified by cluster, "
        return found, method + "linear scaling"
    flow = _cluster_flow(links, cluster, seed, settings["samples"])
    return flow, "cluster-graph flow, betweenness being over the work budget"


def _via(
    G: nx.MultiDiGraph, paper: str, cluster_of: dict[str, int], keep: int
) -> tuple[dict[int, float], dict[int, list[str]]]:
    """Link weight into each cluster, and the specific concepts (not generic, not
    shared terms) ``paper`` links there through, by link weight times concept weight."""
    weight_into: dict[int, float] = defaultdict(float)
    concepts_into: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for adjacency in (G.succ[paper], G.pred[paper]):
        for neighbour, keyed in adjacency.items():
            link = keyed.get(SHARES_CONCEPT)
            if link is None:
                continue
            other = cluster_of[neighbour]
            weight_into[other] += link["weight"]
            for key in link.get("shared", []):
                concept = G.nodes.get(key, {})  # specific concepts only, no shared terms
                if key.startswith(TERM_PREFIX) or concept.get("generic", False):
                    continue
                concepts_into[other][key] += link["weight"] * concept.get("weight", 1.0)
    via = {}
    for other, found in concepts_into.items():
        strongest = sorted(found.items(), key=lambda item: (-item[1], item[0]))
        via[other] = [key for key, _ in strongest][:keep]
    return weight_into, via


def _cluster_per_paper(
    G: nx.MultiDiGraph, links: Links, clustering: Clustering | None, seed: int, backend: str
) -> dict[str, int]:
    """Each paper's cluster: from ``clustering``; else from the graph's ``cluster``
    attributes when every paper has one (a saved graph); else from :func:`clusters`."""
    if clustering is not None:
        return clustering.cluster_of()
    if all("cluster" in G.nodes[paper] for paper in links.papers):
        return {paper: G.nodes[paper]["cluster"] for paper in links.papers}
    return clusters(G, seed=seed, links=links).cluster_of()


def _explained(
    G: nx.MultiDiGraph,
    candidates: list[tuple[str, int, float, float, float]],
    reached: dict[str, list[int]],
    cluster_of: dict[str, int],
    most: int,
    keep: int,
) -> list[Bridge]:
    """The first ``most`` of ``candidates`` (paper, own cluster, score, importance,
    participation; best first) that reach into another cluster beyond the block model's
    expectation (``reached``: paper -> those clusters, :mod:`graph.analysis.excess`)
    and share specific concepts with at least two clusters (its own or others), as
    bridges; a paper linked across clusters only by generic concepts or shared words
    is none."""
    found = []
    for paper, own, score, importance, participation in candidates:
        if len(found) >= most:
            break
        if paper not in reached:
            continue
        _, via = _via(G, paper, cluster_of, keep)
        others = [c for c in reached[paper] if via.get(c)]
        if others and (via.get(own) or len(others) >= 2):  # specific into two clusters
            joins = [own, *others]
            evidence = {c: via[c] for c in others}
            found.append(Bridge(paper, score, importance, participation, own, joins, evidence))
    found.sort(key=lambda bridge: (-bridge.score, bridge.paper))
    return found


@gc_paused()
def bridges(
    G: nx.MultiDiGraph,
    top: int | None = None,
    *,
    clustering: Clustering | None = None,
    links: Links | None = None,
    exact_limit: int = 3000,
    samples: int = 500,
    min_samples: int = 100,
    work: int = 5_000_000,
    seed: int = 0,
    concepts_per_cluster: int = 3,
    backend: str = "auto",
    max_share: float | None = MAX_BRIDGE_SHARE,
    alpha: float = ALPHA,
) -> BridgeRanking:
    """Papers ranked by how much they connect different clusters, best first (the
    ``top`` best; all when ``None``).

    The clusters come from ``clustering``; without it, from the papers' ``cluster``
    attributes (a saved graph), or :func:`clusters` runs. ``links`` is the projection
    :func:`graph.analysis.backends.links_of` made of ``G``, when the caller has it
    already. ``G`` is only read: :func:`graph.analysis.annotate.annotate` writes the
    ranking into it.

    A bridge is rare and explained: a paper is one only when its links into another
    cluster are in excess of what its cluster-mates have, at a binomial tail of ``alpha``
    (0.01) under the degree-corrected block model (:mod:`graph.analysis.excess`), one of
    them at least sharing a specific concept, and it shares specific concepts with at
    least two clusters (``via`` lists those concepts, the strongest first), so that a
    paper linked across clusters only by a generic concept or by shared words is none;
    at most the best-scoring ``max_share`` (10%) of the linked papers are listed
    (``None``: no cap).
    """
    links = links_of(G) if links is None else links
    papers = links.papers
    cluster_of = _cluster_per_paper(G, links, clustering, seed, backend)
    cluster = numpy.array([cluster_of[paper] for paper in papers], dtype=numpy.int64)
    backend = choose_backend(backend, len(links.weight))
    settings = {
        "exact_limit": exact_limit,
        "samples": samples,
        "min_samples": min_samples,
        "work": work,
        "seed": seed,
    }
    importance, method = _importance(links, cluster, settings, backend)
    participation = participation_of(links, cluster)
    scores = bridge_scores(importance, participation, cluster)
    candidates = []
    for i in numpy.argsort(-scores, kind="stable").tolist():
        if scores[i] <= 0:
            break
        values = float(scores[i]), float(importance[i]), float(participation[i])
        candidates.append((papers[i], int(cluster[i]), *values))
    linked = int((cluster != ISOLATED).sum())
    most = math.ceil(max_share * linked) if max_share is not None else len(papers)
    reached = {papers[i]: found for i, found in reaching(G, links, cluster, alpha).items()}
    found = _explained(G, candidates, reached, cluster_of, most, concepts_per_cluster)
    return BridgeRanking(found if top is None else found[:top], method)


def bridge_scores(
    importance: numpy.ndarray, participation: numpy.ndarray, cluster: numpy.ndarray
) -> numpy.ndarray:
    """Every paper's bridge score: ``sqrt(importance / highest importance *
    participation)``, 0 for isolated papers (``cluster`` -1).

    >>> bridge_scores(numpy.array([2.0, 1.0, 1.0]), numpy.array([0.5, 0.5, 0.5]),
    ...               numpy.array([0, 1, ISOLATED])).tolist()
    [0.7071067811865476, 0.5, 0.0]
    """
    highest = importance.max(initial=0.0) or 1.0
    scores = numpy.sqrt(importance / highest * participation)
    return numpy.where(cluster != ISOLATED, scores, 0.0)


def participation_of(links: Links, cluster: numpy.ndarray) -> numpy.ndarray:
    """Guimerà and Amaral's participation coefficient of every paper (0 when unlinked)."""
    ends = numpy.concatenate([links.first, links.second])
    into = numpy.concatenate([cluster[links.second], cluster[links.first]])
    weights = numpy.concatenate([links.weight, links.weight])
    width = int(cluster.max(initial=0)) + 2
    pairs, inverse = numpy.unique(ends * width + (into + 1), return_inverse=True)
    per_pair = numpy.bincount(inverse.ravel(), weights=weights, minlength=len(pairs))
    strength = numpy.bincount(ends, weights=weights, minlength=len(links.papers))
    owner = pairs // width
    squares = (per_pair / strength[owner]) ** 2
    spread = numpy.bincount(owner, weights=squares, minlength=len(links.papers))
    return numpy.where(strength > 0, 1.0 - spread, 0.0)
