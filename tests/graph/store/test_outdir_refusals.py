"""Outputs owned and safe to share (issue 18, items 13-16): papergraph never replaces
what it did not write, a failed build says so and leaves nothing behind, single files
are written whole or not at all, and a damaged OUTDIR is one sentence.

The crash, lock and update tests are in tests/graph/store/test_outdir_safety.py.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.atomic import OutputError, atomic_output, write_jsonl
from graph.sources.ingest import ingest
from graph.store.graphfile import load_graph
from graph.store.outdir import MANIFEST, check_target, open_build
from graph.workflow import build_outdir
from tests.graph.store.conftest import PAGE1, PAGE2, debris, run, snapshot

# --- item 13: never clobber what is not ours ----------------------------------------------


def test_build_refuses_a_directory_holding_a_users_files(tmp_path) -> None:
    outdir = tmp_path / "mine"
    outdir.mkdir()
    (outdir / "nodes.csv").write_text("my,own\n", encoding="utf-8")
    result = run("build", PAGE2, "-o", outdir, "-q")
    assert result.exit_code == 2 and "holds 'nodes.csv', which papergraph did not write" in (
        result.output
    )
    assert (outdir / "nodes.csv").read_text(encoding="utf-8") == "my,own\n"
    assert os.listdir(outdir) == ["nodes.csv"]


@pytest.mark.parametrize("kind", ["device", "fifo", "file", "dangling symlink", "root"])
def test_build_refuses_an_outdir_that_is_not_a_directory(tmp_path, kind) -> None:
    target = {"device": Path("/dev/null"), "root": Path("/")}.get(kind, tmp_path / "target")
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "file":
        target.write_text("keep me", encoding="utf-8")
    elif kind == "dangling symlink":
        target.symlink_to(tmp_path / "nowhere")
    before = os.lstat(target)
    result = run("build", PAGE2, "-o", target, "-q")
    expected = {
        "device": "is a device, not a directory",
        "fifo": "is a FIFO, not a directory",
        "file": "is a file, not a directory",
        "root": "is the root directory",
        "dangling symlink": "is a symlink to a missing path",
    }[kind]
    assert result.exit_code == 2 and expected in result.output and "Traceback" not in result.output
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode, after.st_size) == (
        before.st_ino,
        before.st_mode,
        before.st_size,
    )


def test_a_symlink_to_an_outdir_is_written_through(tmp_path) -> None:
    real = tmp_path / "real"
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    real.mkdir()
    assert run("build", PAGE2, "-o", link, "-q", "--export", "csv").exit_code == 0
    assert link.is_symlink() and (real / MANIFEST).exists() and debris(tmp_path) == []


def test_a_stale_neo4j_import_goes_with_the_old_build(tmp_path) -> None:
    outdir = tmp_path / "out"
    assert run("build", PAGE2, "-o", outdir, "-q", "--export", "csv").exit_code == 0
    (outdir / "neo4j-import").mkdir()
    (outdir / "neo4j-import" / "nodes_paper.csv").write_text("stale\n", encoding="utf-8")
    result = run("build", PAGE1, "-o", outdir, "--export", "csv")
    assert result.exit_code == 0, result.output
    assert not (outdir / "neo4j-import").exists()
    assert "removed neo4j-import/ of the previous build" in result.stderr


def test_a_file_in_an_outdir_that_the_build_did_not_write_is_kept(tmp_path) -> None:
    outdir = tmp_path / "out"
    assert run("build", PAGE2, "-o", outdir, "-q", "--export", "csv").exit_code == 0
    (outdir / "notes.md").write_text("mine", encoding="utf-8")
    result = run("build", PAGE2, "-o", outdir, "-q")
    assert result.exit_code == 2 and "holds 'notes.md', which papergraph did not write" in (
        result.output
    )
    assert (outdir / "notes.md").read_text(encoding="utf-8") == "mine"


def test_rejects_inside_outdir_is_refused_and_outside_it_is_a_copy(tmp_path) -> None:
    outdir = tmp_path / "out"
    result = run("build", PAGE2, "-o", outdir, "--rejects", outdir, "-q")
    assert (
        result.exit_code == 2
        and "--rejects" in result.output
        and "inside OUTDIR" in (result.output)
    )
    assert not outdir.exists()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "A", "abstract": "B"}\n{"x": 1}\n', encoding="utf-8")
    result = run("build", bad, "-o", outdir, "--rejects", tmp_path / "r.jsonl", "-q")
    assert result.exit_code == 0
    assert (tmp_path / "r.jsonl").read_bytes() == (outdir / "rejects.jsonl").read_bytes()
    assert len((outdir / "rejects.jsonl").read_text(encoding="utf-8").splitlines()) == 1


def test_export_into_outdir_keeps_it_sealed_and_elsewhere_writes_whole_files(tmp_path) -> None:
    outdir = tmp_path / "out"
    assert run("build", PAGE2, "-o", outdir, "-q", "--export", "csv").exit_code == 0
    result = run("export", outdir, "--format", "graphml")
    assert result.exit_code == 0, result.output
    with open_build(outdir) as build:
        assert {"papergraph.graphml", "nodes.csv"} <= set(build.manifest["files"])
        build.read_bytes("papergraph.graphml")
    assert run("clusters", outdir).exit_code == 0
    figures = tmp_path / "figures"
    assert run("export", outdir, "--format", "gexf", "-o", figures).exit_code == 0
    assert os.listdir(figures) == ["papergraph.gexf"]


# --- items 14 and 15: a failed build says so and leaves nothing behind --------------------


def test_an_unreadable_input_still_builds_the_rest_and_exits_1(tmp_path) -> None:
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("title,abstract\nA,B\n".encode("utf-16"))
    outdir = tmp_path / "out"
    result = run("build", PAGE2, utf16, "-o", outdir)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "wrote 24 papers (0 title-only) to " + str(outdir) + "/papers.jsonl" in lines
    assert lines[-1].startswith("error: ") and "utf16.csv" in lines[-1]
    assert load_graph(outdir).graph["clusters"] is not None
    problems = [json.loads(line) for line in (outdir / "rejects.jsonl").open()]
    assert problems[0]["kind"] == "file" and problems[0]["file"] == str(utf16)


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize(
    "where", ["graph.workflow.export", "graph.workflow.save_graph", "graph.atomic.os.fsync"]
)
def test_a_full_disk_stops_the_build_in_one_sentence_and_keeps_the_old_build(
    tmp_path, monkeypatch, where
) -> None:
    outdir = tmp_path / "out"
    assert run("build", PAGE2, "-o", outdir, "-q", "--export", "csv").exit_code == 0
    before = snapshot(outdir)
    monkeypatch.setattr(where, _enospc)
    result = run("build", PAGE1, "-o", outdir, "--export", "csv")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1] == (
        f"Error: build stopped, {outdir} was left as it was: No space left on device"
    )
    assert snapshot(outdir) == before and debris(tmp_path) == []


def test_a_full_disk_while_extract_writes_leaves_no_file(tmp_path, monkeypatch) -> None:
    output = tmp_path / "mentions.jsonl"
    output.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr("graph.atomic.os.fsync", _enospc)
    result = run("extract", PAGE2, "-o", output, "-q")
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert "Traceback" not in result.output
    assert output.read_text(encoding="utf-8") == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["mentions.jsonl"]


# --- single files: atomic, written through devices, refused over directories --------------


def test_a_lone_surrogate_is_one_sentence_and_leaves_no_temporary_file(tmp_path) -> None:
    path = tmp_path / "rows.jsonl"
    with pytest.raises(OutputError, match=r"record 2 \(id 'b'\) holds a lone surrogate"):
        write_jsonl([{"id": "a"}, {"id": "b", "title": "x\ud800"}], path)
    assert os.listdir(tmp_path) == []
    with pytest.raises(OutputError, match="NaN or infinity"):
        write_jsonl([{"id": "a", "score": float("nan")}], path)
    assert os.listdir(tmp_path) == []


def test_an_error_while_writing_keeps_the_old_file(tmp_path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_output(path) as out:
        out.write("new, half")
        raise KeyboardInterrupt
    assert path.read_text(encoding="utf-8") == "old" and os.listdir(tmp_path) == ["out.txt"]


def test_single_file_outputs_write_through_devices_and_fifos(tmp_path) -> None:
    with atomic_output("/dev/null") as out:
        out.write("nothing")
    assert Path("/dev/null").is_char_device()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    write_jsonl([{"id": "a"}], fifo)
    assert reader.communicate(timeout=10)[0] == b'{"id": "a"}\n'
    assert os.listdir(tmp_path) == ["pipe"]


def test_extract_to_dev_stdout_and_to_a_directory(tmp_path) -> None:
    process = subprocess.run(
        [sys.executable, "-m", "graph", "extract", str(PAGE2), "-o", "/dev/stdout", "-q"],
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    assert process.returncode == 0 and len(process.stdout.splitlines()) == 24
    assert Path("/dev/stdout").exists() and not Path("/dev/stdout.rejects.jsonl").exists()
    result = run("extract", PAGE2, "-o", tmp_path, "-q")
    assert result.exit_code == 1 and "is a directory; give a file name" in result.output
    (tmp_path / "file").write_text("", encoding="utf-8")
    result = run("extract", PAGE2, "-o", tmp_path / "file" / "x.jsonl", "-q")
    assert result.exit_code == 1 and "file is not a directory" in result.output


def test_a_symlink_to_a_file_keeps_its_link(tmp_path) -> None:
    real, link = tmp_path / "real.jsonl", tmp_path / "link.jsonl"
    real.write_text("old\n", encoding="utf-8")
    link.symlink_to(real)
    write_jsonl([{"id": "a"}], link)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == '{"id": "a"}\n'


# --- item 16 and damaged OUTDIRs: one sentence for the question commands -------------------


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("list", "not a papergraph graph (a JSON list"),
        ("directory", "graph.json is a directory, not a file"),
        ("truncated", "graph.json is not the file the build wrote"),
        ("missing", "nodes.csv, which its manifest lists, is missing"),
        ("manifest", "not a papergraph manifest"),
        ("manifest json", "the manifest is not valid JSON"),
    ],
)
def test_a_damaged_outdir_is_one_sentence_for_every_question(tmp_path, damage, message) -> None:
    outdir = tmp_path / "out"
    build_outdir(
        ingest([PAGE2]).papers[:3],
        outdir,
        formats=("csv",),
        extract_with=lambda papers: (
            {"id": p.id, "title": p.title, "mentions": []} for p in papers
        ),
    )
    graph_json, manifest = outdir / "graph.json", outdir / MANIFEST
    if damage == "list":
        manifest.unlink()
        graph_json.write_text("[1, 2]\n", encoding="utf-8")
    elif damage == "directory":
        manifest.unlink()
        graph_json.unlink()
        graph_json.mkdir()
    elif damage == "truncated":
        graph_json.write_bytes(graph_json.read_bytes()[:100])
    elif damage == "missing":
        (outdir / "nodes.csv").unlink()
    elif damage == "manifest":
        manifest.write_text("[]", encoding="utf-8")
    else:
        manifest.write_text("{", encoding="utf-8")
    for command in (
        ["clusters"],
        ["bridges"],
        ["methods"],
        ["timeline"],
        ["related", "x"],
        ["connection", "x", "y"],
        ["export"],
    ):
        result = run(command[0], outdir, *command[1:])
        assert result.exit_code == 1 and message in result.output, (command, result.output)
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_check_target_accepts_new_empty_and_own_directories(tmp_path) -> None:
    assert check_target(tmp_path / "new") == tmp_path / "new"
    (tmp_path / "empty").mkdir()
    assert check_target(tmp_path / "empty") == tmp_path / "empty"
    legacy = tmp_path / "legacy"  # a build from before manifests
    legacy.mkdir()
    for name in ("graph.json", "papers.jsonl", "nodes.csv", ".papers.jsonl.tmp"):
        (legacy / name).write_text("{}", encoding="utf-8")
    assert check_target(legacy) == legacy


def test_a_record_the_writer_cannot_encode_stops_the_build_cleanly(tmp_path) -> None:
    """A lone surrogate reaching the writer (ingest may reject it first: then it is a
    reject) stops the build in one sentence naming the record, with nothing left behind."""
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "a", "title": "X\\ud800", "abstract": "We use BERT."}\n'
        '{"id": "b", "title": "Y", "abstract": "We use BERT."}\n',
        encoding="utf-8",
    )
    outdir = tmp_path / "out"
    result = run("build", source, "-o", outdir, "-q", "--export", "csv")
    if result.exit_code == 0:  # rejected at ingest
        assert "\\ud800" in (outdir / "rejects.jsonl").read_text(encoding="utf-8")
    else:
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert f"{outdir}/papers.jsonl: record 1 (id 'a') holds a lone surrogate" in result.output
        assert not outdir.exists() and debris(tmp_path) == []


def test_a_path_through_a_file_is_one_sentence(tmp_path) -> None:
    (tmp_path / "afile").write_text("keep", encoding="utf-8")
    result = run("build", PAGE2, "-o", tmp_path / "afile" / "out", "-q")
    assert result.exit_code == 2 and "afile is a file, not a directory" in result.output
    outdir = tmp_path / "out"
    assert run("build", PAGE2, "-o", outdir, "-q", "--export", "csv").exit_code == 0
    result = run("export", outdir, "-o", tmp_path / "afile" / "x")
    assert result.exit_code == 1 and "cannot create it, a part of the path is a file" in (
        result.output
    )
    assert "Traceback" not in result.output
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "keep"
