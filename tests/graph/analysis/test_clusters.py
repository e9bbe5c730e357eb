"""Clusters of the paper projection: deterministic, connected, labelled, isolated papers apart."""

from __future__ import annotations

import networkx as nx
import pytest

import extractors
from graph.analysis.clusters import clusters, paper_projection
from graph.building.builder import build_graph
from graph.paper import Paper
from graph.sources.ingest import ingest


def mention(key: str) -> dict:
    return {"kind": key.split(":")[0], "key": key, "role": "used", "text": key.split(":")[1]}


def two_groups() -> nx.MultiDiGraph:
    """Papers a-d use LoRA and GSM8K, e-h use ViT and ImageNet; everyone uses Adam; i nothing."""
    papers = [Paper(id=i) for i in "abcdefghi"]
    mentions = {p: [mention(k) for k in ("method:lora", "benchmark:gsm8k", "method:adam")]
                for p in "abcd"}  # fmt: skip
    mentions |= {p: [mention(k) for k in ("method:vit", "benchmark:imagenet", "method:adam")]
                 for p in "efgh"}  # fmt: skip
    return build_graph(papers, mentions, max_df=1.0, min_papers_for_cap=0)


def test_two_groups_become_two_labelled_clusters_and_the_loner_is_isolated() -> None:
    G = two_groups()
    found, isolated = clusters(G, seed=3)
    assert [c.papers for c in found] == [list("abcd"), list("efgh")]
    assert isolated == ["i"]
    assert G.nodes["a"]["cluster"] == 0 and G.nodes["i"]["cluster"] == -1
    assert found[0].concepts["benchmark"] == ["benchmark:gsm8k"]
    assert "method:adam" not in found[0].concepts["method"][:1]  # common to all: not distinctive
    assert "lora" in found[0].label and "gsm8k" in found[0].label
    assert all(c.modularity > 0 for c in found)


def test_clusters_are_deterministic_and_connected(seed_pages, nlp) -> None:
    papers = ingest(seed_pages).papers
    records = {r["id"]: r["mentions"] for r in extractors.extract(papers, nlp=nlp)}
    first, isolated = clusters(build_graph(papers, records), seed=0)
    second, _ = clusters(build_graph(papers, records), seed=0)
    assert [c.papers for c in first] == [c.papers for c in second]
    P = paper_projection(build_graph(papers, records))
    for cluster in first:
        assert nx.is_connected(P.subgraph(cluster.papers))
    assert sum(c.size for c in first) + len(isolated) == len(papers)


@pytest.mark.parametrize("resolution", [0.5, 2.0])
def test_resolution_changes_the_granularity(resolution) -> None:
    found, _ = clusters(two_groups(), resolution=resolution, seed=0)
    assert sum(c.size for c in found) == 8
