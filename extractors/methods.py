"""``papergraph_methods``: the paper's own named contributions, and other named methods.

Proposed (role ``proposed``), with the rules in :mod:`extractors.proposals`:

* the ``Name:`` prefix of a title when it looks like a name (``GrowCLIP: ...``) or is
  a capitalised phrase ending in a method's head noun (``Power Scheduler: ...``), and
  ``Name Technical Report``;
* ``we propose / introduce / present ... NAME`` where only determiners,
  adjectives and descriptor nouns stand between the verb and the name, which
  may be a long form with its acronym (``Embedded Representation Warmup (ERW)``)
  or a lower-case word in apposition (``we present exact-extract, a decoding
  algorithm``); ``our proposed NAME``; several names joined by ``and``;
* ``called / dubbed / termed / we refer to as X`` in a sentence about our own
  work, unless X is a phenomenon (``... region``, ``... effect``).

A proposal whose descriptor is ``benchmark``, ``dataset``, ``corpus`` ... is a
``BENCHMARK``; ``metric``, ``score`` ... a ``METRIC``.

Used (role ``used``): name-shaped words (``DiffDock``, ``REPA``, ``QwQ``) that
no gazetteer knows and that are not generic (``LLMs``), and capitalised items
of a list whose other items are known methods or benchmarks (``such as
Llama, Falcon and Sequoia``).

    >>> import extractors
    >>> nlp = extractors.build_pipeline()
    >>> doc = extractors.make_doc(nlp, "HyperCRL: Continual RL", "We propose HyperCRL, a method "
    ...                           "that beats REPA with LLMs.")
    >>> [(s.text, s._.pg_role, s._.pg_rule) for s in nlp(doc).spans["papergraph"]]
    [('HyperCRL', 'proposed', 'title-prefix'), ('HyperCRL', 'proposed', 'proposal'), \
('REPA', 'used', 'name-shape')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import chain

from spacy.language import Language
from spacy.tokens import Doc

from extractors.contributions import APPOSITION, may_name_in_apposition, names_beside
from extractors.keys import concept_key, fold
from extractors.names import (
    SIZE_LIST,
    compounds_with_inner_capital,
    is_name_shaped,
    is_title_case_compound,
    lowercase_twin,
    not_names,
    slash_parts,
)
from extractors.proposals import (
    CALLED,
    CREATION,
    NOT_CONTRIBUTION_HEADS,
    OURS_BEFORE,
    PROPOSAL,
    after_called,
    after_verb,
    head_word,
    may_call,
    may_propose,
)
from extractors.resolver import TASK_HEADS, long_form_kind
from extractors.spans import (
    KIND_OF_LABEL,
    KNOWN_RULES,
    abbreviation_pairs,
    add_span,
    extension,
    listed_spans,
    sentence_bounds,
    sentence_of,
    span_text,
    text_of,
)
from extractors.terms import generic_texts
from extractors.titles import title_name_for, title_prefix_name

__all__ = ["MethodFinder"]


def _singular_fold(text: str) -> str:
    folded = fold(text)
    return folded[:-1] if folded.endswith("s") else folded


_PROPOSAL_LOWER, _CALLED_LOWER = lowercase_twin(PROPOSAL), lowercase_twin(CALLED)
_APPOSITION_LOWER = lowercase_twin(APPOSITION)
_LOWER_SUFFIX = re.compile(r"-[a-z]{3,}$")
# the look-behind comes after the capital, so that re can skip to the capitals of the text
_LIST_ITEM = r"[A-Z](?<![\w\-.+/^][A-Z])[\w\-.+/^]{0,59}(?: \d+(?:\.\d+)*[A-Za-z]*)?"
_LIST = re.compile(rf"{_LIST_ITEM}(?:, {_LIST_ITEM}){{0,10}},? (?:and|or) {_LIST_ITEM}")


_BORROWED_BEFORE = re.compile(
    r"\b(?:inspired by|based on|building on|built on|following|using|via|from|like|such as|"
    r"than|over|(?:analys[ie]s|stud(?:y|ies)|survey|review|investigation|overview|comparison)"
    r"\s+(?:of|for|on|into))\s+(?:the\s+|an?\s+)?$"
)  # what precedes a long form the paper borrows or studies, not one it creates
_PREFIXED_ACRONYM = re.compile(
    r"(?:re|no|non|pre|post|anti|multi|semi|self|cross|sub|inter|intra|de|un|bi|co)-[A-Z]+s?$"
)


def _within(ascending: list[int], start: int, end: int) -> list[int]:
    """The values of the sorted list ``ascending`` in ``[start, end)``.

    >>> _within([1, 4, 4, 9], 4, 9)
    [4, 4]
    """
    return ascending[bisect_left(ascending, start) : bisect_left(ascending, end)]


class MethodFinder:
    """The ``papergraph_methods`` component (see the module docstring)."""

    def __init__(self, name: str, name_shapes: bool, enumerations: bool) -> None:
        self.name = name
        self.name_shapes = name_shapes
        self.enumerations = enumerations

    def __call__(self, doc: Doc) -> Doc:
        generic = generic_texts(doc)
        known = sorted(
            s.start_char for s in listed_spans(doc) if extension(doc, s, "pg_rule") in KNOWN_RULES
        )
        known_starts = frozenset(known)
        # each long form with its acronym: the first occurrence after it, "(ERW)"
        long_forms: dict[int, tuple[int, int, int, int]] = {}
        for short, lf in abbreviation_pairs(doc):
            if lf.start_char not in long_forms and short.start_char >= lf.end_char:
                long_forms[lf.start_char] = (lf.start_char, lf.end_char, short.start_char,
                                             short.end_char)  # fmt: skip
        title_end = doc._.pg_title_end
        if title_end:
            title = text_of(doc)[:title_end]
            bounds = title_prefix_name(title)
            if bounds:
                self._propose(doc, *bounds, rule="title-prefix")
            bounds = None if bounds else title_name_for(title)
            if (
                bounds
                and bounds[0] not in known_starts
                and fold(title[slice(*bounds)]) not in generic
            ):
                self._propose(doc, *bounds, rule="title-prefix")  # "PreRoutGNN for ..."
        bounds = sentence_bounds(doc)
        self._defined_by_us(doc, bounds, long_forms, known_starts, generic)
        long_starts = sorted(long_forms)
        own_names = tuple(
            {
                span_text(doc, s)
                for s in listed_spans(doc)
                if extension(doc, s, "pg_role") == "proposed"
            }
        )
        full_text = text_of(doc)
        # lower-cased ASCII text tells cheaply which sentences the patterns need to search
        lowered = full_text.lower() if full_text.isascii() else None
        for offset, sentence_end in bounds:
            text = full_text[offset:sentence_end]
            proposals, calls = PROPOSAL.finditer(text), CALLED.finditer(text)
            appositions = APPOSITION.finditer(text)
            if lowered is not None:  # the same matches, found faster (see lowercase_twin)
                sentence = lowered[offset:sentence_end]
                proposes, calls_by_name = may_propose(sentence), may_call(sentence)
                apposes = may_name_in_apposition(sentence)
                if not (proposes or calls_by_name or apposes) and "\\" not in sentence:
                    continue
                proposals = _PROPOSAL_LOWER.finditer(sentence) if proposes else ()
                appositions = _APPOSITION_LOWER.finditer(sentence) if apposes else ()
                calls = _CALLED_LOWER.finditer(sentence) if calls_by_name else ()
            # the sentence's own long forms and known names, found by bisection: a loop over
            # all of them in every sentence made long texts take quadratic time
            local = {k - offset: tuple(x - offset for x in long_forms[k])
                     for k in _within(long_starts, offset, sentence_end)}  # fmt: skip
            local_known = frozenset(k - offset for k in _within(known, offset, sentence_end))
            found = []
            for match in chain(proposals, appositions):
                opening = match.group(0).casefold()
                ours = opening.startswith("our")  # "our proposed X (ACR)"
                apposition = opening.rstrip().endswith(",")  # "our final model, X,"
                described = opening.startswith(("a ", "an "))  # "an autoencoder, X, is ..."
                # one name right there: "the proposed GraphMixer", "FlashNorm is a novel ..."
                one_name = opening == "the proposed " or not opening.strip()
                descriptors = ["our"] if ours and not apposition else None
                descriptors = ["a"] if described else descriptors
                if one_name and match.end() in local_known:
                    continue  # "the proposed Transformer", "BERT is a new ..." name no work of ours
                found += after_verb(
                    text,
                    match.end(),
                    local,
                    local_known,
                    generic,
                    max_words=1 if ours or one_name else 12,
                    descriptors=descriptors,
                )
            for match in calls:
                found += after_called(text, match.end(), local, generic, own_names)
            found += names_beside(text, found, generic, local_known)
            for proposal in found:
                self._propose(
                    doc,
                    offset + proposal.start,
                    offset + proposal.end,
                    proposal.rule,
                    proposal.kind,
                )
        if self.name_shapes:
            self._name_shapes(doc, generic)
        if self.enumerations:
            self._enumerations(doc, generic)
        return doc

    def _defined_by_us(
        self, doc: Doc, bounds: list[tuple[int, int]], long_forms: dict, known: frozenset[int],
                       generic: frozenset[str]) -> None:  # fmt: skip
        """Acronyms a paper defines for its own work: in a sentence where we create
        something (``we employ parameter inheriting with momentum (PIM)``), or spelling out
        the title (``Data Filtering Networks`` ... ``data filtering network (DFN)``)."""
        title = _singular_fold(text_of(doc)[: doc._.pg_title_end or 0])
        for long_start, (_, long_end, short_start, short_end) in long_forms.items():
            if long_start in known or short_start in known:
                continue
            long_text = text_of(doc)[long_start:long_end]
            if fold(long_text) in generic or fold(text_of(doc)[short_start:short_end]) in generic:
                continue
            kind = long_form_kind(long_text)
            # not "a systematic review (SLR)", nor "tailored to object re-identification (re-ID)"
            head = head_word(long_text)
            if kind not in (None, "method") or head in NOT_CONTRIBUTION_HEADS or head in TASK_HEADS:
                continue
            start, end = sentence_of(bounds, long_start)
            sentence = text_of(doc)[start:end]
            if _BORROWED_BEFORE.search(text_of(doc), max(start, long_start - 30), long_start):
                continue  # "a loss inspired by distributionally robust optimization (DRO)"
            if (
                (title and _singular_fold(long_text) == title)
                or CREATION.search(sentence)
                or OURS_BEFORE.search(text_of(doc), start, long_start)
            ):
                self._propose(doc, long_start, long_end, "abbreviation")
                self._propose(doc, short_start, short_end, "abbreviation")

    def _propose(self, doc: Doc, start: int, end: int, rule: str, kind: str = "method") -> None:
        sizes = SIZE_LIST.search(text_of(doc), start, end)
        end = sizes.start() if sizes else end  # "Qwen2.5-Math-Instruct-1.5B/7B/72B"
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return
        covered, text = span_text(doc, span), text_of(doc)[start:end]
        if covered != text:  # a token holds more: "\textbf{X"
            add_span(doc, span, kind, concept_key(kind, text), rule, role="proposed", text=text)
        elif fold(covered) not in ("", "we", "our"):
            add_span(doc, span, kind, concept_key(kind, covered), rule, role="proposed")

    # --- used names --------------------------------------------------------------------

    def _name_shapes(self, doc: Doc, generic: frozenset[str]) -> None:
        text = text_of(doc)
        taken = bytearray(len(text))  # characters other rules already claimed
        for claimed in listed_spans(doc):
            taken[claimed.start_char : claimed.end_char] = b"\x01" * (
                claimed.end_char - claimed.start_char
            )
        bounds = sentence_bounds(doc)
        # only words with a capital after the first letter can be name-shaped
        for match in compounds_with_inner_capital(text):
            compound = match.group(0)
            sentence_end = sentence_of(bounds, match.start())[1]
            if match.end() > sentence_end:  # "NLMs.Leveraging": a sentence ends inside
                compound = compound[: sentence_end - match.start()].rstrip(".")
            for offset, word in slash_parts(compound):  # "S4D/S5-PTD": two names
                self._name_shape(doc, match.start() + offset, word, generic, taken)

    @staticmethod
    def _name_shape(doc: Doc, start: int, word: str, generic: frozenset[str],
                    taken: bytearray) -> None:  # fmt: skip
        if not word:
            return
        # "LLM-based", "AlgoPerf-calibrated": the name, if any, is before the last hyphen
        while _LOWER_SUFFIX.search(word) and word.split("-")[-1] not in ("of", "in"):
            word = word.rsplit("-", 1)[0]
        if not is_name_shaped(word) or (word.isupper() and len(word) < 3):
            return
        if _PREFIXED_ACRONYM.match(word):  # "re-ID", "no-CL", "multi-GPU": no names
            return
        if fold(word) in generic or fold(word.rstrip("s")) in generic:
            return
        if word.casefold() in not_names():
            return
        end = start + len(word)
        if taken.find(1, start, end) != -1:
            return
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:  # the token may hold more ("Codestral-22B."): keep the word
            add_span(
                doc,
                span,
                "method",
                concept_key("method", word),
                "name-shape",
                text=word if span_text(doc, span) != word else None,
            )

    def _enumerations(self, doc: Doc, generic: frozenset[str]) -> None:
        strong = {
            (s.start_char, s.end_char): KIND_OF_LABEL[s.label_]
            for s in listed_spans(doc)
            if extension(doc, s, "pg_rule") in KNOWN_RULES and s.label_ != "METRIC"
        }
        if not strong:  # a list is taken only when some of its items are known
            return
        text = text_of(doc)
        for offset, end in sentence_bounds(doc):
            # every list ends with " and X" or " or X"
            if text.find(" and ", offset, end) == -1 and text.find(" or ", offset, end) == -1:
                continue
            for match in _LIST.finditer(text, offset, end):
                base = match.start()
                items = [
                    (base + m.start(), base + m.end())
                    for m in re.finditer(_LIST_ITEM, match.group(0))
                ]
                kinds = {strong[i] for i in items if i in strong}
                if len(kinds) != 1:
                    continue
                kind = kinds.pop()
                for start, end in items:
                    word = text[start:end].rstrip(".")
                    end = start + len(word)
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
