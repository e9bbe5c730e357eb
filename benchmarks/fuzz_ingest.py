"""Fuzz ``papergraph ingest`` with hostile listing pages and mutated JSON Lines, JSON and CSV.

Each example is one real-looking Hugging Face listing page, built from the shapes of
the shared seed pages (their titles, abstract paragraphs and meta blocks, with the
page header and date), plus a JSON Lines file, a JSON array and a CSV file of records
built from the real arXiv metadata sample and the seed papers; every piece may be
mutated with what real files hold and parsers trip on: lone surrogates, control
characters, punctuation-only and emoji titles, NFD text, byte order marks, CRLF,
stray bytes, NaN and Infinity, numbers of 5,000 digits or out of the 64-bit range,
nesting hundreds of levels deep, ids in a concept namespace, truncated lines.

All the files of an example go through ``papergraph ingest`` in one process
(click's test runner), and every output is checked (:func:`check_run`): no
traceback, exit status 0 or 1, ``read = written + merged + rejected``, every
record read is in exactly one paper's sources or in the rejects, ids unique and
outside the concept namespaces, every line of both files strict JSON (no NaN) in
valid UTF-8, every reject with a file and a one-line reason.

    python benchmarks/fuzz_ingest.py --pages 3000 --seed 0

The strategies are Hypothesis strategies; ``tests/test_ingest_hostile.py`` runs
them as property tests. This script is a fuzz run, not a timed test.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
sys.path.insert(0, str(PROJECT))

from graph.paper import Paper  # noqa: E402
from graph.sources.listing import _blocks, _parse_meta  # noqa: E402
from graph.sources.records import CONCEPT_NAMESPACES, hostile_value  # noqa: E402
from graph.sources.textio import Line  # noqa: E402

HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n" \
         "byAK and the research community"  # fmt: skip

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
    return Shapes(tuple(titles), tuple(abstracts[:200]), tuple(metas), tuple(dates),
                  tuple(records))  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """A real string, often kept, otherwise spoilt the way real files spoil text."""
    text = draw(base)
    how = draw(st.sampled_from(["keep"] * 4 + ["replace", "insert", "append", "truncate",
                                               "nfd", "fragment"]))  # fmt: skip
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
        import unicodedata

        return unicodedata.normalize("NFD", text)
    return text


def _meta_variants(shapes: Shapes) -> st.SearchStrategy[str]:
    real = st.sampled_from(shapes.metas)
    counts = st.sampled_from(["0", "5", "9" * 19, "9" * 30, "1" + "0" * 5000, "٣"])
    built = st.builds(
        lambda authors, day, upvotes: f"  • {authors} authors\n·\nApr {day}{upvotes}",
        counts, st.sampled_from(["1", "14", "31"]),
        st.sampled_from(["", " 2", " 99999999999999999999", " " + "7" * 5000]),
    )  # fmt: skip
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
    "deep": "[" * 300 + "]" * 300, "deeper": "{\"a\": " * 1200 + "1" + "}" * 1200,
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
        value = draw(st.one_of(
            mutated(st.just(str(record.get(name, "")))),
            st.sampled_from(sorted(_RAW_VALUES)).map(_SENTINEL.format),
            st.sampled_from([None, True, 3.5, -2, 2**63 - 1, [], {}, ["a", 1], {"x": [1]}]),
            st.sampled_from(HOSTILE_TEXTS),
        ))  # fmt: skip
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


_SUMMARY = re.compile(r"read (\d+) = written (\d+) \+ merged (\d+) \+ rejected (\d+)")


def _strict_lines(path: Path, problems: list[str]) -> list[dict[str, Any]]:
    """The objects of a JSON Lines output, noting any line that is not strict JSON in UTF-8."""
    rows = []
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"{path.name} is not UTF-8: {exc}")
        return rows

    def no_constant(name: str) -> Any:
        raise ValueError(f"bare {name}")

    for number, line in enumerate(text.split("\n"), 1):
        if not line:
            continue
        try:
            rows.append(json.loads(line, parse_constant=no_constant))
        except ValueError as exc:
            problems.append(f"{path.name}:{number} is not strict JSON: {exc}")
    return rows


def check_run(exit_code: int, exception: BaseException | None, stderr: str, papers_path: Path,
              rejects_path: Path) -> list[str]:  # fmt: skip
    """Everything wrong with one ``papergraph ingest`` run (an empty list when nothing is)."""
    problems: list[str] = []
    if exception is not None and not isinstance(exception, SystemExit):
        return [f"raised {type(exception).__name__}: {exception}"]
    if exit_code not in (0, 1) or "Traceback" in stderr:
        return [f"exit status {exit_code}: {stderr[-500:]}"]
    summary = _SUMMARY.search(stderr)
    if summary is None:
        return [f"no summary line in: {stderr[-500:]}"]
    read, written, merged, rejected = map(int, summary.groups())
    if read != written + merged + rejected:
        problems.append(f"read {read} != {written} + {merged} + {rejected}")
    papers = _strict_lines(papers_path, problems)
    rejects = _strict_lines(rejects_path, problems)
    if len(papers) != written:
        problems.append(f"{len(papers)} papers in the file, the summary says {written}")
    record_rejects = [r for r in rejects if r.get("kind") == "record"]
    if len(record_rejects) != rejected:
        problems.append(f"{len(record_rejects)} rejects in the file, the summary says {rejected}")
    ids = [p.get("id") for p in papers]
    if len(set(ids)) != len(ids) or not all(isinstance(i, str) and i for i in ids):
        problems.append(f"ids not unique or empty: {ids}")
    sources = 0
    for row in papers:
        paper = Paper.from_dict(row)
        sources += len(paper.sources)
        prefix, colon, _ = paper.id.partition(":")
        if colon and prefix.casefold() in CONCEPT_NAMESPACES:
            problems.append(f"paper id {paper.id!r} lies in a concept namespace")
        if not (paper.title or paper.abstract):
            problems.append(f"paper {paper.id} has neither title nor abstract")
        if hostile_value(row) is not None:
            problems.append(f"paper {paper.id}: {hostile_value(row)}")
        if Paper.from_json(paper.to_json()) != paper:
            problems.append(f"paper {paper.id} does not round-trip through JSON")
    if sources != written + merged:
        problems.append(f"{sources} sources in the papers, but {written} + {merged} records kept")
    for reject in rejects:
        reason = reject.get("reason")
        if not (isinstance(reason, str) and reason and "\n" not in reason and reject.get("file")):
            problems.append(f"a reject without a file or a one-line reason: {reject}")
    return problems


def reason_kind(reason: str) -> str:
    """A reject reason without its particulars, to tally what a run met.

    >>> reason_kind("line 5: field 'upvotes' holds 1000, outside the 64-bit integer range")
    "field '…' holds …, outside the …-bit integer range"
    """
    reason = re.sub(r"^(line \d+: )+", "", reason)
    reason = re.sub(r"'[^']*'|\([^)]*\)", "'…'", reason)
    return re.sub(r"[-\d][\d,.]*", "…", reason)[:90]


def run_ingest(files: dict[str, bytes], directory: Path, tally: Counter[str] | None = None
               ) -> list[str]:  # fmt: skip
    """Write ``files`` into ``directory``, ingest them all, and check the outputs;
    count the kinds of reject reasons met into ``tally``."""
    from click.testing import CliRunner

    from graph.cli import cli

    for name, data in files.items():
        (directory / name).write_bytes(data)
    papers, rejects = directory / "out" / "papers.jsonl", directory / "out" / "rejects.jsonl"
    inputs = [str(directory / name) for name in files]
    result = CliRunner().invoke(cli, ["ingest", *inputs, "-o", str(papers), "--rejects",
                                      str(rejects)])  # fmt: skip
    problems = check_run(result.exit_code, result.exception, result.stderr, papers, rejects)
    if tally is not None and rejects.exists():
        for line in rejects.read_text("utf-8").split("\n")[:-1]:  # not splitlines: U+2028
            row = json.loads(line)
            tally[f"{row['kind']}: {reason_kind(row['reason'])}"] += 1
        summary = _SUMMARY.search(result.stderr)
        if summary:
            for name, value in zip(("read", "written", "merged", "rejected"),
                                   map(int, summary.groups()), strict=True):  # fmt: skip
                tally[f"= {name}"] += value
    return problems


def example_files(shapes: Shapes) -> st.SearchStrategy[dict[str, bytes]]:
    """One fuzz example: a listing page, and JSON Lines, JSON and CSV records."""
    return st.fixed_dictionaries({
        "page.txt": listing_pages(shapes), "records.jsonl": json_lines(shapes),
        "array.json": json_arrays(shapes), "export.csv": csv_files(shapes),
    })  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3000, help="examples to run [3000]")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    shapes = load_shapes()
    failures: list[tuple[dict[str, bytes], list[str]]] = []
    counts = {"examples": 0, "bytes": 0}
    tally: Counter[str] = Counter()

    @settings(max_examples=args.pages, database=None, deadline=None, derandomize=False,
              suppress_health_check=list(HealthCheck), phases=["generate"])  # fmt: skip
    @given(example_files(shapes))
    def fuzz(files: dict[str, bytes]) -> None:
        counts["examples"] += 1
        counts["bytes"] += sum(map(len, files.values()))
        with tempfile.TemporaryDirectory() as directory:
            problems = run_ingest(files, Path(directory), tally)
        if problems:
            failures.append((files, problems))

    from hypothesis import seed

    started = time.perf_counter()
    seed(args.seed)(fuzz)()
    elapsed = time.perf_counter() - started
    print(f"{counts['examples']} examples (listing page + JSON Lines + JSON + CSV each), "
          f"{counts['bytes'] / 1e6:.1f} MB of input, {elapsed:.1f} s, "
          f"{len(failures)} failing")  # fmt: skip
    print("records: " + ", ".join(f"{k[2:]} {v:,}" for k, v in tally.items() if k[0] == "="))
    print("what was rejected, and how often:")
    for kind, count in sorted(tally.items(), key=lambda item: -item[1]):
        if kind[0] != "=":
            print(f"  {count:6,}  {kind}")
    for files, problems in failures[:5]:
        print("---", problems[:3])
        for name, data in files.items():
            print(f"{name}: {data[:300]!r}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
