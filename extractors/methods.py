"""``papergraph_methods``: the paper's own named contributions, and other named methods.

Proposed (role ``proposed``), with the rules in :mod:`extractors.proposals`:

* the ``Name:`` prefix of a title when it looks like a name (``FooCLIP: ...``) or is a
  capitalised phrase ending in a method's head noun (``Bar Scheduler: ...``), and
  ``Name Technical Report``;
* ``we propose / introduce / present ... NAME`` where only determiners, adjectives and
  descriptor nouns stand between the verb and the name, which may be a long form with its
  acronym (``Foo Bar Warmup (FBW)``) or a lower-case word in apposition (``we present
  exact-match, a decoding algorithm``); ``our proposed NAME``; names joined by ``and``;
* ``called / dubbed / termed / we refer to as X`` in a sentence about our own work, unless
  X is a phenomenon (``... region``, ``... effect``).

A proposal whose descriptor is ``benchmark``, ``dataset``, ``corpus`` ... is a
``BENCHMARK``; ``metric``, ``score`` ... a ``METRIC``.

Used (role ``used``): name-shaped words (``FooDock``, ``BAR``, ``QwQ``) that no gazetteer
knows and that are not generic (``LLMs``), of the kind the words around them and their use
in real abstracts give them (:mod:`extractors.name_kinds`), a method by default; and
capitalised items of a list whose other items are known (``such as Llama and FooSeq``).

    >>> import extractors
    >>> nlp = extractors.build_pipeline()
    >>> doc = extractors.make_doc(nlp, "FooCRL: Continual RL", "We propose FooCRL, a method "
    ...                           "that beats BarNet with LLMs.")
    >>> [(s.text, s._.pg_role, s._.pg_rule) for s in nlp(doc).spans["papergraph"]]
    [('FooCRL', 'proposed', 'title-prefix'), ('FooCRL', 'proposed', 'proposal'), \
('BarNet', 'used', 'name-shape')]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import chain

from spacy.language import Language
from spacy.tokens import Doc

from extractors.contributions import names_beside
from extractors.facts import abbreviation_pairs, sentence_bounds, sentence_of, text_of
from extractors.heads import Heads, long_form_kind
from extractors.keys import concept_key, fold
from extractors.name_kinds import DEFAULT_USAGE_FILE, ContextCues, kinds_in_paper, load_name_usage
from extractors.names import (
    SIZE_LIST,
    compounds_with_inner_capital,
    is_name_shaped,
    is_title_case_compound,
    not_names,
    slash_parts,
    without_lower_suffix,
)
from extractors.proposals import (
    Proposal,
    ProposalCues,
    Sentence,
    after_called,
    after_verb,
    head_word,
)
from extractors.spans import (
    KIND_OF_LABEL,
    KNOWN_RULES,
    add_span,
    extension,
    listed_spans,
    span_text,
)
from extractors.terms import generic_texts
from extractors.titles import TitleCues, title_name_for, title_prefix_name
from extractors.wordlists import WordLists, load_word_lists

__all__ = ["MethodFinder"]


def _singular_fold(text: str) -> str:
    folded = fold(text)
    return folded[:-1] if folded.endswith("s") else folded


# the look-behind comes after the capital, so that re can skip to the capitals of the text
_LIST_ITEM = r"[A-Z](?<![\w\-.+/^][A-Z])[\w\-.+/^]{0,59}(?: \d+(?:\.\d+)*[A-Za-z]*)?"
_LIST = re.compile(rf"{_LIST_ITEM}(?:, {_LIST_ITEM}){{0,10}},? (?:and|or) {_LIST_ITEM}")


def _borrowed_before(lists: WordLists) -> re.Pattern[str]:
    """What precedes a long form the paper borrows or studies, not one it creates: ``a loss
    inspired by X (ACR)``, ``a study of X (ACR)``."""
    studied = rf"{lists.alternation('study_nouns')}\s+{lists.alternation('study_prepositions')}"
    return re.compile(
        rf"\b(?:{lists.alternation('borrowing_cues')}|{studied})\s+(?:the\s+|an?\s+)?$"
    )


def _within(ascending: list[int], start: int, end: int) -> list[int]:
    """The values of the sorted list ``ascending`` in ``[start, end)``.

    >>> _within([1, 4, 4, 9], 4, 9)
    [4, 4]
    """
    return ascending[bisect_left(ascending, start) : bisect_left(ascending, end)]


@dataclass(frozen=True)
class _DocumentFacts:
    """What the rules need of a doc, computed once: its text (and the text lower-cased
    when it is ASCII, which tells cheaply which sentences the patterns need to search),
    sentence bounds, generic texts, the sorted starts of names a gazetteer knows, and each
    long form with its acronym (the first occurrence after it, ``(FBW)``) by its start."""

    text: str
    lowered: str | None
    bounds: list[tuple[int, int]]
    generic: frozenset[str]
    known: list[int]
    long_forms: dict[int, tuple[int, int, int, int]]
    long_starts: list[int]

    @classmethod
    def of(cls, doc: Doc) -> _DocumentFacts:
        known = sorted(
            s.start_char for s in listed_spans(doc) if extension(doc, s, "pg_rule") in KNOWN_RULES
        )
        long_forms: dict[int, tuple[int, int, int, int]] = {}
        for short, lf in abbreviation_pairs(doc):
            if lf.start_char not in long_forms and short.start_char >= lf.end_char:
                pair = (lf.start_char, lf.end_char, short.start_char, short.end_char)
                long_forms[lf.start_char] = pair
        text = text_of(doc)
        lowered = text.lower() if text.isascii() else None
        bounds, generic = sentence_bounds(doc), generic_texts(doc)
        return cls(text, lowered, bounds, generic, known, long_forms, sorted(long_forms))

    def sentence(self, offset: int, end: int, own_names: tuple[str, ...]) -> Sentence:
        """The sentence ``text[offset:end]`` with its own long forms and known names, found
        by bisection (a loop over all of them in every sentence made long texts take
        quadratic time)."""
        local = {
            k - offset: tuple(x - offset for x in self.long_forms[k])
            for k in _within(self.long_starts, offset, end)
        }
        known = frozenset(k - offset for k in _within(self.known, offset, end))
        return Sentence(self.text[offset:end], local, known, self.generic, own_names)


class MethodFinder:
    """The ``papergraph_methods`` component (see the module docstring)."""

    def __init__(
        self,
        name: str,
        name_shapes: bool,
        enumerations: bool,
        word_lists: str | None = None,
        name_usage: str | None = DEFAULT_USAGE_FILE,
    ) -> None:
        self.name = name
        self.name_shapes = name_shapes
        self.enumerations = enumerations
        lists = load_word_lists(word_lists)
        self.cues = ProposalCues.from_word_lists(lists)
        self.title_cues = TitleCues.from_word_lists(lists)
        self.borrowed_before = _borrowed_before(lists)
        self.heads = Heads.from_lists(lists)
        self.context_cues = ContextCues.from_lists(lists)
        self.usage = load_name_usage(name_usage)
        prefixes = lists.alternation("acronym_prefixes")
        self.prefixed_acronym = re.compile(rf"{prefixes}-[A-Z]+s?$")  # "re-ID", "multi-GPU"

    def __call__(self, doc: Doc) -> Doc:
        facts = _DocumentFacts.of(doc)
        self._title_names(doc, facts)
        self._defined_by_us(doc, facts)
        own_names = tuple(
            {
                span_text(doc, s)
                for s in listed_spans(doc)
                if extension(doc, s, "pg_role") == "proposed"
            }
        )
        for offset, sentence_end in facts.bounds:
            for proposal in self._sentence_proposals(facts, offset, sentence_end, own_names):
                start, end = offset + proposal.start, offset + proposal.end
                self._propose(doc, start, end, proposal.rule, proposal.kind)
        if self.name_shapes:
            self._name_shapes(doc, facts.generic)
        if self.enumerations:
            self._enumerations(doc, facts.generic)
        return doc

    def _title_names(self, doc: Doc, facts: _DocumentFacts) -> None:
        """The name the title opens with (``FooCLIP: ...``), or a name-shaped first word
        before ``for`` that no gazetteer knows (``FooGNN for ...``)."""
        title_end = doc._.pg_title_end
        if not title_end:
            return
        title = facts.text[:title_end]
        bounds = title_prefix_name(title, self.title_cues)
        if bounds:
            self._propose(doc, *bounds, rule="title-prefix")
            return
        bounds = title_name_for(title, self.title_cues)
        if (
            bounds
            and bounds[0] not in frozenset(facts.known)
            and fold(title[slice(*bounds)]) not in facts.generic
        ):
            self._propose(doc, *bounds, rule="title-prefix")

    def _sentence_proposals(
        self, facts: _DocumentFacts, offset: int, end: int, own_names: tuple[str, ...]
    ) -> list[Proposal]:
        """The names the sentence ``facts.text[offset:end]`` proposes, offsets in it."""
        cues, text = self.cues, facts.text[offset:end]
        proposals, appositions = cues.proposal.finditer(text), cues.apposition.finditer(text)
        calls = cues.called.finditer(text)
        if facts.lowered is not None:  # the same matches, found faster (see lowercase_twin)
            lowered = facts.lowered[offset:end]
            proposes, calls_by_name = cues.may_propose(lowered), cues.may_call(lowered)
            apposes = cues.may_name_in_apposition(lowered)
            if not (proposes or calls_by_name or apposes) and "\\" not in lowered:
                return []
            proposals = cues.proposal_lower.finditer(lowered) if proposes else ()
            appositions = cues.apposition_lower.finditer(lowered) if apposes else ()
            calls = cues.called_lower.finditer(lowered) if calls_by_name else ()
        sentence = facts.sentence(offset, end, own_names)
        found = []
        for match in chain(proposals, appositions):
            found += self._after_opening(sentence, match)
        for match in calls:
            found += after_called(sentence, match.end(), cues)
        return found + names_beside(sentence, found, cues)

    def _after_opening(self, sentence: Sentence, match: re.Match[str]) -> list[Proposal]:
        """The names after a proposal's or an apposition's opening words: up to twelve
        words on after a verb, one after ``our`` or ``the proposed``."""
        opening = match.group(0).casefold()
        ours = opening.startswith("our")  # "our proposed X (ACR)"
        apposition = opening.rstrip().endswith(",")  # "our final model, X,"
        described = opening.startswith(("a ", "an "))  # "an autoencoder, X, is ..."
        # one name right there: "the proposed FooMixer", "FooNorm is a novel ..."
        one_name = opening == "the proposed " or not opening.strip()
        descriptors = ["our"] if ours and not apposition else None
        descriptors = ["a"] if described else descriptors
        if one_name and match.end() in sentence.known:
            return []  # "the proposed Transformer", "BERT is a new ..." name no work of ours
        max_words = 1 if ours or one_name else 12
        return after_verb(sentence, match.end(), self.cues, max_words, descriptors)

    def _defined_by_us(self, doc: Doc, facts: _DocumentFacts) -> None:
        """Acronyms a paper defines for its own work: in a sentence where we create
        something (``we employ parameter sharing with momentum (PSM)``), or spelling out
        the title (``Data Sifting Networks`` ... ``data sifting network (DSN)``)."""
        text, generic, known = facts.text, facts.generic, frozenset(facts.known)
        title = _singular_fold(text[: doc._.pg_title_end or 0])
        for long_start, (_, long_end, short_start, short_end) in facts.long_forms.items():
            if long_start in known or short_start in known:
                continue
            long_text = text[long_start:long_end]
            if fold(long_text) in generic or fold(text[short_start:short_end]) in generic:
                continue
            if not self._may_be_ours(long_text):
                continue
            start, end = sentence_of(facts.bounds, long_start)
            if self.borrowed_before.search(text, max(start, long_start - 30), long_start):
                continue  # "a loss inspired by distributionally robust optimization (DRO)"
            if (
                (title and _singular_fold(long_text) == title)
                or self.cues.creation.search(text[start:end])
                or self.cues.ours_before.search(text, start, long_start)
            ):
                self._propose(doc, long_start, long_end, "abbreviation")
                self._propose(doc, short_start, short_end, "abbreviation")

    def _may_be_ours(self, long_text: str) -> bool:
        """Could the long form name a method of ours? Not ``a systematic review (SLR)``,
        nor ``tailored to person re-identification (re-ID)``."""
        kind = long_form_kind(long_text, self.heads)
        head = head_word(long_text)
        return (
            kind in (None, "method")
            and head not in self.cues.not_contribution_heads
            and head not in self.heads.task
        )

    def _propose(self, doc: Doc, start: int, end: int, rule: str, kind: str = "method") -> None:
        sizes = SIZE_LIST.search(text_of(doc), start, end)
        end = sizes.start() if sizes else end  # "FooLM-Math-Instruct-1.5B/7B/72B"
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
        found_as: dict[str, set[str]] = {}  # what other rules found a text as
        for claimed in listed_spans(doc):
            start, end = claimed.start_char, claimed.end_char
            taken[start:end] = b"\x01" * (end - start)
            found_as.setdefault(fold(text[start:end]), set()).add(KIND_OF_LABEL[claimed.label_])
        bounds = sentence_bounds(doc)
        names = []
        # only words with a capital after the first letter can be name-shaped
        for match in compounds_with_inner_capital(text):
            compound = match.group(0)
            sentence_end = sentence_of(bounds, match.start())[1]
            if match.end() > sentence_end:  # "FooLMs.Leveraging": a sentence ends inside
                compound = compound[: sentence_end - match.start()].rstrip(".")
            for offset, word in slash_parts(compound):  # "S4D/S5-PTD": two names
                name = self._name_shape(match.start() + offset, word, generic, taken)
                names += [name] if name else []
        # a method unless its contexts here or in the corpus say otherwise (name_kinds.py)
        kinds = kinds_in_paper(text, names, bounds, found_as, self.context_cues, self.usage)
        for start, end, word in names:
            span, kind = doc.char_span(start, end, alignment_mode="expand"), kinds[fold(word)]
            if span is not None and kind:  # the token may hold more ("FooStral-22B.")
                shown = None if span_text(doc, span) == word else word
                add_span(doc, span, kind, concept_key(kind, word), "name-shape", text=shown)

    def _name_shape(
        self, start: int, word: str, generic: frozenset[str], taken: bytearray
    ) -> tuple[int, int, str] | None:
        """``(start, end, word)`` if ``word`` (at ``start``) is an unclaimed name."""
        word = without_lower_suffix(word)  # "LLM-based": "LLM"
        if not word or not is_name_shaped(word) or (word.isupper() and len(word) < 3):
            return None
        if self.prefixed_acronym.match(word) or word.casefold() in not_names():
            return None  # "re-ID", "no-CL", "multi-GPU": no names
        if fold(word) in generic or fold(word.rstrip("s")) in generic:
            return None
        end = start + len(word)
        return None if taken.find(1, start, end) != -1 else (start, end, word)

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
    default_config={
        "name_shapes": True,
        "enumerations": True,
        "word_lists": None,
        "name_usage": DEFAULT_USAGE_FILE,
    },
)
def make_method_finder(
    nlp: Language,
    name: str,
    name_shapes: bool,
    enumerations: bool,
    word_lists: str | None,
    name_usage: str | None,
) -> MethodFinder:
    """Proposed names and other named methods; each family of rules can be turned off.
    ``word_lists``: a directory of word-list files replacing the shipped ones (see
    :mod:`extractors.wordlists`); ``name_usage``: the name-usage table typing unknown
    names (:mod:`extractors.name_kinds`; null: none)."""
    return MethodFinder(name, name_shapes, enumerations, word_lists, name_usage)
