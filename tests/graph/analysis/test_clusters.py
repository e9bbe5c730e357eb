"""Clusters of the paper projection: deterministic, connected, labelled, isolated papers apart."""

from __future__ import annotations

import networkx as nx
import pytest

import extractors
from graph.analysis.annotate import annotate
from graph.analysis.clusters import clusters, paper_projection
from graph.building.builder import build_graph
from graph.paper import Paper
from graph.sources.ingest import ingest


def mention(key: str) -> dict:
    return {"kind": key.split(":")[0], "key": key, "role": "used", "text": key.split(":")[1]}


def two_groups() -> nx.MultiDiGraph:
    """Papers a-d use LoRA and GSM8K, e-h use ViT and ImageNet; everyone uses Adam; i nothing."""
    papers = [Paper(id=i) for i in "abcdefghi"]
    first = [mention(k) for k in ("method:lora", "benchmark:gsm8k", "method:adam")]
    second = [mention(k) for k in ("method:vit", "benchmark:imagenet", "method:adam")]
    mentions = {p: first for p in "abcd"} | {p: second for p in "efgh"}
    return build_graph(papers, mentions, max_df=1.0, min_papers_for_cap=0)


def test_two_groups_become_two_labelled_clusters_and_the_loner_is_isolated() -> None:
    clustering = clusters(two_groups(), seed=3)
    found = clustering.clusters
    assert [c.papers for c in found] == [list("abcd"), list("efgh")]
    assert clustering.isolated == ["i"]
    assert clustering.cluster_of()["a"] == 0 and clustering.cluster_of()["i"] == -1
    assert found[0].concepts["benchmark"] == ["benchmark:gsm8k"]
    assert "method:adam" not in found[0].concepts["method"][:1]  # common to all: not distinctive
    assert "lora" in found[0].label and "gsm8k" in found[0].label
    assert all(c.modularity > 0 for c in found)


def test_clusters_are_deterministic_and_connected(seed_pages, nlp) -> None:
    papers = ingest(seed_pages).papers
    records = {r["id"]: r["mentions"] for r in extractors.extract(papers, nlp=nlp)}
    first = clusters(build_graph(papers, records), seed=0)
    second = clusters(build_graph(papers, records), seed=0)
    assert first == second
    P = paper_projection(build_graph(papers, records))
    for cluster in first.clusters:
        assert nx.is_connected(P.subgraph(cluster.papers))
    assert sum(c.size for c in first.clusters) + len(first.isolated) == len(papers)


@pytest.mark.parametrize("resolution", [0.5, 2.0])
def test_resolution_changes_the_granularity(resolution) -> None:
    found = clusters(two_groups(), resolution=resolution, seed=0).clusters
    assert sum(c.size for c in found) == 8


def test_clusters_leave_the_graph_as_it_was_and_annotate_writes_them() -> None:
    G = two_groups()
    before = (dict(G.graph), {node: dict(data) for node, data in G.nodes(data=True)})
    clustering = clusters(G, seed=3)
    assert (dict(G.graph), {node: dict(data) for node, data in G.nodes(data=True)}) == before
    assert annotate(G, clustering) is G
    label = clustering.clusters[0].label
    assert (G.nodes["a"]["cluster"], G.nodes["a"]["cluster_label"]) == (0, label)
    assert (G.nodes["i"]["cluster"], G.nodes["i"]["cluster_label"]) == (-1, "")
    assert G.graph["clusters"] == [c.to_dict() for c in clustering.clusters]
    assert G.graph["clusters_backend"] == clustering.backend == "igraph"


def three_fields() -> nx.MultiDiGraph:
    """Three groups of five: each its own topic and method, all sharing a widespread
    method (in every group) and a metric; the first group also shares a method with one
    paper of the second."""
    papers = [Paper(id=f"{g}{i}") for g in "abc" for i in range(5)]
    mentions = {}
    for group, topic, method in [("a", "qzxpruning", "qzximp"), ("b", "wumdistil", "wumkd"),
                                 ("c", "vexunlearn", "vexsisa")]:  # fmt: skip
        for i in range(5):
            mentions[f"{group}{i}"] = [
                mention(f"topic:{topic}"),
                mention(f"method:{method}"),
                mention("method:zorbadam"),
                mention("metric:accuracy"),
            ]
    mentions["b0"].append(mention("method:qzximp"))
    return build_graph(papers, mentions, max_df=1.0, min_papers_for_cap=0)


def test_labels_name_what_sets_a_cluster_apart_never_a_metric_or_a_shared_concept() -> None:
    G = three_fields()
    found = clusters(G, seed=0).clusters
    assert sorted(c.papers[0][0] for c in found) == ["a", "b", "c"]
    for cluster in found:
        names = cluster.label.split(" · ")
        assert names and "accuracy" not in names and "zorbadam" not in names
        kinds = {G.nodes[key]["kind"] for keys in cluster.concepts.values() for key in keys}
        assert kinds <= {"topic", "method", "benchmark"}
        assert G.nodes[cluster.concepts["topic"][0]]["name"] == names[0]  # a topic first
    first = next(c for c in found if c.papers[0].startswith("a"))
    assert "method:zorbadam" not in first.concepts["method"][:1]


def test_each_cluster_lists_its_central_papers_by_link_weight_inside_it() -> None:
    G = three_fields()
    clustering = clusters(G, seed=0)
    for cluster in clustering.clusters:
        assert 1 <= len(cluster.central) <= 3 and set(cluster.central) <= set(cluster.papers)
        assert cluster.to_dict()["central"] == cluster.central
    P = paper_projection(G)
    for cluster in clustering.clusters:
        inside = {
            p: sum(P.edges[p, q]["weight"] for q in P[p] if q in cluster.papers)
            for p in cluster.papers
        }
        best = max(inside.values())
        assert inside[cluster.central[0]] == best
