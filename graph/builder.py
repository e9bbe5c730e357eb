"""Build the paper-concept graph from papers and their extracted mentions.

The graph is a :class:`networkx.MultiDiGraph` holding two kinds of nodes and several
kinds of edges, each keyed by its type (so a citation and a shared-concept link
between the same two papers are two edges: ``G.edges[a, b, "CITES"]``). Every
attribute is listed here, in one place.

Paper nodes (id: the paper's id)
    ``kind="paper"``, ``title``, ``abstract``, ``date``, ``date_text``, ``year``,
    ``upvotes``, ``author_count``, ``organization``, ``arxiv_id``, ``doi``, ``url``,
    ``authors``, ``references`` and ``alt_ids`` (lists), ``sources`` (list of
    ``"file:line"``), ``extra`` (a dict of the input's other fields, when it has any).
    After analysis (:func:`graph.clusters`, :func:`graph.bridges`): ``cluster``
    (``-1`` for isolated papers), ``cluster_label``, ``bridge_score``,
    ``bridge_rank`` (0 when not a bridge) and ``bridge_clusters``; the graph itself
    then holds ``G.graph["clusters"]`` and ``G.graph["bridges"]`` (lists of dicts).

Concept nodes (id: the canonical key, e.g. ``"method:lora"``)
    ``kind`` (``method``, ``benchmark``, ``metric``, ``repo``), ``name`` (the
    display name: the spelling used most often), ``aliases`` (every other
    spelling seen), ``df`` (how many papers mention it), ``idf`` (``log(N / df)``
    with ``N`` papers).

Paper → concept edges
    ``type``: ``PROPOSES`` (the paper's own contribution), ``USES`` (a method),
    ``EVALUATES_ON`` (a benchmark), ``MEASURES_WITH`` (a metric), ``HAS_CODE``
    (a repository); ``count`` (mentions in the paper) and the first mention as
    evidence: ``text``, ``field``, ``start``, ``end``, ``sentence``.

Paper → paper edges, ``type="SHARES_CONCEPT"`` (one per pair, from the smaller id)
    ``weight``: the sum of the shared concepts' ``idf``, so that two papers
    sharing a rare benchmark are closer than two papers that both use BERT;
    ``shared``: the shared concept keys, rarest first. Concepts mentioned by more
    than ``max_df`` of the papers (and at least ``min_papers_for_cap`` papers), or
    by more than ``max_papers`` papers, link no papers: at that frequency they say
    little about closeness, and the cap keeps the number of links linear in the
    number of papers. ``top_k`` keeps only each paper's strongest links.

Paper → paper edges, ``type="CITES"``, when the input knows references.

    >>> from graph.paper import Paper
    >>> papers = [Paper(id="a", title="A"), Paper(id="b", title="B"), Paper(id="c", title="C")]
    >>> mentions = {"a": [{"kind": "method", "text": "LoRA", "key": "method:lora", "role": "used"}],
    ...             "b": [{"kind": "method", "text": "LoRA", "key": "method:lora", "role": "used"}],
    ...             "c": []}
    >>> G = build_graph(papers, mentions)
    >>> link = G.edges["a", "b", "SHARES_CONCEPT"]
    >>> round(link["weight"], 3), link["shared"], G.edges["a", "method:lora", "USES"]["count"]
    (0.405, ['method:lora'], 1)
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import numpy

from graph.paper import Paper

__all__ = ["EDGE_TYPES", "build_graph", "concept_cap", "concept_edge_type", "shared_concept_links"]

MAX_CONCEPT_PAPERS = 1000

EDGE_TYPES = ("PROPOSES", "USES", "EVALUATES_ON", "MEASURES_WITH", "HAS_CODE", "SHARES_CONCEPT",
              "CITES")  # fmt: skip
_TYPE_BY_KIND = {"method": "USES", "benchmark": "EVALUATES_ON", "metric": "MEASURES_WITH",
                 "repo": "HAS_CODE"}  # fmt: skip
CONCEPT_KINDS = tuple(_TYPE_BY_KIND)


def concept_edge_type(kind: str, role: str) -> str:
    """The paper → concept edge type of a mention.

    >>> concept_edge_type("method", "proposed"), concept_edge_type("benchmark", "used")
    ('PROPOSES', 'EVALUATES_ON')
    """
    return "PROPOSES" if role == "proposed" and kind != "repo" else _TYPE_BY_KIND[kind]


def _paper_attributes(paper: Paper) -> dict[str, Any]:
    year = int(paper.date[:4]) if paper.date else None
    return {
        "kind": "paper", "title": paper.title, "abstract": paper.abstract, "date": paper.date,
        "date_text": paper.date_text, "year": year, "upvotes": paper.upvotes,
        "author_count": paper.author_count, "organization": paper.organization,
        "arxiv_id": paper.arxiv_id, "doi": paper.doi, "url": paper.url,
        "authors": list(paper.authors), "references": list(paper.references),
        "alt_ids": list(paper.alt_ids), "sources": [str(source) for source in paper.sources],
    } | ({"extra": dict(paper.extra)} if paper.extra else {})  # fmt: skip


def build_graph(
    papers: Iterable[Paper],
    mentions: Mapping[str, list[dict[str, Any]]],
    *,
    max_df: float = 0.2,
    min_papers_for_cap: int = 20,
    top_k: int | None = None,
    max_papers: int | None = MAX_CONCEPT_PAPERS,
) -> nx.MultiDiGraph:
    """The paper-concept graph (attributes: see the module docstring).

    ``mentions`` maps a paper id to its mention dicts as ``papergraph extract``
    writes them; ``link`` mentions are not concepts and are left out.
    """
    G = nx.MultiDiGraph()
    papers = list(papers)
    for paper in papers:
        G.add_node(paper.id, **_paper_attributes(paper))
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for paper in papers:
        first: dict[str, dict[str, Any]] = {}  # concept key -> edge, in order of mention
        for mention in mentions.get(paper.id, []):
            if mention.get("kind") not in CONCEPT_KINDS:
                continue
            key = mention["key"]
            if G.nodes.get(key, {}).get("kind") == "paper":
                raise ValueError(f"paper id {key!r} is also a concept key; ids must differ")
            spellings[key][mention["text"]] += 1
            G.add_node(key, kind=mention["kind"])
            edge = first.setdefault(key, {
                "type": concept_edge_type(mention["kind"], mention["role"]), "count": 0,
                "text": mention["text"], "field": mention.get("field"),
                "start": mention.get("start"), "end": mention.get("end"),
                "sentence": _sentence(paper, mention),
            })  # fmt: skip
            edge["count"] += 1
            if mention.get("role") == "proposed":
                edge["type"] = "PROPOSES"
        for key, edge in first.items():
            G.add_edge(paper.id, key, key=edge["type"], **edge)
    total = max(len(papers), 1)
    for key, counts in spellings.items():
        df = G.in_degree(key)
        name, *others = [text for text, _ in counts.most_common()]
        G.nodes[key].update(name=name, aliases=others, df=df, idf=math.log(total / df))
    for paper in papers:
        for reference in paper.references:
            if G.nodes.get(reference, {}).get("kind") == "paper":
                G.add_edge(paper.id, reference, key="CITES", type="CITES")
    links = shared_concept_links(G, max_df, min_papers_for_cap, top_k, max_papers)
    for a, b, weight, shared in links:
        G.add_edge(a, b, key="SHARES_CONCEPT", type="SHARES_CONCEPT", weight=weight,
                   shared=shared)  # fmt: skip
    return G


def _sentence(paper: Paper, mention: Mapping[str, Any]) -> str:
    """The sentence of ``paper`` around a mention (its evidence)."""
    text = paper.title if mention.get("field") == "title" else paper.abstract
    start, end = mention.get("start") or 0, mention.get("end") or 0
    stop = text.rfind(". ", 0, start)
    left = stop + 2 if stop >= 0 else 0
    right = text.find(". ", end)
    return text[left : right + 1 if right >= 0 else len(text)].strip()


def concept_cap(papers: int, max_df: float = 0.2, min_papers_for_cap: int = 20,
                max_papers: int | None = MAX_CONCEPT_PAPERS) -> float:  # fmt: skip
    """The most papers a concept may have and still link papers.

    >>> concept_cap(320), concept_cap(10), concept_cap(100_000)
    (64.0, 20, 1000)
    """
    cap = max(max_df * papers, min_papers_for_cap)
    return cap if max_papers is None else min(cap, max_papers)


def shared_concept_links(
    G: nx.MultiDiGraph,
    max_df: float = 0.2,
    min_papers_for_cap: int = 20,
    top_k: int | None = None,
    max_papers: int | None = MAX_CONCEPT_PAPERS,
) -> list[tuple[str, str, float, list[str]]]:
    """``(a, b, weight, shared keys)`` for papers sharing concepts, ``a < b``.

    An inverted index, vectorised: every concept under the cap
    (:func:`concept_cap`) emits the pairs of its papers in one numpy step, the
    pairs are sorted once, and each link's weight is the sum of its shared
    concepts' idf. The work is the number of (pair, shared concept) incidences,
    at most ``cap`` times the number of mentions: it grows linearly with the
    papers, never with the square of a common concept.
    """
    papers = sorted(n for n, data in G.nodes(data=True) if data.get("kind") == "paper")
    cap = concept_cap(len(papers), max_df, min_papers_for_cap, max_papers)
    concepts = [n for n, data in G.nodes(data=True)
                if data.get("kind") in CONCEPT_KINDS and 2 <= data["df"] <= cap]  # fmt: skip
    concepts.sort(key=lambda key: (-G.nodes[key]["idf"], key))  # rarest first
    if not papers or not concepts:
        return []
    row = {p: i for i, p in enumerate(papers)}
    codes, columns = [], []
    for column, concept in enumerate(concepts):
        members = numpy.array(sorted(row[p] for p in G.predecessors(concept)), dtype=numpy.int64)
        first, second = numpy.triu_indices(len(members), k=1)
        codes.append(members[first] * len(papers) + members[second])
        columns.append(numpy.full(len(first), column, dtype=numpy.int64))
    code, column = numpy.concatenate(codes), numpy.concatenate(columns)
    order = numpy.argsort(code, kind="stable")  # stable: rarest concept first in each pair
    code, column = code[order], column[order]
    starts = numpy.flatnonzero(numpy.r_[True, code[1:] != code[:-1]])
    idf = numpy.array([G.nodes[c]["idf"] for c in concepts])
    weights = numpy.add.reduceat(idf[column], starts) if len(code) else numpy.zeros(0)
    a, b = numpy.divmod(code[starts], len(papers))
    keep = weights > 0  # concepts in every paper (idf 0) link nothing
    if top_k is not None:
        keep &= _top_k_mask(a, b, weights, top_k)
    keys = numpy.array(concepts, dtype=object)[column].tolist()
    ends = numpy.r_[starts[1:], len(code)]
    kept = numpy.flatnonzero(keep)
    return [(papers[i], papers[j], w, keys[start:end])
            for i, j, w, start, end in zip(a[kept].tolist(), b[kept].tolist(),
                                           weights[kept].tolist(), starts[kept].tolist(),
                                           ends[kept].tolist(), strict=True)]  # fmt: skip


def _top_k_mask(a: numpy.ndarray, b: numpy.ndarray, weights: numpy.ndarray, k: int
                ) -> numpy.ndarray:  # fmt: skip
    """Keep a link if it is among the ``k`` strongest of either of its papers (ties
    broken by the other paper's position)."""
    link = numpy.arange(len(a))
    paper = numpy.concatenate([a, b])
    other = numpy.concatenate([b, a])
    both = numpy.concatenate([link, link])
    order = numpy.lexsort((other, -numpy.concatenate([weights, weights]), paper))
    paper_sorted = paper[order]
    group_start = numpy.flatnonzero(numpy.r_[True, paper_sorted[1:] != paper_sorted[:-1]])
    rank = numpy.arange(len(order)) - numpy.repeat(group_start, numpy.diff(
        numpy.r_[group_start, len(order)]))  # fmt: skip
    kept = numpy.zeros(len(a), dtype=bool)
    kept[both[order][rank < k]] = True
    return kept
