"""Mine gazetteer candidates from real abstracts, for review into ``extractors/data``.

Reads a JSON Lines corpus of abstracts (``title``, ``abstract``, ``venue``; by default
``../shared/corpora/ml-conference-abstracts.jsonl.gz``, 86,422 abstracts of 25 venues)
and prints a review sheet of the names it finds, three kinds of candidate:

* ``acronym``: a long form and its acronym, ``empirical risk minimization (ERM)``,
  the long form found by the Schwartz & Hearst rule (``extractors.abbreviations``);
* ``head``: a name ending in a head noun of classical ML and theory, ``Hoeffding's
  inequality``, ``Nadaraya-Watson estimator``, ``Gibbs sampler``, ``mirror descent``
  (the heads are ``HEADS`` below; up to three words before the head, the first
  capitalised or the whole a known lower-case technique shape);
* ``capitalised``: two to four capitalised words inside a sentence (``Thompson
  Sampling``, ``Gaussian Process``), not at its start.

Each row: document frequency (abstracts holding it), the number of venues it occurs in,
its document frequency in the classical venues (aistats, icml, colt, uai, alt), the
commonest surface form, and whether the shipped gazetteers already know it. Nothing of
the text is written, only names and counts.

    python benchmarks/mine_gazetteer.py --min-df 8 --min-venues 3 > /tmp/sheet.tsv
    python benchmarks/mine_gazetteer.py --kind acronym --unknown-only | head -100

How the reviewed entries of issue 23 (classical ML and theory) were chosen:

1. The sheet was run with ``--min-df 8 --min-venues 3 --unknown-only`` (names in at least
   8 abstracts of at least 3 venues that no gazetteer knows; 1,735 rows), sorted by
   classical-venue frequency. Every ``acronym`` and ``head`` row with a classical
   frequency of 5 or more and every ``capitalised`` row with 4 or more was read; the
   ``head`` kind was also run at ``--min-df 3 --min-venues 2`` for the eponymous
   inequalities, estimators and tests, which abstracts name rarely.
2. A candidate was kept where the guidelines count it as a method (N1: a specific,
   established technique, algorithm, estimator, inequality, test or distance; the
   statistical models the held-out gold lists, such as mixtures and random fields) and
   left out where they do not (N3/N4: paradigms such as multiple instance learning, tasks,
   formalisms, phenomena, fields), and where its acronym names several things (DP, EP,
   CI, IV, MI, PC, SA, ABC, LSI and VI are given only in their long forms).
3. Each kept entry's forms were counted with ``--frequencies-of`` and the entry kept with
   a document frequency of 3 or more; below that only eponymous inequalities and
   estimators (Hoeffding, Bernstein, McDiarmid, Pinsker, Chernoff, Fano, James-Stein,
   Kaplan-Meier, Horvitz-Thompson), which nothing else is called. Aliases are the
   surface forms of the sheet (plural, capitalised and hyphenated ones, the acronym).
   A form found as a known entry's alias was merged into that entry.

    >>> sorted(acronym_pairs("We study empirical risk minimization (ERM) here."))
    [('ERM', 'empirical risk minimization')]
    >>> head_names("by Hoeffding's inequality and a Gibbs sampler")
    ["Hoeffding's inequality", 'Gibbs sampler']
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

from extractors.abbreviations import schwartz_hearst

__all__ = [
    "acronym_pairs",
    "capitalised_names",
    "entry_frequencies",
    "head_names",
    "mine",
]

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpora/ml-conference-abstracts.jsonl.gz"
CLASSICAL_VENUES = frozenset({"aistats", "icml", "colt", "uai", "alt"})
HEADS = (
    "estimator", "estimators", "estimation", "inequality", "inequalities", "algorithm",
    "algorithms", "process", "processes", "sampler", "sampling", "test", "tests", "bound",
    "bounds", "descent", "method", "methods", "regression", "inference", "minimization",
    "maximization", "machine", "machines", "dynamics", "kernel", "kernels", "distance",
    "divergence", "lemma", "theorem", "criterion", "model", "models", "filter", "bandit",
    "bandits", "iteration", "programming", "propagation", "trick", "decomposition",
    "search", "chain", "chains", "walk", "sketch", "transform", "analysis", "loss",
)  # fmt: skip
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9\-]{1,9}?)s?\)")
_WORD = r"[A-Z][\w\-\u00c0-\u024f']*"
_LOWER = r"[a-z][a-z\-]+"
_HEAD_NAME = re.compile(
    rf"\b(?:{_WORD}(?:'s)?|{_WORD}(?:[ \-]{_WORD}){{0,2}}(?:'s)?)"
    rf"(?: {_LOWER}){{0,2}} (?:{'|'.join(HEADS)})\b"
    rf"|\b(?:{_LOWER} ){{1,2}}(?:descent|sampling|inference|minimization|maximization|"
    rf"regression|dynamics|bandits?|iteration|programming|propagation|machines?)\b"
)
_CAPITALISED = re.compile(rf"(?<=[a-z,;] )(?:{_WORD})(?: (?:{_WORD}|of|the)){{0,2}} {_WORD}")
_STOP = frozenset(
    "we our this that the a an in on of for to and or with by from as is are be these "
    "which it its their such using via under new two one can both each all any".split()
)


def acronym_pairs(text: str) -> Iterator[tuple[str, str]]:
    """``(acronym, long form)`` for each ``long form (ACR)`` in ``text``."""
    for match in _ACRONYM.finditer(text):
        short = match.group(1)
        if sum(c.isupper() for c in short) < 2:
            continue
        before = text[max(0, match.start() - 120) : match.start()].rstrip()
        window = " ".join(before.split(" ")[-(len(short) + 3) :])
        start = schwartz_hearst(window, short)
        if start is None:
            continue
        long_form = window[start:].strip(" ,;:")
        words = long_form.split()
        if 1 < len(words) <= len(short) + 2 and words[0].casefold() not in _STOP:
            yield short, long_form


def head_names(text: str) -> list[str]:
    """The names in ``text`` that end in a head noun of :data:`HEADS`."""
    found = []
    for match in _HEAD_NAME.finditer(text):
        name = match.group(0)
        words = name.split()
        if words[0].casefold() in _STOP or len(words) < 2:
            continue
        found.append(name)
    return found


def capitalised_names(text: str) -> list[str]:
    """Two to four capitalised words inside a sentence."""
    return [m.group(0) for m in _CAPITALISED.finditer(text) if not m.group(0).isupper()]


def _known_forms() -> set[str]:
    from extractors.gazetteer import DEFAULT_FILES, data_path, load_entries, spelling_variants

    known = set()
    for kind, name in DEFAULT_FILES.items():
        for entry in load_entries(kind, data_path(name)):
            for form in entry.forms:
                known |= {v.casefold() for v in spelling_variants(form)}
    return known


def _key(name: str) -> str:
    key = re.sub(r"[\s\-']+", " ", name.casefold()).strip()
    return re.sub(r"(?<=[a-z]{3})s$", "", key)  # "gaussian processes" = "gaussian process"


def mine(records: Iterator[dict], kinds: set[str]) -> dict[tuple[str, str], dict]:
    """``(kind, key) -> {"df", "venues", "classical", "forms", "long_forms"}``."""
    table: dict[tuple[str, str], dict] = defaultdict(
        lambda: {"df": 0, "venues": Counter(), "classical": 0, "forms": Counter()}
    )
    for record in records:
        text = f"{record.get('title') or ''}. {record.get('abstract') or ''}"
        venue = record.get("venue", "")
        seen: dict[tuple[str, str], str] = {}
        if "acronym" in kinds:
            for short, long_form in acronym_pairs(text):
                seen.setdefault(
                    ("acronym", f"{short} = {_key(long_form)}"), f"{long_form} ({short})"
                )
        if "head" in kinds:
            for name in head_names(text):
                seen.setdefault(("head", _key(name)), name)
        if "capitalised" in kinds:
            for name in capitalised_names(text):
                seen.setdefault(("capitalised", _key(name)), name)
        for key, form in seen.items():
            row = table[key]
            row["df"] += 1
            row["venues"][venue] += 1
            row["classical"] += venue in CLASSICAL_VENUES
            row["forms"][form] += 1
    return table


def entry_frequencies(records: Iterator[dict], entries: list[dict]) -> list[tuple[str, int, int]]:
    """``(name, df, classical df)`` of each gazetteer entry: the abstracts holding any of
    its forms as whole words (case as written for ``case_sensitive`` entries).

    >>> entry_frequencies(iter([{"abstract": "We use the Gibbs sampler.", "venue": "uai"}]),
    ...                   [{"name": "Gibbs sampling", "aliases": ["Gibbs sampler"]}])
    [('Gibbs sampling', 1, 1)]
    """
    patterns = []
    for entry in entries:
        forms = [
            entry.get("name") or entry["term"],
            *entry.get("aliases", entry.get("variants", [])),
        ]
        alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
        patterns.append(re.compile(rf"(?<![\w\-])(?:{alternation})(?![\w\-])", flags))
    counts = [[0, 0] for _ in entries]
    for record in records:
        text = f"{record.get('title') or ''}. {record.get('abstract') or ''}"
        classical = record.get("venue", "") in CLASSICAL_VENUES
        for count, pattern in zip(counts, patterns, strict=True):
            if pattern.search(text):
                count[0] += 1
                count[1] += classical
    return [
        (entry.get("name") or entry["term"], df, classical)
        for entry, (df, classical) in zip(entries, counts, strict=True)
    ]


def _records(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def main(argv: list[str] | None = None) -> None:
    """Print the review sheet (tab-separated) for the corpus."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--kind", action="append", choices=["acronym", "head", "capitalised"])
    parser.add_argument("--min-df", type=int, default=8)
    parser.add_argument("--min-venues", type=int, default=3)
    parser.add_argument("--unknown-only", action="store_true", help="skip names already known")
    parser.add_argument("--sort", choices=["df", "classical"], default="classical")
    parser.add_argument("--frequencies-of", type=Path, help="print df of a JSONL of entries")
    args = parser.parse_args(argv)
    if args.frequencies_of:
        with open(args.frequencies_of, encoding="utf-8") as lines:
            entries = [json.loads(line) for line in lines if line.strip()]
        for name, df, classical in entry_frequencies(_records(args.corpus), entries):
            sys.stdout.write(f"{df}\t{classical}\t{name}\n")
        return
    table = mine(_records(args.corpus), set(args.kind or ["acronym", "head", "capitalised"]))
    known = _known_forms()
    out = sys.stdout
    out.write("kind\tdf\tvenues\tclassical\tknown\tform\tother forms\n")
    rows = sorted(table.items(), key=lambda item: -item[1][args.sort])
    for (kind, _), row in rows:
        if row["df"] < args.min_df or len(row["venues"]) < args.min_venues:
            continue
        form = row["forms"].most_common(1)[0][0]
        names = re.findall(r"^(.*?)(?: \(([^()]*)\))?$", form)[0]
        is_known = any(n.casefold() in known for n in names if n)
        if args.unknown_only and is_known:
            continue
        others = "; ".join(f for f, n in row["forms"].most_common(4)[1:] if n >= 3)
        out.write(
            f"{kind}\t{row['df']}\t{len(row['venues'])}\t{row['classical']}\t"
            f"{'yes' if is_known else 'no'}\t{form}\t{others}\n"
        )


if __name__ == "__main__":
    main()
