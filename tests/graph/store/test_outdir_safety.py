"""Outputs that are atomic (issue 18, items 9-12): a build is staged beside OUTDIR,
sealed with a manifest and swapped in under a lock (graph/store/outdir.py).

These tests kill real processes at chosen and at seeded random moments of ``build`` and
``build --update``, run two writers at once, and hold --update to a real previous build.
The refusals, full disks and damaged directories are in tests/graph/store/test_outdir_refusals.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.atomic import write_jsonl
from graph.sources.ingest import ingest
from graph.store.graphfile import load_graph
from graph.store.outdir import (
    MANIFEST,
    OutdirError,
    locked,
    open_build,
    recover,
    sidecar,
    staged,
)
from graph.workflow import build_outdir
from tests.conftest import PROJECT
from tests.graph.store.conftest import PAGE1, PAGE2, debris, run, snapshot

FORMATS = ("graphml", "gexf", "json", "csv")  # the PNG is slow to draw and adds nothing here

# A build through the library with extraction replaced by saved mentions: the same
# OUTDIR machinery as `papergraph build`, started in half a second instead of three.
DRIVER = """
import json, sys
from graph.sources.ingest import ingest
from graph.workflow import build_outdir
saved = {row["id"]: row["mentions"] for row in map(json.loads, open(sys.argv[1]))}
outdir, update, inputs = sys.argv[2], sys.argv[3] == "update", sys.argv[4:]
result = ingest(inputs)
build_outdir(result.papers, outdir, update=update, ingested=result,
             formats=("graphml", "gexf", "json", "csv"),
             extract_with=lambda papers: ({"id": p.id, "title": p.title,
                                           "mentions": saved[p.id]} for p in papers))
"""


@pytest.fixture(scope="module")
def saved_mentions(tmp_path_factory, nlp) -> Path:
    """The mentions of every example paper, for the driver."""
    import extractors

    papers = ingest([PAGE1, PAGE2]).papers
    path = tmp_path_factory.mktemp("mentions") / "mentions.jsonl"
    write_jsonl(extractors.extract(papers, nlp=nlp), path)
    return path


def drive(
    saved: Path,
    outdir: Path,
    *inputs: Path,
    update: bool = False,
    hook: str = "",
    wait: bool = True,
) -> subprocess.Popen:
    """Start the driver in a process of its own (optionally with a test hook)."""
    env = {**os.environ, "PAPERGRAPH_TEST_HOOK": hook, "PYTHONPATH": str(PROJECT)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            DRIVER,
            str(saved),
            str(outdir),
            "update" if update else "build",
            *map(str, inputs),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    if wait:
        process.error_output = process.communicate(timeout=60)[1].decode()
    return process


def reference(saved: Path, outdir: Path, *inputs: Path, update: bool = False) -> dict[str, str]:
    """The clean result, built in this process the way the driver builds it."""
    result = ingest(inputs)
    found = {row["id"]: row["mentions"] for row in map(json.loads, saved.open())}
    build_outdir(
        result.papers,
        outdir,
        update=update,
        ingested=result,
        formats=FORMATS,
        extract_with=lambda papers: (
            {"id": p.id, "title": p.title, "mentions": found[p.id]} for p in papers
        ),
    )
    return snapshot(outdir)


def seen_by_readers(outdir: Path) -> dict[str, str]:
    """What a question command reads: OUTDIR, or during the swap the build beside it."""
    with open_build(outdir) as build:
        names = [*sorted(build.manifest["files"]), MANIFEST]
        return {name: hashlib.sha256(build.read_bytes(name)).hexdigest() for name in names}


# --- item 11 and 9: a kill at any moment ------------------------------------------------


def without_manifest_inputs(files: dict[str, str], outdir: Path) -> dict:
    """A build's files, its manifest read for what does not depend on how often the
    same input was added (an update repeated after it completed adds it again)."""
    manifest = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
    return {**{k: v for k, v in files.items() if k != MANIFEST}, "files": manifest["files"]}


@pytest.mark.parametrize(
    ("update", "moments"),
    [(False, ["staged", "between-renames", "random"]), (True, ["swapped", "random"])],
    ids=["build", "update"],
)
def test_a_kill_at_any_moment_leaves_the_old_build_or_the_new(
    saved_mentions, tmp_path, update, moments
) -> None:
    """Kills (SIGKILL) at steps of the swap and at a seeded random moment, on a build over
    an old one and on an --update; readers see one whole build, and running the same
    command again converges to the clean result."""
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    old = reference(saved_mentions, old_dir, PAGE2)
    new_inputs = (PAGE1,) if update else (PAGE1, PAGE2)
    if update:
        shutil.copytree(old_dir, new_dir)
    new = reference(saved_mentions, new_dir, *new_inputs, update=update)
    assert old != new
    rng = random.Random(18 + update)
    for moment in moments:
        work = tmp_path / f"work-{moment}"
        outdir = work / "out"
        shutil.copytree(old_dir, outdir)
        if moment == "random":  # after start-up (about 1.3 s here), while it builds
            process = drive(saved_mentions, outdir, *new_inputs, update=update, wait=False)
            time.sleep(rng.uniform(1.3, 2.5))
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)
        else:
            process = drive(
                saved_mentions, outdir, *new_inputs, update=update, hook=f"kill:{moment}"
            )
            assert process.returncode == -signal.SIGKILL
        seen = seen_by_readers(outdir)
        assert seen in (old, new), moment
        if os.path.isdir(outdir):
            assert snapshot(outdir) == seen, moment
        else:  # killed between the two renames: the previous build waits beside it
            assert moment == "between-renames" and snapshot(sidecar(outdir, "old")) == old
        again = reference(saved_mentions, outdir, *new_inputs, update=update)  # the same again
        if update and seen == new:  # it had finished: the update is applied a second time
            assert without_manifest_inputs(again, outdir) == without_manifest_inputs(new, new_dir)
        else:
            assert again == new, moment
        assert debris(work) == []


def test_a_killed_update_then_the_same_update_extracts_the_added_abstract(tmp_path) -> None:
    """Item 9: an update that fills in an abstract, killed (SIGKILL) while it runs and then
    run again, gives the paper its mentions: the same files as an update never killed."""
    known = tmp_path / "known.jsonl"
    known.write_text(
        json.dumps({"id": "p1", "title": "LoRA for everyone"})
        + "\n"
        + json.dumps(
            {
                "id": "p2",
                "title": "Another paper",
                "abstract": "We fine-tune BERT with LoRA on GLUE.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    day = tmp_path / "day.jsonl"
    day.write_text(
        json.dumps(
            {
                "id": "p1",
                "title": "LoRA for everyone",
                "abstract": "We train T5 with LoRA on SuperGLUE.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    clean = tmp_path / "clean"
    assert run("build", known, "-o", clean, "-q", "--export", "csv").exit_code == 0
    before = snapshot(clean)
    outdir = tmp_path / "killed"
    shutil.copytree(clean, outdir)
    assert run("build", day, "-o", clean, "--update", "-q", "--export", "csv").exit_code == 0
    after = snapshot(clean)
    mentions = [json.loads(line) for line in (clean / "mentions.jsonl").open()]
    assert mentions[0]["id"] == "p1" and mentions[0]["mentions"]
    command = [sys.executable, "-m", "graph", "build", str(day), "-o", str(outdir), "--update",
               "-q", "--export", "csv"]  # fmt: skip
    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    staged_papers = sidecar(outdir, "new") / "papers.jsonl"
    while process.poll() is None and not staged_papers.exists():
        time.sleep(0.005)  # the moment the old code had written papers.jsonl into OUTDIR
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    assert snapshot(outdir) in (before, after)
    finished = snapshot(outdir) == after
    assert run("build", day, "-o", outdir, "--update", "-q", "--export", "csv").exit_code == 0
    if finished:  # too fast to kill: the update ran twice
        assert without_manifest_inputs(snapshot(outdir), outdir) == without_manifest_inputs(
            after, clean
        )
    else:
        assert snapshot(outdir) == after


# --- item 12: two writers -----------------------------------------------------------------


def test_two_builds_into_one_outdir_one_refuses_and_the_result_is_whole(
    saved_mentions, tmp_path
) -> None:
    outdir = tmp_path / "out"
    go = tmp_path / "go"  # the first waits, holding the lock, until the second has tried
    first = drive(saved_mentions, outdir, PAGE1, PAGE2, hook=f"wait:staged:{go}", wait=False)
    deadline = time.monotonic() + 30
    while not sidecar(outdir.resolve(), "new").exists():  # the first holds the lock
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.05)
    second = drive(saved_mentions, outdir, PAGE2)
    go.touch()
    assert second.returncode == 1
    message = second.error_output
    assert f"out is being written by another papergraph build (pid {first.pid})" in message
    assert first.wait(timeout=60) == 0, first.communicate()[1].decode()
    expected = reference(saved_mentions, tmp_path / "clean", PAGE1, PAGE2)
    assert snapshot(outdir) == expected and debris(tmp_path) == []


def test_the_cli_refuses_a_locked_outdir_in_one_sentence(tmp_path) -> None:
    outdir = tmp_path / "out"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from graph.store.outdir import locked\n"
            "with locked(sys.argv[1]):\n    print('held', flush=True); time.sleep(30)",
            str(outdir),
        ],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    try:
        assert holder.stdout.readline() == b"held\n"
        result = run("build", PAGE2, "-o", outdir, "-q")
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert f"is being written by another papergraph build (pid {holder.pid})" in result.output
    finally:
        holder.kill()
        holder.wait()
    assert not outdir.exists()


def test_a_lock_held_in_this_process_refuses_a_second_build_in_it(tmp_path) -> None:
    refused = pytest.raises(OutdirError, match="being written by another papergraph build")
    with locked(tmp_path / "out"), refused, staged(tmp_path / "out"):
        pass


# --- the swap window and recovery ---------------------------------------------------------


def test_recovery_puts_back_the_previous_build_after_a_kill_between_the_renames(tmp_path):
    outdir = tmp_path / "out"
    build_outdir([], outdir, formats=())
    old = snapshot(outdir)
    os.rename(outdir, sidecar(outdir, "old"))  # what a kill between the renames leaves
    os.mkdir(sidecar(outdir, "new"))
    assert load_graph(outdir).number_of_nodes() == 0  # readers read the previous build
    with locked(outdir):
        done = recover(outdir)
    assert "put back the previous build" in done[-1] and snapshot(outdir) == old
    assert debris(tmp_path) == []


# --- item 10: --update needs a build, and keeps the rejects -------------------------------


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (
            "missing",
            "does not exist, so there is no build to update; run `papergraph build` "
            "without --update first",
        ),
        ("empty", "is empty, so there is no build to update"),
        ("foreign", "holds no papergraph build"),
        ("half", "papers.jsonl, which its manifest lists, is missing"),
        ("changed", "graph.json is not the file the build wrote (its sha256 differs"),
    ],
)
def test_update_refuses_a_missing_or_damaged_outdir(tmp_path, setup, message) -> None:
    outdir = tmp_path / "out"
    if setup in ("half", "changed"):
        build_outdir(
            ingest([PAGE2]).papers[:3],
            outdir,
            formats=(),
            extract_with=lambda papers: (
                {"id": p.id, "title": p.title, "mentions": []} for p in papers
            ),
        )
        if setup == "half":
            (outdir / "papers.jsonl").unlink()
        else:
            text = (outdir / "graph.json").read_text(encoding="utf-8")
            (outdir / "graph.json").write_text(text.replace('"p', '"q', 1), encoding="utf-8")
    elif setup != "missing":
        outdir.mkdir()
        if setup == "foreign":
            (outdir / "notes.txt").write_text("mine", encoding="utf-8")
    before = snapshot(outdir) if outdir.exists() else None
    result = run("build", PAGE2, "-o", outdir, "--update")
    # refused before reading the inputs (2); a changed hash is found when the build reads it (1)
    assert result.exit_code == (1 if setup == "changed" else 2) and message in result.output
    assert "Traceback" not in result.output and ("input" not in result.output) != (
        setup == "changed"
    )
    assert (snapshot(outdir) if outdir.exists() else None) == before


def test_update_keeps_the_previous_rejects_and_the_accounting_holds(tmp_path, nlp) -> None:
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(
        '{"title": "GloVe", "abstract": "Word vectors."}\n{"x": 1}\n'
        '{"title": "glove", "abstract": "Word vectors."}\n',
        encoding="utf-8",
    )
    second.write_text(
        '{"title": "BERT", "abstract": "We pre-train."}\nnot json\n{"title": "GloVe"}\n',
        encoding="utf-8",
    )
    outdir = tmp_path / "out"
    assert run("build", first, "-o", outdir, "-q").exit_code == 0
    assert run("build", second, "-o", outdir, "--update", "-q").exit_code == 0
    rejects = [json.loads(line) for line in (outdir / "rejects.jsonl").open()]
    assert [(r["file"], r["line"]) for r in rejects] == [(str(first), 2), (str(second), 2)]
    manifest = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
    accounting = manifest["accounting"]
    assert accounting == {"read": 6, "written": 2, "merged": 2, "rejected": 2}
    assert (
        accounting["read"] == accounting["written"] + accounting["merged"] + accounting["rejected"]
    )
    assert [i["path"] for i in manifest["inputs"]] == [str(first), str(second)]
    assert manifest["inputs"][1]["sha256"] == hashlib.sha256(second.read_bytes()).hexdigest()
