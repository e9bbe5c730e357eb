"""Research topics: the papergraph_topics component, its mined vocabulary, and term evidence."""

from __future__ import annotations

import importlib.util

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import extractors  # noqa: F401  (registers the factories)
from extractors import build_pipeline, extract
from extractors.topics import load_vocabulary, topic_key
from graph.building.background import Background, background, candidate_terms, chunks
from graph.building.text_links import shared_terms, term_vectors, text_links
from tests.conftest import PROJECT

ROOT = PROJECT


def finder(*phrases: str):
    nlp = spacy.blank("en")
    nlp.add_pipe("papergraph_topics", config={"vocabulary": list(phrases)})
    return nlp


def topics(nlp, text: str) -> list[tuple[str, str]]:
    return [(s.text, s._.pg_key) for s in nlp(text).spans["papergraph"]]


def test_the_longest_phrase_wins_and_keys_fold_case_and_plural() -> None:
    nlp = finder("lottery ticket", "lottery ticket hypothesis", "variational autoencoder")
    assert topics(nlp, "The Lottery Ticket Hypothesis meets variational autoencoders.") == [
        ("Lottery Ticket Hypothesis", "topic:lotterytickethypothesis"),
        ("variational autoencoders", "topic:variationalautoencoder"),
    ]
    assert topic_key("Variational Autoencoders") == topic_key("variational autoencoder")


@pytest.mark.parametrize(
    "text",
    [
        "continual, learning is hard",  # punctuation between the words
        "continual\nlearning",  # a line break is no phrase
        "noncontinual learning",  # part of a longer word
        "we study learning continual",  # the other order
    ],
)
def test_no_topic_where_the_words_do_not_form_the_phrase(text: str) -> None:
    assert topics(finder("continual learning"), text) == []


def test_topics_leave_the_other_extractors_spans_alone() -> None:
    nlp = build_pipeline()
    [record] = extract(
        [
            {
                "id": "p",
                "title": "Catastrophic forgetting with Medusa",
                "abstract": "We propose Medusa heads against catastrophic forgetting in "
                "continual learning on MT-Bench.",
            }
        ],
        nlp=nlp,
    )
    kinds = {(m["kind"], m["key"]) for m in record["mentions"]}
    assert {
        ("topic", "topic:catastrophicforgetting"),
        ("topic", "topic:continuallearning"),
    } <= kinds
    assert ("benchmark", "benchmark:mtbench") in kinds and ("method", "method:medusa") in kinds
    covered = [(m["field"], m["start"], m["end"]) for m in record["mentions"]]
    for field, start, end in covered:  # no topic overlaps another mention
        overlapping = [c for c in covered if c[0] == field and c[1] < end and start < c[2]]
        assert len(overlapping) == 1


def test_the_shipped_vocabulary_holds_topics_not_generic_phrases() -> None:
    vocabulary = load_vocabulary()
    assert 1000 < len(vocabulary) < 10_000
    for phrase in ("continual learning", "catastrophic forgetting", "knowledge distillation"):
        assert phrase in vocabulary
    for phrase in (
        "neural networks",
        "deep learning",
        "experimental results",
        "strengths and weaknesses",
    ):
        assert phrase not in vocabulary  # in over 1% of the abstracts, or two things


def test_topic_mining_keeps_phrases_and_drops_chance_neighbours() -> None:
    spec = importlib.util.spec_from_file_location("bgdf", ROOT / "benchmarks" / "background_df.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    df = {"lottery": 30, "ticket": 40, "lottery ticket": 28, "large": 9000, "model": 20000,
          "large model": 10, "forward and backward": 50, "forward": 500, "backward": 300}  # fmt: skip
    found = [phrase for phrase, *_ in module.topic_phrases(df, 100_000)]
    assert found == ["lottery ticket"]


def test_background_frequencies_know_what_is_generic() -> None:
    table = background()
    assert table.documents == 86_422
    assert table.share("accuracy") > 0.05 and table.share("continual learning") < 0.01
    assert table.idf("accuracy") < table.idf("continual learning") < table.idf("unseen-word-xyz")


def test_phrases_stop_at_punctuation() -> None:
    assert chunks("gradient descent (GD) converges") == [
        ["gradient", "descent"],
        ["gd"],
        ["converges"],
    ]
    assert "descent gd" not in candidate_terms("gradient descent (GD) converges")


WORDS = ["continual", "learning", "regret", "dynamic", "decoding", "speculative", "pruning",
         "lottery", "ticket", "robust", "certified", "online", "convex", "diffusion", "policy"]  # fmt: skip
abstracts = st.lists(
    st.lists(st.sampled_from(WORDS), min_size=3, max_size=25).map(" ".join), min_size=2, max_size=12
)


@settings(max_examples=40, deadline=None)
@given(abstracts)
def test_term_links_are_symmetric_cosines_explained_by_words_both_papers_hold(texts) -> None:
    vectors = term_vectors(texts, table=Background({}, 0))
    links = text_links(vectors, top_k=3)
    assert (links.first < links.second).all()
    assert ((links.weight > 0) & (links.weight <= 1 + 1e-9)).all()
    for a, b, terms in zip(
        links.first.tolist(),
        links.second.tolist(),
        shared_terms([vectors], links.first, links.second),
        strict=True,
    ):
        assert terms
        for term in terms:
            assert term in texts[a] and term in texts[b]
