"""Benchmarks and metrics no gazetteer knows, found by their shape and their context.

``papergraph_benchmarks`` marks as ``BENCHMARK``:

* names shaped like benchmarks: ``RewardBench``, ``X-Bench``, ``X-QA``, ``X-Eval``,
  ``OlympicArena``, ``OSWorld``;
* ``NAME benchmark`` / ``NAME dataset`` / ``the NAME and NAME datasets`` /
  ``the benchmarks NAME and NAME``;
* the names listed after ``benchmarks such as`` / ``datasets including`` / ``datasets (``;
* name-shaped words after ``on`` / ``across`` in a sentence about evaluation or
  training (``experiments on QuillMath, InkArith and NibQA``).

``papergraph_metrics`` marks as ``METRIC``: ``pass@k``, ``Recall@10``,
``nDCG@10``, ``top-k accuracy``, ``F1-score`` and the like.

    >>> import spacy, extractors
    >>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
    >>> _ = nlp.add_pipe("papergraph_benchmarks"); _ = nlp.add_pipe("papergraph_metrics")
    >>> doc = nlp("We evaluate on the QuillBench and Inkwell datasets and report pass@1.")
    >>> [(s.text, s.label_) for s in doc.spans["papergraph"]]
    [('QuillBench', 'BENCHMARK'), ('Inkwell', 'BENCHMARK'), ('pass@1', 'METRIC')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from extractors.facts import sentence_bounds, text_of
from extractors.keys import concept_key, fold
from extractors.name_kinds import DEFAULT_USAGE_FILE, load_name_usage
from extractors.names import UNIT, is_name_shaped, lowercase_twin, not_names, slash_parts
from extractors.scan import finditer_near
from extractors.spans import add_span, span_text
from extractors.terms import generic_texts
from extractors.wordlists import WordLists, load_word_lists

__all__ = ["BenchmarkFinder", "BenchmarkRules", "MetricRules", "MetricShapeFinder"]

# A name starts a word and is at most 60 characters long: both bounds keep every
# pattern linear in the text, however long a run of word characters it meets.
# ("and", "or" and "the" are no names: "experiments on ImageNet-1K and compare" must not
# read "ImageNet-1K" as a modifier of a list that starts with "and")
_NAME = r"(?<![\w\-.+/^])(?!(?:and|or|the)\b)(?:[A-Za-z0-9][\w\-.+/^]{0,58}[\w+]|[A-Z])"
# "\bon|\bacross|\bover", with the word-start test after the first letter, so that re can
# skip to the o's and a's of the text instead of trying the pattern at every character
ON_NAMES = re.compile(
    rf"(?:o(?<!\wo)(?:n|ver)|a(?<!\wa)cross)\s+(?:the\s+)?(?:\w+(?:-\w+)?\s+)?"
    rf"(?P<names>(?:(?:{_NAME})(?:,? (?:and|or) |, )){{0,8}}(?:{_NAME}))"
)
_WORD_BEFORE = re.compile(r"(\w+)\s*$")
# Lists of names are bounded ({0,8}) so that no pattern backtracks over a whole long text.
_NAMES = rf"(?:(?:{_NAME})(?:,? (?:and|or) |, )){{0,8}}(?:{_NAME})"
_BENCHMARK_SHAPE_REACH = 42  # a capital and 40 characters, or 40 characters and "-"
_NAMES_BEFORE_HEAD_REACH = 600  # 9 names of 60 characters, joined by ", and ", then a space


def _shortest_prefixes(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words no other word is a prefix of: a text holding none of them holds none of
    ``words``.

    >>> _shortest_prefixes(("suites", "suite", "test sets", "testbed"))
    ('suite', 'test sets', 'testbed')
    """
    return tuple(w for w in words if not any(o != w and w.startswith(o) for o in words))


@dataclass(frozen=True)
class BenchmarkRules:
    """The patterns of ``papergraph_benchmarks``, each with its pre-check, built from the
    word lists of ``benchmarks.toml`` (and ``compound_suffixes`` of ``terms.toml``)."""

    shape: re.Pattern[str]  # "RoboBench", "Tool-Bench"
    shape_cues: tuple[str, ...]  # every shape match holds one
    shape_cue: re.Pattern[str]  # ... found where the match can start (see finditer_near)
    head_cues: tuple[str, ...]  # every head match holds one
    head_word: re.Pattern[str]  # the three head patterns need one: a cheap first test
    head_cue: re.Pattern[str]
    name_before_head: re.Pattern[str]  # "the FooSet and BarSet datasets"
    head_then_names: re.Pattern[str]  # "benchmarks such as A (+12.2%), B (+8.6%) and C"
    head_before_names: re.Pattern[str]  # "the benchmarks FooSet and BarSet"
    not_evaluated_after: frozenset[str]
    model_after: re.Pattern[str]
    evaluation_cue: re.Pattern[str]
    evaluation_cue_lower: re.Pattern[str]  # for lower-cased ASCII text
    compound_suffixes: frozenset[str]

    @classmethod
    def from_lists(cls, lists: WordLists) -> BenchmarkRules:
        """The rules of ``lists``.

        >>> rules = BenchmarkRules.from_lists(load_word_lists())
        >>> rules.shape.findall("FooBench and Bar-Eval"), rules.head_cues[:2]
        (['FooBench', 'Bar-Eval'], ('benchmark', 'dataset'))
        """
        named, hyphened = (
            lists.words("benchmark_name_suffixes"),
            lists.words("benchmark_hyphen_suffixes"),
        )
        # a suffix after a word character or a hyphen; the test comes after the suffix's
        # first letter, so that re can skip to those letters instead of trying every character
        shape_cue = [
            rf"{re.escape(s[0])}(?<=[\w\-]{re.escape(s[0])}){re.escape(s[1:])}" for s in named
        ]
        shape_cue += [re.escape(f"-{s}") for s in hyphened if s not in named]
        head = lists.alternation("dataset_heads")
        follow = lists.alternation("names_follow")
        stems, words = lists.alternation("evaluation_stems"), lists.alternation("evaluation_words")
        evaluation_cue = re.compile(rf"\b(?:{stems}\w*|{words})\b|\d ?%", re.IGNORECASE)
        return cls(
            shape=re.compile(
                rf"(?<![\w\-])(?:[A-Z][\w\-]{{0,40}}?{lists.alternation('benchmark_name_suffixes')}"
                rf"|[A-Za-z0-9]{{1,40}}-{lists.alternation('benchmark_hyphen_suffixes')})"
                r"(?:[-\d.]{0,8}[\w+]{0,20})?(?![\w\-])"
            ),
            shape_cues=tuple(dict.fromkeys(named + hyphened)),
            shape_cue=re.compile("|".join(shape_cue)),
            head_cues=_shortest_prefixes(lists.words("dataset_heads")),
            head_word=re.compile(rf"\b{head}\b"),
            head_cue=re.compile(rf"\b{head}"),
            name_before_head=re.compile(rf"(?P<names>{_NAMES}) {head}\b"),
            head_then_names=re.compile(
                rf"\b{head},?\s*(?:{follow}|e\.g\.,?|:|\((?:\s*(?:e\.g|i\.e)\.,?)?)\s*"
                rf"(?P<names>(?:(?:the )?(?:{_NAME})(?: \d+\w*)?(?: \([^()]{{1,20}}\))?"
                rf"(?:,? (?:and|or) |, )){{0,8}}(?:the )?(?:{_NAME}))"
            ),
            head_before_names=re.compile(rf"\b{head} (?P<names>{_NAMES})"),
            not_evaluated_after=lists.set("not_evaluated_after"),
            model_after=re.compile(rf" {lists.alternation('model_nouns')}\b"),
            evaluation_cue=evaluation_cue,
            evaluation_cue_lower=lowercase_twin(evaluation_cue),
            compound_suffixes=lists.set("compound_suffixes"),
        )


@dataclass(frozen=True)
class MetricRules:
    """The pattern of ``papergraph_metrics`` and its pre-checks, built from the word lists
    ``metrics_at_k``, ``top_k_measures`` and ``f1_names``."""

    shape: re.Pattern[str]  # "pass@1", "top-5 error", "macro-F1 score"
    cues: tuple[str, ...]  # every match holds one
    cue: re.Pattern[str]  # ... starting at most ``reach`` characters after the match
    reach: int

    @classmethod
    def from_lists(cls, lists: WordLists) -> MetricRules:
        """The rules of ``lists``.

        >>> MetricRules.from_lists(load_word_lists()).shape.findall("pass@1, F1-score")
        ['pass@1', 'F1-score']
        """
        at_k, f1 = lists.words("metrics_at_k"), lists.words("f1_names")
        f1_ends = "|".join(dict.fromkeys(re.escape(name[-1]) for name in f1))
        return cls(
            shape=re.compile(
                rf"(?<![\w@]){lists.alternation('metrics_at_k')}@(?:\d+|k|K)\b"
                rf"|\btop-(?:\d+|k) {lists.alternation('top_k_measures')}\b"
                rf"|\b{lists.alternation('f1_names')}[- ]scores?\b"
            ),
            cues=("@", "top-", "score"),
            cue=re.compile(rf"@(?:\d|k|K)|top-(?:\d|k)|(?:{f1_ends})[- ]score"),
            # the cue starts after the name (at "@"), at "top-", or at an F1 name's last character
            reach=max(max(map(len, at_k)) + 1, max(map(len, f1))),
        )


def _split_names(names: str) -> list[tuple[int, str]]:
    """``"A, B and the C"`` -> ``[(0, "A"), (3, "B"), (13, "C")]`` (offsets into ``names``);
    ``"AudioCap/Clotho"`` is two names."""
    return [
        (m.start() + offset, part)
        for m in re.finditer(_NAME, names)
        if m.group(0) not in ("and", "or", "the")
        for offset, part in slash_parts(m.group(0))
    ]


class BenchmarkFinder:
    """The ``papergraph_benchmarks`` component (see the module docstring)."""

    def __init__(
        self, name: str, word_lists: str | None = None, name_usage: str | None = None
    ) -> None:
        self.name = name
        self.rules = BenchmarkRules.from_lists(load_word_lists(word_lists))
        self.usage = load_name_usage(name_usage)

    def _mark(
        self, doc: Doc, start: int, word: str, rule: str, generic: set[str], require_shape: bool
    ) -> None:
        word = word.rstrip(".")
        if not word or word.casefold() in not_names() or fold(word) in generic:
            return
        if word.islower():
            return
        if require_shape and not (is_name_shaped(word) or word.isupper()):
            return
        if require_shape and self.usage.kind(word) == "method":  # "on X": the corpus says
            return  # X is a method ("compare SIFT features on ...")
        if sum(ch.isalpha() for ch in word) < 2 or UNIT.match(word):  # "7B", "1.8B"
            return
        if word.split("-")[-1].casefold() in self.rules.compound_suffixes:  # "LM-generated"
            return
        span = doc.char_span(start, start + len(word), alignment_mode="expand")
        if span is not None:  # a token may hold more ("ImageNet-1K/22" of "ImageNet-1K/22K")
            text = word if span_text(doc, span) != word else None
            add_span(doc, span, "benchmark", concept_key("benchmark", word), rule, text=text)

    def _mark_names(
        self, doc: Doc, match: re.Match[str], offset: int, generic: set[str], shaped: bool
    ) -> None:
        """Mark each name of the group ``names`` of ``match`` (found at ``offset``)."""
        base = offset + match.start("names")
        for start, word in _split_names(match.group("names")):
            self._mark(doc, base + start, word, "benchmark-context", generic, shaped)

    def __call__(self, doc: Doc) -> Doc:
        rules = self.rules
        generic = generic_texts(doc)
        full_text = text_of(doc)
        if any(cue in full_text for cue in rules.shape_cues):
            shaped = finditer_near(rules.shape, rules.shape_cue, _BENCHMARK_SHAPE_REACH, full_text)
            for match in shaped:
                self._mark(doc, match.start(), match.group(0), "benchmark-shape", generic, False)
        heads = [cue for cue in rules.head_cues if cue in full_text]
        lowered = full_text.lower() if full_text.isascii() else None  # same offsets
        for offset, end in sentence_bounds(doc):
            text = full_text[offset:end]
            has_head = any(full_text.find(cue, offset, end) != -1 for cue in heads)
            if has_head and rules.head_word.search(text):
                self._names_around_heads(doc, text, offset, generic)
            if lowered is None:
                evaluation = rules.evaluation_cue.search(text)
            else:
                evaluation = rules.evaluation_cue_lower.search(lowered[offset:end])
            if evaluation:
                self._names_evaluated_on(doc, text, offset, generic)
        return doc

    def _names_around_heads(self, doc: Doc, text: str, offset: int, generic: set[str]) -> None:
        """The names before or after a dataset noun in the sentence ``text``."""
        rules = self.rules
        for pattern, reach, shaped in (
            (rules.name_before_head, _NAMES_BEFORE_HEAD_REACH, False),
            (rules.head_then_names, 0, False),
            (rules.head_before_names, 0, True),
        ):
            for match in finditer_near(pattern, rules.head_cue, reach, text):
                self._mark_names(doc, match, offset, generic, shaped)

    def _names_evaluated_on(self, doc: Doc, text: str, offset: int, generic: set[str]) -> None:
        """The names after ``on`` / ``across`` in a sentence about evaluation or training."""
        for match in ON_NAMES.finditer(text):
            before = _WORD_BEFORE.search(text, max(0, match.start() - 30), match.start())
            if before and before.group(1).casefold() in self.rules.not_evaluated_after:
                continue
            if self.rules.model_after.match(text, match.end("names")):
                continue  # "on training FooNet/BarNet models": models, not data
            self._mark_names(doc, match, offset, generic, True)


class MetricShapeFinder:
    """The ``papergraph_metrics`` component: metrics written by shape (``pass@k``)."""

    def __init__(self, name: str, word_lists: str | None = None) -> None:
        self.name = name
        self.rules = MetricRules.from_lists(load_word_lists(word_lists))

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        rules = self.rules
        if not any(cue in text for cue in rules.cues):
            return doc
        for match in finditer_near(rules.shape, rules.cue, rules.reach, text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None:
                add_span(doc, span, "metric", concept_key("metric", match.group(0)), "metric-shape")
        return doc


@Language.factory(
    "papergraph_benchmarks", default_config={"word_lists": None, "name_usage": DEFAULT_USAGE_FILE}
)
def make_benchmark_finder(
    nlp: Language, name: str, word_lists: str | None, name_usage: str | None
) -> BenchmarkFinder:
    """Benchmarks and datasets found by shape and context; ``name_usage``: the name-usage
    table (:mod:`extractors.name_kinds`) that keeps ``on X`` from names the corpus uses as
    methods (null: none)."""
    return BenchmarkFinder(name, word_lists, name_usage)


@Language.factory("papergraph_metrics", default_config={"word_lists": None})
def make_metric_shape_finder(nlp: Language, name: str, word_lists: str | None) -> MetricShapeFinder:
    """Metrics written by shape: ``pass@k``, ``Recall@10``, ``top-1 accuracy``."""
    return MetricShapeFinder(name, word_lists)
