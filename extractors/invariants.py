"""What every extraction record must satisfy, checked on any output.

:func:`mention_problems` reads one paper and the mentions extracted from it and
returns one sentence per broken promise (an empty list when all hold):

- each mention names a known ``kind``, its ``key`` is ``kind:`` followed by something,
  its ``role`` is ``proposed`` or ``used``, its ``field`` is ``title`` or ``abstract``;
- its offsets lie inside its field (``0 <= start < end <= len(field)``);
- its ``text`` is ``field[start:end]``, except where the README documents repaired
  text: a URL repaired across a space (``https;//github. com/a/b``) and LaTeX accents
  written as letters (``T\\"ULU 3`` is ``TÜLU 3``);
- it lies inside one sentence (the sentences the pipeline splits, the title being one of
  its own), which also makes it no longer than its sentence;
- no two mentions of a field overlap (the resolver keeps one of each overlapping set).

    >>> paper = {"title": "LoRA: Low-Rank Adaptation", "abstract": "We fine-tune GPT-3."}
    >>> good = {"kind": "method", "text": "GPT-3", "key": "method:gpt3", "role": "used",
    ...         "field": "abstract", "start": 13, "end": 18, "rule": "gazetteer",
    ...         "subtype": None}
    >>> mention_problems(paper, [good])
    []
    >>> mention_problems(paper, [{**good, "end": 30}])
    ['abstract mention 0 (method:gpt3) offsets 13-30 lie outside its 19 characters']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import pairwise
from typing import Any

import spacy
from spacy.language import Language

from extractors.facts import sentence_bounds, sentence_of
from extractors.keys import render_accents
from extractors.pipeline import SectionMarker, make_doc
from extractors.spans import LABELS, drop_caches
from extractors.tokenizer import TOKENIZER

__all__ = ["mention_problems"]

ROLES = frozenset({"proposed", "used"})
FIELDS = ("title", "abstract")
_BROKEN_SCHEME = re.compile(r"^(https?)(?::/|;//|//)(?!/)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _tokenizing_pipeline() -> Language:
    """A blank English pipeline with papergraph's tokenizer: enough to split sentences."""
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})


def _repaired_url(covered: str) -> str:
    """What the URL rule makes of the text a repaired URL covers: spaces dropped and the
    scheme mended (``https;// github. com/a`` -> ``https://github.com/a``)."""
    return _BROKEN_SCHEME.sub(r"\1://", "".join(covered.split()))


def _field_sentences(title: str, abstract: str, nlp: Language) -> dict[str, list[tuple[int, int]]]:
    """Each field's sentences as ``(start, end)`` offsets into that field, split as the
    pipeline splits them (``papergraph_sections``)."""
    doc = make_doc(nlp, title, abstract)
    SectionMarker("invariants", split_sentences=True)(doc)
    bounds = list(sentence_bounds(doc))
    drop_caches(doc)
    title_end = len(title) if title else 0
    abstract_start = title_end + 2 if title and abstract else 0
    by_field: dict[str, list[tuple[int, int]]] = {"title": [], "abstract": []}
    for start, end in bounds:
        if title and start < title_end:
            by_field["title"].append((start, min(end, title_end)))
        if abstract and end > abstract_start:
            by_field["abstract"].append(
                (max(start, abstract_start) - abstract_start, end - abstract_start)
            )
    return by_field


def mention_problems(
    paper: Mapping[str, Any],
    mentions: Iterable[Mapping[str, Any]],
    nlp: Language | None = None,
) -> list[str]:
    """One sentence for each way ``mentions`` break the extraction contract for
    ``paper`` (a mapping with ``title`` and ``abstract``); ``[]`` when none do.

    ``nlp`` is the pipeline whose tokenizer splits the sentences (default: a blank
    English pipeline with papergraph's tokenizer, the default pipeline's).
    """
    fields = {name: str(paper.get(name) or "") for name in FIELDS}
    mentions = list(mentions)
    problems: list[str] = []
    sentences: dict[str, list[tuple[int, int]]] | None = None
    taken: dict[str, list[tuple[int, int, int]]] = {"title": [], "abstract": []}
    for number, mention in enumerate(mentions):
        kind, key, field = mention.get("kind"), mention.get("key"), mention.get("field")
        where = f"{field} mention {number} ({key})"
        if kind not in LABELS:
            problems.append(f"{where} has unknown kind {kind!r}")
        if not (isinstance(key, str) and key.startswith(f"{kind}:") and len(key) > len(kind) + 1):
            problems.append(f"{where} key {key!r} does not name a {kind} concept")
        if mention.get("role") not in ROLES:
            problems.append(f"{where} has role {mention.get('role')!r}")
        if field not in fields:
            problems.append(f"mention {number} ({key}) has field {field!r}")
            continue
        text, start, end = mention.get("text"), mention.get("start"), mention.get("end")
        value = fields[field]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(value)):
            size = len(value)
            problems.append(f"{where} offsets {start}-{end} lie outside its {size} characters")
            continue
        covered = value[start:end]
        repaired_url = kind in ("repo", "link") and text != covered
        if (
            text != covered
            and text != render_accents(covered)
            and not (repaired_url and text == _repaired_url(covered))
        ):
            problems.append(f"{where} text {text!r} is not its slice {covered!r}")
        if not repaired_url:  # a URL joined across a space may span what looks like a full stop
            if sentences is None:
                sentences = _field_sentences(
                    fields["title"], fields["abstract"], nlp or _tokenizing_pipeline()
                )
            bounds = sentences[field]
            sentence = sentence_of(bounds, start) if bounds else (0, len(value))
            if not (sentence[0] <= start and end <= sentence[1]):
                problems.append(
                    f"{where} {start}-{end} crosses the sentence {sentence[0]}-{sentence[1]}"
                )
        taken[field].append((start, end, number))
    for field, placed in taken.items():
        placed.sort()
        for (_, before_end, before), (start, _, number) in pairwise(placed):
            if start < before_end:
                problems.append(f"{field} mention {number} overlaps mention {before}")
    return problems
