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
