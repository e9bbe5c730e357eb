"""Questions users ask of the graph: related papers, connections, methods x benchmarks, timelines.

Each function takes the graph :func:`graph.build_graph` made and answers with
plain data that explains itself (the shared concepts behind every link).

>>> from graph.paper import Paper
>>> from graph.building.builder import build_graph
>>> def used(*keys):
...     return [{"kind": k.split(":")[0], "text": k, "key": k, "role": "used"} for k in keys]
>>> papers = [Paper(id="a", title="A", date="2025-01-02"), Paper(id="b", title="B", date="2025-02"),
...           Paper(id="c", title="C")]
>>> G = build_graph(papers, {"a": used("method:lora", "benchmark:glue"),
...                          "b": used("method:lora", "method:bert"),
...                          "c": used("method:bert", "benchmark:glue")})
>>> [(r.paper, r.shared) for r in related(G, "a")]
[('b', ['method:lora']), ('c', ['benchmark:glue'])]
>>> [(hop.source, hop.target, hop.shared) for hop in connection(G, "a", "c")]
[('a', 'c', ['benchmark:glue'])]
>>> method_benchmark_table(G)
[MethodBenchmark(method='method:bert', benchmark='benchmark:glue', papers=['c']), \
MethodBenchmark(method='method:lora', benchmark='benchmark:glue', papers=['a'])]
>>> concept_timeline(G)["method:lora"]
ConceptTimeline(key='method:lora', first_date='2025-01-02', first_paper='a', \
months={'2025-01': 1, '2025-02': 1}, undated=0)
"""

from __future__ import annotations

import itertools
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from extractors.schema import KIND, PAPER, SHARES_CONCEPT
from graph.analysis.clusters import paper_projection

__all__ = [
    "ConceptTimeline",
    "Hop",
    "MethodBenchmark",
    "Related",
    "concept_timeline",
    "connection",
    "find_paper",
    "method_benchmark_table",
    "related",
]


@dataclass(frozen=True)
class Related:
    """A paper near another one: the link ``weight``, the ``shared`` evidence (concept
    keys, strongest first, then ``term:`` and each shared distinctive term) and the
    ``evidence`` kinds behind the link (``builds_on``, ``topic``, ``method``,
    ``benchmark``, ``repo``, ``general``, ``terms``)."""

    paper: str
    weight: float
    shared: list[str]
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Hop:
    """One step of a connection: two linked papers and the concepts they share."""

    source: str
    target: str
    weight: float
    shared: list[str]


@dataclass(frozen=True)
class MethodBenchmark:
    """A method, a benchmark, and the papers that mention both."""

    method: str
    benchmark: str
    papers: list[str]


@dataclass(frozen=True)
class ConceptTimeline:
    """When a concept first appears (``first_date``, ISO at the source's precision)
    and how many papers mention it per month (``YYYY-MM``); ``undated`` papers
    mentioning it have no known month."""

    key: str
    first_date: str | None
    first_paper: str | None
    months: dict[str, int] = field(default_factory=dict)
    undated: int = 0


_METHOD, _BENCHMARK = KIND["method"].name, KIND["benchmark"].name


def _papers(G: nx.MultiDiGraph) -> list[str]:
    return [node for node, kind in G.nodes(data="kind") if kind == PAPER]


def _folded(text: str) -> str:
    """``text`` in one Unicode form and case, so that a title typed in NFD (``e`` and a
    combining accent, as macOS file names give it) finds the NFC title it reads as."""
    return unicodedata.normalize("NFKC", text).casefold()


def find_paper(G: nx.MultiDiGraph, query: str) -> str:
    """The paper id that ``query`` names: an id, an arXiv id, or a unique piece of a title.

    Unicode forms and case are folded on both sides. Raises ``KeyError`` with a
    sentence naming the candidates when there are none or several.
    """
    if G.nodes.get(query, {}).get("kind") == PAPER:
        return query
    papers = _papers(G)
    by_arxiv = [p for p in papers if G.nodes[p].get("arxiv_id") == query]
    if by_arxiv:
        return by_arxiv[0]
    needle = _folded(query)
    matches = sorted(p for p in papers if needle in _folded(G.nodes[p].get("title") or ""))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise KeyError(f"no paper has the id, arXiv id or title {query!r}")
    shown = "; ".join(f"{p} ({G.nodes[p].get('title')})" for p in matches[:5])
    raise KeyError(f"{len(matches)} papers match {query!r}: {shown}; give an id instead")


def related(G: nx.MultiDiGraph, paper: str, top: int = 10) -> list[Related]:
    """The ``top`` papers most strongly linked to ``paper``, strongest first, each
    with the shared concepts and terms (strongest first) and the kinds of evidence
    that explain the link."""
    if G.nodes.get(paper, {}).get("kind") != PAPER:
        raise KeyError(f"{paper!r} is not a paper of this graph")
    near = []
    for neighbour in set(G.successors(paper)) | set(G.predecessors(paper)):
        link = G.get_edge_data(paper, neighbour, SHARES_CONCEPT) or G.get_edge_data(
            neighbour, paper, SHARES_CONCEPT
        )
        if link:
            evidence = list(link.get("evidence", []))
            near.append(Related(neighbour, link["weight"], list(link["shared"]), evidence))
    near.sort(key=lambda r: (-r.weight, r.paper))
    return near[:top]


def connection(G: nx.MultiDiGraph, source: str, target: str) -> list[Hop]:
    """The strongest path between two papers: shortest when a link's length is
    ``1 / weight``, each hop with its shared concepts. Raises
    ``networkx.NetworkXNoPath`` when no chain of shared concepts joins them."""
    P = paper_projection(G)
    for a, b in ((source, "source"), (target, "target")):
        if a not in P:
            raise KeyError(f"{b} {a!r} is not a paper of this graph")
    path = nx.dijkstra_path(P, source, target, weight=lambda _a, _b, link: 1.0 / link["weight"])
    return [
        Hop(a, b, P.edges[a, b]["weight"], list(P.edges[a, b]["shared"]))
        for a, b in itertools.pairwise(path)
    ]


def method_benchmark_table(G: nx.MultiDiGraph, min_papers: int = 1) -> list[MethodBenchmark]:
    """Which methods are evaluated on which benchmarks: every (method, benchmark)
    pair mentioned together by at least ``min_papers`` papers, most papers first."""
    together: dict[tuple[str, str], list[str]] = defaultdict(list)
    for paper in _papers(G):
        concepts = set(G.successors(paper))
        methods = sorted(c for c in concepts if G.nodes[c].get("kind") == _METHOD)
        benchmarks = sorted(c for c in concepts if G.nodes[c].get("kind") == _BENCHMARK)
        for method in methods:
            for benchmark in benchmarks:
                together[method, benchmark].append(paper)
    rows = [
        MethodBenchmark(m, b, sorted(papers))
        for (m, b), papers in together.items()
        if len(papers) >= min_papers
    ]
    rows.sort(key=lambda row: (-len(row.papers), row.method, row.benchmark))
    return rows


def concept_timeline(
    G: nx.MultiDiGraph, kinds: tuple[str, ...] | None = None
) -> dict[str, ConceptTimeline]:
    """Per concept key (of ``kinds``, default all): its first dated appearance and
    its papers per month, from the papers' ``date`` (``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD``; a year-only date counts for the first appearance only)."""
    timelines = {}
    for key, kind in G.nodes(data="kind"):
        if kind == PAPER or (kinds is not None and kind not in kinds):
            continue
        dated = sorted(
            (G.nodes[p]["date"], p)
            for p in G.predecessors(key)
            if G.nodes[p].get("kind") == PAPER and G.nodes[p].get("date")
        )
        months = Counter(date[:7] for date, _ in dated if len(date) >= 7)
        undated = sum(
            1
            for p in G.predecessors(key)
            if G.nodes[p].get("kind") == PAPER and not G.nodes[p].get("date")
        )
        first_date, first_paper = dated[0] if dated else (None, None)
        timelines[key] = ConceptTimeline(
            key, first_date, first_paper, dict(sorted(months.items())), undated
        )
    return dict(sorted(timelines.items()))
