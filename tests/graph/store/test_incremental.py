"""Incremental builds: only new papers are extracted, and continuing clusters keep their ids
(how ids are carried over: tests/graph/analysis/test_evolution.py)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from graph.cli import cli
from graph.store.graphfile import load_graph

ANALYSIS = {"cluster", "cluster_label", "bridge_score", "bridge_rank", "bridge_clusters"}


def run(*args) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stderr


def without_analysis(outdir) -> tuple[dict, list]:
    data = json.loads((outdir / "graph.json").read_text(encoding="utf-8"))
    nodes = {
        n["id"]: {k: v for k, v in n.items() if k not in ANALYSIS and k != "sources"}
        for n in data["nodes"]
    }
    return nodes, data["edges"]


def test_adding_a_day_extracts_only_new_papers_and_matches_a_full_build(
    seed_pages, seed_outdir, tmp_path
) -> None:
    outdir = tmp_path / "out"
    run("build", *seed_pages[:4], "-o", outdir, "-q")
    before = load_graph(outdir)
    old_clusters = {c["id"]: set() for c in before.graph["clusters"]}
    for paper, cluster in before.nodes(data="cluster"):
        if cluster is not None and cluster >= 0:
            old_clusters[cluster].add(paper)
    printed = run("build", seed_pages[4], "-o", outdir, "--update")
    assert "update: 253 papers known, 67 added, 19 merged into known ones" in printed
    assert "; 67 extracted" in printed and "clusters since the last build: kept " in printed
    assert without_analysis(outdir) == without_analysis(seed_outdir)  # same graph as one build
    after = load_graph(outdir)
    for cluster in after.graph["clusters"]:
        members = {p for p, c in after.nodes(data="cluster") if c == cluster["id"]}
        for old_id, old_members in old_clusters.items():
            if members == old_members:  # an unchanged cluster keeps its id
                assert cluster["id"] == old_id


def test_adding_the_same_day_again_changes_nothing(tmp_path, seed_pages) -> None:
    outdir = tmp_path / "out"
    run("build", seed_pages[0], "-o", outdir, "-q")
    first = (outdir / "graph.json").read_bytes()
    printed = run("build", seed_pages[0], "-o", outdir, "--update")
    assert "0 added, 44 merged into known ones, 0 changed; 0 extracted" in printed
    assert "clusters since the last build: kept " in printed and "appeared" not in printed
    assert (outdir / "graph.json").read_bytes() == first


def test_update_rejects_are_kept_even_when_quiet(tmp_path, seed_pages) -> None:
    outdir = tmp_path / "out"
    run("build", seed_pages[0], "-o", outdir, "-q")
    known = json.loads((outdir / "papers.jsonl").read_text(encoding="utf-8").splitlines()[0])
    clash = tmp_path / "clash.jsonl"
    clash.write_text(
        json.dumps(
            {"id": known["id"], "title": "Something else entirely", "arxiv_id": "2999.99999"}
        )
        + "\n",
        encoding="utf-8",
    )
    assert run("build", clash, "-o", outdir, "--update", "-q") == ""
    [reject] = [json.loads(line) for line in (outdir / "update.rejects.jsonl").open()]
    assert (
        reject["file"] == str(clash) and reject["line"] == 1 and "already used" in reject["reason"]
    )


def test_a_damaged_outdir_is_one_clear_error(tmp_path, seed_pages) -> None:
    outdir = tmp_path / "out"
    run("build", seed_pages[0], "-o", outdir, "-q")
    (outdir / "mentions.jsonl").write_text("{broken\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(seed_pages[0]), "-o", str(outdir), "--update"])
    assert (
        result.exit_code == 2 and "mentions.jsonl is not the file the build wrote" in result.output
    )
    assert "input" not in result.output  # refused before reading anything
    (outdir / "papergraph-manifest.json").unlink()  # a build from before manifests
    result = CliRunner().invoke(cli, ["build", str(seed_pages[0]), "-o", str(outdir), "--update"])
    assert result.exit_code == 1 and "mentions.jsonl:1: not valid JSON" in result.output
    assert "Traceback" not in result.output
