"""More names a proposing sentence gives than the one after its verb: names in
apposition to what it describes as new, numbered contributions, names right after what
they name (``a temporal instillation method TeminAL``) and names set in LaTeX emphasis.

    >>> text = "We present (1) Foo Net, a framework; and (2) BagCurri, a curriculum."
    >>> [p.text for p in names_beside(text, [Proposal(15, 22, "method", "proposal", "Foo Net")])]
    ['BagCurri']
"""

from __future__ import annotations

import re

from extractors.keys import fold
from extractors.names import is_name_shaped
from extractors.proposals import BENCHMARK_HEADS, CREATION, Proposal

__all__ = ["APPOSITION", "may_name_in_apposition", "names_beside"]

# A name in apposition to what the sentence describes as new (searched only in sentences
# that hold one of _APPOSITION_CUES: see may_name_in_apposition)
APPOSITION = re.compile(
    # "a deep compression variational autoencoder, Video-VAE, is designed for ..."
    r"\b(?:a|an) (?:[\w\-]+ ){0,5}?[\w\-]+,\s+(?=[a-z][\w\-^+]*, (?:is|are) (?:\w+ly )?"
    r"(?:designed|proposed|introduced|developed|presented|applied|built|trained|employed)\b)"
    # "the resulting simple, yet effective and general algorithm, Pre-trained Distillation,"
    r"|\bthe (?:resulting|proposed)(?: [\w\-]+,?){0,5}? (?:model|method|approach|system|"
    r"framework|algorithm|technique)s?,\s+(?=\S)"
    # "the proposed GraphMixer outperforms ...": a name right after (methods.py takes one word)
    r"|\bthe proposed (?=\S)"
    # "FlashNorm is a novel normalization layer": a sentence that opens with the name
    r"|^\s*(?=[\w\-^+.]+ (?:is|are) (?:a|an) (?:novel|new)\b)",
    re.IGNORECASE,
)
_APPOSITION_CUES = (", is ", ", are ", "the resulting ", "the proposed ", " is a novel ",
                    " is a new ", " are a new ", " are a novel ")  # fmt: skip

# "(2) BagCurri, a carefully designed training curriculum"
_ENUMERATED = re.compile(
    r"\((?:[1-9]|i{1,3}|iv|vi{0,3}|ix|[a-f])\)\s+"
    r"(?P<name>[A-Z][\w\-^+]*(?: [A-Z][\w\-^+]*){0,3}),\s+(?:a|an|the|our)\s"
)
# "we propose to equip ALMs with a temporal instillation method TeminAL": a name right
# after the noun that says what it is, described with "a" or "our" (not "the": "the
# state-of-the-art model LLaVA-13B" is somebody else's) and with no word of earlier work
_DESCRIBED_NAME = re.compile(
    r"\b(?:[Aa]n?|[Oo]ur)\s+(?P<words>(?:[\w\-]+\s+){0,4}?)"
    r"(?P<head>method|framework|approach|model|system|algorithm|technique|scheme|pipeline|"
    r"architecture|strategy|module|mechanism|paradigm|agent|dataset|benchmark|corpus)\s+"
    r"(?P<name>[A-Z][\w\-]*[\w])(?![\w\-])"
)
_EARLIER_WORK = frozenset(
    "existing prior previous recent popular standard baseline baselines classic classical "
    "conventional state-of-the-art strong widely well-known established".split()
)
_FOR_SHORT = re.compile(r",? or (?P<name>[A-Z][\w\-^+]{1,20}) for short\b")
_LATEX_EMPHASIS = re.compile(r"\\(?:textbf|emph|textit|textsc)\{(?P<name>[^{}\\]{3,60})\}")
_NOT_EMPHASISED_NAME = re.compile(r"(?i)(?:not|no|only|all|any|every|both|\w+ly)\b")


def names_beside(text: str, found: list[Proposal], generic: frozenset[str] = frozenset(),
                 known: frozenset[int] = frozenset()) -> list[Proposal]:  # fmt: skip
    """More names a proposing sentence gives: the numbered items after a proposal
    (``we present (1) X, a framework ...; and (2) BagCurri, a curriculum``), a short name
    (``..., or LOOK for short``), and, in a sentence that creates something, a name right
    after what it names (``with a new fusion method FuseX``; not one a gazetteer knows,
    whose offset is in ``known``) and names in LaTeX emphasis (``we employ a
    \\textbf{de-domaining} technique``).

    >>> text = "We present (1) Foo Net, a framework; and (2) BagCurri, a curriculum."
    >>> [p.text for p in names_beside(text, [Proposal(15, 22, "method", "proposal", "Foo Net")])]
    ['BagCurri']
    >>> [p.text for p in names_beside(r"We employ a \\textbf{de-domaining} technique.", [])]
    ['de-domaining']
    """
    more = []
    taken = {proposal.start for proposal in found}
    creates = CREATION.search(text) is not None
    if found:
        for match in _ENUMERATED.finditer(text):
            name = match.group("name")
            if match.start("name") not in taken and fold(name) not in generic:
                more.append(Proposal(match.start("name"), match.end("name"), "method",
                                     "proposal", name))  # fmt: skip
    if " for short" in text and (found or creates):
        for match in _FOR_SHORT.finditer(text):  # "... K-Nearest-Neighbor, or LOOK for short"
            name = match.group("name")
            more.append(Proposal(match.start("name"), match.end("name"), "method",
                                 "proposal", name))  # fmt: skip
    if creates:
        more += _described_names(text, taken, generic, known)
    if "\\" in text and creates:
        for match in _LATEX_EMPHASIS.finditer(text):
            name = match.group("name").strip()
            words = name.split()
            if len(name) > 3 and len(words) <= 4 and not _NOT_EMPHASISED_NAME.match(name):
                start = match.start("name")
                more.append(Proposal(start, start + len(name), "method", "proposal", name))
    return more


def _described_names(text: str, taken: set[int], generic: frozenset[str],
                     known: frozenset[int]) -> list[Proposal]:  # fmt: skip
    """Names right after the noun that says what they are (see :data:`_DESCRIBED_NAME`),
    except those starting at an offset in ``taken`` (found already) or ``known``.

    >>> [p.text for p in _described_names("We add a new fusion method FuseX.", set(),
    ...                                   frozenset(), frozenset())]
    ['FuseX']
    """
    more = []
    for match in _DESCRIBED_NAME.finditer(text):
        name, start = match.group("name"), match.start("name")
        if start in taken or start in known or not is_name_shaped(name):
            continue
        if fold(name) in generic or _EARLIER_WORK.intersection(match.group("words").split()):
            continue
        kind = "benchmark" if match.group("head") in BENCHMARK_HEADS else "method"
        more.append(Proposal(start, match.end("name"), kind, "proposal", name))
    return more


def may_name_in_apposition(lowered: str) -> bool:
    """Could :data:`APPOSITION` match in this lower-cased ASCII sentence?

    >>> may_name_in_apposition("an encoder, x, is designed."), may_name_in_apposition("we win.")
    (True, False)
    """
    return any(map(lowered.__contains__, _APPOSITION_CUES))
