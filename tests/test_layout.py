"""No stage reaches back: what each part of ``graph/`` and ``extractors/`` may import.

Data flows one way, sources -> extractors -> building -> (analysis | store/export |
mirror) -> cli. :data:`MAY_IMPORT` is that rule as one table: each stage (a package
or module) and the stages it may import besides its own modules. The test reads every
module's imports with :mod:`ast` (function-level imports too) and names each import
that breaks the table, so a new import that reaches back fails here, not in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import PROJECT

#: the foundations every stage of graph/ may use: the paper record, its arXiv ids,
#: pausing the garbage collector and writing a file atomically
BASE = ("graph.paper", "graph.arxiv_ids", "graph.memory", "graph.atomic")
#: every stage up to the exports
PIPELINE = (
    *BASE,
    "extractors",
    "graph.sources",
    "graph.building",
    "graph.analysis",
    "graph.store",
    "graph.export",
)
#: the shared vocabulary of concept kinds, if it lives in extractors (not yet: a leaf)
SCHEMA = "extractors.schema"

#: stage -> the stages it may import (its own modules always). A stage is a module or
#: package; a module belongs to the longest stage its dotted name starts with, and a
#: package's ``__init__`` is ``PACKAGE.__init__`` (so ``graph.__init__`` is the package
#: that re-exports the API, not every module of graph/).
MAY_IMPORT: dict[str, tuple[str, ...]] = {
    "extractors": (),  # never graph: the extractors run without it
    "graph.arxiv_ids": (),
    "graph.memory": (),
    "graph.atomic": (),
    "graph.paper": ("graph.arxiv_ids",),
    # readers and de-duplication, before extraction
    "graph.sources": BASE,
    "graph.building": (*BASE, "graph.sources", "extractors"),
    "graph.analysis": (*BASE, "graph.building", SCHEMA),
    # the saved graph and the incremental update (which re-reads papers through sources)
    "graph.store": (*BASE, "graph.sources", SCHEMA),
    "graph.export": (*BASE, "graph.analysis", "graph.building", "graph.store", SCHEMA),
    # the Neo4j mirror reads the built graph (its attributes, clusters included): it
    # needs neither analysis nor the exports
    "graph.mirror": (*BASE, "graph.building", "graph.store", SCHEMA),
    # the whole job: every stage but the mirror and the command line
    "graph.workflow": PIPELINE,
    # the package re-exports the API
    "graph.__init__": (*PIPELINE, "graph.mirror", "graph.workflow"),
    "graph.cli": ("graph", "extractors"),  # anything
    "graph.__main__": ("graph.cli",),
}

#: imports that break the table today, each with why; the test fails once one is gone,
#: so that the list only shrinks
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}


STAGE_ROOTS = ("graph", "extractors")


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PROJECT).with_suffix("").parts)


MODULES = {
    _module_name(path): path
    for package in ("graph", "extractors")
    for path in sorted((PROJECT / package).rglob("*.py"))
    if "__pycache__" not in path.parts
}


def _imports(name: str, path: Path) -> list[tuple[int, str]]:
    """``(line, module)`` for every import of graph or extractors in the module, an
    imported name resolved to the submodule it names (``from graph import mirror`` is
    ``graph.mirror``)."""
    package = name.rsplit(".", 1)[0] if not name.endswith(".__init__") else name[:-9]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                known = submodule in MODULES or f"{submodule}.__init__" in MODULES
                found.append((node.lineno, submodule if known else base))
    return [(line, module) for line, module in found if module.split(".")[0] in STAGE_ROOTS]


def _within(module: str, stage: str) -> bool:
    return module == stage or module.startswith(stage + ".")


def stage_of(module: str) -> str | None:
    """The stage a module belongs to: the longest key of :data:`MAY_IMPORT` it is in."""
    stages = [stage for stage in MAY_IMPORT if _within(module, stage)]
    return max(stages, key=len) if stages else None


def test_every_module_has_a_stage() -> None:
    lost = [name for name in MODULES if stage_of(name) is None]
    assert not lost, f"{lost}: add each to MAY_IMPORT in tests/test_layout.py"


def _breaks() -> list[tuple[str, int, str, str]]:
    found = []
    for name, path in MODULES.items():
        stage = stage_of(name)
        if stage is None:
            continue
        for line, target in _imports(name, path):
            if _within(target, stage) or any(_within(target, ok) for ok in MAY_IMPORT[stage]):
                continue
            found.append((name, line, target, stage))
    return found


def test_no_stage_reaches_back() -> None:
    problems = [
        f"{MODULES[name].relative_to(PROJECT)}:{line} imports {target}, but {stage} may "
        f"import only {', '.join(MAY_IMPORT[stage]) or 'its own modules'}"
        for name, line, target, stage in _breaks()
        if (name, target) not in KNOWN_EXCEPTIONS
    ]
    assert not problems, "\n".join(problems)


def test_each_known_exception_is_still_there() -> None:
    found = {(name, imported) for name, _, imported, _ in _breaks()}
    gone = [
        f"{module} no longer imports {target}: drop it from KNOWN_EXCEPTIONS"
        for module, target in KNOWN_EXCEPTIONS
        if (module, target) not in found
    ]
    assert gone == []


def test_the_checker_sees_a_reach_back(tmp_path) -> None:
    path = tmp_path / "x.py"
    path.write_text("from graph.sources import read_papers\nfrom graph import mirror\n")
    assert _imports("extractors.x", path) == [(1, "graph.sources"), (2, "graph.mirror")]
    assert stage_of("graph.sources.ingest") == "graph.sources"
    assert stage_of("graph.__init__") == "graph.__init__"
    assert stage_of("graph.cli.build") == "graph.cli"
