"""Typing names no gazetteer knows (extractors/name_kinds.py): the context cues one by one
(positive and negative), the name-usage table, the decision over a paper, and through the
pipeline. The names are invented, so no gazetteer knows them."""

from __future__ import annotations

import re

import pytest

from extractors.name_kinds import (
    ContextCues,
    NameUsage,
    context_kind,
    decide_kind,
    kinds_in_paper,
    load_name_usage,
    shipped_cues,
)
from extractors.wordlists import WordLists, load_word_lists
from tests.extractors.conftest import found

CUES = shipped_cues()


def kind_of(text: str, name: str) -> str | None:
    """The context kind of the first ``name`` in ``text``."""
    start = text.index(name)
    return context_kind(text, start, start + len(name), CUES)


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # data
        ("The model is trained on QuillSet.", "QuillSet", "benchmark"),
        ("We report results on the QuillSet, InkSet and NibSet.", "NibSet", "benchmark"),
        ("We report results on the QuillSet, InkSet and NibSet.", "InkSet", "benchmark"),
        ("Experiments on QuillSet (QS) and InkSet show gains.", "InkSet", "benchmark"),
        ("We use the QuillSet dataset.", "QuillSet", "benchmark"),
        ("We use the QuillSet and InkSet benchmarks.", "QuillSet", "benchmark"),
        ("QuillSet contains 12k images of birds.", "QuillSet", "benchmark"),
        ("QuillSet consists of over 1,200 scenes.", "QuillSet", "benchmark"),
        ("We release QuillSet, a large-scale dataset of scans.", "QuillSet", "benchmark"),
        ("We sample each question in QuillSet twice.", "QuillSet", "benchmark"),
        # methods
        ("We apply FooNet to the problem.", "FooNet", "method"),
        ("FooNet outperforms all baselines.", "FooNet", "method"),
        ("Our model is compared with FooNet and BarNet.", "BarNet", "method"),
        ("FooNet-based agents plan well.", "FooNet", "method"),
        ("We fine-tune FooLM on our data.", "FooLM", "method"),
        ("We adopt FooNet, a recent method for planning.", "FooNet", "method"),
        ("The FooNet model is small.", "FooNet", "method"),
        # metrics
        ("We report gains in terms of InkScore.", "InkScore", "metric"),
        ("It reaches an InkScore of 85.3 on X.", "InkScore", "metric"),
        ("It reaches InkScore = 0.91 overall.", "InkScore", "metric"),
        ("We report the InkRate score.", "InkRate", "metric"),
        # none, or two kinds at once
        ("FooNet is a name.", "FooNet", None),
        ("We study FooNet here.", "FooNet", None),
        ("Results on X with FooNet.", "FooNet", None),  # no list: "X with" joins no names
        ("We apply FooNet to the QuillSet dataset.", "QuillSet", "benchmark"),
        ("FooNet contains many layers.", "FooNet", None),  # no count after "contains"
        ("The FooNet of 50 layers is deep.", "FooNet", None),  # no decimal nor percentage
        ("compared with QuillSet benchmark.", "QuillSet", None),  # a method and data cue
    ],
)
def test_context_cues(text, name, kind) -> None:
    assert kind_of(text, name) == kind


def test_context_reads_only_its_sentence() -> None:
    text = "We train on QuillSet. FooNet is a name."
    start = text.index("FooNet")
    assert context_kind(text, start, start + 6, CUES) is None  # the list stops at "QuillSet."
    assert context_kind(text, start, start + 6, CUES, lower=start) is None
    start = text.index("QuillSet")
    assert context_kind(text, start, start + 8, CUES, upper=start + 8) == "benchmark"


def test_cues_come_from_the_word_lists() -> None:
    lists = dict(load_word_lists().lists)
    lists["dataset_cues_before"] = ("harvested from",)
    cues = ContextCues.from_lists(WordLists(lists))
    text = "Images harvested from QuillSet and trained on InkSet."
    kinds = [
        context_kind(text, m.start(), m.end(), cues) for m in re.finditer("QuillSet|InkSet", text)
    ]
    assert kinds == ["benchmark", None]


def test_the_shipped_usage_table() -> None:
    usage = load_name_usage()
    assert len(usage.counts) > 100
    assert all(sum(counts) >= 3 for counts in usage.counts.values())
    assert load_name_usage(None).counts == {}


def test_usage_kind_needs_a_majority() -> None:
    usage = NameUsage({"quillset": (5, 1, 0), "tieset": (2, 2, 0)})
    assert usage.kind("Quill-Set") == "benchmark"
    assert usage.kind("TieSet") is None
    assert usage.kind("Unknown") is None


@pytest.mark.parametrize(
    ("found_as", "contexts", "kind"),
    [
        (["benchmark"], ["method"], "benchmark"),  # what another rule found in the paper
        (["benchmark", "method"], ["method"], "method"),  # rules disagree: the contexts
        ([], ["benchmark", "benchmark", "method"], "benchmark"),
        ([], ["benchmark", "method"], "method"),  # a tie: the table, else a method
        ([], [None, None], "method"),
        ([], ["metric"], None),  # one metric cue alone: neither
        ([], ["metric", "metric"], "metric"),
    ],
)
def test_decide_kind(found_as, contexts, kind) -> None:
    assert decide_kind("FooNet", found_as, contexts, NameUsage({})) == kind


def test_the_table_decides_where_the_paper_does_not() -> None:
    usage = NameUsage({"quillset": (9, 0, 0), "inkrate": (0, 1, 5)})
    assert decide_kind("QuillSet", [], [None], usage) == "benchmark"
    assert decide_kind("QuillSet", [], ["method"], usage) == "benchmark"  # one cue vs papers
    assert decide_kind("QuillSet", [], ["method", "method"], usage) == "method"
    assert decide_kind("InkRate", [], ["metric"], usage) == "metric"  # the table supports it


def test_one_kind_per_paper() -> None:
    text = "We train on QuillSet. QuillSet is hard for FooNet."
    names = [(12, 20, "QuillSet"), (22, 30, "QuillSet"), (43, 49, "FooNet")]
    kinds = kinds_in_paper(text, names, [(0, 21), (22, 50)], {}, CUES, NameUsage({}))
    assert kinds == {"quillset": "benchmark", "foonet": "method"}


def test_the_pipeline_types_unknown_names(mentions) -> None:
    found_mentions = mentions(
        "A study of planners",
        "We train FooPlan on QuillSet. QuillSet contains 40k maps. FooPlan outperforms "
        "BarPlan, and we report the InkScore of 85.3 and the InkScore of 80.1.",
    )
    assert found(found_mentions, "benchmark") == {"QuillSet"}
    assert found(found_mentions, "method") == {"FooPlan", "BarPlan"}
    assert found(found_mentions, "metric") == {"InkScore"}


def test_a_name_with_one_metric_cue_is_neither(mentions) -> None:
    found_mentions = mentions("A study", "Drift is measured in terms of FooDrift here.")
    assert "FooDrift" not in found(found_mentions)


def test_without_context_a_name_is_a_method(mentions) -> None:
    found_mentions = mentions("A study", "We study FooPlan here.")
    assert found(found_mentions, "method") == {"FooPlan"}
