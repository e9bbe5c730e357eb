"""Reader for Hugging Face Daily Papers listing pages, as users copy them from the browser.

A page looks like this (blank lines separate blocks)::

    new
    Get trending papers in your email inbox!
    Subscribe
    Daily Papers
    byAK and the research community
    Nov 19                                  <- page date (no year)

    Fast Certified Robust Training with Short Warmup          <- title
    Recently, bound propagation based certified ...           <- abstract paragraph
      • 5 authors                                             <- optional meta block:
    ·                                                            authors or organisation,
    Mar 31, 2021                                                 a dot, date [upvotes]

The reader streams blocks, keeps one entry open, and decides what a block is
from its shape: header lines are known strings; a meta block has a ``·`` line,
an ``• N authors`` line or a lone date; any other block is text. A text block is
an abstract when it is long, spans several lines or ends with a full stop, and a
title otherwise. An entry is a title, then its abstract if one follows, then its
meta block if one follows; a title right after a title starts a new entry, so
the first is kept as title-only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from graph.paper import Paper, SourceRef
from graph.sources.dates import MONTHS, parse_date
from graph.sources.records import Reject
from graph.sources.textio import Line

__all__ = ["FORMAT", "HEADER_LINES", "parse_meta_line", "read_listing"]

FORMAT = "hf-listing"

HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "byak and the research community",
    }
)

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_LINE = re.compile(
    rf"(?P<date>(?:{_MONTH_NAMES})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?)(?:\s+(?P<upvotes>\d+))?",
    re.IGNORECASE,
)
_AUTHORS_LINE = re.compile(r"[•*\-]?\s*(?P<count>\d+)\s+authors?", re.IGNORECASE)
_DOT_LINE = "·"
_SLUG = re.compile(r"[a-z0-9][a-z0-9_.\-]*")
MAX_TITLE_LENGTH = 300


@dataclass(slots=True)
class _Block:
    lines: list[Line]

    @property
    def start(self) -> int:
        return self.lines[0].number

    @property
    def stripped(self) -> list[str]:
        return [line.text.strip() for line in self.lines]

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.stripped).split())

    @property
    def errors(self) -> list[str]:
        return [f"line {ln.number}: {ln.decode_error}" for ln in self.lines if ln.decode_error]


@dataclass(slots=True)
class _Meta:
    author_count: int | None = None
    organization: str | None = None
    organization_handle: str | None = None
    date_text: str | None = None
    upvotes: int | None = None
    error: str | None = None  # why the entry it closes is rejected (a count out of range)


MAX_COUNT_DIGITS = 18  # a count of 18 digits fits a 64-bit integer, a longer one may not


def _count(text: str, name: str, meta: _Meta) -> int | None:
    """``text`` (digits) as a number, or None with ``meta.error`` set when it is too long."""
    if len(text) > MAX_COUNT_DIGITS:
        meta.error = f"{name} has {len(text)} digits, outside the 64-bit integer range"
        return None
    return int(text)


@dataclass(slots=True)
class _Entry:
    start: int
    title: str = ""
    abstract: str = ""
    errors: list[str] = field(default_factory=list)
    meta: _Meta | None = None


def parse_meta_line(text: str, meta: _Meta) -> bool:
    """Fold one meta-block line into ``meta``; False if the line is not a meta line.

    >>> m = _Meta()
    >>> parse_meta_line("  • 5 authors", m), parse_meta_line("Apr 14 2", m)
    (True, True)
    >>> m.author_count, m.date_text, m.upvotes
    (5, 'Apr 14', 2)
    """
    text = text.strip()
    if text == _DOT_LINE:
        return True
    if match := _AUTHORS_LINE.fullmatch(text):
        meta.author_count = _count(match.group("count"), "the author count", meta)
        return True
    if match := _DATE_LINE.fullmatch(text):
        meta.date_text = match.group("date")
        upvotes = match.group("upvotes")
        meta.upvotes = _count(upvotes, "the upvote count", meta) if upvotes else None
        return True
    return False


def _parse_meta(block: _Block) -> _Meta | None:
    """The meta data of ``block``, or None when it is not a meta block.

    An organisation line (``google Google``) is accepted only right before the dot.
    """
    lines = block.stripped
    meta = _Meta()
    for index, text in enumerate(lines):
        if parse_meta_line(text, meta):
            continue
        is_org = index + 1 < len(lines) and lines[index + 1] == _DOT_LINE and len(text) <= 100
        if not is_org:
            return None
        handle, _, display = text.partition(" ")
        if display.strip() and _SLUG.fullmatch(handle):
            meta.organization, meta.organization_handle = display.strip(), handle
        else:
            meta.organization = text
    has_marker = any(t == _DOT_LINE or _AUTHORS_LINE.fullmatch(t) for t in lines)
    return meta if has_marker or meta.date_text else None


def _is_header(block: _Block) -> bool:
    return all(text.casefold() in HEADER_LINES for text in block.stripped)


def _is_title(block: _Block) -> bool:
    text = block.text
    return len(block.lines) == 1 and len(text) <= MAX_TITLE_LENGTH and not text.endswith(".")


def _blocks(lines: Iterable[Line]) -> Iterator[_Block]:
    current: list[Line] = []
    for line in lines:
        if line.text.strip():
            current.append(line)
        elif current:
            yield _Block(current)
            current = []
    if current:
        yield _Block(current)


def _start_entry(block: _Block) -> _Entry:
    """A new entry from its first block: a title, or an abstract with no title."""
    entry = _Entry(start=block.start, errors=block.errors)
    if _is_title(block):
        entry.title = block.text
    else:
        entry.abstract = block.text
    return entry


def _finish(entry: _Entry, file: str) -> Paper | Reject:
    if entry.errors:
        raw = {"title": entry.title, "abstract": entry.abstract}
        return Reject(file, entry.start, "; ".join(entry.errors), raw)
    paper = Paper(title=entry.title, abstract=entry.abstract)
    paper.sources.append(SourceRef(file, entry.start, FORMAT))
    if entry.meta is not None:
        meta = entry.meta
        paper.author_count = meta.author_count
        paper.organization = meta.organization
        if meta.organization_handle:
            paper.extra["organization_handle"] = meta.organization_handle
        paper.date_text = meta.date_text
        paper.date = parse_date(meta.date_text) if meta.date_text else None
        paper.upvotes = meta.upvotes
    return paper


def read_listing(lines: Iterable[Line], file: str) -> Iterator[Paper | Reject]:
    """Yield a :class:`Paper` for each entry of a listing page, or a :class:`Reject`.

    ``lines`` come from :func:`graph.sources.textio.read_lines`. Entries keep the
    line their first block starts on as their source. A meta block with no entry
    before it, and an entry containing undecodable bytes, are rejected.

    >>> from graph.sources.textio import Line
    >>> page = ["Daily Papers", "", "Nov 19", "", "LoRA: Low-Rank Adaptation", "",
    ...         "We propose LoRA.", "", "  • 2 authors", "·", "Jun 17, 2021 3"]
    >>> [p] = read_listing([Line(i + 1, t) for i, t in enumerate(page)], "page.txt")
    >>> p.title, p.abstract, p.author_count, p.date, p.upvotes, str(p.sources[0])
    ('LoRA: Low-Rank Adaptation', 'We propose LoRA.', 2, '2021-06-17', 3, 'page.txt:5')
    """
    entry: _Entry | None = None
    in_header = False
    for block in _blocks(lines):
        if _is_header(block):
            if entry is not None:
                yield _finish(entry, file)
                entry = None
            in_header = True
            continue
        meta = _parse_meta(block)
        if meta is not None:
            is_page_date = in_header and meta.date_text and len(block.lines) == 1
            in_header = False
            if is_page_date:
                continue
            if entry is None:
                yield Reject(
                    file,
                    block.start,
                    "meta block with no title or abstract before it",
                    {"meta": " | ".join(block.stripped)},
                )
                continue
            entry.meta = meta
            entry.errors += block.errors
            if meta.error:
                entry.errors.append(f"line {block.start}: {meta.error}")
            yield _finish(entry, file)
            entry = None
            continue

        in_header = False
        if entry is not None and not entry.abstract and not _is_title(block):
            entry.abstract = block.text
            entry.errors += block.errors
            continue
        if entry is not None:
            yield _finish(entry, file)
        entry = _start_entry(block)
    if entry is not None:
        yield _finish(entry, file)
