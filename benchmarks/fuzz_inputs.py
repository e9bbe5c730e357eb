"""Hostile inputs for ``papergraph ingest``, as Hypothesis strategies (see fuzz_ingest.py).

Listing pages are built from the shapes of the shared seed pages (their titles,
abstract paragraphs, meta blocks and page dates, with the page header); records from
the real arXiv metadata sample and the seed papers. Every piece may be spoilt the way
real files are: lone surrogates, control characters, punctuation-only and emoji
titles, NFD text, byte order marks, CRLF, stray bytes, NaN and Infinity, numbers of
5,000 digits or outside the 64-bit range, nesting hundreds of levels deep, ids in a
concept namespace, truncated lines, short CSV rows.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
sys.path.insert(0, str(PROJECT))

from graph.sources.listing import _blocks, _parse_meta  # noqa: E402
from graph.sources.textio import Line  # noqa: E402

HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
    "byAK and the research community"
)

# Characters that real files hold and parsers trip on: lone surrogates (from JSON
# escapes or broken encoders), C0/C1 controls, Unicode line and paragraph separators,
# invisible and non-breaking spaces, the byte order mark, punctuation a listing uses,
# an emoji, a combining accent, a replacement character.
HOSTILE_CHARS = (
    "\ud800", "\udbff", "\udc00", "\udfff", "\udce9",
    *(chr(c) for c in range(0x00, 0x20)), "\x7f", "\x85", "\x9f",
    "\u2028", "\u2029", "\u00a0", "\u200b", "\u200e", "\ufeff", "\ufffd",
    "!", "?", ".", "…", "•", "·", "-", "—", ":", ";", ",", "|", "\\", '"', "'",
    "{", "}", "[", "]", "=", "+", "@", "🙂", "\u0301", "é", "ß", "İ",
)  # fmt: skip

# Whole values that have broken ingest, or nearly.
HOSTILE_TEXTS = (
    "", " ", "!!!", "…", "...", "🙂", "•", "·", "\ud800", "e\u0301", "\x00", "\u2028",
    "method:lora", "benchmark:x", "metric:accuracy", "repo:github.com/a/b", "link:x",
    "topic:llm", "Method: LoRA", "method:lo\x01ra", "=cmd|' /C calc'!A0", "+SUM(1+1)",
    "X-Net (v2)", "GPT-4 (2)", "NaN", "Infinity", "-1", "9" * 30, "9" * 5000,
    "Daily Papers", "Subscribe", "  • 5 authors", "Apr 14 2", "Mar 31, 2021",
)  # fmt: skip

hostile_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(HOSTILE_CHARS),
        st.characters(categories=["Cs", "Cc", "Cf", "Zs", "Zl", "Zp", "Po", "So", "Mn"]),
        st.characters(codec="ascii"),
    ),
    max_size=12,
)


@dataclass(frozen=True)
class Shapes:
    """Real pieces to build inputs from: seed titles, abstracts and meta blocks, and
    real JSON records (the arXiv metadata sample)."""

    titles: tuple[str, ...]
    abstracts: tuple[str, ...]
    metas: tuple[str, ...]
    page_dates: tuple[str, ...]
    records: tuple[dict[str, Any], ...] = field(default=())


def load_shapes(shared: Path = SHARED) -> Shapes:
    """The shapes in ``shared/seeds/*.txt`` and ``shared/samples/arxiv``; ``FileNotFoundError``
    when the seeds are absent."""
    pages = sorted((shared / "seeds").glob("*.txt"))
    if not pages:
        raise FileNotFoundError(f"no seed pages in {shared / 'seeds'}")
    titles, abstracts, metas, dates = [], [], [], []
    for page in pages:
        lines = [Line(n, t) for n, t in enumerate(page.read_text("utf-8").splitlines(), 1)]
        previous = ""
        for block in _blocks(lines):
            text = "\n".join(line.text for line in block.lines)
            meta = _parse_meta(block)
            if meta is not None:
                (dates if len(block.lines) == 1 else metas).append(text)
            elif len(block.lines) == 1 and len(text) < 300 and not text.endswith("."):
                if text.casefold() not in {"new", "subscribe", "daily papers"}:
                    titles.append(text)
            elif previous:
                abstracts.append(text)
            previous = text
    records: list[dict[str, Any]] = []
    sample = shared / "samples" / "arxiv" / "arxiv-metadata-oai-snapshot_head200.json"
    if sample.exists():
        records = [json.loads(line) for line in sample.read_text("utf-8").splitlines()[:60]]
    return Shapes(tuple(titles), tuple(abstracts[:200]), tuple(metas), tuple(dates), tuple(records))


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """A real string, often kept, otherwise spoilt the way real files spoil text."""
    text = draw(base)
    how = draw(
        st.sampled_from(
            ["keep"] * 4 + ["replace", "insert", "append", "truncate", "nfd", "fragment"]
        )
    )
    if how == "replace":
        return draw(hostile_text)
    if how == "fragment":
        return draw(st.sampled_from(HOSTILE_TEXTS))
    if how == "insert":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(hostile_text) + text[at:]
    if how == "append":
        return text + draw(hostile_text)
    if how == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    if how == "nfd":
        return unicodedata.normalize("NFD", text)
    return text


def _meta_variants(shapes: Shapes) -> st.SearchStrategy[str]:
    real = st.sampled_from(shapes.metas)
    counts = st.sampled_from(["0", "5", "9" * 19, "9" * 30, "1" + "0" * 5000, "٣"])
    built = st.builds(
        lambda authors, day, upvotes: f"  • {authors} authors\n·\nApr {day}{upvotes}",
        counts,
        st.sampled_from(["1", "14", "31"]),
        st.sampled_from(["", " 2", " 99999999999999999999", " " + "7" * 5000]),
    )
    return st.one_of(real, built, mutated(real))


@st.composite
def listing_pages(draw: st.DrawFn, shapes: Shapes) -> bytes:
    """A listing page as a browser copy gives it, often spoilt, as bytes."""
    blocks: list[str] = []
    if draw(st.booleans()):
        blocks += [HEADER, draw(st.sampled_from(shapes.page_dates))]
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["entry"] * 5 + ["stray", "meta"]))
        if kind == "stray":
            blocks.append(draw(st.one_of(st.sampled_from(HOSTILE_TEXTS), hostile_text)))
            continue
        if kind == "meta":
            blocks.append(draw(_meta_variants(shapes)))
            continue
        blocks.append(draw(mutated(st.sampled_from(shapes.titles))))
        if draw(st.integers(0, 4)):
            blocks.append(draw(mutated(st.sampled_from(shapes.abstracts))))
        if draw(st.integers(0, 3)):
            blocks.append(draw(_meta_variants(shapes)))
    separator = draw(st.sampled_from(["\n\n", "\n\n\n", "\n \n", "\r\n\r\n", "\n\t\n"]))
    text = separator.join(blocks) + draw(st.sampled_from(["", "\n", "\r\n"]))
    if separator == "\r\n\r\n":
        text = text.replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate becomes invalid UTF-8
    prefix = draw(st.sampled_from([b"", b"", b"\xef\xbb\xbf", b"\xff", b"\xe9t\xe9 "]))
    return prefix + data


_SENTINEL = "\u0000SENTINEL{}\u0000"
_RAW_VALUES = {  # JSON text json.dumps would not write, spliced in by sentinel
    "nan": "NaN", "inf": "Infinity", "-inf": "-Infinity", "big": "9" * 5000,
    "int64+1": str(2**63), "1e30": "1" + "0" * 30, "1e999": "1e999",
    "deep": "[" * 300 + "]" * 300, "deeper": "{\"a\": " * 6000 + "1" + "}" * 6000,
    "surrogate": "\"\\ud800\"", "pair": "\"\\ud83d\\ude42\"", "low": "\"x\\udfff\"",
}  # fmt: skip
_FIELDS = ("id", "title", "abstract", "upvotes", "authors", "date", "doi", "arxiv_id",
           "alt_ids", "references", "url", "author_count", "comments", "extra")  # fmt: skip


@st.composite
def records(draw: st.DrawFn, shapes: Shapes) -> dict[str, Any]:
    """A real record (an arXiv metadata row, or a seed paper as JSON), maybe spoilt."""
    if shapes.records and draw(st.booleans()):
        record = dict(draw(st.sampled_from(shapes.records)))
    else:
        record = {"title": draw(st.sampled_from(shapes.titles)),
                  "abstract": draw(st.sampled_from(shapes.abstracts)),
                  "upvotes": draw(st.integers(0, 300)), "date": "2024-03-06"}  # fmt: skip
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(_FIELDS))
        value = draw(
            st.one_of(
                mutated(st.just(str(record.get(name, "")))),
                st.sampled_from(sorted(_RAW_VALUES)).map(_SENTINEL.format),
                st.sampled_from([None, True, 3.5, -2, 2**63 - 1, [], {}, ["a", 1], {"x": [1]}]),
                st.sampled_from(HOSTILE_TEXTS),
            )
        )
        record[name] = value
    return record


def _splice(text: str) -> str:
    """``text`` with each sentinel (as a JSON string, or bare in a CSV cell) replaced
    by its raw JSON text."""
    for name, raw in _RAW_VALUES.items():
        sentinel = _SENTINEL.format(name)
        text = text.replace(json.dumps(sentinel), raw).replace(sentinel, raw)
    return text


@st.composite
def json_lines(draw: st.DrawFn, shapes: Shapes) -> bytes:
    """A JSON Lines file of (spoilt) records, with spoilt lines among them."""
    lines = []
    for record in draw(st.lists(records(shapes), max_size=6)):
        text = _splice(json.dumps(record, ensure_ascii=draw(st.booleans())))
        how = draw(st.sampled_from(["keep"] * 6 + ["truncate", "garbage", "blank"]))
        if how == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
        elif how == "garbage":
            text = draw(hostile_text)
        elif how == "blank":
            text = draw(st.sampled_from(["", " ", "\t", "\x0c"]))
        lines.append(text)
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    return (ending.join(lines) + ending).encode("utf-8", "surrogatepass")


@st.composite
def json_arrays(draw: st.DrawFn, shapes: Shapes) -> bytes:
    """A JSON array of (spoilt) records, one element per line."""
    elements = [_splice(json.dumps(r)) for r in draw(st.lists(records(shapes), max_size=5))]
    return ("[\n" + ",\n".join(elements) + "\n]\n").encode("utf-8", "surrogatepass")


@st.composite
def csv_files(draw: st.DrawFn, shapes: Shapes) -> bytes:
    """A CSV export with a title and an abstract column, cells maybe spoilt."""
    optional = ["id", "upvotes", "authors", "date", "doi", "url", "venue"]
    columns = ["title", "abstract",
               *draw(st.lists(st.sampled_from(optional), unique=True, max_size=4))]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(columns)
    for record in draw(st.lists(records(shapes), max_size=5)):
        row = []
        for name in columns:
            value = record.get(name, "")
            row.append(_splice(value if isinstance(value, str) else json.dumps(value)))
        if draw(st.integers(0, 9)) == 0:
            row = row[:-1]  # a short row
        writer.writerow(row)
    return out.getvalue().encode("utf-8", "surrogatepass")


def example_files(shapes: Shapes) -> st.SearchStrategy[dict[str, bytes]]:
    """One fuzz example: a listing page, and JSON Lines, JSON and CSV records."""
    return st.fixed_dictionaries(
        {
            "page.txt": listing_pages(shapes),
            "records.jsonl": json_lines(shapes),
            "array.json": json_arrays(shapes),
            "export.csv": csv_files(shapes),
        }
    )
