"""``papergraph_methods``: the paper's own named contributions, and other named methods.

Proposed (role ``proposed``):

* the ``Name:`` prefix of a title when it looks like a name (``GrowCLIP: ...``),
  and ``Name Technical Report``;
* ``we propose / introduce / present ... NAME`` where only determiners,
  adjectives and descriptor nouns stand between the verb and the name, which
  may be a long form with its acronym (``Embedded Representation Warmup (ERW)``)
  or a lower-case word in apposition (``we present exact-extract, a decoding
  algorithm``); several names joined by ``and`` are all proposed;
* ``called / dubbed / termed / we refer to as X`` (a quoted phrase, or up to
  four words), unless X is a phenomenon (``... region``, ``... effect``).

A proposal whose descriptor is ``benchmark``, ``dataset``, ``corpus`` ... is a
``BENCHMARK``; ``metric``, ``score`` ... a ``METRIC``.

Used (role ``used``): name-shaped words (``DiffDock``, ``REPA``, ``QwQ``) that
no gazetteer knows and that are not generic (``LLMs``), and capitalised items
of a list whose other items are known methods or benchmarks (``such as
Llama, Falcon and Sequoia``).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extractors.keys import concept_key, fold
from extractors.names import COMPOUND, is_name_shaped, is_title_case_compound, not_names
from extractors.spans import KIND_OF_LABEL, abbreviation_pairs, add_span, spans_of
from extractors.terms import GENERIC_KEY

__all__ = ["MethodFinder", "title_prefix_name"]

_SUBJECT = r"(?:\bwe|\bthis (?:paper|work|report|study|article|technical report)|\bhere,? we)"
_ADVERB = r"(?:\s+(?:also|further|then|first|hereby|therefore|thus|now|additionally|newly|\w+ly))?"
_VERB = (
    r"(?:propose|introduce|present|develop|design|build|release|construct|devise|create|curate|"
    r"collect|contribute|establish|unveil|formulate|put forward|open-source)[sd]?"
)
PROPOSAL = re.compile(rf"{_SUBJECT}{_ADVERB}\s+{_VERB}\b\s*", re.IGNORECASE)
CALLED = re.compile(
    r"(?<!so-)\b(?:called|dubbed|termed|coined|nicknamed|named|"
    r"(?:which|that|what) we (?:call|name|term|dub)|"
    r"we (?:call|name|term|dub)(?: (?:it|this|them|these|our \w+|"
    r"(?:this|the resulting|the proposed|our) \w+))?|"
    r"(?:we )?refer(?:red)? to (?:it |this |them |these |(?:this|our) \w+ )?as|denoted as)\s+",
    re.IGNORECASE,
)
# Words that may stand between a proposal verb and the name it introduces.
GAP_STOP = frozenset(
    [
        "to",
        "for",
        "on",
        "in",
        "with",
        "based",
        "that",
        "which",
        "where",
        "whose",
        "by",
        "from",
        "via",
        "through",
        "using",
        "upon",
        "into",
        "how",
        "what",
        "whether",
        "when",
        "while",
        "because",
        "since",
        "as",
        "if",
        "than",
        "between",
        "among",
        "across",
        "under",
        "over",
        "about",
        "against",
        "without",
        "within",
        "can",
        "could",
        "will",
        "would",
        "may",
        "might",
        "should",
        "must",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
    ]
)
BENCHMARK_HEADS = frozenset(
    [
        "benchmark",
        "benchmarks",
        "dataset",
        "datasets",
        "corpus",
        "corpora",
        "suite",
        "testbed",
        "leaderboard",
        "collection",
        "evaluation",
        "arena",
        "environment",
        "environments",
        "gym",
    ]
)
METRIC_HEADS = frozenset(["metric", "metrics", "measure", "score", "scores"])
PHENOMENON_HEADS = frozenset(
    [
        "region",
        "phenomenon",
        "phenomena",
        "effect",
        "effects",
        "curse",
        "hacking",
        "gap",
        "problem",
        "issue",
        "bottleneck",
        "law",
        "laws",
        "hypothesis",
        "regime",
        "property",
        "behavior",
        "behaviour",
        "collapse",
        "paradox",
        "trap",
    ]
)
TITLE_PREFIX_STOP = frozenset(["part", "chapter", "section", "volume", "appendix"])
_WORD = re.compile(r"[^\s,;:()\"“”]+")
_QUOTED = re.compile(r"[\"“'`]{1,2}([^\"”'`]{2,80}?)[\"”']{1,2}")
_LIST_ITEM = r"[A-Z][\w\-.+/^]*(?: \d+(?:\.\d+)*[A-Za-z]*)?"
_LIST = re.compile(rf"{_LIST_ITEM}(?:, {_LIST_ITEM})*,? (?:and|or) {_LIST_ITEM}")


def title_prefix_name(title: str) -> tuple[int, int] | None:
    """Offsets of the name a title opens with (``Name: ...``, ``Name Technical Report``).

    >>> t = "GrowCLIP: Data-aware Automatic Model Growing"
    >>> title_prefix_name(t)
    (0, 8)
    >>> title_prefix_name("Beyond Backpropagation: Exploring Algorithms") is None
    True
    >>> t = "Qwen2.5 Technical Report"; t[slice(*title_prefix_name(t))]
    'Qwen2.5'
    """
    match = re.match(r"\s*([^:]{1,60}?)(?::\s| Technical Report\b)", title)
    if not match:
        return None
    prefix = match.group(1).strip()
    words = prefix.split()
    if not words or len(words) > 4 or words[0].casefold() in TITLE_PREFIX_STOP:
        return None
    if len(words) == 1:
        word = words[0].rstrip("!?")
        if word.casefold() in not_names() or is_title_case_compound(word):
            return None
        ok = is_name_shaped(word) or any(c.isdigit() for c in word) or word[:1].isupper()
        if not ok or (word.isalpha() and word[1:].islower() and len(word) > 12):
            return None
        start = title.index(word)
        return start, start + len(word)
    if not any(is_name_shaped(w) or re.search(r"[\^+]", w) for w in words):
        return None
    start = title.index(words[0])
    return start, start + len(prefix)


class MethodFinder:
    """The ``papergraph_methods`` component (see the module docstring)."""

    def __init__(self, name: str, name_shapes: bool, enumerations: bool) -> None:
        self.name = name
        self.name_shapes = name_shapes
        self.enumerations = enumerations

    def __call__(self, doc: Doc) -> Doc:
        generic = {fold(span.text) for span in doc.spans.get(GENERIC_KEY, [])}
        title_end = doc._.pg_title_end
        if title_end:
            bounds = title_prefix_name(doc.text[:title_end])
            if bounds:
                self._propose(doc, *bounds, rule="title-prefix")
        long_forms = {lf.start_char: (lf, short) for short, lf in abbreviation_pairs(doc)}
        for sentence in doc.sents:
            text, offset = sentence.text, sentence.start_char
            for match in PROPOSAL.finditer(text):
                self._after_verb(doc, text, offset, match.end(), long_forms)
            for match in CALLED.finditer(text):
                self._called(doc, text, offset, match.end(), long_forms)
        if self.name_shapes:
            self._name_shapes(doc, generic)
        if self.enumerations:
            self._enumerations(doc, generic)
        return doc

    # --- proposals -----------------------------------------------------------------

    def _propose(self, doc: Doc, start: int, end: int, rule: str, kind: str = "method") -> bool:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or fold(span.text) in ("", "we", "our"):
            return False
        add_span(doc, span, kind, concept_key(kind, span.text), rule, role="proposed")
        return True

    def _after_verb(self, doc: Doc, text: str, offset: int, position: int,
                    long_forms: dict) -> None:  # fmt: skip
        descriptors: list[str] = []
        for _ in range(9):
            word = _WORD.match(text, position)
            if word is None:
                return
            token = word.group(0)
            start = offset + word.start()
            if start in long_forms:
                long_form, short = long_forms[start]
                kind = self._kind(descriptors, text, short.end_char - offset)
                self._propose(doc, long_form.start_char, long_form.end_char, "proposal", kind)
                self._propose(doc, short.start_char, short.end_char, "proposal", kind)
                return
            bare = token.rstrip(".!?")
            if self._is_proposed_name(bare, descriptors, text, word.end()):
                end = word.start() + len(bare)
                end = self._extend_title_case(text, word.start(), end)
                kind = self._kind(descriptors, text, end)
                self._propose(doc, offset + word.start(), offset + end, "proposal", kind)
                self._more_names(doc, text, offset, end, kind)
                return
            if token.casefold() in GAP_STOP or (token[:1].isupper() and descriptors):
                return
            descriptors.append(token.casefold())
            position = word.end()
            position += len(text[position:]) - len(text[position:].lstrip(" ,"))

    def _is_proposed_name(self, word: str, descriptors: list[str], text: str, end: int) -> bool:
        if not word or word.casefold() in GAP_STOP or word.casefold() in not_names():
            return False
        if is_name_shaped(word) or (word[:1].isupper() and (descriptors or len(word) > 1)):
            return not is_title_case_compound(word) or bool(descriptors)
        # a lower-case name in apposition: "we present exact-extract, a decoding algorithm"
        apposition = re.match(r",\s+(?:a|an|the|our)\b", text[end:])
        return not descriptors and bool(apposition) and "-" in word

    @staticmethod
    def _extend_title_case(text: str, start: int, end: int) -> int:
        """``Adaptive Prompting``, ``Learnable SMPLify``: take up to three more capitalised words."""
        if not text[start : start + 1].isupper():
            return end
        for _ in range(3):
            word = re.match(r" ([A-Z][\w\-^+]*)", text[end:])
            if not word or word.group(1).casefold() in not_names():
                break
            end += word.end()
        return end

    def _more_names(self, doc: Doc, text: str, offset: int, end: int, kind: str) -> None:
        for _ in range(4):
            more = re.match(r"(?:,\s*|\s+)(?:and\s+|or\s+)?([\w\-.+^]+)", text[end:])
            if not more or not is_name_shaped(more.group(1).rstrip(".")):
                return
            start = end + more.start(1)
            end = start + len(more.group(1).rstrip("."))
            self._propose(doc, offset + start, offset + end, "proposal", kind)

    @staticmethod
    def _kind(descriptors: list[str], text: str, end: int) -> str:
        after = re.match(r"[\s,]*(?:\([^)]*\)\s*,?\s*)?(?:a|an|the|our)?\s*((?:[\w\-]+\s+){0,4}[\w\-]+)",
                         text[end:])  # fmt: skip
        words = descriptors + (after.group(1).casefold().split() if after else [])
        heads = [w for w in words if w in BENCHMARK_HEADS or w in METRIC_HEADS]
        if heads and heads[0] in BENCHMARK_HEADS:
            return "benchmark"
        if heads and heads[0] in METRIC_HEADS:
            return "metric"
        return "method"

    def _called(self, doc: Doc, text: str, offset: int, position: int,
                long_forms: dict) -> None:  # fmt: skip
        if offset + position in long_forms:
            long_form, short = long_forms[offset + position]
            self._propose(doc, long_form.start_char, long_form.end_char, "called")
            self._propose(doc, short.start_char, short.end_char, "called")
            return
        quoted = _QUOTED.match(text, position)
        if quoted:
            start, end = quoted.start(1), quoted.end(1)
        else:
            phrase = re.match(
                r"(?:the |a |an )?((?:[\w\-^+]+)(?: [\w\-^+]+){0,3})", text[position:]
            )
            if not phrase:
                return
            words = phrase.group(1).split()
            while words and (words[-1].casefold() in GAP_STOP or words[-1] in ("and", "or")):
                words.pop()
            cut = next((i for i, w in enumerate(words) if w.casefold() in GAP_STOP), len(words))
            words = words[:cut]
            if not words or words[-1].casefold() in PHENOMENON_HEADS:
                return
            start = position + phrase.start(1)
            end = start + len(" ".join(words))
        self._propose(doc, offset + start, offset + end, "called")

    # --- used names --------------------------------------------------------------------

    def _name_shapes(self, doc: Doc, generic: set[str]) -> None:
        taken = [(s.start_char, s.end_char) for s in spans_of(doc)]
        for match in COMPOUND.finditer(doc.text):
            word = match.group(0).rstrip(".:")
            if not is_name_shaped(word) or (word.isupper() and len(word) < 3):
                continue
            folded = fold(word)
            if folded in generic or fold(word.rstrip("s")) in generic:
                continue
            if word.casefold() in not_names():
                continue
            start, end = match.start(), match.start() + len(word)
            if any(s < end and start < e for s, e in taken):
                continue
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                add_span(doc, span, "method", concept_key("method", word), "name-shape")

    def _enumerations(self, doc: Doc, generic: set[str]) -> None:
        strong = {
            (s.start_char, s.end_char): KIND_OF_LABEL[s.label_]
            for s in spans_of(doc)
            if s._.pg_rule in ("gazetteer", "model-version") and s.label_ != "METRIC"
        }
        for sentence in doc.sents:
            for match in _LIST.finditer(sentence.text):
                base = sentence.start_char + match.start()
                items = [
                    (base + m.start(), base + m.end())
                    for m in re.finditer(_LIST_ITEM, match.group(0))
                ]
                kinds = {strong[i] for i in items if i in strong}
                if len(kinds) != 1:
                    continue
                kind = kinds.pop()
                for start, end in items:
                    word = doc.text[start:end]
                    if (start, end) in strong or word.casefold() in not_names():
                        continue
                    if fold(word) in generic or is_title_case_compound(word):
                        continue
                    span = doc.char_span(start, end, alignment_mode="expand")
                    if span is not None:
                        add_span(doc, span, kind, concept_key(kind, word), "enumeration")


@Language.factory(
    "papergraph_methods",
    default_config={"name_shapes": True, "enumerations": True},
)
def make_method_finder(nlp: Language, name: str, name_shapes: bool,
                       enumerations: bool) -> MethodFinder:  # fmt: skip
    """Proposed names and other named methods; each family of rules can be turned off."""
    return MethodFinder(name, name_shapes, enumerations)
