"""Sentence boundaries as spaCy's ``sentencizer`` sets them, without its walk over every token.

spaCy's ``Sentencizer`` walks the doc token by token in Python (a ``Token`` object
each), which cost more than some whole rule components. :func:`split_sentences`
sets exactly the same ``SENT_START`` values, looking only at the tokens after
sentence-final punctuation. The ``papergraph_sections`` component uses it when its
``split_sentences`` is on, as in the default pipeline, which needs no sentencizer then.

    >>> import spacy
    >>> doc = spacy.blank("en")("It works. Really?! Yes... (see [1]). Done")
    >>> _ = split_sentences(doc)
    >>> [s.text for s in doc.sents]
    ['It works.', 'Really?!', 'Yes... (see [1]).', 'Done']
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.pipeline import Sentencizer
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from extractors.facts import sentence_bounds, sentence_of, text_of, token_ids
from extractors.spans import extension

__all__ = ["sentence_starts", "spans_within_sentences", "split_sentences"]

# The sentencizer's final marks that are ASCII (tests/extractors/test_speedups.py checks it).
_ASCII_FINAL = [get_string_id(char) for char in ".!?"]
_MINUS_ONE = numpy.uint64(2**64 - 1)  # SENT_START -1 as a uint64 array holds it
_PUNCT_CHARS = numpy.array(
    sorted({get_string_id(char) for char in Sentencizer.default_punct_chars}), dtype="uint64"
)


def sentence_starts(doc: Doc) -> list[int]:
    """The tokens spaCy's ``Sentencizer`` (default punctuation) starts a sentence with.

    It starts one at the first token, and at each token that is neither punctuation nor
    sentence-final punctuation (``.``, ``!``, ``?``, ...) when such a final mark came after
    the previous such token: that is, at the first token after each final mark that is
    not punctuation. Final marks are few, so only the tokens after them are looked at.

    >>> import spacy
    >>> doc = spacy.blank("en")("It works. Yes (see). Done")
    >>> [doc[i].text for i in sentence_starts(doc)]
    ['It', 'Yes', 'Done']
    """
    length = len(doc)
    if not length:
        return []
    orth = token_ids(doc)
    if text_of(doc).isascii():  # its only final marks: . ! ?
        dot, bang, question = _ASCII_FINAL
        final = (orth == dot) | (orth == bang) | (orth == question)
    else:  # orth in _PUNCT_CHARS (sorted): faster than numpy.isin on arrays this small
        final = _PUNCT_CHARS[numpy.searchsorted(_PUNCT_CHARS, orth) % len(_PUNCT_CHARS)] == orth
    starts = [0]
    following = 0  # the tokens before this one were looked at
    for mark in numpy.flatnonzero(final).tolist():
        if mark < following:
            continue
        following = mark + 1
        while following < length and (final[following] or doc[following].is_punct):
            following += 1
        if following < length:
            starts.append(following)
    return starts


def split_sentences(doc: Doc) -> list[int] | None:
    """Set ``SENT_START`` as spaCy's ``sentencizer`` does: 1 at each start, -1 elsewhere,
    keeping boundaries that were already set (its ``overwrite=False``). Returns the
    tokens that start a sentence now, unless some boundaries were set before."""
    if not len(doc):
        return []
    starts = sentence_starts(doc)
    values = numpy.full(len(doc), _MINUS_ONE, dtype="uint64")
    values[starts] = 1
    current = doc.to_array(SENT_START)
    # boundaries set before stay; a new doc has only its first token marked, as a start
    kept = bool(current[1:].any()) or int(current[0]) not in (0, 1)
    if kept:
        values = numpy.where(current != 0, current, values)
    doc.from_array([SENT_START], values.reshape(-1, 1))
    return None if kept else starts


def spans_within_sentences(doc: Doc, spans: list[Span]) -> list[Span]:
    """The spans that lie inside one sentence and one field: a mention never crosses a
    sentence boundary, nor runs from the title into the abstract. (A URL repaired across
    a space may hold what looks like a full stop, ``github. com``, but stays in its field.)

    Each rule keeps to its sentence; this holds the promise for any rule, including ones
    added to the pipeline later.
    """
    title_end = doc._.pg_title_end or 0
    bounds = sentence_bounds(doc)
    kept = []
    for span in spans:
        start, end = span.start_char, span.end_char
        if start < title_end < end:
            continue
        if end > sentence_of(bounds, start)[1] and not _repaired_url(doc, span):
            continue
        kept.append(span)
    return kept


def _repaired_url(doc: Doc, span: Span) -> bool:
    """Is ``span`` a URL repaired across a space (its text is not the doc's)?"""
    text = extension(doc, span, "pg_text")
    return (
        extension(doc, span, "pg_rule") == "url"
        and bool(text)
        and (text not in text_of(doc)[span.start_char : span.end_char])
    )
