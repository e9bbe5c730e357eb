"""Proposal detection from the structure of the sentence (issue 23, item 1): the paper's own
voice, any form of a verb of making or giving from the word list, and the name in its
object, apposition or a ``namely`` / ``called`` phrase; each phrasing with a positive and a
negative case, first through the whole pipeline, then on the rules alone. All texts are
invented."""

from __future__ import annotations

import pytest

from extractors.proposal_cues import ProposalCues, inflect
from extractors.proposals import Sentence, after_called
from extractors.wordlists import load_word_lists
from tests.extractors.conftest import found

CUES = ProposalCues.from_word_lists(load_word_lists())


# --- through the pipeline: what is proposed, and what is not -----------------------------


@pytest.mark.parametrize(
    ("abstract", "proposed"),
    [
        # the verb in any form, after an auxiliary or "by"
        ("By introducing QuillNet, we halve the cost of ink models.", {"QuillNet"}),
        ("We are releasing QuillNet, a model for ink traces.", {"QuillNet"}),
        ("We have developed QuillNet, a model for ink traces.", {"QuillNet"}),
        ("We built QuillNet, a model for ink traces.", {"QuillNet"}),
        ("This paper describes QuillNet, a model for ink traces.", {"QuillNet"}),
        # giving verbs
        ("We provide QuillBench, a benchmark of ink traces.", {"QuillBench"}),
        (
            "We derive a Sparse Ink Gradient Estimator, and present its variance.",
            {"Sparse Ink Gradient Estimator"},
        ),
        # two variants, namely
        (
            "We find two variants, QuillNet-S and QuillNet-L, that work best.",
            {"QuillNet-S", "QuillNet-L"},
        ),
        ("Our method has two parts, namely InkPool and InkMix.", {"InkPool", "InkMix"}),
        # a name in apposition to what the sentence calls new
        (
            "We add a novel subroutine, Adaptive Ink Rounding (AIR), to the solver.",
            {"Adaptive Ink Rounding", "AIR"},
        ),
        ("We introduce ink folding, a technique that shrinks models.", {"ink folding"}),
        # naming cues, however many words sit between
        ("We call the resulting models QuillLM.", {"QuillLM"}),
        ("We call our approach network inking, which is fast.", {"network inking"}),
        (
            "We call the resulting family of models QuillLM-S and QuillLM-L.",
            {"QuillLM-S", "QuillLM-L"},
        ),
        (
            "We call this method stochastic ink pooling of tokens, which is fast.",
            {"stochastic ink pooling of tokens"},
        ),
        # released variants of a proposed name
        (
            "We introduce QuillLM. We also release QuillLM-7B and QuillLM-Instruct.",
            {"QuillLM", "QuillLM-7B", "QuillLM-Instruct"},
        ),
    ],
)
def test_a_proposal_is_found_from_the_structure_of_the_sentence(mentions, abstract, proposed):
    assert found(mentions("A study", abstract), role="proposed") == proposed


@pytest.mark.parametrize(
    "abstract",
    [
        "We use QuillNet for ink traces.",
        "We compare with QuillNet on ink traces.",
        "QuillNet (Smith et al.) proposed a model for ink traces.",
        "We build on QuillNet for ink traces.",
        "Prior work improved ink models by introducing QuillNet.",  # not our voice
        "Namely QuillNet and InkMix are strong.",  # not our voice
        "We provide GPT-4 with tools for ink traces.",  # a known name after a giving verb
        "We compare two baselines, namely BERT and RoBERTa.",  # known names after namely
        "We provide QuillNet and InkMix lower bounds for ink traces.",  # names as modifiers
        "We provide a new angle, reformulating QuillNet as a graph model.",  # a new clause
        "This paper describes InkLab's system for ink traces.",  # an owner, no name
        "The team proposed a new method, QuillNet, for ink traces.",  # not our voice
        "We test on two ink datasets, namely InkSet-A and InkSet-B.",  # namely, nothing made
        "We pose a novel task, ink voice reading (IVR), for the field.",  # a task, no method
        "We formulate the Ink Instance Detection (IID) problem and propose a fix.",  # a problem
        "A novel scheme combining the InkA, InkB and InkC is proposed.",
        "We propose an O(n) algorithm for ink traces.",  # mathematics, no name
        "We derive $O(1/n)$ bounds for ink traces.",
    ],
)
def test_no_proposal_where_the_sentence_does_not_make_one(mentions, abstract):
    assert found(mentions("A study", abstract), role="proposed") == set()


def test_unlike_x_we_propose_y_proposes_only_y(mentions):
    abstract = "Unlike QuillNet, we propose InkMix, a model for ink traces."
    assert found(mentions("A study", abstract), role="proposed") == {"InkMix"}


def test_a_new_name_in_apposition_in_a_sentence_that_creates_needs_no_we(mentions):
    abstract = "Hence a new dataset, InkSet, is introduced for ink traces."
    assert found(mentions("A study", abstract), kind="benchmark", role="proposed") == {"InkSet"}


def test_a_new_benchmark_in_apposition_is_a_benchmark(mentions):
    abstract = "We evaluate on a new ink benchmark, QuillBench, with many tasks."
    assert found(mentions("A study", abstract), kind="benchmark", role="proposed") == {"QuillBench"}


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("quillnet: ink models at scale", "quillnet"),
        ("quill 2: ink models at scale", "quill 2"),
        ("Quill 2: Ink Models at Scale", "Quill 2"),
    ],
)
def test_a_title_prefix_is_a_name_whatever_its_case(mentions, title, name):
    assert name in found(mentions(title, ""), role="proposed")


@pytest.mark.parametrize("title", ["the: a study", "Part 2: More Results", "Towards: Ink Models"])
def test_a_title_prefix_of_a_function_word_or_stop_is_no_name(mentions, title):
    assert found(mentions(title, ""), role="proposed") == set()


# --- the rules alone ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verb", "forms"),
    [
        ("propose", ("propose", "proposes", "proposed", "proposing")),
        ("release", ("release", "releases", "released", "releasing")),
        ("build", ("build", "builds", "builded", "building")),  # "built" is listed as data
        ("put forward", ("put forward", "puts forward", "putted forward", "putting forward")),
        ("apply", ("apply", "applies", "applied", "applying")),
        ("establish", ("establish", "establishes", "established", "establishing")),
    ],
)
def test_every_form_of_a_listed_verb_comes_from_the_list(verb, forms):
    assert inflect(verb) == forms


def test_every_form_of_every_verb_passes_the_pre_check_and_the_pattern():
    lists = load_word_lists()
    forms = [f for verb in lists.words("proposal_verbs") for f in inflect(verb)[1:]]
    for form in [*forms, *lists.words("proposal_verb_irregular_forms")]:
        sentence = f"we {form} foonet, a model."
        assert CUES.may_propose(sentence), sentence
        assert CUES.proposal_lower.search(sentence), sentence
    assert CUES.proposal.search("By introducing FooNet, we win.")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("we call the resulting models QuillLM.", ["QuillLM"]),
        ('we call this family of models "Ink".', ["Ink"]),
        ("we call it stochastic ink of tokens, which helps.", ["stochastic ink of tokens"]),
        ("we call it stochastic ink of the model.", ["stochastic ink"]),  # cut at "of the"
        ("we call it ink in Section 2.", ["ink"]),  # no skipping past a preposition
        ("a loss called depth-aware Ink loss, which we use.", ["depth-aware Ink loss"]),
    ],
)
def test_a_naming_cue_reaches_its_name_within_the_clause(text, names):
    match = CUES.called.search(text)
    assert [p.text for p in after_called(Sentence(text), match.end(), CUES)] == names
