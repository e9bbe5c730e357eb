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
    than ``max_df`` of the papers (and at least ``min_papers_for_cap`` papers)
    link no papers: at that frequency they say nothing about closeness, and they
    would add a quadratic number of links. ``top_k`` keeps only each paper's
    strongest links.

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
import scipy.sparse

from graph.paper import Paper

__all__ = ["EDGE_TYPES", "build_graph", "concept_edge_type", "shared_concept_links"]

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
    for a, b, weight, shared in shared_concept_links(G, max_df, min_papers_for_cap, top_k):
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


def shared_concept_links(
    G: nx.MultiDiGraph, max_df: float = 0.2, min_papers_for_cap: int = 20, top_k: int | None = None
) -> list[tuple[str, str, float, list[str]]]:
    """``(a, b, weight, shared keys)`` for papers sharing concepts, ``a < b``.

    One sparse product ``X · diag(idf) · Xᵀ`` of the paper x concept incidence
    matrix, after dropping concepts above the frequency cap: its cost grows with
    the number of shared-concept pairs, never with the square of a common concept.
    """
    papers = sorted(n for n, data in G.nodes(data=True) if data.get("kind") == "paper")
    total = len(papers)
    cap = max(max_df * total, min_papers_for_cap)
    concepts = sorted(n for n, data in G.nodes(data=True)
                      if data.get("kind") in CONCEPT_KINDS and 2 <= data["df"] <= cap)  # fmt: skip
    if not papers or not concepts:
        return []
    row = {p: i for i, p in enumerate(papers)}
    column = {c: j for j, c in enumerate(concepts)}
    rows, columns = [], []
    for concept in concepts:
        for paper in G.predecessors(concept):
            rows.append(row[paper])
            columns.append(column[concept])
    incidence = scipy.sparse.csr_matrix(
        (numpy.ones(len(rows)), (rows, columns)), shape=(len(papers), len(concepts))
    )
    idf = numpy.array([G.nodes[c]["idf"] for c in concepts])
    product = scipy.sparse.triu(incidence @ scipy.sparse.diags(idf) @ incidence.T, k=1)
    product.eliminate_zeros()  # concepts in every paper (idf 0) link nothing
    product = product.tocoo()
    links = []
    for i, j, weight in zip(product.row, product.col, product.data, strict=True):
        a, b = papers[i], papers[j]
        shared = set(G.successors(a)) & set(G.successors(b)) & column.keys()  # concepts only
        ordered = sorted(shared, key=lambda key: (-G.nodes[key]["idf"], key))
        links.append((a, b, float(weight), ordered))
    if top_k is not None:
        links = _top_k(links, top_k)
    links.sort(key=lambda link: (link[0], link[1]))
    return links


def _top_k(links: list, k: int) -> list:
    """Keep a link if it is among the ``k`` strongest of either of its papers."""
    by_paper: dict[str, list] = defaultdict(list)
    for link in links:
        by_paper[link[0]].append(link)
        by_paper[link[1]].append(link)
    kept = set()
    for paper_links in by_paper.values():
        paper_links.sort(key=lambda link: (-link[2], link[0], link[1]))
        kept.update((a, b) for a, b, _, _ in paper_links[:k])
    return [link for link in links if (link[0], link[1]) in kept]
