"""The paper-concept graph: nodes, typed edges with evidence, IDF-weighted links."""

from __future__ import annotations

import pytest

import extractors
from extractors import schema
from graph.building.builder import GraphBuilder, build_graph
from graph.building.links import CONCEPT_FACTOR, FAMILY_FACTOR, GENERAL_FACTOR
from graph.building.projection import DEFAULT_TOP_K
from graph.paper import Paper
from graph.sources.ingest import ingest
from graph.store.graphfile import node_link


def mention(key: str, role: str = "used", text: str | None = None) -> dict:
    kind = key.split(":")[0]
    return {
        "kind": kind,
        "key": key,
        "role": role,
        "text": text or key.split(":")[1],
        "field": "abstract",
        "start": 0,
        "end": 1,
    }


def small_graph(**kw):
    # texts with no word in common: the links rest on the concepts alone
    papers = [Paper(id=i, title=f"{i * 3}", abstract=f"{i * 4}.") for i in "abcde"]
    papers[0].references = ["b", "zzz"]
    mentions = {
        "a": [mention("method:lora"), mention("benchmark:zebrabench"), mention("method:ours", "proposed")],
        "b": [mention("method:lora"), mention("benchmark:zebrabench"), mention("metric:fid")],
        "c": [mention("method:lora"), mention("metric:fid"), mention("link:x")],
        "d": [mention("method:lora", text="LoRA"), mention("method:lora", text="Low-Rank Adaptation"),
              mention("method:lora", text="LoRA")],
        "e": [mention("metric:fid")],
    }  # fmt: skip
    return build_graph(papers, mentions, **kw)


def test_nodes_and_typed_edges() -> None:
    G = small_graph()
    assert {n for n, d in G.nodes(data=True) if d["kind"] == "paper"} == set("abcde")
    lora = G.nodes["method:lora"]
    assert (lora["kind"], lora["df"], lora["name"], lora["aliases"]) == (
        "method",
        4,
        "lora",
        ["LoRA", "Low-Rank Adaptation"],  # the commonest spelling names it
    )
    assert set(G["a"]["method:ours"]) == {"PROPOSES"}
    assert set(G["a"]["benchmark:zebrabench"]) == {"EVALUATES_ON"}
    assert set(G["b"]["metric:fid"]) == {"MEASURES_WITH"}
    assert G.edges["d", "method:lora", "USES"]["count"] == 3
    assert "link:x" not in G
    assert set(G["a"]["b"]) == {"CITES", "SHARES_CONCEPT"}  # both kept
    assert G.edges["a", "method:lora", "USES"]["sentence"] == "aaaa."


def test_link_weights_add_the_specific_concepts_and_a_little_of_the_generic() -> None:
    G = small_graph()
    w = {k: G.nodes[k]["weight"] for k in ("method:lora", "benchmark:zebrabench", "metric:fid")}
    assert G.nodes["metric:fid"]["generic"] and not G.nodes["benchmark:zebrabench"]["generic"]
    ab = G.edges["a", "b", "SHARES_CONCEPT"]
    assert ab["weight"] == pytest.approx(
        CONCEPT_FACTOR * (w["method:lora"] ** 2 + w["benchmark:zebrabench"] ** 2)
    )
    assert ab["shared"] == ["benchmark:zebrabench", "method:lora"]  # strongest first
    assert ab["evidence"] == ["benchmark", "method"]
    bc = G.edges["b", "c", "SHARES_CONCEPT"]
    assert bc["weight"] == pytest.approx(
        CONCEPT_FACTOR * w["method:lora"] ** 2 + GENERAL_FACTOR * w["metric:fid"] ** 2
    )
    assert bc["shared"] == ["method:lora", "metric:fid"] and bc["evidence"] == ["general", "method"]
    assert (
        ab["weight"] > G.edges["a", "d", "SHARES_CONCEPT"]["weight"]
    )  # a rare benchmark counts more


def test_a_metric_alone_links_no_papers() -> None:
    G = small_graph()
    assert not any(
        G.has_edge(p, "e", "SHARES_CONCEPT") or G.has_edge("e", p, "SHARES_CONCEPT") for p in "abcd"
    )  # e shares only FID


def test_frequency_cap_removes_ubiquitous_concepts_from_links() -> None:
    G = small_graph(max_df=0.5, min_papers_for_cap=0)  # LoRA: 4 of 5 papers > 50%
    assert not G.has_edge("a", "d", "SHARES_CONCEPT")  # LoRA alone links no more
    assert G.edges["a", "b", "SHARES_CONCEPT"]["shared"][0] == "benchmark:zebrabench"


def test_a_paper_using_what_another_proposes_builds_on_it() -> None:
    papers = [Paper(id="p", title="P", abstract="We propose Foo.", date="2024-01-01"),
              Paper(id="u", title="U", abstract="We use Foo.", date="2024-06-01"),
              Paper(id="old", title="O", abstract="We use Foo.", date="2023-01-01")]  # fmt: skip
    mentions = {"p": [mention("method:foo", "proposed")], "u": [mention("method:foo")],
                "old": [mention("method:foo")]}  # fmt: skip
    G = build_graph(papers, mentions)
    edge = G.edges["u", "p", "BUILDS_ON"]
    assert edge["concepts"] == ["method:foo"] and edge["source_sentence"] == "We propose Foo."
    assert not G.has_edge("old", "p", "BUILDS_ON")  # older than the proposal
    assert "builds_on" in G.edges["p", "u", "SHARES_CONCEPT"]["evidence"]


def test_papers_with_only_words_in_common_are_linked_by_their_terms() -> None:
    text = "Dynamic regret bounds for non-stationary online convex optimization."
    papers = [Paper(id="a", title="A", abstract=text), Paper(id="b", title="B", abstract=text),
              Paper(id="c", title="C", abstract="Speculative decoding for faster inference.")]  # fmt: skip
    G = build_graph(papers, {})
    link = G.edges["a", "b", "SHARES_CONCEPT"]
    assert link["evidence"] == ["terms"] and any("dynamic regret" in k for k in link["shared"])
    assert not G.has_edge("a", "c", "SHARES_CONCEPT")


def test_top_k_keeps_each_papers_strongest_links() -> None:
    papers = [Paper(id=i) for i in "abcdef"]
    mentions = {p.id: [mention("method:lora"), mention("benchmark:glue")] for p in papers}
    mentions["a"].append(mention("benchmark:zebrabench"))
    mentions["b"].append(mention("benchmark:zebrabench"))

    def links(**kw):
        G = build_graph(papers, mentions, max_df=1.0, min_papers_for_cap=0, **kw)
        return {(a, b) for a, b, t in G.edges(keys=True) if t == "SHARES_CONCEPT"}

    assert ("a", "b") in links(top_k=1) and len(links(top_k=1)) < len(links()) == 15


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
        if G.nodes[paper]["kind"] != "paper" or G.nodes[concept]["kind"] == "paper":
            continue  # paper-paper links and concept families
        assert data["type"] in schema.CONCEPT_RELATIONSHIPS
        keys = {m["key"] for m in records[paper]}
        # every edge is backed by a mention, keyed as the corpus's acronyms resolved it
        assert concept in keys or data["text"] in {m["text"] for m in records[paper]}
    for a, b, data in G.edges(data=True):
        if data["type"] == "SHARES_CONCEPT":
            assert a < b and data["evidence"] and data["weight"] > 0
            concepts = [k for k in data["shared"] if not k.startswith("term:")]
            assert all(k in G for k in concepts)
            specific = [k for k in concepts if not G.nodes[k]["generic"]]
            # no link rests on generic concepts alone
            assert specific or "terms" in data["evidence"] or "builds_on" in data["evidence"]
            # a concept a paper holds only through a variant counts FAMILY_FACTOR (identity.py)
            held = [
                FAMILY_FACTOR ** (not G.has_edge(a, k)) * FAMILY_FACTOR ** (not G.has_edge(b, k))
                for k in specific
            ]
            assert (
                data["weight"]
                >= CONCEPT_FACTOR
                * sum(f * G.nodes[k]["weight"] ** 2 for f, k in zip(held, specific, strict=True))
                - 1e-9
            )
        if data["type"] == "BUILDS_ON":
            assert data["sentence"] and data["source_sentence"] and data["concepts"]


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
    papers = [Paper(id=f"p{i:02}") for i in range(15)]  # under 20: no corpus share is generic
    mentions = {p.id: [mention("method:zorblax"), mention("benchmark:quux")] for p in papers}
    G = build_graph([*papers, Paper(id="z")], mentions, max_df=1.0, min_papers_for_cap=0)
    degrees = [
        sum(1 for *_, key in G.edges(p.id, keys=True) if key == "SHARES_CONCEPT")
        + sum(1 for *_, key in G.in_edges(p.id, keys=True) if key == "SHARES_CONCEPT")
        for p in papers
    ]
    assert min(degrees) >= DEFAULT_TOP_K
    assert sum(degrees) // 2 <= DEFAULT_TOP_K * len(papers)
