"""More names a proposing sentence gives than the one after its verb: names in
apposition to what it describes as new, numbered contributions, names right after what
they name (``a temporal fusion method FuseX``) and names set in LaTeX emphasis.

    >>> from extractors.wordlists import load_word_lists
    >>> cues = ProposalCues.from_word_lists(load_word_lists())
    >>> sentence = Sentence("We present (1) Foo Net, a framework; and (2) BarCurri, a curriculum.")
    >>> found = [Proposal(15, 22, "method", "proposal", "Foo Net")]
    >>> [p.text for p in names_beside(sentence, found, cues)]
    ['BarCurri']
"""

from __future__ import annotations

import re

from extractors.keys import fold
from extractors.names import is_name_shaped
from extractors.novelty import novel_names
from extractors.proposal_cues import ProposalCues
from extractors.proposals import Proposal, Sentence, after_verb

__all__ = ["names_beside"]

# "(2) BarCurri, a carefully designed training curriculum"
_ENUMERATED = re.compile(
    r"\((?:[1-9]|i{1,3}|iv|vi{0,3}|ix|[a-f])\)\s+"
    r"(?P<name>[A-Z][\w\-^+]*(?: [A-Z][\w\-^+]*){0,3}),\s+(?:a|an|the|our)\s"
)
_FOR_SHORT = re.compile(r",? or (?P<name>[A-Z][\w\-^+]{1,20}) for short\b")


def names_beside(sentence: Sentence, found: list[Proposal], cues: ProposalCues) -> list[Proposal]:
    """More names a proposing sentence gives: the numbered items after a proposal
    (``we present (1) X, a framework ...; and (2) BarCurri, a curriculum``), a short name
    (``..., or QINK for short``), and, in a sentence that creates something, a name right
    after what it names (``with a new fusion method FuseX``; not one a gazetteer knows,
    whose offset is in ``sentence.known``) and names in LaTeX emphasis (``we employ a
    \\textbf{de-noising} technique``).

    >>> from extractors.wordlists import load_word_lists
    >>> cues = ProposalCues.from_word_lists(load_word_lists())
    >>> sentence = Sentence(r"We employ a \\textbf{de-noising} step.")
    >>> [p.text for p in names_beside(sentence, [], cues)]
    ['de-noising']
    """
    text = sentence.text
    taken = {proposal.start for proposal in found}
    creates = cues.creation.search(text) is not None
    more = _enumerated_names(sentence, taken) if found else []
    if " and " in text and creates:
        more += _first_of_two_verbs(sentence, taken, cues)
    if " for short" in text and (found or creates):
        for match in _FOR_SHORT.finditer(text):  # "... Quill-Ink Nearest Kernel, or QINK for short"
            name = match.group("name")
            more.append(
                Proposal(match.start("name"), match.end("name"), "method", "proposal", name)
            )
    if creates:
        more += _described_names(sentence, taken, cues)
    if "\\" in text and creates:
        more += _emphasised_names(text, cues)
    return more + novel_names(sentence, found + more, cues)


def _first_of_two_verbs(sentence: Sentence, taken: set[int], cues: ProposalCues) -> list[Proposal]:
    """The object of the first verb in ``we derive X and present Y``, where the proposal
    cue reaches for the second (``we extend X and propose Y``).

    >>> from extractors.wordlists import load_word_lists
    >>> cues = ProposalCues.from_word_lists(load_word_lists())
    >>> sentence = Sentence("We derive a Foo Estimator, and present BarNet.")
    >>> [p.text for p in _first_of_two_verbs(sentence, {39}, cues)]
    ['Foo Estimator']
    """
    more = []
    for match in cues.first_verb.finditer(sentence.text):
        main = cues.proposal.match(sentence.text, match.start())
        if main is not None and main.end() == match.end():
            continue  # the proposal cue stops at this verb already
        for proposal in after_verb(sentence, match.end(), cues):
            if proposal.start not in taken:
                taken.add(proposal.start)
                more.append(proposal)
    return more


def _enumerated_names(sentence: Sentence, taken: set[int]) -> list[Proposal]:
    """The numbered items of a proposing sentence: ``(2) BarCurri, a curriculum``."""
    more = []
    for match in _ENUMERATED.finditer(sentence.text):
        name = match.group("name")
        if match.start("name") not in taken and fold(name) not in sentence.generic:
            more.append(
                Proposal(match.start("name"), match.end("name"), "method", "proposal", name)
            )
    return more


def _described_names(sentence: Sentence, taken: set[int], cues: ProposalCues) -> list[Proposal]:
    """Names right after the noun that says what they are, described with "a" or "our"
    (not "the": "the state-of-the-art model FooLM-13B" is somebody else's) and with no
    word of earlier work, except those starting at an offset in ``taken`` (found already)
    or in ``sentence.known``.

    >>> from extractors.wordlists import load_word_lists
    >>> cues = ProposalCues.from_word_lists(load_word_lists())
    >>> sentence = Sentence("We add a new fusion method FuseX.")
    >>> [p.text for p in _described_names(sentence, set(), cues)]
    ['FuseX']
    """
    more = []
    for match in cues.described_name.finditer(sentence.text):
        name, start = match.group("name"), match.start("name")
        if start in taken or start in sentence.known or not is_name_shaped(name):
            continue
        if fold(name) in sentence.generic or cues.earlier_work.intersection(
            match.group("words").split()
        ):
            continue
        kind = "benchmark" if match.group("head") in cues.benchmark_heads else "method"
        more.append(Proposal(start, match.end("name"), kind, "proposal", name))
    return more


def _emphasised_names(text: str, cues: ProposalCues) -> list[Proposal]:
    r"""Names in LaTeX emphasis, of up to four words: ``\textbf{de-noising}``."""
    more = []
    for match in cues.latex_emphasis.finditer(text):
        name = match.group("name").strip()
        words = name.split()
        if len(name) > 3 and len(words) <= 4 and not cues.not_emphasised.match(name):
            start = match.start("name")
            more.append(Proposal(start, start + len(name), "method", "proposal", name))
    return more
