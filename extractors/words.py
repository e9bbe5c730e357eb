"""Words with given leading letters, found through spaCy lexeme flags instead of a regex walk.

A regex walked over a whole abstract costs about 40 ns a character in Python: for
``(?<![\\w\\-.])[A-Za-z]+`` on a seed abstract, half as much as tokenizing it. spaCy
computes a lexeme flag once per vocabulary entry and ``Doc.to_array`` reads the flags
of every token in C, so :class:`LeadingWords` looks only at the few tokens whose
text can hold a wanted word, and finds exactly what the walk finds.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> words = LeadingWords(nlp.vocab, exact={"GPT"}, folded={"llama"})
    >>> text = "We tune GPT-4 and (LLaMA-2), not xGPT or pre-GPT."
    >>> words.find(nlp(text), text)
    [(8, 'GPT'), (19, 'LLaMA')]
    >>> words.walk(text)
    [(8, 'GPT'), (19, 'LLaMA')]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

import numpy
from spacy.attrs import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

__all__ = ["LONG_TOKEN", "WORD_START", "LeadingWords", "letter_cuts"]

# A word: a run of ASCII letters that no word character, hyphen or dot comes before.
WORD_START = re.compile(r"(?<![\w\-.])[A-Za-z]+")
_LEADING_LETTERS = re.compile(r"[A-Za-z]+")
_INNER_WORD_START = re.compile(r"[^\w\-.][A-Za-z]")  # a word starting inside a token
_LETTER = re.compile(r"[A-Za-z]")


LONG_TOKEN = 100  # characters: a token this long may be a cut of an even longer run


def letter_cuts(tokenizer: Tokenizer) -> frozenset[str]:
    """The tokens after which ``tokenizer``'s special cases cut a run of letters
    (``can`` of ``cannot``, ``do`` of ``dont``): the only places, with cuts of very long
    runs, where a word (as :data:`WORD_START` reads it) spans two tokens.

    >>> import spacy
    >>> {"can", "do"} <= letter_cuts(spacy.blank("en").tokenizer)
    True
    """
    cuts = set()
    for pieces in (getattr(tokenizer, "rules", None) or {}).values():
        texts = [piece[ORTH] for piece in pieces]
        for before, after in itertools.pairwise(texts):
            if _LETTER.fullmatch(before[-1:]) and _LETTER.match(after):
                cuts.add(before)
    return frozenset(cuts)


class _MayHoldWord:
    """Lexeme flag: may a wanted word start in this text? When a word starts after a
    character inside it (``x(Llama``), when its leading letters are a wanted word, or
    when they begin one and the tokenizer may cut the word after this text (see
    :func:`letter_cuts`). A class, not a lambda, so that a vocabulary holding it can
    be pickled."""

    def __init__(self, exact: frozenset[str], folded: frozenset[str], cuts: frozenset[str]) -> None:
        self.exact, self.folded, self.cuts = exact, folded, cuts
        self.beginnings = {word[:end] for word in exact for end in range(1, len(word))}
        self.folded_beginnings = {word[:end] for word in folded for end in range(1, len(word))}

    def __call__(self, text: str) -> bool:
        if len(text) >= LONG_TOKEN or _INNER_WORD_START.search(text):
            return True
        letters = _LEADING_LETTERS.match(text)
        if letters is None:
            return False
        lead, folded = letters.group(), letters.group().casefold()
        if lead in self.exact or folded in self.folded:
            return True
        return text in self.cuts and (lead in self.beginnings or folded in self.folded_beginnings)


class LeadingWords:
    """The words (as :data:`WORD_START` finds them) that are one of ``exact``, or one of
    ``folded`` in any case, as ``(offset, word)`` in text order.

    Adds one flag to ``vocab`` that marks the few tokens a wanted word may start in
    (:class:`_MayHoldWord`); each word is then matched in the whole text from there,
    so a word the tokenizer cut (``cuts``: :func:`letter_cuts`) is still read whole.
    """

    def __init__(
        self, vocab: Vocab, exact: Iterable[str], folded: Iterable[str], cuts: Iterable[str] = ()
    ) -> None:
        self.exact = frozenset(exact)
        self.folded = frozenset(word.casefold() for word in folded)
        self._flag = vocab.add_flag(_MayHoldWord(self.exact, self.folded, frozenset(cuts)))

    def wanted(self, word: str) -> bool:
        """Is ``word`` one of the words looked for?"""
        return word in self.exact or word.casefold() in self.folded

    def walk(self, text: str) -> list[tuple[int, str]]:
        """:meth:`find` by walking :data:`WORD_START` over the whole text."""
        return [
            (match.start(), word)
            for match in WORD_START.finditer(text)
            if self.wanted(word := match.group())
        ]

    def find(self, doc: Doc, text: str) -> list[tuple[int, str]]:
        """The wanted words of ``doc``, whose text is ``text``."""
        if not len(doc):
            return []
        found = []
        for i in numpy.flatnonzero(doc.to_array(self._flag)).tolist():
            token = doc[i]
            start, end = token.idx, token.idx + len(token)
            # words start at the token or inside it; one that reaches its end may run on
            for word in WORD_START.finditer(text, start, end):
                if word.end() == end:
                    word = WORD_START.match(text, word.start())
                if self.wanted(word.group()):
                    found.append((word.start(), word.group()))
        return found
