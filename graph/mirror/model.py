"""The Neo4j data model of the paper graph, and the rows that carry a graph into it.

Labels and relationship types come from :mod:`extractors.schema`; the properties and
how a graph's nodes and edges become rows live here, in fixed tables: nothing in a
statement ever comes from the data. Values are cleaned
to what Neo4j stores (an empty list or a missing value becomes ``None``: the
property is absent) and typed as the tables say, so ``sync`` and the CSV bundle
hold the same values.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p1", kind="paper", title="LoRA for all", year=2024, sources=[])
    >>> G.add_node("method:lora", kind="method", name="LoRA", aliases=[], df=1, idf=0.0)
    >>> _ = G.add_edge("p1", "method:lora", key="USES", type="USES", count=2, text="LoRA")
    >>> paper = paper_record(G, "p1")
    >>> paper["props"]["title"], paper["props"]["sources"], paper["props"]["bridge_score"]
    ('LoRA for all', None, 0.0)
    >>> [uses] = paper["relationships"]["USES"]
    >>> uses["paper"], uses["concept"], uses["props"]["count"], uses["props"]["sentence"]
    ('p1', 'method:lora', 2, None)
    >>> paper["keep"], len(paper["hash"])
    (['USES|method:lora'], 32)
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator, Mapping
from typing import Any

import networkx as nx

from extractors.schema import (
    CLUSTER_LABEL,
    CONCEPT_LABEL,
    CONCEPT_RELATIONSHIPS,
    EVIDENCE,
    IN_CLUSTER,
    KINDS,
    LINK_PROPERTIES,
    MIRRORED,
    NODE_LABELS,
    PAPER,
    PAPER_LABEL,
    RELATIONSHIP,
)

__all__ = [
    "BETWEEN_CONCEPTS",
    "CLUSTER_PROPERTIES",
    "CONCEPT_LABELS",
    "CONCEPT_PROPERTIES",
    "CONCEPT_REL_TYPES",
    "EVIDENCE_PROPERTIES",
    "GDS_PROPERTIES",
    "LABELS",
    "PAPER_PROPERTIES",
    "PROPERTY_KEYS",
    "REL_TYPES",
    "clean",
    "cluster_records",
    "concept_records",
    "content_hash",
    "paper_record",
    "paper_records",
]

#: concept kind (``G.nodes[key]["kind"]``) -> its label; every concept is also ``:Concept``
CONCEPT_LABELS = NODE_LABELS
LABELS = (PAPER_LABEL, CONCEPT_LABEL, *CONCEPT_LABELS.values(), CLUSTER_LABEL)
#: paper -> concept relationships: the first mention is their evidence
CONCEPT_REL_TYPES = tuple(name for name in CONCEPT_RELATIONSHIPS if name in MIRRORED)
#: every relationship type the mirror holds
REL_TYPES = MIRRORED
#: a row's field for the node a relationship ends at, by the end's label
END_FIELDS = {CONCEPT_LABEL: "concept", PAPER_LABEL: "other", CLUSTER_LABEL: "cluster"}
#: concept -> concept relationships (a family: VARIANT_OF), sent with their source concept
BETWEEN_CONCEPTS = tuple(name for name in REL_TYPES if RELATIONSHIP[name].source == CONCEPT_LABEL)

# (property, type) in the words of neo4j-admin import headers; "[]" marks a list.
PAPER_PROPERTIES = (
    ("title", "string"), ("abstract", "string"), ("date", "string"), ("date_text", "string"),
    ("year", "long"), ("upvotes", "long"), ("author_count", "long"),
    ("organization", "string"), ("arxiv_id", "string"), ("doi", "string"), ("url", "string"),
    ("authors", "string[]"), ("alt_ids", "string[]"),
    ("sources", "string[]"), ("cluster", "long"), ("cluster_label", "string"),
    ("bridge_score", "double"), ("bridge_rank", "long"), ("bridge_clusters", "long[]"),
)  # fmt: skip
CONCEPT_PROPERTIES = (("kind", "string"), ("name", "string"), ("aliases", "string[]"),
                      ("df", "long"), ("idf", "double"))  # fmt: skip
EVIDENCE_PROPERTIES = EVIDENCE  # of a paper -> concept relationship (extractors.schema)
SHARES_PROPERTIES = LINK_PROPERTIES  # of a paper -> paper link
#: a cluster's distinctive concepts, one list property per kind
CLUSTER_CONCEPTS = {kind.name: kind.plural for kind in KINDS if kind.name in CONCEPT_LABELS}
CLUSTER_PROPERTIES = (("size", "long"), ("label", "string"), ("modularity", "double"),
                      *((name, "string[]") for name in CLUSTER_CONCEPTS.values()))  # fmt: skip
#: written by the cypher/gds/ procedures, read by cypher/gds/4_results.cypher
GDS_PROPERTIES = ("gds_community", "gds_betweenness")
#: bridge attributes are optional in the graph: these stand in when they are missing
_DEFAULTS = {"bridge_score": 0.0, "bridge_rank": 0, "bridge_clusters": []}

PROPERTY_KEYS = tuple(sorted({
    "id", "key", "content_hash", *GDS_PROPERTIES,
    *(name for table in (PAPER_PROPERTIES, CONCEPT_PROPERTIES, CLUSTER_PROPERTIES,
                         *(RELATIONSHIP[kind].properties for kind in REL_TYPES))
      for name, _ in table),
}))  # fmt: skip


def clean(value: Any, kind: str) -> Any:
    """``value`` as Neo4j stores a property of type ``kind`` (``None``: absent).

    >>> clean([3, "4"], "long[]"), clean([], "string[]"), clean(float("nan"), "double")
    ([3, 4], None, None)
    >>> clean(2.0, "long"), clean(1, "double"), clean(7, "string")
    (2, 1.0, '7')
    """
    if kind.endswith("[]"):
        if value is None or isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
            value = [] if value is None else [value]
        items = [clean(item, kind[:-2]) for item in value]
        items = [item for item in items if item is not None]
        return items or None
    if value is None:
        return None
    if kind == "long":
        return int(value)
    if kind == "double":
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else number
    return str(value)


def _props(data: Mapping[str, Any], table: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    return {name: clean(data.get(name, _DEFAULTS.get(name)), kind) for name, kind in table}


def content_hash(value: Any) -> str:
    """A stable digest of a row (canonical JSON, SHA-256, 32 hex digits).

    >>> content_hash({"b": 1, "a": [1.5]}) == content_hash({"a": [1.5], "b": 1})
    True
    """
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _is_paper(G: nx.MultiDiGraph, node: Any) -> bool:
    return G.nodes[node].get("kind") == PAPER


def _cluster_id(value: Any) -> int | None:
    return None if value is None or int(value) < 0 else int(value)


def _ends_at(label: str, kind: Any) -> bool:
    """Whether a graph node of ``kind`` is a node of ``label`` in the mirror."""
    if label == CONCEPT_LABEL:
        return kind in CONCEPT_LABELS
    return label == PAPER_LABEL and kind == PAPER


def paper_record(G: nx.MultiDiGraph, paper: str) -> dict[str, Any]:
    """Everything the mirror holds about one paper: its ``props``, its outgoing
    ``relationships`` (type -> rows), the ``keep`` list (``TYPE|target`` of each)
    and the ``hash`` of it all, which decides whether the paper is re-sent."""
    data = G.nodes[paper]
    props = _props(data, PAPER_PROPERTIES)
    relationships: dict[str, list[dict[str, Any]]] = {kind: [] for kind in REL_TYPES}
    keep = []
    for _, target, key, edge in sorted(
        G.out_edges(paper, keys=True, data=True), key=lambda e: (str(e[1]), str(e[2]))
    ):
        kind = edge.get("type", key)
        relationship = RELATIONSHIP.get(kind)
        if (
            kind not in REL_TYPES
            or kind in BETWEEN_CONCEPTS
            or not _ends_at(relationship.target, G.nodes[target].get("kind"))
        ):
            continue  # not part of the model (e.g. a reference outside): not mirrored
        row = {"paper": paper, END_FIELDS[relationship.target]: target}
        if relationship.properties:
            row["props"] = _props(edge, relationship.properties)
        relationships[kind].append(row)
        keep.append(f"{kind}|{target}")
    cluster = _cluster_id(props["cluster"])
    if cluster is not None:
        relationships[IN_CLUSTER].append({"paper": paper, END_FIELDS[CLUSTER_LABEL]: cluster})
        keep.append(f"{IN_CLUSTER}|{cluster}")
    record = {"id": paper, "props": props, "relationships": relationships, "keep": keep}
    record["hash"] = content_hash([props, relationships])
    return record


def paper_records(G: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """:func:`paper_record` of every paper, in id order."""
    for paper in sorted((n for n in G if _is_paper(G, n)), key=str):
        yield paper_record(G, paper)


def concept_records(G: nx.MultiDiGraph) -> Iterator[dict[str, Any]]:
    """Every concept as ``{"key", "label", "props", "relationships", "keep", "hash"}``,
    in key order; ``relationships``: type -> rows (``key``, ``concept``) of the concept ->
    concept relationships it starts (:data:`BETWEEN_CONCEPTS`), part of its hash when
    it has any.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("repo:github.com/a/b", kind="repo", name="github.com/a/b", df=1)
    >>> [(c["key"], c["label"], c["props"]["aliases"]) for c in concept_records(G)]
    [('repo:github.com/a/b', 'Repository', None)]
    """
    for key in sorted((n for n in G if G.nodes[n].get("kind") in CONCEPT_LABELS), key=str):
        data = G.nodes[key]
        props = _props(data, CONCEPT_PROPERTIES)
        relationships: dict[str, list[dict[str, Any]]] = {kind: [] for kind in BETWEEN_CONCEPTS}
        for _, target, kind in sorted(G.out_edges(key, keys=True), key=lambda e: str(e[1])):
            if kind in relationships and G.nodes[target].get("kind") in CONCEPT_LABELS:
                relationships[kind].append({"key": key, "concept": target})
        keep = [f"{kind}|{row['concept']}" for kind, rows in relationships.items() for row in rows]
        yield {
            "key": key,
            "label": CONCEPT_LABELS[data["kind"]],
            "props": props,
            "relationships": relationships,
            "keep": keep,
            "hash": content_hash([props, relationships] if keep else props),
        }


def _get(item: Any, name: str, default: Any = None) -> Any:
    return item.get(name, default) if isinstance(item, Mapping) else getattr(item, name, default)


def cluster_records(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Every cluster as ``{"id", "props", "hash"}``: from ``G.graph["clusters"]`` when
    the analysis left it there, else from the papers' ``cluster``/``cluster_label``.

    >>> G = nx.MultiDiGraph(clusters=[{"id": 0, "size": 2, "label": "LoRA", "modularity": 0.5,
    ...                                "concepts": {"method": ["method:lora"]}}])
    >>> [(c["id"], c["props"]["methods"], c["props"]["benchmarks"]) for c in cluster_records(G)]
    [(0, ['method:lora'], None)]
    """
    found: dict[int, dict[str, Any]] = {}
    for item in G.graph.get("clusters") or []:
        number = _cluster_id(_get(item, "id"))
        if number is None:
            continue
        concepts = _get(item, "concepts") or {}
        data = {name: concepts.get(kind) for kind, name in CLUSTER_CONCEPTS.items()}
        data.update(
            size=_get(item, "size"), label=_get(item, "label"), modularity=_get(item, "modularity")
        )
        if data["size"] is None and _get(item, "papers") is not None:
            data["size"] = len(_get(item, "papers"))
        found[number] = data
    sizes: dict[int, int] = {}
    for paper in G:
        data = G.nodes[paper]
        number = _cluster_id(data.get("cluster")) if _is_paper(G, paper) else None
        if number is not None:
            sizes[number] = sizes.get(number, 0) + 1
            found.setdefault(number, {"label": data.get("cluster_label")})
    records = []
    for number in sorted(found):
        data = found[number]
        if data.get("size") is None:
            data["size"] = sizes.get(number, 0)
        props = _props(data, CLUSTER_PROPERTIES)
        records.append({"id": number, "props": props, "hash": content_hash(props)})
    return records
