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


@pytest.mark.parametrize(
    ("sentence", "metric", "reported"),
    [
        # an order or a bound is a theorem, not a measured result (gold rule C6)
        ("Our algorithm achieves O(√T) regret, which is optimal.", "regret", False),
        ("It attains a regret of O(d sqrt(T)) and improves prior work.", "regret", False),
        ("We prove a regret bound that improves on UCB.", "regret", False),
        ("The method achieves \\tilde{O}(sqrt{T}) regret.", "regret", False),
        ("It improves the test error bound of prior work.", "test error", False),
        ("Our learner attains lower regret than prior ones.", "regret", False),
        # ... unless experiments report it
        ("Experiments show lower regret than UCB on synthetic data.", "regret", True),
        ("It achieves state-of-the-art regret in experiments on tuning tasks.", "regret", True),
        # a possibility without a number is no result; with one it is
        ("We show that SGD can achieve small test error.", "test error", False),
        ("We show that SGD can achieve 2% test error.", "test error", True),
        ("Our method reduces the test error to 3.2% on InkDigits.", "test error", True),
        ("Our method improves accuracy on every task.", "accuracy", True),
        # a metric's name inside a problem's name
        ("We study the average reward setting and improve the rate.", "average reward", False),
        ("We study average-reward MDPs and improve the rate.", "average-reward", False),
        ("The agent improves the average reward by 12% over PPO.", "average reward", True),
    ],
)
def test_a_bound_an_order_or_a_problem_is_no_result(sentence, metric, reported) -> None:
    assert _at(sentence, metric) is reported


@pytest.mark.parametrize(
    ("additions", "sentence", "metric"),
    [
        (
            {"setting_after_metric": ["regime"]},
            "Accuracy regime shifts improve by 3 points.",
            "Accuracy",
        ),
        (
            {"bound_after_metric": ["certificate"]},
            "The error rate certificate improves.",
            "error rate",
        ),
        ({"possibility_words": ["must"]}, "A learner must improve accuracy here.", "accuracy"),
    ],
)
def test_a_word_added_to_a_theory_list_counts(lists_with, additions, sentence, metric) -> None:
    cues = ResultCues.from_lists(load_word_lists(lists_with(additions)))
    assert _at(sentence, metric)
    assert not _at(sentence, metric, cues)


def test_a_theory_quantity_added_needs_experiments(lists_with) -> None:
    cues = ResultCues.from_lists(load_word_lists(lists_with({"theory_quantities": ["margin"]})))
    assert _at("Our method improves the margin.", "margin")
    assert not _at("Our method improves the margin.", "margin", cues)
    assert _at("In experiments, our method improves the margin.", "margin", cues)


def test_a_possibility_backed_by_an_experiment_is_a_result() -> None:
    sentence = "We show empirically that with projections we can improve the accuracy of FooVI."
    assert _at(sentence, "accuracy")
    assert not _at(
        "We show that with projections we can improve the accuracy of FooVI.", "accuracy"
    )


def test_a_possible_comparison_is_a_result() -> None:
    assert _at("By moving particles we can obtain better accuracy than FooMC.", "accuracy")
    assert not _at("By moving particles we can obtain good accuracy.", "accuracy")
