"""Build graph/data/background_df.tsv.gz: document frequencies of words and phrases.

    python benchmarks/background_df.py ../shared/corpora/ml-conference-abstracts.jsonl.gz \
        [-o graph/data/background_df.tsv.gz] [--topics extractors/data/topics.tsv.gz] [--min-df 5]

Counts, for every candidate term of :func:`graph.building.background.candidate_terms` (content
words and phrases of up to three words) in each paper's title and abstract, how many
papers hold it, and keeps the terms held by at least ``--min-df`` papers (single words by
at least 2). The table holds counts only, never text: ``#documents<TAB>N`` then
``term<TAB>df`` sorted by term, gzip-compressed (mtime 0, so the same input gives the
same bytes). It also writes the vocabulary of the ``papergraph_topics`` component
(``extractors/data/topics.tsv.gz``: ``phrase<TAB>df<TAB>phraseness``, :func:`topic_phrases`).
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

ROOT = Path(__file__).resolve().parents[1]
_MODULE = ROOT / "graph" / "building" / "background.py"
_spec = importlib.util.spec_from_file_location("papergraph_background", _MODULE)
_background = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_background)  # the tokenizer alone, without graph's dependencies
candidate_terms = _background.candidate_terms


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
            df.update(candidate_terms(text))
    return documents, df


# A topic phrase ends in a noun: not in an adverb, participle or adjective ending.
_NOT_NOUN_ENDINGS = ("ly", "ed", "ive", "ous", "ful", "able", "ible", "al")


def topic_phrases(
    df: dict[str, int], documents: int, min_df: int = 8, max_share: float = 0.01
) -> list[tuple[str, int, float]]:
    """The phrases a research topic is named by: ``(phrase, df, phraseness)`` for phrases
    of two or three words held by ``min_df`` to ``max_share`` of the papers, that end in
    a noun-like word and are phrases, not chance neighbours: their words occur together
    at least 20 times more often than by chance (phraseness >= 3), or the phrase holds at
    least a quarter of the papers of its rarer end word (``continual learning``). Phrases
    with ``and`` name two things, not a topic; a phrase that is mostly part of a longer
    one (``language processing`` of ``natural language processing``) is left to it."""
    table = _background.Background(df, documents)
    inside_longer = set()  # "language processing", most often part of "natural language processing"
    for phrase, count in df.items():
        words = phrase.split()
        if len(words) == 3:
            for part in (" ".join(words[:2]), " ".join(words[1:])):
                if count >= 0.5 * df.get(part, count):
                    inside_longer.add(part)
    found = []
    for phrase, count in df.items():
        words = phrase.split()
        if len(words) < 2 or not min_df <= count <= max_share * documents:
            continue
        if words[-1].endswith(_NOT_NOUN_ENDINGS) or "and" in words or phrase in inside_longer:
            continue
        score = table.phraseness(phrase)
        rarer = min(table.frequency(words[0]), table.frequency(words[-1])) or 1
        if score >= 3 or count / rarer >= 0.25:
            found.append((phrase, count, round(score, 2)))
    return sorted(found)


def write_gzip(path: Path, text: str) -> int:
    """Write ``text`` gzip-compressed (mtime 0: same text, same bytes) atomically; its size."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as out:
        out.write(text.encode("utf-8"))
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(buffer.getvalue())
    tmp.replace(path)
    return len(buffer.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument(
        "-o", "--output", type=Path, default=ROOT / "graph/data/background_df.tsv.gz"
    )
    parser.add_argument("--topics", type=Path, default=ROOT / "extractors/data/topics.tsv.gz")
    parser.add_argument("--min-df", type=int, default=5)
    args = parser.parse_args()
    documents, df = count(args.corpus)
    kept = sorted((t, n) for t, n in df.items() if n >= (2 if " " not in t else args.min_df))
    text = f"#documents\t{documents}\n" + "".join(f"{t}\t{n}\n" for t, n in kept)
    size = write_gzip(args.output, text)
    print(
        f"{documents} abstracts, {len(df)} terms, {len(kept)} kept -> {args.output} "
        f"({size / 1e6:.1f} MB)"
    )
    topics = topic_phrases(df, documents)
    text = "".join(f"{phrase}\t{count}\t{score}\n" for phrase, count, score in topics)
    size = write_gzip(args.topics, f"#documents\t{documents}\n" + text)
    print(f"{len(topics)} topic phrases -> {args.topics} ({size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
