"""Fixtures of the extractor tests: a pipeline whose word lists have more words."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from extractors.wordlists import DEFAULT_DIRECTORY


@pytest.fixture
def lists_with(tmp_path: Path):
    """lists_with({"list_name": ["word", ...]}) -> a word-list directory (for the
    ``paths.word_lists`` setting) whose files are the shipped ones with these words
    appended to these lists."""

    def _lists_with(additions: dict[str, list[str]]) -> str:
        for path in DEFAULT_DIRECTORY.glob("*.toml"):
            table = tomllib.loads(path.read_text(encoding="utf-8"))
            if not additions.keys() & table.keys():
                continue
            lines = [
                f"{name} = {json.dumps([*words, *additions.get(name, [])], ensure_ascii=False)}"
                for name, words in table.items()
            ]
            (tmp_path / path.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        return str(tmp_path)

    return _lists_with


@pytest.fixture
def found_with():
    """found_with(directory, title, abstract="") -> the mentions the default pipeline,
    reading its word lists from ``directory`` (None: the shipped lists), finds in a paper,
    as ``(kind, text, rule)``."""
    import extractors

    def _found_with(directory: str | None, title: str, abstract: str = "") -> set[tuple]:
        nlp = extractors.build_pipeline(overrides={"paths.word_lists": directory})
        [record] = extractors.extract([{"id": "p", "title": title, "abstract": abstract}], nlp=nlp)
        return {(m["kind"], m["text"], m["rule"]) for m in record["mentions"]}

    return _found_with
