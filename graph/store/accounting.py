"""What a build read, kept and rejected: ``rejects.jsonl``, ``update.rejects.jsonl`` and the
manifest's ``inputs`` and ``accounting`` (read = written + merged + rejected).

An update keeps the previous build's rows and adds its own.

>>> reject_rows(None)
[]
>>> accounting(None, None, new_papers=3, written=3, summary=None)
{'read': 3, 'written': 3, 'merged': 0, 'rejected': 0}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.sources.ingest import IngestResult, write_jsonl
from graph.store.incremental import UPDATE_REJECTS, Previous, UpdateSummary
from graph.store.outdir import input_records

__all__ = ["REJECTS", "accounting", "manifest_inputs", "reject_rows", "write_rejects"]

REJECTS = "rejects.jsonl"


def reject_rows(ingested: IngestResult | None) -> list[dict[str, Any]]:
    """The rows of ``rejects.jsonl``: every rejected record (``kind`` ``record``) and
    every file problem (``kind`` ``file``), as ``papergraph ingest`` writes them."""
    if ingested is None:
        return []
    rows = [reject.to_dict() | {"kind": "record"} for reject in ingested.rejects]
    for problem in ingested.problems:
        where = {"file": problem.file, "line": problem.line, "reason": problem.reason}
        rows.append({"kind": "file", **where, "raw": None})
    return rows


def accounting(
    previous: Previous | None,
    ingested: IngestResult | None,
    new_papers: int,
    written: int,
    summary: UpdateSummary | None,
) -> dict[str, int]:
    """``read``, ``written``, ``merged`` and ``rejected`` records over every build that
    made this one (an update adds to the previous build's): read = written + merged +
    rejected."""
    before = {"read": 0, "merged": 0, "rejected": 0}
    if previous is not None:
        recorded = (previous.manifest or {}).get("accounting")
        if isinstance(recorded, dict) and all(isinstance(recorded.get(k), int) for k in before):
            before = {k: recorded[k] for k in before}
        else:  # a build from before manifests: what its files tell
            rejected = sum(1 for row in previous.rejects if row.get("kind") != "file")
            rejected += len(previous.update_rejects)
            before = {"read": len(previous.papers) + rejected, "merged": 0, "rejected": rejected}
    read = ingested.read if ingested is not None else new_papers
    merged = ingested.merged if ingested is not None else 0
    rejected = len(ingested.rejects) if ingested is not None else 0
    if summary is not None:
        merged += summary.merged
        rejected += len(summary.rejects)
    return {
        "read": before["read"] + read,
        "written": written,
        "merged": before["merged"] + merged,
        "rejected": before["rejected"] + rejected,
    }


def write_rejects(
    target: Path,
    previous: Previous | None,
    ingested: IngestResult | None,
    summary: UpdateSummary | None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Write ``rejects.jsonl`` (always) and ``update.rejects.jsonl`` (when it has rows),
    each keeping the previous build's rows; return both lists of rows."""
    rejects = (previous.rejects if previous else []) + reject_rows(ingested)
    write_jsonl(rejects, target / REJECTS)
    update_rejects = previous.update_rejects if previous else []
    if summary is not None:
        update_rejects = update_rejects + [reject.to_dict() for reject in summary.rejects]
    if update_rejects:
        write_jsonl(update_rejects, target / UPDATE_REJECTS)
    return rejects, update_rejects


def manifest_inputs(
    previous: Previous | None, ingested: IngestResult | None
) -> list[dict[str, Any]]:
    """The manifest's ``inputs``: the previous build's, then this one's input files."""
    inputs = (previous.manifest or {}).get("inputs", []) if previous else []
    return inputs + input_records(s.file for s in ingested.inputs) if ingested else inputs
