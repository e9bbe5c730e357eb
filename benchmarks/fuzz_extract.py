"""Fuzz ``papergraph extract`` with generated hostile records, and check every output.

Records are made from real text: sentences of the shared corpus of conference abstracts
and of the seed pages, titles of real papers, and the extractors' gazetteer names, then
recombined and mutated the ways real input goes wrong: acronyms defined in one sentence
and repeated in others (``chain-of-thought (CoT) prompting``), an abstract that opens
with the title's last words and an acronym, names with versions and parentheses
(``X-Net (v2)``, ``GPT-4 (2)``), URLs broken or glued, sentences glued at their full
stop (``NLMs.Leveraging``), LaTeX accents, and stray characters (lone surrogates, C0/C1
controls, zero-width and bidi marks, emoji, line separators); titles that are
punctuation only, emoji, numbers, versions; and, with ``--long``, abstracts over spaCy's
1,000,000-character limit.

The records go to a JSON Lines file (surrogates as ``\\ud800`` escapes, as JSON carries
them) that ``papergraph extract`` reads. The run then checks:

- the command exits 0 and prints no traceback;
- ``read = written + merged + rejected`` holds and every record read is accounted for;
- every output record keeps every invariant of :func:`extractors.invariants.mention_problems`
  against the paper ``papergraph ingest`` makes of the same input;
- the same records through the Python API (:func:`extractors.extract`, surrogates
  included) keep the invariants too.

    python benchmarks/fuzz_extract.py --records 10000 --seed 0 [--long] [--workdir DIR]

It prints what it checked and how long each part took, and exits 1 on any finding (each
named with its record). It is a run, not a test: the tests hold its findings as
regression tests (tests/extractors/test_hostile.py).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
sys.path.insert(0, str(PROJECT))

import extractors  # noqa: E402
from extractors.gazetteer import data_path  # noqa: E402
from extractors.invariants import mention_problems  # noqa: E402
from graph.sources.ingest import ingest  # noqa: E402

SURROGATES = ["\ud800", "\udfff", "\udc00", "\ud83d"]  # lone: JSON carries them, UTF-8 cannot
STRAY = ["\x00", "\x01", "\x08", "\x1b", "\x7f", "\x85", "\x9f",
         "\u200b", "\u200d", "\u200e", "\u202e", "\ufeff", "\u2028", "\u2029", "\u00a0",
         "\u3000", "\U0001f642", "\U0001f468\u200d\U0001f4bb", "\u0301", "\ufffd", "\u2022",
         "\u2026", "(", ")", "[", "{", "}", "$", "\\", "\t", "\r\n", "\n\n", ". ",
         "\uff08"]  # fmt: skip
PUNCTUATION_TITLES = ["!!!", "\u2026", "\U0001f642", "\u2022", "\u2014", "?", "()", ":", "-",
                      "\u00b7", "***", "\U0001f525\U0001f525", "  ", ""]  # fmt: skip
HEADS = ["", " prompting", " training", " method", " framework", " fine-tuning", " decoding"]
VERSION_SHAPES = ["{n} (v{d})", "{n} ({d})", "{n}-v{d}", "{n} v{d}.{d}", "{n}-{d}B",
                  "{n}{d}", "{n}++", "({n})", "{n} ({n})", "{n}-{d}.{d}-Instruct"]  # fmt: skip
URL_SHAPES = ["https://github.com/{o}/{r}", "github.com/{o}/{r}", "https://github. com/{o}/{r}",
              "https;//github.com/{o}/{r}", "github.com/{o}/ {r}", "https://huggingface.co/{o}/{r}",
              "data11https://github.com/{o}/{r}", "https://{o}.github.io/{r}/",
              "https://github.com/{o}/https://github.com/{r}/{o}", "https://", "www.{o}.org/{r}",
              "(https://zenodo.org/record/{d})",
              "https://github.com/{o}/{r}/tree/main/{r}"]  # fmt: skip


def real_text(corpus_lines: int) -> tuple[list[str], list[str]]:
    """Real sentences and titles: the seed pages, the bundled examples and the first
    ``corpus_lines`` papers of the shared corpus (whichever are present)."""
    papers = list(
        ingest(
            [
                p
                for p in [PROJECT / "examples", *sorted((SHARED / "seeds").glob("*.txt"))]
                if p.exists()
            ]
        ).papers
    )
    abstracts = [p.abstract or "" for p in papers]
    titles = [p.title for p in papers if p.title]
    corpus = SHARED / "corpora" / "ml-conference-abstracts.jsonl.gz"
    if corpus.exists() and corpus_lines:
        with gzip.open(corpus, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                if number >= corpus_lines:
                    break
                record = json.loads(line)
                abstracts.append(record.get("abstract") or "")
                titles.append(record.get("title") or "")
    sentences = sorted(
        {
            s
            for a in abstracts
            for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", a)
            if 10 <= len(s) <= 600
        }
    )
    return sentences, sorted(set(filter(None, titles)))


def gazetteer_names() -> list[str]:
    names: set[str] = set()
    for kind in ("methods", "benchmarks", "metrics"):
        for line in data_path(f"{kind}.jsonl").read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            names.update([entry["name"], *entry.get("aliases", [])])
    return sorted(names)


def initials(text: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z0-9]+", text)).upper() or "X"


class RecordMaker:
    """Hostile records from real text, reproducible from the seed."""

    def __init__(
        self, rng: random.Random, sentences: list[str], titles: list[str], names: list[str]
    ) -> None:
        self.rng, self.sentences, self.titles, self.names = rng, sentences, titles, names
        self.long_forms = [n for n in names if 2 <= len(n.split()) <= 5]

    def stray(self, text: str, count: int) -> str:
        """``text`` with ``count`` stray characters put in (a lone surrogate one time in 20)."""
        for _ in range(count):
            at = self.rng.randrange(len(text) + 1)
            pool = SURROGATES if self.rng.random() < 0.05 else STRAY
            text = text[:at] + self.rng.choice(pool) + text[at:]
        return text

    def versioned(self) -> str:
        return self.rng.choice(VERSION_SHAPES).format(
            n=self.rng.choice(self.names), d=self.rng.randrange(13)
        )

    def url(self) -> str:
        owner, repo = self.rng.choice(self.names), self.rng.choice(self.names)
        return self.rng.choice(URL_SHAPES).format(
            o=re.sub(r"\W", "-", owner), r=re.sub(r"\s", "_", repo), d=self.rng.randrange(10**7)
        )

    def sentence(self, defined: list[tuple[str, str]]) -> str:
        rng = self.rng
        shape = rng.randrange(12)
        if shape < 4:
            return rng.choice(self.sentences)
        if shape == 4:
            long_form = rng.choice(self.long_forms)
            acronym = initials(long_form)
            defined.append((long_form, acronym))
            return f"We use {long_form} ({acronym}){rng.choice(HEADS)} here."
        if shape == 5 and defined:  # an acronym again, alone or with its long form
            long_form, acronym = rng.choice(defined)
            again = rng.choice([f"({acronym})", acronym, f"{long_form.lower()} ({acronym})"])
            return f"Later, {again}{rng.choice(HEADS)} helps {rng.choice(self.names)}."
        if shape == 6:
            tuned, data = self.versioned(), self.versioned()
            return f"We fine-tune {tuned} with {rng.choice(self.names)} on {data}."
        if shape == 7:
            return f"Code: {self.url()}{rng.choice(['.', '', ' .', ').'])}"
        if shape == 8:  # glued at the full stop: "NLMs.Leveraging"
            return rng.choice(self.sentences).rstrip() + rng.choice(self.sentences)
        if shape == 9:
            return self.stray(rng.choice(self.sentences), rng.randrange(1, 4))
        if shape == 10:  # LaTeX accents and markup
            name = rng.choice(self.names)
            return (
                rf"We compare T\"ULU 3, Schr\"odinger {name} and $\textbf{{{name}}}$ (\cite{{x}})."
            )
        return "".join(
            rng.choice(STRAY + list("abcXYZ019 .,;()")) for _ in range(rng.randrange(40))
        )

    def title(self) -> str:
        rng = self.rng
        shape = rng.randrange(8)
        if shape < 3:
            return rng.choice(self.titles)
        if shape == 3:
            return f"{self.versioned()}: {rng.choice(self.titles)}"
        if shape == 4:
            return self.versioned()
        if shape == 5:
            return rng.choice([*PUNCTUATION_TITLES, f"{rng.randrange(10**4)}", "7-Scenes (1)"])
        if shape == 6:
            return rng.choice(self.long_forms)
        return self.stray(rng.choice(self.titles), rng.randrange(1, 3))

    def record(self, number: int, long: bool = False) -> dict[str, Any]:
        rng = self.rng
        title = self.title()
        defined: list[tuple[str, str]] = []
        count = rng.choice([0, 1, 2, 4, 6, 8, 12, 30]) if not long else 0
        sentences = [self.sentence(defined) for _ in range(count)]
        if title.split() and rng.random() < 0.15:  # "optimization (DPO) training ..."
            sentences.insert(
                0, f"{title.split()[-1].lower()} ({initials(title)}) training aligns models."
            )
        separator = rng.choice([" ", " ", " ", "\n\n", "\n", "  "])
        abstract = separator.join(sentences)
        if long:  # over spaCy's max_length, made of real sentences
            pieces, size = [], 0
            while size <= 1_050_000:
                pieces.append(self.sentence(defined))
                size += len(pieces[-1]) + 1
            abstract = " ".join(pieces)
        record = {"id": f"fuzz-{number:06d}", "title": title, "abstract": abstract}
        if rng.random() < 0.02:
            record.pop("title" if rng.random() < 0.5 else "abstract")
        return record


def has_surrogate(record: dict[str, Any]) -> bool:
    return any(re.search("[\ud800-\udfff]", str(v)) for v in record.values())


def check_outputs(papers: dict[str, Any], outputs: list[dict[str, Any]], nlp) -> list[str]:
    """Invariant problems of every output record, each prefixed with its id."""
    findings = []
    for output in outputs:
        paper = papers.get(output["id"])
        if paper is None:
            findings.append(f"{output['id']}: written, but ingest does not know it")
            continue
        fields = {"title": paper.title or "", "abstract": paper.abstract or ""}
        findings += [
            f"{output['id']}: {p}" for p in mention_problems(fields, output["mentions"], nlp)
        ]
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--long", type=int, default=2, help="abstracts over 1,000,000 characters")
    parser.add_argument("--corpus-lines", type=int, default=5_000)
    parser.add_argument(
        "--cli-surrogates",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also give papergraph extract the records holding lone surrogates",
    )
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="papergraph-fuzz-"))
    workdir.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}

    started = time.perf_counter()
    sentences, titles = real_text(args.corpus_lines)
    maker = RecordMaker(random.Random(args.seed), sentences, titles, gazetteer_names())
    records = [maker.record(i, long=i < args.long) for i in range(args.records)]
    surrogates = sum(map(has_surrogate, records))
    cli_records = [r for r in records if args.cli_surrogates or not has_surrogate(r)]
    inputs = workdir / "records.jsonl"
    with inputs.open("w", encoding="utf-8") as out:
        for record in cli_records:
            out.write(json.dumps(record, ensure_ascii=True) + "\n")
    timings["generate"] = time.perf_counter() - started
    findings: list[str] = []

    started = time.perf_counter()
    output = workdir / "mentions.jsonl"
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("papergraph")),
            "extract",
            str(inputs),
            "-o",
            str(output),
            "--rejects",
            str(workdir / "rejects.jsonl"),
        ],
        capture_output=True,
        text=True,
        errors="replace",
    )
    timings["papergraph extract"] = time.perf_counter() - started
    said = done.stdout + done.stderr
    if done.returncode != 0 or "Traceback" in said:
        findings.append(f"papergraph extract exited {done.returncode}: {said.strip()[-600:]}")
    summary = re.search(r"read (\d+) = written (\d+) \+ merged (\d+) \+ rejected (\d+)", said)
    outputs = []
    if output.exists():
        outputs = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    if summary is None:
        findings.append("papergraph extract printed no read = written + merged + rejected line")
    else:
        read, written, merged, rejected = map(int, summary.groups())
        if read != len(cli_records) or read != written + merged + rejected:
            findings.append(f"accounting: {len(cli_records)} records, {summary.group(0)}")
        if written != len(outputs):
            findings.append(f"{written} written, {len(outputs)} lines in {output}")

    started = time.perf_counter()
    nlp = extractors.build_pipeline()
    papers = {p.id: p for p in ingest([inputs]).papers}
    findings += check_outputs(papers, outputs, nlp)
    timings["check the command's output"] = time.perf_counter() - started

    started = time.perf_counter()
    api_outputs = list(extractors.extract(records, nlp=nlp))
    by_id = {r["id"]: r for r in records}
    mentions = 0
    for api_output in api_outputs:
        record = by_id[api_output["id"]]
        fields = {"title": record.get("title", ""), "abstract": record.get("abstract", "")}
        mentions += len(api_output["mentions"])
        findings += [
            f"{record['id']} (API): {p}"
            for p in mention_problems(fields, api_output["mentions"], nlp)
        ]
    timings["extract and check through the API"] = time.perf_counter() - started

    kinds = Counter(m["kind"] for o in outputs for m in o["mentions"])
    print(
        f"{len(records):,} records (seed {args.seed}; {args.long} over 1,000,000 characters; "
        f"{surrogates:,} with lone surrogates, {'given' if args.cli_surrogates else 'not given'}"
        f" to the command) in {workdir}"
    )
    print(
        f"papergraph extract: {summary.group(0) if summary else '?'}; "
        f"{sum(kinds.values()):,} mentions ({dict(kinds)}) checked"
    )
    print(f"API: {len(api_outputs):,} records, {mentions:,} mentions checked")
    for part, seconds in timings.items():
        print(f"  {part}: {seconds:.1f} s")
    print(f"findings: {len(findings)}")
    for finding in findings[:50]:
        print("  " + finding)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
