"""Every extraction rule, with cases where it must fire and cases where it must not."""

from __future__ import annotations

import pytest

from tests.extractors.conftest import found

# --- used methods --------------------------------------------------------------------------


def test_gazetteer_methods_models_and_versions(mentions) -> None:
    result = mentions(
        "A study",
        "We compare LoRA, GPT-4o-mini, Llama2-70b, Qwen2.5-72B-Instruct "
        "and Claude 3.5-Haiku with Monte Carlo Tree Search (MCTS).",
    )
    assert {
        "LoRA",
        "GPT-4o-mini",
        "Llama2-70b",
        "Qwen2.5-72B-Instruct",
        "Claude 3.5-Haiku",
        "Monte Carlo Tree Search",
        "MCTS",
    } <= found(result, "method", "used")


def test_generic_terms_are_not_methods(mentions) -> None:
    result = mentions(
        "A study",
        "Large language models (LLMs) and diffusion models need GPUs. "
        "SOTA OOD results with RL and SFT on NLP tasks.",
    )
    assert found(result, "method") == set()


def test_name_shapes_and_their_limits(mentions) -> None:
    result = mentions(
        "A study",
        "Compared to REPA and DiffDock, our LLM-based 24GB RTX setup "
        "with 3B/7B models and Data-Aware INtegration is fast.",
    )
    assert found(result, "method") == {"REPA", "DiffDock"}


def test_enumeration_takes_the_kind_of_its_known_members(mentions) -> None:
    result = mentions("A study", "We evaluate models such as BERT, RoBERTa and Sequoia.")
    assert {"BERT", "RoBERTa", "Sequoia"} <= found(result, "method")


def test_a_papers_own_acronym_overrides_the_gazetteer(mentions) -> None:
    result = mentions("A study", "We propose Sparse Spectral Training (SST), a method. SST works.")
    assert found(result, "benchmark") == set()
    assert found(result, "method", "proposed") == {"Sparse Spectral Training", "SST"}


def test_acronym_and_long_form_are_one_concept(mentions) -> None:
    result = mentions("A study", "We use interval bound propagation (IBP). IBP is cheap.")
    keys = {m["key"] for m in result if m["kind"] == "method"}
    assert keys == {"method:ibp"}


def test_same_acronym_with_different_long_forms_are_different_concepts(mentions) -> None:
    one = mentions("A", "We propose Contrastive Lifting (CL), a method. CL helps.")
    two = mentions("B", "We propose Curriculum Layering (CL), a method. CL helps.")
    assert {m["key"] for m in one} != {m["key"] for m in two}


# --- benchmarks and metrics ----------------------------------------------------------------


def test_benchmarks_from_gazetteer_shape_and_context(mentions) -> None:
    result = mentions(
        "A study",
        "We evaluate on CIFAR10, ImageNet-1K and the Pile, on the "
        "PoseBench and Plinder datasets, on RewardBench, and on GSM8K, MultiArith "
        "and SVAMP.",
    )
    assert {
        "CIFAR10",
        "ImageNet-1K",
        "the Pile",
        "PoseBench",
        "Plinder",
        "RewardBench",
        "GSM8K",
        "MultiArith",
        "SVAMP",
    } <= found(result, "benchmark")


@pytest.mark.parametrize(
    ("abstract", "benchmarks"),
    [
        ("We conduct experiments on FooSet-1K and compare our model with others.", {"FooSet-1K"}),
        (
            "It improves results on benchmarks (e.g., ZedMath24/25, QuxQA, etc.) by 4%.",
            {"ZedMath24/25", "QuxQA"},
        ),
        (
            "It improves benchmarks such as FooEval (+12.2%), BarSet (+8.6%), and QuxSet (+1.8%).",
            {"FooEval", "BarSet", "QuxSet"},
        ),
    ],
)
def test_benchmarks_in_lists(mentions, abstract, benchmarks) -> None:
    assert found(mentions("A study", abstract), "benchmark") == benchmarks


def test_what_work_is_based_on_is_no_benchmark(mentions) -> None:
    for abstract in (
        "We hope to inspire research on FooNet and more to improve results.",
        "Based on FooNet and BarNet, our results improve.",
    ):
        assert found(mentions("A study", abstract), "benchmark") == set()


def test_not_benchmarks(mentions) -> None:
    result = mentions(
        "A study",
        "We evaluate on multiple benchmarks with LLaMA 1B and 7B "
        "models and a purely LM-generated corpus. The math is hard.",
    )
    assert found(result, "benchmark") == set()


def test_case_sensitive_entries(mentions) -> None:
    assert found(mentions("A study", "Results on MATH improve 3%."), "benchmark") == {"MATH"}
    assert found(mentions("A study", "The math improves 3%."), "benchmark") == set()


def test_a_number_beside_a_word_metric_reports_it_whatever_else_is_said(mentions) -> None:
    reported = "It leads to 8.4% accuracy improvements on challenging tasks."
    assert found(mentions("A study", reported), "metric") == {"accuracy"}
    background = "However, accuracy on challenging tasks remains hard to improve."
    assert found(mentions("A study", background), "metric") == set()


def test_metrics_by_name_shape_and_result_context(mentions) -> None:
    result = mentions(
        "A study",
        "We report FID, pass@1, Recall@10, top-1 accuracy and ROUGE-L, reaching 91% accuracy.",
    )
    assert {"FID", "pass@1", "Recall@10", "top-1 accuracy", "ROUGE-L", "accuracy"} <= found(
        result, "metric"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Accuracy matters in medicine.",
        "Recent advances are fast without sacrificing accuracy.",
        "We train in bfloat16 precision.",
        "However, long outputs increase latency by 3x.",
        "We speed up training.",
    ],
)
def test_word_like_metrics_need_a_reported_result(mentions, sentence) -> None:
    assert found(mentions("A study", sentence), "metric") == set()


@pytest.mark.parametrize("sentence", ["FLOPs grow with depth.", "Our FLOP counts are exact."])
def test_a_metric_name_without_a_result_is_not_a_method_either(mentions, sentence) -> None:
    assert found(mentions("A study", sentence), "method") == set()


def test_a_long_form_of_another_kind_overrides_the_gazetteer_meaning(mentions) -> None:
    result = mentions("A study", "We use DIstribution Correction Estimation (DICE). DICE helps 3%.")
    assert found(result, "metric") == set()
    assert found(result, "method") == {"DIstribution Correction Estimation", "DICE"}


def test_a_long_form_the_gazetteer_lacks_keeps_the_known_meaning(mentions) -> None:
    result = mentions("A study", "We add Attention with Linear Biases (ALiBi) to BERT.")
    keys = {m["key"] for m in result if m["text"] in ("ALiBi", "Attention with Linear Biases")}
    assert len(keys) == 1


def test_markdown_emphasis_and_concept_names(mentions) -> None:
    assert found(
        mentions("A", "We propose **GRAPE**, a data selection method."), role="proposed"
    ) == {"GRAPE"}
    assert (
        found(mentions("A", "We call this quantity the ensemble complexity."), role="proposed")
        == set()
    )
