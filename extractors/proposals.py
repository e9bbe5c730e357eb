"""Finding the names a paper gives its own contributions: pure functions over text.

The ``papergraph_methods`` component calls these per sentence and turns their
character offsets into spans. Each returns :class:`Proposal` offsets relative
to the sentence's text; the words they look for come in a
:class:`~extractors.proposal_cues.ProposalCues` built from the word lists.

    >>> from extractors.wordlists import load_word_lists
    >>> cues = ProposalCues.from_word_lists(load_word_lists())
    >>> sentence = Sentence("we present FooBench, a new benchmark.")
    >>> [(p.text, p.kind) for p in after_verb(sentence, 11, cues)]
    [('FooBench', 'benchmark')]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from extractors.keys import fold
from extractors.names import is_name_shaped, is_title_case_compound
from extractors.proposal_cues import ProposalCues
from extractors.proposal_words import (
    _COORDINATED,
    _QUOTES,
    _WORD,
    _called_name,
    _extend_title_case,
    _followed_by_noun,
    _is_name,
    _kind,
    _lowercase_in_apposition,
    _named_in_apposition,
    head_word,
)

__all__ = ["Proposal", "ProposalCues", "Sentence", "after_called", "after_verb", "head_word"]

_PARENTHESISED_NAME = re.compile(
    r"[^.;()]{3,120}?\((?P<name>[A-Z][\w\-^+]{1,30})\)"
    r"(?=\s*(?:[,.;:]|$|(?:which|that|for|to|with)\b))"
)

# long form start -> (long start, long end, short start, short end), offsets in the text
LongForms = Mapping[int, tuple[int, int, int, int]]


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed name: ``text[start:end]`` of ``kind``, found by ``rule``."""

    start: int
    end: int
    kind: str
    rule: str
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """What the rules know of one sentence, computed once: its ``text``, its long forms
    with their acronyms, the start offsets of names a gazetteer knows (``known``), the
    generic texts (``generic``, folded) and the names the paper proposes elsewhere
    (``own_names``); all offsets in ``text``."""

    text: str
    long_forms: LongForms = field(default_factory=dict)
    known: frozenset[int] = frozenset()
    generic: frozenset[str] = frozenset()
    own_names: tuple[str, ...] = ()


def _name_in_parentheses(sentence: Sentence, position: int) -> list[Proposal]:
    """A name in parentheses closing the phrase a proposal verb introduces, when the words
    before it do not spell it out (``we introduce data pruning based on the data's
    Foo strength (Fooselect), a method``)."""
    match = _PARENTHESISED_NAME.match(sentence.text, position)
    if match is None:
        return []
    name, start = match.group("name"), match.start("name")
    if start in sentence.known or fold(name) in sentence.generic:
        return []
    if any(short_start == start for _, _, short_start, _ in sentence.long_forms.values()):
        return []  # the acronym of the words before it ("inspired by X (DRO)"), not our name
    if not (is_name_shaped(name) or (len(name) > 3 and name[1:].islower())):  # not "(Hu)"
        return []
    return [Proposal(start, match.end("name"), "method", "proposal", name)]


_OUR = re.compile(r"\b[Oo]ur\b")


def _opens_name(sentence: Sentence, position: int) -> bool:
    """Does a name (capitalised, name-shaped or a long form) start at ``position``?"""
    word = _WORD.match(sentence.text, position)
    bare = word.group(0).strip(_QUOTES) if word else ""
    return position in sentence.long_forms or bare[:1].isupper() or is_name_shaped(bare)


def _names_own(sentence: Sentence) -> bool:
    return any(name in sentence.text for name in sentence.own_names)


def after_verb(
    sentence: Sentence,
    position: int,
    cues: ProposalCues,
    max_words: int = 12,
    descriptors: list[str] | None = None,
) -> list[Proposal]:
    """Names proposed by the words after a proposal verb at ``position``.

    Names of ``sentence.known`` (a gazetteer knows them) after descriptor words are
    descriptors too (``two MoE models, namely Foo-Lite``).
    """
    text, generic = sentence.text, sentence.generic
    descriptors = list(descriptors or [])
    # "by introducing X", "namely X", "we provide X": our own voice, and no known name
    guard = cues.guarded_opening.search(text, max(0, position - 60), position)
    guarded = guard is not None
    appositive = guard.group("appositive") if guard else None
    # "a new dataset, FooSet, is introduced": a sentence that creates speaks for the paper
    ours = cues.own_work.search(text) or _names_own(sentence)
    creates = cues.creation.search(text) or cues.first_verb.search(text)
    if guarded and not (ours or (appositive and creates)):
        return []
    if guard is not None and guard.group("namely") and not (creates or _OUR.search(text)):
        return []  # "we test on two datasets, namely FooSet and BarSet"
    giving = guard is not None and (guard.group("giving") or guard.group("by_giving")) is not None
    if appositive:  # "a new benchmark, FooBench": the name comes first, its kind before
        words = appositive.casefold().split()
        not_method = cues.phenomenon_heads | cues.task_heads
        if not _opens_name(sentence, position) or words[-1] in not_method:
            return []  # "a novel task, ink reading (IR)" names no method
        if any(w in cues.gap_stop or w in ("the", "a", "an", "our") for w in words):
            return []  # "a novel scheme combining the Foo, Bar and Baz"
        descriptors += appositive.casefold().split()
    if not descriptors and (lowercase := _lowercase_in_apposition(text, position, cues)):
        return [Proposal(position, lowercase, "method", "proposal", text[position:lowercase])]
    for _ in range(max_words):
        gap = len(text[position:]) - len(text[position:].lstrip(" ,()"))
        clause = descriptors and "," in text[position : position + gap]
        position += gap
        word = _WORD.match(text, position)
        if word is None:
            return []
        token = word.group(0)
        start = word.start() + len(token) - len(token.lstrip(_QUOTES))
        bare = token.strip(_QUOTES).rstrip(".!?")
        if bare.startswith("$") or (len(bare) == 1 and bare.isupper()):
            return []  # "we derive $O(1)$ bounds", "an O(n) algorithm": mathematics
        if clause and bare.islower() and bare.endswith(("ing", "ed")):
            return []  # "we provide a new angle, reformulating Foo-Q as ...": a new clause
        if bare.endswith(("'s", "\u2019s")):  # "FooLab's system": an owner, no name
            descriptors.append(bare.casefold())
            position = word.end()
            continue
        end = start + len(bare)
        if start in sentence.long_forms:
            found = _long_form_proposal(sentence, start, descriptors, cues)
            if found is not None:
                return found
            position = sentence.long_forms[start][3] + 1  # a generic long form: a descriptor
            continue
        if guarded and start in sentence.known:
            return []  # "we provide BarNet with tools", "namely BarNet and BazNet"
        skip = fold(bare) in generic or (start in sentence.known and bool(descriptors))
        named = None if descriptors or skip else _named_in_apposition(text, start, cues)
        if named is not None:  # "we introduce Folding ink-by-ink, a new mechanism"
            kind = _kind(descriptors, text, named, text[start:named], cues)
            return [Proposal(start, named, kind, "proposal", text[start:named])]
        if not skip and _is_name(bare, descriptors, text, end, cues):
            end = _name_end(text, bare, end, descriptors, cues, generic)
            coordinated = _COORDINATED.match(text, end).end() if end is not None else 0
            if end is None or (giving and _followed_by_noun(text, coordinated, cues)):
                # a descriptor noun: "FooNet models", "we provide Foo-Bar bounds"
                descriptors.append(bare.casefold())
                position = word.end()
                continue
            kind = _kind(descriptors, text, end, text[start:end], cues)
            found = [Proposal(start, end, kind, "proposal", text[start:end])]
            return found + _names_after(text, end, kind)
        if not skip and (bare.casefold() in cues.gap_stop or (bare[:1].isupper() and descriptors)):
            return [] if giving else _name_in_parentheses(sentence, position)
        descriptors.append(bare.casefold())
        position = word.end()
    return []


def _long_form_proposal(
    sentence: Sentence, start: int, descriptors: list[str], cues: ProposalCues
) -> list[Proposal] | None:
    """The long form at ``start`` and its acronym as proposed names; ``[]`` when they name
    no contribution (``a systematic review (SLR)``); None, after adding the acronym to
    ``descriptors``, when the long form is generic (``large language models (LLMs)``)."""
    text = sentence.text
    long_start, long_end, short_start, short_end = sentence.long_forms[start]
    if fold(text[long_start:long_end]) in sentence.generic:
        descriptors.append(fold(text[short_start:short_end]))
        return None
    after = re.match(r"\)?\s*([a-z]+)", text[short_end:])
    if head_word(text[long_start:long_end]) in cues.not_contribution_heads or (
        after and (after.group(1) in cues.phenomenon_heads or after.group(1) in cues.task_heads)
    ):
        return []  # "a systematic review (SLR)", "the Foo Detection (FD) problem"
    kind = _kind(descriptors, text, short_end + 1, text[long_start:long_end], cues)
    pairs = ((long_start, long_end), (short_start, short_end))
    return [Proposal(a, b, kind, "proposal", text[a:b]) for a, b in pairs]


def _name_end(
    text: str,
    bare: str,
    end: int,
    descriptors: list[str],
    cues: ProposalCues,
    generic: frozenset[str],
) -> int | None:
    """Where the name ``bare`` ending at ``end`` ends with the words that belong to it
    (``Bar scheduler``, ``Adaptive Prompting``), or None when it is a descriptor of a
    name further on (``FooNet models``)."""
    if descriptors and _followed_by_noun(text, end, cues):
        head = re.match(r"(?: [a-z][\w\-]*){0,2} ([a-z]+)\b", text[end:])
        plain = bare.isalpha() or is_title_case_compound(bare)  # not "H-foo"
        if not (head and head.group(1) in cues.name_heads and bare[:1].isupper() and plain):
            return None
        return end + head.end()  # "Bar scheduler", "Warm-Cold token routing strategy"
    if bare[:1].isupper():
        return _extend_title_case(text, end, cues, generic)
    return end


def _names_after(text: str, end: int, kind: str) -> list[Proposal]:
    """An acronym in parentheses right after a name, and more names joined by ``and``."""
    found = []
    acronym = re.match(r" \(([A-Za-z][\w\-^+]*)\)", text[end:])
    if acronym and is_name_shaped(acronym.group(1)):
        a, b = end + acronym.start(1), end + acronym.end(1)
        found.append(Proposal(a, b, kind, "proposal", text[a:b]))
        end += acronym.end()
    for _ in range(4):
        more = re.match(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)([\w\-.+^]+)", text[end:])
        name = more.group(1).rstrip(".") if more else ""
        if not more or not (is_name_shaped(name) or (name[:1].isupper() and "-" in name)):
            break
        a = end + more.start(1)
        end = a + len(name)
        found.append(Proposal(a, end, kind, "proposal", name))
    return found


def after_called(sentence: Sentence, position: int, cues: ProposalCues) -> list[Proposal]:
    """The name given by ``called`` / ``we refer to ... as`` at ``position``, in our own work
    (a sentence with ``we`` / ``our``, or naming one of ``sentence.own_names``).

    >>> from extractors.wordlists import load_word_lists
    >>> cues = ProposalCues.from_word_lists(load_word_lists())
    >>> [p.text for p in after_called(Sentence('we call the mix "model stews."'), 16, cues)]
    ['model stews']
    >>> after_called(Sentence("this effect is referred to as forgetting."), 30, cues)
    []
    >>> after_called(Sentence('a phenomenon we refer to as the "drift gap"'), 28, cues)
    []
    """
    text = sentence.text
    if not cues.own_work.search(text) and not any(name in text for name in sentence.own_names):
        return []
    if position in sentence.long_forms:
        a, b, c, d = sentence.long_forms[position]
        return [
            Proposal(a, b, "method", "called", text[a:b]),
            Proposal(c, d, "method", "called", text[c:d]),
        ]
    if cues.phenomenon_before.search(text, max(0, position - 60), position):
        return []  # "a phenomenon we refer to as ...": no method
    bounds = _called_name(text, position, cues, sentence.generic)
    if bounds is None:
        return []
    start, end = bounds
    name = text[start:end]
    if name.casefold() in ("the", "a", "an"):
        return []
    if not name or head_word(name) in cues.phenomenon_heads or fold(name) in sentence.generic:
        return []
    generic_acronyms = [
        w.rstrip("s").isupper() and fold(w) in sentence.generic for w in name.split()
    ]
    if generic_acronyms[-1] or (any(generic_acronyms) and len(generic_acronyms) > 2):
        return []  # "open LLM API", but "LM ink-folding" is a name
    more = [] if text[end : end + 1] in _QUOTES else _names_after(text, end, "method")
    return [Proposal(start, end, "method", "called", name)] + [
        Proposal(p.start, p.end, p.kind, "called", p.text) for p in more
    ]
