"""Benchmarks and metrics no gazetteer knows, found by their shape and their context.

``papergraph_benchmarks`` marks as ``BENCHMARK``:

* names shaped like benchmarks: ``RewardBench``, ``X-Bench``, ``X-QA``, ``X-Eval``,
  ``OlympicArena``, ``OSWorld``;
* ``NAME benchmark`` / ``NAME dataset`` / ``the NAME and NAME datasets`` /
  ``the benchmarks NAME and NAME``;
* the names listed after ``benchmarks such as`` / ``datasets including`` / ``datasets (``;
* name-shaped words after ``on`` / ``across`` in a sentence about evaluation or
  training (``experiments on GSM8K, MultiArith and SVAMP``).

``papergraph_metrics`` marks as ``METRIC``: ``pass@k``, ``Recall@10``,
``nDCG@10``, ``top-k accuracy``, ``F1-score`` and the like.

    >>> import spacy, extractors
    >>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
    >>> _ = nlp.add_pipe("papergraph_benchmarks"); _ = nlp.add_pipe("papergraph_metrics")
    >>> doc = nlp("We evaluate on the PoseBench and Plinder datasets and report pass@1.")
    >>> [(s.text, s.label_) for s in doc.spans["papergraph"]]
    [('PoseBench', 'BENCHMARK'), ('Plinder', 'BENCHMARK'), ('pass@1', 'METRIC')]
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extractors.keys import concept_key, fold
from extractors.names import UNIT, is_name_shaped, lowercase_twin, not_names, slash_parts
from extractors.scan import finditer_near
from extractors.spans import add_span, sentence_bounds, span_text, text_of
from extractors.terms import COMPOUND_SUFFIXES, generic_texts

__all__ = ["BenchmarkFinder", "MetricShapeFinder"]

# A name starts a word and is at most 60 characters long: both bounds keep every
# pattern linear in the text, however long a run of word characters it meets.
# ("and", "or" and "the" are no names: "experiments on ImageNet-1K and compare" must not
# read "ImageNet-1K" as a modifier of a list that starts with "and")
_NAME = r"(?<![\w\-.+/^])(?!(?:and|or|the)\b)(?:[A-Za-z0-9][\w\-.+/^]{0,58}[\w+]|[A-Z])"
BENCHMARK_SHAPE = re.compile(
    r"(?<![\w\-])(?:[A-Z][\w\-]{0,40}?(?:Bench|BENCH|Eval|EVAL|Arena|QA|World|Gym)"
    r"|[A-Za-z0-9]{1,40}-(?:Bench|bench|Eval|QA|Arena|Bench))(?:[-\d.]{0,8}[\w+]{0,20})?"
    r"(?![\w\-])"
)
_HEAD = r"(?:benchmarks?|datasets?|corpus|corpora|suites?|leaderboards?|test ?sets?|testbeds?)"
# Lists are bounded ({0,8}) so that no pattern backtracks over a whole long text.
HEAD_WORD = re.compile(rf"\b{_HEAD}\b")  # both head patterns need one: a cheap first test
NAME_BEFORE_HEAD = re.compile(
    rf"(?P<names>(?:(?:{_NAME})(?:,? (?:and|or) |, )){{0,8}}(?:{_NAME})) {_HEAD}\b"
)
# "benchmarks (e.g., A, B)", "benchmarks such as A (+12.2%), B (+8.6%) and C"
HEAD_THEN_NAMES = re.compile(
    rf"\b{_HEAD},?\s*(?:such as|including|like|e\.g\.,?|namely|:|\((?:\s*(?:e\.g|i\.e)\.,?)?)\s*"
    rf"(?P<names>(?:(?:the )?(?:{_NAME})(?: \d+\w*)?(?: \([^()]{{1,20}}\))?(?:,? (?:and|or) |, ))"
    rf"{{0,8}}(?:the )?(?:{_NAME}))"
)
# "the corruption benchmarks CIFAR10C, CIFAR100C and ImageNet-C": names right after the
# head (only name-shaped words count: "datasets like these" has none)
HEAD_BEFORE_NAMES = re.compile(
    rf"\b{_HEAD} (?P<names>(?:(?:{_NAME})(?:,? (?:and|or) |, )){{0,8}}(?:{_NAME}))"
)
# "\bon|\bacross|\bover", with the word-start test after the first letter, so that re can
# skip to the o's and a's of the text instead of trying the pattern at every character
ON_NAMES = re.compile(
    rf"(?:o(?<!\wo)(?:n|ver)|a(?<!\wa)cross)\s+(?:the\s+)?(?:\w+(?:-\w+)?\s+)?"
    rf"(?P<names>(?:(?:{_NAME})(?:,? (?:and|or) |, )){{0,8}}(?:{_NAME}))"
)
# Words after which "on X" is not where X was evaluated: "based on X", "research on X".
NOT_EVALUATED_AFTER = frozenset(
    "based build builds built depend depends effect effects emphasis focus focuses impact "
    "light relies rely research work works".split()
)
_MODEL_AFTER = re.compile(r" (?:models?|architectures?|networks?|backbones?|variants?)\b")
_WORD_BEFORE = re.compile(r"(\w+)\s*$")
EVALUATION_CUE = re.compile(
    r"\b(?:evaluat\w*|experiment\w*|result\w*|perform\w*|test\w*|benchmark\w*|achiev\w*|"
    r"outperform\w*|accuracy|state-of-the-art|sota|train\w*|fine-tun\w*|pre-?train\w*|score\w*|"
    r"gains?|improv\w*|surpass\w*)\b|\d ?%",  # "+7.6% on ImageCoDe"
    re.IGNORECASE,
)
METRIC_SHAPE = re.compile(
    r"(?<![\w@])(?:pass|Pass|PASS|Recall|recall|R|Hits|hits|P|Precision|precision|NDCG|nDCG|ndcg|MRR|"
    r"Acc|acc|Success|success|HR|MAP|mAP|AP)@(?:\d+|k|K)\b"
    r"|\btop-(?:\d+|k) (?:accuracy|error|recall)\b"
    r"|\b(?:F1|F-1|F_1|Macro-F1|Micro-F1|macro-F1|micro-F1)[- ]scores?\b"
)

# Every match of a pattern holds one of its cues: a text with none needs no search.
_METRIC_SHAPE_CUES = ("@", "top-", "score")
_BENCHMARK_SHAPE_CUES = ("Bench", "BENCH", "Eval", "EVAL", "Arena", "QA", "World", "Gym", "bench")
# ... and the pattern needs trying only a few characters before such a cue, found where
# it starts at most REACH characters after the match (see extractors.scan.finditer_near).
_METRIC_SHAPE_CUE, _METRIC_SHAPE_REACH = re.compile(r"@(?:\d|k|K)|top-(?:\d|k)|1[- ]score"), 10
# a suffix after a word character or a hyphen; the test comes after the suffix's first
# letter, so that re can skip to those letters instead of trying every character
_BENCHMARK_SHAPE_CUE = re.compile("|".join(
    [rf"{suffix[0]}(?<=[\w\-]{suffix[0]}){suffix[1:]}" for suffix in _BENCHMARK_SHAPE_CUES
     if suffix[0].isupper()] + ["-bench"]))  # fmt: skip
_BENCHMARK_SHAPE_REACH = 42  # a capital and 40 characters, or 40 characters and "-"
_HEAD_CUE = re.compile(rf"\b{_HEAD}")
_NAMES_BEFORE_HEAD_REACH = 600  # 9 names of 60 characters, joined by ", and ", then a space
_HEAD_CUES = ("benchmark", "dataset", "corpus", "corpora", "suite", "leaderboard", "test")
_EVALUATION_CUE_LOWER = lowercase_twin(EVALUATION_CUE)  # for lower-cased ASCII text


def _split_names(names: str) -> list[tuple[int, str]]:
    """``"A, B and the C"`` -> ``[(0, "A"), (3, "B"), (13, "C")]`` (offsets into ``names``);
    ``"AudioCap/Clotho"`` is two names."""
    return [(m.start() + offset, part) for m in re.finditer(_NAME, names)
            if m.group(0) not in ("and", "or", "the")
            for offset, part in slash_parts(m.group(0))]  # fmt: skip


class BenchmarkFinder:
    """The ``papergraph_benchmarks`` component (see the module docstring)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def _mark(self, doc: Doc, start: int, word: str, rule: str, generic: set[str],
              require_shape: bool) -> None:  # fmt: skip
        word = word.rstrip(".")
        if not word or word.casefold() in not_names() or fold(word) in generic:
            return
        if word.islower() or (require_shape and not (is_name_shaped(word) or word.isupper())):
            return
        if sum(ch.isalpha() for ch in word) < 2 or UNIT.match(word):  # "7B", "1.8B"
            return
        if word.split("-")[-1].casefold() in COMPOUND_SUFFIXES:  # "LM-generated"
            return
        span = doc.char_span(start, start + len(word), alignment_mode="expand")
        if span is not None:  # a token may hold more ("ImageNet-1K/22" of "ImageNet-1K/22K")
            text = word if span_text(doc, span) != word else None
            add_span(doc, span, "benchmark", concept_key("benchmark", word), rule, text=text)

    def __call__(self, doc: Doc) -> Doc:
        generic = generic_texts(doc)
        full_text = text_of(doc)
        if any(cue in full_text for cue in _BENCHMARK_SHAPE_CUES):
            for match in finditer_near(BENCHMARK_SHAPE, _BENCHMARK_SHAPE_CUE,
                                       _BENCHMARK_SHAPE_REACH, full_text):  # fmt: skip
                self._mark(doc, match.start(), match.group(0), "benchmark-shape", generic, False)
        heads = [cue for cue in _HEAD_CUES if cue in full_text]
        lowered = full_text.lower() if full_text.isascii() else None  # same offsets
        for offset, end in sentence_bounds(doc):
            text = full_text[offset:end]
            has_head = any(full_text.find(cue, offset, end) != -1 for cue in heads)
            if has_head and HEAD_WORD.search(text):
                for pattern, reach, shaped in ((NAME_BEFORE_HEAD, _NAMES_BEFORE_HEAD_REACH, False),
                                               (HEAD_THEN_NAMES, 0, False),
                                               (HEAD_BEFORE_NAMES, 0, True)):  # fmt: skip
                    for match in finditer_near(pattern, _HEAD_CUE, reach, text):
                        base = offset + match.start("names")
                        for start, word in _split_names(match.group("names")):
                            self._mark(doc, base + start, word, "benchmark-context", generic,
                                       shaped)  # fmt: skip
            if lowered is None:
                evaluation = EVALUATION_CUE.search(text)
            else:
                evaluation = _EVALUATION_CUE_LOWER.search(lowered[offset:end])
            if evaluation:
                for match in ON_NAMES.finditer(text):
                    before = _WORD_BEFORE.search(text, max(0, match.start() - 30), match.start())
                    if before and before.group(1).casefold() in NOT_EVALUATED_AFTER:
                        continue
                    if _MODEL_AFTER.match(text, match.end("names")):
                        continue  # "on training BERT/GPT-Base models": models, not data
                    base = offset + match.start("names")
                    for start, word in _split_names(match.group("names")):
                        self._mark(doc, base + start, word, "benchmark-context", generic, True)
        return doc


class MetricShapeFinder:
    """The ``papergraph_metrics`` component: metrics written by shape (``pass@k``)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        if not any(cue in text for cue in _METRIC_SHAPE_CUES):
            return doc
        for match in finditer_near(METRIC_SHAPE, _METRIC_SHAPE_CUE, _METRIC_SHAPE_REACH, text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None:
                add_span(doc, span, "metric", concept_key("metric", match.group(0)), "metric-shape")
        return doc


@Language.factory("papergraph_benchmarks", default_config={})
def make_benchmark_finder(nlp: Language, name: str) -> BenchmarkFinder:
    """Benchmarks and datasets found by shape and context."""
    return BenchmarkFinder(name)


@Language.factory("papergraph_metrics", default_config={})
def make_metric_shape_finder(nlp: Language, name: str) -> MetricShapeFinder:
    """Metrics written by shape: ``pass@k``, ``Recall@10``, ``top-1 accuracy``."""
    return MetricShapeFinder(name)
