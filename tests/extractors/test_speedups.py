"""The shortcuts that make extraction fast find exactly what the plain ways find."""

from __future__ import annotations

import re
import time

import numpy
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import ORTH, SENT_START
from spacy.matcher import Matcher
from spacy.pipeline import Sentencizer

import extractors
from extractors.abbreviations import token_sequence_starts
from extractors.benchmarks import (
    _BENCHMARK_SHAPE_REACH,
    _NAMES_BEFORE_HEAD_REACH,
    ON_NAMES,
    BenchmarkRules,
    MetricRules,
)
from extractors.facts import sentence_bounds
from extractors.methods import _LIST
from extractors.names import (
    COMPOUND,
    COMPOUND_WITH_INNER_CAPITAL,
    compounds_with_inner_capital,
    lowercase_twin,
)
from extractors.proposal_cues import ProposalCues
from extractors.repos import SHIPPED_RULES, _url_matches
from extractors.scan import finditer_in_runs, finditer_near
from extractors.sentences import split_sentences
from extractors.spans import drop_caches, extension, set_extension
from extractors.wordlists import load_word_lists
from extractors.words import LeadingWords, letter_cuts

CUES = ProposalCues.from_word_lists(load_word_lists())
BENCHMARKS = BenchmarkRules.from_lists(load_word_lists())
METRICS = MetricRules.from_lists(load_word_lists())
PROPOSAL, CALLED, APPOSITION = CUES.proposal, CUES.called, CUES.apposition
_PROPOSAL_LOWER, _CALLED_LOWER = CUES.proposal_lower, CUES.called_lower
_APPOSITION_LOWER = CUES.apposition_lower
may_propose, may_call, may_name_in_apposition = (
    CUES.may_propose,
    CUES.may_call,
    CUES.may_name_in_apposition,
)

BLANK = spacy.blank("en")
# Letters and marks the patterns care about, a few non-ASCII letters that fold to ASCII
# ones (Kelvin sign, long s, dotted I), and white space of several kinds.
_EXOTIC = ["\u212a", "\u017f", "\u0130", "\u00e9", "\x1c", "\u3002", "..."]
ALPHABET = st.sampled_from([*"aAbBeEkKlLmMoOrRsStTwWyY019-./:+^@()[],;!?'\"_ \n\t", *_EXOTIC])
PIECES = st.sampled_from(
    [
        "we ",
        "We propose ",
        "our ",
        "this paper ",
        "called ",
        "dubbed ",
        "Llama-2 ",
        "GPT-4o ",
        "GrowCLIP ",
        "LoRA",
        "github.com/a/b",
        "https://x.org/y.",
        "www.site.com ",
        "x.github.io",
        "results ",
        "Evaluated ",
        "fine-tuning ",
        " and ",
        " or ",
        ". ",
        "(",
        ")",
        "Qwen2.5-7B",
        "ImageNet",
        "we present ",
        "refer to it as ",
        "denoted as ",
        "cannot",
        "Cannot ",
        "dont ",
        "Canny",
        "x(Llama",
        "BERTs",
        "bert",
        "Mistral",
        "Mis",
        "a" * 1005,
        "Llama" * 210,
        "An ",
        "a deep model, ",
        "Video-VAE, is designed ",
        ", are trained",
        "the resulting ",
        "The proposed method, ",
        "algorithm, ",
    ]
)
TEXTS = st.lists(st.one_of(ALPHABET, PIECES), max_size=60).map("".join)


@given(TEXTS)
@settings(max_examples=400, deadline=None)
def test_compound_words_with_inner_capitals_are_the_filtered_compounds(text) -> None:
    plain = [
        (m.start(), m.group(0))
        for m in COMPOUND.finditer(text)
        if any(ch.isupper() for ch in m.group(0)[1:])
    ]
    fast = [(m.start(), m.group(0)) for m in COMPOUND_WITH_INNER_CAPITAL.finditer(text)]
    assert fast == plain


@given(TEXTS)
@settings(max_examples=400, deadline=None)
def test_lowercase_twins_find_the_same_matches_in_ascii_text(text) -> None:
    if not text.isascii():
        return
    for pattern, twin in (
        (PROPOSAL, _PROPOSAL_LOWER),
        (CALLED, _CALLED_LOWER),
        (APPOSITION, _APPOSITION_LOWER),
        (BENCHMARKS.evaluation_cue, BENCHMARKS.evaluation_cue_lower),
    ):
        assert [m.span() for m in twin.finditer(text.lower())] == [
            m.span() for m in pattern.finditer(text)
        ]


def test_lowercase_twin_refuses_patterns_with_capitals() -> None:
    try:
        lowercase_twin(re.compile("Bench", re.IGNORECASE))
    except ValueError:
        return
    raise AssertionError("a pattern with a capital was accepted")


@given(TEXTS)
@settings(max_examples=400, deadline=None)
def test_sentences_are_searched_whenever_a_pattern_could_match(text) -> None:
    if not text.isascii():
        return
    if PROPOSAL.search(text):
        assert may_propose(text.lower())
    if CALLED.search(text):
        assert may_call(text.lower())
    if APPOSITION.search(text):
        assert may_name_in_apposition(text.lower())


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_sentence_boundaries_are_the_sentencizers(text) -> None:
    sentencizer = Sentencizer()  # spaCy's own, with its default punctuation
    ours, theirs = BLANK.make_doc(text), BLANK.make_doc(text)
    split_sentences(ours)
    sentencizer(theirs)
    assert numpy.array_equal(ours.to_array([SENT_START]), theirs.to_array([SENT_START]))


@given(TEXTS, TEXTS)
@settings(max_examples=150, deadline=None)
def test_sentence_bounds_kept_by_the_sections_component_are_those_read_back(title, abstract):
    nlp = _term_matcher_pipeline()
    doc = nlp.get_pipe("papergraph_sections")(extractors.make_doc(nlp, title, abstract))
    kept = sentence_bounds(doc)
    drop_caches(doc)
    assert sentence_bounds(doc) == kept


def test_the_only_ascii_sentence_final_marks_are_stops_and_marks() -> None:
    assert {c for c in Sentencizer.default_punct_chars if c.isascii()} == set(".!?")


def test_sentence_boundaries_already_set_are_kept() -> None:
    doc = BLANK.make_doc("One two. Three four")
    doc[1].is_sent_start = True
    split_sentences(doc)
    assert [token.is_sent_start for token in doc] == [True, True, False, True, False]


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_links_are_searched_only_around_markers(text) -> None:
    folded = text.casefold()
    assert [m.span() for m in _url_matches(text, folded)] == [
        m.span() for m in SHIPPED_RULES.url.finditer(text)
    ]


@given(
    st.lists(st.sampled_from(["A", "B", "(", ")", "x"]), max_size=30),
    st.lists(st.sampled_from(["A", "B", "x"]), min_size=1, max_size=3),
)
@settings(max_examples=200, deadline=None)
def test_token_sequences_are_found_as_the_matcher_finds_them(words, sequence) -> None:
    doc = spacy.tokens.Doc(BLANK.vocab, words=words or ["x"])
    matcher = Matcher(BLANK.vocab)
    matcher.add("seq", [[{"ORTH": word} for word in sequence]])
    expected = sorted(start for _, start, _ in matcher(doc))
    orth = doc.to_array(ORTH)
    assert token_sequence_starts(orth, [BLANK.vocab.strings[w] for w in sequence]) == expected


@given(TEXTS, TEXTS)
@settings(max_examples=300, deadline=None)
def test_family_words_found_through_flags_are_those_a_walk_finds(title, abstract) -> None:
    nlp = _term_matcher_pipeline()
    doc = extractors.make_doc(nlp, title, abstract)  # long runs cut as the pipeline cuts them
    words = nlp.get_pipe("papergraph_terms").family_words
    assert words.find(doc, doc.text) == words.walk(doc.text)


def test_family_words_cut_by_the_tokenizer_are_read_whole() -> None:
    nlp = spacy.blank("en")
    words = LeadingWords(
        nlp.vocab, exact=set(), folded={"cannot", "Llama"}, cuts=letter_cuts(nlp.tokenizer)
    )
    text = "We cannot tune x(Llama or llamas."
    doc = nlp(text)
    assert [t.text for t in doc[1:3]] == ["can", "not"]  # a special case cuts the word
    assert words.find(doc, text) == words.walk(text) == [(3, "cannot"), (17, "Llama")]


def test_extension_values_are_read_and_written_where_spacy_keeps_them() -> None:
    doc = BLANK("We use LoRA and GPT-4 here")
    span = doc[2:3]
    set_extension(doc, span, "pg_key", "method:lora")
    assert span._.pg_key == "method:lora" == extension(doc, doc[2:3], "pg_key")
    doc[4:5]._.pg_role = "used"
    assert extension(doc, doc[4:5], "pg_role") == "used"
    assert extension(doc, doc[4:5], "pg_rule") is None


_PIPELINE = []


def _term_matcher_pipeline():
    if not _PIPELINE:
        _PIPELINE.append(extractors.build_pipeline())
    return _PIPELINE[0]


# The patterns as they were written before their searches were sped up (extractors.scan).
_ON_NAMES_PLAIN = re.compile(
    ON_NAMES.pattern.replace(r"(?:o(?<!\wo)(?:n|ver)|a(?<!\wa)cross)", r"\b(?:on|across|over)", 1)
)
_LIST_PLAIN = re.compile(
    _LIST.pattern.replace(r"[A-Z](?<![\w\-.+/^][A-Z])", r"(?<![\w\-.+/^])[A-Z]")
)
SCAN_PIECES = st.sampled_from(
    [
        "based ",
        "research ",
        "work",
        "Bench",
        "bench",
        "-bench",
        "BENCH",
        "Eval",
        "QA",
        "World",
        "Gym",
        "Arena",
        "X",
        "x1",
        "@",
        "@1",
        "@k",
        "pass",
        "Recall",
        "top-",
        "top-5 accuracy",
        " score",
        "-score",
        "F1",
        "Macro-F1",
        "F_1",
        "benchmark",
        "benchmarks",
        "datasets",
        "test set",
        "corpus",
        " such as ",
        "including ",
        ": ",
        " on ",
        " over ",
        "across ",
        "the ",
        "MMLU",
        "GSM8K",
        "CIFAR-10",
        ", ",
        " and ",
        " or ",
        "Llama",
        "e.g., ",
        "é",
        "_",
        "A" * 70,
        "ab" * 40,
    ]
)
SCAN_TEXTS = st.lists(st.one_of(ALPHABET, PIECES, SCAN_PIECES), max_size=80).map("".join)


def _found(matches) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in matches]


@given(SCAN_TEXTS)
@settings(max_examples=600, deadline=None)
def test_searches_near_cues_find_what_finditer_finds(text) -> None:
    for pattern, cue, reach in (
        (BENCHMARKS.shape, BENCHMARKS.shape_cue, _BENCHMARK_SHAPE_REACH),
        (METRICS.shape, METRICS.cue, METRICS.reach),
        (BENCHMARKS.name_before_head, BENCHMARKS.head_cue, _NAMES_BEFORE_HEAD_REACH),
        (BENCHMARKS.head_then_names, BENCHMARKS.head_cue, 0),
    ):
        assert _found(finditer_near(pattern, cue, reach, text)) == _found(pattern.finditer(text))


@given(SCAN_TEXTS)
@settings(max_examples=600, deadline=None)
def test_rewritten_patterns_find_what_the_plain_ones_find(text) -> None:
    fast = [m.group() for m in compounds_with_inner_capital(text)]
    assert fast == [m.group() for m in COMPOUND_WITH_INNER_CAPITAL.finditer(text)]
    assert _found(ON_NAMES.finditer(text)) == _found(_ON_NAMES_PLAIN.finditer(text))
    assert _found(_LIST.finditer(text)) == _found(_LIST_PLAIN.finditer(text))


def test_searches_near_cues_stay_linear_in_long_runs() -> None:
    text = "aB" * 50_000 + " " + "x-bench " * 5_000
    started = time.perf_counter()
    assert len(list(compounds_with_inner_capital(text))) == 1
    assert len(list(finditer_near(BENCHMARKS.shape, BENCHMARKS.shape_cue, 42, text))) == 5_000
    assert time.perf_counter() - started < 2.0


def test_searches_near_cues_refuse_empty_matches() -> None:
    with pytest.raises(ValueError, match="empty match"):
        list(finditer_near(re.compile("x?"), re.compile("a"), 1, "a"))
    with pytest.raises(ValueError, match="empty match"):
        list(finditer_in_runs(re.compile("x?"), re.compile("a"), frozenset("a"), "a"))
