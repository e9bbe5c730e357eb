"""Research topics: the task, problem or field a paper works on, as ``TOPIC`` spans.

``continual learning``, ``speculative decoding``, ``catastrophic forgetting``,
``lottery ticket hypothesis``: the strongest sign that two papers are related is the
problem they work on, which the annotation guidelines rightly keep out of METHOD.
``papergraph_topics`` marks the noun phrases of two or three words found in its
vocabulary, ``extractors/data/topics.tsv.gz``: phrases mined from 86,422 real ML
abstracts (``benchmarks/background_df.py``) that many papers use, no more than 1% of
them (so not ``neural networks``), and whose words belong together (they occur
together far more than by chance, or the phrase holds a good share of its rarer
word's papers). No list of seed topics is involved.

The component runs after the resolver and marks only text no other span covers, so
the methods, benchmarks and metrics it finds are left exactly as they were. A topic's
key folds case, punctuation and a final plural ``s``: ``Variational Autoencoders`` and
``variational autoencoder`` are ``topic:variationalautoencoder``.

    >>> import spacy, extractors
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("papergraph_topics", config={"vocabulary": ["continual learning",
    ...                                                               "catastrophic forgetting"]})
    >>> doc = nlp("Continual learning suffers from catastrophic forgetting.")
    >>> [(s.text, s.label_) for s in doc.spans["papergraph"]]
    [('Continual learning', 'TOPIC'), ('catastrophic forgetting', 'TOPIC')]
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc

from extractors.facts import text_of
from extractors.keys import concept_key
from extractors.spans import add_span, listed_spans

__all__ = ["TopicFinder", "load_vocabulary", "singular_phrase", "topic_key"]

_WORD = re.compile(r"[A-Za-z0-9]+(?:['\-][A-Za-z0-9]+)*")
_GAP = re.compile(r"[ \t]+")  # words of one phrase are separated by spaces only
LONGEST = 3
DEFAULT_FILE = "topics.tsv.gz"


def singular_phrase(text: str) -> str:
    """``text`` lower-cased with its last word's plural ``s`` dropped.

    >>> singular_phrase("Variational Autoencoders"), singular_phrase("sparse bandits analysis")
    ('variational autoencoder', 'sparse bandits analysis')
    """
    words = text.lower().split()
    last = words[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        words[-1] = last[:-1]
    return " ".join(words)


def topic_key(text: str) -> str:
    """The canonical key of a topic phrase (its last word's plural ``s`` dropped).

    >>> topic_key("Variational Autoencoders") == topic_key("variational autoencoder")
    True
    """
    return concept_key("topic", singular_phrase(text))


@lru_cache(maxsize=4)
def load_vocabulary(name: str = DEFAULT_FILE) -> frozenset[str]:
    """The topic phrases of ``extractors/data/NAME`` (``phrase<TAB>df<TAB>phraseness``)."""
    path = resources.files("extractors").joinpath(f"data/{name}")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        return frozenset(line.split("\t", 1)[0] for line in lines if not line.startswith("#"))


class TopicFinder:
    """Marks the longest vocabulary phrases that no other span overlaps."""

    def __init__(self, name: str, phrases: Iterable[str]) -> None:
        self.name = name
        self.phrases = frozenset(singular_phrase(phrase) for phrase in phrases)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        if len(words) < 2:
            return doc
        lower = text.lower()
        taken = bytearray(len(text) + 1)
        for span in listed_spans(doc):
            taken[span.start_char : span.end_char] = b"\x01" * (span.end_char - span.start_char)
        i = 0
        while i < len(words) - 1:
            found = 0
            for n in range(min(LONGEST, len(words) - i), 1, -1):
                window = words[i : i + n]
                if any(not _GAP.fullmatch(text, a[1], b[0]) for a, b in pairwise(window)):
                    continue
                start, end = window[0][0], window[-1][1]
                phrase = singular_phrase(" ".join(lower[a:b] for a, b in window))
                if phrase in self.phrases and not any(taken[start:end]):
                    span = doc.char_span(start, end, alignment_mode="expand")
                    if span is not None:
                        # after the resolver, where no other span is: its key is final
                        key, covered = topic_key(phrase), text[start:end]
                        add_span(doc, span, "topic", key, "topic", text=covered, final=True)
                        taken[start:end] = b"\x01" * (end - start)
                        found = n
                    break
            i += found or 1
        return doc


@Language.factory("papergraph_topics", default_config={"file": DEFAULT_FILE, "vocabulary": None})
def make_topic_finder(
    nlp: Language, name: str, file: str, vocabulary: list[str] | None
) -> TopicFinder:
    """Research topics from ``vocabulary`` (a list of phrases) or, by default, from the
    mined phrases of ``extractors/data/FILE``."""
    return TopicFinder(name, vocabulary if vocabulary is not None else load_vocabulary(file))
