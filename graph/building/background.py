"""How general a word or phrase is across machine learning: background document frequencies.

A few hundred papers cannot tell that ``accuracy`` or ``transformer`` is generic: inside
them, a generic word may be as rare as a specific one. ``graph/data/background_df.tsv.gz``
holds the document frequencies of words and two- and three-word phrases in 86,422 real
abstracts of ML conferences (built by ``benchmarks/background_df.py``; only counts, not
text). :class:`Background` combines them with the corpus's own frequencies into one
``idf``, and scores how much a phrase is a phrase (its words occur together far more
than by chance).

>>> terms("Dynamic regret bounds for non-stationary online convex optimization.")
['dynamic', 'regret', 'bounds', 'for', 'non-stationary', 'online', 'convex', 'optimization']
>>> list(ngrams(["online", "convex", "optimization"], 2))
['online convex', 'convex optimization']
>>> bg = Background({"accuracy": 20000, "dynamic regret": 40}, documents=86422)
>>> bg.idf("accuracy") < bg.idf("dynamic regret") < bg.idf("never seen")
True
"""

from __future__ import annotations

import gzip
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import resources

__all__ = [
    "STOP_WORDS",
    "Background",
    "background",
    "candidate_terms",
    "chunks",
    "ngrams",
    "phrases",
    "terms",
]

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
# Function words and the words of any abstract ("we propose a novel method"): never
# the first or last word of a phrase, never a term alone.
STOP_WORDS = frozenset(
    """a about above across after again against all almost also although always am among an
    and another any are aren't as at be because been before being below between both but by
    can cannot could did do does doing done down during each either else enough especially
    even ever every few for from further furthermore had has have having he her here hers
    herself him himself his how however i if in into is isn't it it's its itself just least
    less let many may me might more moreover most much must my neither no nor not of off
    often on once one only or other others otherwise our ours ourselves out over own per
    rather same several shall she should since so some such than that the their theirs them
    themselves then there therefore these they this those though through thus to too toward
    towards under until up upon us very via was we well were what whatever when where
    whereas whether which while who whom whose why will with within without would yet you
    your yours e.g i.e et al vs etc paper papers propose proposed proposes present presents
    presented introduce introduces introduced show shows shown showed demonstrate
    demonstrates demonstrated novel new approach approaches method methods based using use
    used uses work works result results existing state-of-the-art art sota significantly
    significant improve improves improved improving performance better best strong simple
    effective efficient extensive experiments experiment experimental outperforms
    outperform achieve achieves achieved achieving first two three four five different
    various given make makes making however via able allow allows provide provides
    provided study studies problem problems task tasks framework model models data well
    large wide range number key also further particular specific general able across
    recent recently prior previous current including include includes compared compare
    comparison leading lead leads further while yet widely commonly way ways""".split()
)


_JOINERS = frozenset({"of", "to", "and", "for"})  # may stand inside a phrase: mixture of experts


def terms(text: str) -> list[str]:
    """The lower-cased words of ``text`` (letters, digits, inner hyphens), in order."""
    return _WORD.findall(text.lower())


_BREAK = re.compile(r"[^\w\s'\-]+|\s-+\s|\.\s")  # punctuation ends a phrase: "descent (GD)"


def chunks(text: str) -> list[list[str]]:
    """The word lists of ``text`` between punctuation marks, in which phrases are found.

    >>> chunks("gradient descent (GD), i.e. SGD")
    [['gradient', 'descent'], ['gd'], ['i'], ['e'], ['sgd']]
    """
    return [words for part in _BREAK.split(text) if (words := terms(part))]


def candidate_terms(text: str, longest: int = 3) -> set[str]:
    """Every candidate term of ``text`` (:func:`phrases` of each of its :func:`chunks`)."""
    found: set[str] = set()
    for words in chunks(text):
        found.update(phrases(words, longest))
    return found


def ngrams(words: list[str], n: int) -> Iterator[str]:
    """The ``n``-word sequences of ``words`` joined by spaces."""
    for i in range(len(words) - n + 1):
        yield " ".join(words[i : i + n])


def phrases(words: list[str], longest: int = 3) -> Iterator[str]:
    """Candidate terms of a word list: single content words and phrases of up to
    ``longest`` words that neither start nor end with a stop word, hold no other stop
    word than ``of``, ``to``, ``and``, ``for`` and no digit-only word.

    >>> sorted(set(phrases(terms("the lottery ticket hypothesis"))))
    ['hypothesis', 'lottery', 'lottery ticket', 'lottery ticket hypothesis', 'ticket', \
'ticket hypothesis']
    """
    # per word: 0 may stand anywhere, 1 only inside a phrase (a stop word joining two
    # others: "of"), 2 inside a phrase as well but stopping it from growing (any other
    # stop word), 3 nowhere (a number); words of one letter may not end a phrase (1)
    kinds = [_KIND.get(word) for word in words]
    for i, word in enumerate(words):
        if kinds[i] is None:
            kinds[i] = _KIND[word] = _word_kind(word)
    count = len(words)
    for i in range(count):
        if kinds[i]:
            continue
        yield words[i]
        for j in range(i + 1, min(i + longest, count)):
            kind = kinds[j]
            if kind == 3:
                break
            if kind == 0:
                yield " ".join(words[i : j + 1])
            elif kind == 2:  # nothing longer may hold it inside
                break


_KIND: dict[str, int] = {}  # word -> its kind (see phrases), learnt as words are met


def _word_kind(word: str) -> int:
    if word.isdigit():
        return 3
    if word in STOP_WORDS:
        return 1 if word in _JOINERS else 2
    return 1 if len(word) < 2 else 0


class Background:
    """Background document frequencies (``df``: term -> papers of ``documents``)."""

    def __init__(self, df: Mapping[str, int], documents: int) -> None:
        self.df = df
        self.documents = documents

    def frequency(self, term: str) -> int:
        """Papers of the background corpus that hold ``term`` (0 when unknown or pruned)."""
        return self.df.get(term, 0)

    def idf(self, term: str, corpus_df: int = 0, corpus_size: int = 0) -> float:
        """``log((N + n + 1) / (df + corpus_df + 1))``: the term's rarity in the background
        (``N`` papers) and the corpus (``n`` papers) together, so that a term common in
        either is common."""
        return math.log((self.documents + corpus_size + 1) / (self.frequency(term) + corpus_df + 1))

    def share(self, term: str) -> float:
        """The share of background papers holding ``term``."""
        return self.frequency(term) / max(self.documents, 1)

    def phraseness(self, phrase: str) -> float:
        """How much more often the words of ``phrase`` occur together than apart:
        ``log(df(phrase) * N / (df(first) * df(last)))`` (0 for single words and unknown
        phrases).

        >>> bg = Background({"lottery": 30, "ticket": 40, "lottery ticket": 28}, 86422)
        >>> round(bg.phraseness("lottery ticket"), 1)
        7.6
        """
        words = phrase.split()
        together = self.frequency(phrase)
        if len(words) < 2 or not together:
            return 0.0
        apart = max(self.frequency(words[0]), 1) * max(self.frequency(words[-1]), 1)
        return math.log(together * self.documents / apart)


def read_table(lines: Iterable[str]) -> Background:
    """A :class:`Background` from the table's lines: ``#documents N`` then ``term<TAB>df``.

    >>> read_table(["#documents\\t10", "accuracy\\t7"]).frequency("accuracy")
    7
    """
    documents, df = 0, {}
    for line in lines:
        term, _, count = line.rstrip("\n").rpartition("\t")
        if term == "#documents":
            documents = int(count)
        elif term:
            df[term] = int(count)
    return Background(df, documents)


@lru_cache(maxsize=1)
def background() -> Background:
    """The shipped table (``graph/data/background_df.tsv.gz``), read once."""
    path = resources.files("graph").joinpath("data/background_df.tsv.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        return read_table(lines)
