"""Cluster ids across a rebuild: continuing clusters keep their ids, the rest get new ones."""

from __future__ import annotations

from graph.analysis.clusters import Cluster, Clustering
from graph.analysis.evolution import carry_cluster_ids


def test_unchanged_clusters_keep_their_ids_even_when_renumbered() -> None:
    previous = {"a": 0, "b": 0, "c": 1, "d": 1, "e": -1}
    found = Clustering([Cluster(0, ["c", "d"], 0.1), Cluster(1, ["a", "b", "n"], 0.1)], ["e"])
    carried, changes = carry_cluster_ids(found, previous)
    assert [c.id for c in carried.clusters] == [1, 0]
    assert [c.id for c in found.clusters] == [0, 1]  # the clustering given is left as it was
    assert carried.cluster_of() == {"c": 1, "d": 1, "a": 0, "b": 0, "n": 0, "e": -1}
    assert (changes.kept, changes.split, changes.merged, changes.appeared) == ([0, 1], {}, {}, [])


def test_appeared_merged_and_vanished() -> None:
    previous = {"a": 0, "b": 0, "c": 1, "d": 1, "e": -1}
    found = Clustering([Cluster(0, ["a", "b", "c", "d"], 0.1), Cluster(1, ["e", "x"], 0.1)], [])
    carried, changes = carry_cluster_ids(found, previous)
    assert [c.id for c in carried.clusters] == [
        0,
        2,
    ]  # the first of equals continues; new ids go above
    assert changes.merged == {0: [0, 1]} and changes.appeared == [2] and changes.vanished == [1]
    assert changes.summary() == "kept 1, #0 #1 merged → #0, appeared #2, vanished #1"


def test_a_split_cluster_continues_in_one_piece_and_the_other_gets_a_new_id() -> None:
    previous = {p: 0 for p in "abcdef"}
    found = Clustering(
        [Cluster(0, ["a", "b", "c", "x"], 0.1), Cluster(1, ["d", "e", "f"], 0.1)], []
    )
    carried, changes = carry_cluster_ids(found, previous)
    assert [c.id for c in carried.clusters] == [0, 1]
    assert changes.split == {0: [0, 1]} and changes.kept == [0] and changes.vanished == []
    assert changes.summary() == "kept 1, split #0 → #0 #1"
