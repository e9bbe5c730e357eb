"""Turning one input record (a JSON object or a CSV row) into a :class:`~graph.paper.Paper`.

The field names users' files carry vary; this module is the one place that knows
which names mean what and how loosely typed values (``"12"``, ``"A; B"``) become
the record's types. Anything it cannot place goes to ``Paper.extra``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from graph.paper import Paper, SourceRef, normalize_arxiv_id, normalize_doi
from graph.sources.dates import parse_date

__all__ = [
    "CONCEPT_NAMESPACES",
    "INT64_MAX",
    "MAX_NESTING",
    "RecordError",
    "Reject",
    "hostile_value",
    "paper_from_mapping",
    "split_list",
]

# Paper ids never start with one of these followed by ':': such ids are concept keys
# (``method:lora``) in the graph and in every export.
CONCEPT_NAMESPACES = frozenset({"method", "benchmark", "metric", "repo", "link", "topic"})
INT64_MAX = 2**63 - 1  # the largest integer Neo4j (and most other stores) can hold
MAX_NESTING = 64  # containers inside a record, counting the record itself
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class RecordError(ValueError):
    """One record cannot become a paper; the message says why."""


@dataclass(slots=True)
class Reject:
    """A record that was read but not kept, with where it was and why."""

    file: str
    line: int | None
    reason: str
    raw: Any = None

    def __post_init__(self) -> None:
        self.raw = _writable(self.raw)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "reason": self.reason, "raw": self.raw}


def _writable(raw: Any) -> Any:
    """``raw`` if strict JSON in UTF-8 can hold it, else its text with lone surrogates
    written as ``\\udXXX`` escapes, so that the rejects file can always be written."""
    if raw is None or (isinstance(raw, str) and not _SURROGATE.search(raw)):
        return raw
    if isinstance(raw, (dict, list)) and hostile_value(raw) is None:
        try:
            json.dumps(raw, ensure_ascii=False, allow_nan=False)
            return raw
        except (TypeError, ValueError):  # a value JSON has no type for
            pass
    try:
        text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False, default=repr)
    except (TypeError, ValueError, RecursionError):
        text = f"({type(raw).__name__} too deeply nested to show)"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _shown(text: str) -> str:
    """``text`` quoted and escaped so that a reason naming it is always printable UTF-8."""
    return ascii(text) if not text.isprintable() or _SURROGATE.search(text) else repr(text)


def hostile_value(record: Any) -> str | None:
    """Why a decoded record holds a value no output can carry faithfully, or None.

    Refused: nesting deeper than :data:`MAX_NESTING`, integers outside the
    64-bit range (a store such as Neo4j would overflow on them), ``NaN`` and
    ``Infinity`` (strict JSON has no such numbers), and lone surrogates (text
    that is not Unicode, so no UTF-8 file can hold it).

    >>> hostile_value({"title": "LoRA", "upvotes": 3, "extra": {"tags": ["a"]}}) is None
    True
    >>> hostile_value({"title": "A", "upvotes": 10**30})
    "field 'upvotes' holds 1000000000000000000000000000000, outside the 64-bit integer range"
    >>> hostile_value({"title": "A", "score": float("nan")})
    "field 'score' holds NaN, which strict JSON cannot hold"
    >>> print(hostile_value({"title": "A" + chr(0xD800)}))
    field 'title' holds a lone surrogate (\\ud800), which is not Unicode text
    >>> hostile_value(3.5) is None, hostile_value([[1e999]])
    (True, "field '' holds Infinity, which strict JSON cannot hold")
    """
    # Scalars are checked as their container is walked; only containers go on the stack,
    # starting with a tuple around the record itself (depth 0), which may be a scalar.
    stack: list[tuple[str, Any, int]] = [("", (record,), 0)]
    while stack:
        name, container, depth = stack.pop()
        if depth > MAX_NESTING:
            return f"field {_shown(name)} is nested more than {MAX_NESTING} levels deep"
        is_dict = type(container) is dict
        for key in container if is_dict else ():
            if not key.isascii() and _SURROGATE.search(key):
                return f"field name {_shown(key)} holds a lone surrogate, not Unicode text"
        for key, value in container.items() if is_dict else zip(repeat(name), container):
            kind = type(value)
            if kind is str:
                if not value.isascii() and (found := _SURROGATE.search(value)):
                    where = key if depth == 1 else name
                    return (
                        f"field {_shown(where)} holds a lone surrogate "
                        f"({ascii(found.group())[1:-1]}), which is not Unicode text"
                    )
            elif kind is dict or kind is list:
                stack.append((key if depth == 1 else name, value, depth + 1))
            elif kind is int:
                if not -INT64_MAX - 1 <= value <= INT64_MAX:
                    where = key if depth == 1 else name
                    return f"field {_shown(where)} holds {value}, outside the 64-bit integer range"
            elif kind is float and not math.isfinite(value):
                where = key if depth == 1 else name
                shown = "NaN" if value != value else "Infinity" if value > 0 else "-Infinity"
                return f"field {_shown(where)} holds {shown}, which strict JSON cannot hold"
    return None


def _paper_id(name: str, value: str) -> str:
    """``value`` if it can be a paper id; else :class:`RecordError` saying why.

    >>> _paper_id("id", "method:lora")
    Traceback (most recent call last):
    graph.sources.records.RecordError: field 'id' is 'method:lora', in the concept namespace 'method:' that paper ids must not use
    """  # noqa: E501
    if _CONTROL.search(value):
        raise RecordError(f"field '{name}' is {_shown(value)}, which holds a control character")
    prefix, colon, _ = value.partition(":")
    if colon and prefix.strip().casefold() in CONCEPT_NAMESPACES:
        raise RecordError(
            f"field '{name}' is {_shown(value)}, in the concept namespace '{prefix}:' "
            "that paper ids must not use"
        )
    return value


# Input field name (case-folded) -> Paper field. Names not listed here go to ``extra``.
FIELD_ALIASES: dict[str, str] = {
    "id": "id",
    "paper_id": "id",
    "title": "title",
    "abstract": "abstract",
    "summary": "abstract",
    "authors": "authors",
    "author": "authors",
    "author_count": "author_count",
    "num_authors": "author_count",
    "date": "date",
    "published": "date",
    "publication_date": "date",
    "published_at": "date",
    "date_text": "date_text",
    "upvotes": "upvotes",
    "organization": "organization",
    "organisation": "organization",
    "arxiv_id": "arxiv_id",
    "arxiv": "arxiv_id",
    "doi": "doi",
    "url": "url",
    "link": "url",
    "references": "references",
    "refs": "references",
    "cited": "references",
    "alt_ids": "alt_ids",
    "extra": "extra",
    "sources": "sources",
}

REQUIRED_TEXT_FIELDS = ("title", "abstract")


def split_list(value: str) -> list[str]:
    """Split a one-cell list: on ``;`` or ``|`` when present, else on commas.

    >>> split_list("Ada Lovelace; Alan Turing")
    ['Ada Lovelace', 'Alan Turing']
    >>> split_list("2104.01234, 1706.03762")
    ['2104.01234', '1706.03762']
    """
    separator = ";" if ";" in value else "|" if "|" in value else ","
    return [part.strip() for part in value.split(separator) if part.strip()]


def _text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return " ".join(str(value).split())
    raise RecordError(f"field '{name}' must be text, got {type(value).__name__}")


def _optional_text(name: str, value: Any) -> str | None:
    return _text(name, value) or None


def _count(name: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise RecordError(f"field '{name}' must be a whole number, got {value!r}")
    whole_float = isinstance(value, float) and value.is_integer()
    digits = isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value)
    if not (isinstance(value, int) or whole_float or digits):
        raise RecordError(f"field '{name}' must be a whole number, got {value!r}")
    if digits and len(value.strip()) > len(str(INT64_MAX)):
        raise RecordError(
            f"field '{name}' has {len(value.strip())} digits, outside the 64-bit integer range"
        )
    number = int(value)
    if number < 0:
        raise RecordError(f"field '{name}' must not be negative, got {number}")
    if number > INT64_MAX:
        raise RecordError(f"field '{name}' holds {number}, outside the 64-bit integer range")
    return number


def _string_list(name: str, value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return split_list(value)
    if isinstance(value, list):
        items = []
        for item in value:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                item = item["name"]  # [{"name": "Ada Lovelace"}, ...]
            if not isinstance(item, (str, int)) or isinstance(item, bool):
                raise RecordError(f"field '{name}' must be a list of strings")
            if str(item).strip():
                items.append(str(item).strip())
        return items
    raise RecordError(f"field '{name}' must be a list or a separated string")


def paper_from_mapping(record: dict[str, Any], source: SourceRef) -> Paper:
    """Build a :class:`Paper` from one JSON object or CSV row.

    Raises :class:`RecordError` when a field has the wrong type or when the
    record has neither a title nor an abstract.

    >>> src = SourceRef("papers.csv", 2, "csv")
    >>> p = paper_from_mapping({"title": "LoRA", "abstract": "", "authors": "E. Hu; Y. Shen",
    ...                         "date": "2021-06-17",
    ...                         "url": "https://arxiv.org/abs/2106.09685"}, src)
    >>> p.authors, p.author_count, p.date, p.arxiv_id, p.title_only
    (['E. Hu', 'Y. Shen'], 2, '2021-06-17', '2106.09685', True)
    """
    if not isinstance(record, dict):
        raise RecordError(f"expected a JSON object, got {type(record).__name__}")
    if problem := hostile_value(record):
        raise RecordError(problem)
    values, extra = _known_fields(record)
    paper = Paper(
        id=_paper_id("id", _text("id", values.get("id"))),
        title=_text("title", values.get("title")),
        abstract=_text("abstract", values.get("abstract")),
        organization=_optional_text("organization", values.get("organization")),
        url=_optional_text("url", values.get("url")),
        upvotes=_count("upvotes", values.get("upvotes")),
        references=_string_list("references", values.get("references")),
        alt_ids=[_paper_id("alt_ids", i) for i in _string_list("alt_ids", values.get("alt_ids"))],
    )
    if not paper.title and not paper.abstract:
        raise RecordError("record has neither a title nor an abstract")
    _set_authors(paper, values)
    date_text = _optional_text("date_text", values.get("date_text"))
    raw_date = _optional_text("date", values.get("date"))
    paper.date_text = date_text or raw_date
    paper.date = parse_date(raw_date) if raw_date else parse_date(date_text or "")
    _set_identifiers(paper, values)
    paper.sources = [*_previous_sources(values.get("sources")), source]
    previous_extra = values.get("extra")
    if isinstance(previous_extra, dict):
        extra = {**previous_extra, **extra}
    elif previous_extra is not None:
        extra["extra"] = previous_extra
    paper.extra = extra
    return paper


def _known_fields(record: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The values of the fields papergraph knows (by their name in :data:`FIELD_ALIASES`;
    the first of several aliases wins) and the other fields, as given."""
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in record.items():
        target = FIELD_ALIASES.get(str(key).strip().casefold())
        if target is None or target in values:
            extra[str(key)] = value
        else:
            values[target] = value
    return values, extra


def _set_authors(paper: Paper, values: dict[str, Any]) -> None:
    """``authors`` (a list, or a number of authors) and ``author_count`` (which wins)."""
    authors = values.get("authors")
    if isinstance(authors, int) or (isinstance(authors, str) and authors.strip().isdigit()):
        paper.author_count = _count("authors", authors)
    else:
        paper.authors = _string_list("authors", authors)
        paper.author_count = len(paper.authors) or None
    paper.author_count = _count("author_count", values.get("author_count")) or paper.author_count


def _set_identifiers(paper: Paper, values: dict[str, Any]) -> None:
    """The arXiv id (given, or from an arXiv URL or DOI) and the DOI (given, or from
    the URL); a given arXiv id that is none is an error."""
    arxiv_given = _optional_text("arxiv_id", values.get("arxiv_id"))
    doi_given = _optional_text("doi", values.get("doi"))
    paper.arxiv_id = normalize_arxiv_id(arxiv_given)
    for hint in (paper.url, doi_given):  # an arXiv URL or an arXiv DOI also names the paper
        if not paper.arxiv_id and hint and "arxiv" in hint.casefold():
            paper.arxiv_id = normalize_arxiv_id(hint)
    paper.doi = normalize_doi(doi_given) or normalize_doi(paper.url)
    if arxiv_given and not paper.arxiv_id:
        raise RecordError(f"field 'arxiv_id' is not an arXiv id: {arxiv_given!r}")


def _previous_sources(previous: Any) -> list[SourceRef]:
    """The ``sources`` a record of papergraph's own output carries (re-read as input)."""
    found = []
    if isinstance(previous, list):
        for item in previous:
            if isinstance(item, dict) and {"file", "line", "format"} <= set(item):
                record = item.get("record") if isinstance(item.get("record"), int) else None
                found.append(SourceRef(item["file"], item["line"], item["format"], record))
    return found
