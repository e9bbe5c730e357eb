"""The paper record every stage of papergraph passes along.

A :class:`Paper` is what the readers in :mod:`graph.sources` produce, what
``papergraph ingest`` writes one per line, and what the extractors and the graph
builder read. It keeps everything the inputs knew about a paper and every place
it was read from, and it survives a JSON round trip unchanged::

    >>> p = Paper(id="2104.01234", title="Attention", abstract="We attend.")
    >>> Paper.from_dict(p.to_dict()) == p
    True
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any

from graph.arxiv_ids import search_arxiv_id

__all__ = [
    "Paper",
    "SourceRef",
    "derive_id",
    "normalize_arxiv_id",
    "normalize_doi",
    "normalize_title",
]


@dataclass(slots=True)
class SourceRef:
    """Where a record was read: the file, the 1-based line it starts on, its format, and,
    in a JSON document read as a stream (which has no lines), the record's 1-based number.

    >>> str(SourceRef("p.jsonl", 3, "jsonl")), str(SourceRef("w.json", None, "openalex", 2))
    ('p.jsonl:3', 'w.json: record 2')
    """

    file: str
    line: int | None
    format: str
    record: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.file}:{self.line}"
        return f"{self.file}: record {self.record}" if self.record is not None else self.file

    def to_dict(self) -> dict[str, Any]:
        """The JSON form; ``record`` only where it is known."""
        data: dict[str, Any] = {"file": self.file, "line": self.line, "format": self.format}
        if self.record is not None:
            data["record"] = self.record
        return data


@dataclass(slots=True)
class Paper:
    """One paper, as complete as its sources allow.

    Attributes
    ----------
    id : str
        Stable identifier. Kept verbatim when the input gives one; otherwise
        derived from the de-duplication key by :func:`derive_id`.
    title, abstract : str
        The text, stripped; either may be empty, never both.
    authors : list of str
        Author names, when the source names them.
    author_count : int or None
        Number of authors when known (from names or from a listing's
        ``• 5 authors`` line).
    date : str or None
        Publication date as ISO 8601 of the precision the source gave:
        ``"2021"``, ``"2021-03"`` or ``"2021-03-31"``. ``None`` when the source
        gives no year: a year is never guessed.
    date_text : str or None
        The date exactly as the source wrote it (``"Apr 14"``).
    upvotes : int or None
        Hugging Face upvotes, when listed.
    organization : str or None
        The organisation a listing names (``"Google"``).
    arxiv_id, doi, url : str or None
        Normalised identifiers (see :func:`normalize_arxiv_id`, :func:`normalize_doi`).
    references : list of str
        Ids of cited papers; empty when unknown.
    sources : list of SourceRef
        Every place this paper was read from, in reading order.
    alt_ids : list of str
        Other ids the input gave for records merged into this one.
    extra : dict
        Input fields papergraph has no slot for, kept so that nothing is lost.
    """

    id: str = ""
    title: str = ""
    abstract: str = ""
    authors: list[str] = field(default_factory=list)
    author_count: int | None = None
    date: str | None = None
    date_text: str | None = None
    upvotes: int | None = None
    organization: str | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    url: str | None = None
    references: list[str] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    alt_ids: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def title_only(self) -> bool:
        """True when the paper has a title but no abstract."""
        return bool(self.title) and not self.abstract

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with every field, in declaration order.

        Lists and ``extra`` are copied one level deep (``dataclasses.asdict``
        copies every level and is five times slower on large ingests).
        """
        data: dict[str, Any] = {}
        for name in _PAPER_FIELDS:
            value = getattr(self, name)
            data[name] = value.copy() if isinstance(value, (list, dict)) else value
        data["sources"] = [s.to_dict() for s in self.sources]
        return data

    def to_json(self) -> str:
        """One JSON Lines line (no trailing newline)."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        """Inverse of :meth:`to_dict`; raises ``TypeError`` on unknown keys."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise TypeError(f"unknown Paper field(s): {', '.join(sorted(unknown))}")
        values = dict(data)
        values["sources"] = [SourceRef(**s) for s in data.get("sources", [])]
        return cls(**values)

    @classmethod
    def from_json(cls, line: str) -> Paper:
        """Inverse of :meth:`to_json`."""
        return cls.from_dict(json.loads(line))


_PAPER_FIELDS = tuple(f.name for f in fields(Paper))
_NOT_ALNUM = re.compile(r"[\W_]+")
_LATEX_ACCENT = re.compile(r"\\[\"'`^~=.](?=\{?[A-Za-z])")


def normalize_arxiv_id(text: str | None) -> str | None:
    """The bare arXiv id in ``text`` (an id, an abs/pdf URL or an arXiv DOI), without version
    (:func:`graph.arxiv_ids.search_arxiv_id`).

    >>> normalize_arxiv_id("https://arxiv.org/abs/2104.01234v3")
    '2104.01234'
    >>> normalize_arxiv_id("10.48550/arXiv.1706.03762")
    '1706.03762'
    >>> normalize_arxiv_id("cs/0112017v1"), normalize_arxiv_id("math.GT/0309136")
    ('cs/0112017', 'math/0309136')
    >>> normalize_arxiv_id("not an id") is None
    True
    """
    return search_arxiv_id(text)


def normalize_doi(text: str | None) -> str | None:
    """The DOI in ``text``, lower-cased, without resolver prefix; ``None`` if there is none.

    >>> normalize_doi("https://doi.org/10.5281/Zenodo.6832145")
    '10.5281/zenodo.6832145'
    >>> normalize_doi("doi:10.1145/3292500.3330701.")
    '10.1145/3292500.3330701'
    """
    if not text:
        return None
    match = re.search(r"10\.\d{4,9}/\S+", text)
    if not match:
        return None
    return match.group(0).rstrip(".,;:)]}\"'").lower()


def normalize_title(title: str) -> str:
    """Fold case, accents, Unicode forms, punctuation, LaTeX accents and whitespace.

    Two titles that a reader would call the same compare equal afterwards:

    >>> a = normalize_title('T\\\\"ULU 3: Pushing  Frontiers')
    >>> a, a == normalize_title("Tülu 3 — pushing frontiers")
    ('tulu 3 pushing frontiers', True)
    """
    text = _LATEX_ACCENT.sub("", title).replace("{", "").replace("}", "")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # [\W_] is exactly "not str.isalnum()"
    return _NOT_ALNUM.sub(" ", text.casefold()).strip()


def derive_id(key: str) -> str:
    """A stable id for a paper whose input gave none, from its de-duplication key.

    Keys look like ``arxiv:2104.01234``, ``doi:10.5281/zenodo.6832145`` or
    ``title:<normalized title>``. arXiv and DOI keys are readable ids already;
    title keys are hashed so ids stay short and safe in every export format.

    >>> derive_id("arxiv:2104.01234")
    'arxiv:2104.01234'
    >>> derive_id("title:attention is all you need")
    'pg-33a1e3a52be691f6'
    """
    kind, _, value = key.partition(":")
    if kind in ("arxiv", "doi"):
        return key
    digest = hashlib.blake2b(value.encode("utf-8"), digest_size=8).hexdigest()
    return f"pg-{digest}"
