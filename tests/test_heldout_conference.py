"""benchmarks/heldout/conference.jsonl is well formed; its script runs (no corpus needed)."""

from __future__ import annotations

import doctest
import importlib.util
import json

import pytest

from tests.conftest import PROJECT

SCRIPT = PROJECT / "benchmarks" / "heldout" / "conference.py"
ANNOTATIONS = PROJECT / "benchmarks" / "heldout" / "conference.jsonl"
FIELDS = ["id", "repos", "benchmarks", "metrics", "methods_proposed", "methods_mentioned", "notes"]
VENUES = {"aistats", "icml", "colt", "uai", "alt", "nips", "iclr", "acl", "cvpr"}


@pytest.fixture(scope="module")
def conference():
    spec = importlib.util.spec_from_file_location("heldout_conference", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def records() -> list[dict]:
    lines = ANNOTATIONS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_every_record_has_exactly_the_annotation_fields_and_no_text(records) -> None:
    assert records
    for record in records:
        assert list(record) == FIELDS, record["id"]
        assert isinstance(record["notes"], str) and record["notes"].strip(), record["id"]


def test_ids_are_unique_corpus_ids_from_the_drawn_venues(records) -> None:
    ids = [record["id"] for record in records]
    assert len(ids) == len(set(ids))
    for record_id in ids:
        venue_year, _, key = record_id.partition(":")
        assert key and venue_year.rstrip("0123456789") in VENUES, record_id


def test_entity_lists_hold_distinct_non_empty_strings(records) -> None:
    for record in records:
        for field in FIELDS[1:-1]:
            values = record[field]
            assert isinstance(values, list), (record["id"], field)
            assert all(isinstance(v, str) and v.strip() == v and v for v in values), (
                record["id"],
                field,
            )
            assert len(values) == len(set(values)), (record["id"], field)


def test_the_set_has_the_drawn_size_per_group(records, conference) -> None:
    classical = {venue for venues, _ in conference.GROUPS[:1] for venue in venues}
    in_classical = sum(r["id"].partition(":")[0].rstrip("0123456789") in classical for r in records)
    assert (in_classical, len(records) - in_classical) == tuple(n for _, n in conference.GROUPS)


def test_script_doctests_pass(conference) -> None:
    assert doctest.testmod(conference).failed == 0


def test_missing_corpus_is_one_clear_sentence(conference, tmp_path, capsys) -> None:
    assert conference.main([str(tmp_path / "out.jsonl"), "--corpus", str(tmp_path / "no")]) == 2
    message = capsys.readouterr().err.strip()
    assert "is missing" in message and message.count("\n") == 0
