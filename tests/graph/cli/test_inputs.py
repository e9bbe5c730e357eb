"""What the reading commands share (graph/cli/inputs.py): each input file is sniffed once."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.sources import detect
from tests.conftest import EXAMPLES


@pytest.fixture
def head_reads(monkeypatch) -> Counter[str]:
    """How often each file's head (its first 64 KiB, what detection reads) is read."""
    reads: Counter[str] = Counter()
    read_head = detect._head

    def counting(path: str) -> bytes:
        reads[path] += 1
        return read_head(path)

    monkeypatch.setattr(detect, "_head", counting)
    return reads


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_each_file_of_a_directory_is_sniffed_once(command, head_reads, tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.txt").write_bytes((EXAMPLES / "daily-papers-page2.txt").read_bytes())
    (folder / "more.jsonl").write_text(json.dumps({"title": "Kept", "abstract": "Yes."}) + "\n")
    (folder / "paper.pdf").write_bytes(b"%PDF-1.7")
    (folder / "notes.md").write_text("Some notes\nabout nothing\n")
    result = CliRunner().invoke(cli, [command, str(folder), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    output = " ".join(result.stderr.split())
    assert f"skipped: {folder / 'paper.pdf'}: a PDF file" in output
    assert f"skipped: {folder / 'notes.md'}: not a format papergraph reads" in output
    assert dict(head_reads) == {
        str(folder / name): 1 for name in sorted(p.name for p in folder.iterdir())
    }
