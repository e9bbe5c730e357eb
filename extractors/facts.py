"""Facts about one document, computed once and shared by every rule that asks.

Each rule component reads the same things of a doc: its text, its token ids, its
sentences' character bounds, the acronyms it defines. spaCy rebuilds ``doc.text`` and
``doc.sents`` on every access, at a cost above a whole rule's, so each fact here is
computed on first use and kept in ``doc.user_data`` until the pipeline ends
(:func:`extractors.spans.drop_caches`).

    >>> import spacy
    >>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
    >>> doc = nlp("Ink dries. Quills scratch.")
    >>> text_of(doc), sentence_bounds(doc), sentence_of(sentence_bounds(doc), 12)
    ('Ink dries. Quills scratch.', [(0, 11), (11, 26)], (11, 26))
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, ORTH, SENT_START
from spacy.tokens import Doc, Span

from extractors.wordlists import load_word_lists

__all__ = [
    "FACT_KEYS",
    "GENERIC_TEXTS_KEY",
    "abbreviation_pairs",
    "remember_sentence_starts",
    "sentence_bounds",
    "sentence_of",
    "text_of",
    "token_ids",
]

# Where each fact is kept in ``doc.user_data`` while the rules run (dropped by
# extractors.spans.drop_caches: they are no plain data for Doc.to_bytes). The text stays.
_BOUNDS_KEY = "papergraph.sentence_bounds"
_PAIRS_KEY = "papergraph.abbreviation_pairs"
GENERIC_TEXTS_KEY = "papergraph.generic_texts"
_TEXT_KEY = "papergraph.text"
_ORTH_KEY = "papergraph.orth"
FACT_KEYS = (_BOUNDS_KEY, _PAIRS_KEY, GENERIC_TEXTS_KEY, _ORTH_KEY)  # all but the text


# lower-case words a long form cannot open with: "we propose a ... method (QIM)" (a list of
# acronyms.toml; facts serve every component, so they read the shipped lists)
_NOT_LONG_FORM_START = load_word_lists().set("not_long_form_start")


def _trimmed(span: Span) -> Span:
    """``span`` without quote marks at its edges (``"dip-then-write" (DTW)``)
    and without the proposal words it may open with (``propose a ...``)."""
    start, end = span.start, span.end
    doc = span.doc
    text = text_of(doc)
    first = text[span.start_char : span.start_char + 10].split(" ", 1)[0]
    if first.isalpha() and first not in _NOT_LONG_FORM_START and text[span.end_char - 1].isalnum():
        return span  # the common case, with no Token built
    while start < end - 1 and (doc[start].is_quote or doc[start].text in _NOT_LONG_FORM_START):
        start += 1
    while end > start and doc[end - 1].is_quote:
        end -= 1
    return span if (start, end) == (span.start, span.end) or start == end else doc[start:end]


def _by_initials(short: Span, long_form: Span) -> Span:
    """The words right before ``(ACR)`` whose initials spell it, when they reach further
    back than ``long_form``: Schwartz & Hearst may take an acronym's letters from inside
    a word (``circular curriculum learning (CCL)`` -> ``curriculum learning``)."""
    doc = short.doc
    short_text = text_of(doc)[short.start_char : short.end_char]
    letters = [c.casefold() for c in short_text if c.isalpha()]
    opening = short.start - 1
    if len(letters) < 2 or long_form.end - long_form.start >= len(letters) or opening < 1:
        return long_form  # long enough to have a word per letter already
    if not short_text[:1].isupper():
        return long_form
    strings, orth = doc.vocab.strings, token_ids(doc)
    before = range(max(0, opening - 2 * len(letters)), opening)
    texts = {i: strings[int(orth[i])] for i in before}  # no Token objects
    words = [i for i in before if texts[i].isalpha()]
    first = words[-len(letters)] if len(words) >= len(letters) else None
    if first is None or first >= long_form.start:
        return long_form
    if any(texts[i] == "," for i in range(first, opening)):
        return long_form
    initials = [texts[i][0].casefold() for i in words[-len(letters) :]]
    return doc[first:opening] if initials == letters else long_form


def abbreviation_pairs(doc: Doc) -> list[tuple[Span, Span]]:
    """``(short, long_form)`` spans found by scispaCy's ``AbbreviationDetector``, if it ran,
    in text order.

    Reads both of its output forms: spans with ``span._.long_form``, and the
    dicts of token offsets that ``make_serializable=True`` leaves.
    """
    if not doc.has_extension("abbreviations"):
        return []
    found = doc._.abbreviations
    cached = doc.user_data.get(_PAIRS_KEY)
    if cached is not None and cached[0] == len(found):  # made once per doc: three rules ask
        return cached[1]
    pairs = []
    for item in found:
        if isinstance(item, dict):
            short = doc[item["short_start"] : item["short_end"]]
            long_form = doc[item["long_start"] : item["long_end"]]
        else:
            short, long_form = item, item._.long_form
            if not isinstance(long_form, Span):
                continue
        pairs.append((short, long_form))
    # each long form is mended once, at its definition: "long form (ACR)"
    mended = {
        (long_form.start, long_form.end): _by_initials(short, _trimmed(long_form))
        for short, long_form in pairs
        if 0 <= short.start - long_form.end <= 2
    }
    pairs = [
        (short, mended.get((long_form.start, long_form.end), long_form))
        for short, long_form in pairs
    ]
    # scispaCy collects occurrences in a set: its order changes from run to run
    pairs.sort(key=lambda pair: (pair[0].start, pair[1].start))
    doc.user_data[_PAIRS_KEY] = (len(found), pairs)
    return pairs


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once: spaCy rebuilds it from every token on each access,
    which costs more than a whole rule component. :func:`extractors.pipeline.make_doc`
    stores it up front."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def token_ids(doc: Doc) -> numpy.ndarray:
    """The doc's ``ORTH`` array, read once (three components look at token ids).

    >>> import spacy
    >>> doc = spacy.blank("en")("a b a")
    >>> token_ids(doc).tolist() == [doc.vocab.strings[w] for w in "aba"]
    True
    """
    cached = doc.user_data.get(_ORTH_KEY)
    if cached is not None and len(cached) == len(doc):
        return cached
    orth = doc.to_array(ORTH) if len(doc) else numpy.zeros(0, dtype="uint64")
    doc.user_data[_ORTH_KEY] = orth
    return orth


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Character ``(start, end)`` of each sentence, read from the token arrays in one go
    (iterating ``doc.sents`` builds a Python object per token, and costs more than
    all the rules together). The whole text is one sentence if none were set."""
    length = len(text_of(doc))
    cached = doc.user_data.get(_BOUNDS_KEY)
    if cached is not None and cached[0] == length:
        return cached[1]
    array = doc.to_array([SENT_START, IDX])
    starts = array[array[:, 0] == 1, 1].tolist() if len(array) else []
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = list(zip(starts, [*starts[1:], length], strict=True))
    doc.user_data[_BOUNDS_KEY] = (length, bounds)
    return bounds


def remember_sentence_starts(doc: Doc, tokens: list[int]) -> None:
    """Keep the bounds :func:`sentence_bounds` would read, given every token that starts a
    sentence (a component that has just set them knows them, without the token arrays)."""
    length = len(text_of(doc))
    starts = [doc[i].idx for i in sorted(set(tokens))]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    doc.user_data[_BOUNDS_KEY] = (length, list(zip(starts, [*starts[1:], length], strict=True)))


def sentence_of(bounds: list[tuple[int, int]], char: int) -> tuple[int, int]:
    """The ``(start, end)`` in ``bounds`` that holds character offset ``char`` (binary search)."""
    low, high = 0, len(bounds)
    while low < high:
        middle = (low + high) // 2
        if bounds[middle][0] <= char:
            low = middle + 1
        else:
            high = middle
    return bounds[max(0, low - 1)]
