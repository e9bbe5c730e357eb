"""Betweenness estimated from sources stratified by cluster, with linear scaling."""

from __future__ import annotations

import networkx as nx
import numpy
from hypothesis import given, settings
from hypothesis import strategies as st

import graph.analysis.sampling
from graph.analysis.backends import Links
from graph.analysis.sampling import sampled_betweenness, stratified_sources


def random_links(papers: int, density: float, seed: int) -> Links:
    """Random links with random real weights (so shortest paths are unique)."""
    rng = numpy.random.default_rng(seed)
    pairs = [(a, b) for a in range(papers) for b in range(a + 1, papers) if rng.random() < density]
    first = numpy.array([a for a, _ in pairs], dtype=numpy.int64)
    second = numpy.array([b for _, b in pairs], dtype=numpy.int64)
    return Links(
        [f"p{i:02d}" for i in range(papers)], first, second, rng.uniform(0.2, 5.0, len(pairs))
    )


def exact(links: Links) -> numpy.ndarray:
    H = nx.Graph()
    H.add_nodes_from(range(len(links.papers)))
    for a, b, weight in zip(
        links.first.tolist(), links.second.tolist(), links.weight.tolist(), strict=True
    ):
        H.add_edge(a, b, distance=1.0 / weight)
    values = nx.betweenness_centrality(H, weight="distance", normalized=False)
    return numpy.array([values[i] for i in range(len(links.papers))])


@given(st.integers(2, 14), st.floats(0.1, 0.9), st.integers(0, 10_000), st.integers(1, 4))
@settings(max_examples=150, deadline=None)
def test_with_every_paper_a_source_the_estimate_is_exact(papers, density, seed, clusters) -> None:
    links = random_links(papers, density, seed)
    strata = numpy.arange(papers) % clusters
    estimate = sampled_betweenness(links, strata, samples=papers, seed=seed)
    assert numpy.allclose(estimate, exact(links))


def test_the_estimate_is_unbiased_over_draws() -> None:
    links = random_links(30, 0.15, seed=3)
    strata = numpy.arange(30) % 3
    draws = numpy.mean([sampled_betweenness(links, strata, 6, seed) for seed in range(400)], axis=0)
    truth = exact(links)
    top = truth > truth.max() / 4  # the papers that matter for ranking bridges
    assert numpy.allclose(draws[top], truth[top], rtol=0.15)


def test_the_estimate_is_the_same_in_chunks_and_seeded(monkeypatch) -> None:
    links = random_links(25, 0.2, seed=7)
    strata = numpy.arange(25) % 2
    whole = sampled_betweenness(links, strata, 10, seed=1)
    monkeypatch.setattr(graph.analysis.sampling, "CHUNK_ENTRIES", 25 * 3)  # three sources at a time
    assert numpy.allclose(sampled_betweenness(links, strata, 10, seed=1), whole)
    assert not numpy.allclose(sampled_betweenness(links, strata, 10, seed=2), whole)


def test_unlinked_papers_and_papers_without_a_cluster_are_never_sources() -> None:
    links = Links(
        ["a", "b", "c", "lonely"], numpy.array([0, 1]), numpy.array([1, 2]), numpy.ones(2)
    )
    sources, weights = stratified_sources(numpy.array([0, 0, -1, -1]), 5, seed=0)
    assert sources.tolist() == [0, 1] and weights.tolist() == [1.0, 1.0]
    values = sampled_betweenness(links, numpy.array([0, 0, 0, 0]), 10, seed=0)
    assert values.tolist() == [0.0, 1.0, 0.0, 0.0]
    no_links = numpy.zeros(0, dtype=numpy.int64)
    empty = Links([], no_links, no_links, numpy.zeros(0))
    assert sampled_betweenness(empty, no_links, 5, seed=0).size == 0


def test_each_cluster_gets_its_share_of_the_sources() -> None:
    strata = numpy.array([0] * 60 + [1] * 30 + [2] * 10)
    sources, weights = stratified_sources(strata, 10, seed=4)
    assert numpy.bincount(strata[sources]).tolist() == [6, 3, 1]
    assert numpy.isclose(weights.sum(), 100) and (numpy.diff(sources) > 0).all()
    again, _ = stratified_sources(strata, 10, seed=4)
    assert again.tolist() == sources.tolist()


def test_systematic_draws_keep_every_paper_equally_likely_and_spread_along_the_order() -> None:
    strata = numpy.array([0] * 10 + [1] * 5)
    order = numpy.arange(15)[::-1]  # any key per row
    drawn = numpy.zeros(15)
    for seed in range(3000):
        sources, _ = stratified_sources(strata, 6, seed, order=order)
        drawn[sources] += 1
    assert numpy.allclose(drawn / 3000, 6 / 15, atol=0.04)  # 4 of 10 and 2 of 5
    sources, _ = stratified_sources(strata, 6, seed=0, order=order)
    ranks = numpy.sort(order[sources[strata[sources] == 0]])  # one from each quarter of cluster 0
    assert ((ranks[1:] - ranks[:-1]) >= 1).all() and ranks[-1] - ranks[0] >= 5
