"""``papergraph_abbreviations``: scispaCy's ``AbbreviationDetector`` in linear time.

scispaCy finds acronym definitions (``interval bound propagation (IBP)``) with
the Schwartz & Hearst algorithm. Its candidate search is a ``Matcher`` pattern
``( any+ )`` that pairs every opening parenthesis with *every* later closing
one, so a long text with many parentheses costs quadratic time (25 s for
20,000 characters of ``(ABC) ``), after which it keeps only pairs at most eight
tokens apart. This subclass generates exactly those pairs directly from the
token array and hands them to scispaCy's own filtering and matching, so results
are the same and the cost is linear. It also starts each doc with a fresh
matcher of found acronyms, so that no doc's result depends on the docs before it.

    >>> import spacy, extractors
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("papergraph_abbreviations")
    >>> doc = nlp("We use interval bound propagation (IBP). IBP is fast.")
    >>> [(a["short_text"], a["long_text"]) for a in doc._.abbreviations]
    [('IBP', 'interval bound propagation'), ('IBP', 'interval bound propagation')]
"""

from __future__ import annotations

import warnings

import numpy
from scispacy.abbreviation import AbbreviationDetector, filter_matches
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

__all__ = ["LinearAbbreviationDetector", "parenthesis_candidates"]

MAX_INSIDE = 8  # scispaCy's filter_matches drops longer parentheses


def parenthesis_candidates(doc: Doc) -> list[tuple[int, int, int]]:
    """``(match_id, start, end)`` for the tokens inside each ``( ... )`` pair at most
    :data:`MAX_INSIDE` tokens long: the candidates scispaCy's matcher keeps."""
    if not len(doc):
        return []
    orth = doc.to_array(ORTH)
    opening = numpy.flatnonzero(orth == doc.vocab.strings["("]).tolist()
    closing = numpy.flatnonzero(orth == doc.vocab.strings[")"]).tolist()
    if not opening or not closing:
        return []
    candidates = []
    position = 0
    for open_at in opening:
        while position < len(closing) and closing[position] <= open_at + 1:
            position += 1
        for close_at in closing[position:]:
            if close_at - open_at - 1 > MAX_INSIDE:
                break
            candidates.append((0, open_at + 1, close_at))
    return candidates


class LinearAbbreviationDetector(AbbreviationDetector):
    """scispaCy's detector with :func:`parenthesis_candidates` as its candidate search."""

    def __call__(self, doc: Doc) -> Doc:
        # A fresh matcher of found acronyms per doc: scispaCy adds and removes patterns on
        # one long-lived matcher, and what one doc leaves behind changed the next doc's
        # results (found by comparing runs in different orders).
        self.global_matcher = Matcher(doc.vocab)
        filtered = filter_matches(parenthesis_candidates(doc), doc)
        with warnings.catch_warnings():  # W036: its matcher of found acronyms may be empty
            warnings.filterwarnings("ignore", message=r"\[W036\]")
            found = self.find_matches_for(filtered, doc) if filtered else []
        for long_form, short_forms in found:
            for short in short_forms:
                short._.long_form = long_form
                doc._.abbreviations.append(short)
        if self.make_serializable:
            doc._.abbreviations = [
                self.make_short_form_serializable(abbreviation)
                for abbreviation in doc._.abbreviations
            ]
        return doc


@Language.factory("papergraph_abbreviations", default_config={"make_serializable": True})
def make_abbreviation_detector(nlp: Language, name: str,
                               make_serializable: bool) -> LinearAbbreviationDetector:  # fmt: skip
    """Acronym definitions (scispaCy's algorithm, linear-time candidates)."""
    return LinearAbbreviationDetector(nlp, name, make_serializable)
