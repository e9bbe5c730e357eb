"""Clusters of papers: communities of the paper projection, labelled by what sets them apart.

The communities are Leiden's (python-igraph, objective modularity on the link weights,
seeded), so every cluster is connected. **The resolution rule**: plain modularity,
``resolution = 1``, for every corpus. Its null model is the configuration model that
keeps each paper's links, the same one :mod:`graph.analysis.excess` tests bridges
against, so that "a cluster" and "a paper reaching beyond its cluster" are measured
against one expectation; no corpus-dependent knob is tuned. Measured on the 86,422 real
abstracts against the papers' own ``primary_area`` (``benchmarks/corpus_clusters.py``,
``benchmarks/README.md``), resolutions 0.5, 1 and 2 give 31, 58 and 147 clusters, NMI
0.23, 0.27, 0.28 and ARI 0.13, 0.07, 0.03: finer clusters gain a little NMI and lose
ARI, and 1 sits between, so the measurement gives no reason to leave the null model's
own value. ``resolution`` above 1 gives more, smaller clusters, for a reader who wants them.

A cluster is labelled by its most distinctive topics, methods and benchmarks (common
in the cluster, rare in the others, and not generic in the background abstracts;
:func:`_distinctive`), never by a metric, and lists its ``central`` papers.
:func:`clusters` reads the graph and returns a :class:`Clustering`; it writes nothing
into the graph (:func:`graph.analysis.annotate.annotate` does that).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for paper in "abcdefg":
...     G.add_node(paper, kind="paper")
>>> for a, b in [("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")]:
...     _ = G.add_edge(a, b, key="SHARES_CONCEPT", type="SHARES_CONCEPT", weight=1.0, shared=[])
>>> clustering = clusters(G, seed=1)
>>> [c.papers for c in clustering.clusters], clustering.isolated
([['a', 'b', 'c'], ['d', 'e', 'f']], ['g'])
>>> clustering.cluster_of()["a"], clustering.cluster_of()["g"], "cluster" in G.nodes["a"]
(0, -1, False)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import networkx as nx
import numpy

from extractors.schema import SHARES_CONCEPT
from graph.analysis.backends import Links, communities, links_of
from graph.memory import gc_paused

__all__ = ["Cluster", "Clustering", "clusters", "ordered_subgraph", "paper_projection"]

ISOLATED = -1
LABEL_KINDS = ("topic", "method", "benchmark")
LABEL_NAMES = 3  # concepts named in a label, at most
LABEL_SHARE = 0.3  # each scoring at least this share of the cluster's most distinctive one


@dataclass(frozen=True)
class Cluster:
    """A cluster: its ``id``, sorted ``papers``, its share of the modularity, a ``label``
    from its most distinctive topics, methods and benchmarks (``concepts``: kind -> keys)
    and its ``central`` papers (most link weight inside the cluster)."""

    id: int
    papers: list[str]
    modularity: float
    label: str = ""
    concepts: dict[str, list[str]] = field(default_factory=dict)
    central: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.papers)

    def to_dict(self) -> dict:
        """The cluster as ``G.graph["clusters"]`` keeps it: everything but the members."""
        return {
            "id": self.id,
            "size": self.size,
            "label": self.label,
            "modularity": self.modularity,
            "concepts": {kind: list(keys) for kind, keys in self.concepts.items()},
            "central": list(self.central),
        }


@dataclass(frozen=True)
class Clustering:
    """What :func:`clusters` found: the ``clusters`` (largest first), the ``isolated``
    papers (linked to none) and the ``backend`` that ran Leiden.

    >>> found = Clustering([Cluster(0, ["a", "b"], 0.1)], ["c"])
    >>> found.cluster_of()
    {'a': 0, 'b': 0, 'c': -1}
    >>> found.renumbered({0: 7}).cluster_of()["a"]
    7
    """

    clusters: list[Cluster]
    isolated: list[str]
    backend: str = "igraph"

    def cluster_of(self) -> dict[str, int]:
        """Each paper's cluster id, ``-1`` (``ISOLATED``) for an isolated paper."""
        found = {paper: cluster.id for cluster in self.clusters for paper in cluster.papers}
        return found | dict.fromkeys(self.isolated, ISOLATED)

    def renumbered(self, ids: Mapping[int, int]) -> Clustering:
        """The same clustering with every cluster's id ``ids[id]`` (order kept)."""
        return replace(self, clusters=[replace(c, id=ids[c.id]) for c in self.clusters])


def paper_projection(G: nx.MultiDiGraph, weight: str = "weight") -> nx.Graph:
    """The undirected graph of papers and their ``SHARES_CONCEPT`` links (weight, shared).

    Nodes and edges are added in sorted order, so that seeded algorithms on the
    projection give the same answer for a built graph and for the same graph
    loaded from disk.
    """
    P = nx.Graph()
    P.add_nodes_from(sorted(n for n, kind in G.nodes(data="kind") if kind == "paper"))
    links = [
        (a, b, data) for a, b, data in G.edges(data=True) if data.get("type") == SHARES_CONCEPT
    ]
    links.sort(key=lambda link: link[:2])
    for a, b, data in links:
        P.add_edge(a, b, weight=data.get(weight, 1.0), shared=data.get("shared", []))
    return P


def ordered_subgraph(P: nx.Graph, nodes: Iterable[str]) -> nx.Graph:
    """The subgraph of ``P`` on ``nodes``, as a graph of its own whose nodes and edges
    come in ``P``'s order.

    networkx's ``P.subgraph(nodes)`` view walks a small subset in the order of a
    Python set, which changes with the hash seed from one run to the next; seeded
    algorithms (sampled betweenness, layouts) on such a view would too.

    >>> P = nx.path_graph(["a", "b", "c", "d"])
    >>> list(ordered_subgraph(P, {"c", "b"}).edges)
    [('b', 'c')]
    """
    keep = set(nodes)
    order = [node for node in P if node in keep]
    H = nx.Graph()
    H.add_nodes_from(order)
    H.add_edges_from((a, b, data) for a in order for b, data in P.adj[a].items() if b in keep)
    return H


def _distinctive(
    G: nx.MultiDiGraph, members: list[str], papers: int, top: int
) -> dict[str, list[tuple[float, str]]]:
    """Per kind (topics, methods, benchmarks), the ``top`` concepts that set ``members``
    apart, best first, each with its score: ``(n / size) * (n / df) * weight`` for a
    concept that ``n`` of the cluster's ``size`` members and ``df`` of all papers mention
    — common inside the cluster, rare outside it (a concept every cluster shares scores
    low however frequent), and specific in the background abstracts (``weight``, its
    background-and-corpus rarity; ``idf`` scaled when the graph has none). Only concepts
    mentioned by at least two members (or the only member); metrics and generic
    concepts (``generic``: in 1% of the background papers) never name a cluster.
    ``papers`` is the number of papers of the graph."""
    counts: Counter[str] = Counter()
    for paper in members:
        counts.update(
            concept
            for concept in G.successors(paper)
            if G.nodes[concept].get("kind") in LABEL_KINDS
            and not G.nodes[concept].get("generic", False)
        )
    least = 1 if len(members) == 1 else 2
    top_idf = math.log(papers + 1) or 1.0
    scored = []
    for key, count in counts.items():
        data = G.nodes[key]
        if count < least:
            continue
        weight = data.get("weight", data.get("idf", 0.0) / top_idf)
        outside = max(data.get("df", count), count)
        scored.append((count / len(members) * count / outside * weight, key))
    scored.sort(key=lambda item: (-item[0], item[1]))
    best: dict[str, list[tuple[float, str]]] = {kind: [] for kind in LABEL_KINDS}
    for score, key in scored:
        kind = G.nodes[key]["kind"]
        if score > 0 and len(best[kind]) < top:
            best[kind].append((score, key))
    return {kind: found for kind, found in best.items() if found}


def _label(G: nx.MultiDiGraph, scored: dict[str, list[tuple[float, str]]]) -> str:
    """The names of the cluster's most distinctive concepts, best first: at most
    ``LABEL_NAMES``, each scoring at least ``LABEL_SHARE`` of the best one (so that a
    weak runner-up does not dilute a clear field), a topic first when one qualifies.

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("topic:cl", {"kind": "topic", "name": "continual learning"}),
    ...                   ("method:ewc", {"kind": "method", "name": "EWC"}),
    ...                   ("method:gmm", {"kind": "method", "name": "GMM"})])
    >>> _label(G, {"topic": [(0.2, "topic:cl")],
    ...            "method": [(0.3, "method:ewc"), (0.05, "method:gmm")]})
    'continual learning · EWC'
    """
    ranked = sorted(
        (item for found in scored.values() for item in found), key=lambda item: (-item[0], item[1])
    )
    if not ranked:
        return ""
    kept = [key for score, key in ranked if score >= LABEL_SHARE * ranked[0][0]][:LABEL_NAMES]
    topics = [key for key in kept if G.nodes[key].get("kind") == "topic"]
    kept = topics[:1] + [key for key in kept if key not in topics[:1]]
    return " · ".join(G.nodes[key].get("name", key) for key in kept)


def _inside_strength(links: Links, parts: numpy.ndarray) -> numpy.ndarray:
    """Each paper's link weight to the papers of its own part (one pass over the links)."""
    inside = parts[links.first] == parts[links.second]
    ends = numpy.concatenate([links.first[inside], links.second[inside]])
    weights = numpy.concatenate([links.weight[inside], links.weight[inside]])
    return numpy.bincount(ends, weights=weights, minlength=len(links.papers))


def _central(
    links: Links, strength: numpy.ndarray, members: numpy.ndarray, top: int = 3
) -> list[str]:
    """The ``top`` members with the most link weight inside their cluster (``strength``)."""
    order = numpy.lexsort((members, -strength[members]))[:top]
    return [links.papers[i] for i in members[order].tolist()]


def _modularity_shares(
    links: Links, parts: numpy.ndarray, count: int, resolution: float
) -> numpy.ndarray:
    """Each part's term of the modularity, ``L_c / m - resolution * (d_c / 2m)^2``."""
    total = float(links.weight.sum())
    inside = parts[links.first] == parts[links.second]
    within = numpy.bincount(
        parts[links.first[inside]], weights=links.weight[inside], minlength=count
    )
    linked = parts >= 0
    degree = numpy.bincount(parts[linked], weights=links.strength()[linked], minlength=count)
    return within / total - resolution * (degree / (2 * total)) ** 2


def _parts_by_size(parts: numpy.ndarray) -> list[tuple[int, numpy.ndarray]]:
    """Each part (``parts >= 0``) and its members' indices in ascending order, the largest
    part first and, among equals, the one whose first member comes first.

    >>> [(part, members.tolist()) for part, members in _parts_by_size(numpy.array([1, 0, 1, -1]))]
    [(1, [0, 2]), (0, [1])]
    """
    count = int(parts.max()) + 1 if len(parts) else 0
    if not count:
        return []
    linked = numpy.flatnonzero(parts >= 0)
    grouped = linked[numpy.argsort(parts[linked], kind="stable")]  # sorted within each part
    bounds = numpy.cumsum(numpy.bincount(parts[linked], minlength=count))
    members_of = numpy.split(grouped, bounds[:-1])
    order = sorted(range(count), key=lambda part: (-len(members_of[part]), members_of[part][0]))
    return [(part, members_of[part]) for part in order]


@gc_paused()
def clusters(
    G: nx.MultiDiGraph,
    resolution: float = 1.0,
    seed: int = 0,
    top: int = 3,
    *,
    links: Links | None = None,
) -> Clustering:
    """Communities of the paper projection, and the papers that share nothing.

    Leiden on the link weights, objective modularity (``seed`` for determinism,
    ``resolution``: see the module's rule; > 1 for smaller clusters), which
    guarantees connected clusters (:func:`graph.analysis.backends.communities`).
    Clusters are numbered by size, largest first, and labelled by their most
    distinctive concepts (the ``top`` of each kind kept in ``concepts``); ``central``
    names the three members with the most link weight inside the cluster. ``links``
    is the projection :func:`graph.analysis.backends.links_of` made of ``G``, when
    the caller has it already. ``G`` is only read:
    :func:`graph.analysis.annotate.annotate` writes the result into it.
    """
    links = links_of(G) if links is None else links
    parts = communities(links, resolution, seed)
    isolated = [links.papers[i] for i in numpy.flatnonzero(parts < 0).tolist()]
    by_size = _parts_by_size(parts)
    shares = _modularity_shares(links, parts, len(by_size), resolution) if by_size else []
    strength = _inside_strength(links, parts)
    found = []
    for number, (part, indices) in enumerate(by_size):
        members = [links.papers[i] for i in indices.tolist()]
        scored = _distinctive(G, members, len(links.papers), top)
        concepts = {kind: [key for _, key in keys] for kind, keys in scored.items()}
        central = _central(links, strength, indices)
        found.append(
            Cluster(number, members, float(shares[part]), _label(G, scored), concepts, central)
        )
    return Clustering(found, isolated)
