"""Extraction quality on the hand-annotated dev set, judged as the reference scorer judges it,
and on held-out abstracts."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import extractors
from extractors.evaluation import evaluate
from tests.conftest import PROJECT, SHARED

pytestmark = pytest.mark.seeds

# field -> (minimum precision, minimum recall, minimum F1), strict matching (issue #3)
TARGETS = {
    "repos": (0.99, 0.98, 0.0),
    "benchmarks": (0.0, 0.0, 0.85),
    "metrics": (0.0, 0.0, 0.80),
    "methods": (0.0, 0.0, 0.75),
    "proposed": (0.0, 0.0, 0.85),
}


@pytest.fixture(scope="module")
def predictions(nlp, gold_records):
    return list(extractors.extract(gold_records, nlp=nlp))


def assert_meets(
    records: list[dict],
    predictions: list[dict],
    field: str,
    bars: dict[str, tuple[float, float, float]],
) -> None:
    """The strict score of ``field`` reaches its minimum precision, recall and F1."""
    score = evaluate(records, predictions).scores[field]["strict"]
    precision, recall, f1 = bars[field]
    assert score.precision >= precision and score.recall >= recall and score.f1 >= f1, (
        f"{field}: P={score.precision:.3f} R={score.recall:.3f} F1={score.f1:.3f}"
    )


@pytest.mark.parametrize("field", TARGETS)
def test_dev_set_targets_hold(gold_records, predictions, field) -> None:
    assert_meets(gold_records, predictions, field, TARGETS)


def test_our_figures_are_the_reference_scorers(gold_records, predictions, tmp_path) -> None:
    path = tmp_path / "mentions.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in predictions), encoding="utf-8")
    # The reference scorer's relaxed counts move with the hash seed (greedy matching over a
    # set; seen from 252 to 256 methods and 80 to 83 proposed): fix it, for a stable test.
    done = subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools" / "score_extraction.py"),
            str(SHARED / "gold" / "dev.jsonl"),
            str(path),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    reference = json.loads(done.stdout)
    ours = evaluate(gold_records, predictions).scores
    names = {"repos": "repo", "benchmarks": "benchmark", "metrics": "metric",
             "methods": "method", "proposed": "proposed"}  # fmt: skip
    for field, theirs in names.items():
        mine, expected = ours[field]["strict"], reference[theirs]
        assert (mine.tp, mine.fp, mine.fn) == (expected["tp"], expected["fp"], expected["fn"])
        mine, expected = ours[field]["relaxed"], reference[theirs + "_relaxed"]
        assert abs(mine.tp - expected["tp"]) <= max(2, 0.02 * expected["tp"])
    assert reference["papers_missing_from_output"] == 0


# Held-out abstracts (benchmarks/heldout/README.md): another annotator's second opinion,
# so these are regression floors a little under what the extractor scores today (test:
# benchmarks 0.855, metrics 0.800, methods 0.824, proposed 0.721), not issue 3's bars.
HELDOUT_FLOORS = {**TARGETS, "benchmarks": (0.0, 0.0, 0.84), "metrics": (0.0, 0.0, 0.76),
                  "methods": (0.0, 0.0, 0.79), "proposed": (0.0, 0.0, 0.69)}  # fmt: skip


@pytest.fixture(scope="module")
def heldout(nlp):
    path = PROJECT / "benchmarks" / "heldout" / "test.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return records, list(extractors.extract(records, nlp=nlp))


@pytest.mark.parametrize("field", HELDOUT_FLOORS)
def test_heldout_floors_hold(heldout, field) -> None:
    assert_meets(*heldout, field, HELDOUT_FLOORS)


def test_every_dev_and_heldout_mention_keeps_the_invariants(
    nlp, gold_records, predictions, heldout
) -> None:
    """extractors.invariants on every record: offsets inside the field, text its slice,
    one sentence, no overlaps, kind and key consistent."""
    from extractors.invariants import mention_problems

    for records, outputs in ((gold_records, predictions), heldout):
        assert [r["id"] for r in records] == [o["id"] for o in outputs]
        for record, output in zip(records, outputs, strict=True):
            assert mention_problems(record, output["mentions"], nlp) == [], record["id"]
