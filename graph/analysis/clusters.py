"""Clusters of papers: communities of the paper projection, labelled by what sets them apart.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for paper in "abcdefg":
...     G.add_node(paper, kind="paper")
>>> for a, b in [("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")]:
...     _ = G.add_edge(a, b, key="SHARES_CONCEPT", type="SHARES_CONCEPT", weight=1.0, shared=[])
>>> found, isolated = clusters(G, seed=1)
>>> [c.papers for c in found], isolated, G.nodes["a"]["cluster"], G.nodes["g"]["cluster"]
([['a', 'b', 'c'], ['d', 'e', 'f']], ['g'], 0, -1)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx
import numpy

from graph.analysis.backends import Links, choose_backend, communities, links_of
from graph.memory import gc_paused

__all__ = ["Cluster", "clusters", "ordered_subgraph", "paper_projection"]

ISOLATED = -1
LABEL_KINDS = ("topic", "method", "benchmark")


@dataclass
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
        return {"id": self.id, "size": self.size, "label": self.label,
                "modularity": self.modularity, "concepts": self.concepts,
                "central": self.central}  # fmt: skip


def paper_projection(G: nx.MultiDiGraph, weight: str = "weight") -> nx.Graph:
    """The undirected graph of papers and their ``SHARES_CONCEPT`` links (weight, shared).

    Nodes and edges are added in sorted order, so that seeded algorithms on the
    projection give the same answer for a built graph and for the same graph
    loaded from disk.
    """
    P = nx.Graph()
    P.add_nodes_from(sorted(n for n, kind in G.nodes(data="kind") if kind == "paper"))
    links = [(a, b, data) for a, b, data in G.edges(data=True)
             if data.get("type") == "SHARES_CONCEPT"]  # fmt: skip
    links.sort(key=lambda link: link[:2])
    for a, b, data in links:
        P.add_edge(a, b, weight=data.get(weight, 1.0), shared=data.get("shared", []))
    return P


def ordered_subgraph(P: nx.Graph, nodes: Iterable[str]) -> nx.Graph:
    """The subgraph of ``P`` on ``nodes``, as a graph of its own whose nodes and edges
    come in ``P``'s order.

    networkx's ``P.subgraph(nodes)`` view walks a small subset in the order of a
    Python set, which changes with the hash seed from one run to the next; seeded
    algorithms (Louvain, sampled betweenness, layouts) on such a view would too.

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


def _distinctive(G: nx.MultiDiGraph, members: list[str], top: int) -> dict[str, list[str]]:
    """Per kind (topics, methods, benchmarks), the concepts most over-represented in
    ``members``: the share of members that mention a concept times its evidence
    ``weight`` (its rarity in the background abstracts and the corpus; ``idf`` when the
    graph has none), mentioned by at least two members (or the only member). Metrics and
    generic concepts never name a cluster."""
    counts: Counter[str] = Counter()
    for paper in members:
        counts.update({concept for concept in G.successors(paper)
                       if G.nodes[concept].get("kind") in LABEL_KINDS
                       and not G.nodes[concept].get("generic", False)})  # fmt: skip
    least = 1 if len(members) == 1 else 2
    scored = sorted(((count / len(members) * G.nodes[key].get("weight", G.nodes[key]["idf"]), key)
                     for key, count in counts.items() if count >= least),
                    key=lambda item: (-item[0], item[1]))  # fmt: skip
    best: dict[str, list[str]] = {kind: [] for kind in LABEL_KINDS}
    for score, key in scored:
        kind = G.nodes[key]["kind"]
        if score > 0 and len(best[kind]) < top:
            best[kind].append(key)
    return {kind: keys for kind, keys in best.items() if keys}


def _label(G: nx.MultiDiGraph, concepts: dict[str, list[str]]) -> str:
    """Up to two topics, then methods and benchmarks, four names in all."""
    names = [G.nodes[k].get("name", k) for k in concepts.get("topic", [])[:2]]
    names += [G.nodes[k].get("name", k) for kind in ("method", "benchmark")
              for k in concepts.get(kind, [])[:2]]  # fmt: skip
    return " · ".join(names[:4])


def _central(links: Links, members: numpy.ndarray, top: int = 3) -> list[str]:
    """The ``top`` members with the most link weight inside their cluster."""
    inside = numpy.isin(links.first, members) & numpy.isin(links.second, members)
    ends = numpy.concatenate([links.first[inside], links.second[inside]])
    weights = numpy.concatenate([links.weight[inside], links.weight[inside]])
    strength = numpy.bincount(ends, weights=weights, minlength=len(links.papers))[members]
    order = numpy.lexsort((members, -strength))[:top]
    return [links.papers[i] for i in members[order].tolist()]


def _modularity_shares(links: Links, parts: numpy.ndarray, count: int, resolution: float
                       ) -> numpy.ndarray:  # fmt: skip
    """Each part's term of the modularity, ``L_c / m - resolution * (d_c / 2m)^2``."""
    total = float(links.weight.sum())
    inside = parts[links.first] == parts[links.second]
    within = numpy.bincount(parts[links.first[inside]], weights=links.weight[inside],
                            minlength=count)  # fmt: skip
    linked = parts >= 0
    degree = numpy.bincount(parts[linked], weights=links.strength()[linked], minlength=count)
    return within / total - resolution * (degree / (2 * total)) ** 2


@gc_paused()
def clusters(
    G: nx.MultiDiGraph,
    resolution: float = 1.0,
    seed: int = 0,
    top: int = 3,
    backend: str = "auto",
) -> tuple[list[Cluster], list[str]]:
    """Communities of the paper projection, and the papers that share nothing.

    Louvain (``seed`` for determinism, ``resolution`` > 1 for smaller clusters),
    then every community is split into its connected parts, since Louvain can
    return internally disconnected ones (:func:`graph.analysis.backends.communities`;
    ``backend``: ``"networkx"``, ``"igraph"`` or ``"auto"``, see
    :mod:`graph.analysis.backends`). Clusters are numbered by size, largest first; each
    paper node gets ``cluster`` (``-1`` when isolated) and ``cluster_label``;
    ``G.graph["clusters"]`` lists every cluster as :meth:`Cluster.to_dict` gives it
    (without the member list) and ``G.graph["clusters_backend"]`` says which ran.
    """
    links = links_of(G)
    backend = choose_backend(backend, len(links.weight))
    parts = communities(links, resolution, seed, backend)
    papers = links.papers
    isolated = [papers[i] for i in numpy.flatnonzero(parts < 0).tolist()]
    count = int(parts.max()) + 1 if len(parts) else 0
    shares = _modularity_shares(links, parts, count, resolution) if count else []
    linked = numpy.flatnonzero(parts >= 0)
    grouped = linked[numpy.argsort(parts[linked], kind="stable")]  # sorted within each part
    bounds = numpy.cumsum(numpy.bincount(parts[linked], minlength=count))
    members_of = numpy.split(grouped, bounds[:-1]) if count else []
    order = sorted(range(count), key=lambda part: (-len(members_of[part]), members_of[part][0]))
    found = []
    for number, part in enumerate(order):
        members = [papers[i] for i in members_of[part].tolist()]
        concepts = _distinctive(G, members, top)
        cluster = Cluster(number, members, float(shares[part]), _label(G, concepts), concepts,
                          _central(links, members_of[part]))  # fmt: skip
        found.append(cluster)
        for paper in members:
            G.nodes[paper].update(cluster=number, cluster_label=cluster.label)
    for paper in isolated:
        G.nodes[paper].update(cluster=ISOLATED, cluster_label="")
    G.graph["clusters"] = [cluster.to_dict() for cluster in found]
    G.graph["clusters_backend"] = backend
    return found, isolated
