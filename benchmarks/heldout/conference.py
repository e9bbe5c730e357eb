"""Materialise the conference held-out sets: corpus titles and abstracts + our annotations.

Two sets of real conference abstracts: `conference.jsonl` (50 records, `--set test`, the
default; measure only) and `conference_tuning.jsonl` (60 records, `--set tuning`; for
reading misses and writing rules). Each holds, per record, a corpus `id` and the gold
annotations only (the abstracts belong to their authors and are not committed). This
script joins them with `../shared/corpora/ml-conference-abstracts.jsonl.gz` and writes
full records in the dev set's format (id, title, abstract, the five entity lists, notes),
ready for `papergraph extract` and `papergraph evaluate`::

    python benchmarks/heldout/conference.py OUT.jsonl [--set test|tuning] [--corpus PATH]

`draw_ids` is how the ids were drawn (see README.md): `draw_ids(rows)` for the test set,
`draw_ids(rows, TUNING_GROUPS, TUNING_SEED, exclude=test ids)` for the tuning set; it is
kept here so the draws can be repeated, not run by default.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
ANNOTATIONS = HERE / "conference.jsonl"
TUNING_ANNOTATIONS = HERE / "conference_tuning.jsonl"
SET_FILES = {"test": ANNOTATIONS, "tuning": TUNING_ANNOTATIONS}
DEFAULT_CORPUS = PROJECT.parent / "shared" / "corpora" / "ml-conference-abstracts.jsonl.gz"
ENTITY_FIELDS = ("repos", "benchmarks", "metrics", "methods_proposed", "methods_mentioned")
ANNOTATION_FIELDS = ("id", *ENTITY_FIELDS, "notes")
# (venues, how many) per group, drawn in this order; each group gets its own Random(SEED).
GROUPS = (
    (("aistats", "icml", "colt", "uai", "alt"), 35),
    (("nips", "iclr", "acl", "cvpr"), 15),
)
SEED = 2026
# The tuning set: drawn after the test set, from what it left (its ids excluded).
TUNING_GROUPS = (
    (("aistats", "icml", "colt", "uai", "alt"), 40),
    (("nips", "iclr", "acl", "naacl", "cvpr", "eccv"), 20),
)
TUNING_SEED = 2027
MIN_ABSTRACT_CHARS = 400


def read_jsonl(path: Path) -> Iterator[dict]:
    """Yield the JSON objects of a JSONL file, gzipped or not.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "x.jsonl"
    >>> _ = path.write_text('{"id": "a"}\\n\\n{"id": "b"}\\n')
    >>> [row["id"] for row in read_jsonl(path)]
    ['a', 'b']
    """
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def draw_ids(
    corpus_rows: Iterable[dict],
    groups: tuple[tuple[tuple[str, ...], int], ...] = GROUPS,
    seed: int = SEED,
    exclude: frozenset[str] = frozenset(),
) -> list[str]:
    """The ids of a set: per group, `Random(seed).sample` over the sorted eligible ids.

    Eligible: the venue is in the group, the abstract has 400+ characters and the id is
    not in `exclude`. The defaults draw the test set.

    >>> rows = [{"id": f"icml:{n}", "venue": "icml", "abstract": "x" * 400} for n in range(80)]
    >>> rows += [{"id": f"iclr:{n}", "venue": "iclr", "abstract": "x" * 400} for n in range(40)]
    >>> ids = draw_ids(rows)
    >>> len(ids), len(set(ids)), ids == draw_ids(rows)
    (50, 50, True)
    >>> tuning = draw_ids(rows, TUNING_GROUPS, TUNING_SEED, exclude=frozenset(ids))
    >>> len(tuning), len(set(tuning)), set(tuning) & set(ids)
    (60, 60, set())
    """
    eligible = [
        row
        for row in corpus_rows
        if len(row["abstract"]) >= MIN_ABSTRACT_CHARS and row["id"] not in exclude
    ]
    drawn: list[str] = []
    for venues, count in groups:
        ids = sorted({row["id"] for row in eligible if row["venue"] in venues})
        drawn += random.Random(seed).sample(ids, count)
    return drawn


def materialise(annotations: list[dict], corpus_rows: Iterable[dict]) -> list[dict]:
    """Full gold records: each annotation with its corpus title and abstract, in order.

    >>> note = {"id": "v:1", "repos": [], "benchmarks": ["MNIST"], "metrics": [],
    ...         "methods_proposed": [], "methods_mentioned": [], "notes": "n"}
    >>> row = {"id": "v:1", "title": "T", "abstract": "On MNIST.", "venue": "v"}
    >>> record = materialise([note], [row])[0]
    >>> list(record)[:3], record["benchmarks"]
    (['id', 'title', 'abstract'], ['MNIST'])
    """
    wanted = {note["id"] for note in annotations}
    texts = {row["id"]: row for row in corpus_rows if row["id"] in wanted}
    missing = sorted(wanted - texts.keys())
    if missing:
        raise KeyError(f"{len(missing)} annotated ids are not in the corpus, e.g. {missing[0]}")
    records = []
    for note in annotations:
        row = texts[note["id"]]
        record = {"id": note["id"], "title": row["title"], "abstract": row["abstract"]}
        record.update({field: note[field] for field in ANNOTATION_FIELDS[1:]})
        records.append(record)
    return records


def main(argv: list[str] | None = None) -> int:
    """Write the full records to OUT; 2 with one sentence if the corpus is missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the JSONL file to write")
    parser.add_argument(
        "--set", dest="which", choices=sorted(SET_FILES), default="test", help="default: test"
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(
            f"The corpus {args.corpus} is missing: clone the project beside shared/ "
            "or pass --corpus PATH.",
            file=sys.stderr,
        )
        return 2
    records = materialise(list(read_jsonl(SET_FILES[args.which])), read_jsonl(args.corpus))
    with args.out.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
