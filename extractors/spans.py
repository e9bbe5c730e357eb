"""Where the extractors keep their results: one span group and a few span extensions.

Every component adds spans to ``doc.spans["papergraph"]`` with a label
(``METHOD``, ``BENCHMARK``, ``METRIC``, ``REPO``, ``LINK``) and sets:

``span._.pg_key``
    canonical key (see :mod:`extractors.keys`), e.g. ``"method:llama2"``
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

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Span, SpanGroup

__all__ = [
    "KNOWN_RULES",
    "LABELS",
    "RULE_PRIORITY",
    "SPAN_KEY",
    "abbreviation_pairs",
    "add_span",
    "drop_caches",
    "register_extensions",
    "sentence_bounds",
    "sentence_of",
    "spans_of",
    "text_of",
]

SPAN_KEY = "papergraph"
LABELS = {"method": "METHOD", "benchmark": "BENCHMARK", "metric": "METRIC", "repo": "REPO",
          "link": "LINK"}  # fmt: skip
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

_SPAN_EXTENSIONS = ("pg_key", "pg_role", "pg_rule", "pg_subtype", "pg_text")


def register_extensions() -> None:
    """Register papergraph's Doc and Span extensions once (never ``force=True``)."""
    for name in _SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Doc.has_extension("pg_title_end"):
        Doc.set_extension("pg_title_end", default=None)


register_extensions()


def spans_of(doc: Doc) -> SpanGroup:
    """The ``papergraph`` span group of ``doc``, created empty if missing."""
    if SPAN_KEY not in doc.spans:
        doc.spans[SPAN_KEY] = []
    return doc.spans[SPAN_KEY]


def add_span(
    doc: Doc,
    span: Span,
    kind: str,
    key: str,
    rule: str,
    role: str = "used",
    subtype: str | None = None,
    text: str | None = None,
    replace: bool = False,
) -> Span:
    """Add a labelled copy of ``span`` with its extension values to the group.

    If the group already has a span with the same offsets, the one with the
    higher rule priority stays (a proposed role breaks ties), unless ``replace``;
    returns the span kept.
    """
    group = spans_of(doc)
    index = doc.user_data.get(_INDEX_KEY)
    if index is None or index[0] != len(group):  # (re)build: the group changed elsewhere
        index = (len(group), {(s.start, s.end): i for i, s in enumerate(group)})
    position = index[1].get((span.start, span.end))
    if position is not None:
        existing = group[position]
        old = (RULE_PRIORITY.get(existing._.pg_rule, 0), existing._.pg_role == "proposed")
        new = (RULE_PRIORITY.get(rule, 0), role == "proposed")
        if new <= old and not replace:
            return existing
        group[position] = Span(doc, span.start, span.end, label=LABELS[kind])
        _annotate(group[position], key, role, rule, subtype, text)
        doc.user_data[_INDEX_KEY] = index
        return group[position]
    labelled = Span(doc, span.start, span.end, label=LABELS[kind])
    _annotate(labelled, key, role, rule, subtype, text)
    group.append(labelled)
    index[1][(span.start, span.end)] = len(group) - 1
    doc.user_data[_INDEX_KEY] = (len(group), index[1])
    return labelled


def _annotate(
    span: Span, key: str, role: str, rule: str, subtype: str | None, text: str | None
) -> None:
    span._.pg_key = key
    span._.pg_role = role
    span._.pg_rule = rule
    span._.pg_subtype = subtype
    span._.pg_text = text


def abbreviation_pairs(doc: Doc) -> list[tuple[Span, Span]]:
    """``(short, long_form)`` spans found by scispaCy's ``AbbreviationDetector``, if it ran,
    in text order.

    Reads both of its output forms: spans with ``span._.long_form``, and the
    dicts of token offsets that ``make_serializable=True`` leaves.
    """
    if not doc.has_extension("abbreviations"):
        return []
    pairs = []
    for item in doc._.abbreviations:
        if isinstance(item, dict):
            short = doc[item["short_start"] : item["short_end"]]
            long_form = doc[item["long_start"] : item["long_end"]]
        else:
            short, long_form = item, item._.long_form
            if not isinstance(long_form, Span):
                continue
        pairs.append((short, long_form))
    # scispaCy collects occurrences in a set: its order changes from run to run
    return sorted(pairs, key=lambda pair: (pair[0].start, pair[1].start))


_BOUNDS_KEY = "papergraph.sentence_bounds"
_INDEX_KEY = "papergraph.span_index"
_TEXT_KEY = "papergraph.text"


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once: spaCy rebuilds it from every token on each access,
    which costs more than a whole rule component. :func:`extractors.pipeline.make_doc`
    stores it up front."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


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
    """Forget the offset index and sentence bounds kept while the rules ran."""
    for key in (_INDEX_KEY, _BOUNDS_KEY):
        doc.user_data.pop(key, None)
