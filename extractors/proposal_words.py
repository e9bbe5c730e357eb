"""The words around a proposed name, for :mod:`extractors.proposals`: where a name ends,
whether a word is one, what kind it is, and where a naming cue's name starts and ends.
Functions of the text and the cues only, offsets in the text.

    >>> from extractors.wordlists import load_word_lists
    >>> cues = ProposalCues.from_word_lists(load_word_lists())
    >>> text = "we call it Sparse Pooling of Ink Tokens, which"
    >>> text[slice(*_called_name(text, 11, cues, frozenset()))]
    'Sparse Pooling of Ink Tokens'
"""

from __future__ import annotations

import re

from extractors.keys import fold
from extractors.names import is_name_shaped, is_title_case_compound, not_names
from extractors.proposal_cues import ProposalCues
from extractors.terms import COMPOUND_SUFFIXES

__all__ = ["head_word"]

_WORD = re.compile(r"(?:\\[\"'`^~]|[^\s,;:()\"“”])+")  # keeps LaTeX accents: F\"OO
_QUOTES = "\"'`\u201c\u201d\u2018\u2019*_"  # quotes, and Markdown emphasis (**FOO**)
_APPOSITIVE_NAME = re.compile(
    r"(?P<name>[A-Z][\w\-^+]*(?: [\w\-^+]+){0,3}),\s+(?:a|an)\s+(?P<words>(?:[\w\-]+ ?){1,4})"
)
# more names joined to one: " and BarNet", ", BazNet or QuxNet"
_COORDINATED = re.compile(r"(?:(?:,? (?:and|or)|,) [\w\-^+]*[A-Z][\w\-^+]*)*")
# "gradient folding, a simple technique": a lower-case name and its descriptor's head
_LOWERCASE_APPOSITIVE = re.compile(
    r"(?P<name>[a-z][a-z\-]*(?: [a-z][a-z\-]*){0,3}),\s+(?:a|an)\s+(?:[\w\-]+\s+){0,3}?"
    r"(?P<head>[a-z]+)\b"
)
_DETERMINERS = frozenset({"a", "an", "the", "our", "this", "these", "its", "their", "two", "new"})
# "we call the resulting ": a naming verb and the start of its object
_DETERMINED_OBJECT = re.compile(
    r"\bwe \w+ (?:the|this|these|our|such|each)(?: [\w\-]+){0,4} $", re.IGNORECASE
)
# lower-case words, then a name: "resulting models FooLM", "family of models 'Bar'"
_DESCRIBED_THEN_NAME = re.compile(r"(?:[a-z][\w\-]* ){1,4}?(?=``|[\"“'][\w]|[\w\-]*[A-Z])")
# " of bars" closing a named phrase: up to two plain words before a clause ends
_OF_PHRASE = re.compile(
    r" of ((?!(?:the|a|an|our|this|these|its|their)\b)[a-z][\w\-]*(?: [a-z][\w\-]*)?)"
    r"(?=\s*(?:[,.;:()]|$))"
)
_QUOTED = re.compile(r"(?:``|[\"“'])([^\"”'`]{2,80}?)(?:''|[\"”'])")
_VERSION = re.compile(r" ([vV]?\d+(?:\.\d+)*[BMKT]?)(?![\w.])")  # "FooLM 3", "Bar 48B", "Baz v2"
# after a name: its descriptor words ("FooNet, a new benchmark suite")
_WORDS_AFTER = re.compile(
    r"[\s,]*(?:\([^)]*\)\s*,?\s*)?(?:a|an|the|our)?\s*((?:[\w\-]+\s+){0,4}[\w\-]+)"
)


def head_word(phrase: str) -> str:
    """The last word of ``phrase``, case-folded: ``Data Sifting Network`` -> ``network``."""
    words = re.findall(r"[A-Za-z]+", phrase)
    return words[-1].casefold() if words else ""


def _kind(descriptors: list[str], text: str, end: int, name: str, cues: ProposalCues) -> str:
    """``benchmark``/``metric``/``method`` from the descriptor nouns around a name and the
    head of a name of several words (``the Foo Haystack Test``)."""
    after = _WORDS_AFTER.match(text[end:])
    following = after.group(1).casefold().split() if after else []
    # up to a clause: "QuillScorers, which can rank answers" are no metric
    cut = next(
        (i for i, w in enumerate(following) if w in cues.gap_stop or w == "can"), len(following)
    )
    head = [head_word(name)] if " " in name.strip() else []
    for word in descriptors + head + following[:cut]:
        if word in cues.benchmark_heads:
            return "benchmark"
        if word in cues.metric_heads:
            return "metric"
    return "method"


def _extend_title_case(
    text: str, end: int, cues: ProposalCues, generic: frozenset[str] = frozenset()
) -> int:
    """Take the rest of a title-case name: ``Adaptive Foo Prompting``, ``Repeated Sampling of
    Foo Subsets``, and a plain version number (``FooLM 3``); not a generic word
    (``FooLM2 LLM``) nor, after ``and``, another name (``Foo-Lite and Foo-Plus``)."""
    for _ in range(6):
        word = cues.name_continuation.match(text[end:])
        if not word or word.group(2).casefold() in cues.name_run_stops:
            break
        name = word.group(2)
        generic_acronym = name.rstrip("s").isupper() and fold(name) in generic
        if generic_acronym or (word.group(1) == "and" and ("-" in name or is_name_shaped(name))):
            break
        end += word.end()
    version = _VERSION.match(text, end)
    if version and version.group(1)[-1] in "BMKT" and text[end - 1].isdigit():
        return end  # a size after a version stays off: "QuillMath-Ink-2.1 9B"
    return version.end() if version else end


def _is_name(word: str, descriptors: list[str], text: str, end: int, cues: ProposalCues) -> bool:
    folded = word.casefold()
    if not word or folded in cues.gap_stop:
        return False
    title_case_run = word[:1].isupper() and bool(re.match(r" [A-Z]", text[end:]))
    if word.split("-")[-1].casefold() in COMPOUND_SUFFIXES and not title_case_run:
        return False  # "GPU-bound", but "Pre-scaled Quill Pooling"
    if folded in not_names():  # "Adaptive Foo Prompting", "Hidden Bar": a capitalised run
        return title_case_run
    if is_name_shaped(word) or (word[:1].isupper() and not is_title_case_compound(word)):
        return True
    # a name in apposition: "we introduce Quill-Mini, a 2B model", "we present
    # ink-fill, a sampling algorithm"
    apposition = re.match(r",\s+(?:a|an|the|our)\b", text[end:])
    if is_title_case_compound(word):
        return bool(descriptors or apposition) or bool(re.match(r" [A-Z]", text[end:]))
    return not descriptors and bool(apposition) and "-" in word


def _named_in_apposition(text: str, start: int, cues: ProposalCues) -> int | None:
    """The end of a capitalised phrase of up to four words at ``start`` that an apposition
    names as a method (``Folding ink-by-ink, a new mechanism``), else None."""
    match = _APPOSITIVE_NAME.match(text, start)
    if match is None or not cues.name_heads.intersection(match.group("words").casefold().split()):
        return None
    words = match.group("name").split()
    if len(words) < 2 or any(w.casefold() in cues.gap_stop for w in words[1:]):
        return None  # one word is left to the other rules
    return match.end("name")


def _lowercase_in_apposition(text: str, position: int, cues: ProposalCues) -> int | None:
    """The end of a lower-case name of one to four words right after a proposal verb that
    an apposition names as a method (``we introduce gradient folding, a technique that``)."""
    match = _LOWERCASE_APPOSITIVE.match(text, position)
    if match is None or match.group("head") not in cues.name_heads:
        return None
    words = match.group("name").split()
    if words[0] in cues.gap_stop or any(w in cues.gap_stop or w in _DETERMINERS for w in words):
        return None
    return match.end("name")


def _followed_by_noun(text: str, end: int, cues: ProposalCues) -> bool:
    after = re.match(r" ([a-z][\w\-]*)", text[end:])
    return bool(after) and after.group(1) not in cues.gap_stop


def _past_descriptors(text: str, position: int, cues: ProposalCues) -> int:
    """Past up to four lower-case words before the name a naming cue gives (``we call the
    resulting models FooLM``, ``we call this family of models "Bar"``), to the name."""
    skipped = _DESCRIBED_THEN_NAME.match(text, position)
    if skipped is None:
        return position
    words = skipped.group(0).split()
    if any(w in cues.gap_stop and w != "of" for w in words):
        return position
    return skipped.end()


def _called_name(
    text: str, position: int, cues: ProposalCues, generic: frozenset[str]
) -> tuple[int, int] | None:
    """The bounds of the words a naming cue gives at ``position``: quoted, a title-case
    run, or up to four words before a function word."""
    if _DETERMINED_OBJECT.search(text, max(0, position - 60), position):
        position = _past_descriptors(text, position, cues)  # "we call the resulting models X"
        head = re.match(r"([a-z]+) (?=[\w\"“'`])", text[position:])
        right_after = re.search(
            r"\b(?:the|this|these|our|such|each) $", text[max(0, position - 6) : position]
        )
        if right_after and head and head.group(1).removesuffix("s") in cues.name_heads:
            position += head.end()  # "we call this method ink pooling"
    article = re.match(r"(?:the|a|an) (?=``|[\"“'])", text[position:])
    quoted = _QUOTED.match(text, position + (article.end() if article else 0))
    if quoted:
        inner = quoted.group(1).rstrip(".,;: ")
        return quoted.start(1), quoted.start(1) + len(inner)
    if re.match(r"[A-Z][\w\-^+]* [A-Z]", text[position:]):  # a title-case run
        first = re.match(r"[\w\-^+]+", text[position:])
        return position, _extend_title_case(text, position + first.end(), cues, generic)
    phrase = re.match(
        r"(?:the |a |an )?([\w^+][\w\-^+]*(?: [\w^+][\w\-^+]*){0,3})", text[position:]
    )
    if not phrase:
        return None
    words = phrase.group(1).split()
    cut = next((i for i, w in enumerate(words) if w.casefold() in cues.gap_stop), len(words))
    words = words[:cut]
    if not words:
        return None
    start = position + phrase.start(1)
    end = start + len(" ".join(words))
    of_phrase = _OF_PHRASE.match(text, end)  # "stochastic foo of bars, which ...": up to a clause
    if of_phrase and not cues.gap_stop.intersection(of_phrase.group(1).casefold().split()):
        return start, of_phrase.end(1)
    return start, end
