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

The strategies are Hypothesis strategies in ``fuzz_inputs.py``;
``tests/graph/sources/test_ingest_hostile.py`` runs them as property tests. This script is a fuzz
run, not a timed test.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz_inputs import PROJECT, example_files, load_shapes

sys.path.insert(0, str(PROJECT))
from graph.paper import Paper
from graph.sources.records import CONCEPT_NAMESPACES, hostile_value

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


def check_run(
    exit_code: int,
    exception: BaseException | None,
    stderr: str,
    papers_path: Path,
    rejects_path: Path,
) -> list[str]:
    """Everything wrong with one ``papergraph ingest`` run (an empty list when nothing is)."""
    problems: list[str] = []
    if exception is not None and not isinstance(exception, SystemExit):
        return [f"raised {type(exception).__name__}: {exception}"]
    if exit_code == 2 and "Traceback" not in stderr:
        # content-based detection refused a whole input (a binary file, a list of titles):
        # that is one sentence naming the file, and nothing may have been written
        error = stderr.rsplit("Error: ", 1)[-1].strip()
        written = [path for path in (papers_path, rejects_path) if path.exists()]
        if "\n" not in error and str(papers_path.parent.parent) in error and not written:
            return []
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
    return re.sub(r"-?\d+(?:[,.]\d+)*", "…", reason)[:90]


def run_ingest(
    files: dict[str, bytes], directory: Path, tally: Counter[str] | None = None
) -> list[str]:
    """Write ``files`` into ``directory``, ingest them all, and check the outputs;
    count the kinds of reject reasons met into ``tally``."""
    from click.testing import CliRunner

    from graph.cli import cli

    for name, data in files.items():
        (directory / name).write_bytes(data)
    papers, rejects = directory / "out" / "papers.jsonl", directory / "out" / "rejects.jsonl"
    inputs = [str(directory / name) for name in files]
    result = CliRunner().invoke(
        cli, ["ingest", *inputs, "-o", str(papers), "--rejects", str(rejects)]
    )
    problems = check_run(result.exit_code, result.exception, result.stderr, papers, rejects)
    if tally is not None and rejects.exists():
        for line in rejects.read_text("utf-8").split("\n")[:-1]:  # not splitlines: U+2028
            row = json.loads(line)
            tally[f"{row['kind']}: {reason_kind(row['reason'])}"] += 1
        summary = _SUMMARY.search(result.stderr)
        if summary:
            for name, value in zip(
                ("read", "written", "merged", "rejected"), map(int, summary.groups()), strict=True
            ):
                tally[f"= {name}"] += value
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=3000, help="examples to run [3000]")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    shapes = load_shapes()
    failures: list[tuple[dict[str, bytes], list[str]]] = []
    counts = {"examples": 0, "bytes": 0}
    tally: Counter[str] = Counter()

    @settings(
        max_examples=args.pages,
        database=None,
        deadline=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        phases=["generate"],
    )
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
    print(
        f"{counts['examples']} examples (listing page + JSON Lines + JSON + CSV each), "
        f"{counts['bytes'] / 1e6:.1f} MB of input, {elapsed:.1f} s, "
        f"{len(failures)} failing"
    )
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
