"""The code base stays ruff-clean and every module stays small enough to read."""

from __future__ import annotations

import ast
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


def test_test_modules_share_helpers_only_through_conftest() -> None:
    """A helper two test modules need lives in a conftest.py (or a *_support module), so
    no test module imports another one."""
    offenders = []
    for path in (PROJECT / "tests").rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if module and module.split(".")[-1].startswith("test_"):
                offenders.append(f"{path.relative_to(PROJECT)} imports {module}")
    assert offenders == []


def test_fmt_skip_only_on_tables() -> None:
    """``# fmt: skip`` keeps a table's columns aligned; it never packs code into fewer
    lines. A marker must sit on an assignment of a literal (a tuple, list, set or dict,
    or a frozenset/dict/tuple of one)."""
    packed = []
    for package in ("graph", "extractors"):
        for path in (PROJECT / package).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            tables = set()
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.Assign | ast.AnnAssign) and _is_table(node.value):
                    tables.update(range(node.lineno, node.end_lineno + 1))
            for number, line in enumerate(source.splitlines(), 1):
                if line.rstrip().endswith("# fmt: skip") and number not in tables:
                    packed.append(f"{path.relative_to(PROJECT)}:{number}")
    assert packed == []


def _is_table(value: ast.expr | None) -> bool:
    literal = ast.Dict | ast.Tuple | ast.List | ast.Set
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        return value.func.id in {"frozenset", "dict", "tuple", "set"} and bool(value.args)
    return isinstance(value, literal)
