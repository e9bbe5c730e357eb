"""Mine the name-novelty table (``extractors/data/name_df.tsv.gz``) from real abstracts.

For every name-shaped word (:func:`extractors.names.is_name_shaped`: ``FooNet``, ``BERT``,
``GPT-4o``) the script counts the abstracts that use it (document frequency, title and
abstract together) and keeps those seen in at least ``--min-papers`` of them. A name the
table lacks is new to the corpus: :mod:`extractors.novelty` takes that as evidence that a
paper which introduces it names its own work. Only names and counts are written, never text.

    python benchmarks/mine_name_novelty.py ../shared/corpora/ml-conference-abstracts.jsonl.gz

is how the shipped table was made (about a minute).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from pathlib import Path

from extractors.names import is_name_shaped

_WORD = re.compile(r"[\w\-^+.]+")
_OUT = Path(__file__).resolve().parent.parent / "extractors" / "data" / "name_df.tsv.gz"


def names_in(text: str) -> set[str]:
    """The name-shaped words of ``text``, trailing dots off.

    >>> sorted(names_in("We propose FooNet, unlike BERT and 7B models."))
    ['BERT', 'FooNet']
    """
    words = (w.strip(".-") for w in _WORD.findall(text))
    return {w for w in words if is_name_shaped(w)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--min-papers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=_OUT)
    args = parser.parse_args(argv)
    counts: Counter[str] = Counter()
    documents = 0
    with gzip.open(args.corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            documents += 1
            text = f"{record.get('title') or ''}\n{record.get('abstract') or ''}"
            counts.update(names_in(text))
    kept = sorted((n, c) for n, c in counts.items() if c >= args.min_papers)
    # no file name nor time in the header: the same corpus gives the same bytes
    with open(args.out, "wb") as file, gzip.GzipFile("", "wb", fileobj=file, mtime=0) as raw:
        header = f"#documents\t{documents}\n"
        raw.write((header + "".join(f"{n}\t{c}\n" for n, c in kept)).encode())
    print(f"{documents} abstracts, {len(counts)} names, {len(kept)} kept -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
