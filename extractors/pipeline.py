"""The default extraction pipeline, and extraction over many papers.

:func:`build_pipeline` builds ``spacy.blank("en")`` with the components listed
in ``extractors/default.cfg``; its settings come from that config (or another
file, or ``overrides``), never from code edits. :func:`extract` runs it over
papers and yields one record per paper in the ``papergraph extract`` file
contract::

    {"id", "title", "mentions": [{"kind", "text", "key", "role", "field",
                                  "start", "end", "rule", "subtype"}]}

``start``/``end`` are character offsets into the mention's ``field`` (the
title or the abstract); ``text`` is that slice, except for a URL repaired
across a space, whose ``text`` is the repaired URL.

    >>> nlp = build_pipeline()
    >>> [record] = extract([{"id": "p1", "title": "GrowCLIP: Growing CLIP",
    ...                      "abstract": "We test on ImageNet."}], nlp=nlp)
    >>> [(m["kind"], m["text"], m["role"], m["field"]) for m in record["mentions"]]
    [('method', 'GrowCLIP', 'proposed', 'title'), ('method', 'CLIP', 'used', 'title'), \
('benchmark', 'ImageNet', 'used', 'abstract')]
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import scispacy.abbreviation  # noqa: F401  (registers "abbreviation_detector")
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractors.spans import KIND_OF_LABEL, SPAN_KEY, text_of

__all__ = ["DEFAULT_CONFIG", "build_pipeline", "doc_mentions", "extract", "make_doc"]

DEFAULT_CONFIG = Path(__file__).with_name("default.cfg")
LONG_RUN = 1000
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")
SEPARATOR = "\n\n"


@Language.component("papergraph_sections")
def mark_sections(doc: Doc) -> Doc:
    """Start a sentence where the abstract begins, so the title is a sentence of its own."""
    title_end = doc._.pg_title_end
    if title_end:
        token = doc.char_span(title_end, len(text_of(doc)), alignment_mode="expand")
        if token is not None and len(token):
            for later in token:
                if not later.is_space:
                    later.is_sent_start = True
                    break
    return doc


def build_pipeline(config: str | Path | None = None,
                   overrides: Mapping[str, Any] | None = None) -> Language:  # fmt: skip
    """The extraction pipeline from a spaCy config file (default: ``default.cfg``)."""
    loaded = spacy.util.load_config(config or DEFAULT_CONFIG, overrides=dict(overrides or {}))
    return spacy.util.load_model_from_config(loaded, auto_fill=True, validate=True)


def tokenize(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, except that runs of more than 1,000 characters without
    white space are cut into 1,000-character tokens: spaCy's tokenizer is quadratic
    on one huge token (20 s for 200,000 characters of glued URLs). The doc's text is
    unchanged, so every offset still points into ``text``."""
    if _LONG_RUN.search(text) is None:
        return nlp.make_doc(text)
    pieces, position = [], 0
    for run in _LONG_RUN.finditer(text):
        if run.start() > position:
            pieces.append(nlp.make_doc(text[position : run.start()]))
        chunks = [run.group(0)[i : i + LONG_RUN] for i in range(0, len(run.group(0)), LONG_RUN)]
        pieces.append(Doc(nlp.vocab, words=chunks, spaces=[False] * len(chunks)))
        position = run.end()
    if position < len(text):
        pieces.append(nlp.make_doc(text[position:]))
    return Doc.from_docs(pieces, ensure_whitespace=False)


def make_doc(nlp: Language, title: str, abstract: str) -> Doc:
    """A tokenized doc of ``title + "\\n\\n" + abstract`` that knows where the title ends."""
    title, abstract = title or "", abstract or ""
    text = f"{title}{SEPARATOR}{abstract}" if title and abstract else title or abstract
    doc = tokenize(nlp, text)
    doc._.pg_title_end = len(title) if title else 0
    doc.user_data["papergraph.text"] = text  # see extractors.spans.text_of
    return doc


def doc_mentions(doc: Doc) -> list[dict[str, Any]]:
    """The mentions of a processed doc, as plain dicts with offsets into their field."""
    title_end = doc._.pg_title_end or 0
    abstract_start = (
        title_end + len(SEPARATOR) if title_end and title_end < len(text_of(doc)) else 0
    )
    mentions = []
    for span in doc.spans.get(SPAN_KEY, []):
        in_title = span.start_char < title_end
        base = 0 if in_title else abstract_start
        text = span._.pg_text or span.text
        # a word matched inside a longer token ("Codestral-22B" of "Codestral-22B.")
        inside = span.text.find(text)
        start = span.start_char + inside if inside >= 0 else span.start_char
        end = start + len(text) if inside >= 0 else span.end_char
        mentions.append({
            "kind": KIND_OF_LABEL[span.label_],
            "text": text,
            "key": span._.pg_key,
            "role": span._.pg_role or "used",
            "field": "title" if in_title else "abstract",
            "start": start - base,
            "end": end - base,
            "rule": span._.pg_rule,
            "subtype": span._.pg_subtype,
        })  # fmt: skip
    return mentions


def _field(paper: Any, name: str) -> str:
    value = paper.get(name) if isinstance(paper, Mapping) else getattr(paper, name, "")
    return "" if value is None else str(value)


def extract(
    papers: Iterable[Any],
    nlp: Language | None = None,
    n_process: int = 1,
    batch_size: int = 64,
) -> Iterator[dict[str, Any]]:
    """Yield ``{"id", "title", "mentions"}`` for each paper, in input order.

    ``papers`` are :class:`graph.paper.Paper` objects or mappings with ``id``,
    ``title`` and ``abstract``. ``n_process`` > 1 runs spaCy in that many processes.
    """
    nlp = nlp or build_pipeline()
    pending: deque[tuple[str, str]] = deque()

    def docs() -> Iterator[Doc]:
        for paper in papers:
            title, abstract = _field(paper, "title"), _field(paper, "abstract")
            pending.append((_field(paper, "id"), title))
            yield make_doc(nlp, title, abstract)

    for doc in nlp.pipe(docs(), n_process=n_process, batch_size=batch_size):
        paper_id, title = pending.popleft()
        yield {"id": paper_id, "title": title, "mentions": doc_mentions(doc)}
