"""Reader for Semantic Scholar: Graph API paper objects, ``data`` pages (search results,
``/references`` and ``/citations`` pages with ``citedPaper``/``citingPaper``), batch
lists, and the S2ORC / S2 datasets JSON Lines.

Field mapping (Semantic Scholar → paper; key case does not matter, so the datasets'
lower-case ``externalids`` reads like the API's ``externalIds``):

=================================  ============================================
``paperId``                        ``id`` = ``s2:<paperId>``
``corpusId``, ``externalIds.CorpusId``, S2ORC ``paper_id``  ``corpusid:N`` (the id
                                   when there is no paperId, else in ``alt_ids``)
``externalIds.ArXiv`` / ``arxiv_id``  ``arxiv_id``
``externalIds.DOI`` / ``doi``      ``doi``
``title``, ``abstract``            ``title``, ``abstract`` (``tldr.text`` in ``extra``)
``authors[].name``, or ``{first, middle, last, suffix}``  ``authors``
``publicationDate`` / ``year``     ``date``
``url``                            ``url``
``references[]`` (paper objects), S2ORC ``outbound_citations``  ``references``, each as
                                   the cited paper's strongest id: arXiv, DOI, paperId,
                                   CorpusId, else its title
``citations[]``, S2ORC ``inbound_citations``  ``extra.cited_by`` (same id forms)
``venue``, ``fieldsOfStudy``, ``citationCount``, other ``externalIds``  ``extra``
=================================  ============================================

    >>> m = semantic_scholar_record({"paperId": "2d5673caa9e6af3a7b82a43f19ee920992db07ad",
    ...     "externalIds": {"ArXiv": "1706.03762", "CorpusId": 13756489},
    ...     "title": "Attention", "authors": [{"first": "Ashish", "middle": [], "last": "Vaswani"}],
    ...     "references": [{"paperId": None, "externalIds": {"DOI": "10.1/X"}, "title": "Y"}]})
    >>> m["id"], m["arxiv_id"], m["authors"]
    ('s2:2d5673caa9e6af3a7b82a43f19ee920992db07ad', '1706.03762', ['Ashish Vaswani'])
    >>> m["references"], m["ids"]
    (['doi:10.1/x'], ['corpusid:13756489'])
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
    "read_semantic_scholar",
    "read_semantic_scholar_jsonl",
    "reference_key",
    "semantic_scholar_record",
]

FORMAT = "s2"
FORMAT_JSONL = "s2-jsonl"
WRAPPER_KEYS = ("citedpaper", "citingpaper", "paper")


def _folded(record: dict[str, Any]) -> dict[str, Any]:
    return {str(key).casefold(): value for key, value in record.items()}


def _external(record: dict[str, Any]) -> dict[str, Any]:
    found = record.get("externalids")
    return _folded(found) if isinstance(found, dict) else {}


def _corpus_id(record: dict[str, Any]) -> str | None:
    value = record.get("corpusid") or _external(record).get("corpusid") or record.get("paper_id")
    if isinstance(value, (int, str)) and not isinstance(value, bool) and str(value).isdigit():
        return f"corpusid:{int(value)}"
    return None


def reference_key(value: Any) -> str | None:
    """The strongest id of a cited (or citing) paper given as an object, an id string
    or a CorpusId number; its title when it has no id; ``None`` when it has neither.

    >>> reference_key({"paperId": "0109da9aff1014c55e95e3a59f9936b7462486f7", "title": "T"})
    's2:0109da9aff1014c55e95e3a59f9936b7462486f7'
    >>> reference_key("77490025"), reference_key({"paperId": None, "title": "A Title"})
    ('corpusid:77490025', 'A Title')
    """
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        text = str(value).strip()
        return f"corpusid:{int(text)}" if text.isdigit() else canonical_key(text) or text or None
    if not isinstance(value, dict):
        return None
    record = _folded(value)
    for name in WRAPPER_KEYS:
        if isinstance(record.get(name), dict):
            record = _folded(record[name])
    external = _external(record)
    for given in (external.get("arxiv"), record.get("arxiv_id")):
        if given:
            return canonical_key(f"arXiv:{given}") or None
    for given in (external.get("doi"), record.get("doi")):
        if given:
            return canonical_key(str(given)) or f"doi:{str(given).lower()}"
    if record.get("paperid"):
        return canonical_key(str(record["paperid"])) or f"s2:{record['paperid']}"
    corpus = _corpus_id(record)
    if corpus:
        return corpus
    title = clean_text(record.get("title"))
    return title or None


def _author_name(author: Any) -> str:
    if isinstance(author, str):
        return author.strip()
    if not isinstance(author, dict):
        raise RecordError("field 'authors' must hold names or author objects")
    if isinstance(author.get("name"), str):
        return author["name"].strip()
    middle = author.get("middle") or []
    parts = [
        author.get("first"),
        *(middle if isinstance(middle, list) else [middle]),
        author.get("last"),
        author.get("suffix"),
    ]
    return " ".join(str(part).strip() for part in parts if part and str(part).strip())


def _keys(values: Any) -> list[str]:
    if not isinstance(values, list):
        return []
    return [key for key in (reference_key(value) for value in values) if key]


def semantic_scholar_record(record: dict[str, Any]) -> dict[str, Any]:
    """papergraph's fields for one Semantic Scholar paper (see the mapping table)."""
    folded = _folded(record)
    for name in WRAPPER_KEYS:  # a /references or /citations page item, or a wrapped paper
        if isinstance(folded.get(name), dict) and len(folded) <= 4:
            folded = _folded(folded[name])
            break
    external = _external(folded)
    paper_id = folded.get("paperid")
    corpus = _corpus_id(folded)
    own_id = (canonical_key(str(paper_id)) or f"s2:{paper_id}") if paper_id else corpus
    # A cited paper Semantic Scholar has no record of has a title only: read it as such.
    tldr = folded.get("tldr")
    extra = {
        "venue": folded.get("venue") or folded.get("journal"),
        "fields_of_study": folded.get("fieldsofstudy") or folded.get("mag_field_of_study"),
        "citation_count": folded.get("citationcount"),
        "tldr": tldr.get("text") if isinstance(tldr, dict) else None,
        "external_ids": {name: value for name, value in external.items()
                         if name not in ("arxiv", "doi", "corpusid")} or None,
        "cited_by": _keys(folded.get("citations")) or _keys(folded.get("inbound_citations")),
    }  # fmt: skip
    references = _keys(folded.get("references")) or _keys(folded.get("outbound_citations"))
    authors = folded.get("authors") or []
    if not isinstance(authors, list):
        raise RecordError("field 'authors' must be a list")
    return {
        "id": own_id or "",
        "title": clean_text(folded.get("title")),
        "abstract": clean_text(folded.get("abstract")),
        "authors": [name for name in map(_author_name, authors) if name],
        "date": folded.get("publicationdate") or folded.get("year"),
        "doi": external.get("doi") or folded.get("doi"),
        "arxiv_id": external.get("arxiv") or folded.get("arxiv_id"),
        "url": folded.get("url") or folded.get("s2_url"),
        "references": references,
        "ids": [corpus] if corpus and corpus != own_id else [],
        "extra": {key: value for key, value in extra.items() if value not in (None, [], "")},
    }


def read_semantic_scholar(stream: BinaryIO, file: str) -> Iterator[Paper | Reject]:
    """The papers of a Graph API JSON document (a paper, a ``data`` page, a batch list)."""
    return read_json_document(stream, file, FORMAT, semantic_scholar_record)


def read_semantic_scholar_jsonl(lines: Iterable[Line], file: str) -> Iterator[Paper | Reject]:
    """The papers of an S2ORC or S2 datasets JSON Lines file."""
    return read_json_lines(lines, file, FORMAT_JSONL, semantic_scholar_record)
