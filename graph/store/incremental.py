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

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.paper import Paper
from graph.sources.dedup import Deduplicator
from graph.sources.records import Reject
from graph.store.graphfile import GRAPH_FILE, graph_from_bytes
from graph.store.outdir import OutdirError, SavedBuild, open_build

__all__ = ["UPDATE_REJECTS", "Previous", "UpdateSummary", "load_previous", "merge_with_previous"]

# Records of an update whose id belongs to a different known paper
UPDATE_REJECTS = "update.rejects.jsonl"


@dataclass
class Previous:
    """What an output directory holds: its papers, their mentions by paper id, each
    paper's cluster (``-1`` for isolated papers), the rows of its ``rejects.jsonl`` and
    ``update.rejects.jsonl`` (kept by an update), and its manifest (``None`` for a build
    from before manifests)."""

    papers: list[Paper]
    mentions: dict[str, list[dict[str, Any]]]
    clusters: dict[str, int]
    rejects: list[dict[str, Any]] = field(default_factory=list)
    update_rejects: list[dict[str, Any]] = field(default_factory=list)
    manifest: dict[str, Any] | None = None


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


def _rows(build: SavedBuild, name: str) -> Iterator[dict[str, Any]]:
    """The JSON objects of one JSON Lines file of a build, checked against its manifest."""
    path = f"{build.shown}/{name}"
    for number, line in enumerate(build.lines(name), 1):
        if line.strip():
            try:
                row = json.loads(line)
            except (ValueError, RecursionError) as exc:
                raise ValueError(f"{path}:{number}: not valid JSON") from exc
            if not isinstance(row, dict):
                raise ValueError(f"{path}:{number}: not a JSON object")
            yield row


def load_previous(outdir: str | Path) -> Previous:
    """The build saved in ``outdir``, checked against its manifest.

    Raises ``FileNotFoundError`` when there is no build and ``ValueError`` (one
    sentence naming the file) when it is damaged or incomplete.
    """
    outdir = Path(outdir)
    with open_build(outdir) as build:
        missing = [
            name
            for name in ("papers.jsonl", "mentions.jsonl", GRAPH_FILE)
            if not build.exists(name)
        ]
        if missing:
            raise OutdirError(
                f"{outdir} holds no complete build ({missing[0]} is missing): it "
                "was interrupted or is not a papergraph OUTDIR; build it again "
                "without --update"
            )
        try:
            papers = [Paper.from_dict(row) for row in _rows(build, "papers.jsonl")]
        except (KeyError, TypeError) as exc:
            raise ValueError(f"{outdir}/papers.jsonl: a record is not a paper ({exc})") from exc
        mentions = {}
        for row in _rows(build, "mentions.jsonl"):
            if not isinstance(row.get("id"), str) or not isinstance(row.get("mentions"), list):
                raise ValueError(f"{outdir}/mentions.jsonl: a record has no id or mentions list")
            mentions[row["id"]] = row["mentions"]
        G = graph_from_bytes(build.read_bytes(GRAPH_FILE), outdir / GRAPH_FILE)
        rejects = list(_rows(build, "rejects.jsonl")) if build.exists("rejects.jsonl") else []
        update_rejects = list(_rows(build, UPDATE_REJECTS)) if build.exists(UPDATE_REJECTS) else []
        manifest = build.manifest
    clusters = {
        node: data["cluster"]
        for node, data in G.nodes(data=True)
        if data.get("kind") == "paper" and "cluster" in data
    }
    return Previous(papers, mentions, clusters, rejects, update_rejects, manifest)


def _text(paper: Paper) -> tuple[str, str]:
    return paper.title, paper.abstract


def merge_with_previous(
    previous: Previous, new: Iterable[Paper]
) -> tuple[list[Paper], set[str], UpdateSummary]:
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
    summary = UpdateSummary(
        len(previous.papers), len(papers) - len(previous.papers), dedup.merged, changed, rejects
    )
    return papers, stale, summary
