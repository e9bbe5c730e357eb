"""Score extracted mentions against hand-annotated gold, and show why.

Gold records are in the format of ``shared/gold/dev.jsonl`` (``repos``,
``benchmarks``, ``metrics``, ``methods_proposed``, ``methods_mentioned``);
predictions are ``papergraph extract`` records. Matching follows the project's
reference scorer: surface strings are compared after folding case, spaces,
hyphens, dots and a few more characters; a gold ``Long Form (ACR)`` is matched by
the long form, the acronym or both; *relaxed* also accepts a prediction that
contains the gold (or is contained in it) when the shorter is at least half the
longer.

    >>> gold = [{"id": "p", "repos": [], "benchmarks": ["CIFAR-10"], "metrics": [],
    ...          "methods_proposed": ["Knowledge Integration (KIND)"], "methods_mentioned": []}]
    >>> pred = [{"id": "p", "mentions": [{"kind": "benchmark", "text": "CIFAR10"},
    ...          {"kind": "method", "text": "KIND", "role": "proposed"}]}]
    >>> s = evaluate(gold, pred)
    >>> s.scores["benchmarks"]["strict"].f1, s.scores["proposed"]["strict"].f1
    (1.0, 1.0)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FIELDS", "GOLD_KEYS", "Evaluation", "Score", "evaluate", "normalize", "normalize_url"]

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")


def normalize(text: str) -> str:
    """Fold a surface string the way the reference scorer does."""
    return re.sub(r"[\s\-._'\u2019{}^\\]+", "", text.translate(_DASHES).casefold())


def normalize_url(url: str) -> str:
    """Fold a URL: no scheme, no ``www.``, no ``.git``, no trailing slash or punctuation."""
    url = url.strip().rstrip(".,;:)]}>\"'")
    url = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
    url = re.sub(r"^www\.", "", url, flags=re.IGNORECASE)
    url = re.sub(r"\.git$", "", url)
    return url.rstrip("/").casefold()


def _variants(entry: str) -> set[str]:
    out = {normalize(entry)}
    pair = re.match(r"^(.*?)\s*\(([^()]+)\)\s*$", entry)
    if pair:
        out |= {normalize(pair.group(1)), normalize(pair.group(2))}
    return {v for v in out if v}


def _matches(pred: str, variants: set[str], relaxed: bool) -> bool:
    for gold in variants:
        if pred == gold:
            return True
        if relaxed and pred and gold:
            short, long_ = sorted((pred, gold), key=len)
            if short in long_ and len(short) * 2 >= len(long_):
                return True
    return False


@dataclass
class Score:
    """Counts and the precision, recall and F1 they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class FieldSpec:
    gold: Callable[[dict], list[str]]
    kind: str
    proposed_only: bool = False
    url: bool = False


FIELDS: dict[str, FieldSpec] = {
    "repos": FieldSpec(lambda g: g.get("repos", []), "repo", url=True),
    "benchmarks": FieldSpec(lambda g: g.get("benchmarks", []), "benchmark"),
    "metrics": FieldSpec(lambda g: g.get("metrics", []), "metric"),
    "methods": FieldSpec(
        lambda g: g.get("methods_proposed", []) + g.get("methods_mentioned", []), "method"
    ),
    "proposed": FieldSpec(lambda g: g.get("methods_proposed", []), "method", proposed_only=True),
}


@dataclass
class Evaluation:
    """Scores per field and mode (``strict``, ``relaxed``), with the strict misses
    and false positives per field as ``(paper id, text)``."""

    scores: dict[str, dict[str, Score]] = field(default_factory=dict)
    misses: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    false_positives: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    missing_papers: list[str] = field(default_factory=list)


GOLD_KEYS = ("repos", "benchmarks", "metrics", "methods_proposed", "methods_mentioned")


def _checked(
    records: Iterable[dict[str, Any]], wanted: tuple[str, ...], name: str, hint: str
) -> list[dict[str, Any]]:
    """``records`` as a list, each a dict with an ``id`` and one of the ``wanted`` keys;
    else ValueError naming the record (numbered from 1) of ``name``."""
    found = list(records)
    for number, record in enumerate(found, 1):
        if not isinstance(record, dict) or "id" not in record:
            raise ValueError(f"{name}: record {number} has no id")
        if not any(key in record for key in wanted):
            raise ValueError(
                f"{name}: record {number} (id {record['id']!r}) has none of "
                f"{', '.join(wanted)}; {hint}"
            )
    return found


def evaluate(
    gold: Iterable[dict[str, Any]],
    predictions: Iterable[dict[str, Any]],
    gold_name: str = "gold",
    predictions_name: str = "predictions",
) -> Evaluation:
    """Score ``predictions`` against ``gold`` (both iterables of records); a gold record
    without any gold field, or a prediction without ``mentions``, is a ValueError that
    names it (in ``gold_name`` or ``predictions_name``): the files may be swapped."""
    gold = _checked(gold, GOLD_KEYS, gold_name, "is it a mentions file? (gold comes first)")
    predictions = _checked(
        predictions, ("mentions",), predictions_name, "is it a gold file? (mentions come second)"
    )
    by_id = {str(p.get("id")): p.get("mentions", []) for p in predictions}
    result = Evaluation()
    result.missing_papers = [str(g["id"]) for g in gold if str(g["id"]) not in by_id]
    for name, spec in FIELDS.items():
        result.misses[name], result.false_positives[name] = [], []
        for mode in ("strict", "relaxed"):
            total = Score()
            relaxed = mode == "relaxed" and not spec.url
            for record in gold:
                paper_id = str(record["id"])
                wanted = [
                    ({normalize_url(u)} if spec.url else _variants(u), u) for u in spec.gold(record)
                ]
                chosen = [
                    m
                    for m in by_id.get(paper_id, [])
                    if m.get("kind") == spec.kind
                    and (not spec.proposed_only or m.get("role") == "proposed")
                ]
                predicted: dict[str, str] = {}
                for mention in chosen:
                    text = mention.get("text") or ""
                    folded = normalize_url(text) if spec.url else normalize(text)
                    if folded:
                        predicted.setdefault(folded, text)
                used: set[str] = set()
                for variants, surface in wanted:
                    hit = next(
                        (p for p in predicted if p not in used and _matches(p, variants, relaxed)),
                        None,
                    )
                    if hit is None:
                        total.fn += 1
                        if mode == "strict":
                            result.misses[name].append((paper_id, surface))
                    else:
                        used.add(hit)
                        total.tp += 1
                for folded, text in predicted.items():
                    if folded in used or any(_matches(folded, v, relaxed) for v, _ in wanted):
                        continue
                    total.fp += 1
                    if mode == "strict":
                        result.false_positives[name].append((paper_id, text))
            result.scores.setdefault(name, {})[mode] = total
    return result


def format_table(evaluation: Evaluation) -> str:
    """A Markdown table of precision, recall and F1 per field and mode."""
    lines = ["| field | mode | precision | recall | F1 | tp | fp | fn |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    for name, modes in evaluation.scores.items():
        for mode, s in modes.items():
            lines.append(
                f"| {name} | {mode} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} "
                f"| {s.tp} | {s.fp} | {s.fn} |"
            )
    return "\n".join(lines)
