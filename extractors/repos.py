"""Repository and project links in titles and abstracts.

:func:`find_links` is the algorithm, a pure function over a string; the spaCy
component ``papergraph_repos`` wraps it. Each link is repaired (trailing
punctuation stripped, a URL broken by a space joined again), classified, and
given a canonical key:

    >>> [(l.url, l.kind, l.key) for l in find_links(
    ...     "Code: https://github.com/LINs-lab/ERW. Models at huggingface.co/Qwen/Qwen2.5-7B")]
    [('https://github.com/LINs-lab/ERW', 'code', 'github.com/lins-lab/erw'), \
('huggingface.co/Qwen/Qwen2.5-7B', 'model', 'huggingface.co/qwen/qwen2.5-7b')]

Kinds: ``code`` (GitHub, GitLab, Bitbucket), ``model`` / ``dataset`` / ``space``
(Hugging Face), ``archive`` (Zenodo, figshare, OSF), ``short`` (aka.ms, bit.ly,
...), ``project`` (``*.github.io`` and any other site) are repositories;
``link`` (Wikipedia, YouTube, arXiv, social media) is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from extractors.spans import add_span, sentence_bounds, sentence_of, text_of

__all__ = ["REPOSITORY_KINDS", "Link", "RepoLinker", "classify", "find_links", "within_sentence"]

REPOSITORY_KINDS = frozenset({"code", "model", "dataset", "space", "archive", "short", "project"})

CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com")
HF_HOSTS = ("huggingface.co", "hf.co")
ARCHIVE_HOSTS = ("zenodo.org", "figshare.com", "osf.io", "datadryad.org", "dataverse.harvard.edu")
SHORT_HOSTS = ("aka.ms", "ibm.biz", "bit.ly", "tinyurl.com", "goo.gl", "t.ly", "rb.gy", "s.id")
NOT_REPOSITORY_HOSTS = (
    "wikipedia.org", "youtube.com", "youtu.be", "arxiv.org", "twitter.com", "x.com",
    "openreview.net", "aclanthology.org", "doi.org", "dx.doi.org", "linkedin.com",
    "medium.com", "reddit.com", "scholar.google.com", "paperswithcode.com",
)  # fmt: skip
KNOWN_HOSTS = CODE_HOSTS + HF_HOSTS + ARCHIVE_HOSTS + SHORT_HOSTS

_HOST_ALTERNATION = "|".join(re.escape(h) for h in sorted(KNOWN_HOSTS, key=len, reverse=True))
# A URL's characters, up to where another URL's scheme begins: URLs glued together
# ("https://github.com/a/https://github.com/b/...") are as many links, not one of 200,000
# characters.
_URL_CHAR = r"(?:(?!https?://)[^\s<>\"'`\\])"
_URL = re.compile(
    rf"(?:https?(?:://|:/|;//|//)|ftp://){_URL_CHAR}+"  # with a scheme, maybe misspelt
    rf"|(?<![\w@/.\-])www\.[a-z0-9\-]+(?:\.[a-z0-9\-]+)+(?:/{_URL_CHAR}*)?"  # www.
    rf"|(?<![\w@/.\-])(?:{_HOST_ALTERNATION})/{_URL_CHAR}*"  # bare known host, a path
    rf"|(?<![\w@/.\-])[a-z0-9\-]+\.github\.io(?:/{_URL_CHAR}*)?",  # bare project page
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)]}>'\"*([{"  # an opening bracket never ends a URL: "x](https:...", "x}{"
# Every link the pattern can find contains one of these (a cheap test before the pattern).
_MARKERS = ("://", ":/", ";//", "http//", "https//", "www.", ".github.io",
            *(host + "/" for host in KNOWN_HOSTS))  # fmt: skip
_BROKEN_SCHEME = re.compile(r"^(https?)(?::/|;//|//)(?!/)", re.IGNORECASE)  # "https;//github.com"
# After a link that ends this way, a space, then this: the link was broken by a space.
_ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # what \s matches in ASCII text
_ASCII_SPACE_RE = re.compile(f"[{re.escape(_ASCII_SPACE)}]")
_CONTINUATION = re.compile(r" ([A-Za-z0-9_\-][A-Za-z0-9_.\-]*(?:/[A-Za-z0-9_.\-]+)*/?)")
_NOT_CONTINUATIONS = frozenset(
    "and or the for to in of with we our is are at as on by this that which code".split()
)
_SPLIT_HOST = re.compile(r"\. ?(com|org|io|ai|co|net|edu|ms|biz)\b(/[^\s<>\"'`\\]*)?")


@dataclass(frozen=True, slots=True)
class Link:
    """A link found in text: the repaired ``url``, the ``start``/``end`` of the
    text it came from, its ``kind`` and canonical ``key``; ``repaired`` when it
    had to be joined across a space."""

    url: str
    start: int
    end: int
    kind: str
    key: str
    repaired: bool = False

    @property
    def is_repository(self) -> bool:
        return self.kind in REPOSITORY_KINDS


def _strip_trailing(url: str) -> str:
    """Strip sentence punctuation glued to the end, keeping balanced brackets."""
    while url and url[-1] in _TRAILING:
        last = url[-1]
        opener = {")": "(", "]": "[", "}": "{", ">": "<"}.get(last)
        if opener and url.count(opener) >= url.count(last):
            break
        url = url[:-1]
    return url


def _host_and_path(url: str) -> tuple[str, list[str]]:
    bare = re.sub(r"^[a-z]+://", "", url, flags=re.IGNORECASE)
    bare = re.sub(r"^www\.", "", bare, flags=re.IGNORECASE)
    host, _, path = bare.partition("/")
    path = re.split(r"[?#]", path, maxsplit=1)[0]
    return host.casefold(), [part for part in path.split("/") if part]


def classify(url: str) -> tuple[str, str]:
    """``(kind, key)`` of a link.

    >>> classify("https://github.com/google-research/bert/blob/master/README.md")
    ('code', 'github.com/google-research/bert')
    >>> classify("https://huggingface.co/datasets/allenai/c4")
    ('dataset', 'huggingface.co/datasets/allenai/c4')
    >>> classify("https://step-law.github.io/")
    ('project', 'step-law.github.io')
    >>> classify("https://en.wikipedia.org/wiki/BERT")[0]
    'link'
    """
    host, path = _host_and_path(url)
    lowered = [p.casefold() for p in path]

    def is_host(*names: str) -> bool:
        return any(host == n or host.endswith("." + n) for n in names)

    if is_host(*CODE_HOSTS):
        return "code", "/".join([host, *lowered[:2]])
    if is_host(*HF_HOSTS):
        host = "huggingface.co"
        if lowered[:1] in (["datasets"], ["spaces"]):
            kind = "dataset" if lowered[0] == "datasets" else "space"
            return kind, "/".join([host, *lowered[:3]])
        return "model", "/".join([host, *lowered[:2]])
    if host.endswith("doi.org") and lowered[:1] and lowered[0].startswith("10.5281"):
        return "archive", "/".join(["doi.org", *lowered])  # a Zenodo DOI
    if is_host(*ARCHIVE_HOSTS):
        return "archive", "/".join([host, *lowered])
    if is_host(*SHORT_HOSTS):
        return "short", "/".join([host, *path])  # short links are case-sensitive
    if is_host(*NOT_REPOSITORY_HOSTS):
        return "link", "/".join([host, *lowered])
    return "project", "/".join([host, *lowered])


def _repair(text: str, start: int, end: int) -> tuple[str, int, bool]:
    """The link found at ``text[start:end]`` repaired: ``(url, new_end, repaired)``."""
    url, repaired = text[start:end], False
    if _BROKEN_SCHEME.match(url):
        url, repaired = _BROKEN_SCHEME.sub(r"\1://", url), True  # ``end`` stays in the text
    # "https://github. com/x/y": a host broken after its dot
    if url.endswith(".") and "/" not in url.split("://")[-1]:
        split = _SPLIT_HOST.match(text, end - 1)
        if split:
            url = url[:-1] + "." + split.group(1) + (split.group(2) or "")
            end, repaired = split.end(), True
    stripped = _strip_trailing(url)
    end -= len(url) - len(stripped)  # stripping only ever removes from the end
    url = stripped
    # "github.com/owner/ repo", "github.com/ owner/repo", "Fast-Certified- Robust": a path
    # broken at a slash, hyphen or underscore
    depth = len(_host_and_path(url)[1])
    if url.endswith(("/", "-", "_")) and depth < 3:
        more = _CONTINUATION.match(text, end)
        if (
            more
            and more.group(1).casefold() not in _NOT_CONTINUATIONS
            and ("/" in more.group(1) or not url.endswith("/") or depth == 1)
        ):
            extra = _strip_trailing(more.group(1))
            url, end, repaired = url + extra, more.start(1) + len(extra), True
    return url, end, repaired


def _url_matches(text: str, folded: str) -> Iterator[re.Match[str]]:
    """``_URL.finditer(text)``, searching only the words that hold a marker.

    Every match holds a marker and no white space, so in ASCII text (where ``folded``
    keeps every offset) the matches are those found in the words around the markers.
    Words are visited left to right and every search is bounded by the previous
    word's end, so the work stays linear however many markers a text holds.
    """
    if not text.isascii():
        yield from _URL.finditer(text)
        return
    positions = sorted(at for marker in _MARKERS for at in _occurrences(folded, marker))
    word_end = 0
    for at in positions:
        if at < word_end:  # in the word just searched
            continue
        # text[word_end] is white space (or word_end is 0), so this never looks further back
        start = max(text.rfind(space, word_end, at) for space in _ASCII_SPACE) + 1
        space = _ASCII_SPACE_RE.search(text, at)
        word_end = space.start() if space else len(text)
        yield from _URL.finditer(text, start, word_end)


def _occurrences(text: str, part: str) -> Iterator[int]:
    """Where ``part`` occurs in ``text``.

    >>> list(_occurrences("a.b.c", "."))
    [1, 3]
    """
    at = text.find(part)
    while at != -1:
        yield at
        at = text.find(part, at + 1)


def find_links(text: str) -> list[Link]:
    """Every link in ``text``, in order, repaired and classified."""
    folded = text.casefold()
    if not any(marker in folded for marker in _MARKERS):  # most abstracts: no link at all
        return []
    links = []
    for match in _url_matches(text, folded):
        url, end, repaired = _repair(text, match.start(), match.end())
        if "." not in url:
            continue
        kind, key = classify(url)
        links.append(Link(url, match.start(), end, kind, key, repaired))
    return links


def within_sentence(link: Link, text: str, sentence_end: int) -> Link | None:
    """``link`` cut where its sentence ends, or None when no link is left: a sentence glued
    to a URL's final full stop (``https://x.github.io.Deep nets ...``) is a sentence of
    its own, and no mention crosses a sentence. A link repaired across a space stays
    whole (``https://github. com/a/b`` is one link).

    >>> text = "At https://x.github.io.Deep nets win."
    >>> [link] = find_links(text)
    >>> within_sentence(link, text, text.index("Deep")).url
    'https://x.github.io'
    """
    if link.end <= sentence_end or link.repaired:
        return link
    url = _strip_trailing(text[link.start : sentence_end].rstrip())
    if "." not in url.split("://")[-1]:
        return None
    kind, key = classify(url)
    return Link(url, link.start, link.start + len(url), kind, key)


class RepoLinker:
    """The ``papergraph_repos`` component: every link in the doc becomes a ``REPO``
    span (or ``LINK`` for links that are not repositories), keyed as in
    :func:`classify`, with the repaired URL in ``span._.pg_text``."""

    def __init__(self, name: str, include_links: bool) -> None:
        self.name = name
        self.include_links = include_links

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        links = find_links(text)
        bounds = sentence_bounds(doc) if links else []
        for found in links:
            link = within_sentence(found, text, sentence_of(bounds, found.start)[1])
            if link is None or (not link.is_repository and not self.include_links):
                continue
            span = doc.char_span(link.start, link.end, alignment_mode="expand")
            if span is None:
                continue
            kind = "repo" if link.is_repository else "link"
            add_span(doc, span, kind, f"{kind}:{link.key}", "url", subtype=link.kind, text=link.url)
        return doc


@Language.factory("papergraph_repos", default_config={"include_links": True})
def make_repo_linker(nlp: Language, name: str, include_links: bool) -> RepoLinker:
    """Repository links; ``include_links`` also keeps other URLs as ``LINK`` spans."""
    return RepoLinker(name, include_links)
