"""More extraction rules, each with cases where it must fire and cases where it must not:
the ones a held-out sample of seed abstracts (not in dev) called for."""

from __future__ import annotations

import pytest

from tests.test_extract_rules import found

# --- proposed names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "abstract", "proposed"),
    [
        ("Tiny Time Mixers (TTMs): Fast Pre-trained Models", "", {"Tiny Time Mixers", "TTMs"}),
        ("A study", "We show our proposed method 'robust mean teacher' (RMT) works.",
         {"robust mean teacher", "RMT"}),
        ("A study", 'We introduce a backward-stable "perturb-then-diagonalize" (PTD) method.',
         {"perturb-then-diagonalize", "PTD"}),
        ("A study", "We release Vega v2, a model.", {"Vega v2"}),
        ("A study", "We build a base model called JiuZhang-8B.", {"JiuZhang-8B"}),
    ],
)  # fmt: skip
def test_proposed_names(mentions, title, abstract, proposed) -> None:
    assert found(mentions(title, abstract), "method", "proposed") == proposed


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        ("A study", "Pixels change meaning, a phenomenon we refer to as the \"background shift''."),
        ("A study", "Our method suffers from an effect we call forgetting drift."),
        ("A study", "We compare our proposed loss with cross-entropy (CE) as it is."),
    ],
)
def test_not_proposed(mentions, title, abstract) -> None:
    assert found(mentions(title, abstract), role="proposed") == set()


def test_a_plural_acronym_is_the_concept_of_its_singular(mentions) -> None:
    result = mentions("Tiny Time Mixers (TTMs): Fast Models", "We present Tiny Time Mixers (TTM).")
    keys = {m["key"] for m in result if m["text"] in ("TTM", "TTMs", "Tiny Time Mixers")}
    assert len(keys) == 1


# --- used names ----------------------------------------------------------------------------


def test_model_sizes_after_a_space(mentions) -> None:
    result = mentions("A study", "We pretrain LLaMA 7B and Pythia 410M and test Inception V3.")
    assert found(result, "method") == {"LLaMA 7B", "Pythia 410M", "Inception V3"}
    shared = mentions("A study", "We pretrain LLaMA 1B and 7B architectures.")
    assert found(shared, "method") == {"LLaMA"}


def test_a_full_stop_is_not_part_of_a_name(mentions) -> None:
    result = mentions("A study", "We compare with Qwen2-VL. We test GPT-4V. We use ImageNet-C.")
    assert found(result) == {"Qwen2-VL", "GPT-4V", "ImageNet-C"}
    assert found(mentions("A study", "We thank J. Doe and the U.S. team.")) == set()


def test_an_acronym_defined_as_a_task_or_field_is_no_method(mentions) -> None:
    result = mentions("A study", "We study salient object detection (SOD). SODs are hard, and "
                      "audio language models (ALMs) too. We beat DSS on SOD.")  # fmt: skip
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
