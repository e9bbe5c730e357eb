"""The kind of a name no gazetteer knows: from the words around it, then from how the
corpus uses it, and only then a method by default.

A name is data in ``trained on X``, ``the X corpus`` or ``X contains 10k images``; a
method in ``we apply X``, ``X outperforms`` or ``X-based``; a metric in ``measured by X``
or ``X of 85.3``. The cue words are data (``name_contexts.toml``, see
:mod:`extractors.wordlists`). Where a paper gives no cue, the name-usage table decides:
per name, how often 86,422 real abstracts use it in each kind of context
(``data/name_usage.tsv``, mined by ``benchmarks/mine_name_usage.py`` with
:func:`context_kind` itself).

    >>> cues = ContextCues.from_lists(load_word_lists())
    >>> text = "We train on QuillSet and InkSet. FooNet-based agents beat BarLM."
    >>> [context_kind(text, m.start(), m.end(), cues)
    ...  for m in re.finditer(r"QuillSet|InkSet|FooNet|BarLM", text)]
    ['benchmark', 'benchmark', 'method', None]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from extractors.facts import sentence_of
from extractors.gazetteer import data_path
from extractors.keys import fold
from extractors.wordlists import WordLists, load_word_lists

__all__ = [
    "DEFAULT_USAGE_FILE",
    "ContextCues",
    "NameUsage",
    "context_kind",
    "decide_kind",
    "kinds_in_paper",
    "load_name_usage",
    "shipped_cues",
]

DEFAULT_USAGE_FILE = "name_usage.tsv"
USAGE_KINDS = ("benchmark", "method", "metric")  # the columns of the usage table, in order
_REACH = 90  # characters read on each side of a name (a cue and a few listed names)
_JOINS = frozenset({"and", "or", ",", "&"})
_PUNCTUATION = ",.;:()[]\"'"
_APPOSITION_REACH = 5  # "X, a new large-scale multilingual dataset": words up to the noun
_LONGEST_CUE = 5  # words: "state of the art on"
_QUANTIFIERS = frozenset({"over", "about", "around", "nearly", "approximately", "roughly"})
_NOT_COUNTS = frozenset({"of", "than"})  # "consists of", "more than"


def _listed(word: str) -> bool:
    """Could ``word`` be a name in a list (capitalised, a number, or ``(ACR)``)?"""
    return word[:1].isupper() or word[:1].isdigit() or word[:1] == "("


def _phrases(lists: WordLists, *names: str) -> frozenset[str]:
    return frozenset(" ".join(w.split()) for name in names for w in lists.words(name))


@dataclass(frozen=True)
class ContextCues:
    """The cue phrases of ``name_contexts.toml``, lower-case, as sets: words come off the
    text around a name and are looked up (no pattern searches a window: this runs for
    every unknown name of every paper)."""

    before: tuple[tuple[str, frozenset[str]], ...]  # kind -> phrases ending before a name
    after: tuple[tuple[str, frozenset[str]], ...]  # kind -> one or two words after it
    dataset_verbs: frozenset[str]  # "X contains 10k images" (a count follows)
    appositions: tuple[tuple[str, frozenset[str]], ...]  # "X, a ... dataset"
    method_suffixes: frozenset[str]  # "X-based"
    metric_value: re.Pattern[str]  # "X of 85.3", "X = 0.91"

    @classmethod
    def from_lists(cls, lists: WordLists) -> ContextCues:
        """The cues of ``lists``.

        >>> cues = ContextCues.from_lists(load_word_lists())
        >>> [kind for kind, _ in cues.before], "trained on" in cues.before[0][1]
        (['benchmark', 'method', 'metric'], True)
        """
        links = lists.alternation("metric_links_to_number")
        return cls(
            before=(
                ("benchmark", _phrases(lists, "dataset_cues_before")),
                ("method", _phrases(lists, "method_cues_before")),
                ("metric", _phrases(lists, "metric_cues_before")),
            ),
            after=(
                ("benchmark", _phrases(lists, "dataset_nouns_after")),
                ("method", _phrases(lists, "method_words_after")),
                ("metric", _phrases(lists, "metric_words_after")),
            ),
            dataset_verbs=_phrases(lists, "dataset_verbs_after"),
            appositions=(
                ("benchmark", _phrases(lists, "dataset_apposition_nouns")),
                ("method", _phrases(lists, "method_apposition_nouns")),
            ),
            method_suffixes=_phrases(lists, "method_suffixes_after"),
            metric_value=re.compile(rf"\s*{links}\s*(?:\d+\.\d+|\d+(?:\.\d+)?\s?%)"),
        )

    def kinds_before(self, before: str) -> set[str]:
        """The kinds whose cue ends ``before``, past a list of names: ``on X, Y and``.

        >>> cues = ContextCues.from_lists(load_word_lists())
        >>> cues.kinds_before("We train on the FooSet, BarSet and"), cues.kinds_before("on")
        ({'benchmark'}, set())
        """
        words = before.split()
        end, joined = len(words), False
        for _ in range(12):  # at most five names and their joins
            if not end:
                break
            word = words[end - 1]
            if word.lower() in _JOINS or word.lower() == "the":
                joined = joined or word.lower() != "the"
            elif word.endswith(",") and _listed(word):  # "X," of "on X, Y"
                joined = True
            elif joined and _listed(word) and not word.startswith("("):
                joined = False
            elif not (word.startswith("(") and word.rstrip(",").endswith(")")):
                break
            end -= 1
        tail = [w.lower() for w in words[max(0, end - _LONGEST_CUE) : end]]
        phrases = {" ".join(tail[-k:]) for k in range(1, len(tail) + 1)}
        return {kind for kind, cues in self.before if not phrases.isdisjoint(cues)}

    def kinds_after(self, after: str) -> set[str]:
        """The kinds the words after a name (past a list of names) give it.

        >>> cues = ContextCues.from_lists(load_word_lists())
        >>> cues.kinds_after(" and BarSet datasets"), cues.kinds_after("-based agents")
        ({'benchmark'}, {'method'})
        >>> cues.kinds_after(" contains 12k clips"), cues.kinds_after(" of 85.3 on X")
        ({'benchmark'}, {'metric'})
        """
        if after.startswith("-"):
            suffix = after[1:].split(None, 1)[0].strip(_PUNCTUATION).lower() if after[1:] else ""
            return {"method"} if suffix in self.method_suffixes else set()
        if self.metric_value.match(after):
            return {"metric"}
        words = after.replace(",", " , ").split()
        start, joined = 0, False
        while start < len(words) and start < 12:
            word = words[start]
            if word.lower() in _JOINS or word.lower() == "the":
                joined = joined or word.lower() != "the"
            elif word.startswith("(") and word.endswith(")"):
                pass  # "X (ACR) and Y"
            elif joined and _listed(word):
                joined = False
            else:
                break
            start += 1
        following = [w.strip(_PUNCTUATION).lower() for w in words[start : start + 4]]
        if not following:
            return set()
        phrases = {following[0], " ".join(following[:2])}
        kinds = {kind for kind, cues in self.after if not phrases.isdisjoint(cues)}
        if not phrases.isdisjoint(self.dataset_verbs):  # "X contains 10k images"
            counted = [w for w in following[1:] if w not in _QUANTIFIERS and w not in _NOT_COUNTS]
            if counted and counted[0][:1].isdigit():  # "X consists of over 1,200 scenes"
                kinds.add("benchmark")
        if start and words[start - 1] == "," and following[0] in ("a", "an"):
            described = {
                w.strip(_PUNCTUATION).lower()
                for w in words[start + 1 : start + 1 + _APPOSITION_REACH]
            }
            kinds |= {kind for kind, nouns in self.appositions if not described.isdisjoint(nouns)}
        return kinds


def context_kind(
    text: str, start: int, end: int, cues: ContextCues, lower: int = 0, upper: int | None = None
) -> str | None:
    """The kind the words around ``text[start:end]`` give it (reading no further than
    ``text[lower:upper]``, its sentence), or None when none or two kinds' cues match.

    >>> cues = ContextCues.from_lists(load_word_lists())
    >>> text = "QuillSet contains 12k images; compared with FooNet, in terms of InkScore."
    >>> [context_kind(text, m.start(), m.end(), cues)
    ...  for m in re.finditer(r"QuillSet|FooNet|InkScore", text)]
    ['benchmark', 'method', 'metric']
    """
    upper = len(text) if upper is None else upper
    kinds = cues.kinds_before(text[max(lower, start - _REACH) : start])
    kinds |= cues.kinds_after(text[end : min(upper, end + _REACH)])
    return kinds.pop() if len(kinds) == 1 else None


@dataclass(frozen=True)
class NameUsage:
    """How real abstracts use names: folded name -> (benchmark, method, metric) counts of
    the contexts :func:`context_kind` typed. Only names with a clear majority are kept.

    >>> usage = NameUsage({"quillset": (9, 1, 0)})
    >>> usage.kind("QuillSet"), usage.kind("FooNet")
    ('benchmark', None)
    """

    counts: Mapping[str, tuple[int, int, int]]

    def kind(self, name: str) -> str | None:
        """The kind the corpus mostly uses ``name`` as, if the table has it."""
        found = self.counts.get(fold(name))
        if found is None:
            return None
        best = max(found)
        return USAGE_KINDS[found.index(best)] if found.count(best) == 1 else None


def load_name_usage(file: str | None = DEFAULT_USAGE_FILE) -> NameUsage:
    """The name-usage table in ``file`` (a path, or a file name in ``extractors/data``);
    None: an empty table.

    >>> load_name_usage().kind("ImageNet-R") in (None, "benchmark")
    True
    """
    return _load_usage(file)


@lru_cache(maxsize=4)
def _load_usage(file: str | None) -> NameUsage:
    if file is None:
        return NameUsage({})
    path = data_path(file) if "/" not in file else file
    counts: dict[str, tuple[int, int, int]] = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            name, *numbers = line.rstrip("\n").split("\t")
            benchmark, method, metric = (int(n) for n in numbers)
            counts[fold(name)] = (benchmark, method, metric)
    return NameUsage(counts)


def decide_kind(
    name: str,
    found_as: Iterable[str],
    contexts: Iterable[str | None],
    usage: NameUsage,
    default: str = "method",
) -> str | None:
    """The kind of an unknown name in one paper, None for neither: the kind other rules
    found it as there (when they agree); else the kind most of its contexts in the paper
    give, unless the name-usage table knows the name as another kind and only one context
    says otherwise (many papers outweigh one cue); else its kind in the table; else
    ``default``. Metric cues are the weakest (a sensor is "measured by" too), so one of
    them alone makes a metric only with the table's support, and otherwise neither.

    >>> usage = NameUsage({"quillset": (9, 1, 0)})
    >>> decide_kind("QuillSet", [], [None], usage), decide_kind("QuillSet", [], ["method"], usage)
    ('benchmark', 'benchmark')
    >>> decide_kind("QuillSet", [], ["method", "method"], usage)
    'method'
    >>> decide_kind("FooNet", ["benchmark"], ["method"], usage), decide_kind("BarLM", [], [], usage)
    ('benchmark', 'method')
    >>> [decide_kind("BarRate", [], ["metric"] * n, usage) for n in (1, 2)]
    [None, 'metric']
    """
    found = set(found_as)
    if len(found) == 1:
        return found.pop()
    known = usage.kind(name)
    votes = Counter(kind for kind in contexts if kind is not None).most_common(2)
    if votes and (len(votes) == 1 or votes[0][1] > votes[1][1]):
        kind, count = votes[0]
        if kind == "metric" and count == 1 and known != "metric":
            return None
        if known is None or kind == known or count > 1:
            return kind
    return known or default


@lru_cache(maxsize=8)
def shipped_cues(word_lists: str | None = None) -> ContextCues:
    """The cues of the word lists in ``word_lists`` (the shipped ones by default)."""
    return ContextCues.from_lists(load_word_lists(word_lists))


def kinds_in_paper(
    text: str,
    names: list[tuple[int, int, str]],
    bounds: list[tuple[int, int]],
    found_as: Mapping[str, set[str]],
    cues: ContextCues,
    usage: NameUsage,
) -> dict[str, str | None]:
    """Folded name -> kind (None: neither) for the unknown ``names`` (``(start, end, text)``)
    of one paper, each decided once over all its occurrences (:func:`decide_kind`);
    ``bounds``: the sentences, ``found_as``: the kinds other rules found each text as.

    >>> text = "We train on QuillSet. QuillSet is hard for FooNet."
    >>> names = [(12, 20, "QuillSet"), (22, 30, "QuillSet"), (43, 49, "FooNet")]
    >>> kinds_in_paper(text, names, [(0, 21), (22, 50)], {}, shipped_cues(), NameUsage({}))
    {'quillset': 'benchmark', 'foonet': 'method'}
    """
    contexts: dict[str, list[str | None]] = {}
    for start, end, name in names:
        folded = fold(name)
        if len(found_as.get(folded, ())) == 1:  # another rule's kind decides: no need to read
            contexts.setdefault(folded, [])
            continue
        lower, upper = sentence_of(bounds, start)
        contexts.setdefault(folded, []).append(context_kind(text, start, end, cues, lower, upper))
    return {
        folded: decide_kind(folded, found_as.get(folded, ()), kinds, usage)
        for folded, kinds in contexts.items()
    }
