"""Novelty as evidence of a proposal: a name a paper introduces is usually new to the world.

The table ``data/name_df.tsv.gz`` (mined by ``benchmarks/mine_name_novelty.py``) holds
how many of 86,422 real ML abstracts use each name-shaped word. A name it lacks, or holds
for a handful of papers only (the paper itself and a few that cite it), is *novel*; the
rules below propose a novel name where the paper speaks of its own work, without the
listed phrasings :mod:`extractors.proposals` needs: in the object of ``we`` + a making
verb however many words sit between, and as an acronym defined there.
A name seen in many abstracts is left to those stronger cues.

    >>> from extractors.wordlists import load_word_lists
    >>> cues = ProposalCues.from_word_lists(load_word_lists())
    >>> sentence = Sentence("We develop a very fast, sparse FooGraphX model for graphs.")
    >>> [p.text for p in novel_names(sentence, [], cues)]
    ['FooGraphX']
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache

from extractors.gazetteer import data_path
from extractors.keys import fold
from extractors.names import is_name_shaped, without_lower_suffix
from extractors.proposal_cues import ProposalCues
from extractors.proposal_words import _kind
from extractors.proposals import Proposal, Sentence

__all__ = ["is_novel", "novel_names", "paper_count"]

NOVEL_MAX_PAPERS = 3  # the paper itself and a couple that cite it
_WORD = re.compile(r"[\w\-^+.]+")
# a number first ("1.31MPa"), capitals spelling an acronym ("MAsked", "AlIgned"), words run together
# ("results12Further")
_NOT_A_NAME = re.compile(
    r"^\d|^(?=[A-Z])(?=.{1,2}[A-Z])[A-Za-z]{2,3}[a-z]{3,}$|[a-z]{3}\d+[A-Z][a-z]"
)


@lru_cache(maxsize=1)
def _table() -> dict[str, int]:
    with gzip.open(data_path("name_df.tsv.gz"), "rt", encoding="utf-8") as lines:
        rows = (line.rstrip("\n").split("\t") for line in lines if not line.startswith("#"))
        return {name: int(count) for name, count in rows}


def paper_count(name: str) -> int:
    """How many background abstracts use ``name`` (0 when it is rarer than the table keeps).

    >>> paper_count("BERT") > 100, paper_count("QuillFoo9X")
    (True, 0)
    """
    return _table().get(name, 0)


def is_novel(name: str) -> bool:
    """Is ``name`` a name-shaped word that nearly no background abstract uses, and not
    known names combined (``CMOS+FPGA``, ``SLAM-Supported``) nor a shape no name has
    (``1.31MPa``, ``MAsked``, ``results12Further``)?

    >>> is_novel("QuillFoo9X"), is_novel("BERT"), is_novel("novel"), is_novel("BERT-Based")
    (True, False, False, False)
    """
    if not is_name_shaped(name) or _NOT_A_NAME.search(name):
        return False
    if paper_count(name) > NOVEL_MAX_PAPERS:
        return False
    parts = [p for p in re.split(r"[\-+/]", name) if p]
    if any(_participle(p) for p in parts):
        return False  # "SLAM-Supported": a known name and what it modifies
    # "CMOS+FPGA": known names combined; but "Foo-GAN" names a new model
    joined = "+" in name or "/" in name
    return not (joined and all(paper_count(p) > NOVEL_MAX_PAPERS for p in parts))


def _participle(word: str) -> bool:
    """``Supported``, ``guided``: a word that joins a name to what it modifies."""
    return word[1:].islower() and word.endswith(("ed", "ing"))


def novel_names(sentence: Sentence, found: list[Proposal], cues: ProposalCues) -> list[Proposal]:
    """Novel names a sentence in our voice introduces: in the object of its making verb
    (up to a word like ``using``, ``than``, ``based on``) and the acronyms it defines.

    >>> from extractors.wordlists import load_word_lists
    >>> cues = ProposalCues.from_word_lists(load_word_lists())
    >>> sentence = Sentence("We design a fast sampler that beats QuillFooX.")
    >>> novel_names(sentence, [], cues)
    []
    """
    text = sentence.text
    taken = [(p.start, p.end) for p in found]
    more: list[Proposal] = []
    shorts = {short_start for _, _, short_start, _ in sentence.long_forms.values()}
    for verb in cues.first_verb.finditer(text):
        if cues.novelty_past.intersection(verb.group(0).casefold().split()):
            continue  # "we previously developed X": our earlier work
        stop = cues.novelty_object_stop.search(text, verb.end())
        end = stop.start() if stop else len(text)
        # a name found already closes the object: what follows describes it ("X, a PFN")
        end = min([end] + [a for a, _ in taken if a >= verb.end()])
        more += _defined_acronyms(sentence, verb.end(), end, taken, cues)
        for word in _WORD.finditer(text, verb.end(), end):
            name, start = word.group(0).rstrip(".-"), word.start()
            if start in sentence.known or fold(name) in sentence.generic:
                continue
            if any(a <= start < b for a, b in taken) or not is_novel(name):
                continue
            if name.endswith("s") and name[:-1].isupper():  # "LLMs", "GNNs": plurals
                continue
            if re.match(r"[a-z]+-", name):
                continue  # "pseudo-Foo", "auxiliary-LR": a word before a name
            if name in sentence.own_names or without_lower_suffix(name) != name:
                continue  # proposed already; "RS-aware", "Foo-compatible": a modifier
            if start in shorts or (name.isupper() and name.isalpha()):
                continue  # a defined acronym is the rule below's; "NOR" gates: no name
            after = text[start + len(name) :]
            if re.match(r"\s*[\w\-]*['\u2019]s\b|(?: [a-z][\w\-]*){1,2} [A-Z]", after):
                continue  # an owner ("our FooLab team's entry"), a descriptor ("a new
                # Foo-MC algorithm PART")
            descriptors = text[verb.end() : start].casefold().split()
            kind = _kind(descriptors, text, start + len(name), name, cues)
            more.append(Proposal(start, start + len(name), kind, "proposal", name))
            taken.append((start, start + len(name)))
    return more


def _defined_acronyms(
    sentence: Sentence, begin: int, end: int, taken: list[tuple[int, int]], cues: ProposalCues
) -> list[Proposal]:
    """A novel acronym with its long form in the object of a making verb, between
    ``begin`` and ``end`` (``we design a quill folding sampler (QFS)``)."""
    text, more = sentence.text, []
    not_ours = cues.not_contribution_heads | cues.phenomenon_heads | cues.task_heads
    for long_start, long_end, short_start, short_end in sentence.long_forms.values():
        short, long = text[short_start:short_end], text[long_start:long_end]
        if not begin <= long_start < end:  # it opens in the object
            continue
        if any(a <= short_start < b or a <= long_start < b for a, b in taken):
            continue
        if long_start in sentence.known or short_start in sentence.known:
            continue
        if fold(long) in sentence.generic or fold(short) in sentence.generic:
            continue
        after = re.match(r"\)?\s*([a-z]+)", text[short_end:])
        words = re.findall(r"[a-z]+", long.casefold()) + ([after.group(1)] if after else [])
        if paper_count(short) > NOVEL_MAX_PAPERS or not_ours.intersection(words):
            continue  # "a review of ink models (RIM)", "the Foo Ink (FI) task": no method
        taken += [(long_start, long_end), (short_start, short_end)]
        more.append(Proposal(long_start, long_end, "method", "abbreviation", long))
        more.append(Proposal(short_start, short_end, "method", "abbreviation", short))
    return more
