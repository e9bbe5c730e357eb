"""Extraction on hostile input (issue 18): each reproduction pinned, with the invariants of
:mod:`extractors.invariants` held on every output, and the invariant checker itself (the
property tests are in test_extract_hostile_properties.py)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

import extractors
from extractors.abbreviations import _window_start
from extractors.invariants import mention_problems
from extractors.pipeline import _cut, make_doc
from extractors.resolver import _long_form_before
from extractors.spans import SPAN_KEY, add_span
from extractors.titles import TitleCues, title_prefix_name
from extractors.wordlists import load_word_lists
from tests.extractors.conftest import CHAIN, extract_checked, field_texts

TITLE_CUES = TitleCues.from_word_lists(load_word_lists())


# --- titles with parentheses, digits, punctuation, emoji ---------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "X-Net (v2)",
        "GPT-4 (2)",
        "7-Scenes (1)",
        "ResNet (v1.5)",
        "Llama 2 (7B)",
        "(v2)",
        "()",
        "A (B) (C)",
        "!!!",
        "\u2026",
        "\U0001f642",
        "\u2022",
        "\u2014",
        "?",
        "(",
        ")",
        ":",
        ": x",
        "(): x",
        "X-Net (v2): Better Nets",
        "GPT-4 (2): A Report",
        "2024: A Year",
        "\U0001f642: x",
        "GrowCLIP \U0001f642: x",
        "\x00",
        "\ud800",
        "T\ud800: x",
    ],
)
def test_any_title_shape_is_extracted_without_error(nlp, title) -> None:
    extract_checked(nlp, title, "We evaluate on ImageNet.")
    extract_checked(nlp, title, "")


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("X-Net (v2): Better Nets", "X-Net"),
        ("X-Net v2: Better Nets", "X-Net"),
        ("GPT-4 (2): A Report", "GPT-4"),
        ("7-Scenes (1): Relocalisation", "7-Scenes"),
        ('"JPerceiver: Joint Perception Network', "JPerceiver"),
        ("Tiny Time Mixers (TTMs): Fast Pre-trained Models", "Tiny Time Mixers"),
        ("Probabilistic Partitive Partitioning (PPP)", "Probabilistic Partitive Partitioning"),
        ("Kwai Keye-VL 1.5 Technical Report", "Keye-VL 1.5"),
    ],
)
def test_title_names_leave_versions_numbers_and_quotes_out(title, name) -> None:
    where = title_prefix_name(title, TITLE_CUES)
    assert where is not None and title[slice(*where)] == name


@pytest.mark.parametrize(
    "title",
    [
        "X-Net (v2)",
        "GPT-4 (2)",
        "7-Scenes (1)",
        "A (B) (C)",
        "A (B) (C): d",
        "(v2): x",
        "2024: x",
        "!!!: x",
        "\U0001f642: x",
        "(): x",
        "Foo Bar Baz (x)",
    ],
)
def test_titles_without_a_name_give_none(title) -> None:
    """A whole title names something only as ``Long Form (ACR)``; a number, a version or
    punctuation before the colon is no name."""
    assert title_prefix_name(title, TITLE_CUES) is None


# --- one mention, one sentence, one field -------------------------------------------------


def test_a_repeated_acronym_does_not_join_sentences(nlp) -> None:
    mentions = extract_checked(nlp, "T", CHAIN)
    assert [(m["text"], m["start"], m["end"]) for m in mentions] == [
        ("chain-of-thought (CoT) prompting", 7, 39),
        ("BERT", 54, 58),
        ("LoRA", 64, 68),
        ("GLUE", 72, 76),
        ("chain-of-thought (CoT) prompting", 85, 117),
    ]


def test_a_bare_repeated_acronym_is_no_long_name(nlp) -> None:
    abstract = "We use chain-of-thought (CoT) prompting. Our (CoT) prompting helps."
    mentions = extract_checked(nlp, "T", abstract)
    assert field_texts(mentions) == ["chain-of-thought (CoT) prompting", "CoT"]
    assert len({m["key"] for m in mentions}) == 1


def test_long_form_before_an_acronym() -> None:
    doc = spacy.blank("en")("Use chain-of-thought (CoT) now. Then Chain-of-Thought (CoT), (CoT).")
    long_form = doc[1:6]
    assert long_form.text == "chain-of-thought"
    definition, again, bare = doc[7:8], doc[18:19], doc[22:23]
    assert [t.text for t in (definition, again, bare)] == ["CoT", "CoT", "CoT"]
    assert _long_form_before(doc, definition, long_form) == 4
    assert _long_form_before(doc, again, long_form) == 37  # the same words again
    assert _long_form_before(doc, bare, long_form) is None


def test_a_long_form_never_reaches_from_the_abstract_into_the_title(nlp) -> None:
    title, abstract = "Direct Preference Optimization", "optimization (DPO) training aligns models."
    mentions = extract_checked(nlp, title, abstract)
    assert [(m["field"], m["text"], m["end"]) for m in mentions if m["field"] == "title"] == [
        ("title", "Direct Preference Optimization", 30)
    ]
    assert field_texts(mentions) == ["DPO"]


def test_the_acronym_window_stops_where_the_abstract_begins(nlp) -> None:
    doc = make_doc(nlp, "Direct Preference Optimization", "optimization (DPO) aligns.")
    nlp.get_pipe("papergraph_sections")(doc)
    abstract_first = next(t.i for t in doc if t.idx == doc._.pg_title_end + 2)
    assert _window_start(doc, abstract_first + 1, 10) == abstract_first  # stops there
    assert _window_start(doc, 3, 10) == 0  # inside the title it reaches back as before


def test_a_name_shaped_word_stops_where_its_sentence_ends(nlp) -> None:
    abstract = "We study representation in NLMs.Leveraging these, we propose GrowCLIP."
    mentions = extract_checked(nlp, "T", abstract)
    assert "NLMs.Leveraging" not in field_texts(mentions) and "GrowCLIP" in field_texts(mentions)


def test_the_resolver_drops_spans_across_sentences_and_fields() -> None:
    """Whatever a component adds, no mention crosses a sentence or the title's end."""

    @Language.component("test_hostile_crossing_spans")
    def crossing(doc):
        for start, end in [(0, 4), (1, 3), (5, 8), (2, 5)]:
            add_span(doc, doc[start:end], "method", f"method:s{start}", "name-shape")
        return doc

    nlp = extractors.build_pipeline()
    nlp.add_pipe("test_hostile_crossing_spans", before="papergraph_resolver")
    doc = nlp(make_doc(nlp, "Alpha Beta Gamma", "Delta epsilon. Zeta eta theta."))
    # tokens: Alpha Beta Gamma \n\n Delta epsilon . Zeta eta theta .
    kept = {s.text for s in doc.spans[SPAN_KEY]}
    assert "Beta Gamma" in kept  # inside the title
    assert not kept & {"Alpha Beta Gamma\n\n", "epsilon. Zeta", "Gamma\n\nDelta"}


def test_a_repaired_url_inside_a_longer_token_keeps_its_own_offsets(nlp) -> None:
    abstract = (
        "experimentation11https://github.com/theresejoseph/Trajectory_ Tracking_via_MCAN/ "
        "\u2022 In experiments"
    )
    [mention] = extract_checked(nlp, "T", abstract)
    url = "https://github.com/theresejoseph/Trajectory_Tracking_via_MCAN/"
    assert (mention["text"], mention["start"], mention["end"]) == (url, 17, 80)


def test_surrogates_and_control_characters_keep_offsets(nlp) -> None:
    abstract = "We use \ud800BERT\udfff with LoRA \x00 on GLUE.\x1b Code: github.com/a/b."
    mentions = extract_checked(nlp, "GPT-4 \ud800 (2)", abstract)
    assert field_texts(mentions) == ["BERT", "LoRA", "GLUE", "github.com/a/b"]
    assert field_texts(mentions, "title") == ["GPT-4"]


# --- text over spaCy's max_length ----------------------------------------------------------


def test_a_text_over_a_million_characters_is_extracted(nlp) -> None:
    """spaCy's make_doc refuses it (E088); it is tokenized in pieces instead. Long words
    keep the tokens few, so the test stays fast; the names sit around the cut."""
    sentence = "We fine-tune BERT with LoRA on GLUE and report accuracy. "
    filler = ("lorem" * 40 + " ") * (nlp.max_length // 2 // 201 + 10)
    abstract = sentence + filler + sentence * 3 + filler + sentence
    assert len(abstract) > nlp.max_length
    mentions = extract_checked(nlp, "T", abstract)
    assert field_texts(mentions) == ["BERT", "LoRA", "GLUE", "accuracy"] * 5


@pytest.mark.parametrize(
    ("text", "stop", "cut"),
    [
        ("x " * 95 + "end. Next one", 200, 195),
        ("x " * 95 + "end. Next one", 100, 100),
        ("aaaa bbbb", 8, 5),
        ("aaaa  bbbb", 9, 6),
        ("a\n\nb", 3, 3),
        ("abcdef", 4, 4),
    ],
)
def test_pieces_are_cut_after_a_sentence_or_a_single_space(text, stop, cut) -> None:
    assert _cut(text, 0, stop) == cut


# --- the invariant checker itself -----------------------------------------------------------

PAPER = {"title": "LoRA: Low-Rank Adaptation", "abstract": 'We tune GPT-3. Then T\\"ULU 3 wins.'}
GOOD = {"kind": "method", "text": "GPT-3", "key": "method:gpt3", "role": "used",
        "field": "abstract", "start": 8, "end": 13, "rule": "gazetteer", "subtype": None}  # fmt: skip


def test_the_checker_accepts_documented_repairs() -> None:
    accent = {**GOOD, "text": "T\u00dcLU 3", "key": "method:tulu3", "start": 20, "end": 28}
    paper = {"title": "T", "abstract": "Code: https;//github. com/a/b now."}
    url = {**GOOD, "kind": "repo", "text": "https://github.com/a/b", "key": "repo:github.com/a/b",
           "start": 6, "end": 29, "rule": "url", "subtype": "code"}  # fmt: skip
    assert mention_problems(PAPER, [GOOD, accent]) == []
    assert mention_problems(paper, [url]) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"kind": "model"}, "unknown kind"),
        ({"key": "benchmark:gpt3"}, "does not name a method"),
        ({"key": "method:"}, "does not name a method"),
        ({"role": "owned"}, "has role"),
        ({"field": "body"}, "has field"),
        ({"start": 8, "end": 40}, "lie outside"),
        ({"start": 13, "end": 8}, "lie outside"),
        ({"start": -1}, "lie outside"),
        ({"text": "GPT-4"}, "is not its slice"),
        ({"start": 3, "end": 19, "text": "tune GPT-3. Then"}, "crosses the sentence"),
        ({"field": "title", "start": 0, "end": 4, "text": "LoRA"}, None),
    ],
)
def test_the_checker_names_each_broken_promise(change, problem) -> None:
    problems = mention_problems(PAPER, [{**GOOD, **change}])
    if problem is None:
        assert problems == []
    else:
        assert problems and problem in problems[0], problems


def test_the_checker_finds_overlapping_mentions() -> None:
    other = {**GOOD, "text": "GPT", "start": 8, "end": 11}
    assert mention_problems(PAPER, [GOOD, other]) == ["abstract mention 0 overlaps mention 1"]


@pytest.mark.parametrize(
    ("abstract", "key"),
    [
        (
            "Code: https://github.com/shuoli90/TRAQ](https://github.com/shuoli90/TRAQ).",
            "repo:github.com/shuoli90/traq",
        ),
        (
            r"Code: \href{https://github.com/a/CelebA-Spoof}{https://github.com/a/CelebA-Spoof}.",
            "repo:github.com/a/celeba-spoof",
        ),
        (
            "Page: https://omni-h2o.github.io/](https://omni-h2o.github.io/).",
            "repo:omni-h2o.github.io",
        ),
        ("See https://en.wikipedia.org/wiki/Foo_(bar).", "link:en.wikipedia.org/wiki/foo_(bar)"),
        ("https://github.com/x/" * 3, "repo:github.com/x"),
    ],
)
def test_links_written_twice_or_glued_are_keyed_by_one_url(nlp, abstract, key) -> None:
    """Markdown ``[url](url)``, LaTeX ``\\href{url}{url}`` and glued URLs: each URL stops
    where the next one's scheme begins, and an opening bracket never ends one (found in
    the shared corpus: keys like ``github.com/shuoli90/traq](https:``)."""
    mentions = extract_checked(nlp, "T", abstract)
    assert {m["key"] for m in mentions} == {key}


@pytest.mark.parametrize(
    ("abstract", "keys"),
    [
        # found by benchmarks/fuzz_extract.py (seed 0): a sentence glued to a URL's full stop
        (
            "Code is at: https://clues-benchmark.github.io.Deep neural nets win.",
            {"repo:clues-benchmark.github.io"},
        ),
        ("Code: https://github.com/a/b. Next we win.", {"repo:github.com/a/b"}),
        # "www." and a capital: the tokenizer splits a sentence there, so no link is left
        ("Code: www.StarCraft-Multi-Agent-Challenge--SMAC-.org/cons@16.", set()),
        ("Code: www.LoRA-.org/C and more.", set()),
        # a link repaired across a space stays whole
        ("Code at https://github. com/a/b now.", {"repo:github.com/a/b"}),
    ],
)
def test_a_link_never_crosses_its_sentence(nlp, abstract, keys) -> None:
    found = extract_checked(nlp, "T", abstract)
    assert {m["key"] for m in found if m["kind"] != "topic"} == keys  # topics: not links
