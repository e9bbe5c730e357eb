"""arXiv ids, in one place: their shapes, and reading one from text or from an id string.

An arXiv id is new style (``2104.01234``, since 2007) or old style (``hep-th/9901001``:
an archive, sometimes with a subject class, ``math.GT/0309136``, and seven digits), with
an optional version (``v3``). The bare id drops the version and the subject class and
lower-cases the archive: ``math.GT/0309136v2`` is ``math/0309136``.

Two readers share those parts:

* :func:`search_arxiv_id` finds an id anywhere in a text (a URL, a DOI, a note), as
  :func:`graph.paper.normalize_arxiv_id` does for a paper's ``arxiv_id`` field;
* :func:`fullmatch_arxiv_id` takes a string that is one id form and nothing else (a bare
  id, ``arXiv:``, an abs/pdf/html URL, the arXiv DOI), as
  :func:`graph.sources.identity.canonical_key` does for any id.

>>> search_arxiv_id("see https://arxiv.org/abs/2104.01234v3 for details")
'2104.01234'
>>> fullmatch_arxiv_id("https://arxiv.org/abs/2104.01234v3"), fullmatch_arxiv_id("see 2104.01234")
('2104.01234', None)
"""

from __future__ import annotations

import re

__all__ = [
    "DOI_RESOLVER",
    "NEW_ID",
    "OLD_NUMBER",
    "VERSION",
    "bare_old_id",
    "fullmatch_arxiv_id",
    "search_arxiv_id",
]

#: a new-style id: year and month, a dot, a 4- or 5-digit number
NEW_ID = r"\d{4}\.\d{4,5}"
#: the number of an old-style id, after the archive and a slash
OLD_NUMBER = r"\d{7}"
#: the optional version suffix
VERSION = r"(?:v\d+)?"
#: what may stand before a DOI: a doi.org URL or ``doi:``
DOI_RESOLVER = r"(?:(?:https?://)?(?:dx\.)?doi\.org/|doi\s*:\s*)"

# In a text: a new-style id not inside a longer number; an old-style id whose archive is
# letters, dots and hyphens (the subject class included)
_NEW_IN_TEXT = re.compile(rf"(?<!\d)({NEW_ID}){VERSION}(?!\d)")
_OLD_IN_TEXT = re.compile(rf"\b([a-z][a-z.\-]+/{OLD_NUMBER}){VERSION}\b", re.IGNORECASE)

# A whole id string: the forms before the id, and the id (an archive with an optional
# two-letter subject class)
_PREFIX = re.compile(
    r"^(?:arxiv\s*:\s*|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/"
    rf"|{DOI_RESOLVER}?10\.48550/arxiv\.)",
    re.IGNORECASE,
)
_ID = re.compile(
    rf"(?P<id>{NEW_ID}|[a-z][a-z\-]*(?:\.[a-z]{{2}})?/{OLD_NUMBER}){VERSION}", re.IGNORECASE
)
# A bare old-style id without a prefix is taken only in its usual case: hep-th/9901001,
# math.GT/0309136 (so that a path such as "Data/1234567" is not read as an id)
_OLD_AS_WRITTEN = re.compile(rf"[a-z\-]+(?:\.[A-Z]{{2}})?/{OLD_NUMBER}{VERSION}")


def bare_old_id(found: str) -> str:
    """An old-style id without its subject class, its archive in lower case.

    >>> bare_old_id("math.GT/0309136"), bare_old_id("HEP-TH/9901001")
    ('math/0309136', 'hep-th/9901001')
    """
    archive, number = found.lower().split("/")
    return f"{archive.split('.')[0]}/{number}"


def search_arxiv_id(text: str | None) -> str | None:
    """The bare arXiv id found anywhere in ``text``, a new-style one first; ``None`` if
    there is none.

    >>> search_arxiv_id("10.48550/arXiv.1706.03762"), search_arxiv_id("cs/0112017v1")
    ('1706.03762', 'cs/0112017')
    >>> search_arxiv_id("not an id") is None
    True
    """
    if not text:
        return None
    match = _NEW_IN_TEXT.search(text)
    if match:
        return match.group(1)
    match = _OLD_IN_TEXT.search(text)
    return bare_old_id(match.group(1)) if match else None


def fullmatch_arxiv_id(text: str) -> str | None:
    """The bare arXiv id when the whole of ``text`` is one form of it (an id, ``arXiv:ID``,
    an arXiv abs/pdf/html URL, the arXiv DOI ``10.48550/arXiv.ID``), else ``None``.

    >>> fullmatch_arxiv_id("arXiv:hep-th/9901001v2"), fullmatch_arxiv_id("Data/1234567")
    ('hep-th/9901001', None)
    """
    rest = _PREFIX.sub("", text, count=1)
    explicit = rest != text
    rest = rest.removesuffix(".pdf")
    match = _ID.fullmatch(rest)
    if match is None:
        return None
    found = match.group("id")
    if "/" not in found:
        return found
    if not explicit and not _OLD_AS_WRITTEN.fullmatch(rest):
        return None
    return bare_old_id(found)
