"""What a build read, kept and rejected: the rows of rejects.jsonl and the manifest's accounting."""

from __future__ import annotations

import json

from graph.sources.ingest import IngestResult
from graph.sources.records import Reject
from graph.sources.textio import FileProblem
from graph.store.accounting import REJECTS, accounting, reject_rows, write_rejects
from graph.store.incremental import UPDATE_REJECTS, Previous, UpdateSummary


def ingested_with_one_reject_and_one_problem() -> IngestResult:
    return IngestResult(
        rejects=[Reject("a.jsonl", 3, "record has neither a title nor an abstract", {"x": 1})],
        problems=[FileProblem("b.json", "the JSON array is not closed with ']'", line=7)],
    )


def test_reject_rows_hold_records_then_file_problems() -> None:
    rows = reject_rows(ingested_with_one_reject_and_one_problem())
    assert [row["kind"] for row in rows] == ["record", "file"]
    assert rows[1] == {
        "kind": "file",
        "file": "b.json",
        "line": 7,
        "reason": "the JSON array is not closed with ']'",
        "raw": None,
    }


def test_an_update_adds_its_rows_and_counts_to_the_previous_builds(tmp_path) -> None:
    old_reject = {"kind": "record", "file": "old.jsonl", "line": 1, "reason": "r", "raw": None}
    previous = Previous(
        papers=[],
        mentions={},
        clusters={},
        rejects=[old_reject],
        manifest={"accounting": {"read": 5, "merged": 1, "rejected": 1}},
    )
    summary = UpdateSummary(
        known=3,
        added=2,
        merged=1,
        changed=0,
        rejects=[Reject("new.jsonl", 2, "id of another paper")],
    )
    ingested = ingested_with_one_reject_and_one_problem()
    rejects, update_rejects = write_rejects(tmp_path, previous, ingested, summary)
    assert rejects[0] == old_reject and len(rejects) == 3
    assert [json.loads(line)["file"] for line in (tmp_path / UPDATE_REJECTS).open()] == [
        "new.jsonl"
    ]
    assert len((tmp_path / REJECTS).read_text().splitlines()) == 3 and update_rejects
    counts = accounting(previous, ingested, new_papers=0, written=5, summary=summary)
    assert counts == {"read": 5, "written": 5, "merged": 2, "rejected": 3}
