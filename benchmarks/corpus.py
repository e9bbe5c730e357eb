"""Synthetic Hugging Face Daily Papers listing pages, seeded and reproducible, for benchmarks.

Abstracts are made of sentence shapes written by hand from real abstracts
(``corpus_templates.json``) filled with real concept names from the extractors'
gazetteers, drawn heavy-tailed (Zipf within each of a few dozen topics, so the
graph has community structure), plus invented names (``we propose NovaMoGPT``)
that later papers reuse, code and model links, duplicates across pages and a few
broken records. Papers stream to disk page by page; only small pools are held.

    python benchmarks/corpus.py 10000 -o /tmp/corpus-10k --seed 0 [--jsonl]

writes ``DIR/pages/000000.txt ...`` (read them with ``graph.ingest([DIR/pages])``),
``DIR/manifest.json`` (what ingest must find) and, with ``--jsonl``, ``DIR/papers.jsonl``.

>>> import tempfile
>>> manifest = generate(50, tempfile.mkdtemp(), seed=1)
>>> manifest["papers"], manifest["records"] == 50 + manifest["duplicates"] + manifest["rejected"]
(50, True)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_papers import GAZETTEERS, KINDS, TEMPLATES, PaperMaker

HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
    "byAK and the research community"
)
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
BROKEN_KINDS = ("title_only", "orphan_meta", "bad_bytes", "stray_header")


def generator_version() -> str:
    """A digest of the generator, its templates and the gazetteers it draws names from:
    cached corpora are valid while it holds.

    >>> len(generator_version())
    12
    """
    digest = hashlib.blake2b(digest_size=6)
    gazetteers = [GAZETTEERS / f"{kind}s.jsonl" for kind in KINDS]
    for path in (
        Path(__file__),
        Path(__file__).with_name("corpus_papers.py"),
        TEMPLATES,
        *gazetteers,
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _meta(rng: random.Random, owners: list[str]) -> str:
    """A meta block: author count (or an organisation), the dot, a date, maybe upvotes."""
    month, day = rng.choice(MONTHS), rng.randint(1, 28)
    date = f"{month} {day}, {rng.randint(2019, 2025)}" if rng.random() < 0.6 else f"{month} {day}"
    if rng.random() < 0.3:
        date += f" {rng.randint(1, 40)}"
    if rng.random() < 0.05:
        owner = rng.choice(owners)
        return f"{owner} {owner.replace('-', ' ').title()}\n·\n{date}"
    authors = rng.randint(1, 12)
    return f"  • {authors} author{'s' if authors > 1 else ''}\n·\n{date}"


def _pages(
    n: int, maker: PaperMaker, counts: Counter[str], jsonl: Callable | None
) -> Iterator[bytes]:
    """The listing pages, as bytes, one at a time."""
    rng, rates, owners = maker.rng, maker.rates, maker.config["owners"]
    pending: list[tuple[int, str]] = []  # (due page, entry text) of papers to list again
    made, extra, page = 0, n, 0
    low, high = maker.config["page_size"]
    while made < n or pending:
        bare = rng.random() < rates["bare_meta_page"]
        entries: list[bytes] = []
        for _ in range(min(rng.randint(low, high), n - made)):
            title_only = rng.random() < rates["missing_abstract"]
            paper = maker.make(made, with_abstract=not title_only)
            made += 1
            with_meta = not bare and rng.random() >= rates["no_meta"]
            text = paper["title"] + (f"\n\n{paper['abstract']}" if paper["abstract"] else "")
            entry = text + (f"\n\n{_meta(rng, owners)}" if with_meta else "")
            if jsonl:
                jsonl({"title": paper["title"], "abstract": paper["abstract"]})
            counts["title_only"] += title_only
            if with_meta and rng.random() < rates["orphan_meta"]:
                entry += f"\n\n{_meta(rng, owners)}"  # a meta block with no paper: rejected
                counts["orphan_meta"] += 1
            if rng.random() < rates["stray_header"]:
                entry += "\n\nSubscribe\n\nDaily Papers"  # page chrome in the middle: skipped
                counts["stray_header"] += 1
            entries.append(entry.encode())
            if not title_only and with_meta and rng.random() < rates["duplicate"]:
                again = text + f"\n\n{_meta(rng, owners)}"
                pending.append((page + rng.randint(1, 3), again))
                counts["duplicates"] += 1
            if rng.random() < rates["bad_bytes"]:  # not UTF-8 inside an abstract: rejected
                broken = maker.make(extra, counted=False)
                extra += 1
                head, _, tail = broken["abstract"].partition(" ")
                entries.append(
                    f"{broken['title']}\n\n{head} ".encode()
                    + b"\xff\xfe"
                    + f"{tail}\n\n{_meta(rng, owners)}".encode()
                )
                counts["bad_bytes"] += 1
        due = [text for when, text in pending if when <= page or made >= n]
        pending = [(when, text) for when, text in pending if when > page and made < n]
        for text in due:
            entries.insert(rng.randint(0, len(entries)), text.encode())
        page_date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"
        yield f"{HEADER}\n\n{page_date}\n\n".encode() + b"\n\n".join(entries) + b"\n"
        page += 1


def generate(n: int, outdir: str | Path, seed: int = 0, jsonl: bool = False) -> dict[str, Any]:
    """Write ``n`` papers as listing pages under ``outdir/pages``; return the manifest."""
    config = json.loads(TEMPLATES.read_text(encoding="utf-8"))
    outdir = Path(outdir)
    pages_dir = outdir / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    for stale in pages_dir.glob("*.txt"):
        stale.unlink()
    maker = PaperMaker(config, random.Random(seed))
    counts: Counter[str] = Counter()
    pages = 0
    with open(outdir / "papers.jsonl" if jsonl else os.devnull, "w", encoding="utf-8") as rows:

        def write_row(row: dict) -> None:
            rows.write(json.dumps(row, ensure_ascii=False) + "\n")

        for pages, page in enumerate(_pages(n, maker, counts, write_row if jsonl else None), 1):
            (pages_dir / f"{pages - 1:06d}.txt").write_bytes(page)
    manifest = {
        "generator": generator_version(), "size": n, "seed": seed, "pages": pages,
        "papers": n, "title_only": counts["title_only"], "duplicates": counts["duplicates"],
        "rejected": counts["orphan_meta"] + counts["bad_bytes"],
        "broken": {kind: counts[kind] for kind in BROKEN_KINDS},
        "concepts": concept_summary(maker.concept_df, maker.names.finish(), n),
    }  # fmt: skip
    manifest["records"] = n + manifest["duplicates"] + manifest["rejected"]
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    (outdir / "manifest.json").write_text(text, encoding="utf-8")
    return manifest


def concept_summary(gazetteer_df: Counter[str], invented: Counter[int], n: int) -> dict:
    """How heavy the tail is: the commonest concepts and their share of the papers, and
    the median number of papers per concept (gazetteer and invented names together).

    >>> concept_summary(Counter({"BERT": 5, "GLUE": 1}), Counter({1: 3}), 10)["median_df"]
    1
    """
    histogram = Counter(gazetteer_df.values()) + invented
    ordered = sorted(histogram.items())
    total, seen, median = sum(histogram.values()), 0, 0
    for df, count in ordered:
        seen += count
        if seen * 2 >= total:
            median = df
            break
    top = sorted(gazetteer_df.items(), key=lambda item: (-item[1], item[0]))[:10]
    return {
        "distinct": total,
        "median_df": median,
        "in_at_most_5_papers": round(sum(c for d, c in ordered if d <= 5) / max(total, 1), 3),
        "top": [{"name": k, "papers": v, "share": round(v / n, 3)} for k, v in top],
        "invented_reused": sum(c for d, c in invented.items() if d > 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int, help="number of distinct papers")
    parser.add_argument("-o", "--outdir", required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jsonl", action="store_true", help="also write papers.jsonl")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    manifest = generate(args.size, args.outdir, args.seed, args.jsonl)
    seconds = time.perf_counter() - started
    print(
        f"{manifest['papers']} papers, {manifest['records']} records on {manifest['pages']} "
        f"pages ({manifest['duplicates']} duplicates, {manifest['rejected']} broken) "
        f"in {seconds:.1f} s → {args.outdir}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
