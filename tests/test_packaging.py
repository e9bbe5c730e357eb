"""A plain (non-editable) install works: the wheel holds every module and data file, and
papergraph runs from it in a fresh virtualenv outside the checkout.

The wheel is built offline from a copy of the sources with the test environment's
setuptools (``pip wheel --no-build-isolation --no-index``). The fresh virtualenv has no
pip and none of the dependencies: our wheel alone is installed into it (``--no-deps``),
then a ``.pth`` file lends it the test environment's site-packages for the dependencies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from graph.mirror.statements import split_statements
from graph.store.manifest import DISTRIBUTION
from tests.conftest import EXAMPLES, PROJECT

SOURCES = ("pyproject.toml", "README.md", "graph", "extractors", "cypher")


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _shipped_files() -> set[str]:
    """Every file of the checkout the wheel must hold, as a path inside the wheel."""
    wanted = {
        str(path.relative_to(PROJECT))
        for package in ("graph", "extractors")
        for path in (PROJECT / package).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    data = [*(PROJECT / "extractors" / "data").iterdir(), PROJECT / "extractors" / "default.cfg",
            *(PROJECT / "graph" / "data").iterdir()]  # fmt: skip
    wanted |= {str(path.relative_to(PROJECT)) for path in data if path.is_file()}
    cypher = PROJECT / "cypher"
    wanted |= {
        f"graph/mirror/cypher/{path.relative_to(cypher)}"
        for path in cypher.rglob("*")
        if path.suffix in (".cypher", ".md")
    }
    return wanted


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from a copy of the checkout's sources."""
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (PROJECT / name).is_dir():
            shutil.copytree(
                PROJECT / name,
                source / name,
                symlinks=True,
                ignore=shutil.ignore_patterns("__pycache__"),
            )
        else:
            shutil.copy2(PROJECT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--disable-pip-version-check",
        "-w",
        dist,
        source,
        cwd=source,
    )
    [built] = dist.glob("*.whl")
    return built


def test_the_wheel_holds_every_module_and_data_file(wheel) -> None:
    assert wheel.name.startswith(DISTRIBUTION.replace("-", "_") + "-")
    with zipfile.ZipFile(wheel) as archive:
        held = set(archive.namelist())
    missing = sorted(_shipped_files() - held)
    assert not missing, f"the wheel lacks {missing}: see [tool.setuptools] in pyproject.toml"
    assert "graph/mirror/cypher/schema.cypher" in held


def test_papergraph_runs_from_the_wheel_outside_the_checkout(wheel, tmp_path) -> None:
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--quiet",
        "--no-deps",
        "--no-index",
        "--disable-pip-version-check",
        wheel,
        cwd=tmp_path,
    )
    site = Path(
        _run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
        ).strip()
    )
    ours = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (site / "papergraph-test-dependencies.pth").write_text("\n".join(ours) + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    work = tmp_path / "work"
    shutil.copytree(EXAMPLES, work / "examples")

    where = _run(python, "-c", "import graph, extractors; print(graph.__file__)", cwd=work, env=env)
    assert Path(where.strip()).is_relative_to(venv), where
    version = _run(venv / "bin" / "papergraph", "--version", cwd=work, env=env)
    assert version.startswith("papergraph, version ")
    _run(venv / "bin" / "papergraph", "build", "examples/", "-o", "out/", "-q", cwd=work, env=env)
    assert (work / "out" / "graph.json").is_file()
    printed = _run(
        venv / "bin" / "papergraph", "neo4j", "sync", "out/", "--dry-run", cwd=work, env=env
    )
    schema = (PROJECT / "cypher" / "schema.cypher").read_text(encoding="utf-8")
    statements = [chunk.text for chunk in split_statements(schema)]
    assert statements and f"// schema: {len(statements)} statements" in printed
    for statement in statements:
        assert f"{statement};" in printed
