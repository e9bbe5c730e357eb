"""The excess test behind bridges: links into another cluster beyond the block model."""

from __future__ import annotations

import networkx as nx
import numpy

from graph.analysis.backends import links_of
from graph.analysis.excess import reaching, specific_links


def groups(extra: list[tuple[str, str, list[str]]]) -> nx.MultiDiGraph:
    """Two dense groups of six ("a0".."a5" sharing LoRA, "b0".."b5" sharing ViT), plus ``extra``
    links (a, b, shared keys)."""
    G = nx.MultiDiGraph()
    G.add_node("method:lora", kind="method", generic=False)
    G.add_node("method:vit", kind="method", generic=False)
    G.add_node("metric:accuracy", kind="metric", generic=True)
    for group, key in (("a", "method:lora"), ("b", "method:vit")):
        names = [f"{group}{i}" for i in range(6)]
        for i, first in enumerate(names):
            for second in names[i + 1 :]:
                G.add_edge(first, second, key="SHARES_CONCEPT", weight=1.0, shared=[key])
    for a, b, shared in extra:
        G.add_edge(a, b, key="SHARES_CONCEPT", weight=1.0, shared=shared)
    for paper in [n for n in G if "kind" not in G.nodes[n]]:
        G.nodes[paper]["kind"] = "paper"
    return G


def reached(G: nx.MultiDiGraph) -> dict[str, list[int]]:
    links = links_of(G)
    cluster = numpy.array([0 if p.startswith("a") else 1 for p in links.papers])
    return {links.papers[i]: found for i, found in reaching(G, links, cluster).items()}


def test_several_explained_links_into_the_other_group_reach_it() -> None:
    extra = [("a0", f"b{i}", ["method:vit"]) for i in range(4)]
    assert reached(groups(extra)) == {"a0": [1]}


def test_one_link_into_the_other_group_is_what_anyone_might_have() -> None:
    assert reached(groups([("a0", "b0", ["method:vit"])])) == {}


def test_links_explained_only_by_words_or_generic_concepts_reach_nothing() -> None:
    words = [("a0", f"b{i}", ["term:pruning"]) for i in range(4)]
    generic = [("a1", f"b{i}", ["metric:accuracy"]) for i in range(4)]
    G = groups(words + generic)
    assert reached(G) == {}
    links = links_of(G)
    assert specific_links(G, links).sum() == 30  # the 15 + 15 links inside the groups
