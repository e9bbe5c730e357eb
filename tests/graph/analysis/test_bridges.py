"""Bridging papers: the known answer on a constructed graph, determinism, explanations."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.annotate import annotate
from graph.analysis.backends import links_of
from graph.analysis.bridges import bridges
from graph.analysis.clusters import clusters, paper_projection
from graph.building.builder import build_graph
from graph.paper import Paper
from graph.store.graphfile import load_graph, save_graph


def mention(key: str) -> dict:
    return {"kind": key.split(":")[0], "key": key, "role": "used", "text": key.split(":")[1]}


def two_dense_groups_and_a_bridge() -> nx.MultiDiGraph:
    """a1-a6 share LoRA and GSM8K, b1-b6 share ViT and ImageNet; "x" uses all four (a link
    needs two shared concepts when neither is rare)."""
    papers = [Paper(id=f"{g}{i}") for g in "ab" for i in range(1, 7)] + [Paper(id="x")]
    mentions = {
        f"a{i}": [mention("method:qzxlora"), mention("benchmark:vexbench")] for i in range(1, 7)
    }
    mentions |= {
        f"b{i}": [mention("method:qzxvit"), mention("benchmark:wumbench")] for i in range(1, 7)
    }
    mentions["x"] = [mention(key) for key in ("method:qzxlora", "benchmark:vexbench",
                                              "method:qzxvit", "benchmark:wumbench")]  # fmt: skip
    return build_graph(papers, mentions, max_df=1.0, min_papers_for_cap=0)


@pytest.mark.parametrize(
    ("exact_limit", "min_samples", "method"),
    [(10_000, 50, "exact"), (0, 1, "sampled"), (0, 50, "cluster-graph flow")],
)
def test_the_paper_joining_two_dense_groups_ranks_first(exact_limit, min_samples, method) -> None:
    G = two_dense_groups_and_a_bridge()
    clustering = clusters(G, seed=1)
    found = bridges(
        G, clustering=clustering, exact_limit=exact_limit, samples=8, min_samples=min_samples
    )
    assert method in found.method
    annotate(G, clustering, found)
    top = found[0]
    assert top.paper == "x"
    own = G.nodes["x"]["cluster"]
    other = 1 - own
    assert top.joins == [own, other]
    b_side = G.nodes["b1"]["cluster"] == other
    side = (
        ["benchmark:wumbench", "method:qzxvit"]
        if b_side
        else ["benchmark:vexbench", "method:qzxlora"]
    )
    assert top.via == {other: side}
    assert G.nodes["x"]["bridge_rank"] == 1 and G.nodes["x"]["bridge_clusters"] == [own, other]
    assert 0 < top.participation <= 0.5 + 1e-12 and top.score == pytest.approx(1.0, abs=0.3)


def test_a_paper_whose_links_stay_in_its_cluster_is_no_bridge() -> None:
    G = two_dense_groups_and_a_bridge()
    clustering = clusters(G, seed=1)
    found = bridges(G, clustering=clustering, seed=1)
    annotate(G, clustering, found)
    x_cluster = G.nodes["x"]["cluster"]
    far = next(
        p
        for p in sorted(G)
        if G.nodes[p].get("kind") == "paper" and p != "x" and G.nodes[p]["cluster"] == x_cluster
    )  # links to its group and to x only
    assert far not in {b.paper for b in found}
    assert G.nodes[far]["bridge_score"] == 0.0 and G.nodes[far]["bridge_clusters"] == []


def test_bridges_run_clusters_when_given_none_and_leave_the_graph_as_it_was() -> None:
    G = two_dense_groups_and_a_bridge()
    before = (dict(G.graph), {node: dict(data) for node, data in G.nodes(data=True)})
    ranking = bridges(G, top=1, seed=1)
    assert [bridge.paper for bridge in ranking] == ["x"]
    assert (dict(G.graph), {node: dict(data) for node, data in G.nodes(data=True)}) == before
    clustering = clusters(G, seed=1)
    assert bridges(G, clustering=clustering, seed=1) == bridges(G, seed=1)


def test_links_computed_once_give_the_same_analysis() -> None:
    G = two_dense_groups_and_a_bridge()
    links = links_of(G)
    clustering = clusters(G, seed=1, links=links)
    assert clustering == clusters(G, seed=1)
    assert bridges(G, clustering=clustering, links=links) == bridges(G, clustering=clustering)


def test_annotate_writes_the_bridge_attributes_of_every_paper() -> None:
    G = two_dense_groups_and_a_bridge()
    clustering = clusters(G, seed=1)
    ranking = bridges(G, clustering=clustering, seed=1)
    annotate(G, clustering, ranking)
    assert G.graph["bridges"] == [bridge.to_dict() for bridge in ranking]
    assert G.graph["bridges_betweenness"] == ranking.method
    assert G.nodes["x"]["bridge_rank"] == 1 and G.nodes["x"]["bridge_score"] == ranking[0].score
    written = {"cluster", "cluster_label", "bridge_score", "bridge_rank", "bridge_clusters"}
    for paper, data in G.nodes(data=True):
        if data.get("kind") == "paper":
            assert written <= set(data), paper
    G.nodes["x"]["bridge_clusters"].append(99)  # the graph holds copies of the results
    assert 99 not in ranking[0].joins


def test_seed_bridges_are_deterministic_and_explained(seed_outdir, tmp_path) -> None:
    G = load_graph(seed_outdir)
    first = [b.to_dict() for b in bridges(G, seed=0)]  # from the saved clusters
    assert first == G.graph["bridges"]
    save_graph(G, tmp_path)
    again = load_graph(tmp_path)
    clustering = clusters(again, seed=0)
    assert [b.to_dict() for b in bridges(again, clustering=clustering, seed=0)] == first
    P = paper_projection(G)
    for bridge in first[:10]:
        assert len(bridge["joins"]) >= 2 and bridge["joins"][0] == bridge["cluster"]
        for cluster, keys in bridge["via"].items():
            linked = [n for n in P[bridge["paper"]] if G.nodes[n]["cluster"] == int(cluster)]
            assert linked, "a bridge joins only clusters it has links into"
            shared = set().union(*(P.edges[bridge["paper"], n]["shared"] for n in linked))
            assert set(keys) <= shared, "every concept named is shared on such a link"
    linked = {n for n in P if P.degree(n) > 0}
    assert len(first) <= 0.1 * len(linked) + 1  # bridges are rare
    for bridge in first:  # and explained by specific concepts, never by generic ones or words
        for keys in bridge["via"].values():
            assert keys and all(
                not k.startswith("term:") and not G.nodes[k]["generic"] for k in keys
            )


def test_a_generic_concept_alone_makes_no_bridge() -> None:
    """The same two groups, but "x" reaches the second one only through accuracy."""
    papers = [Paper(id=f"{g}{i}") for g in "ab" for i in range(1, 7)] + [Paper(id="x")]
    mentions = {
        f"a{i}": [mention("method:qzxlora"), mention("benchmark:vexbench")] for i in range(1, 7)
    }
    mentions |= {
        f"b{i}": [mention("method:qzxvit"), mention("metric:accuracy")] for i in range(1, 7)
    }
    mentions["x"] = [mention("benchmark:vexbench"), mention("metric:accuracy")]
    G = build_graph(papers, mentions, max_df=1.0, min_papers_for_cap=0)
    assert "x" not in {b.paper for b in bridges(G, seed=1)}
