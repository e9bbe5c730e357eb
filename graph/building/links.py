"""Paper-to-paper links from all the evidence two papers give: concepts, builds-on and terms.

Three kinds of evidence say that two papers work on the same question, strongest first:

* **builds-on**: one paper uses a method or benchmark the other proposes
  (a ``BUILDS_ON`` edge, :func:`builds_on_pairs`);
* **specific shared concepts**: methods, benchmarks, repositories and topics that
  are not generic, each weighing its ``weight`` (its rarity in the background
  abstracts and the corpus together, :func:`concept_weights`);
* **similar text**: the titles' and abstracts' shared distinctive terms (weighed by
  their rarity in the background abstracts) and their plain tf-idf cosine (weighed by
  the corpus's own rarity; :mod:`graph.building.text_links`), the weakest kind, which
  every paper with an abstract has.

Generic concepts (metrics, and concepts held by at least ``GENERIC_SHARE`` of the
background papers or of the corpus: accuracy, transformer, gradient descent) add to a
link but never make one alone. A link's ``similarity`` is the distinctive-term cosine
plus ``CORPUS_TEXT_FACTOR`` times the plain one (two views of the text: what is common
in machine learning at large, and in this corpus), and its weight ``similarity +
CONCEPT_FACTOR * Σ specific weight² + GENERAL_FACTOR * Σ generic weight² +
BUILDS_ON_BONUS`` (the last only for builds-on pairs; squares, so that rare concepts
count far more than common ones). Candidates are each paper's ``top_k`` by concepts
and its ``top_k`` by each view of its terms; a link is kept when it is among the
``top_k`` strongest of either of its papers, so the links stay linear in the papers,
and when it has enough evidence (:mod:`graph.building.evidence`: two shared entries,
or one rare one, or builds-on).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy
import scipy.sparse

from extractors.schema import KINDS, PAPER, PROPOSES
from graph.building.background import Background, background, terms
from graph.building.evidence import with_enough_evidence
from graph.building.identity import family_matrix
from graph.building.projection import (
    DEFAULT_TOP_K,
    concept_cap,
    concept_links,
    member_matrix,
    strongest_links,
)
from graph.building.text_links import (
    corpus_vectors,
    cosines,
    distinctive,
    shared_counts,
    shared_terms,
    term_vectors,
    text_links,
)

__all__ = ["BUILDS_ON_BONUS", "CONCEPT_FACTOR", "GENERAL_FACTOR", "GENERIC_SHARE", "PaperLinks",
           "builds_on_pairs", "concept_weights", "paper_links"]  # fmt: skip

GENERIC_SHARE = 0.01  # a concept in 1% of the background papers (or 10% of the corpus) is generic
CORPUS_GENERIC_SHARE = 0.1
CONCEPT_FACTOR = 0.1  # a specific concept that is new to the background adds about 0.09
GENERAL_FACTOR = 0.03
BUILDS_ON_BONUS = 0.3
#: a paper that mentions only a variant of a concept (Qwen2.5-7B of Qwen2.5) holds the
#: concept by this much: a pair shares it by FAMILY_FACTOR (one holds it exactly) or its
#: square (both through variants) of what the exact concept adds (graph.building.identity)
FAMILY_FACTOR = 0.5
MIN_SIMILARITY = 0.03
CORPUS_TEXT_FACTOR = 1.0  # the plain tf-idf cosine counts as much as the distinctive-term one
MIN_SHARED_TERMS = 1  # term evidence needs this many shared distinctive terms
#: kinds that link papers on their own (the others are generic: see extractors.schema)
SPECIFIC_KINDS = tuple(kind.name for kind in KINDS if kind.in_graph and kind.specific)
SHARED_TERMS = 5
TERM_PREFIX = "term:"  # a shared distinctive term in a link's ``shared`` list


def concept_weights(
    G: nx.MultiDiGraph,
    spellings: Mapping[str, Sequence[str]],
    papers: int,
    table: Background | None = None,
) -> dict[str, tuple[float, bool, int]]:
    """Per concept key: its evidence ``weight`` (0..1: ``idf`` of background and corpus
    together over its largest value), whether it is ``generic``, and its background
    document frequency (the highest of its spellings').

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("metric:accuracy", kind="metric", df=3)
    >>> G.add_node("method:lora", kind="method", df=2)
    >>> table = Background({"accuracy": 1000, "lora": 10}, documents=10_000)
    >>> found = concept_weights(G, {"metric:accuracy": ["accuracy"], "method:lora": ["LoRA"]},
    ...                         10, table)
    >>> [(key, round(w, 2), generic, bg) for key, (w, generic, bg) in sorted(found.items())]
    [('method:lora', 0.72, False, 10), ('metric:accuracy', 0.25, True, 1000)]
    """
    table = background() if table is None else table
    top = math.log(table.documents + papers + 1) or 1.0
    found = {}
    for key, texts in spellings.items():
        data = G.nodes[key]
        bg = max((table.frequency(" ".join(terms(text))) for text in texts), default=0)
        weight = math.log((table.documents + papers + 1) / (bg + data["df"] + 1)) / top
        generic = (
            data["kind"] not in SPECIFIC_KINDS
            or bg >= GENERIC_SHARE * table.documents
            or (papers >= 20 and data["df"] >= CORPUS_GENERIC_SHARE * papers)
        )
        found[key] = (max(weight, 0.0), generic, bg)
    return found


def builds_on_pairs(G: nx.MultiDiGraph, cap: float) -> dict[tuple[str, str], list[str]]:
    """``(user, proposer) -> concept keys``: the user paper mentions a specific concept
    (not generic, proposed by at most two papers, used by at most ``cap``) that the
    proposer paper proposes, and, when both are dated, is not older than it."""
    found: dict[tuple[str, str], list[str]] = {}
    for key, data in sorted(G.nodes(data=True)):
        if data.get("kind") not in SPECIFIC_KINDS or data.get("generic", True):
            continue
        if data.get("df", 0) < 2 or data["df"] > cap:
            continue
        proposers = sorted(p for p, _, t in G.in_edges(key, keys=True) if t == PROPOSES)
        if not 1 <= len(proposers) <= 2:
            continue
        for user in sorted(p for p, _, t in G.in_edges(key, keys=True) if t != PROPOSES):
            for proposer in proposers:
                older, newer = G.nodes[proposer].get("date"), G.nodes[user].get("date")
                if older and newer and newer < older:
                    continue
                found.setdefault((user, proposer), []).append(key)
    return found


@dataclass(frozen=True)
class PaperLinks:
    """The kept links: per link ``a < b``, ``weight``, ``similarity`` (term cosine),
    ``shared`` (concept keys, specific ones by weight, then generic, then ``term:``
    and each of its heaviest shared distinctive terms) and ``evidence`` (the kinds behind it)."""

    rows: list[dict[str, Any]]


def _pairs_value(
    X: scipy.sparse.csr_matrix, weights: numpy.ndarray, first: numpy.ndarray, second: numpy.ndarray
) -> scipy.sparse.csr_matrix:
    """Per pair, the columns of the 0/1 matrix ``X`` both rows have, valued by ``weights``."""
    if len(first) == 0:
        return scipy.sparse.csr_matrix((0, X.shape[1]))
    both = (X[first].multiply(X[second]) @ scipy.sparse.diags(weights)).tocsr()
    both.eliminate_zeros()
    both.sort_indices()
    return both


def paper_links(
    G: nx.MultiDiGraph,
    papers: list[str],
    max_df: float = 0.2,
    min_papers_for_cap: int = 20,
    top_k: int | None = DEFAULT_TOP_K,
    max_papers: int | None = 200,
    builds_on: Mapping[tuple[str, str], list[str]] | None = None,
) -> list[tuple[str, str, dict[str, Any]]]:
    """The links ``(a, b, attributes)`` (``a < b``) between ``papers`` (sorted ids of
    ``G``), from concepts (nodes with ``weight`` and ``generic``), ``builds_on``
    pairs and the papers' text: candidate pairs from each kind of evidence, each
    weighed by all of them, and the ``top_k`` strongest of each paper kept."""
    n = len(papers)
    row = {paper: i for i, paper in enumerate(papers)}
    cap = concept_cap(n, max_df, min_papers_for_cap, max_papers)
    specific, general = _concept_columns(G, row, n, cap)
    texts = [f"{G.nodes[p].get('title') or ''}. {G.nodes[p].get('abstract') or ''}" for p in papers]
    vectors = term_vectors(texts, cap=cap, titles=[G.nodes[p].get("title") or "" for p in papers])
    plain = corpus_vectors(texts)
    plain_distinctive = distinctive(plain, cap)
    by_text = [text_links(vectors, top_k or n), text_links(plain_distinctive, top_k or n)]
    built_codes = _builds_on_codes(builds_on or {}, row, n)
    codes = _candidate_codes(specific, by_text, built_codes, n, top_k)
    first, second = numpy.divmod(codes, max(n, 1))
    similarity = _term_similarity(vectors, first, second)
    similarity += CORPUS_TEXT_FACTOR * cosines(plain, first, second)
    # a shared concept adds the square of its weight: rare concepts count far more than common ones
    on = [(columns, columns.on_pairs(first, second)) for columns in (specific, general)]
    s_score, g_score = (_scores(pairs, len(codes)) for _, pairs in on)
    built = numpy.isin(codes, built_codes)
    weight = _link_weights(similarity, s_score, g_score, built)
    kept = _top_links(first, second, weight, n, top_k)
    first, second = first[kept], second[kept]
    words = shared_terms([vectors, plain_distinctive], first, second, 2 * SHARED_TERMS)
    rows = _link_rows(
        G,
        [papers[a] for a in first.tolist()],
        [papers[b] for b in second.tolist()],
        weight[kept],
        similarity[kept],
        built[kept],
        [(columns, pairs[kept]) for columns, pairs in on if pairs is not None],
        words,
    )
    holding = {**plain.papers_holding(), **vectors.papers_holding()}

    def papers_holding(entry: str) -> int | None:
        if entry.startswith(TERM_PREFIX):
            return holding.get(entry[len(TERM_PREFIX) :])
        return G.nodes[entry].get("df")

    return with_enough_evidence(rows, papers_holding, n)


@dataclass(frozen=True)
class _Columns:
    """Concepts of one strength as columns: their ``keys`` (strongest first), the 0/1
    paper-by-concept ``matrix`` and each one's ``value`` (its weight squared)."""

    keys: list[str]
    matrix: scipy.sparse.csr_matrix
    value: numpy.ndarray
    specific: bool

    def on_pairs(self, first: numpy.ndarray, second: numpy.ndarray) -> Any:
        """Per pair, the concepts both papers hold, valued (``None``: no concepts)."""
        return _pairs_value(self.matrix, self.value, first, second) if self.keys else None


def _concept_columns(
    G: nx.MultiDiGraph, row: Mapping[str, int], n: int, cap: float
) -> tuple[_Columns, _Columns]:
    """The concepts two papers can share (``df`` >= 2), split into the specific ones
    (not generic, held by at most ``cap`` papers), which make links, and the rest."""
    concepts = [
        key
        for key, data in G.nodes(data=True)
        if data.get("kind") not in (None, PAPER) and (data.get("df", 0) >= 2 or "variants" in data)
    ]
    concepts.sort(key=lambda key: (-G.nodes[key]["weight"], key))  # strongest first
    strong = {key for key in concepts if not G.nodes[key]["generic"] and G.nodes[key]["df"] <= cap}
    specific = [key for key in concepts if key in strong]
    general = [key for key in concepts if key not in strong]
    # a family held by CORPUS_GENERIC_SHARE of the papers is as generic as such a concept
    family_cap = min(cap, CORPUS_GENERIC_SHARE * n) if n >= 20 else cap
    return _columns(G, specific, row, n, True, family_cap), _columns(G, general, row, n, False, cap)


def _columns(
    G: nx.MultiDiGraph, keys: list[str], row: Mapping[str, int], n: int, specific: bool, cap: float
) -> _Columns:
    """The concepts ``keys`` as columns over the ``n`` papers ``row`` numbers."""
    members = [[row[p] for p in G.predecessors(key) if p in row] for key in keys]
    weights = numpy.array([G.nodes[key]["weight"] for key in keys])
    # a paper holding a concept only through a variant of it holds it by FAMILY_FACTOR
    matrix = family_matrix(G, keys, row, member_matrix(members, n), FAMILY_FACTOR, cap)
    return _Columns(keys, matrix, weights**2, specific)


def _builds_on_codes(
    builds_on: Mapping[tuple[str, str], list[str]], row: Mapping[str, int], n: int
) -> numpy.ndarray:
    """The builds-on pairs between two of the papers, as sorted codes ``a * n + b``."""
    codes = sorted(
        min(row[a], row[b]) * n + max(row[a], row[b])
        for a, b in builds_on
        if a in row and b in row and a != b
    )
    return numpy.array(codes, dtype=numpy.int64)


def _candidate_codes(
    specific: _Columns, by_text: list[Any], built_codes: numpy.ndarray, n: int, top_k: int | None
) -> numpy.ndarray:
    """The pairs worth weighing (codes ``a * n + b``): each paper's ``top_k`` by specific
    concepts, its ``top_k`` by terms (similar enough) and the builds-on pairs."""
    candidates = [numpy.zeros(0, dtype=numpy.int64)]
    if specific.keys:
        values = dict(zip(specific.keys, specific.value, strict=True))
        by_concept = concept_links(specific.matrix, specific.keys, values, top_k)
        candidates.append(by_concept.first * n + by_concept.second)
    for links in by_text:
        strong = links.weight >= MIN_SIMILARITY
        candidates.append(links.first[strong] * n + links.second[strong])
    candidates.append(built_codes)
    return numpy.unique(numpy.concatenate(candidates))


def _term_similarity(vectors: Any, first: numpy.ndarray, second: numpy.ndarray) -> numpy.ndarray:
    """Per pair, the cosine of its papers' distinctive terms: 0 when they share fewer
    than ``MIN_SHARED_TERMS``."""
    similarity = cosines(vectors, first, second)
    similarity[shared_counts(vectors, first, second) < MIN_SHARED_TERMS] = 0.0
    return similarity


def _scores(pairs: Any, count: int) -> numpy.ndarray:
    """Per pair, the summed value of its shared concepts (``pairs`` ``None``: zeros)."""
    return numpy.asarray(pairs.sum(axis=1)).ravel() if pairs is not None else numpy.zeros(count)


def _link_weights(
    similarity: numpy.ndarray, s_score: numpy.ndarray, g_score: numpy.ndarray, built: numpy.ndarray
) -> numpy.ndarray:
    """Per pair, the link weight (see the module docstring); 0 without evidence of its
    own (a specific concept, builds-on or similar terms): generic concepts alone link none."""
    weight = (
        similarity * (similarity >= MIN_SIMILARITY)
        + CONCEPT_FACTOR * s_score
        + GENERAL_FACTOR * g_score
        + BUILDS_ON_BONUS * built
    )
    evident = (s_score > 0) | built | (similarity >= MIN_SIMILARITY)
    return numpy.where(evident, weight, 0.0)


def _link_rows(
    G: nx.MultiDiGraph,
    first: list[str],
    second: list[str],
    weight: numpy.ndarray,
    similarity: numpy.ndarray,
    built: numpy.ndarray,
    shared: list[tuple[_Columns, Any]],
    words: list[list[str]],
) -> list[tuple[str, str, dict[str, Any]]]:
    """The kept links with their attributes: the ``shared`` concepts (specific ones first,
    strongest first), then the new shared ``words``, and the kinds of evidence."""
    found = []
    for i, (a, b) in enumerate(zip(first, second, strict=True)):
        keys, kinds = [], set()
        for columns, rows in shared:
            entries = rows.indices[rows.indptr[i] : rows.indptr[i + 1]]
            for column in entries.tolist():  # columns are strongest first
                keys.append(columns.keys[column])
                kinds.add(G.nodes[columns.keys[column]]["kind"] if columns.specific else "general")
        if built[i]:
            kinds.add("builds_on")
        if similarity[i] >= MIN_SIMILARITY:
            kinds.add("terms")
        keys += [TERM_PREFIX + word for word in _new_terms(words[i], keys, G)]
        attributes = {
            "weight": float(weight[i]),
            "shared": keys,
            "similarity": round(float(similarity[i]), 4),
            "evidence": sorted(kinds),
        }
        found.append((a, b, attributes))
    return found


def _top_links(
    first: numpy.ndarray, second: numpy.ndarray, weight: numpy.ndarray, n: int, top_k: int | None
) -> numpy.ndarray:
    """Positions of the pairs among the ``top_k`` strongest of either paper (weight > 0)."""
    positive = weight > 0
    if top_k is None or len(first) == 0:
        return numpy.flatnonzero(positive)
    rows = numpy.concatenate([first, second])
    columns = numpy.concatenate([second, first])
    values = numpy.concatenate([weight, weight])
    M = scipy.sparse.csr_matrix((values, (rows, columns)), shape=(n, n))
    M.sort_indices()
    codes = [numpy.zeros(0, dtype=numpy.int64)]
    for start in range(0, n, 50_000):
        found, _ = strongest_links(M[start : start + 50_000], start, top_k)
        codes.append(found)
    kept = numpy.unique(numpy.concatenate(codes))
    return numpy.flatnonzero(numpy.isin(first * n + second, kept) & positive)


def _words(text: str) -> str:
    return " " + " ".join(terms(text)) + " "


def _new_terms(found: list[str], keys: list[str], G: nx.MultiDiGraph) -> list[str]:
    """The terms of ``found`` (heaviest first) that say something the specific concepts
    ``keys`` and the heavier terms do not: neither inside nor around one of them (``continual``
    adds nothing to ``continual learning``); at most ``SHARED_TERMS``.

    >>> G = nx.MultiDiGraph(); G.add_node("topic:cl", name="continual learning")
    >>> _new_terms(["continual", "forgetting", "catastrophic forgetting"], ["topic:cl"], G)
    ['forgetting']
    """
    said = [
        _words(G.nodes[key].get("name", ""))
        for key in keys
        if key in G and not G.nodes[key].get("generic", False)
    ]
    kept: list[str] = []
    for term in found:
        padded = _words(term)
        if any(padded in other or other in padded for other in said if other.strip()):
            continue
        kept.append(term)
        said.append(padded)
        if len(kept) == SHARED_TERMS:
            break
    return kept
