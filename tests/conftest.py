"""Shared fixtures: paths to the shared seed pages and gold set beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
EXAMPLES = PROJECT / "examples"
DATA = PROJECT / "tests" / "data"


@pytest.fixture(scope="session")
def seed_pages() -> list[Path]:
    """The five Hugging Face Daily Papers pages in ../shared/seeds (skips if absent)."""
    pages = sorted((SHARED / "seeds").glob("*.txt"))
    if not pages:
        pytest.skip(f"no seed pages in {SHARED / 'seeds'}: clone the project beside shared/")
    return pages


@pytest.fixture
def write(tmp_path: Path):
    """write(name, content) -> path of a file in a temporary directory (bytes or text)."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    return _write


@pytest.fixture(scope="session")
def nlp():
    """The default extraction pipeline, built once per test session."""
    import extractors

    return extractors.build_pipeline()


@pytest.fixture
def mentions(nlp):
    """mentions(title, abstract) -> the mention dicts of one paper, after checking every
    invariant of extractors.invariants on them."""
    import extractors
    from extractors.invariants import mention_problems

    def _mentions(title: str, abstract: str = "") -> list[dict]:
        [record] = extractors.extract([{"id": "p", "title": title, "abstract": abstract}], nlp=nlp)
        paper = {"title": title, "abstract": abstract}
        assert mention_problems(paper, record["mentions"], nlp) == []
        return record["mentions"]

    return _mentions


@pytest.fixture(scope="session")
def gold_records() -> list[dict]:
    """The hand-annotated dev set in ../shared/gold (skips if absent)."""
    import json

    path = SHARED / "gold" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"no gold set at {path}: clone the project beside shared/")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="session")
def seed_outdir(seed_pages, nlp, tmp_path_factory):
    """``papergraph build`` of the five seed pages, once per session: the output directory."""
    from graph.sources.ingest import ingest
    from graph.workflow import build_outdir

    outdir = tmp_path_factory.mktemp("seed-build")
    build_outdir(ingest(seed_pages).papers, outdir, nlp=nlp)
    return outdir
