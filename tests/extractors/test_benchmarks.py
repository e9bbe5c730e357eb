"""Benchmarks and metrics by shape and context (extractors/benchmarks.py): the rules on
small texts, and each word list feeding both a pattern and its pre-check."""

from __future__ import annotations

import pytest
import spacy

import extractors  # noqa: F401  (registers the components)
from extractors.benchmarks import BenchmarkRules, MetricRules, _shortest_prefixes
from extractors.scan import finditer_near
from extractors.wordlists import load_word_lists

RULES = BenchmarkRules.from_lists(load_word_lists())
METRICS = MetricRules.from_lists(load_word_lists())


def _spans(text: str) -> list[tuple[str, str, str]]:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("papergraph_benchmarks")
    nlp.add_pipe("papergraph_metrics")
    doc = nlp(text)
    return [(s.text, s.label_, s._.pg_rule) for s in doc.spans.get("papergraph", [])]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("QuillBench is hard.", ["QuillBench"]),
        ("The Quill-Eval and Ink-bench sets.", ["Quill-Eval", "Ink-bench"]),
        ("A bench and an evaluation.", []),
    ],
)
def test_names_shaped_like_benchmarks(text, found) -> None:
    assert [m.group(0) for m in RULES.shape.finditer(text)] == found
    assert bool(found) <= any(cue in text for cue in RULES.shape_cues)


def test_names_around_a_dataset_noun() -> None:
    assert _spans("We test on the Quillset and Inkset datasets.") == [
        ("Quillset", "BENCHMARK", "benchmark-context"),
        ("Inkset", "BENCHMARK", "benchmark-context"),
    ]
    match = RULES.head_then_names.search("benchmarks such as QuillQA and InkSet")
    assert match.group("names") == "QuillQA and InkSet"


def test_on_names_only_in_a_sentence_about_evaluation() -> None:
    assert ("InkSet", "BENCHMARK", "benchmark-context") in _spans("We evaluate on InkSet.")
    assert _spans("This builds on InkSet.") == []
    assert _spans("A walk on InkSet.") == []


def test_metrics_by_shape() -> None:
    text = "We report pass@1, top-5 error and macro-F1 score."
    found = [m.group(0) for m in finditer_near(METRICS.shape, METRICS.cue, METRICS.reach, text)]
    assert found == ["pass@1", "top-5 error", "macro-F1 score"]


def test_the_pre_check_of_dataset_nouns_is_their_shortest_forms() -> None:
    assert _shortest_prefixes(("datasets", "dataset", "test sets", "test set")) == (
        "dataset",
        "test set",
    )
    assert all(
        any(cue in head for cue in RULES.head_cues)
        for head in load_word_lists().words("dataset_heads")
    )


# A word added to a list reaches both the pattern and its pre-check: through the pipeline
# built with the changed lists, a text holding only the new word is found.
@pytest.mark.parametrize(
    ("additions", "text", "found"),
    [
        (
            {"benchmark_name_suffixes": ["Suite"]},
            "QuillSuite is hard.",
            ("benchmark", "QuillSuite", "benchmark-shape"),
        ),
        (
            {"benchmark_hyphen_suffixes": ["Test"]},
            "Quill-Test is hard.",
            ("benchmark", "Quill-Test", "benchmark-shape"),
        ),
        (
            {"dataset_heads": ["collections"]},
            "The Quillset and Inkset collections.",
            ("benchmark", "Inkset", "benchmark-context"),
        ),
        (
            {"evaluation_stems": ["assess"]},
            "We assessed it on InkSet.",
            ("benchmark", "InkSet", "benchmark-context"),
        ),
        (
            {"metrics_at_k": ["SuccessRatio"]},
            "We report SuccessRatio@5.",
            ("metric", "SuccessRatio@5", "metric-shape"),
        ),
        (
            {"f1_names": ["Fbeta"]},
            "We report the Fbeta score.",
            ("metric", "Fbeta score", "metric-shape"),
        ),
        (
            {"top_k_measures": ["precision"]},
            "We report top-5 precision.",
            ("metric", "top-5 precision", "metric-shape"),
        ),
    ],
)
def test_a_word_added_to_a_list_is_found(lists_with, found_with, additions, text, found) -> None:
    assert found not in found_with(None, text)
    assert found in found_with(lists_with(additions), text)


def test_on_names_skip_what_the_corpus_uses_as_methods(tmp_path) -> None:
    table = tmp_path / "usage.tsv"
    table.write_text("# name\tbenchmark\tmethod\tmetric\nInkNet\t0\t7\t0\n", encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("papergraph_benchmarks", config={"name_usage": str(table)})
    doc = nlp("We evaluate on InkNet and QuillSet.")
    assert [s.text for s in doc.spans["papergraph"]] == ["QuillSet"]
    shipped = _spans("We evaluate on InkNet and QuillSet.")  # the shipped table has no InkNet
    assert [text for text, _, _ in shipped] == ["InkNet", "QuillSet"]
