"""Concept identity across papers (graph/building/identity.py): acronyms, senses, families."""

from __future__ import annotations

import random

import pytest

from extractors.schema import PROPOSES, VARIANT_OF
from graph.building.builder import build_graph
from graph.building.identity import Acronyms, gazetteer_long_forms
from graph.building.links import FAMILY_FACTOR
from graph.paper import Paper


def mention(kind: str, text: str, key: str, rule: str = "name-shape", role: str = "used") -> dict:
    return {"kind": kind, "text": text, "key": key, "role": role, "rule": rule,
            "field": "abstract", "start": 0, "end": len(text)}  # fmt: skip


def graph(mentions: dict[str, list[dict]], **kw):
    papers = [Paper(id=name, title=f"Paper {name}", abstract="We use it.") for name in mentions]
    return build_graph(papers, mentions, top_k=None, **kw)


QUILL_LONG = "method:quillinkrankprojection"  # "Quill Ink Rank Projection (QuIRP)"


def test_a_bare_acronym_resolves_to_the_one_long_form_the_corpus_defines() -> None:
    G = graph({
        "own": [mention("method", "Quill Ink Rank Projection", QUILL_LONG, "proposal", "proposed"),
                mention("method", "QuIRP", QUILL_LONG, "abbreviation", "proposed")],
        "user": [mention("method", "QuIRP", "method:quirp")],
        "other": [mention("method", "QuIRP", "method:quirp")],
    })  # fmt: skip
    assert "method:quirp" not in G
    assert {p for p, _ in G.in_edges(QUILL_LONG)} == {"own", "user", "other"}
    assert G.edges["own", QUILL_LONG, PROPOSES]["count"] == 2
    assert G.edges["user", QUILL_LONG, "USES"]["text"] == "QuIRP"  # the evidence as written
    assert G.nodes[QUILL_LONG]["df"] == 3
    assert G.nodes[QUILL_LONG]["aliases"] == ["Quill Ink Rank Projection"]  # QuIRP: 3 of 4


def test_an_acronym_defined_two_ways_keeps_its_senses_apart_and_visible() -> None:
    erm = ["method:empiricalriskminimization", "method:entropicriskmeasure"]
    G = graph({
        "a": [mention("method", "ERM", erm[0], "abbreviation")],
        "b": [mention("method", "ERM", erm[1], "abbreviation")],
        "c": [mention("method", "ERM", "method:erm")],
    })  # fmt: skip
    assert {"method:erm", *erm} <= set(G)
    assert G.nodes["method:erm"]["senses"] == erm
    assert G.nodes[erm[0]]["senses"] == G.nodes[erm[1]]["senses"] == erm
    assert "senses" not in G.nodes["a"]


def test_a_gazetteer_acronym_is_one_sense_that_its_listed_long_forms_join() -> None:
    listed = {"method:qmx": frozenset({"method:quillmixer"})}
    acronyms = Acronyms(listed=listed)
    acronyms.see(mention("method", "QMX", "method:quillmixer", "abbreviation"))
    acronyms.see(mention("method", "QMX", "method:quietmatrix", "abbreviation"))
    merges, senses = acronyms.resolutions({"method:qmx"})
    assert merges == {"method:quillmixer": "method:qmx"}
    assert senses == {"method:qmx": ["method:qmx", "method:quietmatrix"]}


def test_a_gazetteer_acronym_without_long_forms_takes_the_corpus_definition() -> None:
    acronyms = Acronyms(listed={"method:qmx": frozenset()})
    acronyms.see(mention("method", "QMX", "method:quillmixer", "abbreviation"))
    assert acronyms.resolutions({"method:qmx"}) == ({"method:quillmixer": "method:qmx"}, {})


def test_an_acronym_a_paper_proposes_bare_is_a_sense_of_its_own() -> None:
    acronyms = Acronyms(listed={})
    acronyms.see(mention("method", "RQM", "method:rqm", "proposal", "proposed"))
    acronyms.see(mention("method", "RQM", "method:robustquillmixer", "abbreviation"))
    merges, senses = acronyms.resolutions({"method:rqm"})
    assert merges == {}
    assert senses == {"method:rqm": ["method:robustquillmixer", "method:rqm"]}


def test_gazetteer_keys_are_no_definitions() -> None:
    acronyms = Acronyms(listed={})
    acronyms.see(mention("method", "IBP", "method:intervalboundpropagation", "gazetteer"))
    acronyms.see(mention("method", "Adam", "method:adamoptimizer", "abbreviation"))  # no acronym
    assert acronyms.resolutions({"method:ibp"}) == ({}, {})


def test_a_long_form_with_a_method_noun_more_is_the_same_sense() -> None:
    acronyms = Acronyms(listed={})
    for key in ("method:forwardforward", "method:forwardforwardalgorithm"):
        acronyms.see(mention("method", "FF", key, "abbreviation"))
    merges, senses = acronyms.resolutions({"method:ff"})
    assert senses == {}
    assert merges == {"method:forwardforwardalgorithm": "method:forwardforward",
                      "method:ff": "method:forwardforward"}  # fmt: skip


def test_the_shipped_gazetteer_lists_long_forms_of_its_acronyms() -> None:
    found = gazetteer_long_forms()
    assert "method:reinforcementlearningwithverifiablereward" in found["method:rlvr"]
    assert found["method:galore"] == frozenset()


def test_keys_do_not_depend_on_the_order_of_the_papers() -> None:
    mentions = {
        "own": [mention("method", "QuIRP", QUILL_LONG, "abbreviation", "proposed")],
        "user": [mention("method", "QuIRP", "method:quirp")],
        "e1": [mention("method", "ERM", "method:empiricalriskminimization", "abbreviation")],
        "e2": [mention("method", "ERM", "method:entropicriskmeasure", "abbreviation")],
        "q": [mention("method", "Qwen2.5-7B", "method:qwen257b"), mention("method", "Qwen", "method:qwen")],
    }  # fmt: skip
    first = graph(mentions)
    names = list(mentions)
    random.Random(7).shuffle(names)
    second = graph({name: mentions[name] for name in names})
    assert sorted(first.nodes) == sorted(second.nodes)
    assert sorted(first.edges(keys=True)) == sorted(second.edges(keys=True))


def test_families_link_each_variant_to_its_nearest_concept() -> None:
    G = graph({
        "a": [mention("method", "Qwen2.5-7B-Instruct", "method:qwen257binstruct")],
        "b": [mention("method", "Qwen2.5", "method:qwen25"), mention("method", "Qwen", "method:qwen")],
        "c": [mention("benchmark", "ImageNet-C", "benchmark:imagenetc"),
              mention("benchmark", "ImageNet", "benchmark:imagenet")],
        "d": [mention("method", "Llama-3-SynE", "method:llama3syne"),
              mention("method", "Llama", "method:llama")],
    })  # fmt: skip
    variants = sorted((a, b) for a, b, kind in G.edges(keys=True) if kind == VARIANT_OF)
    assert variants == [
        ("benchmark:imagenetc", "benchmark:imagenet"),
        ("method:qwen25", "method:qwen"),
        ("method:qwen257binstruct", "method:qwen25"),
    ]
    assert G.nodes["method:qwen25"]["variants"] == ["method:qwen257binstruct"]
    assert G.nodes["method:qwen257binstruct"]["df"] == 1  # the family is extra, not evidence
    assert G.edges["a", "method:qwen257binstruct", "USES"]["text"] == "Qwen2.5-7B-Instruct"


def test_a_family_never_crosses_kinds() -> None:
    G = graph({"a": [mention("benchmark", "Quill-C", "benchmark:quillc"),
                     mention("method", "Quill", "method:quill")]})  # fmt: skip
    assert not [kind for *_, kind in G.edges(keys=True) if kind == VARIANT_OF]


def _link_weight(G, a: str, b: str) -> float:
    data = G.get_edge_data(min(a, b), max(a, b)) or {}
    return data.get("SHARES_CONCEPT", {}).get("weight", 0.0)


def test_a_shared_family_links_papers_but_less_than_the_exact_concept() -> None:
    quill = [mention("method", "Quillformer", "method:quillformer")]
    G = graph({
        "exact1": quill, "exact2": quill,
        "variant": [mention("method", "Quillformer-7B", "method:quillformer7b")],
        "variant2": [mention("method", "Quillformer-1B", "method:quillformer1b")],
        "none": [mention("method", "Inkformer", "method:inkformer")],
    })  # fmt: skip
    exact, family = _link_weight(G, "exact1", "exact2"), _link_weight(G, "exact1", "variant")
    both_variants = _link_weight(G, "variant", "variant2")
    assert 0 < both_variants < family < exact
    assert family == pytest.approx(FAMILY_FACTOR * exact, rel=0.05)
    assert "method:quillformer" in G.edges["exact1", "variant", "SHARES_CONCEPT"]["shared"]
    assert _link_weight(G, "exact1", "none") == 0.0
