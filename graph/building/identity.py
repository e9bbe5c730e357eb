"""Concept identity across papers: acronyms resolved corpus-wide, senses kept apart, families.

The extractors key each paper alone: an acronym a paper defines takes its long form's
key there (``Gradient Low-Rank Projection (GaLore)`` is ``method:gradientlowrankprojection``),
while a paper that writes ``GaLore`` bare gets ``method:galore``. Across the corpus:

* **acronyms** (:class:`Acronyms`): an acronym the corpus defines with exactly one long
  form resolves, in the papers that write it bare, to that long form's concept (the two
  nodes merge; a mention's text and evidence stay as written). Defined two ways
  (``ERM``: empirical risk minimization and entropic risk measure), each sense stays
  its own concept and the ambiguity stays visible: every node of the acronym gets
  ``senses`` (the keys of its senses), and a bare use stays bare. A gazetteer's acronym
  is one sense, which the long forms it lists join. Keys depend only on the
  corpus, never on the order papers come in.
* **families** (:func:`add_families`): a concept whose name is another's with a size,
  variant word, short tag or version number more (:meth:`extractors.canonical.Canonical.parents`)
  gets a ``VARIANT_OF`` edge to the nearest such concept of its kind in the graph
  (``Qwen2.5-7B-Instruct`` -> ``Qwen2.5-7B`` -> ``Qwen2.5`` -> ``Qwen``,
  ``ImageNet-C`` -> ``ImageNet``). The mention's key stays exact; the family is extra,
  and links weigh a shared family less than a shared concept
  (:data:`graph.building.links.FAMILY_FACTOR`).

Both are linear: definitions are collected per mention, parents are looked up by key.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> for key, name in [("method:qwen", "Qwen"), ("method:qwen25", "Qwen2.5"),
    ...                   ("method:qwen257binstruct", "Qwen2.5-7B-Instruct")]:
    ...     G.add_node(key, kind="method", name=name)
    >>> spellings = {key: [G.nodes[key]["name"]] for key in G}
    >>> add_families(G, spellings)
    >>> sorted((a, b) for a, b, t in G.edges(keys=True) if t == VARIANT_OF)
    [('method:qwen25', 'method:qwen'), ('method:qwen257binstruct', 'method:qwen25')]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import networkx as nx
import numpy
import scipy.sparse

from extractors.canonical import Canonical, canonical_rules, is_acronym
from extractors.gazetteer import DEFAULT_FILES, data_path, load_entries
from extractors.keys import concept_key, fold, singular
from extractors.schema import CONCEPT_KINDS, PAPER, PROPOSED, PROPOSES, VARIANT_OF
from extractors.wordlists import load_word_lists

__all__ = [
    "Acronyms",
    "add_families",
    "family_matrix",
    "family_members",
    "merge_concept",
    "resolve_acronyms",
]

#: rules whose key is a gazetteer's (or a URL's), not a paper's own long form
_LISTED_RULES = frozenset({"gazetteer", "model-version", "url"})


class Acronyms:
    """The acronyms of a corpus: which long forms define each, and what a gazetteer says.

    >>> acronyms = Acronyms(listed={})
    >>> acronyms.see({"kind": "method", "text": "GaLore", "rule": "abbreviation",
    ...               "key": "method:gradientlowrankprojection"})
    >>> acronyms.resolutions({"method:galore"})
    ({'method:galore': 'method:gradientlowrankprojection'}, {})
    >>> for key in ("method:empiricalriskminimization", "method:entropicriskmeasure"):
    ...     acronyms.see({"kind": "method", "text": "ERM", "rule": "abbreviation", "key": key})
    >>> acronyms.resolutions({"method:galore", "method:erm"})[1]["method:erm"]
    ['method:empiricalriskminimization', 'method:entropicriskmeasure']

    ``listed``: gazetteer key -> the keys of its long forms (:func:`gazetteer_long_forms`
    when ``None``). A gazetteer's acronym is one sense: a long form it lists joins it, a
    long form it does not list is another sense; when it lists none, the corpus's one
    definition is its meaning.
    """

    def __init__(self, listed: Mapping[str, frozenset[str]] | None = None) -> None:
        self.defined: defaultdict[str, set[str]] = defaultdict(set)  # bare key -> long forms'
        self._listed = listed  # read from the gazetteer only when an acronym is defined
        self.proposed: set[str] = set()  # bare acronyms a paper proposes as written

    def see(self, mention: Mapping[str, Any]) -> None:
        """Note one mention: a definition is an acronym keyed by a long form of the paper's
        own (a gazetteer's key is no definition); an acronym proposed bare (``we propose
        QIM, a ...``) is a sense of its own."""
        text = mention["text"]
        if not is_acronym(text) or mention.get("rule") in _LISTED_RULES:
            return
        kind, key = mention["kind"], mention["key"]
        bare = f"{kind}:{fold(singular(text))}"
        if key != bare and key != concept_key(kind, text):
            self.defined[bare].add(key)
        elif mention.get("role") == PROPOSED:
            self.proposed.add(bare)

    def resolutions(
        self, concepts: set[str] | Mapping[str, Any]
    ) -> tuple[dict[str, str], dict[str, list[str]]]:
        """``(merges, senses)``: key -> the key it joins (a bare acronym among
        ``concepts`` -> its one long form's; a long form -> the gazetteer acronym that
        lists it), and per acronym with more senses, the sorted keys of its senses."""
        merges: dict[str, str] = {}
        senses: dict[str, list[str]] = {}
        if self.defined and self._listed is None:
            self._listed = gazetteer_long_forms()
        for bare, keys in sorted(self.defined.items()):
            meanings = _one_per_meaning(keys)
            merges.update((key, meanings[key]) for key in keys if meanings[key] != key)
            distinct = sorted(set(meanings.values()))
            listed = (self._listed or {}).get(bare)
            if listed is not None:
                merges.update((key, bare) for key in distinct if key in listed)
                distinct = [key for key in distinct if key not in listed]
                if listed and distinct:  # the gazetteer means something else
                    senses[bare] = sorted([bare, *distinct])
                    continue
                if len(distinct) == 1:  # the gazetteer names no long form: this is it
                    merges[distinct[0]] = bare
                    continue
            if bare in self.proposed and bare in concepts:  # its own concept where proposed
                distinct = sorted({bare, *distinct})
            if len(distinct) > 1:
                senses[bare] = distinct
            elif distinct and bare in concepts:
                merges[bare] = distinct[0]
        return merges, senses


def _one_per_meaning(keys: set[str]) -> dict[str, str]:
    """Each long-form key -> the key of its meaning: a long form with a method's head
    noun more than another (``Forward-Forward algorithm``; the word list
    ``method_nouns_after_acronym``) means the same.

    >>> _one_per_meaning({"method:forwardforward", "method:forwardforwardalgorithm"})
    {'method:forwardforward': 'method:forwardforward', 'method:forwardforwardalgorithm': \
'method:forwardforward'}
    """
    heads = load_word_lists().words("method_nouns_after_acronym")
    found = {}
    for key in sorted(keys):
        short = next((key[: -len(head)] for head in heads if key.endswith(head)), None)
        found[key] = short if short in keys else key
    return found


@lru_cache(maxsize=1)
def gazetteer_long_forms() -> dict[str, frozenset[str]]:
    """Gazetteer key of each acronym entry -> the keys of its other forms (its long
    forms; empty when it lists none).

    >>> "method:reinforcementlearningwithverifiablereward" in gazetteer_long_forms()["method:rlvr"]
    True
    """
    found = {}
    for kind, name in DEFAULT_FILES.items():
        if kind not in CONCEPT_KINDS:
            continue
        for entry in load_entries(kind, data_path(name)):
            if is_acronym(entry.name):
                forms = {concept_key(kind, form) for form in entry.forms}
                found[entry.key] = frozenset(forms - {entry.key})
    return found


def merge_concept(
    G: nx.MultiDiGraph, spellings: dict[str, Counter[str]], source: str, target: str
) -> None:
    """Move concept ``source`` into ``target``: its papers' edges (counts added, the
    target's first evidence kept, ``PROPOSES`` winning) and its spellings; then drop it.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("p", "method:galore", "USES", type="USES", count=2, text="GaLore")
    >>> _ = G.add_edge("q", "method:glp", "PROPOSES", type="PROPOSES", count=1, text="GLP")
    >>> spellings = {"method:galore": Counter(GaLore=2), "method:glp": Counter(GLP=1)}
    >>> G.nodes["method:glp"]["kind"] = "method"
    >>> merge_concept(G, spellings, "method:galore", "method:glp")
    >>> sorted(G.in_edges("method:glp", keys=True)), dict(spellings["method:glp"])
    ([('p', 'method:glp', 'USES'), ('q', 'method:glp', 'PROPOSES')], {'GLP': 1, 'GaLore': 2})
    """
    for paper, _, kind, data in list(G.in_edges(source, keys=True, data=True)):
        existing = G.get_edge_data(paper, target)
        if existing:
            (old_kind, old), *_ = existing.items()
            merged = dict(old, count=old.get("count", 0) + data.get("count", 0))
            if PROPOSES in (old_kind, kind):
                merged["type"] = PROPOSES
            G.remove_edge(paper, target, old_kind)
            G.add_edge(paper, target, merged["type"], **merged)
        else:
            G.add_edge(paper, target, kind, **data)
    G.remove_node(source)
    spellings.setdefault(target, Counter()).update(spellings.pop(source, Counter()))


def add_families(
    G: nx.MultiDiGraph,
    spellings: Mapping[str, Sequence[str]],
    rules: Canonical | None = None,
) -> None:
    """A ``VARIANT_OF`` edge from each concept to the nearest concept of its kind that its
    name, or another of its spellings (most used first), is a variant of
    (:meth:`~extractors.canonical.Canonical.parents`); the parent lists its direct
    variants in ``variants``."""
    rules = rules or canonical_rules()
    for key, texts in sorted(spellings.items()):
        if key not in G:
            continue
        kind = G.nodes[key].get("kind")
        parent = _nearest_parent(G, rules, key, kind, texts)
        if parent is not None:
            G.add_edge(key, parent, VARIANT_OF, type=VARIANT_OF)
            G.nodes[parent].setdefault("variants", []).append(key)


def _nearest_parent(
    G: nx.MultiDiGraph, rules: Canonical, key: str, kind: str, texts: Sequence[str]
) -> str | None:
    best: str | None = None
    for text in texts:
        for form in rules.parents(text):
            found = concept_key(kind, form)
            if found != key and found in G and G.nodes[found].get("kind") == kind:
                if best is None or len(found) > len(best):
                    best = found  # the nearest: the longest name of a parent
                break
    return best


def family_members(G: nx.MultiDiGraph, key: str) -> list[str]:
    """The papers that mention a variant of concept ``key`` (its ``VARIANT_OF``
    descendants), not ``key`` itself.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p", kind=PAPER); G.add_node("q", kind=PAPER)
    >>> _ = G.add_edge("p", "method:qwen25", "USES"), G.add_edge("q", "method:qwen257b", "USES")
    >>> _ = G.add_edge("method:qwen257b", "method:qwen25", VARIANT_OF)
    >>> G.nodes["method:qwen25"]["variants"] = ["method:qwen257b"]
    >>> family_members(G, "method:qwen25")
    ['q']
    """
    papers: set[str] = set()
    seen = {key}
    stack = list(G.nodes[key].get("variants", ()))
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(G.nodes[node].get("variants", ()))
        papers.update(p for p, _ in G.in_edges(node) if G.nodes[p].get("kind") == PAPER)
    return sorted(papers)


def family_matrix(
    G: nx.MultiDiGraph,
    keys: Sequence[str],
    row: Mapping[str, int],
    exact: scipy.sparse.csr_matrix,
    factor: float,
    cap: float = float("inf"),
) -> scipy.sparse.csr_matrix:
    """``exact`` (papers by the concepts ``keys``, 0/1) with ``factor`` where a paper
    holds a concept only through a variant of it (:func:`family_members`), for the
    concepts whose family is held by at most ``cap`` papers (the cap that keeps the
    links linear holds for families too).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p", kind=PAPER); G.add_node("q", kind=PAPER)
    >>> _ = G.add_edge("p", "method:qwen25", "USES"), G.add_edge("q", "method:qwen257b", "USES")
    >>> G.nodes["method:qwen25"]["variants"] = ["method:qwen257b"]
    >>> exact = scipy.sparse.csr_matrix(numpy.array([[1.0], [0.0]]))
    >>> family_matrix(G, ["method:qwen25"], {"p": 0, "q": 1}, exact, 0.5).toarray().tolist()
    [[1.0], [0.5]]
    >>> family_matrix(G, ["method:qwen25"], {"p": 0, "q": 1}, exact, 0.5, cap=1).toarray().tolist()
    [[1.0], [0.0]]
    """
    rows: list[int] = []
    columns: list[int] = []
    held = numpy.diff(exact.tocsc().indptr)  # papers per concept
    for column, key in enumerate(keys):
        if not G.nodes[key].get("variants"):
            continue
        extra = [
            row[paper]
            for paper in family_members(G, key)
            if paper in row and not exact[row[paper], column]
        ]
        if held[column] + len(extra) <= cap:
            rows += extra
            columns += [column] * len(extra)
    if not rows:
        return exact
    extra = scipy.sparse.csr_matrix(
        (numpy.full(len(rows), factor), (rows, columns)), shape=exact.shape
    )
    found = (exact + extra).tocsr()
    found.sort_indices()
    return found


def resolve_acronyms(
    G: nx.MultiDiGraph, spellings: dict[str, Counter[str]], acronyms: Acronyms
) -> dict[str, str]:
    """Merge each bare acronym the corpus defines one way into its long form's concept
    and give every concept of an acronym defined more ways its ``senses``; returns the
    merges (bare key -> key).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("method:galore", kind="method"); G.add_node("method:glp", kind="method")
    >>> acronyms = Acronyms(listed={})
    >>> acronyms.see({"kind": "method", "text": "GaLore", "key": "method:glp", "rule": "called"})
    >>> resolve_acronyms(G, {"method:galore": Counter(), "method:glp": Counter()}, acronyms)
    {'method:galore': 'method:glp'}
    """
    merges, senses = acronyms.resolutions(spellings)
    done = {}
    for source, target in merges.items():
        seen = {source}
        while target in merges and target not in seen:  # a long form that is itself bare
            seen.add(target)
            target = merges[target]
        if target in G and source in G and target != source:
            merge_concept(G, spellings, source, target)
            done[source] = target
    for bare, keys in senses.items():
        for key in (bare, *keys):
            if key in G:
                G.nodes[key]["senses"] = list(keys)
    return done
