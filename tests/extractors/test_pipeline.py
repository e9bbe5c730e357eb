"""The pipeline as a whole: components anyone can add, the file contract, bad input."""

from __future__ import annotations

import gc
import json
import time
from importlib.metadata import entry_points

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extractors
from extractors.invariants import mention_problems
from extractors.spans import SPAN_KEY

FACTORIES = ["papergraph_repos", "papergraph_terms", "papergraph_benchmarks",
             "papergraph_metrics", "papergraph_methods", "papergraph_resolver",
             "papergraph_abbreviations", "papergraph_sections"]  # fmt: skip
FIELDS = {"kind", "text", "key", "role", "field", "start", "end", "rule", "subtype"}


def test_factories_are_advertised_as_spacy_entry_points() -> None:
    advertised = {e.name for e in entry_points(group="spacy_factories")}
    assert set(FACTORIES) <= advertised


@pytest.mark.parametrize("factory", FACTORIES)
def test_each_component_works_alone_in_a_blank_pipeline(factory) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(factory)
    doc = nlp("We propose GrowCLIP (GC) on CIFAR-10 with FID; code: github.com/a/b.")
    assert all(
        span.label_ in {"METHOD", "BENCHMARK", "METRIC", "REPO", "LINK"}
        for span in doc.spans.get(SPAN_KEY, [])
    )


def test_settings_come_from_the_config(nlp) -> None:
    assert nlp.pipe_names[-2:] == ["papergraph_resolver", "papergraph_topics"]
    quiet = extractors.build_pipeline(
        overrides={"components.papergraph_methods.name_shapes": False}
    )
    doc = quiet(extractors.make_doc(quiet, "A study", "Compared to REPA and ZetaNet."))
    assert [s.text for s in doc.spans[SPAN_KEY]] == []


def test_records_follow_the_file_contract(nlp) -> None:
    papers = [{"id": "W-17", "title": "GrowCLIP: Growing CLIP",
               "abstract": "We evaluate on ImageNet with FID. Code: https://github.com/a/b."}]  # fmt: skip
    [record] = extractors.extract(papers, nlp=nlp)
    assert record["id"] == "W-17" and record["title"] == papers[0]["title"]
    for mention in record["mentions"]:
        assert set(mention) == FIELDS
        field = papers[0][mention["field"]]
        assert field[mention["start"] : mention["end"]] == mention["text"]
        assert mention["role"] in {"proposed", "used"}
        assert mention["key"].startswith(mention["kind"] + ":")
    assert mention_problems(papers[0], record["mentions"], nlp) == []
    json.dumps(record)


def test_multiprocessing_gives_the_same_records(nlp, gold_records) -> None:
    papers = gold_records[:24]
    one = list(extractors.extract(papers, nlp=nlp, n_process=1))
    two = list(extractors.extract(papers, nlp=nlp, n_process=2, batch_size=4))
    assert one == two
    for paper, record in zip(papers, two, strict=True):
        assert mention_problems(paper, record["mentions"], nlp) == []


@pytest.mark.parametrize(
    "abstract",
    [
        "",
        "\x00\x01\x1b control \x7f characters \u200b\ufeff",
        "LaTeX residue: 65\\% on CIFAR-10 (epsilon=8{255}), ^{text 1}, $\\mathcal{O}(n)$.",
        "Nous proposons une méthode nouvelle. 我们提出了一种新方法。 Мы предлагаем метод",
        "no sentence punctuation at all just words and GPT-4 and more words " * 40,
        "(((((( )))))) (( ( ( ) [ ] { } ",
        "https://" * 100,
        "lone \ud800 surrogates \udfff and GPT-4 \ud83d",
        "https://github.com/x/" * 100,
    ],
)
def test_bad_input_never_crashes_and_keeps_the_paper(nlp, abstract) -> None:
    paper = {"id": "x", "title": "T", "abstract": abstract}
    [record] = extractors.extract([paper], nlp=nlp)
    assert record["id"] == "x"
    assert mention_problems(paper, record["mentions"], nlp) == []


def test_empty_paper_and_missing_abstract(nlp) -> None:
    records = list(extractors.extract([{"id": "a"}, {"id": "b", "title": "LoRA: Adapt"}], nlp=nlp))
    assert [r["id"] for r in records] == ["a", "b"]
    assert records[0]["mentions"] == []
    assert [m["field"] for m in records[1]["mentions"]] == ["title"] * len(records[1]["mentions"])
    assert mention_problems({"title": "LoRA: Adapt"}, records[1]["mentions"], nlp) == []


def _timed(nlp, text: str) -> tuple[float, list[dict]]:
    """Seconds to extract a paper with abstract ``text``, and its mentions."""
    gc.collect()  # start every timing from the same heap, not mid-way to a full collection
    started = time.perf_counter()
    [record] = extractors.extract([{"id": "x", "title": "T", "abstract": text}], nlp=nlp)
    return time.perf_counter() - started, record["mentions"]


# unit -> (mentions per repetition of the unit, longest mention): what 20,000 and 200,000
# characters of it must both give (glued URLs: one per 1,000-character token the
# tokenizer cuts such runs into, never one link over the whole text)
LINEAR_UNITS = {
    "We propose GrowCLIP on CIFAR-10 (IBP) with FID. ": (3, 20),
    "BERT, ": (1, 4),
    "(ABC) ": (1, 3),
    "Ab-": (0, 0),
    "a.b.": (0, 0),
    "https://github.com/x/": (1 / 95.2, 21),
    "on AB, CD, ": (0, 0),
    "We use chain-of-thought (CoT) prompting. ": (1, 32),
}


@pytest.mark.parametrize("unit", list(LINEAR_UNITS))
def test_time_grows_linearly_with_the_text(nlp, unit) -> None:
    """10x the text may take 10x the time (plus log factors and noise); quadratic
    behaviour would take about 100x. Best of three runs each, so a busy machine does
    not fail the test. The mentions grow with the text too, each as long as in the
    short text and inside its sentence (no mention swallows half the text)."""
    small, large = unit * (20_000 // len(unit)), unit * (200_000 // len(unit))
    _timed(nlp, small)  # warm up
    small_seconds, small_mentions = min(_timed(nlp, small) for _ in range(3))
    large_seconds, large_mentions = min(_timed(nlp, large) for _ in range(3))
    ratio = large_seconds / max(small_seconds, 1e-3)
    assert ratio < 40, f"10x the text took {ratio:.0f}x the time"
    per_unit, longest = LINEAR_UNITS[unit]
    for text, mentions in ((small, small_mentions), (large, large_mentions)):
        expected = per_unit * len(text) / len(unit)
        assert abs(len(mentions) - expected) <= max(1, expected / 10), (len(mentions), expected)
        assert max((m["end"] - m["start"] for m in mentions), default=0) == longest
        paper = {"title": "T", "abstract": text}
        assert mention_problems(paper, mentions, nlp) == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300), st.text(max_size=40))
def test_any_text_gives_valid_mentions(nlp, abstract, title) -> None:
    [record] = extractors.extract([{"id": "h", "title": title, "abstract": abstract}], nlp=nlp)
    paper = {"title": title, "abstract": abstract}
    assert mention_problems(paper, record["mentions"], nlp) == []
