"""Does a sentence report a result in a metric (extractors/reporting.py)? The cues are
word lists; a word added to one reaches reports_result."""

from __future__ import annotations

import pytest

from extractors.reporting import SHIPPED_CUES, ResultCues, reports_result
from extractors.wordlists import load_word_lists


def _at(sentence: str, metric: str, cues: ResultCues = SHIPPED_CUES) -> bool:
    start = sentence.index(metric)
    return reports_result(sentence, start, start + len(metric), cues)


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [
        ("Accuracy rose to 91%.", True),
        ("It improves recall on QuillSet.", True),
        ("Accuracy matters in ink making.", False),
        ("It is 3x faster without sacrificing accuracy.", False),
        ("However, accuracy improves slowly.", False),
        ("However, results show that accuracy improves.", True),
        ("We use fp16 precision and gain speed.", False),
        ("We report metrics such as latency and recall.", True),
    ],
)
def test_a_result_or_only_a_name(sentence, reported) -> None:
    metric = next(m for m in ("Accuracy", "accuracy", "recall", "precision") if m in sentence)
    assert _at(sentence, metric) is reported


@pytest.mark.parametrize(
    ("additions", "sentence"),
    [
        ({"result_stems": ["skyrocket"]}, "Recall skyrockets on QuillSet."),
        ({"result_words": ["superior"]}, "Recall is superior on QuillSet."),
    ],
)
def test_a_word_added_to_a_result_list_counts(lists_with, additions, sentence) -> None:
    cues = ResultCues.from_lists(load_word_lists(lists_with(additions)))
    assert not _at(sentence, "Recall")
    assert _at(sentence, "Recall", cues)


def test_a_word_added_to_a_background_list_counts(lists_with) -> None:
    cues = ResultCues.from_lists(
        load_word_lists(lists_with({"background_openers": ["historically"]}))
    )
    sentence = "Historically, recall improved slowly."
    assert _at(sentence, "recall")
    assert not _at(sentence, "recall", cues)
