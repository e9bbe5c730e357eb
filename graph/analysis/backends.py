"""The paper projection as arrays, and where its two costly algorithms run.

Communities and betweenness are the expensive steps of the analysis. Both run on
:class:`Links`, the paper projection held as numpy arrays (about 20 bytes a link,
where a networkx edge takes several hundred). Communities are always Leiden's, in
python-igraph's C core (a required dependency; :func:`communities`), linear in the
links per iteration. Betweenness runs in networkx on graphs of up to
``AUTO_IGRAPH_LINKS`` links, so that result on a reading-list-sized graph comes from
networkx; above that, in igraph, and the analysis records which ran.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for paper in "abcd":
...     G.add_node(paper, kind="paper")
>>> _ = G.add_edge("a", "b", key="SHARES_CONCEPT", type="SHARES_CONCEPT", weight=2.0)
>>> _ = G.add_edge("b", "c", key="SHARES_CONCEPT", type="SHARES_CONCEPT", weight=1.0)
>>> links = links_of(G)
>>> links.papers, links.first.tolist(), links.second.tolist(), links.degree().tolist()
(['a', 'b', 'c', 'd'], [0, 1], [1, 2], [1, 2, 1, 0])
>>> choose_backend("auto", 2)
'networkx'
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import networkx as nx
import numpy
import scipy.sparse
import scipy.sparse.csgraph

from extractors.schema import SHARES_CONCEPT

__all__ = [
    "AUTO_IGRAPH_LINKS",
    "BACKENDS",
    "Links",
    "betweenness",
    "choose_backend",
    "communities",
    "links_of",
]

BACKENDS = ("auto", "networkx", "igraph")
AUTO_IGRAPH_LINKS = 50_000


@dataclass(frozen=True)
class Links:
    """The ``SHARES_CONCEPT`` links: ``papers`` (sorted ids) and, per link, the indices
    ``first < second`` into them and its ``weight``; links sorted by (first, second).

    A build makes them once (:func:`links_of`) and hands them to clustering,
    betweenness and bridges; nothing changes them."""

    papers: list[str]
    first: numpy.ndarray
    second: numpy.ndarray
    weight: numpy.ndarray

    def degree(self) -> numpy.ndarray:
        """The number of links of each paper."""
        ends = numpy.concatenate([self.first, self.second])
        return numpy.bincount(ends, minlength=len(self.papers))

    def strength(self) -> numpy.ndarray:
        """The summed link weight of each paper."""
        ends = numpy.concatenate([self.first, self.second])
        weights = numpy.concatenate([self.weight, self.weight])
        return numpy.bincount(ends, weights=weights, minlength=len(self.papers))

    def distance(self) -> numpy.ndarray:
        """Each link's length for shortest paths: ``1 / weight`` (a strong link is short),
        infinite for a link of weight 0 or less."""
        return numpy.where(self.weight > 0, 1.0 / numpy.maximum(self.weight, 1e-300), numpy.inf)

    def to_networkx(self, weight: numpy.ndarray | None = None, name: str = "weight") -> nx.Graph:
        """An undirected networkx graph on the linked papers (indices as nodes, sorted)."""
        H = nx.Graph()
        H.add_nodes_from(numpy.flatnonzero(self.degree() > 0).tolist())
        values = self.weight if weight is None else weight
        H.add_weighted_edges_from(
            zip(self.first.tolist(), self.second.tolist(), values.tolist(), strict=True),
            weight=name,
        )
        return H

    def to_igraph(self):  # -> igraph.Graph
        """An undirected igraph graph on all papers (vertex ``i`` is ``papers[i]``)."""
        import igraph

        edges = numpy.column_stack([self.first, self.second])
        return igraph.Graph(n=len(self.papers), edges=edges.tolist(), directed=False)


def links_of(G: nx.MultiDiGraph) -> Links:
    """The paper projection of ``G`` as :class:`Links` (``G`` is only read)."""
    papers = sorted(n for n, kind in G.nodes(data="kind") if kind == "paper")
    index = {paper: i for i, paper in enumerate(papers)}
    found = [
        (index[a], index[b], weight)
        for a, b, key, weight in G.edges(keys=True, data="weight", default=1.0)
        if key == SHARES_CONCEPT
    ]
    rows = numpy.array(found, dtype=float).reshape(-1, 3)
    first = numpy.minimum(rows[:, 0], rows[:, 1]).astype(numpy.int64)
    second = numpy.maximum(rows[:, 0], rows[:, 1]).astype(numpy.int64)
    order = numpy.lexsort((second, first))
    return Links(papers, first[order], second[order], rows[order, 2].copy())


def choose_backend(requested: str, links: int) -> str:
    """The betweenness backend to run: ``requested``, or for ``"auto"`` igraph above
    ``AUTO_IGRAPH_LINKS`` links, networkx otherwise."""
    if requested not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {requested!r}")
    if requested == "auto":
        return "igraph" if links > AUTO_IGRAPH_LINKS else "networkx"
    return requested


def communities(links: Links, resolution: float, seed: int) -> numpy.ndarray:
    """A part number for every paper (``-1`` for unlinked ones): Leiden communities
    (python-igraph, objective modularity on the link weights, ``resolution``,
    iterated until no move improves it; seeded). Leiden guarantees that every
    community is connected (Traag, Waltman and van Eck 2019), and its parts are
    numbered 0, 1, ... by their first paper.

    >>> links = Links(list("abcdef"), numpy.array([0, 0, 1, 3, 3, 4, 2]),
    ...               numpy.array([1, 2, 2, 4, 5, 5, 3]), numpy.array([1.0] * 6 + [0.1]))
    >>> communities(links, 1.0, seed=0).tolist()
    [0, 0, 0, 1, 1, 1]
    """
    import igraph

    linked = links.degree() > 0
    label = numpy.full(len(links.papers), -1, dtype=numpy.int64)
    if not linked.any():
        return label
    g = links.to_igraph()
    igraph.set_random_number_generator(random.Random(seed))
    try:
        found = g.community_leiden(
            objective_function="modularity",
            weights=links.weight.tolist(),
            resolution=resolution,
            n_iterations=-1,
        )
    finally:
        igraph.set_random_number_generator(random)
    membership = numpy.array(found.membership, dtype=numpy.int64)
    inside = membership[links.first] == membership[links.second]
    n = len(links.papers)
    within = scipy.sparse.coo_matrix(
        (numpy.ones(int(inside.sum())), (links.first[inside], links.second[inside])), shape=(n, n)
    )  # Leiden's parts are connected; splitting by components only renumbers them
    _, parts = scipy.sparse.csgraph.connected_components(within, directed=False)
    label[linked] = numpy.unique(parts[linked], return_inverse=True)[1]  # numbered 0, 1, ...
    return label


def betweenness(links: Links, samples: int | None, seed: int, backend: str) -> numpy.ndarray:
    """Betweenness of every paper with ``distance = 1 / weight``: exact when
    ``samples`` is None, else from that many seeded source papers (relative values
    only: compare papers with each other)."""
    distance = links.distance()
    linked = numpy.flatnonzero(links.degree() > 0)
    found = numpy.zeros(len(links.papers))
    if len(linked) == 0:
        return found
    sources = None
    if samples is not None:
        sources = sorted(random.Random(seed).sample(linked.tolist(), min(samples, len(linked))))
    if backend == "igraph":
        g = links.to_igraph()
        values = g.betweenness(directed=False, weights=distance.tolist(), sources=sources)
        return numpy.array(values, dtype=float)
    H = links.to_networkx(distance, name="distance")
    if sources is None:
        values = nx.betweenness_centrality(H, weight="distance")
    else:
        values = nx.betweenness_centrality_subset(H, sources, list(H), weight="distance")
    found[list(values)] = list(values.values())
    return found
