"""Reader for OpenAlex Works: one work, a ``results`` page, a JSON array, or the
snapshot's JSON Lines (``.gz`` too).

Field mapping (OpenAlex → paper):

=============================  ==================================================
``id`` (``https://openalex.org/W…``)  ``id`` = ``openalex:W…``
``title`` / ``display_name``   ``title``
``abstract_inverted_index``    ``abstract``, rebuilt word by word from positions
``authorships[].author.display_name``  ``authors`` (``raw_author_name`` if no name)
``publication_date`` / ``publication_year``  ``date``
``doi``, ``ids.doi``           ``doi`` (an arXiv DOI becomes ``arxiv_id``)
``locations[]`` on arxiv.org   ``arxiv_id`` (landing page or PDF URL, or the arXiv DOI)
``ids.openalex``, ``ids.mag``, ``ids.pmid``  ``alt_ids`` (``openalex:…``; others as given)
``primary_location.landing_page_url``  ``url``
``referenced_works``           ``references`` (``openalex:W…``)
``primary_topic``, ``concepts``, ``type``, ``cited_by_count``, venue  ``extra``
=============================  ==================================================

    >>> work = {"id": "https://openalex.org/W1", "title": "Attention",
    ...         "abstract_inverted_index": {"We": [0], "attend.": [2], "all": [1]},
    ...         "locations": [{"landing_page_url": "http://arxiv.org/abs/1706.03762v2"}],
    ...         "referenced_works": ["https://openalex.org/W2"]}
    >>> m = openalex_record(work)
    >>> m["id"], m["abstract"], m["arxiv_id"], m["references"]
    ('openalex:W1', 'We all attend.', '1706.03762', ['openalex:W2'])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from graph.paper import Paper
from graph.sources.common import clean_text, read_json_document, read_json_lines
from graph.sources.identity import canonical_key
from graph.sources.records import RecordError, Reject
from graph.sources.textio import Line

__all__ = [
    "FORMAT",
    "FORMAT_JSONL",
    "abstract_from_inverted_index",
    "openalex_record",
    "read_openalex",
    "read_openalex_jsonl",
]

FORMAT = "openalex"
FORMAT_JSONL = "openalex-jsonl"
MAX_ABSTRACT_WORDS = 200_000


def abstract_from_inverted_index(index: Any) -> str:
    """The abstract an ``abstract_inverted_index`` ({word: [positions]}) encodes.

    >>> abstract_from_inverted_index({"nets": [1], "Deep": [0], "win.": [2]})
    'Deep nets win.'
    """
    if not index:
        return ""
    if not isinstance(index, dict):
        raise RecordError("field 'abstract_inverted_index' must be an object")
    placed: list[tuple[int, str]] = []
    for word, positions in index.items():
        if not isinstance(positions, list):
            raise RecordError("field 'abstract_inverted_index' must map words to positions")
        for position in positions:
            if not isinstance(position, int) or isinstance(position, bool) or position < 0:
                raise RecordError(f"abstract_inverted_index: bad position {position!r}")
            placed.append((position, str(word)))
        if len(placed) > MAX_ABSTRACT_WORDS:
            raise RecordError("abstract_inverted_index holds more than 200,000 words")
    placed.sort()
    return clean_text(" ".join(word for _, word in placed))


def _arxiv_from_locations(work: dict[str, Any]) -> str | None:
    for location in work.get("locations") or []:
        if not isinstance(location, dict):
            continue
        for url in (location.get("landing_page_url"), location.get("pdf_url")):
            key = canonical_key(url) if isinstance(url, str) and "arxiv" in url.casefold() else None
            if key and key.startswith("arxiv:"):
                return key.removeprefix("arxiv:")
    return None


def _names(authorships: Any) -> list[str]:
    names = []
    for authorship in authorships or []:
        if not isinstance(authorship, dict):
            continue
        author = authorship.get("author") or {}
        name = (author.get("display_name") if isinstance(author, dict) else None) or authorship.get(
            "raw_author_name"
        )
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
    return names


def openalex_record(work: dict[str, Any]) -> dict[str, Any]:
    """papergraph's fields for one OpenAlex work (see the module's mapping table)."""
    ids = work.get("ids") if isinstance(work.get("ids"), dict) else {}
    work_id = canonical_key(str(work.get("id") or ids.get("openalex") or ""))
    primary = work.get("primary_location") if isinstance(work.get("primary_location"), dict) else {}
    source = primary.get("source") if isinstance(primary.get("source"), dict) else {}
    topic = work.get("primary_topic") if isinstance(work.get("primary_topic"), dict) else None
    extra: dict[str, Any] = {
        "type": work.get("type"),
        "venue": source.get("display_name"),
        "cited_by_count": work.get("cited_by_count"),
        "primary_topic": topic.get("display_name") if topic else None,
        "concepts": [c.get("display_name") for c in work.get("concepts") or []
                     if isinstance(c, dict) and c.get("display_name")],
    }  # fmt: skip
    other_ids = [
        f"{name}:{str(value).rstrip('/').rsplit('/', 1)[-1]}"
        for name, value in ids.items()
        if name in ("mag", "pmid", "pmcid") and value
    ]
    references = []
    for ref in work.get("referenced_works") or []:
        key = canonical_key(str(ref))
        references.append(key or str(ref))
    return {
        "id": work_id or "",
        "title": clean_text(work.get("title") or work.get("display_name")),
        "abstract": abstract_from_inverted_index(work.get("abstract_inverted_index"))
        or clean_text(work.get("abstract")),
        "authors": _names(work.get("authorships")),
        "date": work.get("publication_date") or work.get("publication_year"),
        "doi": work.get("doi") or ids.get("doi"),
        "arxiv_id": _arxiv_from_locations(work),
        "url": primary.get("landing_page_url"),
        "references": references,
        "ids": other_ids,
        "extra": {key: value for key, value in extra.items() if value not in (None, [], "")},
    }


def read_openalex(stream: BinaryIO, file: str) -> Iterator[Paper | Reject]:
    """The works of an OpenAlex JSON document (one work, a page, or an array)."""
    return read_json_document(stream, file, FORMAT, openalex_record)


def read_openalex_jsonl(lines: Iterable[Line], file: str) -> Iterator[Paper | Reject]:
    """The works of an OpenAlex snapshot file, one per line."""
    return read_json_lines(lines, file, FORMAT_JSONL, openalex_record)
