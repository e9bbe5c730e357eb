"""papergraph build, then the question commands on its output directory."""

from __future__ import annotations

import filecmp
import json
import shutil

import pytest
from click.testing import CliRunner

from graph.cli import cli
from tests.conftest import EXAMPLES

FILES = ["papers.jsonl", "mentions.jsonl", "graph.json", "papergraph.graphml", "papergraph.gexf",
         "papergraph.json", "nodes.csv", "edges.csv", "overview.png", "rejects.jsonl",
         "papergraph-manifest.json"]  # fmt: skip


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("build") / "out"
    result = run("build", EXAMPLES, "-o", outdir)
    assert result.exit_code == 0, result.output
    return outdir, result


def test_build_writes_every_file_and_a_readable_summary(built) -> None:
    outdir, result = built
    assert sorted(p.name for p in outdir.iterdir()) == sorted(FILES)
    lines = result.stderr.splitlines()
    assert "read 64 = written 62 + merged 2 + rejected 0" in lines
    assert any(line.startswith("graph: 62 papers, ") and "links" in line for line in lines)
    assert any(line.startswith("clusters: ") for line in lines)
    assert any(line.startswith("bridges: ") for line in lines)
    assert lines[-1].startswith("built in ") and "overview.png" in lines[-1]


def test_the_same_input_builds_byte_identical_files(built, tmp_path) -> None:
    outdir, _ = built
    again = tmp_path / "again"
    assert run("build", EXAMPLES, "-o", again, "--quiet").exit_code == 0
    for name in FILES:
        assert filecmp.cmp(outdir / name, again / name, shallow=False), name


def test_question_commands_answer_from_the_saved_graph(built, tmp_path) -> None:
    outdir, _ = built
    clusters = json.loads(run("clusters", outdir, "--json").output)
    assert clusters and {"id", "size", "label", "papers", "central"} <= set(clusters[0])
    assert set(clusters[0]["central"]) <= set(clusters[0]["papers"])
    listed = run("clusters", outdir).output
    assert clusters[0]["central"][0] in listed  # each cluster's central papers, under it
    assert "papers" in run("clusters", outdir, "--members").output
    bridges = json.loads(run("bridges", outdir, "--json", "--top", "3").output)
    assert isinstance(bridges, list) and len(bridges) <= 3  # 62 papers: rare, maybe none
    paper = clusters[0]["central"][0]
    related = json.loads(run("related", outdir, paper, "--json").output)
    assert related and all(r["shared"] for r in related)
    target = related[-1]["paper"]
    hops = json.loads(run("connection", outdir, paper, target, "--json").output)
    assert hops[0]["source"] == paper and hops[-1]["target"] == target
    assert "on" in run("methods", outdir, "--min-papers", "1").output
    timeline = run("timeline", outdir)
    assert timeline.exit_code == 0 and "first" in timeline.output
    exported = run("export", outdir, "--format", "graphml", "-o", tmp_path / "figures")
    assert exported.exit_code == 0 and (tmp_path / "figures" / "papergraph.graphml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["related", "{out}", "no such paper at all"], "no paper has the id, arXiv id or title"),
        (["related", "{out}", "a"], "papers match 'a'"),
        (["timeline", "{out}", "NoSuchConcept"], "no concept is called 'NoSuchConcept'"),
        (["clusters", "{empty}"], "no saved graph here; run `papergraph build` first"),
        (["clusters", "{bad}"], "not a papergraph graph"),
    ],
)
def test_question_errors_are_one_clear_sentence(built, tmp_path, args, message) -> None:
    outdir, _ = built
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "graph.json").write_text("{not json", encoding="utf-8")
    places = {"out": outdir, "empty": tmp_path, "bad": tmp_path / "bad"}
    result = run(*[arg.format(**places) for arg in args])
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output


def test_no_connection_is_reported(tmp_path) -> None:
    listing = tmp_path / "two.jsonl"
    listing.write_text(
        json.dumps(
            {
                "id": "W1",
                "title": "Speculative decoding for faster inference",
                "abstract": "Draft tokens are verified in parallel by the target model.",
            }
        )
        + "\n"
        + json.dumps(
            {
                "id": "W2",
                "title": "Knot tying with two robot arms",
                "abstract": "A gripper learns to tie knots from demonstrations.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert run("build", listing, "-o", tmp_path / "out", "--export", "csv", "-q").exit_code == 0
    graph = json.loads((tmp_path / "out" / "graph.json").read_text(encoding="utf-8"))
    papers = sorted(n["id"] for n in graph["nodes"] if n.get("kind") == "paper")
    assert all(n.get("cluster") == -1 for n in graph["nodes"] if n.get("kind") == "paper")
    result = run("connection", tmp_path / "out", papers[0], papers[1])
    assert result.exit_code == 1 and "no chain of shared concepts joins" in result.output


def test_build_with_only_some_exports(tmp_path) -> None:
    shutil.copy(EXAMPLES / "daily-papers-page2.txt", tmp_path / "page.txt")
    result = run("build", tmp_path / "page.txt", "-o", tmp_path / "out", "--export", "csv", "-q")
    assert result.exit_code == 0 and result.stderr == ""
    assert (tmp_path / "out" / "nodes.csv").exists()
    assert not (tmp_path / "out" / "papergraph.graphml").exists()


def test_link_settings_change_the_links(tmp_path) -> None:
    shutil.copy(EXAMPLES / "daily-papers-page2.txt", tmp_path / "page.txt")
    links = {}
    for name, options in {
        "default": [],
        "all": ["--top-k", "0"],
        "one": ["--top-k", "1"],
        "rare": ["--max-concept-papers", "2"],
    }.items():
        out = tmp_path / name
        result = run("build", tmp_path / "page.txt", "-o", out, "--export", "csv", "-q", *options)
        assert result.exit_code == 0, result.output
        edges = (out / "edges.csv").read_text(encoding="utf-8").splitlines()
        links[name] = sum(",SHARES_CONCEPT," in line for line in edges)
    assert 0 < links["one"] < links["default"] <= links["all"], links
    assert links["rare"] <= links["default"]


def test_builds_in_separate_runs_are_byte_identical(tmp_path) -> None:
    """Python's hash seed changes set order between runs; nothing written may depend on it."""
    import os
    import subprocess
    import sys

    for seed in ("1", "2"):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "graph",
                "build",
                str(EXAMPLES),
                "-o",
                str(tmp_path / seed),
                "-q",
            ],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
    for name in FILES:
        assert filecmp.cmp(tmp_path / "1" / name, tmp_path / "2" / name, shallow=False), name
