"""Reader for the Hugging Face daily papers API JSON (``/api/daily_papers``: a list of
``{"paper": {...}, ...}`` items; ``/api/papers/{id}``: one paper object).

Field mapping (→ paper):

=================================  ===========================================
``paper.id`` (an arXiv id)         ``id`` = ``arxiv:<id>``, ``arxiv_id``
``paper.title`` / ``title``        ``title``
``paper.summary`` / ``summary``    ``abstract``
``paper.authors[].name``           ``authors``
``paper.publishedAt`` / ``publishedAt``  ``date``
``paper.upvotes``                  ``upvotes``
``paper.githubRepo``               ``extra.github_repo``
``numComments``, ``paper.ai_keywords``, ``organization.fullname``  ``extra``
=================================  ===========================================

    >>> m = daily_paper_record({"paper": {"id": "2401.02954", "title": "DeepSeek LLM",
    ...     "summary": "We scale.", "upvotes": 7, "publishedAt": "2024-01-05T02:43:57.000Z",
    ...     "authors": [{"name": "Xiao Bi"}], "githubRepo": "https://github.com/deepseek-ai/x"}})
    >>> m["id"], m["date"], m["upvotes"], m["extra"]["github_repo"]
    ('arxiv:2401.02954', '2024-01-05', 7, 'https://github.com/deepseek-ai/x')
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
    "daily_paper_record",
    "read_daily_papers",
    "read_daily_papers_jsonl",
]

FORMAT = "hf-daily"
FORMAT_JSONL = "hf-daily-jsonl"


def daily_paper_record(item: dict[str, Any]) -> dict[str, Any]:
    """papergraph's fields for one daily-papers item (or a bare paper object)."""
    paper = item.get("paper") if isinstance(item.get("paper"), dict) else item
    given = str(paper.get("id") or "").strip()
    key = canonical_key(given) or given  # an arXiv id, or kept as the input gave it
    if not key:
        raise RecordError("the paper has no id")
    organization = paper.get("organization") or item.get("organization")
    extra = {
        "github_repo": paper.get("githubRepo"),
        "github_stars": paper.get("githubStars"),
        "project_page": paper.get("projectPage"),
        "ai_keywords": paper.get("ai_keywords"),
        "comments": item.get("numComments"),
    }
    published = paper.get("publishedAt") or item.get("publishedAt")
    return {
        "id": key,
        "arxiv_id": key.removeprefix("arxiv:") if key.startswith("arxiv:") else None,
        "title": clean_text(paper.get("title") or item.get("title")),
        "abstract": clean_text(paper.get("summary") or item.get("summary")),
        "authors": [
            a.get("name")
            for a in paper.get("authors") or []
            if isinstance(a, dict) and isinstance(a.get("name"), str)
        ],
        "date": published[:10] if isinstance(published, str) else None,
        "upvotes": paper.get("upvotes"),
        "organization": organization.get("fullname") if isinstance(organization, dict) else None,
        "url": f"https://huggingface.co/papers/{given}" if key.startswith("arxiv:") else None,
        "extra": {k: v for k, v in extra.items() if v not in (None, [], "")},
    }


def read_daily_papers(stream: BinaryIO, file: str) -> Iterator[Paper | Reject]:
    """The papers of a daily papers API response."""
    return read_json_document(stream, file, FORMAT, daily_paper_record)


def read_daily_papers_jsonl(lines: Iterable[Line], file: str) -> Iterator[Paper | Reject]:
    """Daily papers items saved one per line."""
    return read_json_lines(lines, file, FORMAT_JSONL, daily_paper_record)
