"""Extraction rules for names written in lists and with their variants, each with cases
where it must fire and cases where it must not: versions and language pairs after a
benchmark, names right after ``benchmarks``, names listed with a slash, and units."""

from __future__ import annotations

import pytest

from extractors.terms import slash_between_names
from tests.extractors.conftest import found


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("Experiments on MuST-C v2 En-De show gains.", {"MuST-C v2 En-De"}),
        ("We time MLPerf Training v2.0.", {"MLPerf Training v2.0"}),
        ("We test on WMT En\u2192De and MuST-C en-fr.", {"WMT En\u2192De", "MuST-C en-fr"}),
        # a word after the name is no language code, nor a version
        ("We use MNIST to-do lists and MNIST in-house.", {"MNIST"}),
        ("We train GLUE v2x heads.", {"GLUE"}),
    ],
)
def test_versions_and_language_pairs_after_a_benchmark(mentions, abstract, expected) -> None:
    assert found(mentions("A study", abstract), "benchmark") == expected


def test_a_benchmark_variant_is_a_concept_of_its_own(mentions) -> None:
    result = mentions("A study", "We test on MuST-C v2 En-De and on MuST-C.")
    assert len({m["key"] for m in result if m["kind"] == "benchmark"}) == 2


def test_names_right_after_a_benchmark_head(mentions) -> None:
    result = mentions("A study", "We test on the corruption benchmarks FooC, BarC, and Baz-C.")
    assert found(result, "benchmark") == {"FooC", "BarC", "Baz-C"}
    assert found(mentions("A study", "The datasets we use are public, like these.")) == set()
    # a known model stays a model, wherever it stands
    result = mentions("A study", "On the datasets GPT-4 was trained on, it fails.")
    assert found(result, "benchmark") == set()
    assert found(result, "method") == {"GPT-4"}


def test_a_percentage_is_an_evaluation_cue(mentions) -> None:
    result = mentions("A study", "It is ahead (Dessi et al., 2023); and +7.6% on ImageCoDe.")
    assert found(result, "benchmark") == {"ImageCoDe"}
    assert found(mentions("A study", "Only 5% on Twitter use it.")) == set()


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("It wins by 0.22/1.68 F1/EM points.", {"F1", "EM"}),
        ("We report PSNR/SSIM gains.", {"PSNR", "SSIM"}),
        ("It reaches 3 MAC/clk.", set()),  # one unit, not two metrics
    ],
)
def test_metrics_listed_with_a_slash(mentions, abstract, expected) -> None:
    assert found(mentions("A study", abstract), "metric") == expected


@pytest.mark.parametrize(
    ("text", "slash", "listed"),
    [
        ("F1/EM", 2, True),
        ("PSNR/SSIM", 4, True),
        ("GPT-3.5/4", 7, False),
        ("MAC/clk", 3, False),
        ("w/o", 1, False),
    ],
)
def test_slash_between_names(text, slash, listed) -> None:
    assert slash_between_names(text, slash) is listed


def test_plural_f1_scores_and_named_correlations(mentions) -> None:
    result = mentions(
        "A study",
        "It reaches F1 scores of .88 and gains 4.6% in Spearman and "
        "Kendall correlations with human judgments.",
    )
    assert found(result, "metric") == {"F1 scores", "Spearman", "Kendall"}


def test_units_are_no_names(mentions) -> None:
    result = mentions("A study", "It gains 2 dB at 2.4 GHz on CIFAR10C.")
    assert found(result, "method") == set()
    assert found(result, "benchmark") == {"CIFAR10C"}


def test_a_capitalised_compound_suffix_is_not_part_of_a_model_name(mentions) -> None:
    result = mentions("A study", "It reaches GPT-4o-Level quality with Llama-3-Based models.")
    assert found(result, "method") == {"GPT-4o", "Llama-3"}
    assert found(mentions("A study", "We test GPT-4o-Mini."), "method") == {"GPT-4o-Mini"}


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        # a qualifier that makes a standard metric of its own stays (GUIDELINES M2)
        ("The tickets reach higher test accuracy than the dense network.", {"test accuracy"}),
        ("It lowers the test error by 2 points.", {"test error"}),
        ("Test accuracy is a poor guide to robustness, we argue.", set()),  # not reported
    ],
)
def test_test_set_metrics(mentions, abstract, expected) -> None:
    assert found(mentions("A study", abstract), "metric") == expected
