"""Helpers of the output-directory tests: the example pages, the CLI, and what a build
leaves on disk."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from click.testing import CliRunner

from graph.cli import cli
from tests.conftest import EXAMPLES

PAGE1, PAGE2 = EXAMPLES / "daily-papers-page1.txt", EXAMPLES / "daily-papers-page2.txt"


def run(*args):
    """``papergraph ARGS...`` in-process: the click result."""
    return CliRunner().invoke(cli, [str(a) for a in args])


def snapshot(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` with its sha256."""
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def debris(parent: Path) -> list[str]:
    """What a build may leave beside OUTDIR besides its lock file: nothing."""
    return sorted(
        name for name in os.listdir(parent) if ".papergraph-" in name and "lock" not in name
    )
