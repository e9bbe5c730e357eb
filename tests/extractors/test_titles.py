"""The name a title opens with (extractors/titles.py), on titles alone."""

from __future__ import annotations

import pytest

from extractors.titles import TitleCues, title_name_for, title_prefix_name
from extractors.wordlists import WordLists, load_word_lists

CUES = TitleCues.from_word_lists(load_word_lists())


def _prefix(title: str, cues: TitleCues = CUES) -> str | None:
    bounds = title_prefix_name(title, cues)
    return title[slice(*bounds)] if bounds else None


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("FooCLIP: Data-aware Automatic Model Growing", "FooCLIP"),
        ("Acme Foo-VL 1.5 Technical Report", "Foo-VL 1.5"),
        ("Bar Scheduler: A Batch Size Agnostic Scheduler", "Bar Scheduler"),
        ("Tiny Bar Mixers (TBMs): Fast Pre-trained Models", "Tiny Bar Mixers"),
        ("Probabilistic Foo Partitioning (PFP)", "Probabilistic Foo Partitioning"),
        ("FooNet v2: Faster", "FooNet"),
        ("Learn-by-foo: A Framework", "Learn-by-foo"),
        ("Beyond Backpropagation: Exploring Algorithms", None),
        ("Part II: More Results", None),  # a title prefix stop
        ("Foo Distillation: A Survey", None),  # a method's head, but a survey follows
        ("Revisiting Foo Distillation: New Results", None),  # a verb form first
        ("Distillation of Foo Models: Results", None),  # a function word
    ],
)
def test_the_name_a_title_opens_with(title, name) -> None:
    assert _prefix(title) == name


def test_title_method_heads_come_from_the_word_list() -> None:
    shipped = load_word_lists()
    heads = (*shipped.words("title_method_heads"), "sampler")
    cues = TitleCues.from_word_lists(WordLists({**shipped.lists, "title_method_heads": heads}))
    assert _prefix("Bar Foo Sampler: Faster Mixing") is None
    assert _prefix("Bar Foo Sampler: Faster Mixing", cues) == "Bar Foo Sampler"


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("FooRoutGNN for Timing Prediction", "FooRoutGNN"),
        ("FooGAN with Fewer Labels", "FooGAN"),
        ("Learning for Control", None),
    ],
)
def test_a_name_shaped_first_word_before_for(title, name) -> None:
    bounds = title_name_for(title, CUES)
    assert (title[slice(*bounds)] if bounds else None) == name
