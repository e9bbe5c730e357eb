"""``papergraph_terms``: known benchmarks, metrics and methods from the gazetteers.

Matches come from :class:`extractors.gazetteer.Gazetteer`. A match inside a
larger compound is not the compound's name (``IBP`` in ``CROWN-IBP``,
``CIFAR-10`` in ``CIFAR-10-C``), except before a suffix such as ``-based``.
Model families followed by versions, sizes and variants (``Qwen2.5-72B-Instruct``)
are found by :func:`extractors.names.model_version_pattern`. Metrics that are
ordinary words (``accuracy``, ``latency``) count only in a sentence that
reports a result. Generic terms (``LLMs``, ``GPU``) are kept apart in
``doc.spans["papergraph_generic"]`` so later rules can refuse them.

    >>> import spacy, extractors
    >>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer"); _ = nlp.add_pipe("papergraph_terms")
    >>> doc = nlp("CROWN-IBP beats IBP on CIFAR-10-Z with LLMs. Accuracy rose to 91%.")
    >>> [(s.text, s.label_, s._.pg_key) for s in doc.spans["papergraph"]]
    [('CROWN-IBP', 'METHOD', 'method:crownibp'), ('IBP', 'METHOD', 'method:ibp'), \
('Accuracy', 'METRIC', 'metric:accuracy')]
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.gazetteer import Gazetteer
from extractors.keys import concept_key
from extractors.names import model_version_pattern
from extractors.spans import add_span

__all__ = ["TermMatcher", "inside_compound", "reports_result"]

GENERIC_KEY = "papergraph_generic"
COMPOUND_SUFFIXES = frozenset(
    [
        "based",
        "like",
        "style",
        "family",
        "series",
        "sized",
        "size",
        "scale",
        "level",
        "specific",
        "only",
        "free",
        "inspired",
        "type",
        "generated",
        "trained",
        "initialized",
        "aligned",
        "tuned",
        "driven",
        "guided",
        "powered",
        "enhanced",
        "augmented",
        "class",
        "grade",
        "compatible",
        "equivalent",
        "variant",
        "variants",
        "backbone",
        "backbones",
        "model",
        "models",
    ]
)
_RESULT = re.compile(
    r"\d\s*%|\d\.\d|\b\d+(?:\.\d+)?\s*(?:x|times|points?|pp)\b|"
    r"\b(?:improv\w*|outperform\w*|achiev\w*|gains?|boost\w*|increas\w*|reduc\w*|higher|lower|"
    r"better|surpass\w*|reach\w*|attain\w*|drops?|degrad\w*|yield\w*|report\w*|state-of-the-art|"
    r"sota|match\w*|exceed\w*|comparable|competitive|maintain\w*|preserv\w*|retain\w*|speedups?)\b",
    re.IGNORECASE,
)


def inside_compound(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is only part of a larger hyphenated or glued word.

    >>> inside_compound("CROWN-IBP", 6, 9), inside_compound("BERT-based", 0, 4)
    (True, False)
    >>> inside_compound("CIFAR-10-C", 0, 8), inside_compound("(IBP).", 1, 4)
    (True, False)
    """
    if start > 0:
        before = text[start - 1]
        if before.isalnum() or (before in "-/" and start > 1 and text[start - 2].isalnum()):
            return True
    if end < len(text):
        after = text[end]
        if after.isalnum() or after in "+^":
            return True
        if after in "-/." and end + 1 < len(text) and text[end + 1].isalnum():
            if after != "-":
                return True
            next_word = re.match(r"[A-Za-z0-9]+", text[end + 1 :])
            return next_word is None or next_word.group(0).casefold() not in COMPOUND_SUFFIXES
    return False


def reports_result(sentence: str) -> bool:
    """Does the sentence report or target a result (numbers, gains, comparisons)?

    >>> reports_result("We reach 91.2% accuracy."), reports_result("Accuracy matters in medicine.")
    (True, False)
    """
    return bool(_RESULT.search(sentence))


def _family_stems(gazetteer: Gazetteer) -> tuple[list[str], list[str]]:
    """Model and architecture family names, split by case sensitivity."""
    exact, folded = set(), set()
    for entry in gazetteer.entries:
        if entry.kind != "method" or entry.category not in ("model", "architecture"):
            continue
        for form in entry.forms:
            stem = re.match(r"[A-Za-z][A-Za-z\-]*?(?=[- ]?\d|$)", form)
            if stem and len(stem.group(0).rstrip("-")) >= 3 and " " not in stem.group(0):
                (exact if entry.case_sensitive else folded).add(stem.group(0).rstrip("-"))
    return sorted(exact), sorted(folded - {s for s in exact})


class TermMatcher:
    """The ``papergraph_terms`` component (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, files: dict[str, str], kinds: list[str]) -> None:
        self.name = name
        self.kinds = frozenset(kinds)
        self.gazetteer = Gazetteer.default(nlp.vocab, files)
        exact, folded = _family_stems(self.gazetteer)
        self.model_patterns = [
            model_version_pattern(exact, ignore_case=False),
            model_version_pattern(folded, ignore_case=True),
        ]

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        generic: list[Span] = []
        for span, entry in self.gazetteer.find(doc):
            if inside_compound(text, span.start_char, span.end_char):
                continue
            if entry.kind == "generic":
                generic.append(span)
            elif entry.kind in self.kinds:
                if entry.reported_only and not reports_result(span.sent.text):
                    continue
                add_span(doc, span, entry.kind, entry.key, "gazetteer", subtype=entry.category)
        doc.spans[GENERIC_KEY] = generic
        if "method" in self.kinds:
            for pattern in self.model_patterns:
                for match in pattern.finditer(text):
                    span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
                    if span is not None:
                        key = concept_key("method", match.group(0))
                        add_span(doc, span, "method", key, "model-version", subtype="model")
        return doc


@Language.factory(
    "papergraph_terms",
    default_config={"files": {}, "kinds": ["benchmark", "metric", "method"]},
)
def make_term_matcher(nlp: Language, name: str, files: dict[str, str],
                      kinds: list[str]) -> TermMatcher:  # fmt: skip
    """Gazetteer matching; ``files`` maps a kind to a JSONL file replacing the shipped one."""
    return TermMatcher(nlp, name, files, kinds)
