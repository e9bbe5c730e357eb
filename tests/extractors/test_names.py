"""What a name looks like (extractors/names.py): the lexical tests, one by one."""

from __future__ import annotations

import pytest

from extractors.names import (
    is_name_shaped,
    is_title_case_compound,
    model_version_pattern,
    slash_parts,
    without_lower_suffix,
)
from extractors.wordlists import WordLists, load_word_lists


@pytest.mark.parametrize(
    ("word", "shaped"),
    [
        ("FooCLIP", True),
        ("ReLoRA", True),
        ("T2Vid", True),
        ("CodeT5+", True),
        ("LLMs", True),
        ("Data-Aware", False),
        ("3D", False),
        ("7B", False),
        ("II", False),
        ("XIV", False),
        ("INtegration", False),
        ("word", False),
        ("A", False),
    ],
)
def test_name_shaped_words(word, shaped) -> None:
    assert is_name_shaped(word) is shaped


def test_title_case_compounds_are_no_names() -> None:
    assert is_title_case_compound("Self-Supervised")
    assert not is_title_case_compound("Foo-VL")


def test_slash_parts() -> None:
    assert slash_parts("S4D/S5-PTD") == [(0, "S4D"), (4, "S5-PTD")]
    assert slash_parts("AIME24/25") == [(0, "AIME24/25")]


def _versions(pattern, text: str) -> list[str]:
    return [match.group(0) for match in pattern.finditer(text)]


def test_model_versions_and_variants() -> None:
    pattern = model_version_pattern(["Foo", "BarLM"], ignore_case=False)
    text = "Foo2-70b, Foo-3 Instruct, BarLM-7B-chat, BarLM-Based tools, Foo 3.1 Sonnet"
    assert _versions(pattern, text) == [
        "Foo2-70b",
        "Foo-3 Instruct",
        "BarLM-7B-chat",
        "Foo 3.1 Sonnet",
    ]


def test_model_variants_come_from_the_word_list() -> None:
    shipped = load_word_lists()
    words = (*shipped.words("model_variant_words"), "Mega")
    lists = WordLists({**shipped.lists, "model_variant_words": words})
    text = "Foo 3 Mega wins."
    assert _versions(model_version_pattern(["Foo"], False), text) == ["Foo 3"]
    assert _versions(model_version_pattern(["Foo"], False, lists), text) == ["Foo 3 Mega"]


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("LLM-based", "LLM"),
        ("FooNet-style-only", "FooNet"),
        ("Mixture-of-Experts", "Mixture-of-Experts"),  # "of" and "in" join a name's words
        ("FooNet-v2", "FooNet-v2"),  # two letters: a version, not a word
        ("FooNet", "FooNet"),
    ],
)
def test_the_name_before_lower_case_suffixes(word, name) -> None:
    assert without_lower_suffix(word) == name
