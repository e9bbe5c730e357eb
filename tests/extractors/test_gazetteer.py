"""The gazetteers (extractors/gazetteer.py): loading the data files, generic word shapes
given by a pattern, and the classical ML and theory names mined from real abstracts."""

from __future__ import annotations

import json

import pytest
import spacy

from extractors.gazetteer import Entry, Gazetteer, data_path, load_entries
from tests.extractors.conftest import found


def _shape_gazetteer() -> tuple[spacy.Language, Gazetteer]:
    nlp = spacy.blank("en")
    entries = [
        Entry("generic", "variable product", ("variable product",), pattern="[a-z][A-Z]"),
        Entry("method", "LoRA", ("LoRA",)),
    ]
    return nlp, Gazetteer(nlp.vocab, entries, counted_heads=frozenset())


def test_a_pattern_entry_matches_whole_words_of_its_shape() -> None:
    nlp, gazetteer = _shape_gazetteer()
    doc = nlp("A bound of O(dT) and (nK) with LoRA; not FooBar, kNN or x-yZ.")
    found_texts = [(span.text, entry.kind) for span, entry in gazetteer.find(doc)]
    assert found_texts == [("O(dT", "generic"), ("nK", "generic"), ("LoRA", "method")]


def test_a_pattern_entry_is_not_matched_by_its_label() -> None:
    nlp, gazetteer = _shape_gazetteer()
    assert gazetteer.find(nlp("a variable product")) == []


def test_a_pattern_is_read_from_the_data_file(tmp_path) -> None:
    path = tmp_path / "generic.jsonl"
    row = {"term": "shape", "variants": [], "category": "math", "pattern": "[a-z][A-Z]"}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    [entry] = load_entries("generic", path)
    assert entry.pattern == "[a-z][A-Z]" and entry.category == "math"


def test_every_shipped_pattern_compiles_and_matches_no_known_name() -> None:
    import re

    patterns = [
        re.compile(e.pattern)
        for e in load_entries("generic", data_path("generic_terms.jsonl"))
        if e.pattern
    ]
    assert patterns
    names = [e.name for e in load_entries("method", data_path("methods.jsonl"))]
    assert [n for n in names if any(p.fullmatch(n) for p in patterns)] == []


@pytest.mark.parametrize(
    ("abstract", "method"),
    [
        ("We study empirical risk minimization (ERM) for ranking.", "empirical risk minimization"),
        ("Sparse variational methods make Gaussian processes (GPs) scale.", "GPs"),
        ("We run a Gibbs sampler and sequential Monte Carlo.", "Gibbs sampler"),
        ("We run a Gibbs sampler and sequential Monte Carlo.", "sequential Monte Carlo"),
        ("By Hoeffding's inequality the estimate concentrates.", "Hoeffding's inequality"),
        ("We use the Nadaraya-Watson estimator on the data.", "Nadaraya-Watson estimator"),
        ("We compare against kernel ridge regression.", "kernel ridge regression"),
        ("A parametric bootstrap gives the intervals.", "parametric bootstrap"),
        ("We extend online mirror descent to graphs.", "online mirror descent"),
        ("We fit it by stochastic variational inference.", "stochastic variational inference"),
    ],
)
def test_classical_names_are_methods(mentions, abstract, method) -> None:
    assert method in found(mentions("A study", abstract), "method")


@pytest.mark.parametrize(
    ("abstract", "not_a_method"),
    [
        ("We prove a regret of order sqrt{dT} for linear bandits.", "dT"),
        ("We forecast COVID-19 cases with a QuillNet model.", "COVID-19"),
        ("Writing x^T for the transpose, the bound holds.", "x^T"),
        ("We bootstrap the policy from demonstrations.", "bootstrap"),
        ("We introduce Unified Policy Gradient Estimators for control.", "Policy Gradient"),
        ("We compare against UCB in a bandit experiment.", None),
    ],
)
def test_math_fragments_diseases_and_verbs_are_no_methods(mentions, abstract, not_a_method) -> None:
    methods = found(mentions("A study", abstract), "method")
    if not_a_method is None:
        assert "UCB" in methods  # an organisation's acronym no longer hides the algorithm
    else:
        assert not_a_method not in methods
