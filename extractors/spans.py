"""Where the extractors keep their results: one span group and a few span extensions.

Every component adds spans to ``doc.spans["papergraph"]`` with its kind's label
(``METHOD``, ``BENCHMARK``, ...: :data:`extractors.schema.SPAN_LABELS`) and sets:

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

from spacy.tokens import Doc, Span, SpanGroup
from spacy.vocab import Vocab

from extractors.facts import FACT_KEYS, text_of
from extractors.schema import KIND_OF_SPAN_LABEL, SPAN_LABELS

__all__ = [
    "KNOWN_RULES",
    "LABELS",
    "RULE_PRIORITY",
    "SPAN_KEY",
    "add_span",
    "drop_caches",
    "extension",
    "listed_spans",
    "register_extensions",
    "set_extension",
    "span_text",
    "spans_of",
]

SPAN_KEY = "papergraph"
LABELS = SPAN_LABELS  # kind -> span label (see extractors.schema)
KIND_OF_LABEL = KIND_OF_SPAN_LABEL

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


# The span group as a list and its offset index, kept while the rules run and dropped by
# drop_caches (they are no plain data for Doc.to_bytes), with the facts of extractors.facts.
_INDEX_KEY = "papergraph.span_index"
_LIST_KEY = "papergraph.span_list"


def drop_caches(doc: Doc) -> None:
    """Forget the values the rules shared while they ran (the span list and index, and
    the facts of :mod:`extractors.facts`)."""
    for key in (_INDEX_KEY, _LIST_KEY, *FACT_KEYS):
        doc.user_data.pop(key, None)
