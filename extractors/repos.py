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

from extractors.facts import sentence_bounds, sentence_of, text_of
from extractors.spans import add_span
from extractors.wordlists import WordLists, load_word_lists

__all__ = [
    "REPOSITORY_KINDS",
    "SHIPPED_RULES",
    "Link",
    "LinkRules",
    "RepoLinker",
    "classify",
    "find_links",
    "within_sentence",
]

REPOSITORY_KINDS = frozenset({"code", "model", "dataset", "space", "archive", "short", "project"})

# A URL's characters, up to where another URL's scheme begins: URLs glued together
# ("https://github.com/a/https://github.com/b/...") are as many links, not one of 200,000
# characters.
_URL_CHAR = r"(?:(?!https?://)[^\s<>\"'`\\])"
_TRAILING = ".,;:!?)]}>'\"*([{"  # an opening bracket never ends a URL: "x](https:...", "x}{"
_BROKEN_SCHEME = re.compile(r"^(https?)(?::/|;//|//)(?!/)", re.IGNORECASE)  # "https;//github.com"
# After a link that ends this way, a space, then this: the link was broken by a space.
_ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # what \s matches in ASCII text
_ASCII_SPACE_RE = re.compile(f"[{re.escape(_ASCII_SPACE)}]")
_CONTINUATION = re.compile(r" ([A-Za-z0-9_\-][A-Za-z0-9_.\-]*(?:/[A-Za-z0-9_.\-]+)*/?)")


@dataclass(frozen=True)
class LinkRules:
    """The hosts, the link pattern and its pre-check, built from the word lists of
    ``repos.toml``: a host added to a list is both found bare (``host/path``) and
    classified."""

    code_hosts: tuple[str, ...]
    hf_hosts: tuple[str, ...]
    archive_hosts: tuple[str, ...]
    short_hosts: tuple[str, ...]
    not_repository_hosts: tuple[str, ...]
    url: re.Pattern[str]
    markers: tuple[str, ...]  # every link the pattern can find holds one (lower-case)
    not_continuations: frozenset[str]
    split_host: re.Pattern[str]

    @classmethod
    def from_lists(cls, lists: WordLists) -> LinkRules:
        """The rules of ``lists``.

        >>> rules = LinkRules.from_lists(load_word_lists())
        >>> rules.url.findall("see codeberg.org/a/b"), "codeberg.org/" in rules.markers
        (['codeberg.org/a/b'], True)
        """
        known = sum(
            (
                lists.words(name)
                for name in ("code_hosts", "hf_hosts", "archive_hosts", "short_hosts")
            ),
            (),
        )
        hosts = "|".join(re.escape(h) for h in sorted(known, key=len, reverse=True))
        url = re.compile(
            rf"(?:https?(?:://|:/|;//|//)|ftp://){_URL_CHAR}+"  # with a scheme, maybe misspelt
            rf"|(?<![\w@/.\-])www\.[a-z0-9\-]+(?:\.[a-z0-9\-]+)+(?:/{_URL_CHAR}*)?"  # www.
            rf"|(?<![\w@/.\-])(?:{hosts})/{_URL_CHAR}*"  # bare known host, a path
            rf"|(?<![\w@/.\-])[a-z0-9\-]+\.github\.io(?:/{_URL_CHAR}*)?",  # bare project page
            re.IGNORECASE,
        )
        markers = ("://", ":/", ";//", "http//", "https//", "www.", ".github.io")
        endings = lists.alternation("host_endings")
        return cls(
            code_hosts=lists.words("code_hosts"),
            hf_hosts=lists.words("hf_hosts"),
            archive_hosts=lists.words("archive_hosts"),
            short_hosts=lists.words("short_hosts"),
            not_repository_hosts=lists.words("not_repository_hosts"),
            url=url,
            markers=(*markers, *(host.casefold() + "/" for host in known)),
            not_continuations=lists.set("not_link_continuations"),
            split_host=re.compile(rf"\. ?({endings})\b(/[^\s<>\"'`\\]*)?"),
        )


SHIPPED_RULES = LinkRules.from_lists(load_word_lists())  # the rules of the shipped lists


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


def classify(url: str, rules: LinkRules = SHIPPED_RULES) -> tuple[str, str]:
    """``(kind, key)`` of a link, by the host lists of ``rules``.

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

    if is_host(*rules.code_hosts):
        return "code", "/".join([host, *lowered[:2]])
    if is_host(*rules.hf_hosts):
        host = "huggingface.co"
        if lowered[:1] in (["datasets"], ["spaces"]):
            kind = "dataset" if lowered[0] == "datasets" else "space"
            return kind, "/".join([host, *lowered[:3]])
        return "model", "/".join([host, *lowered[:2]])
    if host.endswith("doi.org") and lowered[:1] and lowered[0].startswith("10.5281"):
        return "archive", "/".join(["doi.org", *lowered])  # a Zenodo DOI
    if is_host(*rules.archive_hosts):
        return "archive", "/".join([host, *lowered])
    if is_host(*rules.short_hosts):
        return "short", "/".join([host, *path])  # short links are case-sensitive
    if is_host(*rules.not_repository_hosts):
        return "link", "/".join([host, *lowered])
    return "project", "/".join([host, *lowered])


def _repair(text: str, start: int, end: int, rules: LinkRules) -> tuple[str, int, bool]:
    """The link found at ``text[start:end]`` repaired: ``(url, new_end, repaired)``."""
    url, repaired = text[start:end], False
    if _BROKEN_SCHEME.match(url):
        url, repaired = _BROKEN_SCHEME.sub(r"\1://", url), True  # ``end`` stays in the text
    # "https://github. com/x/y": a host broken after its dot
    if url.endswith(".") and "/" not in url.split("://")[-1]:
        split = rules.split_host.match(text, end - 1)
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
            and more.group(1).casefold() not in rules.not_continuations
            and ("/" in more.group(1) or not url.endswith("/") or depth == 1)
        ):
            extra = _strip_trailing(more.group(1))
            url, end, repaired = url + extra, more.start(1) + len(extra), True
    return url, end, repaired


def _url_matches(
    text: str, folded: str, rules: LinkRules = SHIPPED_RULES
) -> Iterator[re.Match[str]]:
    """``rules.url.finditer(text)``, searching only the words that hold a marker.

    Every match holds a marker and no white space, so in ASCII text (where ``folded``
    keeps every offset) the matches are those found in the words around the markers.
    Words are visited left to right and every search is bounded by the previous
    word's end, so the work stays linear however many markers a text holds.
    """
    if not text.isascii():
        yield from rules.url.finditer(text)
        return
    positions = sorted(at for marker in rules.markers for at in _occurrences(folded, marker))
    word_end = 0
    for at in positions:
        if at < word_end:  # in the word just searched
            continue
        # text[word_end] is white space (or word_end is 0), so this never looks further back
        start = max(text.rfind(space, word_end, at) for space in _ASCII_SPACE) + 1
        space = _ASCII_SPACE_RE.search(text, at)
        word_end = space.start() if space else len(text)
        yield from rules.url.finditer(text, start, word_end)


def _occurrences(text: str, part: str) -> Iterator[int]:
    """Where ``part`` occurs in ``text``.

    >>> list(_occurrences("a.b.c", "."))
    [1, 3]
    """
    at = text.find(part)
    while at != -1:
        yield at
        at = text.find(part, at + 1)


def find_links(text: str, rules: LinkRules = SHIPPED_RULES) -> list[Link]:
    """Every link in ``text``, in order, repaired and classified by ``rules``."""
    folded = text.casefold()
    if not any(marker in folded for marker in rules.markers):  # most abstracts: no link at all
        return []
    links = []
    for match in _url_matches(text, folded, rules):
        url, end, repaired = _repair(text, match.start(), match.end(), rules)
        if "." not in url:
            continue
        kind, key = classify(url, rules)
        links.append(Link(url, match.start(), end, kind, key, repaired))
    return links


def within_sentence(
    link: Link, text: str, sentence_end: int, rules: LinkRules = SHIPPED_RULES
) -> Link | None:
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
    kind, key = classify(url, rules)
    return Link(url, link.start, link.start + len(url), kind, key)


class RepoLinker:
    """The ``papergraph_repos`` component: every link in the doc becomes a ``REPO``
    span (or ``LINK`` for links that are not repositories), keyed as in
    :func:`classify`, with the repaired URL in ``span._.pg_text``."""

    def __init__(self, name: str, include_links: bool, word_lists: str | None = None) -> None:
        self.name = name
        self.include_links = include_links
        self.rules = LinkRules.from_lists(load_word_lists(word_lists))

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        links = find_links(text, self.rules)
        bounds = sentence_bounds(doc) if links else []
        for found in links:
            link = within_sentence(found, text, sentence_of(bounds, found.start)[1], self.rules)
            if link is None or (not link.is_repository and not self.include_links):
                continue
            span = doc.char_span(link.start, link.end, alignment_mode="expand")
            if span is None:
                continue
            kind = "repo" if link.is_repository else "link"
            add_span(doc, span, kind, f"{kind}:{link.key}", "url", subtype=link.kind, text=link.url)
        return doc


@Language.factory("papergraph_repos", default_config={"include_links": True, "word_lists": None})
def make_repo_linker(
    nlp: Language, name: str, include_links: bool, word_lists: str | None
) -> RepoLinker:
    """Repository links; ``include_links`` also keeps other URLs as ``LINK`` spans."""
    return RepoLinker(name, include_links, word_lists)
