"""Cluster ids that survive a rebuild: match new clusters to old ones, report what changed.

When a day's papers are added, Leiden runs again on the whole projection and
numbers its clusters afresh. :func:`carry_cluster_ids` gives each new cluster
the id of the old cluster it continues (the two are each other's best match and
they share at least half of the old cluster's papers still in the graph) and
new ids to the rest, and reports which clusters were kept, split, merged,
appeared or vanished.

>>> from graph.analysis.clusters import Cluster, Clustering
>>> previous = {"a": 0, "b": 0, "c": 0, "d": 1, "e": 1, "f": 1, "g": 1}
>>> found = Clustering([Cluster(0, ["d", "e", "x"], 0.1), Cluster(1, ["f", "g", "y"], 0.1),
...                     Cluster(2, ["a", "b", "c", "z"], 0.1)], [])
>>> carried, changes = carry_cluster_ids(found, previous)
>>> [(c.id, c.papers) for c in carried.clusters]
[(1, ['d', 'e', 'x']), (2, ['f', 'g', 'y']), (0, ['a', 'b', 'c', 'z'])]
>>> changes.kept, changes.split, changes.appeared, changes.vanished
([0, 1], {1: [1, 2]}, [], [])
>>> changes.summary()
'kept 2, split #1 → #1 #2'

Cluster 1 split in halves: the first half continues it (it holds half of its
papers), the other becomes cluster 2.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from graph.analysis.clusters import ISOLATED, Clustering

__all__ = ["ClusterChanges", "carry_cluster_ids"]

SIGNIFICANT = 0.2  # a share of an old cluster's papers that counts as a piece of it


@dataclass(frozen=True)
class ClusterChanges:
    """What became of the old clusters: ``kept`` (same id), ``split`` (old id → the
    new ids that each took a significant share of its papers), ``merged`` (new id →
    the old ids it took significant shares of), ``appeared`` (new clusters made of
    papers that were new or isolated before) and ``vanished`` (old ids no longer used)."""

    kept: list[int] = field(default_factory=list)
    split: dict[int, list[int]] = field(default_factory=dict)
    merged: dict[int, list[int]] = field(default_factory=dict)
    appeared: list[int] = field(default_factory=list)
    vanished: list[int] = field(default_factory=list)

    def summary(self) -> str:
        """One line: ``kept 5, split #3 → #3 #12, merged #4 #5 → #4, appeared #13``."""
        parts = [f"kept {len(self.kept)}"]
        for old, new in self.split.items():
            parts.append(f"split #{old} → " + " ".join(f"#{n}" for n in new))
        for new, old in self.merged.items():
            parts.append(" ".join(f"#{o}" for o in old) + f" merged → #{new}")
        if self.appeared:
            parts.append("appeared " + " ".join(f"#{c}" for c in self.appeared))
        if self.vanished:
            parts.append("vanished " + " ".join(f"#{c}" for c in self.vanished))
        return ", ".join(parts)


def carry_cluster_ids(
    clustering: Clustering, previous: Mapping[str, int]
) -> tuple[Clustering, ClusterChanges]:
    """``clustering`` renumbered so that continuing clusters keep their old id, and
    what became of the old clusters.

    ``previous`` maps papers to their old cluster (``-1`` for isolated ones, as the
    ``cluster`` node attribute holds it). Clusters that continue nothing get ids
    above every old one, in size order.
    """
    old_members: dict[int, set[str]] = defaultdict(set)
    for paper, cluster in previous.items():
        if cluster != ISOLATED:
            old_members[cluster].add(paper)
    overlap = [Counter(previous.get(p, ISOLATED) for p in c.papers) for c in clustering.clusters]
    for counts in overlap:
        counts.pop(ISOLATED, None)
    continued = _continued(overlap, old_members)
    next_id = max([*old_members, -1]) + 1
    new_ids = []
    for i in range(len(overlap)):
        if i in continued:
            new_ids.append(continued[i])
        else:
            new_ids.append(next_id)
            next_id += 1
    ids = {cluster.id: new for cluster, new in zip(clustering.clusters, new_ids, strict=True)}
    changes = _changes(overlap, old_members, new_ids, sorted(continued.values()))
    return clustering.renumbered(ids), changes


def _continued(overlap: list[Counter[int]], old_members: Mapping[int, set[str]]) -> dict[int, int]:
    """Which new cluster (by position) continues which old one: the two are each other's
    best match (the old cluster the new one shares most papers with, the smaller id among
    equals; the new cluster that shares most of the old one's, the first among equals)
    and the new one holds at least half of the old one's papers still in the graph."""
    surviving: Counter[int] = Counter()
    for counts in overlap:
        surviving.update(counts)
    best_new: dict[int, int] = {}
    for old in old_members:
        shares = [(counts[old], -i) for i, counts in enumerate(overlap) if counts[old]]
        if shares:
            best_new[old] = -max(shares)[1]
    continued = {}
    for i, counts in enumerate(overlap):
        if not counts:
            continue
        old, shared = max(counts.items(), key=lambda item: (item[1], -item[0]))
        if best_new.get(old) == i and shared * 2 >= surviving[old]:
            continued[i] = old
    return continued


def _changes(
    overlap: list[Counter[int]],
    old_members: Mapping[int, set[str]],
    new_ids: list[int],
    kept: list[int],
) -> ClusterChanges:
    """What became of the old clusters, given each new cluster's papers per old cluster
    (``overlap``), its id (``new_ids``) and the old ids ``kept``: a significant share is
    ``SIGNIFICANT`` of the old cluster's papers."""
    merged, appeared, split = {}, [], {}
    for new, counts in zip(new_ids, overlap, strict=True):
        pieces = [
            old for old, shared in counts.items() if shared >= SIGNIFICANT * len(old_members[old])
        ]
        if len(pieces) > 1:
            merged[new] = sorted(pieces)
        elif not counts:
            appeared.append(new)
    for old, members in old_members.items():
        pieces = [
            new
            for new, counts in zip(new_ids, overlap, strict=True)
            if counts[old] >= SIGNIFICANT * len(members)
        ]
        if len(pieces) > 1:
            split[old] = sorted(pieces)
    used = set(new_ids)
    vanished = sorted(old for old in old_members if old not in used)
    return ClusterChanges(kept, split, merged, sorted(appeared), vanished)
