"""Where the extractors keep their results: one span group and a few span extensions.

Every component adds spans to ``doc.spans["papergraph"]`` with a label
(``METHOD``, ``BENCHMARK``, ``METRIC``, ``REPO``, ``LINK``) and sets:

``span._.pg_found_key``
    the key the finder's rule gives (see :mod:`extractors.keys`), e.g. ``"method:llama2"``
``span._.pg_key``
    the final key, set by ``papergraph_resolver`` only (from the found key, or the long
    form's key of an acronym the paper defines, ...)
``span._.pg_role``
    ``"proposed"`` (the paper's own contribution) or ``"used"``
``span._.pg_rule``
    the name of the rule that found it, e.g. ``"gazetteer"``, ``"title-prefix"``
``span._.pg_subtype``
    a finer kind: a link's kind (``code``, ``model``, ...), a gazetteer entry's type
``span._.pg_text``
    the mention's text when it differs from the span's (a URL repaired across a space)

Values are plain strings, so docs keep them across ``nlp.pipe(n_process=...)``.
spaCy stores span extension values by character offsets, so the group never
holds two spans with the same offsets: :func:`add_span` keeps the one whose
rule has the higher :data:`RULE_PRIORITY`. Partly overlapping spans may
coexist until the ``papergraph_resolver`` component settles them.
``doc._.pg_title_end`` is the character offset where the title ends when the
text is ``title + "\\n\\n" + abstract`` (set by :func:`extractors.pipeline.make_doc`).
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, ORTH, SENT_START
from spacy.tokens import Doc, Span, SpanGroup
from spacy.vocab import Vocab

from extractors.wordlists import load_word_lists

__all__ = [
    "KNOWN_RULES",
    "LABELS",
    "RULE_PRIORITY",
    "SPAN_KEY",
    "abbreviation_pairs",
    "add_span",
    "drop_caches",
    "extension",
    "listed_spans",
    "register_extensions",
    "remember_sentence_starts",
    "sentence_bounds",
    "sentence_of",
    "set_extension",
    "span_text",
    "spans_of",
    "text_of",
]

SPAN_KEY = "papergraph"
LABELS = {"method": "METHOD", "benchmark": "BENCHMARK", "metric": "METRIC", "repo": "REPO",
          "link": "LINK", "topic": "TOPIC"}  # fmt: skip
KIND_OF_LABEL = {label: kind for kind, label in LABELS.items()}

# Which rule wins when two claim exactly the same text (higher wins; unknown rules: 0).
RULE_PRIORITY = {
    "url": 100,
    "title-prefix": 95,
    "proposal": 90,
    "called": 90,
    "gazetteer": 80,
    "model-version": 75,
    "abbreviation": 70,
    "benchmark-context": 60,
    "benchmark-shape": 55,
    "enumeration": 50,
    "metric-shape": 50,
    "name-shape": 30,
}

# Rules that found a name some gazetteer knows (as opposed to a guess from shape or context).
KNOWN_RULES = frozenset({"gazetteer", "model-version"})

_SPAN_EXTENSIONS = ("pg_key", "pg_found_key", "pg_role", "pg_rule", "pg_subtype", "pg_text")


def register_extensions() -> None:
    """Register papergraph's Doc and Span extensions once (never ``force=True``)."""
    for name in _SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Doc.has_extension("pg_title_end"):
        Doc.set_extension("pg_title_end", default=None)


register_extensions()


def _extensions_keyed_by_offsets() -> bool:
    """Does spaCy keep span extension values in ``doc.user_data`` under
    ``("._.", name, start_char, end_char)``? (spaCy 3.x does.)"""
    probe = Doc(Vocab(), words=["a", "b"])
    probe[1:2]._.pg_text = "probe"
    return probe.user_data.get(("._.", "pg_text", 2, 3)) == "probe"


# When spaCy keeps extension values by offsets, papergraph reads and writes them there:
# ``span._`` builds an object on every access, and the rules read thousands of values.
_BY_OFFSETS = _extensions_keyed_by_offsets()


def extension(doc: Doc, span: Span, name: str) -> str | None:
    """``span._.<name>`` for one of papergraph's extensions, without building ``span._``.

    >>> import spacy
    >>> doc = spacy.blank("en")("GrowCLIP wins")
    >>> doc[0:1]._.pg_rule = "name-shape"
    >>> extension(doc, doc[0:1], "pg_rule"), extension(doc, doc[0:1], "pg_key")
    ('name-shape', None)
    """
    if _BY_OFFSETS:
        return doc.user_data.get(("._.", name, span.start_char, span.end_char))
    return getattr(span._, name)  # pragma: no cover - a spaCy that stores them elsewhere


def set_extension(doc: Doc, span: Span, name: str, value: str | None) -> None:
    """``span._.<name> = value`` for a registered span extension (see :func:`extension`)."""
    if _BY_OFFSETS:
        doc.user_data[("._.", name, span.start_char, span.end_char)] = value
    else:  # pragma: no cover
        setattr(span._, name, value)


def span_text(doc: Doc, span: Span) -> str:
    """``span.text`` as a slice of :func:`text_of` (``span.text`` builds every token).

    >>> import spacy
    >>> doc = spacy.blank("en")("We use LoRA here")
    >>> span_text(doc, doc[2:4])
    'LoRA here'
    """
    return text_of(doc)[span.start_char : span.end_char]


def spans_of(doc: Doc) -> SpanGroup:
    """The ``papergraph`` span group of ``doc``, created empty if missing."""
    # doc.spans is a UserDict: its .data is the plain dict, read without two Python calls
    group = doc.spans.data.get(SPAN_KEY)
    if group is None:
        doc.spans[SPAN_KEY] = []
        group = doc.spans[SPAN_KEY]
    return group


def add_span(
    doc: Doc,
    span: Span | tuple[int, int],
    kind: str,
    key: str,
    rule: str,
    role: str = "used",
    subtype: str | None = None,
    text: str | None = None,
    replace: bool = False,
    final: bool = False,
) -> Span:
    """Add a labelled copy of ``span`` (a span of ``doc``, or its ``(start, end)`` token
    offsets) with its extension values to the group: ``key`` is the found key, also the
    final one if ``final`` (the resolver's spans, and topics after it).

    If the group already has a span with the same offsets, the one with the
    higher rule priority stays (a proposed role breaks ties), unless ``replace``;
    returns the span kept.
    """
    start, end = span if isinstance(span, tuple) else (span.start, span.end)
    group, listed = spans_of(doc), listed_spans(doc)
    index = doc.user_data.get(_INDEX_KEY)
    if index is None or index[0] != len(listed):  # (re)build: the group changed elsewhere
        index = (len(listed), {(s.start, s.end): i for i, s in enumerate(listed)})
    position = index[1].get((start, end))
    if position is not None:
        existing = listed[position]
        old = (
            RULE_PRIORITY.get(extension(doc, existing, "pg_rule"), 0),
            extension(doc, existing, "pg_role") == "proposed",
        )
        new = (RULE_PRIORITY.get(rule, 0), role == "proposed")
        if new <= old and not replace:
            return existing
        labelled = Span(doc, start, end, label=LABELS[kind])
        group[position] = listed[position] = labelled
        _annotate(doc, labelled, key, role, rule, subtype, text, final)
        doc.user_data[_INDEX_KEY] = index
        return labelled
    labelled = Span(doc, start, end, label=LABELS[kind])
    _annotate(doc, labelled, key, role, rule, subtype, text, final)
    group.append(labelled)
    listed.append(labelled)
    index[1][(start, end)] = len(listed) - 1
    doc.user_data[_INDEX_KEY] = (len(listed), index[1])
    return labelled


def listed_spans(doc: Doc) -> list[Span]:
    """The spans of the ``papergraph`` group as a list, made once while the rules run
    (each pass over a ``SpanGroup`` builds every ``Span`` again, with ``Token`` objects).
    :func:`add_span` keeps it in step with the group; read it, do not change it."""
    group = spans_of(doc)
    listed = doc.user_data.get(_LIST_KEY)
    if listed is None or len(listed) != len(group):  # new, or the group changed elsewhere
        listed = doc.user_data[_LIST_KEY] = list(group)
    return listed


def _annotate(
    doc: Doc,
    span: Span,
    key: str,
    role: str,
    rule: str,
    subtype: str | None,
    text: str | None,
    final: bool,
) -> None:
    if final:
        set_extension(doc, span, "pg_key", key)
    values = {
        "pg_found_key": key,
        "pg_role": role,
        "pg_rule": rule,
        "pg_subtype": subtype,
        "pg_text": text,
    }
    for name, value in values.items():
        set_extension(doc, span, name, value)


# lower-case words a long form cannot open with: "we propose a ... method (QIM)" (a list of
# acronyms.toml; spans.py helpers serve every component, so they read the shipped lists)
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


# Per-doc values the rules share while they run, dropped by drop_caches (they are no
# plain data for Doc.to_bytes): sentence bounds, the group as a list and its offset index,
# the abbreviation pairs, and the generic terms (see extractors.terms.generic_texts).
_BOUNDS_KEY = "papergraph.sentence_bounds"
_INDEX_KEY = "papergraph.span_index"
_LIST_KEY = "papergraph.span_list"
_PAIRS_KEY = "papergraph.abbreviation_pairs"
GENERIC_TEXTS_KEY = "papergraph.generic_texts"
_TEXT_KEY = "papergraph.text"
_ORTH_KEY = "papergraph.orth"


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


def drop_caches(doc: Doc) -> None:
    """Forget the values the rules shared while they ran (see ``_BOUNDS_KEY`` ...)."""
    for key in (_INDEX_KEY, _BOUNDS_KEY, _LIST_KEY, _PAIRS_KEY, GENERIC_TEXTS_KEY, _ORTH_KEY):
        doc.user_data.pop(key, None)
