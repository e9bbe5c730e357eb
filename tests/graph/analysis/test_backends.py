"""The analysis backends: Leiden communities, and betweenness answered by networkx and by igraph."""

from __future__ import annotations

import networkx as nx
import numpy
import pytest

from graph.analysis.backends import (
    AUTO_IGRAPH_LINKS,
    betweenness,
    choose_backend,
    communities,
    links_of,
)


def two_groups_and_a_bridge() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for paper in [*"abcdefgh", "x", "lonely"]:
        G.add_node(paper, kind="paper")
    links = [(a, b) for group in ("abcd", "efgh") for a in group for b in group if a < b]
    for a, b in [*links, ("a", "x"), ("e", "x")]:
        G.add_edge(a, b, key="SHARES_CONCEPT", type="SHARES_CONCEPT", weight=1.0)
    G.add_edge("a", "method:lora", key="USES", type="USES")  # not a link
    return G


def test_links_are_sorted_index_pairs_of_the_sorted_papers() -> None:
    links = links_of(two_groups_and_a_bridge())
    assert links.papers == sorted(links.papers)
    assert (links.first < links.second).all() and len(links.weight) == 14
    pairs = list(zip(links.first.tolist(), links.second.tolist(), strict=True))
    assert pairs == sorted(pairs)
    assert links.degree()[links.papers.index("lonely")] == 0
    assert links.strength()[links.papers.index("x")] == 2.0


def test_leiden_finds_the_two_groups() -> None:
    links = links_of(two_groups_and_a_bridge())
    parts = communities(links, resolution=1.0, seed=0)
    part = dict(zip(links.papers, parts.tolist(), strict=True))
    assert part["lonely"] == -1
    assert len({part[p] for p in "abcd"}) == 1 and len({part[p] for p in "efgh"}) == 1
    assert part["a"] != part["e"]
    assert sorted(set(parts.tolist()) - {-1}) == [0, 1]  # numbered from 0, no gaps
    assert (communities(links, 1.0, 0) == parts).all()  # seeded: same answer


def test_leiden_communities_are_connected_and_seeded_on_a_random_graph() -> None:
    """A sparse random graph with weights: every part is connected (Leiden's guarantee),
    and the same seed gives the same parts."""
    G = nx.MultiDiGraph()
    rng = numpy.random.default_rng(7)
    H = nx.gnm_random_graph(400, 900, seed=7)
    G.add_nodes_from((f"p{n:03d}" for n in H), kind="paper")
    for a, b in H.edges:
        G.add_edge(f"p{a:03d}", f"p{b:03d}", key="SHARES_CONCEPT", weight=float(rng.random()))
    links = links_of(G)
    parts = communities(links, 1.0, seed=3)
    assert (communities(links, 1.0, seed=3) == parts).all()
    P = links.to_networkx()
    for part in set(parts.tolist()) - {-1}:
        assert nx.is_connected(P.subgraph(numpy.flatnonzero(parts == part).tolist()))


@pytest.mark.parametrize("backend", ["networkx", "igraph"])
@pytest.mark.parametrize("samples", [None, 4])
def test_the_bridge_has_the_highest_betweenness(backend, samples) -> None:
    links = links_of(two_groups_and_a_bridge())
    values = betweenness(links, samples, seed=0, backend=backend)
    ranked = [links.papers[i] for i in numpy.argsort(-values, kind="stable")]
    assert ranked[0] in {"x", "a", "e"} and values[links.papers.index("lonely")] == 0


def test_exact_betweenness_is_proportional_across_backends() -> None:
    links = links_of(two_groups_and_a_bridge())
    mine = betweenness(links, None, 0, "networkx")
    theirs = betweenness(links, None, 0, "igraph")
    assert numpy.allclose(mine / mine.max(), theirs / theirs.max())


def test_auto_picks_networkx_betweenness_for_small_graphs_and_igraph_above() -> None:
    assert choose_backend("auto", AUTO_IGRAPH_LINKS) == "networkx"
    assert choose_backend("auto", AUTO_IGRAPH_LINKS + 1) == "igraph"
    assert choose_backend("networkx", 10**9) == "networkx"
    with pytest.raises(ValueError, match="backend must be one of"):
        choose_backend("graph-tool", 1)
