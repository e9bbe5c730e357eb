"""The proposal rules (extractors/proposals.py, extractors/proposal_cues.py), on small texts.

The rules are pure functions of a :class:`Sentence` and the cues built from the word
lists, so most tests need no pipeline; the "pioneer" tests prove that a verb added to the
word-list file alone reaches the whole pipeline.
"""

from __future__ import annotations

import shutil

import pytest

import extractors
from extractors.proposals import ProposalCues, Sentence, after_called, after_verb, head_word
from extractors.wordlists import DEFAULT_DIRECTORY, WordLists, load_word_lists

CUES = ProposalCues.from_word_lists(load_word_lists())


def _after_verb(text: str, **options) -> list[tuple[str, str]]:
    """(name, kind) of what the first proposal cue of ``text`` proposes."""
    match = CUES.proposal.search(text)
    assert match is not None, text
    return [(p.text, p.kind) for p in after_verb(Sentence(text), match.end(), CUES, **options)]


def _after_called(text: str, **facts) -> list[str]:
    match = CUES.called.search(text)
    assert match is not None, text
    return [p.text for p in after_called(Sentence(text, **facts), match.end(), CUES)]


# --- a verb added to the word list reaches the pipeline ----------------------------------


def _with_pioneer(tmp_path):
    """A copy of the shipped word lists with "pioneer" added to proposal_verbs only."""
    directory = tmp_path / "word_lists"
    shutil.copytree(DEFAULT_DIRECTORY, directory)
    path = directory / "proposals.toml"
    text = path.read_text(encoding="utf-8")
    assert 'proposal_verbs = ["propose",' in text
    path.write_text(
        text.replace('proposal_verbs = ["propose",', 'proposal_verbs = ["pioneer", "propose",'),
        encoding="utf-8",
    )
    return directory


def _proposed(nlp, abstract: str) -> set[str]:
    [record] = extractors.extract([{"id": "p", "title": "A study", "abstract": abstract}], nlp=nlp)
    return {m["text"] for m in record["mentions"] if m["role"] == "proposed"}


@pytest.mark.parametrize(
    "abstract",
    [
        "We pioneer FooNet, a network for sparse graphs.",  # ASCII: the fast pre-check path
        "We pioneer FooNet, a network for sparse graphs (\u00e9t\u00e9).",  # the plain path
    ],
)
def test_a_verb_added_to_the_word_list_alone_proposes_in_the_pipeline(tmp_path, abstract):
    edited = extractors.build_pipeline(overrides={"paths.word_lists": str(_with_pioneer(tmp_path))})
    assert "FooNet" in _proposed(edited, abstract)
    assert "FooNet" not in _proposed(extractors.build_pipeline(), abstract)


def test_every_proposal_verb_passes_the_pre_check_and_the_pattern() -> None:
    lists = load_word_lists()
    for verb in lists.words("proposal_verbs"):
        for subject in lists.words("proposal_subjects"):
            sentence = f"{subject} {verb} foonet, a model."
            assert CUES.may_propose(sentence), sentence
            assert CUES.proposal_lower.search(sentence), sentence
            assert CUES.proposal.search(sentence.upper()), sentence


def test_a_new_list_changes_both_the_pattern_and_the_pre_check() -> None:
    shipped = load_word_lists()
    lists = WordLists(
        {**shipped.lists, "proposal_verbs": ("pioneer",), "naming_verbs": ("christen",)}
    )
    cues = ProposalCues.from_word_lists(lists)
    assert cues.may_propose("we pioneer x.") and cues.proposal.search("We pioneer X.")
    assert not cues.may_propose("we propose x.") and not cues.proposal.search("We propose X.")
    assert cues.may_call("which we christen x.") and cues.called.search("which we christen X.")


# --- after a proposal verb -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We present FooBench, a new benchmark.", [("FooBench", "benchmark")]),
        ("We propose BarScore, a metric for fluency.", [("BarScore", "metric")]),
        ("We introduce QuuxNet, a model.", [("QuuxNet", "method")]),
        (
            "We introduce two models, namely Foo-Lite and Foo-Plus.",
            [("Foo-Lite", "method"), ("Foo-Plus", "method")],
        ),
        ("We present exact-match, a decoding algorithm.", [("exact-match", "method")]),
        ("We introduce a new scheduler, Bar scheduler, that works.", [("Bar scheduler", "method")]),
        (
            "We propose Adaptive Foo Prompting for reasoning.",
            [("Adaptive Foo Prompting", "method")],
        ),
        ("We release Baz v2, a model.", [("Baz v2", "method")]),
        ("We propose GrowFoo (GF) for growth.", [("GrowFoo", "method")]),
        ("We propose to study the effect of noise.", []),
        ("This paper presents a review of methods.", []),
    ],
)
def test_the_name_after_a_proposal_verb_and_its_kind(text, expected) -> None:
    found = _after_verb(text)
    assert found[: len(expected)] == expected or found == expected


def test_a_long_form_and_its_acronym_are_proposed_together() -> None:
    text = "We propose Foo Bar Warmup (FBW), a framework."
    sentence = Sentence(text, long_forms={11: (11, 25, 27, 30)})
    found = after_verb(sentence, 11, CUES)
    assert [(p.text, p.kind) for p in found] == [("Foo Bar Warmup", "method"), ("FBW", "method")]


def test_a_generic_long_form_is_a_descriptor_and_a_review_no_contribution() -> None:
    text = "We introduce large language models (LLMs) named QuuxLM."
    generic = frozenset({"largelanguagemodels", "llms"})  # folded (extractors.keys.fold)
    sentence = Sentence(text, long_forms={13: (13, 34, 36, 40)}, generic=generic)
    # the long form and its acronym are descriptors of the name after them
    assert [p.text for p in after_verb(sentence, 13, CUES)] == ["QuuxLM"]
    review = Sentence("We present a systematic review (SR).", long_forms={13: (13, 30, 32, 34)})
    assert after_verb(review, 11, CUES) == []


def test_a_name_the_gazetteer_knows_after_descriptors_is_no_proposal() -> None:
    text = "We introduce two models, namely BERT."
    assert [p.text for p in after_verb(Sentence(text), 13, CUES)] == ["BERT"]
    known = Sentence(text, known=frozenset({text.index("BERT")}))
    assert after_verb(known, 13, CUES) == []


# --- after a naming cue --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('We average the weights; we call the mix "model stews."', ["model stews"]),
        ("A special case of our method, which we call LM up-lifting, is fast.", ["LM up-lifting"]),
        ("We build a base model called Foo-8B.", ["Foo-8B"]),
        ("This effect is referred to as catastrophic drift.", []),  # not our own work
        ('We study a phenomenon we refer to as the "drift gap".', []),  # a phenomenon
        ("We find a region called the dead zone.", []),
    ],
)
def test_the_name_a_naming_cue_gives_in_our_own_work(text, expected) -> None:
    assert _after_called(text) == expected


def test_a_name_proposed_elsewhere_makes_a_sentence_our_own_work() -> None:
    text = "FooNet uses a module called Bar Gate."
    assert _after_called(text) == []
    assert _after_called(text, own_names=("FooNet",)) == ["Bar Gate"]


def test_head_word() -> None:
    assert head_word("Data Sifting Network") == "network"
    assert head_word("(1)") == ""
