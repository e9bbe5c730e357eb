"""Shared fixtures: paths to the shared seed pages and gold set beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
EXAMPLES = PROJECT / "examples"


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
