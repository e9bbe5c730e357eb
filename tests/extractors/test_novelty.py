"""Novelty as evidence of a proposal (issue 23, item 1): a name nearly absent from the
background abstracts, in the object of ``we`` + a making verb, is proposed without a listed
phrasing; a name seen in many abstracts, or a novel one outside that object, is not. All
texts are invented; the background names (BERT, ResNet) are used in hundreds of them."""

from __future__ import annotations

import pytest

from extractors.novelty import is_novel, novel_names, paper_count
from extractors.proposal_cues import ProposalCues
from extractors.proposals import Proposal, Sentence
from extractors.wordlists import WordLists, load_word_lists
from tests.extractors.conftest import found

CUES = ProposalCues.from_word_lists(load_word_lists())


def _novel(text: str, found_before: list[Proposal] | None = None) -> set[str]:
    return {p.text for p in novel_names(_sentence(text), found_before or [], CUES)}


def _sentence(text: str) -> Sentence:
    """The sentence with its one long form, ``long words (ACR)``, if any."""
    if "(" not in text:
        return Sentence(text)
    short_start = text.index("(") + 1
    short_end = text.index(")")
    long_words = len(text[short_start:short_end])  # one word per letter of the acronym
    long_start = len(" ".join(text[: short_start - 2].split()[:-long_words])) + 1
    pair = (long_start, short_start - 2, short_start, short_end)
    return Sentence(text, long_forms={long_start: pair})


def test_the_table_knows_common_names_and_not_new_ones():
    assert paper_count("BERT") > 100 and paper_count("ResNet") > 100
    assert paper_count("QuillFoo9X") == 0
    assert is_novel("QuillFoo9X") and not is_novel("BERT") and not is_novel("ink")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("We develop a very fast, sparse QuillGraphX model for graphs.", {"QuillGraphX"}),
        ("We design a compact two-stage QuillMixR pipeline.", {"QuillMixR"}),
        ("This paper presents a lightweight InkQRT9 tokenizer.", {"InkQRT9"}),
        # an acronym defined in the object, whatever its long form holds
        (
            "We devise a pooling of ink tokens (POIT) for sequence models.",
            {"pooling of ink tokens", "POIT"},
        ),
    ],
)
def test_a_novel_name_in_the_object_of_a_making_verb_is_proposed(text, names):
    assert _novel(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "We develop a very fast, sparse BERT model for graphs.",  # a name many abstracts use
        "We design a fast sampler that beats QuillGraphX.",  # after "that": another clause
        "We develop a fast sampler using QuillGraphX.",  # a borrowed name
        "We present a study of QuillGraphX.",  # after "of"
        "We provide a new angle, reformulating QuillGraphX as a graph.",  # a new clause
        "Prior work develops a fast QuillGraphX model.",  # not our voice
        "This paper describes our InkLabQX team's entry.",  # an owner
        "We train a fast QuillGraphX model.",  # no making verb
        "We previously developed a fast QuillGraphX model.",  # our earlier work
        "We design a pseudo-QuillGraphX sampler.",  # a word before a name
        "We present a comparative review of ink models (CRIM).",
        "We propose a new Quill Ink Tracing (QIT) task for models.",  # a task  # no contribution of ours
    ],
)
def test_no_novel_name_outside_the_object_of_a_making_verb(text):
    assert _novel(text) == set()


@pytest.mark.parametrize(
    ("name", "novel"),
    [
        ("QuillGAN-Mix", True),
        ("Quill-GAN", True),  # a new model named after a known one
        ("CMOS+GAN", False),  # known names combined
        ("SLAM-Supported", False),  # a known name and what it modifies
        ("1.31MPa", False),  # a quantity
        ("MAsked", False),  # capitals spelling an acronym
        ("AlIgned", False),
        ("ContraInk", True),
        ("results12Further", False),  # words run together
    ],
)
def test_what_counts_as_a_novel_name(name, novel):
    assert is_novel(name) == novel


def test_a_modifier_or_a_name_proposed_already_is_left_alone():
    assert _novel("We design an InkQX-aware sampler.") == set()
    assert _novel("We design a new InkQX-MC algorithm PART.") == set()
    sentence = Sentence("We build the InkQX corpus.", own_names=("InkQX",))
    assert novel_names(sentence, [], CUES) == []


def test_capitals_alone_are_a_name_only_where_defined():
    assert _novel("We design NOR and XNOR gates of ink.") == set()


def test_a_name_found_already_closes_the_object():
    text = "We propose QuillNetZ, a QuillPFNQ trained on ink."
    first = [Proposal(11, 20, "method", "proposal", "QuillNetZ")]
    assert _novel(text, first) == set()


def test_the_stop_words_are_data():
    shipped = load_word_lists()
    lists = WordLists({**shipped.lists, "novelty_object_stops": ("beside",)})
    cues = ProposalCues.from_word_lists(lists)
    text = "We develop a fast sampler beside QuillGraphX."
    assert {p.text for p in novel_names(Sentence(text), [], cues)} == set()
    assert _novel(text) == {"QuillGraphX"}


def test_through_the_pipeline_a_novel_name_is_proposed(mentions):
    abstract = "We develop a very fast, sparse QuillGraphX model for graphs."
    assert "QuillGraphX" in found(mentions("A study", abstract), role="proposed")
    abstract = "We develop a very fast, sparse BERT model for graphs."
    assert "BERT" not in found(mentions("A study", abstract), role="proposed")
