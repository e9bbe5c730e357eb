"""The corpus generator and the benchmark harness keep working (a tiny size; never timed)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from graph import ingest
from tests.conftest import PROJECT

sys.path.insert(0, str(PROJECT / "benchmarks"))
from corpus import generate

SIZE = 300


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    directory = tmp_path_factory.mktemp("corpus")
    return directory, generate(SIZE, directory, seed=7, jsonl=True)


def _files(directory) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_bytes(corpus, tmp_path) -> None:
    directory, _ = corpus
    generate(SIZE, tmp_path, seed=7, jsonl=True)
    assert _files(tmp_path) == _files(directory)
    generate(SIZE, tmp_path / "other", seed=8)
    assert _files(tmp_path / "other" / "pages") != _files(directory / "pages")


def test_ingest_accounts_for_every_generated_record(corpus) -> None:
    directory, manifest = corpus
    result = ingest([directory / "pages"])
    assert result.balanced and not result.problems
    assert result.read == manifest["records"]
    assert len(result.papers) == manifest["papers"] == SIZE
    assert result.merged == manifest["duplicates"] > 0
    assert len(result.rejects) == manifest["rejected"]
    assert result.title_only == manifest["title_only"]
    rows = (directory / "papers.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rows) == SIZE


def test_concepts_are_heavy_tailed_with_names_links_and_prefixes(corpus) -> None:
    directory, manifest = corpus
    concepts = manifest["concepts"]
    assert concepts["top"][0]["share"] > 0.10
    assert concepts["median_df"] <= 3
    assert concepts["in_at_most_5_papers"] > 0.5
    papers = [json.loads(line) for line in (directory / "papers.jsonl").open(encoding="utf-8")]
    prefixed = sum(":" in p["title"].split()[0] for p in papers)
    assert 0.1 * SIZE < prefixed < 0.7 * SIZE
    assert sum("github.com/" in p["abstract"] for p in papers) > 0.05 * SIZE
    assert sum("we propose" in p["abstract"].lower() for p in papers) > 0.05 * SIZE


def test_harness_reports_every_stage_and_ratio(tmp_path) -> None:
    out = tmp_path / "results"
    command = [sys.executable, str(PROJECT / "benchmarks" / "run.py"), "--sizes", "60", "100",
               "--processes", "1", "--compare-betweenness", "--out", str(out),
               "--cache", str(tmp_path / "cache")]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads((out / "results.json").read_text())
    stages = ("ingest", "pipeline", "extract", "build", "clusters", "bridges", "export")
    for size in summary["sizes"]:
        assert size["status"] == "ok"
        assert set(stages) <= set(size["stages"]) and size["peak_rss_mb"] > 0
        assert {"nodes", "edges", "links"} <= set(size["graph"])
        ratios = size["ratios"]
        assert {"extraction_vs_tokenizer", "projection_vs_sparse_product", "betweenness"} <= set(
            ratios
        )
        projection = ratios["projection_vs_sparse_product"]
        assert 0 < projection["links"] <= projection["product_links"]  # top-k keeps a subset
    assert summary["scaling"][0]["total"] is not None
    verdicts = {row[1] for row in summary["targets"]}
    assert any("tokenizer" in name for name in verdicts)
    assert any("sparse product" in name for name in verdicts)
    assert any("top-50 overlap" in name for name in verdicts)
    markdown = (out / "results.md").read_text()
    assert "## Ratios and targets" in markdown and "| 100 |" in markdown
    assert markdown in done.stdout


def test_pipeline_floor_times_every_pipeline(corpus) -> None:
    from pipeline_floor import measure, pipelines

    directory, _ = corpus
    papers = ingest([directory / "papers.jsonl"]).papers[:20]
    rows = measure(papers, trials=1)
    assert [label for label, _ in rows] == list(pipelines())
    assert all(ratio > 0 for _, ratio in rows)


def test_name_usage_mining_writes_names_and_counts(tmp_path) -> None:
    from mine_name_usage import main

    corpus = tmp_path / "abstracts.jsonl.gz"
    abstract = "Models are trained on QuillSet. FooNet outperforms them. We like ZapNet."
    with gzip.open(corpus, "wt", encoding="utf-8") as out:
        for number in range(4):
            out.write(json.dumps({"id": str(number), "title": "T", "abstract": abstract}) + "\n")
    table = tmp_path / "usage.tsv"
    assert main([str(corpus), "-o", str(table)]) == 0
    lines = table.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# name\tbenchmark\tmethod\tmetric")
    assert lines[1:] == ["FooNet\t0\t4\t0", "QuillSet\t4\t0\t0"]  # ZapNet: never typed


def test_name_novelty_mining_writes_names_and_counts(tmp_path) -> None:
    from mine_name_novelty import main

    corpus = tmp_path / "abstracts.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as out:
        for number in range(3):
            abstract = f"We train FooNet and Bar{number}Net."  # Bar0Net ... once each
            out.write(json.dumps({"id": str(number), "title": "T", "abstract": abstract}) + "\n")
    table = tmp_path / "name_df.tsv.gz"
    assert main([str(corpus), "--out", str(table)]) == 0
    lines = gzip.decompress(table.read_bytes()).decode().splitlines()
    assert lines == ["#documents\t3", "FooNet\t3"]
