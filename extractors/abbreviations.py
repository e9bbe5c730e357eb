"""``papergraph_abbreviations``: scispaCy's ``AbbreviationDetector`` in linear time.

scispaCy finds acronym definitions (``interval bound propagation (IBP)``) with
the Schwartz & Hearst algorithm. Its candidate search is a ``Matcher`` pattern
``( any+ )`` that pairs every opening parenthesis with *every* later closing
one, so a long text with many parentheses costs quadratic time (25 s for
20,000 characters of ``(ABC) ``), after which it keeps only pairs at most eight
tokens apart. This subclass generates exactly those pairs directly from the
token array and hands them to scispaCy's own filtering and matching, so results
are the same and the cost is linear. Where scispaCy then runs a ``Matcher`` of
the acronyms found over the whole doc (building a Python object per token), this
subclass compares token ids in an array (:func:`token_sequence_starts`); and no
doc's result depends on the docs before it.

    >>> import spacy, extractors
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("papergraph_abbreviations")
    >>> doc = nlp("We use interval bound propagation (IBP). IBP is fast.")
    >>> [(a["short_text"], a["long_text"]) for a in doc._.abbreviations]
    [('IBP', 'interval bound propagation'), ('IBP', 'interval bound propagation')]
"""

from __future__ import annotations

from collections import defaultdict

import numpy
from scispacy.abbreviation import AbbreviationDetector, filter_matches, find_abbreviation
from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.spans import extension, set_extension, text_of, token_ids

__all__ = ["LinearAbbreviationDetector", "parenthesis_candidates", "token_sequence_starts"]

MAX_INSIDE = 8  # scispaCy's filter_matches drops longer parentheses


def parenthesis_candidates(doc: Doc) -> list[tuple[int, int, int]]:
    """``(match_id, start, end)`` for the tokens inside each ``( ... )`` pair at most
    :data:`MAX_INSIDE` tokens long: the candidates scispaCy's matcher keeps."""
    if not len(doc):
        return []
    orth = token_ids(doc)
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


def token_sequence_starts(orth: numpy.ndarray, sequence: list[int]) -> list[int]:
    """Where the token ids ``sequence`` occur in the doc's token ids ``orth`` (overlaps too):
    what a ``Matcher`` pattern of ``{"ORTH": ...}`` tokens finds.

    >>> token_sequence_starts(numpy.array([5, 7, 5, 7, 7]), [5, 7])
    [0, 2]
    """
    width = len(sequence)
    if not width or width > len(orth):
        return []
    starts = numpy.flatnonzero(orth[: len(orth) - width + 1] == sequence[0])
    for offset in range(1, width):
        starts = starts[orth[starts + offset] == sequence[offset]]
    return starts.tolist()


class LinearAbbreviationDetector(AbbreviationDetector):
    """scispaCy's detector with :func:`parenthesis_candidates` as its candidate search and
    :func:`token_sequence_starts` in place of its matcher of found acronyms."""

    def __call__(self, doc: Doc) -> Doc:
        filtered = filter_matches(parenthesis_candidates(doc), doc)
        abbreviations = doc._.abbreviations
        for long_form, short_forms in self.find_matches_for(filtered, doc):
            # scispaCy keeps these in a set, whose order changes from run to run
            for short in sorted(short_forms, key=lambda span: (span.start, span.end)):
                set_extension(doc, short, "long_form", long_form)  # short._.long_form = ...
                abbreviations.append(short)
        if self.make_serializable:
            doc._.abbreviations = [
                self.make_short_form_serializable(abbreviation)
                for abbreviation in doc._.abbreviations
            ]
        return doc

    def find_matches_for(
        self, filtered: list[tuple[Span, Span]], doc: Doc
    ) -> list[tuple[Span, set[Span]]]:
        """scispaCy's ``find_matches_for``, with every occurrence of each acronym found by
        :func:`token_sequence_starts` instead of a ``Matcher`` kept on the detector."""
        orth = token_ids(doc)  # read once per doc (extractors.spans.token_ids)
        rules: dict[str, Span] = {}
        all_occurrences: dict[Span, set[Span]] = defaultdict(set)
        already_seen_long: set[str] = set()
        already_seen_short: set[str] = set()
        sequences: list[tuple[str, list[int]]] = []
        text = text_of(doc)  # span.text builds every token
        for long_candidate, short_candidate in filtered:
            short, long = find_abbreviation(long_candidate, short_candidate)
            short_text = text[short.start_char : short.end_char]
            long_text = text[long.start_char : long.end_char] if long else ""
            # as scispaCy: long and short forms must be new (an empty long form is not)
            new_long = long_text not in already_seen_long if long else False
            new_short = short_text not in already_seen_short
            if long is not None and new_long and new_short:
                already_seen_long.add(long_text)
                already_seen_short.add(short_text)
                all_occurrences[long].add(short)
                rules[long_text] = long
                sequences.append((long_text, [token.orth for token in short]))
        for key, sequence in sequences:
            for start in token_sequence_starts(orth, sequence):
                all_occurrences[rules[key]].add(doc[start : start + len(sequence)])
        return list(all_occurrences.items())

    def make_short_form_serializable(self, abbreviation: Span) -> dict[str, str | int]:
        """scispaCy's, with the texts sliced from :func:`extractors.spans.text_of`."""
        doc = abbreviation.doc
        text = text_of(doc)
        long_form = extension(doc, abbreviation, "long_form")
        long_text = text[long_form.start_char : long_form.end_char]
        set_extension(doc, abbreviation, "long_form", long_text)
        return {
            "short_text": text[abbreviation.start_char : abbreviation.end_char],
            "short_start": abbreviation.start,
            "short_end": abbreviation.end,
            "long_text": long_text,
            "long_start": long_form.start,
            "long_end": long_form.end,
        }


@Language.factory("papergraph_abbreviations", default_config={"make_serializable": True})
def make_abbreviation_detector(nlp: Language, name: str,
                               make_serializable: bool) -> LinearAbbreviationDetector:  # fmt: skip
    """Acronym definitions (scispaCy's algorithm, linear-time candidates)."""
    return LinearAbbreviationDetector(nlp, name, make_serializable)
