"""The paper-concept graph: nodes, typed edges with evidence, IDF-weighted links."""

from __future__ import annotations

import math

import pytest

import extractors
from graph.builder import GraphBuilder, build_graph
from graph.ingest import ingest
from graph.paper import Paper
from graph.projection import DEFAULT_TOP_K
from graph.store import node_link


def mention(key: str, role: str = "used", text: str | None = None) -> dict:
    kind = key.split(":")[0]
    return {"kind": kind, "key": key, "role": role, "text": text or key.split(":")[1],
            "field": "abstract", "start": 0, "end": 1}  # fmt: skip


def small_graph(**kw):
    papers = [Paper(id=i, title=f"Paper {i}", abstract="We use things.") for i in "abcde"]
    papers[0].references = ["b", "zzz"]
    mentions = {
        "a": [mention("method:lora"), mention("benchmark:rare"), mention("method:ours", "proposed")],
        "b": [mention("method:lora"), mention("benchmark:rare"), mention("metric:fid")],
        "c": [mention("method:lora"), mention("metric:fid"), mention("link:x")],
        "d": [mention("method:lora", text="LoRA"), mention("method:lora", text="Low-Rank Adaptation"),
              mention("method:lora", text="LoRA")],
        "e": [],
    }  # fmt: skip
    return build_graph(papers, mentions, **kw)


def test_nodes_and_typed_edges() -> None:
    G = small_graph()
    assert {n for n, d in G.nodes(data=True) if d["kind"] == "paper"} == set("abcde")
    lora = G.nodes["method:lora"]
    assert (lora["kind"], lora["df"], lora["name"], lora["aliases"]) == (
        "method", 4, "lora", ["LoRA", "Low-Rank Adaptation"],  # the commonest spelling names it
    )  # fmt: skip
    assert set(G["a"]["method:ours"]) == {"PROPOSES"}
    assert set(G["a"]["benchmark:rare"]) == {"EVALUATES_ON"}
    assert set(G["b"]["metric:fid"]) == {"MEASURES_WITH"}
    assert G.edges["d", "method:lora", "USES"]["count"] == 3
    assert "link:x" not in G
    assert set(G["a"]["b"]) == {"CITES", "SHARES_CONCEPT"}  # both kept
    assert G.edges["a", "method:lora", "USES"]["sentence"] == "We use things."


def test_link_weights_are_the_shared_concepts_idf() -> None:
    G = small_graph()
    idf = {
        k: math.log(5 / G.nodes[k]["df"]) for k in ("method:lora", "benchmark:rare", "metric:fid")
    }
    assert G.edges["a", "b", "SHARES_CONCEPT"]["weight"] == pytest.approx(
        idf["method:lora"] + idf["benchmark:rare"]
    )
    assert G.edges["a", "b", "SHARES_CONCEPT"]["shared"] == [
        "benchmark:rare",
        "method:lora",
    ]  # rarest first
    assert G.edges["b", "c", "SHARES_CONCEPT"]["weight"] == pytest.approx(
        idf["method:lora"] + idf["metric:fid"]
    )
    assert not G.has_edge("a", "e") and not G.has_edge("e", "a")
    assert (
        G.edges["a", "b", "SHARES_CONCEPT"]["weight"]
        > G.edges["a", "d", "SHARES_CONCEPT"]["weight"]
    )  # a rare benchmark counts more


def test_frequency_cap_removes_ubiquitous_concepts_from_links() -> None:
    G = small_graph(max_df=0.5, min_papers_for_cap=0)  # LoRA: 4 of 5 papers > 50%
    assert not G.has_edge("a", "d", "SHARES_CONCEPT")
    assert G.edges["a", "b", "SHARES_CONCEPT"]["shared"] == ["benchmark:rare"]


def test_top_k_keeps_each_papers_strongest_links() -> None:
    G = small_graph(top_k=1)
    links = {(a, b) for a, b, t in G.edges(keys=True) if t == "SHARES_CONCEPT"}
    every = {(a, b) for a, b, t in small_graph().edges(keys=True) if t == "SHARES_CONCEPT"}
    assert ("a", "b") in links and len(links) < len(every)


def test_citations_are_kept_only_between_known_papers() -> None:
    G = build_graph([Paper(id="a", references=["b", "x"]), Paper(id="b")], {})
    assert set(G["a"]["b"]) == {"CITES"} and "x" not in G


def test_a_paper_id_equal_to_a_concept_key_is_an_error() -> None:
    with pytest.raises(ValueError, match="also a concept key"):
        build_graph([Paper(id="method:lora")], {"method:lora": [mention("method:lora")]})


@pytest.fixture(scope="module")
def seed_graph(seed_pages, nlp):
    papers = ingest(seed_pages).papers
    records = {r["id"]: r["mentions"] for r in extractors.extract(papers, nlp=nlp)}
    return papers, records, build_graph(papers, records)


def test_seed_graph_invariants(seed_graph) -> None:
    papers, records, G = seed_graph
    assert sorted(n for n, d in G.nodes(data=True) if d["kind"] == "paper") == sorted(
        p.id for p in papers
    )
    for paper, concept, data in G.edges(data=True):
        if data["type"] in ("SHARES_CONCEPT", "CITES"):
            continue
        assert data["type"] in ("PROPOSES", "USES", "EVALUATES_ON", "MEASURES_WITH", "HAS_CODE")
        keys = {m["key"] for m in records[paper]}
        assert concept in keys  # every edge is backed by a mention
    for a, b, data in G.edges(data=True):
        if data["type"] == "SHARES_CONCEPT":
            assert a < b
            assert data["weight"] == pytest.approx(sum(G.nodes[k]["idf"] for k in data["shared"]))


def test_building_twice_gives_the_same_graph(seed_graph) -> None:
    papers, records, G = seed_graph
    again = build_graph(papers, records)
    assert list(G.nodes(data=True)) == list(again.nodes(data=True))
    assert list(G.edges(data=True)) == list(again.edges(data=True))


def test_evidence_is_the_whole_sentence_around_the_mention() -> None:
    abstract = "We use LoRA on GLUE. Then BERT. Finally T5 wins"
    spans = {"LoRA": 7, "BERT": 26, "T5": 40}
    papers = [Paper(id="p", title="P", abstract=abstract)]
    mentions = {"p": [{"kind": "method", "key": f"method:{t.lower()}", "role": "used", "text": t,
                       "field": "abstract", "start": s, "end": s + len(t)}
                      for t, s in spans.items()]}  # fmt: skip
    G = build_graph(papers, mentions)
    sentences = [G.edges["p", f"method:{t.lower()}", "USES"]["sentence"] for t in spans]
    assert sentences == ["We use LoRA on GLUE.", "Then BERT.", "Finally T5 wins"]


def test_a_streamed_build_is_the_one_call_build(seed_graph) -> None:
    papers, records, G = seed_graph
    builder = GraphBuilder()
    for paper in papers:
        builder.add(paper, records.get(paper.id, []))
    streamed = builder.finish()
    assert node_link(streamed) == node_link(G)


def test_a_paper_added_after_a_concept_of_its_id_is_an_error() -> None:
    builder = GraphBuilder()
    builder.add(Paper(id="a"), [mention("method:lora")])
    with pytest.raises(ValueError, match="also a concept key"):
        builder.add(Paper(id="method:lora"), [])


def test_default_top_k_bounds_the_links_of_every_paper() -> None:
    papers = [Paper(id=f"p{i:02}") for i in range(40)]
    mentions = {p.id: [mention("method:shared")] for p in papers}
    G = build_graph([*papers, Paper(id="z")], mentions, max_df=1.0, min_papers_for_cap=0)
    degrees = [sum(1 for *_, key in G.edges(p.id, keys=True) if key == "SHARES_CONCEPT")
               + sum(1 for *_, key in G.in_edges(p.id, keys=True) if key == "SHARES_CONCEPT")
               for p in papers]  # fmt: skip
    assert min(degrees) >= DEFAULT_TOP_K
    assert sum(degrees) // 2 <= DEFAULT_TOP_K * len(papers)
