"""``papergraph ingest`` end to end through the command line, including every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli

ABSTRACT = "We propose a method. It works."


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["ingest", *args], input=input)


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_writes_papers_rejects_and_a_balanced_summary(write, tmp_path) -> None:
    page = write(
        "page.txt",
        f"Daily Papers\n\nA title\n\n{ABSTRACT}\n\n  • 2 authors\n·\nApr 1\n"
        f"\nTitle only\n\n  • 3 authors\n·\nApr 2\n\n·\nApr 3\n",
    )
    jsonl = write("more.jsonl", '{"title": "A TITLE"}\n{"title": \n')
    out = tmp_path / "out" / "papers.jsonl"
    result = run(str(page), str(jsonl), "-o", str(out))
    assert result.exit_code == 0, result.output
    papers = rows(out)
    assert [p["title"] for p in papers] == ["A title", "Title only"]
    assert len(papers[0]["sources"]) == 2
    rejects = rows(tmp_path / "out" / "papers.rejects.jsonl")
    assert [(Path(r["file"]).name, r["line"], r["kind"]) for r in rejects] == [
        ("page.txt", 17, "record"),
        ("more.jsonl", 2, "record"),
    ]
    assert "read 5 = written 2 + merged 1 + rejected 2" in result.stderr
    assert "wrote 2 papers (1 title-only)" in result.stderr
    assert f"{page}:17: meta block with no title or abstract before it" in result.stderr
    assert f"{jsonl}:2: not valid JSON" in result.stderr


def test_strict_turns_rejects_into_exit_1(write, tmp_path) -> None:
    bad = write("p.jsonl", '{"title": "ok"}\n{"nothing": 1}\n')
    assert run(str(bad), "-o", str(tmp_path / "out.jsonl")).exit_code == 0
    result = run(str(bad), "-o", str(tmp_path / "out.jsonl"), "--strict")
    assert result.exit_code == 1 and "--strict" in result.stderr


def test_custom_rejects_path_and_stdout_output(write, tmp_path) -> None:
    good = write("p.jsonl", '{"id": "x", "title": "ok"}\n')
    result = run(str(good), "-o", "-", "--rejects", str(tmp_path / "r.jsonl"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "x"
    assert (tmp_path / "r.jsonl").read_text() == ""


def test_stdin_needs_a_format(tmp_path) -> None:
    result = run("-", "-o", str(tmp_path / "p.jsonl"))
    assert result.exit_code == 2 and "standard input needs --format" in result.stderr
    result = run("-", "-f", "jsonl", "-o", str(tmp_path / "p.jsonl"), input='{"title": "T"}\n')
    assert result.exit_code == 0 and rows(tmp_path / "p.jsonl")[0]["title"] == "T"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("paper.pdf", b"%PDF", "paper.pdf: a PDF file; papergraph reads paper metadata"),
        ("missing.jsonl", None, "missing.jsonl: no such file"),
    ],
)
def test_usage_errors_exit_2_and_write_nothing(write, tmp_path, name, content, message) -> None:
    path = write(name, content) if content is not None else tmp_path / name
    out = tmp_path / "p.jsonl"
    result = run(str(path), "-o", str(out))
    assert result.exit_code == 2 and message in result.stderr
    assert not out.exists()


def test_empty_file_is_reported_and_strict_fails(write, tmp_path) -> None:
    empty = write("empty.txt", b"")
    result = run(str(empty), "-o", str(tmp_path / "p.jsonl"))
    assert result.exit_code == 0 and f"{empty}: empty file: no records found" in result.stderr
    assert run(str(empty), "-o", str(tmp_path / "p.jsonl"), "--strict").exit_code == 1
    [problem] = rows(tmp_path / "p.rejects.jsonl")
    assert problem["kind"] == "file" and problem["reason"] == "empty file: no records found"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("p.csv", b"name,text\nx,y\n", "p.csv:1: the CSV header lacks the required column(s)"),
        ("p.jsonl", "{}\n".encode("utf-16"), "p.jsonl:1: the file is UTF-16"),
        ("p.json", b'[{"title": "a"} {"title": "b"}]', "p.json:1: not valid JSON"),
        ("p.jsonl.gz", b"not gzip at all", "p.jsonl.gz:1: read failed: Not a gzipped file"),
    ],
)
def test_unreadable_files_exit_1_and_keep_the_other_inputs(
    write, tmp_path, name, content, message
) -> None:
    good = write("good.jsonl", '{"title": "kept"}\n')
    bad = write(name, content)
    out = tmp_path / "out.jsonl"
    result = run(str(good), str(bad), "-o", str(out))
    assert result.exit_code == 1
    assert message in result.stderr
    assert rows(out)[0]["title"] == "kept"  # the other inputs are still read


def test_non_utf8_bytes_reject_the_record_and_name_the_line(write, tmp_path) -> None:
    page = write("page.txt", b"Good\n\nFine abstract.\n\nBad\n\nCaf\xe9 abstract.\n")
    result = run(str(page), "-o", str(tmp_path / "p.jsonl"))
    assert result.exit_code == 0
    assert f"{page}:5: line 7: byte 0xe9 at column 4 is not valid utf-8" in result.stderr
    [reject] = rows(tmp_path / "p.rejects.jsonl")
    assert reject["raw"] == {"title": "Bad", "abstract": "Caf\ufffd abstract."}
    result = run(str(page), "-o", str(tmp_path / "p.jsonl"), "--encoding", "latin-1")
    assert [p["abstract"] for p in rows(tmp_path / "p.jsonl")][1] == "Café abstract."


def test_bad_encoding_option(write, tmp_path) -> None:
    good = write("good.jsonl", '{"title": "kept"}\n')
    result = run(str(good), "-o", str(tmp_path / "p.jsonl"), "--encoding", "klingon")
    assert result.exit_code == 2 and "unknown encoding" in result.stderr
    result = run(str(good), "-o", str(tmp_path / "p.jsonl"), "--encoding", "utf-16")
    assert result.exit_code == 2 and "not ASCII-compatible" in result.stderr


def test_directory_input_reads_known_files_sorted(write, tmp_path) -> None:
    write("b.jsonl", '{"title": "B"}\n')
    write("a.txt", f"A\n\n{ABSTRACT}\n")
    write("notes.md", "ignored")
    result = run(str(tmp_path), "-o", str(tmp_path / "out" / "p.jsonl"))
    assert result.exit_code == 0
    assert [p["title"] for p in rows(tmp_path / "out" / "p.jsonl")] == ["A", "B"]
