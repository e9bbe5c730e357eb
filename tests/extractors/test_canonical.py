"""The canonicalisation stage (extractors/canonical.py): which spellings share a key."""

from __future__ import annotations

import pytest

from extractors.canonical import Canonical, canonical_rules, is_acronym
from extractors.keys import concept_key
from extractors.wordlists import WordLists, load_word_lists

SAME = [
    ("method", "Llama 2 13B", "Llama 2"),  # GUIDELINES C1: a size after a space is left off
    ("method", "Llama 2 70B Chat", "Llama-2"),  # ... with the variant words after it
    ("method", "Mistral 7B Instruct", "Mistral"),
    ("method", "Quill 1.5b", "quill"),
    ("method", "Gaussian Processes", "Gaussian process"),  # plurals
    ("method", "Tiny Time Mixers", "tiny time mixer"),
    ("method", "transformers", "Transformer"),
    ("method", "Mixture-of-Experts", "mixture of experts"),
    ("method", "model soups", "Model soup"),
    ("method", "policy studies", "policy study"),
    ("metric", "F1 scores", "F1 score"),
    ("method", "GNNs", "GNN"),  # acronym plurals, as before
    ("method", "LLaMA-2", "Llama 2"),  # case, hyphens, spaces
]

DIFFERENT = [
    ("method", "Llama2-70b", "Llama 2"),  # C1: a size joined by a hyphen stays
    ("method", "Qwen2.5-7B-Instruct", "Qwen2.5"),  # a variant: its family, not its key
    ("benchmark", "GSM 8K", "GSM"),  # sizes are left off methods only
    ("benchmark", "Natural Questions", "Natural Question"),  # benchmarks keep their number
    ("method", "Bayes", "Baye"),  # not plurals
    ("method", "K-Means", "K-Mean"),
    ("method", "naive Bayes", "naive Baye"),
    ("method", "principal component analysis", "principal component analysi"),
    ("method", "Pythias", "Pythia"),  # a capitalised single word is a name
    ("method", "graph dynamics", "graph dynamic"),
    ("method", "Retro 48B", "Retro 48"),
]


@pytest.mark.parametrize(("kind", "text", "other"), SAME)
def test_spellings_of_one_concept_share_a_key(kind: str, text: str, other: str) -> None:
    assert concept_key(kind, text) == concept_key(kind, other)


@pytest.mark.parametrize(("kind", "text", "other"), DIFFERENT)
def test_different_concepts_keep_their_keys(kind: str, text: str, other: str) -> None:
    assert concept_key(kind, text) != concept_key(kind, other)


def test_the_form_keeps_the_words_it_does_not_leave_off() -> None:
    rules = canonical_rules()
    assert rules.form("method", "Llama 2 13B") == "Llama 2"
    assert rules.form("method", "Qwen2.5-7B-Instruct") == "Qwen2.5-7B-Instruct"
    assert rules.form("method", "FLAN-PaLM 62B") == "FLAN-PaLM"
    assert rules.form("topic", "continual learning tasks") == "continual learning tasks"


@pytest.mark.parametrize(
    ("text", "parents"),
    [
        ("Qwen2.5-7B-Instruct", ["Qwen2.5-7B", "Qwen2.5", "Qwen"]),
        ("ImageNet-C", ["ImageNet"]),
        ("ImageNet-1K", ["ImageNet"]),
        ("GPT-4o-mini", ["GPT-4o", "GPT"]),
        ("BERT-Large", ["BERT"]),
        ("Llama 3.1", ["Llama"]),
        ("ResNet50", ["ResNet"]),
        ("SQuAD 2.0", ["SQuAD"]),
        # no family: a coined name, a phrase, a two-letter head, a one-letter stem
        ("Llama-3-SynE", []),
        ("gradient descent", []),
        ("prefix-LM", []),
        ("MCMC-EM", []),
        ("T5", []),
        ("Word2Vec", []),
    ],
)
def test_parents_are_the_names_a_variant_extends(text: str, parents: list[str]) -> None:
    assert canonical_rules().parents(text) == parents


def test_acronyms_are_short_words_with_two_capitals() -> None:
    assert [is_acronym(t) for t in ("ERM", "GaLore", "GPs", "DMoERM")] == [True] * 4
    assert [is_acronym(t) for t in ("Adam", "A", "lora", "Gradient Low-Rank")] == [False] * 4


def test_the_rules_come_from_the_word_lists() -> None:
    lists = load_word_lists()
    mine = WordLists({**lists.lists, "size_units": ("Z",), "variant_words": ("deluxe",)})
    rules = Canonical.from_lists(mine)
    assert rules.form("method", "Quill 7B") == "Quill 7B"
    assert rules.form("method", "Quill 3Z") == "Quill"
    assert rules.parents("Quill-Deluxe") == ["Quill"]
    assert concept_key("method", "Quill 3Z", rules) == "method:quill"


def test_the_resolver_keys_by_its_configured_lists(tmp_path) -> None:
    from pathlib import Path

    from extractors.pipeline import build_pipeline, extract
    from extractors.wordlists import DEFAULT_DIRECTORY

    paper = {"id": "p", "title": "", "abstract": "We compare with FLAN-PaLM 62B and Quill-LM 7B."}

    def keys(nlp) -> dict[str, str]:
        return {m["text"]: m["key"] for m in next(iter(extract([paper], nlp=nlp)))["mentions"]}

    assert keys(build_pipeline())["Quill-LM 7B"] == "method:quilllm"
    shipped = Path(DEFAULT_DIRECTORY / "canonical.toml").read_text(encoding="utf-8")
    mine = shipped.replace('size_units = ["B", "M", "K", "T"]', 'size_units = ["Q"]')
    (tmp_path / "canonical.toml").write_text(mine, encoding="utf-8")
    found = keys(build_pipeline(overrides={"paths.word_lists": str(tmp_path)}))
    assert found["Quill-LM 7B"] == "method:quilllm7b"
