"""The code base stays ruff-clean and every module stays small enough to read."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import PROJECT

MAX_MODULE_LINES = 400


def test_ruff_check_is_clean() -> None:
    ruff = shutil.which("ruff") or str(PROJECT / ".venv" / "bin" / "ruff")
    try:
        done = subprocess.run([ruff, "check", "."], cwd=PROJECT, capture_output=True, text=True)
    except FileNotFoundError:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("package", ["graph", "extractors", "tests", "benchmarks"])
def test_no_module_over_400_lines(package) -> None:
    for path in (PROJECT / package).rglob("*.py"):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= MAX_MODULE_LINES, f"{path.relative_to(PROJECT)} has {lines} lines"


def test_python_version() -> None:
    assert sys.version_info >= (3, 11)
