"""The README tells the truth: its commands, its sample output and its Python session."""

from __future__ import annotations

import doctest
import re
import shutil

import click
import pytest
from click.testing import CliRunner

from graph.cli import cli
from tests.conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    assert "$ make test" in README and "$ make demo" in README
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in ci.splitlines() if line and not line.startswith(("#", " "))]
    assert commands[-1] == "make test"


def test_readme_demo_output_is_what_the_demo_prints(tmp_path, monkeypatch) -> None:
    shutil.copytree(PROJECT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    shown = README.split("$ make demo\n", 1)[1].split("```")[0]
    command = shown.splitlines()[0]
    assert f"\t$(BIN)/{command.removeprefix('.venv/bin/')}\n" in makefile
    result = CliRunner().invoke(cli, command.split()[1:])
    assert result.exit_code == 0
    timing = re.compile(r"in [\d.]+ s \(\d+ papers/s\)")
    printed = [timing.sub("in T", line.rstrip()) for line in result.stderr.splitlines()]
    assert printed == [timing.sub("in T", line) for line in shown.splitlines()[1:]]


def test_readme_python_session_runs(monkeypatch) -> None:
    monkeypatch.chdir(PROJECT)
    session = "\n".join(re.findall(r"```python\n(.*?)```", README, flags=re.S))
    test = doctest.DocTestParser().get_doctest(session, {}, "README.md", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize(("name", "command"), _commands(cli))
def test_every_command_has_help_and_is_in_the_readme(name, command) -> None:
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0
    assert command.help and len(command.help.split()) >= 8
    assert f"papergraph {name}" in README


def test_top_level_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in cli.commands:
        assert name in result.output
