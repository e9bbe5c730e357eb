"""Does a sentence report a result in a metric, or only name it?

Metrics that are ordinary words (``accuracy``, ``latency``) count as metrics only where
results are reported or targeted in them (the gold guidelines' rule M1);
:func:`reports_result` tells, from the words around the metric.

    >>> reports_result("Accuracy rose to 91%.", 0, 8)
    True
"""

from __future__ import annotations

import re

__all__ = ["reports_result"]

_RESULT = re.compile(
    r"\d\s*%|\d\.\d|\b\d+(?:\.\d+)?\s*(?:x|times|points?|pp)\b|"
    r"\b(?:improv\w*|outperform\w*|achiev\w*|gains?|boost\w*|increas\w*|reduc\w*|higher|lower|"
    r"better|surpass\w*|reach\w*|attain\w*|drops?|degrad\w*|yield\w*|report\w*|state-of-the-art|"
    r"sota|match\w*|exceed\w*|comparable|competitive|maintain\w*|preserv\w*|retain\w*|speedups?|"
    r"evaluat\w*\s+(?:\w+\s+){0,2}(?:through|by|using|via|with))\b",
    re.IGNORECASE,
)


_BACKGROUND = re.compile(
    r"^\s*(?:however|recent(?:ly)?|while|although|despite|traditionally|existing|prior|previous|"
    r"conventional(?:ly)?|typically|in recent years)\b"
    r"|\b(?:challeng\w*|costly|expensive|suffer\w*|limitations?|hinder\w*|prohibitive\w*)\b",
    re.IGNORECASE,
)
_PRESERVED = re.compile(
    r"\b(?:without|no) (?:sacrificing|compromising|losing|hurting|harming|degrading|any loss "
    r"(?:in|of)|loss (?:in|of)|drop in|significant loss (?:in|of))\s*(?:\w+\s+)?$",
    re.IGNORECASE,
)
_LISTED_AS_METRIC = re.compile(
    r"\bmetrics?,?\s*(?:including|such as|like|e\.g\.,?|namely|:|\()[^.;:()]{0,140}$",
    re.IGNORECASE,
)
_NUMBER_BEFORE = re.compile(r"\d(?:\.\d+)?\s*(?:%|points?|pp)\s*(?:\w+\s+)?$")
_NUMBER_AFTER = re.compile(r"\s*(?:of|=|:|reaches|reaching)?\s*\d+(?:\.\d+)?\s*%?")
_NOT_A_METRIC_BEFORE = re.compile(
    r"\b(?:bfloat16|float16|float32|fp16|bf16|fp32|fp8|int8|int4|half|single|double|mixed|full|"
    r"low|reduced|numerical|arithmetic|\d+-bit|low-bit)\s*$",
    re.IGNORECASE,
)
# ... nor one that names a model: "MAE pre-training", "an MAE backbone"
_NOT_A_METRIC_AFTER = re.compile(
    r"[\s-]*(?:pre-?train\w*|models?\b|backbones?\b|encoders?\b|architectures?\b)",
    re.IGNORECASE,
)
# Findings outweigh background words: "Despite its simplicity, results show ..."
_FINDINGS = re.compile(
    r"\b(?:results|experiments|evaluations?|analys[ie]s) (?:show|demonstrate|indicate|reveal)"
    r"|\bwe (?:show|demonstrate|find|observe)\b",
    re.IGNORECASE,
)


def reports_result(sentence: str, start: int = 0, end: int | None = None) -> bool:
    """Does the sentence report or target a result in the metric at ``sentence[start:end]``?

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
    if _PRESERVED.search(sentence[max(0, start - 40) : start]):
        return False
    if _NOT_A_METRIC_BEFORE.search(sentence[max(0, start - 20) : start]):
        return False
    if _NOT_A_METRIC_AFTER.match(sentence, end):
        return False
    if _NUMBER_BEFORE.search(sentence[max(0, start - 12) : start]) or _NUMBER_AFTER.match(
        sentence[end : end + 16]
    ):
        return True  # "8.4% accuracy gains", "accuracy of 91.2": a result, whatever else is said
    if _LISTED_AS_METRIC.search(sentence[max(0, start - 160) : start]):
        return True  # "evaluation metrics, including precision, recall, F1 score"
    if _BACKGROUND.search(sentence) and not _FINDINGS.search(sentence):
        return False
    return bool(_RESULT.search(sentence[max(0, start - 80) : end + 80]))
