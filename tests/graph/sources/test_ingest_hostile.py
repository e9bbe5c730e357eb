"""Hostile input at ingest (issue 18): every record read is written, merged or rejected
with its file, line and one sentence, never an aborted run; outputs are strict JSON in
UTF-8 with unique ids outside the concept namespaces; ``ingest`` refuses colliding
outputs. Each reproduction of the issue is a test here; the property tests are in
test_ingest_properties.py."""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import ingest
from graph.analysis.questions import find_paper
from graph.building.builder import build_graph
from graph.cli import cli
from graph.paper import Paper, SourceRef
from graph.sources.dedup import Deduplicator
from graph.sources.records import (
    INT64_MAX,
    Reject,
    hostile_value,
)
from tests.conftest import PROJECT

sys.path.insert(0, str(PROJECT / "benchmarks"))


def run(*args: str):
    return CliRunner().invoke(cli, ["ingest", *args])


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def ingest_one(write, name: str, content: str | bytes, **kw):
    """Ingest one file; check the accounting and that every output is writable."""
    result = ingest([write(name, content)], **kw)
    assert result.balanced
    for paper in result.papers:
        assert hostile_value(paper.to_dict()) is None
        json.dumps(paper.to_dict(), ensure_ascii=False, allow_nan=False).encode("utf-8")
    for reject in result.rejects:
        json.dumps(reject.to_dict(), ensure_ascii=False, allow_nan=False).encode("utf-8")
    return result


def only_reject(result) -> Reject:
    [reject] = result.rejects
    return reject


# --- item 2: punctuation-only titles ------------------------------------------------------


@pytest.mark.parametrize("title", ["!!!", "…", "🙂", "•", "...", "— · —"])
def test_punctuation_only_title_without_abstract_is_rejected(write, title) -> None:
    line = json.dumps({"title": title}, ensure_ascii=False)
    result = ingest_one(write, "p.jsonl", f'{{"title": "Kept"}}\n{line}\n')
    assert [p.title for p in result.papers] == ["Kept"]
    reject = only_reject(result)
    assert (Path(reject.file).name, reject.line) == ("p.jsonl", 2)
    assert reject.reason.startswith("nothing identifies this paper")


@pytest.mark.parametrize("title", ["!!!", "…", "🙂"])
def test_punctuation_only_title_with_abstract_is_kept_with_a_stable_id(write, title) -> None:
    records = [{"title": title, "abstract": "We propose A."},
               {"title": title, "abstract": "We study B."}]  # fmt: skip
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    first = ingest_one(write, "p.jsonl", text)
    again = ingest_one(write, "q.jsonl", text)
    assert [p.title for p in first.papers] == [title, title]  # different abstracts: two papers
    ids = [p.id for p in first.papers]
    assert ids == [p.id for p in again.papers] and len(set(ids)) == 2
    assert all(i.startswith("pg-") for i in ids)


def test_punctuation_abstracts_are_not_one_key(write) -> None:
    """Before, every abstract of punctuation hashed to the same key and merged."""
    text = '{"title": "!!!", "abstract": "..."}\n{"title": "???", "abstract": "…"}\n'
    result = ingest_one(write, "p.jsonl", text)
    assert result.merged == 0 and len(result.rejects) == 2


def test_a_lone_bullet_line_on_a_listing_page_is_rejected_not_fatal(write) -> None:
    page = (
        "Daily Papers\n\nNov 19\n\nA Real Title\n\nWe propose a thing.\n\n  • 2 authors\n·\n"
        "Apr 1\n\n•\n\nAnother Title\n\nWe study another thing.\n"
    )
    result = ingest_one(write, "page.txt", page)
    assert [p.title for p in result.papers] == ["A Real Title", "Another Title"]
    assert only_reject(result).line == 13


def test_dedup_rejects_a_keyless_paper_instead_of_raising() -> None:
    dedup = Deduplicator()
    reject = dedup.add(Paper(title="🙂", sources=[SourceRef("f.txt", 3, "hf-listing")]))
    assert isinstance(reject, Reject) and (reject.file, reject.line) == ("f.txt", 3)
    assert dedup.finish() == []


# --- item 3: lone surrogates ---------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        '{"title": "A\\ud800B", "abstract": "x"}',
        '{"title": "A", "abstract": "x\\udfff"}',
        '{"title": "A", "venue": ["ok", {"deep": "\\udc80"}]}',
        '{"title": "A", "\\ud800": 1}',
    ],
)
def test_a_lone_surrogate_rejects_its_record_and_every_output_is_written(
    write, tmp_path, line
) -> None:
    path = write("s.jsonl", f'{{"title": "Kept"}}\n{line}\n')
    out = tmp_path / "out.jsonl"
    result = run(str(path), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [p["title"] for p in rows(out)] == ["Kept"]
    [reject] = rows(tmp_path / "out.rejects.jsonl")
    assert reject["line"] == 2 and "lone surrogate" in reject["reason"]
    assert "\\ud" in reject["raw"] or "\\\\ud" in json.dumps(reject["raw"])
    assert not list(tmp_path.glob(".*.tmp"))  # no debris


def test_a_surrogate_pair_is_one_character_and_kept(write) -> None:
    result = ingest_one(write, "p.jsonl", '{"title": "Smile \\ud83d\\ude42"}\n')
    assert result.papers[0].title == "Smile 🙂"


def test_a_codec_that_decodes_to_surrogates_rejects_the_line(write) -> None:
    page = "A Title\n\nWe propose \\ud800 things.\n\nOther Title\n\nWe study.\n"
    result = ingest_one(write, "page.txt", page, encoding="unicode_escape")
    assert [p.title for p in result.papers] == ["Other Title"]
    assert "lone surrogate" in only_reject(result).reason


def test_a_reject_whose_raw_is_not_strict_json_is_still_writable() -> None:
    reject = Reject("f", 1, "why", {"x": float("nan"), "t": "a\ud800"})
    json.dumps(reject.to_dict(), allow_nan=False).encode("utf-8")
    assert "NaN" in reject.raw and "\\ud800" in reject.raw


def test_file_names_that_are_not_utf8_are_named_with_escapes(tmp_path) -> None:
    directory = tmp_path / "in"
    directory.mkdir()
    name = os.fsdecode(b"caf\xe9.jsonl")
    (directory / name).write_text('{"title": "A"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run(str(directory), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert rows(out)[0]["sources"][0]["file"].endswith("caf\\xe9.jsonl")


# --- item 4: nesting, long numbers, NaN, concept-namespace ids ----------------------------


NESTED_300 = "[" * 300 + "]" * 300
NESTED_1200 = '{"a": ' * 1200 + "1" + "}" * 1200


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (NESTED_300, "nested more than 64 levels deep"),
        (NESTED_1200, "JSON nested too deeply to decode"),
        ("9" * 5000, "a number in it has more than 4,300 digits"),
        ("NaN", "holds NaN, which strict JSON cannot hold"),
        ("Infinity", "holds Infinity"),
        ("-Infinity", "holds -Infinity"),
        ("1e999", "holds Infinity"),
        ("1" + "0" * 30, "outside the 64-bit integer range"),
        (str(2**63), "outside the 64-bit integer range"),
        (str(-(2**63) - 1), "outside the 64-bit integer range"),
    ],
)
def test_hostile_json_values_reject_the_record(write, value, reason) -> None:
    line = f'{{"title": "A", "abstract": "x", "x": {value}}}'
    result = ingest_one(write, "p.jsonl", f'{{"title": "Kept"}}\n{line}\n')
    assert [p.title for p in result.papers] == ["Kept"]
    reject = only_reject(result)
    assert reject.line == 2 and reason in reject.reason
    assert "\n" not in reject.reason


@pytest.mark.parametrize("value", [NESTED_300, NESTED_1200, "9" * 5000, "NaN"])
def test_a_json_array_steps_over_a_refused_element(write, value) -> None:
    text = f'[\n{{"title": "First"}},\n{{"title": "B", "x": {value}}},\n{value},\n{{"title": "Last"}}\n]\n'
    result = ingest_one(write, "p.json", text)
    assert [p.title for p in result.papers] == ["First", "Last"]
    assert [r.line for r in result.rejects] == [3, 4] and not result.problems


@pytest.mark.parametrize("depth", [900, 960, 990, 1010])
@pytest.mark.parametrize("name", ["p.jsonl", "p.json"])
def test_nesting_near_the_recursion_limit_never_reaches_the_writer(
    write, tmp_path, depth, name
) -> None:
    """Whether the decoder or the nesting check refuses it, the reject is written as text."""
    value = '{"a": ' * depth + "1" + "}" * depth
    record = f'{{"title": "A", "x": {value}}}'
    path = write(name, f"[\n{record}\n]\n" if name.endswith(".json") else record + "\n")
    out = tmp_path / "out.jsonl"
    result = run(str(path), "-o", str(out))
    assert result.exit_code == 0, result.output
    [reject] = rows(tmp_path / "out.rejects.jsonl")
    assert "nested" in reject["reason"] and isinstance(reject["raw"], str)


def test_in_range_integers_and_finite_floats_are_kept(write) -> None:
    line = json.dumps(
        {"title": "A", "upvotes": INT64_MAX, "x": -(2**63), "y": 1e308, "z": [[[[1]]]]}
    )
    [paper] = ingest_one(write, "p.jsonl", line + "\n").papers
    assert paper.upvotes == INT64_MAX and paper.extra["y"] == 1e308


def test_nan_is_never_written_back(write, tmp_path) -> None:
    """Before, NaN went to papers.jsonl as a bare NaN and the build then aborted."""
    path = write("p.jsonl", '{"title": "A", "score": NaN}\n{"title": "B", "score": 1.5}\n')
    out = tmp_path / "out.jsonl"
    assert run(str(path), "-o", str(out)).exit_code == 0
    assert "NaN" not in out.read_text("utf-8")
    assert [p["title"] for p in rows(out)] == ["B"]


@pytest.mark.parametrize(
    "paper_id",
    [
        "method:lora",
        "benchmark:x",
        "metric:accuracy",
        "repo:github.com/a/b",
        "link:x",
        "topic:llm",
        "Method:LoRA",
        " method:lora",
        "method:lo\x01ra",
        "x\x00y",
    ],
)
def test_an_id_in_a_concept_namespace_or_with_control_characters_is_rejected(
    write, paper_id
) -> None:
    line = json.dumps({"id": paper_id, "title": "A"})
    result = ingest_one(write, "p.jsonl", line + "\n")
    assert not result.papers
    assert only_reject(result).reason.startswith("field 'id'")


@pytest.mark.parametrize(
    "paper_id",
    ["2104.01234", "arxiv:2104.01234", "doi:10.1/x", "methods-1", "W2741809807", "pg-1a2b"],
)
def test_ordinary_ids_are_kept_verbatim(write, paper_id) -> None:
    [paper] = ingest_one(write, "p.jsonl", json.dumps({"id": paper_id, "title": "A"}) + "\n").papers
    assert paper.id == paper_id


def test_alt_ids_in_a_concept_namespace_are_rejected(write) -> None:
    line = json.dumps({"id": "p1", "title": "A", "alt_ids": ["p0", "benchmark:glue"]})
    assert "concept namespace" in only_reject(ingest_one(write, "p.jsonl", line + "\n")).reason


# --- item 16: integers out of range, NFD lookup --------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("p.jsonl", '{"title": "A", "upvotes": 1000000000000000000000000000000}\n', 1),
        ("p.jsonl", '{"title": "A", "upvotes": 1e30}\n', 1),
        ("p.csv", "title,abstract,upvotes\nA,x,1000000000000000000000000000000\n", 2),
        ("p.csv", f"title,abstract,author_count\nA,x,{'9' * 5000}\n", 2),
        ("p.txt", "A Title\n\nWe propose.\n\n  • 5 authors\n·\nApr 14 " + "9" * 30 + "\n", 1),
        ("p.txt", "A Title\n\nWe propose.\n\n  • " + "9" * 5000 + " authors\n·\nApr 14\n", 1),
    ],
)
def test_counts_out_of_the_64_bit_range_are_rejected_naming_the_record(
    write, name, content, line
) -> None:
    reject = only_reject(ingest_one(write, name, content))
    assert (Path(reject.file).name, reject.line) == (name, line)
    assert "outside the 64-bit integer range" in reject.reason


def test_a_title_typed_in_nfd_finds_the_paper() -> None:
    papers = [Paper(id="a", title="Café: Über Schrödinger's Cat"), Paper(id="b", title="Other")]
    G = build_graph(papers, {})
    for query in ["Café", "ÜBER SCHRÖDINGER", "café: über"]:
        assert find_paper(G, unicodedata.normalize("NFD", query)) == "a"
        assert find_paper(G, unicodedata.normalize("NFC", query)) == "a"
    G.nodes["a"]["title"] = unicodedata.normalize("NFD", G.nodes["a"]["title"])  # stored as NFD
    assert find_paper(G, "Schrödinger") == "a"


# --- item 10: output collisions in papergraph ingest ---------------------------------------


def test_one_path_for_papers_and_rejects_is_refused(write, tmp_path) -> None:
    path = write("p.jsonl", '{"title": "A"}\n{"oops"\n')
    for out, rejects in [("X", "X"), ("X", "./X"), ("-", "-")]:
        result = run(
            str(path),
            "-o",
            str(tmp_path / out) if out != "-" else out,
            "--rejects",
            str(tmp_path / rejects) if rejects != "-" else rejects,
        )
        assert result.exit_code == 2
        assert "both name" in result.stderr and "Traceback" not in result.output
        assert not (tmp_path / "X").exists()


def test_an_output_that_is_an_input_is_refused(write, tmp_path) -> None:
    path = write("p.jsonl", '{"title": "A"}\n')
    before = path.read_bytes()
    for args in (["-o", str(path)], ["-o", str(tmp_path / "o.jsonl"), "--rejects", str(path)]):
        result = run(str(tmp_path), *args)  # the input named through its directory
        assert result.exit_code == 2 and "is also an input" in result.stderr
    assert path.read_bytes() == before


def test_outputs_that_cannot_be_files_are_refused(write, tmp_path) -> None:
    path = write("p.jsonl", '{"title": "A"}\n')
    (tmp_path / "dir").mkdir()
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    cases = {str(tmp_path / "dir"): "is a directory", str(path / "x.jsonl"): "is a file",
             os.devnull: "is not a regular file",
             str(tmp_path / "loop1"): "Too many levels of symbolic links"}  # fmt: skip
    for out, message in cases.items():
        result = run(str(path), "-o", out)
        assert result.exit_code == 2 and message in result.stderr, result.output
    assert not list(tmp_path.rglob(".*.tmp"))


def test_a_symlinked_output_is_written_through(write, tmp_path) -> None:
    path = write("p.jsonl", '{"title": "A"}\n')
    target = tmp_path / "real.jsonl"
    target.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert run(str(path), "-o", str(link)).exit_code == 0
    assert link.is_symlink() and rows(target)[0]["title"] == "A"


@pytest.mark.parametrize("name", ["snapshot.jsonl", "snapshot.json"])
def test_deep_nesting_in_a_source_record_is_rejected_before_its_reader_walks_it(
    write, name
) -> None:
    """An arXiv snapshot record (read by its own converter, in lines or in a JSON array)
    with a value nested 900 deep is one reject; the converter used to overflow the stack."""
    deep = '{"a": ' * 900 + "1" + "}" * 900
    good = '{"id": "0704.0001", "versions": [], "title": "Kept", "abstract": "A."}'
    bad = f'{{"id": "0704.0002", "versions": [], "title": "T", "authors_parsed": {deep}}}'
    text = f"{good}\n{bad}\n" if name.endswith(".jsonl") else f"[\n{good},\n{bad}\n]\n"
    result = ingest_one(write, name, text)
    assert [p.title for p in result.papers] == ["Kept"]
    assert "nested" in only_reject(result).reason
