"""Cluster ids that survive a rebuild: match new clusters to old ones, report what changed.

When a day's papers are added, Louvain runs again on the whole projection and
numbers its clusters afresh. :func:`carry_cluster_ids` gives each new cluster
the id of the old cluster it continues (the two are each other's best match and
they share at least half of the old cluster's papers still in the graph) and
new ids to the rest, and reports which clusters were kept, split, merged,
appeared or vanished.

>>> from graph.analysis.clusters import Cluster
>>> previous = {"a": 0, "b": 0, "c": 0, "d": 1, "e": 1, "f": 1, "g": 1}
>>> found = [Cluster(0, ["d", "e", "x"], 0.1), Cluster(1, ["f", "g", "y"], 0.1),
...          Cluster(2, ["a", "b", "c", "z"], 0.1)]
>>> changes = carry_cluster_ids(found, previous)
>>> [(c.id, c.papers) for c in found]
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

import networkx as nx

from graph.analysis.clusters import ISOLATED, Cluster

__all__ = ["ClusterChanges", "apply_cluster_ids", "carry_cluster_ids"]

SIGNIFICANT = 0.2  # a share of an old cluster's papers that counts as a piece of it


@dataclass
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
        parts += [f"split #{old} → " + " ".join(f"#{n}" for n in new)
                  for old, new in self.split.items()]  # fmt: skip
        parts += [" ".join(f"#{o}" for o in old) + f" merged → #{new}"
                  for new, old in self.merged.items()]  # fmt: skip
        if self.appeared:
            parts.append("appeared " + " ".join(f"#{c}" for c in self.appeared))
        if self.vanished:
            parts.append("vanished " + " ".join(f"#{c}" for c in self.vanished))
        return ", ".join(parts)


def carry_cluster_ids(found: list[Cluster], previous: Mapping[str, int]) -> ClusterChanges:
    """Renumber ``found`` in place so that continuing clusters keep their old id.

    ``previous`` maps papers to their old cluster (``-1`` for isolated ones, as the
    ``cluster`` node attribute holds it). Clusters that continue nothing get ids
    above every old one, in size order.
    """
    old_members: dict[int, set[str]] = defaultdict(set)
    for paper, cluster in previous.items():
        if cluster != ISOLATED:
            old_members[cluster].add(paper)
    overlap = [Counter(previous.get(p, ISOLATED) for p in c.papers) for c in found]
    for counts in overlap:
        counts.pop(ISOLATED, None)
    surviving = Counter(previous[p] for c in found for p in c.papers if p in previous)
    best_new: dict[int, int] = {}
    for old in old_members:
        shares = [(counts[old], -i) for i, counts in enumerate(overlap) if counts[old]]
        if shares:
            best_new[old] = -max(shares)[1]
    ids: dict[int, int] = {}
    changes = ClusterChanges()
    for i, counts in enumerate(overlap):
        if not counts:
            continue
        old, shared = max(counts.items(), key=lambda item: (item[1], -item[0]))
        if best_new.get(old) == i and shared * 2 >= surviving[old]:
            ids[i] = old
            changes.kept.append(old)
    next_id = max([*old_members, -1]) + 1
    for i in range(len(found)):
        if i not in ids:
            ids[i] = next_id
            next_id += 1
    for i, counts in enumerate(overlap):
        pieces = [old for old, shared in counts.items()
                  if shared >= SIGNIFICANT * len(old_members[old])]  # fmt: skip
        if len(pieces) > 1:
            changes.merged[ids[i]] = sorted(pieces)
        elif not counts:
            changes.appeared.append(ids[i])
    for old, members in old_members.items():
        pieces = [ids[i] for i, counts in enumerate(overlap)
                  if counts[old] >= SIGNIFICANT * len(members)]  # fmt: skip
        if len(pieces) > 1:
            changes.split[old] = sorted(pieces)
    used = set(ids.values())
    changes.vanished = sorted(old for old in old_members if old not in used)
    changes.kept.sort()
    changes.appeared.sort()
    for i, cluster in enumerate(found):
        cluster.id = ids[i]
    return changes


def apply_cluster_ids(G: nx.MultiDiGraph, found: list[Cluster]) -> None:
    """Write renumbered clusters back: each member's ``cluster`` and ``G.graph["clusters"]``."""
    for cluster in found:
        for paper in cluster.papers:
            G.nodes[paper]["cluster"] = cluster.id
    G.graph["clusters"] = [cluster.to_dict() for cluster in found]
