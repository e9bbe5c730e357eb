"""``papergraph extract`` and ``papergraph evaluate`` through the command line."""

from __future__ import annotations

import json

from click.testing import CliRunner

from graph.cli import cli
from tests.conftest import EXAMPLES, SHARED


def test_extract_writes_one_record_per_paper_with_a_summary(tmp_path) -> None:
    out = tmp_path / "mentions.jsonl"
    result = CliRunner().invoke(cli, ["extract", str(EXAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 62
    assert all(set(r) == {"id", "title", "mentions"} for r in records)
    assert "read 64 = written 62 + merged 2 + rejected 0" in result.stderr
    assert "mentions (" in result.stderr and "62 papers" in result.stderr
    assert (tmp_path / "mentions.rejects.jsonl").exists()


def test_extract_keeps_input_ids_and_reports_bad_records(tmp_path) -> None:
    source = tmp_path / "p.jsonl"
    source.write_text('{"id": "W1", "title": "LoRA: Low-Rank Adaptation"}\n{"x": 1}\n')
    out = tmp_path / "m.jsonl"
    result = CliRunner().invoke(cli, ["extract", str(source), "-o", str(out), "--strict"])
    assert result.exit_code == 1
    assert json.loads(out.read_text().splitlines()[0])["id"] == "W1"
    assert f"{source}:2: record has neither a title nor an abstract" in result.stderr


def test_evaluate_prints_scores_and_errors(tmp_path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "p",
                "repos": [],
                "benchmarks": ["CIFAR-10"],
                "metrics": [],
                "methods_proposed": ["GrowCLIP"],
                "methods_mentioned": ["BERT"],
            }
        )
        + "\n"
    )
    pred = tmp_path / "pred.jsonl"
    pred.write_text(
        json.dumps(
            {
                "id": "p",
                "mentions": [
                    {"kind": "benchmark", "text": "CIFAR10"},
                    {"kind": "method", "text": "GrowCLIP", "role": "proposed"},
                    {"kind": "method", "text": "LLM"},
                ],
            }
        )
        + "\n"
    )
    result = CliRunner().invoke(cli, ["evaluate", str(gold), str(pred)])
    assert result.exit_code == 0
    assert "| benchmarks | strict | 1.000 | 1.000 | 1.000 | 1 | 0 | 0 |" in result.output
    assert "methods missed: p: BERT" in result.output
    assert "methods false positives: p: LLM" in result.output
    as_json = CliRunner().invoke(cli, ["evaluate", str(gold), str(pred), "--json"])
    assert json.loads(as_json.output)["scores"]["proposed"]["strict"]["f1"] == 1.0


def test_evaluate_names_the_bad_line(tmp_path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "p"}\nnot json\n')
    result = CliRunner().invoke(cli, ["evaluate", str(bad), str(bad)])
    assert result.exit_code == 1 and f"{bad}:2: not valid JSON" in result.output


def test_evaluate_refuses_swapped_files(tmp_path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "p", "repos": [], "benchmarks": ["GLUE"]}) + "\n")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "p", "title": "T", "mentions": []}) + "\n")
    result = CliRunner().invoke(cli, ["evaluate", str(pred), str(gold)])
    assert result.exit_code == 1
    assert f"{pred}: record 1 (id 'p') has none of repos, benchmarks" in result.output
    assert "is it a mentions file?" in result.output
    only_gold = CliRunner().invoke(cli, ["evaluate", str(gold), str(gold)])
    assert only_gold.exit_code == 1 and f"{gold}: record 1 (id 'p') has none of mentions" in (
        only_gold.output
    )


def test_shared_gold_file_is_readable_by_extract() -> None:
    assert (SHARED / "gold" / "dev.jsonl").exists()
