"""Add new papers to a built output directory without extracting the old ones again.

:func:`load_previous` reads what ``papergraph build`` left in a directory;
:func:`merge_with_previous` folds new papers into the known ones with the same
de-duplication as ingest and says which papers need extracting: the new ones, and
known ones whose title or abstract changed (a new record filled in an abstract).

>>> from graph.paper import Paper
>>> known = Previous([Paper(id="p1", title="LoRA", arxiv_id="2106.09685")],
...                  {"p1": []}, {"p1": 0})
>>> papers, stale, summary = merge_with_previous(known, [
...     Paper(id="x", title="LoRA", arxiv_id="2106.09685", abstract="Low-rank adapters."),
...     Paper(id="p2", title="QLoRA")])
>>> [p.id for p in papers], sorted(stale), summary
(['p1', 'p2'], ['p1', 'p2'], UpdateSummary(known=1, added=1, merged=1, changed=1, rejects=[]))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.dedup import Deduplicator
from graph.ingest import read_jsonl
from graph.paper import Paper
from graph.sources.records import Reject
from graph.store import load_graph

__all__ = ["Previous", "UpdateSummary", "load_previous", "merge_with_previous"]


@dataclass
class Previous:
    """What an output directory holds: its papers, their mentions by paper id, and
    each paper's cluster (``-1`` for isolated papers)."""

    papers: list[Paper]
    mentions: dict[str, list[dict[str, Any]]]
    clusters: dict[str, int]


@dataclass
class UpdateSummary:
    """``known`` papers before, ``added`` new ones, ``merged`` records folded into
    papers already there, ``changed`` known papers whose text changed, and records
    ``rejects`` because their id belongs to a different known paper."""

    known: int
    added: int
    merged: int
    changed: int
    rejects: list[Reject] = field(default_factory=list)


def load_previous(outdir: str | Path) -> Previous | None:
    """The build saved in ``outdir``, or ``None`` when there is none to update."""
    outdir = Path(outdir)
    files = [outdir / name for name in ("papers.jsonl", "mentions.jsonl", "graph.json")]
    if not all(path.exists() for path in files):
        return None
    papers = [Paper.from_dict(row) for row in read_jsonl(files[0])]
    mentions = {row["id"]: row["mentions"] for row in read_jsonl(files[1])}
    G = load_graph(outdir)
    clusters = {node: data["cluster"] for node, data in G.nodes(data=True)
                if data.get("kind") == "paper" and "cluster" in data}  # fmt: skip
    return Previous(papers, mentions, clusters)


def _text(paper: Paper) -> tuple[str, str]:
    return paper.title, paper.abstract


def merge_with_previous(previous: Previous, new: Iterable[Paper]
                        ) -> tuple[list[Paper], set[str], UpdateSummary]:  # fmt: skip
    """All papers (known first, then new), the ids that need extracting, and what happened."""
    before = {paper.id: _text(paper) for paper in previous.papers}
    dedup = Deduplicator()
    for paper in previous.papers:
        dedup.add(paper)
    rejects = []
    for paper in new:
        reject = dedup.add(paper)
        if reject is not None:
            rejects.append(reject)
    papers = dedup.finish()
    stale = {p.id for p in papers if p.id not in previous.mentions or _text(p) != before.get(p.id)}
    changed = sum(1 for p in papers if p.id in before and p.id in stale)
    summary = UpdateSummary(len(previous.papers), len(papers) - len(previous.papers),
                            dedup.merged, changed, rejects)  # fmt: skip
    return papers, stale, summary
