"""Mine the name-usage table (``extractors/data/name_usage.tsv``) from real abstracts.

For each candidate name (a name-shaped word as ``papergraph_methods`` sees one, a
capitalised word inside a sentence, or two capitalised words in a row) the script counts
the papers that use it in a dataset, a method or a metric context, as
:func:`extractors.name_kinds.context_kind` types one occurrence (the very function the
extractor applies to a paper). The table keeps the name-shaped ones, the only unknown names
the extractor types (capitalised words are noisy: languages, "Internet", "in the Wild"),
seen in at least ``--min-papers`` typed papers with a clear majority (``--majority``),
and leaves out names a gazetteer knows (the gazetteer decides those). Only names and
counts are written, never text.

It also reports how well the context cues type the names the gazetteers *do* know (weak
labels): the share of typed occurrences of known benchmarks typed as data, and so on.

    python benchmarks/mine_name_usage.py ../shared/corpora/ml-conference-abstracts.jsonl.gz

is how the shipped table was made (about a minute).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from extractors.gazetteer import DEFAULT_FILES, data_path, load_entries
from extractors.keys import fold
from extractors.name_kinds import USAGE_KINDS, context_kind, shipped_cues
from extractors.names import (
    compounds_with_inner_capital,
    is_name_shaped,
    not_names,
    slash_parts,
    without_lower_suffix,
)

_SENTENCE = re.compile(r"\S.*?(?:[.!?](?=\s+[A-Z(\[])|$)", re.DOTALL)
_CAPITALISED = re.compile(
    r"(?<![\w\-.+/])[A-Z][a-z]{2,}[\w\-]*(?:\.\d\w*)?(?: [A-Z][\w\-]*[A-Za-z0-9])?"
)
OUTPUT = Path(__file__).resolve().parent.parent / "extractors" / "data" / "name_usage.tsv"


def known_names() -> dict[str, str]:
    """Folded surface forms of the gazetteers' names -> their kind (benchmark, method, metric)."""
    known: dict[str, str] = {}
    for kind, file in DEFAULT_FILES.items():
        for entry in load_entries(kind, data_path(file)):
            for form in entry.forms:
                known.setdefault(fold(form), kind)
    return known


def candidates(sentence: str, capitalised: bool = True) -> Iterator[tuple[int, int, str]]:
    """``(start, end, name)`` of the candidate names of one sentence; capitalised words
    only if ``capitalised`` (not in a title, where every word is capitalised)."""
    for match in compounds_with_inner_capital(sentence):
        for offset, word in slash_parts(match.group(0).rstrip(".")):
            word = without_lower_suffix(word)  # "FooNet-based": the name is "FooNet"
            if is_name_shaped(word) and not (word.isupper() and len(word) < 3):
                start = match.start() + offset
                yield start, start + len(word), word
    for match in (
        _CAPITALISED.finditer(sentence, 1) if capitalised else ()
    ):  # not the sentence's first word
        word = match.group(0).rstrip("-")
        if not is_name_shaped(word) and word.split()[0].casefold() not in not_names():
            yield match.start(), match.start() + len(word), word


def mine(corpus: Path) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]], Counter[str]]:
    """Per folded name, the papers per context kind; per folded name, its surface forms;
    and the confusion of kinds on names the gazetteers know (``known kind>typed kind``)."""
    cues, known, excluded = shipped_cues(), known_names(), not_names()
    papers: dict[str, Counter[str]] = defaultdict(Counter)
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    confusion: Counter[str] = Counter()
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            seen: set[tuple[str, str]] = set()
            for text, in_title in (
                (record.get("title") or "", True),
                (record.get("abstract") or "", False),
            ):
                for sentence in _SENTENCE.finditer(text):
                    sentence_text = sentence.group(0)
                    for start, end, name in candidates(sentence_text, not in_title):
                        kind = context_kind(sentence_text, start, end, cues)
                        folded = fold(name)
                        if not folded or name.casefold() in excluded:
                            continue
                        if folded in known:
                            if kind and known[folded] in USAGE_KINDS:
                                confusion[f"{known[folded]}>{kind}"] += 1
                            continue
                        surfaces[folded][name] += 1
                        if kind and (folded, kind) not in seen:
                            seen.add((folded, kind))
                            papers[folded][kind] += 1
    return papers, surfaces, confusion


def table_rows(
    papers: dict[str, Counter[str]],
    surfaces: dict[str, Counter[str]],
    min_papers: int,
    majority: float,
) -> list[tuple[str, int, int, int]]:
    """The names with at least ``min_papers`` typed papers, one kind holding ``majority`` of
    them; each under its most frequent spelling, sorted by name.

    >>> from collections import Counter
    >>> table_rows({"quillset": Counter(benchmark=4, method=1)},
    ...            {"quillset": Counter(QuillSet=5)}, 3, 0.7)
    [('QuillSet', 4, 1, 0)]
    """
    rows = []
    for folded, counts in papers.items():
        total = sum(counts.values())
        if total < min_papers or max(counts.values()) < majority * total:
            continue
        surface = min(surfaces[folded].items(), key=lambda item: (-item[1], item[0]))[0]
        if not is_name_shaped(surface):
            continue
        rows.append((surface, *(counts[kind] for kind in USAGE_KINDS)))
    return sorted(rows, key=lambda row: (row[0].casefold(), row[0]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="JSON Lines (.gz) of title and abstract")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    parser.add_argument("--min-papers", type=int, default=3)
    parser.add_argument("--majority", type=float, default=0.75)
    args = parser.parse_args(argv)
    papers, surfaces, confusion = mine(args.corpus)
    rows = table_rows(papers, surfaces, args.min_papers, args.majority)
    with open(args.output, "w", encoding="utf-8") as out:
        columns = "\t".join(("# name", *USAGE_KINDS))
        out.write(
            f"{columns}: papers of {args.corpus.name} using the name in"
            f" each kind of context (benchmarks/mine_name_usage.py, --min-papers"
            f" {args.min_papers} --majority {args.majority})\n"
        )
        for row in rows:
            out.write("\t".join(map(str, row)) + "\n")
    by_kind = Counter(USAGE_KINDS[max(range(3), key=lambda i: row[1 + i])] for row in rows)
    print(f"{len(rows)} names ({dict(by_kind)}) of {len(papers)} typed -> {args.output}")
    for known_kind in USAGE_KINDS:
        typed = {k: confusion[f"{known_kind}>{k}"] for k in USAGE_KINDS}
        total = sum(typed.values()) or 1
        shares = ", ".join(f"{k} {n / total:.0%}" for k, n in typed.items())
        print(f"known {known_kind}s, {total} typed occurrences: {shares}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
