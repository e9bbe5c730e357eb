"""What a name's head noun says about its kind (extractors/heads.py)."""

from __future__ import annotations

import pytest

from extractors.heads import DEFAULT_HEADS, Heads, long_form_kind, names_task_or_field
from extractors.wordlists import WordLists, load_word_lists


@pytest.mark.parametrize(
    ("long_form", "kind"),
    [
        ("Quill Ink Optimization", "method"),
        ("Gradient Boosted Trees", "method"),  # a method head in the plural
        ("Quill Coding Games", "benchmark"),
        ("Ink Error Rate", "metric"),
        ("Federated Learning", None),
        ("salient ink detection", None),  # a task
        ("quill-ink", None),
        ("", None),
    ],
)
def test_the_head_word_names_the_kind(long_form, kind) -> None:
    assert long_form_kind(long_form) == kind
    assert long_form_kind(long_form, DEFAULT_HEADS) == kind


def test_a_task_or_field_needs_two_words() -> None:
    assert names_task_or_field("salient ink detection")
    assert not names_task_or_field("detection")
    assert not names_task_or_field("Quill Ink Optimization")


def test_the_heads_come_from_the_lists() -> None:
    lists = WordLists(
        {
            "method_heads": ("recipe",),
            "benchmark_heads": ("gauntlet",),
            "metric_heads": ("tally",),
            "task_heads": ("sketching",),
            "not_method_heads": ("craft",),
        }
    )
    heads = Heads.from_lists(lists)
    assert [
        long_form_kind(f"Quill Ink {head}", heads) for head in ("Recipe", "Gauntlet", "Tally")
    ] == [
        "method",
        "benchmark",
        "metric",
    ]
    assert heads.not_method == {"sketching", "craft"}
    assert long_form_kind("Quill Ink Optimization", heads) is None


def test_the_shipped_heads_are_the_lists_of_heads_toml() -> None:
    assert Heads.from_lists(load_word_lists()) == DEFAULT_HEADS
    assert "generation" in DEFAULT_HEADS.method & DEFAULT_HEADS.not_method
