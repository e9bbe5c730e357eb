"""Links from shared concepts: the blockwise product against a brute-force reference."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.building.projection import concept_cap, concept_links, concept_matrix, row_blocks

KEYS = [f"c{i}" for i in range(8)]


def reference(rows, concepts, idf, top_k):
    """Every pair's shared concepts and weight by sets; then each paper's top-k."""
    allowed = set(concepts)
    pairs = {}
    for i, j in itertools.combinations(range(len(rows)), 2):
        shared = [c for c in concepts if c in set(rows[i]) & set(rows[j]) & allowed]
        weight = math.fsum(idf[c] for c in shared)
        if shared and weight > 0:
            pairs[i, j] = (weight, shared)
    if top_k is None:
        return pairs
    kept = set()
    for paper in range(len(rows)):
        mine = [
            (weight, j if i == paper else i, (i, j))
            for (i, j), (weight, _) in pairs.items()
            if paper in (i, j)
        ]
        mine.sort(key=lambda item: (-item[0], item[1]))
        kept |= {pair for *_, pair in mine[:top_k]}
    return {pair: value for pair, value in pairs.items() if pair in kept}


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.lists(st.sampled_from(KEYS), max_size=5), max_size=14),
    idf_values=st.lists(st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.25]), min_size=8, max_size=8),
    top_k=st.one_of(st.none(), st.integers(1, 4)),
    work=st.sampled_from([1, 7, 10_000]),
)
def test_links_equal_the_brute_force_reference(rows, idf_values, top_k, work) -> None:
    idf = dict(zip(KEYS, idf_values, strict=True))
    concepts = sorted(KEYS[:6], key=lambda key: (-idf[key], key))  # c6, c7 are over the cap
    found = concept_links(concept_matrix(rows, concepts), concepts, idf, top_k=top_k, work=work)
    found = list(found.tuples())
    expected = reference(rows, concepts, idf, top_k)
    assert [(i, j) for i, j, *_ in found] == sorted(expected)
    for i, j, weight, shared in found:
        assert shared == expected[i, j][1]
        assert math.isclose(weight, expected[i, j][0])


def test_ties_go_to_the_paper_listed_first() -> None:
    rows = [["a"], ["a"], ["a"], ["a"]]
    links = concept_links(concept_matrix(rows, ["a"]), ["a"], {"a": 1.0}, top_k=1).tuples()
    assert [(i, j) for i, j, *_ in links] == [(0, 1), (0, 2), (0, 3)]


def test_a_paper_keeps_its_strongest_link_even_to_a_popular_paper() -> None:
    rows = [["rare", "common"], ["rare"], ["common"], ["common"]]
    concepts, idf = ["rare", "common"], {"rare": 2.0, "common": 0.5}
    links = concept_links(concept_matrix(rows, concepts), concepts, idf, top_k=1).tuples()
    assert (0, 1) in [(i, j) for i, j, *_ in links]


def test_blocks_bound_the_candidates_and_cover_every_row() -> None:
    X = concept_matrix([["a", "b"], ["a"], ["b"], [], ["a", "b"]], ["a", "b"])
    blocks = row_blocks(X, work=6)
    assert blocks[0][0] == 0 and blocks[-1][1] == 5
    assert all(stop == start for (_, stop), (start, _) in itertools.pairwise(blocks))


def test_the_cap_grows_with_the_papers_up_to_the_absolute_limit() -> None:
    assert concept_cap(50) == 20 and concept_cap(500) == 100.0 and concept_cap(10**6) == 200
    assert concept_cap(10**6, max_papers=None) == 200_000.0


@pytest.mark.parametrize("seed", range(10))
def test_links_equal_the_reference_on_larger_corpora(seed: int) -> None:
    """Rows long enough for the floors and the dense groups of several widths to matter."""
    rng = random.Random(seed)
    keys = [f"k{i}" for i in range(14)]
    idf = {key: rng.choice([0.25, 0.5, 1.0, 1.0, 2.0, 3.5]) for key in keys}
    concepts = sorted(keys, key=lambda key: (-idf[key], key))
    rows = [rng.sample(keys, rng.randint(0, 6)) for _ in range(70)]
    for top_k in (1, 2, 5, 9):
        found = concept_links(
            concept_matrix(rows, concepts),
            concepts,
            idf,
            top_k=top_k,
            work=rng.choice([50, 10_000]),
        )
        expected = reference(rows, concepts, idf, top_k)
        assert [(i, j) for i, j, *_ in found.tuples()] == sorted(expected)
        assert len(found) == len(expected)
