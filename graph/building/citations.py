"""Citations: references resolved to the corpus's papers through every id form, and the
paper-paper links they imply.

A reference (a string in ``Paper.references``) is resolved to a paper of the corpus by,
in order: the paper's id exactly as written; the canonical key of any id form
(:func:`graph.sources.identity.canonical_key`: arXiv id with or without version, abs/pdf URL,
arXiv DOI, DOI or DOI URL, OpenAlex ``W…``, S2 ``paperId``, ``CorpusId``) matched against
every key the paper is known by (its id, ``alt_ids``, arXiv id and DOI); else, for a
reference that is no id, its normalised title (:func:`graph.paper.normalize_title`, at
least two words, and only when one paper of the corpus has that title). Semantic
Scholar's ``citations`` (kept as ``extra.cited_by``) resolve the same way, the other
way round.

Edges added (all keyed by their type, paper → paper):

``CITES`` (citing → cited)
    ``reference``: the reference as the input wrote it; ``via``: what matched (``id``,
    ``arxiv``, ``doi``, ``openalex``, ``s2``, ``corpusid``, ``title``, or ``cited_by``
    for a link known from the cited paper's side).
``CO_CITED`` (one per pair, from the smaller id)
    Two papers cited together by the same papers of the corpus. ``count``: how many
    papers cite both; ``weight``: ``count / sqrt(cited_a * cited_b)`` (Salton's cosine of
    their citing sets, 0 to 1); ``shared``: up to ``EVIDENCE`` of the papers citing both.
``SHARES_REFERENCES`` (bibliographic coupling; one per pair, from the smaller id)
    Two papers citing the same works (in the corpus or not). ``count``: references in
    common; ``weight``: ``count / sqrt(refs_a * refs_b)``; ``shared``: up to
    ``EVIDENCE`` of the common references (paper ids, or canonical keys / titles of
    works outside the corpus).

A work cited by (or citing) more than ``max_fanout`` papers links none in these two
link types: at that frequency it says little about closeness, and the cap keeps the
pairs linear in the corpus.

Paper node attributes set: ``references_resolved`` (references that name a paper of
the corpus, itself included) and ``references_outside`` (the others; blank ones are
neither). With ``external=True`` each
reference outside the corpus also becomes a node (id ``ref:<key>``, ``kind="reference"``,
``label``: the reference as written) with a ``CITES`` edge (``via="outside"``).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("arxiv:1706.03762", kind="paper", title="Attention Is All You Need",
    ...            arxiv_id="1706.03762", alt_ids=["openalex:W2963403868"])
    >>> G.add_node("p2", kind="paper", title="BERT", references=[])
    >>> G.add_node("p3", kind="paper", title="GPT", references=[])
    >>> stats = add_citation_links(G, [
    ...     ("p2", ["https://arxiv.org/abs/1706.03762v5", "10.1000/outside"]),
    ...     ("p3", ["https://openalex.org/W2963403868", "doi:10.1000/OUTSIDE"])])
    >>> [G.edges[p, "arxiv:1706.03762", "CITES"]["via"] for p in ("p2", "p3")]
    ['arxiv', 'openalex']
    >>> link = G.edges["p2", "p3", "SHARES_REFERENCES"]
    >>> link["count"], link["shared"], round(link["weight"], 2)
    (2, ['arxiv:1706.03762', 'doi:10.1000/outside'], 1.0)
    >>> G.nodes["p2"]["references_outside"], stats.resolved, stats.outside
    (1, 2, 2)
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx

from extractors.schema import CITES, CO_CITED, PAPER, REFERENCE, SHARES_REFERENCES
from graph.paper import normalize_title
from graph.sources.identity import canonical_key, paper_keys

__all__ = ["CITATION_EDGE_TYPES", "EVIDENCE", "MAX_FANOUT", "CitationIndex", "CitationStats",
           "add_citation_links"]  # fmt: skip

CITATION_EDGE_TYPES = (CITES, CO_CITED, SHARES_REFERENCES)
EVIDENCE = 5  # items of evidence kept on a CO_CITED / SHARES_REFERENCES link
MAX_FANOUT = 200


@dataclass(slots=True)
class CitationStats:
    """What resolution found: references resolved to corpus papers, references to
    works outside, ``CITES`` edges added, and the two link types' counts."""

    resolved: int = 0
    outside: int = 0
    cites: int = 0
    co_cited: int = 0
    coupled: int = 0


class CitationIndex:
    """Every key each corpus paper is known by, to resolve references against.

    >>> index = CitationIndex([("W1", {"title": "Deep Residual Learning", "doi": "10.1000/A"})])
    >>> index.resolve("https://doi.org/10.1000/a"), index.resolve("Deep residual learning.")
    (('W1', 'doi'), ('W1', 'title'))
    >>> index.resolve("10.1000/b") is None
    True
    """

    def __init__(self, papers: Iterable[tuple[str, dict[str, Any]]]) -> None:
        self.by_key: dict[str, str] = {}
        titles: dict[str, str | None] = {}
        for paper, data in papers:
            for key in paper_keys(
                paper, data.get("alt_ids") or (), data.get("arxiv_id"), data.get("doi")
            ):
                self.by_key.setdefault(key, paper)
            title = normalize_title(data.get("title") or "")
            if title:
                titles[title] = paper if title not in titles else None  # None: ambiguous
        self.by_title = {title: paper for title, paper in titles.items() if paper is not None}

    def key_of(self, reference: str) -> str | None:
        """The canonical key of a reference, or ``title:<normalised>`` for one that is no id."""
        key = canonical_key(reference)
        if key:
            return key
        title = normalize_title(reference)
        return f"title:{title}" if title else None

    def resolve(self, reference: str) -> tuple[str, str] | None:
        """``(paper id, what matched)`` for a reference naming a corpus paper, else ``None``."""
        reference = reference.strip()
        if not reference:
            return None
        found = self.by_key.get(f"id:{reference}")
        if found is not None:
            return found, "id"
        key = canonical_key(reference)
        if key is not None:
            found = self.by_key.get(key)
            return (found, key.split(":", 1)[0]) if found is not None else None
        for candidate in _title_candidates(reference):
            title = normalize_title(candidate)
            if title.count(" ") >= 1 and title in self.by_title:
                return self.by_title[title], "title"
        return None


_CITED_WORK = re.compile(r"^[^,]{1,80}, (?:1[89]|20)\d\d, (?P<rest>.+)$")
_VOLUME_PAGE = re.compile(r", (?:V|P|DOI )\S.*$")


def _title_candidates(reference: str) -> list[str]:
    """The reference itself and, for a Web of Science ``CR`` line ("Author, Year,
    Title-or-source, V1, P2"), the part after the year without volume and page.

    >>> _title_candidates("Chen Y, 2020, Active Fuzzing for Testing, V3, P10")
    ['Chen Y, 2020, Active Fuzzing for Testing, V3, P10', 'Active Fuzzing for Testing']
    """
    candidates = [reference]
    match = _CITED_WORK.match(reference)
    if match:
        candidates.append(_VOLUME_PAGE.sub("", match.group("rest")).strip())
    return candidates


def _pair_links(
    groups: Iterable[tuple[str, list[str]]], sizes: Counter[str], max_fanout: int
) -> dict[tuple[str, str], list[Any]]:
    """(a, b) -> [count, evidence] over groups of papers that share one item."""
    links: dict[tuple[str, str], list[Any]] = {}
    for item, members in groups:
        if not 2 <= len(members) <= max_fanout:
            continue
        for a, b in combinations(sorted(members), 2):
            link = links.get((a, b))
            if link is None:
                link = links[a, b] = [0, []]
            link[0] += 1
            if len(link[1]) < EVIDENCE:
                link[1].append(item)
    return links


def _add_links(
    G: nx.MultiDiGraph, kind: str, links: dict[tuple[str, str], list[Any]], sizes: Counter[str]
) -> int:
    for (a, b), (count, shared) in links.items():
        weight = count / math.sqrt(sizes[a] * sizes[b])
        G.add_edge(a, b, key=kind, type=kind, weight=weight, count=count, shared=shared)
    return len(links)


def add_citation_links(
    G: nx.MultiDiGraph,
    references: Iterable[tuple[str, list[str]]],
    *,
    external: bool = False,
    max_fanout: int = MAX_FANOUT,
) -> CitationStats:
    """Resolve each ``(citing paper, its references)`` against the graph's papers and add
    the ``CITES``, ``CO_CITED`` and ``SHARES_REFERENCES`` edges (see the module docstring)."""
    papers = [(n, d) for n, d in G.nodes(data=True) if d.get("kind") == PAPER]
    index = CitationIndex(papers)
    stats = CitationStats()
    found = _Citations()
    for citing, refs in references:
        resolved, outside = _resolve_references(G, index, found, citing, refs, external)
        G.nodes[citing]["references_resolved"] = resolved
        G.nodes[citing]["references_outside"] = outside
        stats.resolved += resolved
        stats.outside += outside
    _add_cited_by(index, papers, found)
    stats.cites = _add_cites(G, found)
    stats.co_cited = _add_co_citations(G, found.cites, max_fanout)
    stats.coupled = _add_coupling(G, found.works, max_fanout)
    return stats


@dataclass
class _Citations:
    """What the references say: per citing paper, each corpus paper it cites and what
    matched (``cites``), the reference that named it (``raw``), and every work it cites
    (``works``: paper ids, and keys of the works outside the corpus)."""

    cites: defaultdict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    raw: dict[tuple[str, str], str] = field(default_factory=dict)
    works: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, citing: str, cited: str, via: str, reference: str) -> bool:
        """Record that ``citing`` cites ``cited``, unless already known (then ``False``)."""
        if cited in self.cites[citing]:
            return False
        self.cites[citing][cited] = via
        self.raw[citing, cited] = reference
        return True


def _resolve_references(
    G: nx.MultiDiGraph,
    index: CitationIndex,
    found: _Citations,
    citing: str,
    refs: list[str],
    external: bool,
) -> tuple[int, int]:
    """Record in ``found`` what ``citing``'s references name; with ``external``, a work
    outside the corpus becomes a node it cites. Returns ``(resolved, outside)`` counts."""
    resolved = outside = 0
    for reference in refs:
        if not reference.strip():
            continue
        match = index.resolve(reference)
        if match is None:
            outside += 1
            key = index.key_of(reference)
            if key:
                found.works[citing].add(key)
            if external and key:
                node = f"ref:{key}"
                if node not in G:
                    G.add_node(node, kind=REFERENCE, label=reference)
                G.add_edge(citing, node, key=CITES, type=CITES, reference=reference, via="outside")
            continue
        cited, via = match
        resolved += 1  # a self-citation names a corpus paper too, but links nothing
        if cited == citing:
            continue
        found.works[citing].add(cited)
        found.add(citing, cited, via, reference)
    return resolved, outside


def _add_cited_by(
    index: CitationIndex, papers: list[tuple[str, dict[str, Any]]], found: _Citations
) -> None:
    """Semantic Scholar's citations, known from the cited side: the citing papers they
    name cite the paper too (when the references did not say so already)."""
    for cited, data in papers:
        for reference in (data.get("extra") or {}).get("cited_by") or []:
            match = index.resolve(str(reference))
            if match is None or match[0] == cited:
                continue
            if found.add(match[0], cited, "cited_by", str(reference)):
                found.works[match[0]].add(cited)


def _add_cites(G: nx.MultiDiGraph, found: _Citations) -> int:
    """One ``CITES`` edge per citing and cited corpus paper; returns how many."""
    count = 0
    for citing, targets in found.cites.items():
        for cited, via in targets.items():
            G.add_edge(
                citing, cited, key=CITES, type=CITES, reference=found.raw[citing, cited], via=via
            )
            count += 1
    return count


def _add_co_citations(G: nx.MultiDiGraph, cites: dict[str, dict[str, str]], max_fanout: int) -> int:
    """Co-citation: papers cited together; sizes = how many corpus papers cite each."""
    cited_by: Counter[str] = Counter(c for targets in cites.values() for c in targets)
    together = [(citing, list(targets)) for citing, targets in cites.items()]
    return _add_links(G, CO_CITED, _pair_links(together, cited_by, max_fanout), cited_by)


def _add_coupling(G: nx.MultiDiGraph, works: dict[str, set[str]], max_fanout: int) -> int:
    """Bibliographic coupling: papers citing the same works; sizes = works each cites."""
    citing_of: dict[str, list[str]] = defaultdict(list)
    for citing, keys in works.items():
        for key in keys:
            citing_of[key].append(citing)
    sizes = Counter({citing: len(keys) for citing, keys in works.items()})
    shared = _pair_links(sorted(citing_of.items()), sizes, max_fanout)
    return _add_links(G, SHARES_REFERENCES, shared, sizes)
