"""One identity for a paper across sources: every id form as one canonical key.

A paper is named in many ways: an arXiv id with or without its version, an old-style
arXiv id (``hep-th/9901001``), an arXiv abs or pdf URL, the arXiv DOI
(``10.48550/arXiv.1706.03762``), a DOI in any case or as a ``https://doi.org/`` URL, an
OpenAlex work id (``W2741809807`` or its URL), a Semantic Scholar ``paperId`` (40 hex
digits) or ``CorpusId``. :func:`canonical_key` turns each into one key of the form
``kind:value``; two strings that name the same paper give the same key::

    >>> forms = ["1706.03762", "https://arxiv.org/abs/1706.03762v5", "arXiv:1706.03762",
    ...          "10.48550/arXiv.1706.03762", "https://arxiv.org/pdf/1706.03762v1.pdf"]
    >>> {canonical_key(form) for form in forms}
    {'arxiv:1706.03762'}
    >>> canonical_key("https://doi.org/10.7717/PeerJ.4375"), canonical_key("https://openalex.org/W2741809807")
    ('doi:10.7717/peerj.4375', 'openalex:W2741809807')
    >>> canonical_key("CorpusId:14636783"), canonical_key("hep-th/9901001v2")
    ('corpusid:14636783', 'arxiv:hep-th/9901001')

A string that is no id form gives ``None``; :func:`paper_keys` lists every key a paper
is known by (its id, its other ids, its arXiv id and DOI), which is what
:mod:`graph.building.citations` resolves references against and what the readers of
:mod:`graph.sources` put in ``Paper.alt_ids``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["ID_KINDS", "arxiv_from_doi", "canonical_key", "paper_keys"]

ID_KINDS = ("arxiv", "doi", "openalex", "s2", "corpusid")

_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7}"
_ARXIV_ID = re.compile(rf"(?P<id>{_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?", re.IGNORECASE)
_ARXIV_PREFIX = re.compile(
    r"^(?:arxiv\s*:\s*|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/"
    r"|(?:(?:https?://)?(?:dx\.)?doi\.org/|doi\s*:\s*)?10\.48550/arxiv\.)",
    re.IGNORECASE,
)
_DOI = re.compile(
    r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi\s*:\s*)?(?P<doi>10\.\d{4,9}/\S+)$", re.IGNORECASE
)
_OPENALEX = re.compile(
    r"^(?:openalex\s*:\s*|(?:https?://)?(?:api\.)?openalex\.org/(?:works/)?)?(?P<id>W\d{1,12})$",
    re.IGNORECASE,
)
_S2 = re.compile(
    r"^(?:s2\s*:\s*|(?:https?://)?(?:www\.)?semanticscholar\.org/paper/(?:[^/]+/)?)?"
    r"(?P<id>[0-9a-f]{40})$",
    re.IGNORECASE,
)
_CORPUS = re.compile(
    r"^(?:(?:https?://)?api\.semanticscholar\.org/)?corpus\s*_?id\s*:\s*(?P<id>\d{1,12})$",
    re.IGNORECASE,
)


def _arxiv(text: str) -> str | None:
    rest = _ARXIV_PREFIX.sub("", text, count=1)
    explicit = rest != text
    rest = rest.removesuffix(".pdf")
    match = _ARXIV_ID.fullmatch(rest)
    if match is None:
        return None
    found = match.group("id")
    if "/" in found:  # old style: the archive is lower case, hep-th/9901001
        if not explicit and not re.fullmatch(r"[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?", rest):
            return None
        archive, number = found.split("/")  # math.GT/0309136 is math/0309136
        return f"{archive.lower().split('.')[0]}/{number}"
    return found


def arxiv_from_doi(doi: str | None) -> str | None:
    """The arXiv id an arXiv DOI (``10.48550/arXiv.X``) names, else ``None``.

    >>> arxiv_from_doi("10.48550/arxiv.2104.01234"), arxiv_from_doi("10.1145/3292500")
    ('2104.01234', None)
    """
    if not doi or not doi.casefold().startswith("10.48550/arxiv."):
        return None
    return _arxiv(doi)


def canonical_key(text: str | None) -> str | None:
    """The canonical ``kind:value`` key of an id in any of its forms, or ``None``.

    Kinds: ``arxiv`` (bare id, no version), ``doi`` (lower case, no resolver),
    ``openalex`` (``W…``), ``s2`` (a 40-hex paperId, lower case), ``corpusid``.
    A key already in canonical form is returned unchanged.

    >>> canonical_key("doi:10.1145/3292500.3330701")
    'doi:10.1145/3292500.3330701'
    >>> canonical_key("s2:2D5673CAA9E6AF3A7B82A43F19EE920992DB07AD")
    's2:2d5673caa9e6af3a7b82a43f19ee920992db07ad'
    >>> canonical_key("Attention is all you need") is None
    True
    """
    if not text:
        return None
    text = text.strip()
    found = _arxiv(text)
    if found:
        return f"arxiv:{found}"
    match = _DOI.match(text)
    if match:
        return "doi:" + match.group("doi").rstrip(".,;:)]}\"'").lower()
    match = _OPENALEX.match(text)
    if match:
        return "openalex:W" + match.group("id")[1:]
    match = _S2.match(text)
    if match:
        return "s2:" + match.group("id").lower()
    match = _CORPUS.match(text)
    if match:
        return f"corpusid:{int(match.group('id'))}"
    return None


def paper_keys(
    paper_id: str | None,
    alt_ids: Iterable[str] = (),
    arxiv_id: str | None = None,
    doi: str | None = None,
) -> list[str]:
    """Every key a paper is known by: ``id:`` + each id as given, and the canonical
    key of each id, of its arXiv id and of its DOI, without repeats.

    >>> for key in paper_keys("W2741809807", ["arxiv:1706.03762"], doi="10.7717/peerj.4375"):
    ...     print(key)
    id:W2741809807
    openalex:W2741809807
    id:arxiv:1706.03762
    arxiv:1706.03762
    doi:10.7717/peerj.4375
    """
    keys: list[str] = []
    for given in (paper_id, *alt_ids):
        if given:
            keys.append(f"id:{given}")
            key = canonical_key(given)
            if key:
                keys.append(key)
    if arxiv_id:
        keys.append(canonical_key(arxiv_id) or f"arxiv:{arxiv_id}")
    if doi:
        keys.append(canonical_key(doi) or f"doi:{doi.lower()}")
    return list(dict.fromkeys(keys))
