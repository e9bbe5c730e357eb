"""Does a sentence report a result in a metric, or only name it?

Metrics that are ordinary words (``accuracy``, ``latency``) count as metrics only where
results are reported or targeted in them (the gold guidelines' rule M1);
:func:`reports_result` tells, from the words around the metric.

    >>> reports_result("Accuracy rose to 91%.", 0, 8)
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.wordlists import WordLists, load_word_lists

__all__ = ["SHIPPED_CUES", "ResultCues", "reports_result"]

_NUMBER_BEFORE = re.compile(r"\d(?:\.\d+)?\s*(?:%|points?|pp)\s*(?:\w+\s+)?$")
_NUMBER_AFTER = re.compile(r"\s*(?:of|=|:|reaches|reaching)?\s*\d+(?:\.\d+)?\s*%?")
# An asymptotic order: "O(", "Õ(", "\\tilde{O}(", "mathcal{O}(", "Θ(", "Ω(", a square root
_ORDER = r"(?:(?:\b[OΘΩ]|Õ|\\?tilde\{?O\}?|\\?mathcal\{?O\}?)\s*\(|√|\\?sqrt\b)"
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class ResultCues:
    """The patterns :func:`reports_result` reads, built from the word lists of
    ``reporting.toml`` (and ``names_follow`` of ``benchmarks.toml``)."""

    result: re.Pattern[str]  # "improves", "91.2", "3x"
    background: re.Pattern[str]  # "However, ...", "challenging"
    findings: re.Pattern[str]  # "results show", "we observe": outweigh background words
    kept: re.Pattern[str]  # "without sacrificing" before the metric
    listed_as_metric: re.Pattern[str]  # "metrics such as" before the metric
    number_format: re.Pattern[str]  # "fp16" before the metric: a precision, no metric
    model_after: re.Pattern[str]  # "pre-training", "backbone" after: a model's name
    named_after: re.Pattern[str]  # "bound", "MDPs", "setting" after: a bound or a problem
    asymptotic_before: re.Pattern[str]  # "O(sqrt T)" right before: an order, no result
    asymptotic_after: re.Pattern[str]  # "of O(d sqrt T)", "of order" right after
    theory_quantity: re.Pattern[str]  # "regret", "excess risk": metrics only in experiments
    experiment: re.Pattern[str]  # "experiments", "empirically", "synthetic data"
    possibility: re.Pattern[str]  # "can" before a result cue: a possibility, no result
    comparison: re.Pattern[str]  # "better", "than": a result, possible or not

    @classmethod
    def from_lists(cls, lists: WordLists) -> ResultCues:
        """The cues of ``lists``.

        >>> cues = ResultCues.from_lists(load_word_lists())
        >>> bool(cues.result.search("it outperforms")), bool(cues.kept.search("without losing "))
        (True, True)
        """
        alt, ignore = lists.alternation, re.IGNORECASE
        result = (
            rf"\d\s*%|\d\.\d|\b\d+(?:\.\d+)?\s*(?:x|times|points?|pp)\b|\b(?:{alt('result_stems')}\w*"
            rf"|{alt('result_words')}|evaluat\w*\s+(?:\w+\s+){{0,2}}{alt('evaluated_through')})\b"
        )
        background = (
            rf"^\s*{alt('background_openers')}\b"
            rf"|\b(?:{alt('background_stems')}\w*|{alt('background_words')})\b"
        )
        findings = (
            rf"\b{alt('finding_subjects')} {alt('finding_verbs')}|\bwe {alt('we_find_verbs')}\b"
        )
        return cls(
            result=re.compile(result, ignore),
            background=re.compile(background, ignore),
            findings=re.compile(findings, ignore),
            kept=re.compile(
                rf"\b(?:without|no) {alt('kept_after_without')}\s*(?:\w+\s+)?$", ignore
            ),
            listed_as_metric=re.compile(
                rf"\bmetrics?,?\s*(?:{alt('names_follow')}|e\.g\.,?|:|\()[^.;:()]{{0,140}}$", ignore
            ),
            number_format=re.compile(rf"\b(?:{alt('number_formats')}|\d+-bit)\s*$", ignore),
            model_after=re.compile(
                rf"[\s-]*(?:pre-?train\w*|{alt('model_after_metric')}\b)", ignore
            ),
            named_after=re.compile(
                rf"[\s-]*(?:{alt('setting_after_metric', 'bound_after_metric')})\b", ignore
            ),
            asymptotic_before=re.compile(rf"{_ORDER}[^.;:]{{0,30}}\)\s*$"),
            asymptotic_after=re.compile(
                rf"\s*(?:(?:is|of|scales as|grows as|at most|bounded by|=)\s+)?"
                rf"(?:(?:the\s+)?order\b|{_ORDER})",
                ignore,
            ),
            theory_quantity=re.compile(rf"(?:{alt('theory_quantities')})s?", ignore),
            experiment=re.compile(rf"\b{alt('experiment_stems')}", ignore),
            possibility=re.compile(rf"\b{alt('possibility_words')}\s+(?:\w+\s+)?$", ignore),
            comparison=re.compile(rf"\b{alt('comparison_words')}\b", ignore),
        )


SHIPPED_CUES = ResultCues.from_lists(load_word_lists())  # the cues of the shipped lists


def reports_result(
    sentence: str, start: int = 0, end: int | None = None, cues: ResultCues = SHIPPED_CUES
) -> bool:
    """Does the sentence report or target a result in the metric at ``sentence[start:end]``,
    by the ``cues``?

    A number right beside the metric (``8.4% accuracy``, ``accuracy of 91.2``) is one.
    Otherwise result cues (numbers, gains, comparisons) must stand within 80 characters
    of the metric, and background (``However, ...``, ``challenging``) does not count.
    What is only preserved (``without sacrificing accuracy``) never counts.

    >>> reports_result("We reach 91.2% accuracy.", 15, 23)
    True
    >>> reports_result("Accuracy matters in medicine.", 0, 8)
    False
    >>> reports_result("It is 3x faster without sacrificing accuracy.", 36, 44)
    False
    >>> reports_result("It gains 8.4% accuracy on challenging tasks.", 14, 22)
    True
    """
    end = len(sentence) if end is None else end
    if cues.kept.search(sentence[max(0, start - 40) : start]):
        return False
    if cues.number_format.search(sentence[max(0, start - 20) : start]):
        return False
    if cues.model_after.match(sentence, end) or cues.named_after.match(sentence, end):
        return False  # "a FooAE backbone", "a regret bound", "average-reward MDPs"
    if cues.asymptotic_before.search(sentence[max(0, start - 40) : start]):
        return False  # "O(sqrt T) regret": an order, not a measured result
    if cues.asymptotic_after.match(sentence, end):
        return False  # "a regret of O(d sqrt T)"
    if _NUMBER_BEFORE.search(sentence[max(0, start - 12) : start]) or _NUMBER_AFTER.match(
        sentence[end : end + 16]
    ):
        return True  # "8.4% accuracy gains", "accuracy of 91.2": a result, whatever else is said
    if cues.listed_as_metric.search(sentence[max(0, start - 160) : start]):
        return True  # "evaluation metrics, including precision, recall, F1 score"
    if cues.background.search(sentence) and not cues.findings.search(sentence):
        return False
    if cues.theory_quantity.fullmatch(sentence, start, end) and not cues.experiment.search(
        sentence
    ):
        return False  # "our algorithm attains lower regret": a theorem, unless measured
    window_start = max(0, start - 80)
    window = sentence[window_start : end + 80]
    # a possibility counts where a number, an experiment or a comparison backs it ("we show
    # empirically that X can improve accuracy", "X can obtain better accuracy than Y")
    numbers = (
        _DIGIT.search(window) is not None
        or cues.experiment.search(sentence) is not None
        or cues.comparison.search(window) is not None
    )
    for cue in cues.result.finditer(window):
        before = sentence[max(0, window_start + cue.start() - 20) : window_start + cue.start()]
        if numbers or not cues.possibility.search(before):
            return True  # not "SGD can achieve low test error", a claim without a number
    return False
