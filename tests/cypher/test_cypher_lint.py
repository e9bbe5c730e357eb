"""Every Cypher statement papergraph ships or sends passes Neo4j's official linter.

The linter is the npm package ``@neo4j-cypher/language-support`` (pinned in
package.json, installed by ``make install`` with ``npm ci``), run offline by
``tests/cypher/cypher_lint.mjs`` with the mirror's labels, relationship types, property
keys and each statement's parameters declared. Errors fail the test, and so do
warnings that a label, type or property is unknown: the schema we declare is the
whole data model, so such a warning is a typo. Both Cypher 5 and Cypher 25 are
checked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from graph.mirror import LABELS, PROPERTY_KEYS, REL_TYPES, STATEMENTS, split_statements
from graph.mirror.statements import CYPHER_DIR, ROW_FIELDS, param_name
from tests.conftest import PROJECT

SCRIPT = PROJECT / "tests" / "cypher" / "cypher_lint.mjs"
LINTER = PROJECT / "node_modules" / "@neo4j-cypher" / "language-support"
VERSIONS = ("CYPHER 5", "CYPHER 25")
# The row fields are declared too: the linter cannot tell `row.paper` (a map's key)
# from a node property.
SCHEMA = {"labels": list(LABELS), "relationshipTypes": list(REL_TYPES),
          "propertyKeys": sorted({*PROPERTY_KEYS, *ROW_FIELDS})}  # fmt: skip
CYPHER_FILES = sorted(CYPHER_DIR.rglob("*.cypher"))


def lint(items: list[dict]) -> dict[str, list[dict]]:
    """Lint ``items`` ({"id", "text", "parameters"}) in every Cypher version, one node
    process per version side by side; ``{f"{id} ({version})": diagnostics}``. Fails
    (never skips) when the linter is missing: CI installs it."""
    node = shutil.which("node")
    if node is None or not LINTER.exists():
        pytest.fail(
            "the Cypher linter is not installed: run `make install` (it runs `npm ci`, "
            "which needs Node.js) so that node_modules/@neo4j-cypher/language-support exists"
        )
    runs = {}
    for version in VERSIONS:
        runs[version] = subprocess.Popen(
            [node, str(SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=PROJECT,
        )
    found = {}
    for version, run in runs.items():
        request = {"schema": SCHEMA, "version": version, "items": items}
        out, err = run.communicate(json.dumps(request), timeout=300)
        assert run.returncode == 0, err
        found |= {f"{r['id']} ({version})": r["diagnostics"] for r in json.loads(out)}
    return found


def file_item(path: Path) -> dict:
    """A whole .cypher file, console commands included (diagnostics are at file lines);
    its parameters are those its `:param` lines set."""
    text = path.read_text(encoding="utf-8")
    chunks = split_statements(text)
    names = [name for chunk in chunks if chunk.is_command if (name := param_name(chunk.text))]
    return {
        "id": str(path.relative_to(PROJECT)),
        "text": text,
        "parameters": names,
        "statements": sum(not chunk.is_command for chunk in chunks),
        "origin": [],
    }


def statements_item() -> dict:
    """Every statement the mirror sends, one after the other; ``origin`` maps lines back."""
    text, origin = "", []
    for name, statement in STATEMENTS.items():
        origin += [(name, line) for line in range(1, statement.text.count("\n") + 2)]
        text += statement.text + ";\n"
    parameters = sorted({p for s in STATEMENTS.values() for p in s.parameters})
    return {
        "id": "STATEMENTS",
        "text": text,
        "parameters": parameters,
        "statements": len(STATEMENTS),
        "origin": origin,
    }


def is_failure(diagnostic: dict) -> bool:
    return diagnostic["severity"] == 1 or "is not present in the database" in diagnostic["message"]


#: statements the linter must flag (and one it must pass): proof that it is awake
CHECKS = [{"id": "check:syntax", "text": "MATCH (p:Paper) RETRN p", "parameters": []},
          {"id": "check:param", "text": "MATCH (p:Paper {id: $nope}) RETURN p", "parameters": []},
          {"id": "check:label", "text": "MATCH (p:Papr) RETURN p.title", "parameters": []},
          {"id": "check:clean", "text": "MATCH (p:Paper {id: $id}) RETURN p.title",
           "parameters": ["id"]}]  # fmt: skip


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return [*map(file_item, CYPHER_FILES), statements_item()]


@pytest.fixture(scope="module")
def results(items) -> dict[str, list[dict]]:
    """One linter run (per Cypher version) over everything, the checks included."""
    return lint([{k: item[k] for k in ("id", "text", "parameters")} for item in items] + CHECKS)


def test_every_statement_passes_the_linter(items, results) -> None:
    problems = []
    for item in items:
        for version in VERSIONS:
            for d in results[f"{item['id']} ({version})"]:
                if item["origin"]:
                    name, line = item["origin"][d["line"]]
                    where = f"graph/mirror STATEMENTS[{name!r}] line {line}"
                else:
                    where = f"{item['id']}:{d['line'] + 1}:{d['character'] + 1}"
                kind = "error" if d["severity"] == 1 else "warning"
                text = f"{where}: {kind} ({version}): {d['message']}"
                if is_failure(d):
                    problems.append(text)
                else:
                    print(text)  # shown with -rA: warnings that are no typo (e.g. deprecations)
    statements = sum(item["statements"] for item in items)
    print(
        f"linted {statements} statements ({len(STATEMENTS)} sent by graph/mirror, the rest "
        f"in {len(CYPHER_FILES)} files of cypher/) in {' and '.join(VERSIONS)}"
    )
    assert not problems, "\n".join(problems)


def test_the_linter_reports_what_it_should(results) -> None:
    """A typo, an undeclared parameter and an unknown label do not slip through."""
    for version in VERSIONS:
        failing = {
            c["id"] for c in CHECKS if any(map(is_failure, results[f"{c['id']} ({version})"]))
        }
        assert failing == {"check:syntax", "check:param", "check:label"}, version


@pytest.mark.parametrize("path", CYPHER_FILES, ids=lambda p: str(p.relative_to(CYPHER_DIR)))
def test_every_query_file_says_what_it_answers_and_declares_its_parameters(path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("//"), f"{path.name} must open with a comment saying what it answers"
    chunks = split_statements(text)
    assert any(not chunk.is_command for chunk in chunks), f"{path.name} has no statement"
    for chunk in chunks:
        if chunk.is_command:
            assert param_name(chunk.text), f"{path.name}:{chunk.line}: not `:param name => value`"
    if path.name != "schema.cypher" and "gds" not in path.parts:
        assert len([c for c in chunks if not c.is_command]) == 1, "one question, one statement"


def test_the_mirror_sends_only_registered_statements() -> None:
    """Labels and types in statement text come from the model's fixed tables."""
    import re

    for statement in STATEMENTS.values():
        for label in re.findall(r"\(\w*:(\w+)", statement.text):
            assert label in LABELS, (statement.name, label)
        for kind in re.findall(r"\[\w*:([\w|]+)\]", statement.text):
            assert set(kind.split("|")) <= set(REL_TYPES), (statement.name, kind)
