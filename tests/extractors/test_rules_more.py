"""More extraction rules, each with cases where it must fire and cases where it must not:
the ones a held-out sample of seed abstracts (not in dev) called for."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.names import slash_parts
from tests.extractors.conftest import found

# --- proposed names (their plain cases are in tests/extractors/test_rules.py) -------------------


def test_a_plural_acronym_is_the_concept_of_its_singular(mentions) -> None:
    result = mentions("Tiny Time Mixers (TTMs): Fast Models", "We present Tiny Time Mixers (TTM).")
    keys = {m["key"] for m in result if m["text"] in ("TTM", "TTMs", "Tiny Time Mixers")}
    assert len(keys) == 1


# --- used names ----------------------------------------------------------------------------


def test_versions_after_a_space_but_not_sizes(mentions) -> None:
    # as the dev gold writes them: "AceReason-Nemotron-1.1 7B" is AceReason-Nemotron-1.1
    result = mentions("A study", "We pretrain LLaMA 7B and Pythia 410M and test Inception V3.")
    assert found(result, "method") == {"LLaMA", "Pythia", "Inception V3"}


def test_a_full_stop_is_not_part_of_a_name(mentions) -> None:
    result = mentions("A study", "We compare with Qwen2-VL. We test GPT-4V. We use ImageNet-C.")
    assert found(result) == {"Qwen2-VL", "GPT-4V", "ImageNet-C"}
    assert found(mentions("A study", "We thank J. Doe and the U.S. team.")) == set()


def test_an_acronym_defined_as_a_task_or_field_is_no_method(mentions) -> None:
    result = mentions(
        "A study",
        "We study salient object detection (SOD). SODs are hard, and "
        "audio language models (ALMs) too. We beat DSS on SOD.",
    )
    assert found(result, "method") == {"DSS"}


def test_an_acronym_the_paper_defines_otherwise_is_not_the_gazetteers(mentions) -> None:
    other = mentions("A study", "We develop an asymptotic-preserving (AP) scheme. AP is 3x faster.")
    assert found(other, "metric") == set()
    same = mentions("A study", "We report average precision (AP) and improve AP by 3%.")
    assert found(same, "metric") == {"average precision", "AP"}


def test_a_capitalised_name_in_lower_case_is_the_common_word(mentions) -> None:
    assert found(mentions("A study", "Training helps the model grasp nuances."), "method") == set()
    assert found(mentions("A study", "We prune with GraSP at 90%."), "method") == {"GraSP"}


@pytest.mark.parametrize(
    "abstract",
    [
        "It trains in 442 A100-40G GPU hours with multi-GPU training at UCSB.",
        "We deploy on MCUs (Micro-Controller Units) with RISC-V and SIMD, in TinyML.",
        "BERT corrupts the input by replacing tokens with [MASK] and trains.",
        "Results on DNA sequences use XOR gates, watched on YouTube.",
    ],
)
def test_hardware_organisations_and_tokens_are_no_concepts(mentions, abstract) -> None:
    assert found(mentions("A study", abstract)) - {"BERT"} == set()


# --- benchmarks ------------------------------------------------------------------------------


def test_a_cited_author_is_no_benchmark(mentions) -> None:
    result = mentions("A study", "It aligns with the downstream benchmark (Huang et al., 2024).")
    assert found(result) == set()
    assert found(mentions("A study", "We evaluate on the FooBench benchmark.")) == {"FooBench"}


def test_benchmark_variants_split_and_resolution(mentions) -> None:
    result = mentions(
        "A study",
        "Gains on Split CIFAR-100, Split CUB-200 and Permuted MNIST, "
        "and on ImageNet 64times64 and ImageNet 64x64 reach 4%.",
    )
    assert found(result, "benchmark") == {
        "Split CIFAR-100",
        "Split CUB-200",
        "Permuted MNIST",
        "ImageNet 64times64",
        "ImageNet 64x64",
    }
    assert len({m["key"] for m in result if m["text"].startswith("ImageNet")}) == 1
    assert found(mentions("A study", "We split MNIST into tasks."), "benchmark") == {"MNIST"}


def test_names_joined_by_a_slash(mentions) -> None:
    result = mentions(
        "A study",
        "We evaluate on the AudioCap/Clotho datasets with S4-PTD/S5-PTD models at 3 MAC/clk.",
    )
    assert found(result, "benchmark") == {"AudioCap", "Clotho"}
    assert {"S4-PTD", "S5-PTD"} <= found(result, "method")


# --- metrics ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("abstract", "kind"),
    [
        ("In a small-scale MAE pre-training setup, it outperforms strong baselines.", "method"),
        ("We evaluate representative ViTs (DINO, MAE, DeiT-III).", "method"),
        ("Our model reduces MAE by 12% on the test set.", "metric"),
    ],
)
def test_a_name_both_metric_and_method_is_a_metric_only_where_results_are(
    mentions, abstract, kind
) -> None:
    assert {m["kind"] for m in mentions("A study", abstract) if m["text"] == "MAE"} == {kind}


def test_findings_outweigh_background_words(mentions) -> None:
    abstract = (
        "Despite its simplicity, empirical results show that it reduces harm while "
        "maintaining accuracy."
    )
    assert found(mentions("A study", abstract), "metric") == {"accuracy"}


def test_metric_plurals_and_precision_formats(mentions) -> None:
    assert found(mentions("A study", "It achieves AUCs from 71.5 to 77.6."), "metric") == {"AUCs"}
    assert found(mentions("Reduced Precision Floating-Point Training", "")) == set()


def test_a_links_path_is_no_model_name(mentions) -> None:
    result = mentions("A study", "Code: https://github.com/RUC-GSAI/Llama-3-SynE. We use Qwen2-VL.")
    assert {(m["kind"], m["text"]) for m in result} == {
        ("repo", "https://github.com/RUC-GSAI/Llama-3-SynE"),
        ("method", "Qwen2-VL"),
    }


def test_a_task_named_acronym_followed_by_method_is_a_method(mentions) -> None:
    result = mentions(
        "A study", "Here a multi-perspective course learning (MCL) method is proposed. MCL works."
    )
    assert found(result, "method", "proposed") == {"multi-perspective course learning", "MCL"}
    result = mentions("A study", "Sign language recognition (SLR) is hard. SLR too.")
    assert found([m for m in result if m["kind"] != "topic"]) == set()  # a topic, not a method


def test_names_and_sizes_joined_by_a_slash_stay_one_name(mentions) -> None:
    result = mentions("A study", "It is 1.5x faster on ImageNet-1K/22K without losing accuracy.")
    assert found(result, "benchmark") == {"ImageNet-1K/22K"}
    assert found(mentions("A study", "We evaluate on AIME24/25 and win 3%."), "benchmark") == {
        "AIME24/25"
    }


def test_metrics_listed_after_metrics_count(mentions) -> None:
    result = mentions(
        "A study",
        "Experiments show gains across a range of evaluation metrics, "
        "including CLIPScore, OCR precision, recall, F1 score, accuracy, and edit "
        "distance scores.",
    )
    assert found(result, "metric") == {
        "CLIPScore",
        "precision",
        "recall",
        "F1 score",
        "accuracy",
        "edit distance",
    }
    assert found(mentions("A study", "We study PASS@80 and win 3%."), "metric") == {"PASS@80"}


def test_sizes_after_a_version_and_prefixed_acronyms(mentions) -> None:
    result = mentions(
        "A study",
        "We attack Llama-3 8B and Gemma-2 9B in re-ID and no-CL settings, end to end (E2E).",
    )
    assert found(result, "method") == {"Llama-3", "Gemma-2"}


def test_long_form_acronym_and_head_are_one_name(mentions) -> None:
    result = mentions(
        "A study", "Models use chain-of-thought (CoT) prompting to reason. CoT helps."
    )
    assert found(result, "method") == {"chain-of-thought (CoT) prompting", "CoT"}
    assert len({m["key"] for m in result}) == 1
    result = mentions("A study", "Models use tree-of-thought (ToT) Prompting well.")
    assert "tree-of-thought (ToT) Prompting" in found(result, "method")


def test_a_clause_after_a_name_does_not_make_it_a_metric(mentions) -> None:
    result = mentions(
        "A study",
        "We introduce Time Reversed Language Models (TRLMs), which can score and generate queries.",
    )
    assert found(result, "method", "proposed") == {"Time Reversed Language Models", "TRLMs"}
    assert found(mentions("A study", "Its base (Phi-3.5-mini-instruct) is cheap."), "method") == {
        "Phi-3.5-mini-instruct"
    }


def test_generic_compounds_and_paradigms(mentions) -> None:
    result = mentions(
        "Using Transformer-Based Multi-Task Learning",
        "Continual post-training (CPT) and reinforcement fine-tuning are popular.",
    )
    assert found(result, "method") == {"Transformer"}


@given(
    st.lists(
        st.sampled_from([*"aZ09-./():'\" \n", "C.", "GPT-4V.", "(TTMs):", "U.S."]), max_size=40
    ).map("".join)
)
@settings(max_examples=300, deadline=None)
def test_the_tokenizer_keeps_every_character(nlp, text) -> None:
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert [t.idx for t in doc] == sorted(t.idx for t in doc)


@given(
    st.lists(
        st.sampled_from(["AudioCap", "S4D", "7B", "clk", "Clotho", "25", "X"]),
        min_size=1,
        max_size=4,
    ).map("/".join)
)
def test_slash_parts_rejoin_to_the_word(word) -> None:
    parts = slash_parts(word)
    assert "/".join(part for _, part in parts) == word
    assert all(word[offset : offset + len(part)] == part for offset, part in parts)


# --- acronym definitions (extractors.abbreviations) ---------------------------------------


def _definitions(text: str) -> list[tuple[str, str]]:
    nlp = spacy.blank("en")
    nlp.add_pipe("papergraph_abbreviations")
    return [(a["short_text"], a["long_text"]) for a in nlp(text)._.abbreviations]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the long form's window counts words: five tokens, two letters
        ("we propose Plan-and-Solve (PS) prompting", ("PS", "Plan-and-Solve")),
        # a hyphenated acronym is one short form
        (
            "an iterative likelihood adjusted SDP (iLA-SDP) method",
            ("iLA-SDP", "iterative likelihood adjusted SDP"),
        ),
        # letters matched in the text: the long form does not start a token late
        ("the fast new Cascaded-Forward (CaFo) algorithm", ("CaFo", "Cascaded-Forward")),
        ("ideas of the well-known self-taught reasoner (STaR)", ("STaR", "self-taught reasoner")),
    ],
)
def test_acronym_definitions_across_hyphens(text: str, expected: tuple[str, str]) -> None:
    assert _definitions(text)[0] == expected


def test_a_long_form_does_not_reach_back_past_a_parenthesis() -> None:
    text = (
        "our future-self-training (FST) framework through peeping at the future both deeply (FST-D)"
    )
    assert {short for short, _ in _definitions(text)} == {"FST"}
    assert _definitions("It ran. Some Other Thing (SOT) here") == [("SOT", "Some Other Thing")]
    assert _definitions("the model (M) Better Than (BT)") == [("BT", "Better Than")]


def test_a_task_named_by_an_acronym_is_no_proposal(mentions) -> None:
    result = mentions(
        "A study", "We propose a search tailored to object re-identification (re-ID)."
    )
    assert found(result, "method") == set()


def test_a_long_form_inside_the_parenthesis() -> None:
    assert _definitions("we propose FOBAR (FOrward-BAckward Reasoning) here") == [
        ("FOBAR", "FOrward-BAckward Reasoning")
    ]
    assert _definitions("a scheme termed SWS (Stage-wise Weight Sharing) to") == [
        ("SWS", "Stage-wise Weight Sharing")
    ]


def test_an_acronym_the_paper_studies_is_not_its_own(mentions) -> None:
    studied = mentions(
        "A study",
        "We present an extensive analysis for continual learning on a "
        "pre-trained model (CLPM) and its key challenge.",
    )
    assert not [m for m in studied if m["role"] == "proposed"]
    ours = mentions(
        "A study", "We present Continual Learning with Prompt Merging (CLPM), a method."
    )
    assert {m["text"] for m in ours if m["role"] == "proposed"} >= {"CLPM"}


@pytest.mark.parametrize(
    ("abstract", "label"),
    [
        ("We introduce the Needle Haystack Test (NHT) to evaluate models.", "benchmark"),
        ("We propose Efficient Eigen Score (EES) for hallucinations.", "metric"),
        ("We propose the Neural Test Machine for proofs.", "method"),
    ],
)
def test_the_head_of_a_proposed_name_gives_its_kind(mentions, abstract: str, label: str) -> None:
    assert {m["kind"] for m in mentions("A study", abstract) if m["role"] == "proposed"} == {label}


# --- metrics ---------------------------------------------------------------------------------


def test_counted_metrics_in_the_plural(mentions) -> None:
    result = mentions(
        "A study", "It cuts false negative rates by 9% at equal false positive rates."
    )
    assert found(result, "metric") == {"false negative rates", "false positive rates"}
    assert (
        found(mentions("A study", "We lower the error of GPT-4 in 3 of 5 tasks."), "metric")
        == set()
    )


def test_a_metric_evaluated_through_is_a_reported_one(mentions) -> None:
    assert found(
        mentions("A study", "We evaluate performance through validation perplexity."), "metric"
    ) == {"perplexity"}
    assert found(mentions("A study", "We evaluate our method on DINO and MAE."), "metric") == set()
    setting = "We show trade-offs across various compression rates, showcasing its efficacy."
    assert found(mentions("A study", setting), "metric") == set()


@pytest.mark.parametrize(
    ("abstract", "proposed"),
    [
        # "we ... and propose", the verb far from its subject
        (
            "In this paper, we extend the SDP approach to a general setting by integrating cluster "
            "labels as model parameters and propose an iterative likelihood adjusted SDP (iLA-SDP) "
            "method.",
            {"iterative likelihood adjusted SDP", "iLA-SDP"},
        ),
        # a title-case compound in apposition
        ("We introduce Humans-Junior, a 3.8B model that matches GPT-4o.", {"Humans-Junior"}),
        ("We introduce Cross-Attention, which is slow.", set()),
    ],
)
def test_more_proposal_shapes(mentions, abstract: str, proposed: set[str]) -> None:
    result = mentions("A study", abstract)
    assert {m["text"] for m in result if m["role"] == "proposed"} == proposed


@pytest.mark.parametrize(
    ("abstract", "proposed"),
    [
        ("Experiments show that the proposed GraphMixer outperforms GAT on Cora.", {"GraphMixer"}),
        ("Experiments show that the proposed method outperforms FooNet on Cora.", set()),
        ("Experiments show that the proposed Transformer outperforms GAT.", set()),
        ("FlashNorm is a novel normalization layer that speeds up training.", {"FlashNorm"}),
        ("BERT is a new model. It is a new idea. Deep learning is a new field.", set()),
    ],
)
def test_a_name_the_sentence_calls_proposed_or_new(mentions, abstract, proposed) -> None:
    result = mentions("A study", abstract)
    assert {m["text"] for m in result if m["role"] == "proposed"} == proposed


@pytest.mark.parametrize(
    ("abstract", "proposed"),
    [
        (
            "We propose to equip ALMs with time: a temporal instillation method TeminAL.",
            {"TeminAL"},
        ),
        ("Our fusion model FuseNet-2 is proposed for the task.", {"FuseNet-2"}),
        ("We introduce a corpus of essays and a new dataset EssayQA.", {"EssayQA"}),
        # somebody else's: "the", a word of earlier work, a known name, no creating verb
        ("We propose a loss that beats the state-of-the-art model FooNet.", set()),
        ("We propose to compare with a strong baseline method FooNet.", set()),
        ("We propose a framework GPT-4 cannot solve.", set()),
        ("It fails on a reasoning model FooNet built last year.", set()),
    ],
)
def test_a_name_right_after_what_it_names(mentions, abstract, proposed) -> None:
    result = mentions("A study", abstract)
    assert {m["text"] for m in result if m["role"] == "proposed"} == proposed
