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

Three departures from scispaCy, all because spaCy splits hyphenated words into
tokens. Its filter (:func:`definition_candidates`) counts words where scispaCy
counts tokens: the long form may reach back as many *words* as scispaCy allows
tokens (``Plan-and-Solve (PS)`` is five tokens, over its window of four), but not
past a parenthesis or a full stop; and a hyphenated acronym is one short form
(``iQu-INK``, whose ``-`` token scispaCy rejects as too short). The letters are
matched in the text itself (:func:`schwartz_hearst`): scispaCy matches them in
the tokens joined by spaces and maps the offset back as if every token were
followed by one, so after a hyphen its long forms began a token or two late
(``-Forward (CaFo)``).

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
from scispacy.abbreviation import (
    AbbreviationDetector,
    span_contains_unbalanced_parentheses,
)
from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.facts import text_of, token_ids
from extractors.spans import extension, set_extension

__all__ = [
    "LinearAbbreviationDetector",
    "definition_candidates",
    "parenthesis_candidates",
    "token_sequence_starts",
]

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


_WINDOW_STOPS = frozenset(["(", ")", ".", ";", "!", "?", "[", "]"])


def _window_start(doc: Doc, end: int, words: int) -> int:
    """The first token of the (at most) ``words`` words that end at token ``end``
    (exclusive), not reaching back past a parenthesis, a full stop or the start of the
    sentence (where the abstract begins, the title ends: "Direct Preference Optimization"
    is no part of a long form in the abstract's "optimization (DPO)")."""
    start, counted = end, 0
    while (
        start > 0
        and counted < words
        and doc[start - 1].text not in _WINDOW_STOPS
        and not doc[start].is_sent_start
    ):
        start -= 1
        if start == 0 or doc[start - 1].whitespace_:
            counted += 1
    return start


def _short_form_like(text: str) -> bool:
    """scispaCy's ``short_form_filter`` over words: each 2-9 characters long, at least
    half the characters letters, the first a letter."""
    return (
        all(2 <= len(word) < 10 for word in text.split())
        and bool(text)
        and sum(c.isalpha() for c in text) >= len(text) / 2
        and text[0].isalpha()
    )


def definition_candidates(matches: list[tuple[int, int, int]], doc: Doc) -> list[tuple[Span, Span]]:
    """``(long form candidate, short form candidate)`` for each parenthesis of
    :func:`parenthesis_candidates`: scispaCy's ``filter_matches`` counting words, not
    tokens (see the module docstring).

    >>> import spacy
    >>> doc = spacy.blank("en")("we propose Plan-and-Solve (PS) prompting")
    >>> [(long.text, short.text) for long, short in definition_candidates([(0, 8, 9)], doc)]
    [('we propose Plan-and-Solve', 'PS')]
    """
    candidates = []
    for _, start, end in matches:
        if end - start > MAX_INSIDE or start == 1:
            continue
        inside = doc[start:end]
        words = inside.text.split()  # "iQu-INK" is one word of three tokens
        if end - start > 3 and len(words) > 1:  # Short Form (long form inside)
            short, long = doc[start - 2 : start - 1], inside
            if span_contains_unbalanced_parentheses(long):
                continue
        else:
            short = inside
            length = sum(len(word) for word in words)
            long = doc[_window_start(doc, start - 1, min(length + 5, length * 2)) : start - 1]
        if _short_form_like(short.text):
            candidates.append((long, short))
    return candidates


def schwartz_hearst(long_text: str, short_text: str) -> int | None:
    """Where in ``long_text`` the long form of ``short_text`` begins (Schwartz & Hearst,
    2003): the letters and digits of the short form, right to left, each found further
    left in the long text, the first at the start of a word; None when they are not.

    >>> text = "we use Cascaded-Forward"
    >>> text[schwartz_hearst(text, "CaFo"):]
    'Cascaded-Forward'
    >>> schwartz_hearst("a method", "XY") is None
    True
    """
    wanted = [c.lower() for c in short_text if c.isalnum()]
    at = len(long_text) - 1
    for left, char in enumerate(reversed(wanted), start=1):
        first = left == len(wanted)
        while at >= 0 and (
            long_text[at].lower() != char or (first and at > 0 and long_text[at - 1].isalnum())
        ):
            at -= 1
        if at < 0:
            return None
        at -= 1
    return at + 1 if wanted else None


def _long_form(candidate: Span, short: Span, text: str) -> Span | None:
    """The long form of ``short`` in ``candidate`` by :func:`schwartz_hearst`, or None."""
    start = schwartz_hearst(
        text[candidate.start_char : candidate.end_char], text[short.start_char : short.end_char]
    )
    if start is None:
        return None
    at = candidate.start_char + start
    first = next(token.i for token in candidate if token.idx + len(token) > at)
    return candidate.doc[first : candidate.end]


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
    """scispaCy's detector with :func:`parenthesis_candidates` and
    :func:`definition_candidates` as its candidate search and
    :func:`token_sequence_starts` in place of its matcher of found acronyms."""

    def __call__(self, doc: Doc) -> Doc:
        filtered = definition_candidates(parenthesis_candidates(doc), doc)
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
        orth = token_ids(doc)  # read once per doc (extractors.facts.token_ids)
        rules: dict[str, Span] = {}
        all_occurrences: dict[Span, set[Span]] = defaultdict(set)
        already_seen_long: set[str] = set()
        already_seen_short: set[str] = set()
        sequences: list[tuple[str, list[int]]] = []
        text = text_of(doc)  # span.text builds every token
        for long_candidate, short_candidate in filtered:
            short, long = short_candidate, _long_form(long_candidate, short_candidate, text)
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
        """scispaCy's, with the texts sliced from :func:`extractors.facts.text_of`."""
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
def make_abbreviation_detector(
    nlp: Language, name: str, make_serializable: bool
) -> LinearAbbreviationDetector:
    """Acronym definitions (scispaCy's algorithm, linear-time candidates)."""
    return LinearAbbreviationDetector(nlp, name, make_serializable)
