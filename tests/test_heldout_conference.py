"""benchmarks/heldout/conference*.jsonl are well formed and disjoint; the script runs (no corpus)."""

from __future__ import annotations

import doctest
import importlib.util
import json

import pytest

from tests.conftest import PROJECT

SCRIPT = PROJECT / "benchmarks" / "heldout" / "conference.py"
HELDOUT = PROJECT / "benchmarks" / "heldout"
SET_FILES = {"test": HELDOUT / "conference.jsonl", "tuning": HELDOUT / "conference_tuning.jsonl"}
FIELDS = ["id", "repos", "benchmarks", "metrics", "methods_proposed", "methods_mentioned", "notes"]
VENUES = {"aistats", "icml", "colt", "uai", "alt", "nips", "iclr", "acl", "naacl", "cvpr", "eccv"}


@pytest.fixture(scope="module")
def conference():
    spec = importlib.util.spec_from_file_location("heldout_conference", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_set(which: str) -> list[dict]:
    lines = SET_FILES[which].read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module", params=sorted(SET_FILES))
def which(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def records(which) -> list[dict]:
    return read_set(which)


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


def test_the_set_has_the_drawn_size_per_group(which, records, conference) -> None:
    groups = {"test": conference.GROUPS, "tuning": conference.TUNING_GROUPS}[which]
    venue_group = {venue: index for index, (venues, _) in enumerate(groups) for venue in venues}
    per_group = [0] * len(groups)
    for record in records:
        per_group[venue_group[record["id"].partition(":")[0].rstrip("0123456789")]] += 1
    assert per_group == [n for _, n in groups]


def test_the_tuning_set_shares_no_id_with_the_test_set() -> None:
    test_ids = {record["id"] for record in read_set("test")}
    assert not test_ids & {record["id"] for record in read_set("tuning")}


def test_set_option_materialises_the_tuning_set(conference, tmp_path) -> None:
    ids = [record["id"] for record in read_set("tuning")]
    corpus = tmp_path / "corpus.jsonl"
    rows = [{"id": i, "title": "T", "abstract": "A", "venue": "v"} for i in reversed(ids)]
    corpus.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert conference.main([str(out), "--set", "tuning", "--corpus", str(corpus)]) == 0
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [record["id"] for record in written] == ids
    assert list(written[0]) == ["id", "title", "abstract", *FIELDS[1:]]


def test_script_doctests_pass(conference) -> None:
    assert doctest.testmod(conference).failed == 0


def test_missing_corpus_is_one_clear_sentence(conference, tmp_path, capsys) -> None:
    assert conference.main([str(tmp_path / "out.jsonl"), "--corpus", str(tmp_path / "no")]) == 2
    message = capsys.readouterr().err.strip()
    assert "is missing" in message and message.count("\n") == 0
