"""Plain-text reports of a built graph, shared by ``build`` and the question commands."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from extractors.schema import CONCEPT_KINDS, PAPER, SHARES_CONCEPT

__all__ = ["bridge_lines", "cluster_lines", "concept_names", "graph_line", "paper_name"]

TITLE_WIDTH = 60
JOINS_SHOWN = 3


def paper_name(G: nx.MultiDiGraph, paper: str, width: int = TITLE_WIDTH) -> str:
    """``"Title that is cut at width… [id]"`` for one paper."""
    title = " ".join((G.nodes[paper].get("title") or "").split())
    if len(title) > width:
        title = title[: width - 1].rstrip() + "…"
    return f"{title} [{paper}]"


def concept_names(G: nx.MultiDiGraph, keys: list[str]) -> str:
    """Display names of concept keys, comma-separated; a name that two kinds share
    says its kind ("FLOPs (metric)")."""
    names = [G.nodes[key].get("name", key) if key in G else key for key in keys]
    repeated = {name for name, count in Counter(names).items() if count > 1}
    return ", ".join(
        f"{name} ({key.split(':')[0]})" if name in repeated else name
        for name, key in zip(names, keys, strict=True)
    )


def graph_line(G: nx.MultiDiGraph) -> str:
    """``graph: 62 papers, 310 concepts (…), 151 links`` for a built graph."""
    kinds = Counter(kind for _, kind in G.nodes(data="kind"))
    links = sum(1 for *_, kind in G.edges(keys=True) if kind == SHARES_CONCEPT)
    concepts = sum(kinds[k] for k in CONCEPT_KINDS)
    by_kind = ", ".join(f"{kinds[k]} {k}s" for k in CONCEPT_KINDS)
    return f"graph: {kinds[PAPER]} papers, {concepts} concepts ({by_kind}), {links} links"


def cluster_lines(G: nx.MultiDiGraph, top: int | None = None) -> list[str]:
    """One line per saved cluster (``G.graph["clusters"]``), largest first."""
    saved: list[dict[str, Any]] = G.graph.get("clusters", [])
    isolated = sum(
        1
        for _, data in G.nodes(data=True)
        if data.get("kind") == PAPER and data.get("cluster") == -1
    )
    backend = G.graph.get("clusters_backend", "igraph")
    lines = [
        f"clusters: {len(saved)} (Leiden, {backend}), and {isolated} isolated papers "
        "that share nothing"
    ]
    for cluster in saved[:top]:
        lines.append(
            f"  #{cluster['id']:<3} {cluster['size']:>4} papers  "
            f"{cluster['label'] or '(no distinctive concept)'}"
        )
    if top is not None and len(saved) > top:
        lines.append(f"  … and {len(saved) - top} smaller clusters")
    return lines


def bridge_lines(G: nx.MultiDiGraph, top: int = 5) -> list[str]:
    """The ``top`` saved bridges (``G.graph["bridges"]``) and what each joins."""
    saved: list[dict[str, Any]] = G.graph.get("bridges", [])
    lines = [
        f"bridges: {len(saved)} papers link clusters "
        f"({G.graph.get('bridges_betweenness', 'exact betweenness')})"
        + (f"; the top {min(top, len(saved))}:" if saved else "")
    ]
    for rank, bridge in enumerate(saved[:top], 1):
        own, *others = bridge["joins"]
        via = [f"#{c} ({concept_names(G, bridge['via'][str(c)])})" for c in others[:JOINS_SHOWN]]
        more = f" and {len(others) - JOINS_SHOWN} more" if len(others) > JOINS_SHOWN else ""
        lines.append(f"  {rank}. {paper_name(G, bridge['paper'])}  score {bridge['score']:.2f}")
        lines.append(f"     joins #{own} with {', '.join(via)}{more}")
    return lines
