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

import multiprocessing
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

import scispacy.abbreviation  # noqa: F401  (registers "abbreviation_detector")
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from extractors.facts import remember_sentence_starts, text_of
from extractors.keys import render_accents
from extractors.repos import find_links
from extractors.sentences import split_sentences
from extractors.spans import KIND_OF_LABEL, SPAN_KEY, extension

__all__ = ["DEFAULT_CONFIG", "build_pipeline", "doc_mentions", "extract", "make_doc"]

DEFAULT_CONFIG = Path(__file__).with_name("default.cfg")
LONG_RUN = 1000
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")
SEPARATOR = "\n\n"
_SURROGATE = re.compile("[\ud800-\udfff]")


class SectionMarker:
    """The ``papergraph_sections`` component: the title is a sentence of its own.

    With ``split_sentences``, it first sets exactly the sentence boundaries spaCy's
    ``sentencizer`` would (:func:`extractors.sentences.split_sentences`, which looks only
    at the tokens after sentence-final marks, not at every token), and keeps them as
    character offsets for the rules; the default pipeline uses it instead of a
    ``sentencizer``.
    """

    def __init__(self, name: str, split_sentences: bool) -> None:
        self.name = name
        self.split_sentences = split_sentences

    def __call__(self, doc: Doc) -> Doc:
        starts = split_sentences(doc) if self.split_sentences else None
        title_end = doc._.pg_title_end
        if title_end:
            token = doc.char_span(title_end, len(text_of(doc)), alignment_mode="expand")
            if token is not None and len(token):
                for later in token:
                    if not later.is_space:
                        later.is_sent_start = True
                        if starts is not None:
                            starts = [*starts, later.i]
                        break
        if starts is not None:  # the rules read sentences as character offsets
            remember_sentence_starts(doc, starts)
        return doc


@Language.factory("papergraph_sections", default_config={"split_sentences": False})
def mark_sections(nlp: Language, name: str, split_sentences: bool) -> SectionMarker:
    """Start a sentence where the abstract begins, so the title is a sentence of its own;
    ``split_sentences`` also splits the rest as spaCy's ``sentencizer`` does."""
    return SectionMarker(name, split_sentences)


def build_pipeline(
    config: str | Path | None = None, overrides: Mapping[str, Any] | None = None
) -> Language:
    """The extraction pipeline from a spaCy config file (default: ``default.cfg``)."""
    loaded = spacy.util.load_config(config or DEFAULT_CONFIG, overrides=dict(overrides or {}))
    return spacy.util.load_model_from_config(loaded, auto_fill=True, validate=True)


def tokenize(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, for a text of any length, in linear time.

    Two changes, neither of which changes the doc's text, so every offset still points
    into ``text``:

    - runs of more than 1,000 characters without white space are cut into
      1,000-character tokens: spaCy's tokenizer is quadratic on one huge token (20 s
      for 200,000 characters of glued URLs);
    - a text longer than ``nlp.max_length`` (spaCy's default: 1,000,000 characters) is
      tokenized in pieces of at most that length, cut after a sentence's full stop and
      space where one is near, else at a single space (:func:`_cut`), and the pieces
      joined: spaCy's tokenizer splits at spaces first, so the tokens are the ones the
      whole text would give. ``make_doc`` refuses longer texts (error E088) to spare the
      memory of a parser or an entity recognizer; this pipeline has neither, and every
      component is linear in the tokens. The limit stays where spaCy puts it.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> nlp.max_length = 20
    >>> [t.text for t in tokenize(nlp, "It works. We use BERT (v2) on GLUE.")]
    ['It', 'works', '.', 'We', 'use', 'BERT', '(', 'v2', ')', 'on', 'GLUE', '.']
    """
    limit = max(nlp.max_length, 2)
    if len(text) <= limit and _LONG_RUN.search(text) is None:
        return nlp.make_doc(text)
    pieces, position = [], 0
    for run in _LONG_RUN.finditer(text):
        pieces.extend(_tokenized(nlp, text, position, run.start(), limit))
        chunks = [run.group(0)[i : i + LONG_RUN] for i in range(0, len(run.group(0)), LONG_RUN)]
        pieces.append(Doc(nlp.vocab, words=chunks, spaces=[False] * len(chunks)))
        position = run.end()
    pieces.extend(_tokenized(nlp, text, position, len(text), limit))
    doc = Doc.from_docs(pieces, ensure_whitespace=False)
    # each piece's first token came marked as a sentence start: unmark them, as in a doc
    # the tokenizer made whole (else every piece would begin a sentence)
    starts = doc.to_array([SENT_START])
    starts[1:] = 0
    doc.from_array([SENT_START], starts)
    return doc


def _tokenized(nlp: Language, text: str, start: int, end: int, limit: int) -> Iterator[Doc]:
    """``text[start:end]`` tokenized in pieces of at most ``limit`` characters."""
    while end - start > limit:
        cut = _cut(text, start, start + limit)
        yield nlp.make_doc(text[start:cut])
        start = cut
    if end > start:
        yield nlp.make_doc(text[start:end])


def _cut(text: str, start: int, stop: int) -> int:
    """Where to end a piece of ``text[start:stop]``: after the last ``". "`` in its last
    tenth, else after its last single space between two words (a cut spaCy's tokenizer
    makes anyway), else after its last white space, else at ``stop``.

    >>> text = "x " * 95 + "end. Next one"
    >>> _cut(text, 0, 200), _cut(text, 0, 100), _cut("aaaa bbbb", 0, 8), _cut("abcdef", 0, 4)
    (195, 100, 5, 4)
    """
    sentence_end = text.rfind(". ", stop - max(2, (stop - start) // 10), stop - 1)
    if sentence_end > start and not text[sentence_end + 2 : sentence_end + 3].isspace():
        return sentence_end + 2
    space = text.rfind(" ", start + 1, stop)
    while space > start:
        if not text[space - 1].isspace() and not text[space + 1 : space + 2].isspace():
            return space + 1
        space = text.rfind(" ", start + 1, space)
    for at in range(stop - 1, start, -1):
        if text[at - 1].isspace() and not text[at].isspace():
            return at
    return stop


def make_doc(nlp: Language, title: str, abstract: str) -> Doc:
    """A tokenized doc of ``title + "\\n\\n" + abstract`` that knows where the title ends."""
    title, abstract = title or "", abstract or ""
    text = f"{title}{SEPARATOR}{abstract}" if title and abstract else title or abstract
    # a lone surrogate ("\ud800" from a JSON string) cannot be encoded, so spaCy's string
    # store cannot hash it: the tokenizer reads U+FFFD in its place (one character for one,
    # so every offset holds) and the rules read the text as it is
    tokenized = text if text.isascii() else _SURROGATE.sub("\ufffd", text)
    doc = tokenize(nlp, tokenized)
    doc._.pg_title_end = len(title) if title else 0
    doc.user_data["papergraph.text"] = text  # see extractors.facts.text_of
    return doc


def doc_mentions(doc: Doc) -> list[dict[str, Any]]:
    """The mentions of a processed doc, as plain dicts with offsets into their field."""
    title_end = doc._.pg_title_end or 0
    abstract_start = (
        title_end + len(SEPARATOR) if title_end and title_end < len(text_of(doc)) else 0
    )
    mentions = []
    full_text = text_of(doc)
    for span in doc.spans.get(SPAN_KEY, []):
        span_start, span_end = span.start_char, span.end_char
        in_title = span_start < title_end
        base = 0 if in_title else abstract_start
        covered = full_text[span_start:span_end]
        kind = KIND_OF_LABEL[span.label_]
        text = extension(doc, span, "pg_text") or covered
        if kind not in ("repo", "link"):
            text = text.rstrip(".") or text  # "Qwen2-VL." ends a sentence, not the name
        # a word matched inside a longer token ("QuillLM-22B" of "QuillLM-22B.")
        inside = covered.find(text)
        start = span_start + inside if inside >= 0 else span_start
        end = start + len(text) if inside >= 0 else span_end
        if inside < 0 and kind in ("repo", "link"):
            # a repaired URL inside a longer token ("results11https://github. com/a/b"):
            # the offsets of the text it was repaired from
            found = next((link for link in find_links(covered) if link.url == text), None)
            if found is not None:
                start, end = span_start + found.start, span_start + found.end
        mentions.append(
            {
                "kind": kind,
                "text": render_accents(text),  # T\"ULU 3 -> TÜLU 3; the offsets keep the source
                "key": extension(doc, span, "pg_key"),
                "role": extension(doc, span, "pg_role") or "used",
                "field": "title" if in_title else "abstract",
                "start": start - base,
                "end": end - base,
                "rule": extension(doc, span, "pg_rule"),
                "subtype": extension(doc, span, "pg_subtype"),
            }
        )
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
    ``title`` and ``abstract``. ``n_process`` > 1 (-1: one per CPU) runs the pipeline
    in that many processes (see :func:`_extract_in_processes`).
    """
    nlp = nlp or build_pipeline()
    if n_process == -1:
        n_process = os.cpu_count() or 1
    if n_process > 1:
        yield from _extract_in_processes(papers, nlp, n_process, batch_size)
        return
    pending: deque[tuple[str, str]] = deque()

    def docs() -> Iterator[Doc]:
        for paper in papers:
            title, abstract = _field(paper, "title"), _field(paper, "abstract")
            pending.append((_field(paper, "id"), title))
            yield make_doc(nlp, title, abstract)

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        paper_id, title = pending.popleft()
        yield {"id": paper_id, "title": title, "mentions": doc_mentions(doc)}


_WORKER_NLP: list[Language] = []  # the pipeline of a worker process


def _start_worker(nlp: Language) -> None:
    _WORKER_NLP[:] = [nlp]


def _extract_batch(batch: list[dict[str, str]]) -> list[dict[str, Any]]:
    return list(extract(batch, nlp=_WORKER_NLP[0]))


def _extract_in_processes(
    papers: Iterable[Any], nlp: Language, n_process: int, batch_size: int
) -> Iterator[dict[str, Any]]:
    """:func:`extract` with batches of papers handed to ``n_process`` worker processes,
    each running the whole pipeline (a forked worker shares ``nlp`` as it is).

    spaCy's own ``nlp.pipe(n_process=...)`` pickles every batch of docs with their whole
    vocabulary, and pickles them back: with the gazetteers loaded, two processes ran
    at a third of the speed of one. Here only plain papers and records travel, and
    a few batches per worker are in flight at a time.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with context.Pool(n_process, initializer=_start_worker, initargs=(nlp,)) as pool:
        yield from in_order(
            batched(plain_papers(papers), batch_size),
            lambda batch: pool.apply_async(_extract_batch, (batch,)).get,
            window=2 * n_process,
        )


def plain_papers(papers: Iterable[Any]) -> Iterator[dict[str, str]]:
    """What a worker needs of each paper: ``id``, ``title`` and ``abstract`` as strings.

    >>> list(plain_papers([{"id": "p1", "title": "GloVe", "abstract": None}]))
    [{'id': 'p1', 'title': 'GloVe', 'abstract': ''}]
    """
    for paper in papers:
        yield {name: _field(paper, name) for name in ("id", "title", "abstract")}


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Lists of ``size`` items (the last one shorter).

    >>> list(batched(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    iterator = iter(items)
    while batch := list(islice(iterator, max(1, size))):
        yield batch


def in_order(
    batches: Iterable[list[Any]],
    submit: Callable[[list[Any]], Callable[[], list[Any]]],
    window: int,
) -> Iterator[Any]:
    """Hand each batch to ``submit``, which starts its work elsewhere and returns a
    function that waits for its results; yield the results in input order, with at
    most ``window`` batches in flight.

    >>> list(in_order([[1, 2], [3]], lambda batch: lambda: [x * 10 for x in batch], 1))
    [10, 20, 30]
    """
    in_flight: deque[Callable[[], list[Any]]] = deque()
    for batch in batches:
        in_flight.append(submit(batch))
        if len(in_flight) >= window:
            yield from in_flight.popleft()()
    while in_flight:
        yield from in_flight.popleft()()
