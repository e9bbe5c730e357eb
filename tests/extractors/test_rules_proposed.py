"""Proposed names through the whole pipeline: where a paper's own contribution must be
found, and where it must not (the rules themselves: test_proposals.py)."""

from __future__ import annotations

import pytest

from tests.extractors.conftest import found

# --- proposed names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "abstract", "proposed"),
    [
        (
            "GrowCLIP: Data-aware Model Growing",
            "We propose GrowCLIP, a growing algorithm.",
            {"GrowCLIP"},
        ),
        ("Learn-by-interact: A Framework", "", {"Learn-by-interact"}),
        ("Qwen2.5 Technical Report", "", {"Qwen2.5"}),
        ("Kwai Keye-VL 1.5 Technical Report", "", {"Keye-VL 1.5"}),
        (
            "A study",
            "We propose Embedded Representation Warmup (ERW), a plug-and-play framework.",
            {"Embedded Representation Warmup", "ERW"},
        ),
        ("A study", "We present exact-extract, a decoding algorithm.", {"exact-extract"}),
        (
            "A study",
            "We introduce two models, namely Ling-Lite and Ling-Plus.",
            {"Ling-Lite", "Ling-Plus"},
        ),
        (
            "A study",
            "We introduce a new scheduler, Power scheduler, that works.",
            {"Power scheduler"},
        ),
        (
            "A study",
            'We average the weights -- we call the results "model soups."',
            {"model soups"},
        ),
        (
            "A study",
            "Finally, we employ parameter inheriting with momentum (PIM) to help.",
            {"parameter inheriting with momentum", "PIM"},
        ),
        (
            "A study",
            "Our proposed Dual-stage Mixed Fine-tuning (DMT) strategy works.",
            {"Dual-stage Mixed Fine-tuning", "DMT"},
        ),
        ("A study", "Our final model, R1-CI-14B, improves accuracy.", {"R1-CI-14B"}),
        (
            "A study",
            "We propose STAT. In STAT-Sel, the teacher reweights data.",
            {"STAT", "STAT-Sel"},
        ),
        (
            "Data Filtering Networks",
            "We learn a data filtering network (DFN) for filtering.",
            {"data filtering network", "DFN"},
        ),
        ("A study", "Building on it, we next develop Cuber, a method without replay.", {"Cuber"}),
        ("A study", "We instead propose RankFlow, a simple method.", {"RankFlow"}),
        (
            "A study",
            "In this work, we introduce Retro 48B, the largest LLM of its kind.",
            {"Retro 48B"},
        ),
        ("Power Scheduler: A Batch Size Agnostic Learning Rate Scheduler", "", {"Power Scheduler"}),
        (
            "A study",
            "A special case of our method, which we call LM up-scaling, avoids costs.",
            {"LM up-scaling"},
        ),
        (
            "Prototype-Sample Relation Distillation: Towards Replay-Free Learning",
            "",
            {"Prototype-Sample Relation Distillation"},
        ),
        ("A study", "Here we hereby present GeoFuse for maps.", {"GeoFuse"}),
        # found wanting on the held-out sample (benchmarks/heldout)
        ("Tiny Time Mixers (TTMs): Fast Pre-trained Models", "", {"Tiny Time Mixers", "TTMs"}),
        (
            "Probabilistic Partitive Partitioning (PPP)",
            "Clustering is hard.",
            {"Probabilistic Partitive Partitioning", "PPP"},
        ),
        ("PreRoutGNN for Timing Prediction with Order", "We use it.", {"PreRoutGNN"}),
        (
            "A study",
            "We show our proposed method 'robust mean teacher' (RMT) works.",
            {"robust mean teacher", "RMT"},
        ),
        (
            "A study",
            'We introduce a backward-stable "perturb-then-diagonalize" (PTD) method.',
            {"perturb-then-diagonalize", "PTD"},
        ),
        ("A study", "We release Vega v2, a model.", {"Vega v2"}),
        ("A study", "We build a base model called JiuZhang-8B.", {"JiuZhang-8B"}),
        (
            "A study",
            "We introduce Distilling step-by-step, a new mechanism that trains models.",
            {"Distilling step-by-step"},
        ),
        (
            "A study",
            "Our proposed two-stage method, known as 'Adapt-then-Unlearn,' works.",
            {"Adapt-then-Unlearn"},
        ),
        (
            "A study",
            "Our first approach is Batch-Scheduled Sampling, where we mix tokens.",
            {"Batch-Scheduled Sampling"},
        ),
        (
            "A study",
            "We propose cyclical curriculum learning (CCL), in which sizes cycle.",
            {"cyclical curriculum learning", "CCL"},
        ),
        (
            "A study",
            "We present (1) Visual Caption Boosting, a novel framework; and (2) BagCurri, "
            "a training curriculum.",
            {"Visual Caption Boosting", "BagCurri"},
        ),
        (
            "A study",
            r"To build corpora, we employ a \textbf{de-domaining} technique.",
            {"de-domaining"},
        ),
        (
            "A study",
            "To this end, we introduce data selection based on data's Predictive strength "
            "(Preselect), a lightweight method.",
            {"Preselect"},
        ),
        (
            "A study",
            "The resulting simple, yet general algorithm, Pre-trained Distillation, helps.",
            {"Pre-trained Distillation"},
        ),
        (
            "A study",
            "We introduce AceReason-Nemotron-1.1 7B, a reasoning model.",
            {"AceReason-Nemotron-1.1"},
        ),
        (
            "A study",
            "We present Qwen2.5-Math-Instruct-1.5B/7B/72B, our models.",
            {"Qwen2.5-Math-Instruct"},
        ),
        (
            "A study",
            "A deep compression autoencoder, Video-VAE, is designed for video.",
            {"Video-VAE"},
        ),
        (
            "A study",
            "We propose a pre-training method based on Leave-One-Out K-Nearest-Neighbor, "
            "or LOOK for short.",
            {"LOOK"},
        ),
        (
            "A study",
            "We propose a data selection based on data's Predictive strength (Preselect), "
            "an efficient method.",
            {"data selection based on data's Predictive strength", "Preselect"},
        ),
    ],
)
def test_proposed_names(mentions, title, abstract, proposed) -> None:
    assert found(mentions(title, abstract), "method", "proposed") == proposed


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        ("Beyond Backpropagation: Exploring Algorithms", ""),
        ("Predictable Scale: Part I", ""),
        ("Stationary Representations: Optimally Approximating Compatibility", ""),
        ("Revisiting Knowledge Distillation: Old Tricks", ""),
        ("Knowledge Distillation: A Survey of Methods", ""),
        ("Distillation of Large Models: Old Tricks", ""),
        ("A study", "We query our model through what we call a public LLM API."),
        ("Every FLOP Counts: Scaling", ""),
        ("A study", "We propose three improvements based on IBP training."),
        ("A study", "We propose to fully add Batch Normalization (BN) to each layer."),
        ("A study", "We present a multiclass H-consistency bound framework."),
        ("A study", "We introduce the idea of Mixture-of-Experts (MoE) into reward models."),
        ("A study", "We present two MoE large language models (LLMs) for chat."),
        ("A study", "This paper presents a systematic literature review (SLR) of methods."),
        ("A study", "In the CL literature, this effect is referred to as catastrophic forgetting."),
        ("A study", "We explore Forward-Forward (FF) and Cascaded-Forward (CaFo) training."),
        ("A study", "We design a Transformer-based trajectory predictor."),
        ("A study", "Our proposed MU methods address other problems."),
        # found wanting on the held-out sample (benchmarks/heldout)
        ("A study", "Pixels change meaning, a phenomenon we refer to as the \"background shift''."),
        ("A study", "Our method suffers from an effect we call forgetting drift."),
        ("A study", "We compare our proposed loss with cross-entropy (CE) as it is."),
        ("A study", "Our method is based on BERT and our approach is simple."),
        ("A study", "We propose to evaluate on the hard split (MATH), which is hard."),
        ("A study", "We propose a method based on scores (Hu), which works."),
        ("A study", "A model, BERT, is trained on text."),
        ("BERT for Joint Intent Classification", "We use BERT."),
        ("LLMs for Science", "We survey them."),
        (
            "A study",
            "We propose a loss inspired by distributionally robust optimization (DRO), "
            "as it helps.",
        ),
        ("A study", r"We \textbf{significantly} improve results on (1) GLUE, a benchmark."),
    ],
)
def test_not_proposed(mentions, title, abstract) -> None:
    assert found(mentions(title, abstract), role="proposed") == set()


def test_introduced_dataset_is_a_proposed_benchmark(mentions) -> None:
    result = mentions("PoseX: Docking", "We present PoseX, a self-docking benchmark dataset.")
    assert found(result, "benchmark", "proposed") == {"PoseX"}
    assert found(result, "method") == set()
