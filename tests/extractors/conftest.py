"""Fixtures and helpers of the extractor tests: a pipeline whose word lists have more words,
extraction with every invariant checked, and the texts of the mentions found."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from spacy.language import Language

import extractors
from extractors.invariants import mention_problems
from extractors.wordlists import DEFAULT_DIRECTORY

#: hypothesis settings of the hostile-input properties (the pipeline is a session fixture)
HOSTILE = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
#: an acronym defined twice, with sentences between its two definitions
CHAIN = (
    "We use chain-of-thought (CoT) prompting. We fine-tune BERT with LoRA on GLUE. "
    "Later, chain-of-thought (CoT) prompting helps."
)


def found(mentions: list[dict], kind: str | None = None, role: str | None = None) -> set[str]:
    """The texts of the mentions of this kind and role (any, if None)."""
    return {
        m["text"]
        for m in mentions
        if (kind is None or m["kind"] == kind) and (role is None or m["role"] == role)
    }


def field_texts(mentions: list[dict], field: str = "abstract") -> list[str]:
    """The texts of the mentions in one field, in order."""
    return [m["text"] for m in mentions if m["field"] == field]


def extract_checked(nlp: Language, title: str, abstract: str) -> list[dict]:
    """The mentions of one paper, after checking every invariant on them."""
    [record] = extractors.extract([{"id": "p", "title": title, "abstract": abstract}], nlp=nlp)
    problems = mention_problems({"title": title, "abstract": abstract}, record["mentions"], nlp)
    assert problems == [], problems
    return record["mentions"]


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
