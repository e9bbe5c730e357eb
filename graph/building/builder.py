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
    After analysis (:func:`graph.analysis.clusters`, :func:`graph.analysis.bridges`): ``cluster``
    (``-1`` for isolated papers), ``cluster_label``, ``bridge_score``,
    ``bridge_rank`` (0 when not a bridge) and ``bridge_clusters``; the graph itself
    then holds ``G.graph["clusters"]`` and ``G.graph["bridges"]`` (lists of dicts).

Concept nodes (id: the canonical key, e.g. ``"method:lora"``)
    ``kind`` (``method``, ``benchmark``, ``metric``, ``repo``, ``topic``: the kinds
    :data:`extractors.schema.KINDS` puts in the graph), ``name`` (the
    display name: the spelling used most often), ``aliases`` (every other
    spelling seen), ``df`` (how many papers mention it), ``idf`` (``log(N / df)``
    with ``N`` papers); ``senses`` (the keys of an acronym's senses, when the corpus
    defines it more than one way) and ``variants`` (the concepts that are direct
    variants of it), from :mod:`graph.building.identity`.

Concept → concept edges, ``type="VARIANT_OF"``
    From a variant to its family (``Qwen2.5-7B-Instruct`` -> ``Qwen2.5`` -> ``Qwen``,
    ``ImageNet-C`` -> ``ImageNet``): :func:`graph.building.identity.add_families`. A bare
    acronym the corpus defines one way is merged into its long form's concept first.

Paper → concept edges
    ``type``: ``PROPOSES`` (the paper's own contribution), ``USES`` (a method),
    ``EVALUATES_ON`` (a benchmark), ``MEASURES_WITH`` (a metric), ``HAS_CODE``
    (a repository), ``STUDIES`` (a topic), as :func:`extractors.schema.concept_edge_type`
    says; ``count`` (mentions in the paper) and the first mention as
    evidence: ``text``, ``field``, ``start``, ``end``, ``sentence``.

Paper → paper edges, ``type="SHARES_CONCEPT"`` (one per pair, from the smaller id)
    ``weight``: the sum of the shared concepts' ``idf``, so that two papers
    sharing a rare benchmark are closer than two papers that both use BERT;
    ``shared``: the shared concept keys, rarest first. Concepts mentioned by more
    than ``max_df`` of the papers (and at least ``min_papers_for_cap`` papers), or
    by more than ``max_papers`` papers, link no papers: at that frequency they say
    little about closeness, and the cap bounds each paper's candidates. A link is
    kept when it is among the ``top_k`` (10 by default, ``None`` for all) strongest
    of either paper, so the links grow linearly with the papers. The links are
    computed as a blockwise sparse product (:mod:`graph.building.projection`).

Paper → paper edges, ``type="CITES"``, when the input knows references, resolved
through every id form and titles; ``CO_CITED`` and ``SHARES_REFERENCES`` (co-citation
and bibliographic coupling, weighted, with their evidence); papers get
``references_resolved`` and ``references_outside``. All in :mod:`graph.building.citations`.

    >>> from graph.paper import Paper
    >>> papers = [Paper(id="a", title="A"), Paper(id="b", title="B"), Paper(id="c", title="C")]
    >>> mentions = {"a": [{"kind": "method", "text": "LoRA", "key": "method:lora", "role": "used"}],
    ...             "b": [{"kind": "method", "text": "LoRA", "key": "method:lora", "role": "used"}],
    ...             "c": []}
    >>> G = build_graph(papers, mentions)
    >>> link = G.edges["a", "b", "SHARES_CONCEPT"]
    >>> round(link["weight"], 3), link["shared"], G.edges["a", "method:lora", "USES"]["count"]
    (0.043, ['method:lora'], 1)
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import scipy.sparse

from extractors.schema import (
    BUILDS_ON,
    CONCEPT_KINDS,
    GRAPH_RELATIONSHIPS,
    PAPER,
    PROPOSED,
    PROPOSES,
    SHARES_CONCEPT,
    concept_edge_type,
)
from graph.building.citations import add_citation_links
from graph.building.identity import Acronyms, add_families, resolve_acronyms
from graph.building.links import builds_on_pairs, concept_weights, paper_links
from graph.building.projection import (
    DEFAULT_TOP_K,
    MAX_CONCEPT_PAPERS,
    ConceptLinks,
    concept_cap,
    concept_links,
    member_matrix,
)
from graph.memory import gc_paused
from graph.paper import Paper

__all__ = ["EDGE_TYPES", "GraphBuilder", "build_graph", "concept_cap", "concept_edge_type",
           "linking_matrix", "shared_concept_links"]  # fmt: skip

EDGE_TYPES = GRAPH_RELATIONSHIPS  # every edge type of the graph (extractors.schema)


def _paper_attributes(paper: Paper) -> dict[str, Any]:
    year = int(paper.date[:4]) if paper.date else None
    return {
        "kind": PAPER,
        "title": paper.title,
        "abstract": paper.abstract,
        "date": paper.date,
        "date_text": paper.date_text,
        "year": year,
        "upvotes": paper.upvotes,
        "author_count": paper.author_count,
        "organization": paper.organization,
        "arxiv_id": paper.arxiv_id,
        "doi": paper.doi,
        "url": paper.url,
        "authors": list(paper.authors),
        "references": list(paper.references),
        "alt_ids": list(paper.alt_ids),
        "sources": [str(source) for source in paper.sources],
    } | ({"extra": dict(paper.extra)} if paper.extra else {})


class GraphBuilder:
    """Builds the graph one paper at a time, so that mentions can stream through.

    :func:`build_graph` is the one-call form; use the builder when papers and their
    mention records arrive one by one (as from :func:`extractors.extract`) and the
    mention dicts should not all be held at once:

    >>> from graph.paper import Paper
    >>> builder = GraphBuilder(top_k=None)
    >>> lora = {"kind": "method", "text": "LoRA", "key": "method:lora", "role": "used"}
    >>> for name, mentions in [("a", [lora]), ("b", [lora]), ("c", [])]:
    ...     builder.add(Paper(id=name), mentions)
    >>> G = builder.finish()
    >>> G.nodes["method:lora"]["df"], G.has_edge("a", "b", "SHARES_CONCEPT")
    (2, True)
    """

    def __init__(
        self,
        *,
        max_df: float = 0.2,
        min_papers_for_cap: int = 20,
        top_k: int | None = DEFAULT_TOP_K,
        max_papers: int | None = MAX_CONCEPT_PAPERS,
        external_references: bool = False,
    ) -> None:
        self.settings = {"max_df": max_df, "min_papers_for_cap": min_papers_for_cap,
                         "top_k": top_k, "max_papers": max_papers}  # fmt: skip
        self.external_references = external_references  # references outside as nodes
        self.graph = nx.MultiDiGraph()
        self._spellings: dict[str, Counter[str]] = {}  # concept key -> its spellings
        self._papers: set[str] = set()
        self._references: list[tuple[str, list[str]]] = []
        self._acronyms = Acronyms()  # who defines which acronym how (identity.py)

    def add(self, paper: Paper, mentions: Iterable[Mapping[str, Any]]) -> None:
        """Add ``paper`` and its mention dicts (``link`` mentions are not concepts)."""
        G, spellings = self.graph, self._spellings
        if paper.id in spellings:
            raise ValueError(f"paper id {paper.id!r} is also a concept key; ids must differ")
        G.add_node(paper.id, **_paper_attributes(paper))
        self._papers.add(paper.id)
        first: dict[str, dict[str, Any]] = {}  # concept key -> edge, in order of mention
        sentences = _Sentences(paper)
        for mention in mentions:
            kind = mention.get("kind")
            if kind not in CONCEPT_KINDS:
                continue
            key, text = mention["key"], mention["text"]
            counts = spellings.get(key)
            if counts is None:
                if key in self._papers:
                    raise ValueError(f"paper id {key!r} is also a concept key; ids must differ")
                counts = spellings[key] = Counter()
                G.add_node(key, kind=kind)
            counts[text] += 1
            self._acronyms.see(mention)
            edge = first.get(key)
            if edge is None:
                edge = first[key] = {
                    "type": concept_edge_type(kind, mention["role"]), "count": 0,
                    "text": text, "field": mention.get("field"),
                    "start": mention.get("start"), "end": mention.get("end"),
                    "sentence": sentences.around(mention),
                }  # fmt: skip
            edge["count"] += 1
            if mention.get("role") == PROPOSED:
                edge["type"] = PROPOSES
        for key, edge in first.items():  # add_edges_from would look each up again in views
            G.add_edge(paper.id, key, edge["type"], **edge)
        if paper.references:
            self._references.append((paper.id, list(paper.references)))

    @gc_paused()
    def finish(self) -> nx.MultiDiGraph:
        """Name the concepts, weigh them, link the papers; return the graph."""
        G = self.graph
        total = max(len(self._papers), 1)
        resolve_acronyms(G, self._spellings, self._acronyms)
        for key, counts in self._spellings.items():
            df = G.in_degree(key)
            name, *others = [text for text, _ in counts.most_common()]
            G.nodes[key].update(name=name, aliases=others, df=df, idf=math.log(total / df))
        spellings = {key: list(counts) for key, counts in self._spellings.items()}
        for key, (weight, generic, seen) in concept_weights(G, spellings, total).items():
            G.nodes[key].update(weight=weight, generic=generic, background_df=seen)
        add_citation_links(G, self._references, external=self.external_references)
        papers = sorted(self._papers)
        settings = self.settings
        cap = concept_cap(
            len(papers), settings["max_df"], settings["min_papers_for_cap"], settings["max_papers"]
        )
        building = builds_on_pairs(G, cap)
        for (user, proposer), keys in building.items():
            used = G.edges[user, keys[0], _used_type(G, user, keys[0])]["sentence"]
            proposed = G.edges[proposer, keys[0], PROPOSES]["sentence"]
            G.add_edge(
                user,
                proposer,
                key=BUILDS_ON,
                type=BUILDS_ON,
                concepts=keys,
                sentence=used,
                source_sentence=proposed,
            )
        names = {key: [G.nodes[key]["name"], *G.nodes[key]["aliases"]] for key in self._spellings}
        add_families(G, names)  # after builds-on: a family is no paper's use
        for a, b, attributes in paper_links(G, papers, **settings, builds_on=building):
            G.add_edge(a, b, key=SHARES_CONCEPT, type=SHARES_CONCEPT, **attributes)
        self._spellings.clear()
        return G


def _used_type(G: nx.MultiDiGraph, paper: str, key: str) -> str:
    """The type of the (one) edge from ``paper`` to concept ``key``."""
    return next(iter(G.get_edge_data(paper, key)))


def build_graph(
    papers: Iterable[Paper],
    mentions: Mapping[str, list[dict[str, Any]]],
    *,
    max_df: float = 0.2,
    min_papers_for_cap: int = 20,
    top_k: int | None = DEFAULT_TOP_K,
    max_papers: int | None = MAX_CONCEPT_PAPERS,
) -> nx.MultiDiGraph:
    """The paper-concept graph (attributes: see the module docstring).

    ``mentions`` maps a paper id to its mention dicts as ``papergraph extract``
    writes them; ``link`` mentions are not concepts and are left out.
    """
    builder = GraphBuilder(
        max_df=max_df, min_papers_for_cap=min_papers_for_cap, top_k=top_k, max_papers=max_papers
    )
    with gc_paused():
        for paper in papers:
            builder.add(paper, mentions.get(paper.id, []))
    return builder.finish()


class _Sentences:
    """The sentences of one paper around its mentions (their evidence); mentions in
    one sentence share one string."""

    def __init__(self, paper: Paper) -> None:
        self.paper = paper
        self.known: dict[tuple[str, int, int], str] = {}

    def around(self, mention: Mapping[str, Any]) -> str:
        field = "title" if mention.get("field") == "title" else "abstract"
        text = self.paper.title if field == "title" else self.paper.abstract
        start, end = mention.get("start") or 0, mention.get("end") or 0
        stop = text.rfind(". ", 0, start)
        left = stop + 2 if stop >= 0 else 0
        right = text.find(". ", end)
        right = right + 1 if right >= 0 else len(text)
        sentence = self.known.get((field, left, right))
        if sentence is None:
            sentence = self.known[field, left, right] = text[left:right].strip()
        return sentence


def linking_matrix(
    G: nx.MultiDiGraph,
    max_df: float = 0.2,
    min_papers_for_cap: int = 20,
    max_papers: int | None = MAX_CONCEPT_PAPERS,
) -> tuple[list[str], list[str], scipy.sparse.csr_matrix]:
    """The graph's papers (sorted), its concepts under the cap (:func:`concept_cap`,
    rarest first) and the 0/1 paper-by-concept matrix between them."""
    papers = sorted(n for n, kind in G.nodes(data="kind") if kind == PAPER)
    cap = concept_cap(len(papers), max_df, min_papers_for_cap, max_papers)
    concepts = [
        n
        for n, data in G.nodes(data=True)
        if data.get("kind") in CONCEPT_KINDS and 2 <= data["df"] <= cap
    ]
    concepts.sort(key=lambda key: (-G.nodes[key]["idf"], key))  # rarest first
    row = {paper: i for i, paper in enumerate(papers)}
    members = [[row[paper] for paper in G.predecessors(key) if paper in row] for key in concepts]
    return papers, concepts, member_matrix(members, len(papers))


@gc_paused()
def shared_concept_links(
    G: nx.MultiDiGraph,
    max_df: float = 0.2,
    min_papers_for_cap: int = 20,
    top_k: int | None = DEFAULT_TOP_K,
    max_papers: int | None = MAX_CONCEPT_PAPERS,
) -> ConceptLinks:
    """The links of papers sharing concepts under the cap, as arrays with the paper
    names (:func:`graph.building.projection.concept_links` on :func:`linking_matrix`);
    ``.tuples()`` gives ``(a, b, weight, shared keys)`` with ``a < b``."""
    papers, concepts, X = linking_matrix(G, max_df, min_papers_for_cap, max_papers)
    idf = {key: G.nodes[key]["idf"] for key in concepts}
    return dataclasses.replace(concept_links(X, concepts, idf, top_k), papers=papers)
