"""Build graph/data/background_df.tsv.gz: document frequencies of words and phrases in real abstracts.

    python benchmarks/background_df.py ../shared/corpora/ml-conference-abstracts.jsonl.gz \
        [-o graph/data/background_df.tsv.gz] [--min-df 3]

Counts, for every candidate term of :func:`graph.background.phrases` (content words and
phrases of up to three words) in each paper's title and abstract, how many papers hold it,
and keeps the terms held by at least ``--min-df`` papers (single words by at least 2). The
table holds counts only, never text: ``#documents<TAB>N`` then ``term<TAB>df`` sorted by
term, gzip-compressed (mtime 0, so the same input gives the same bytes).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import io
import json
import sys
from collections import Counter
from pathlib import Path

_MODULE = Path(__file__).resolve().parents[1] / "graph" / "background.py"
_spec = importlib.util.spec_from_file_location("papergraph_background", _MODULE)
_background = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_background)  # the tokenizer alone, without graph's dependencies
phrases, terms = _background.phrases, _background.terms


def count(path: Path) -> tuple[int, Counter[str]]:
    """Papers read and the document frequency of each candidate term."""
    df: Counter[str] = Counter()
    documents = 0
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = f"{record.get('title') or ''}. {record.get('abstract') or ''}"
            if not record.get("abstract"):
                continue
            documents += 1
            seen = set()
            for sentence in text.split(". "):
                seen.update(phrases(terms(sentence)))
            df.update(seen)
    return documents, df


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("-o", "--output", type=Path,
                        default=Path(__file__).resolve().parents[1] / "graph/data/background_df.tsv.gz")  # fmt: skip
    parser.add_argument("--min-df", type=int, default=3)
    args = parser.parse_args()
    documents, df = count(args.corpus)
    kept = sorted((t, n) for t, n in df.items() if n >= (2 if " " not in t else args.min_df))
    text = f"#documents\t{documents}\n" + "".join(f"{t}\t{n}\n" for t, n in kept)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as out:
        out.write(text.encode("utf-8"))
    tmp = args.output.with_suffix(".tmp")
    tmp.write_bytes(buffer.getvalue())
    tmp.replace(args.output)
    print(f"{documents} abstracts, {len(df)} terms, {len(kept)} kept -> {args.output} "
          f"({len(buffer.getvalue()) / 1e6:.1f} MB)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
