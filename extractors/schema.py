"""The papergraph schema: every concept kind, label and relationship type, stated once.

Read it top to bottom: the kinds of concept the extractors find (each with its span
label, its Neo4j label and the relationship a paper has to it), then the relationship
types of the graph and of its Neo4j mirror, one line of meaning each, then the mappings
the stages look up. Every stage imports its names from here (extractors is the first
stage, so all may), and nothing else spells them:

* extractors: span labels (:data:`SPAN_LABELS`) and key prefixes (the kind's ``name``);
* graph building: node ``kind`` and edge types (:func:`concept_edge_type`,
  :data:`GRAPH_RELATIONSHIPS`);
* exports: the reserved id prefixes (:data:`CONCEPT_KINDS`) and the edge types they carry;
* the Neo4j mirror: labels (:data:`NODE_LABELS`), relationship types, their properties,
  and so every Cypher statement it sends and every file of its import bundle.

Adding a concept kind is one :class:`ConceptKind` row in :data:`KINDS` (and, when papers
reach it by a new relationship, one :class:`RelationshipType` row), plus the rules that
find it and a uniqueness constraint for its label in ``cypher/schema.cypher`` (a test
says so when it is missing).

    >>> [kind.name for kind in KINDS]
    ['method', 'benchmark', 'metric', 'repo', 'link', 'topic']
    >>> KIND["repo"].span_label, KIND["repo"].node_label, KIND["repo"].used_by
    ('REPO', 'Repository', 'HAS_CODE')
    >>> concept_edge_type("method", PROPOSED), concept_edge_type("repo", PROPOSED)
    ('PROPOSES', 'HAS_CODE')
    >>> RELATIONSHIP[CITES].meaning
    'the paper cites the other (citing -> cited), or a reference node of a work outside'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BUILDS_ON",
    "CITES",
    "CLUSTER_LABEL",
    "CONCEPT_KINDS",
    "CONCEPT_LABEL",
    "CONCEPT_RELATIONSHIPS",
    "CO_CITED",
    "EVIDENCE",
    "GRAPH_RELATIONSHIPS",
    "IN_CLUSTER",
    "KIND",
    "KINDS",
    "KIND_OF_SPAN_LABEL",
    "LINK_PROPERTIES",
    "MIRRORED",
    "NODE_LABELS",
    "PAPER",
    "PAPER_LABEL",
    "PROPOSED",
    "PROPOSES",
    "REFERENCE",
    "RELATIONSHIP",
    "RELATIONSHIPS",
    "ROLES",
    "SHARES_CONCEPT",
    "SHARES_REFERENCES",
    "SPAN_LABELS",
    "USED",
    "VARIANT_OF",
    "ConceptKind",
    "RelationshipType",
    "concept_edge_type",
    "concept_kinds",
    "node_labels",
]

# ---------------------------------------------------------------------------------------
# Nodes that are no concept
# ---------------------------------------------------------------------------------------

PAPER = "paper"  #: ``kind`` of a paper node in the graph
REFERENCE = "reference"  #: ``kind`` of a ``ref:`` node: a cited work outside the corpus
PAPER_LABEL = "Paper"  #: Neo4j label of a paper
CONCEPT_LABEL = "Concept"  #: Neo4j label every concept has besides its kind's label
CLUSTER_LABEL = "Cluster"  #: Neo4j label of a Louvain cluster of papers

#: a mention's ``role``: the paper's own contribution, or something it uses
PROPOSED, USED = "proposed", "used"
ROLES = (PROPOSED, USED)

# ---------------------------------------------------------------------------------------
# Concept kinds
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConceptKind:
    """One kind of thing the extractors find in a paper.

    ``name`` is the mention's ``kind``, the graph node's ``kind`` and the prefix of its
    key (``method:lora``); ``span_label`` labels the extractors' spans; ``node_label`` is
    its Neo4j label (``None``: not a graph node, kept in the mentions only); ``used_by``
    is the relationship type of a paper that mentions it (``None``: not in the graph);
    ``proposable``: a paper that proposes it has a ``PROPOSES`` edge instead;
    ``specific``: shared alone, it links two papers (else it only adds to a link);
    ``plural`` names a list of them (a cluster's distinctive ones in Neo4j).

    >>> KIND["metric"].in_graph, KIND["link"].in_graph, KIND["metric"].specific
    (True, False, False)
    """

    name: str
    span_label: str
    node_label: str | None
    used_by: str | None
    proposable: bool
    specific: bool
    plural: str
    meaning: str

    @property
    def in_graph(self) -> bool:
        """Whether the kind becomes concept nodes of the graph (and of Neo4j)."""
        return self.used_by is not None


# name, span label, Neo4j label, a paper that uses it ->, proposable, specific, plural
KINDS = (
    ConceptKind("method", "METHOD", "Method", "USES", True, True, "methods",
                "a model, architecture, algorithm or technique"),
    ConceptKind("benchmark", "BENCHMARK", "Benchmark", "EVALUATES_ON", True, True, "benchmarks",
                "a dataset, benchmark or task a paper evaluates on"),
    ConceptKind("metric", "METRIC", "Metric", "MEASURES_WITH", True, False, "metrics",
                "a measure of results (accuracy, BLEU); always generic"),
    ConceptKind("repo", "REPO", "Repository", "HAS_CODE", False, True, "repositories",
                "a code, model or data repository (github.com/..., huggingface.co/...)"),
    ConceptKind("link", "LINK", None, None, False, False, "links",
                "any other URL (a project page): in the mentions, not in the graph"),
    ConceptKind("topic", "TOPIC", "Topic", "STUDIES", True, True, "topics",
                "a research question or field (continual learning)"),
)  # fmt: skip

# ---------------------------------------------------------------------------------------
# Relationship types
# ---------------------------------------------------------------------------------------

PROPOSES = "PROPOSES"
SHARES_CONCEPT = "SHARES_CONCEPT"
BUILDS_ON = "BUILDS_ON"
CITES = "CITES"
CO_CITED = "CO_CITED"
SHARES_REFERENCES = "SHARES_REFERENCES"
IN_CLUSTER = "IN_CLUSTER"
VARIANT_OF = "VARIANT_OF"

#: properties a paper -> concept relationship keeps in Neo4j: the first mention as evidence
#: (``(name, type)`` in the words of neo4j-admin import headers; ``[]`` marks a list)
EVIDENCE = (("count", "long"), ("text", "string"), ("field", "string"),
            ("start", "long"), ("end", "long"), ("sentence", "string"))  # fmt: skip
#: properties a paper -> paper link keeps in Neo4j
LINK_PROPERTIES = (("weight", "double"), ("shared", "string[]"))


@dataclass(frozen=True)
class RelationshipType:
    """A relationship type: from a ``source`` to a ``target`` node label, what it means,
    whether it is an edge of the networkx graph (``in_graph``; ``IN_CLUSTER`` is the
    papers' ``cluster`` attribute there), whether the Neo4j mirror holds it
    (``mirrored``), and the ``properties`` it has there.

    >>> RELATIONSHIP[IN_CLUSTER].target, RELATIONSHIP[IN_CLUSTER].in_graph
    ('Cluster', False)
    """

    name: str
    source: str
    target: str
    meaning: str
    in_graph: bool = True
    mirrored: bool = True
    properties: tuple[tuple[str, str], ...] = ()


def _used_by(kind: ConceptKind) -> RelationshipType:
    return RelationshipType(
        kind.used_by or "",
        PAPER_LABEL,
        CONCEPT_LABEL,
        f"the paper mentions a {kind.name}: {kind.meaning}",
        properties=EVIDENCE,
    )


RELATIONSHIPS = (
    RelationshipType(PROPOSES, PAPER_LABEL, CONCEPT_LABEL,
                     "the paper's own contribution (any kind but a repository)",
                     properties=EVIDENCE),
    *(_used_by(kind) for kind in KINDS if kind.in_graph),
    RelationshipType(SHARES_CONCEPT, PAPER_LABEL, PAPER_LABEL,
                     "the papers share concepts, builds-on or terms (one per pair, "
                     "from the smaller id)", properties=LINK_PROPERTIES),
    RelationshipType(BUILDS_ON, PAPER_LABEL, PAPER_LABEL,
                     "the paper uses a concept the other proposes (user -> proposer)",
                     mirrored=False),
    RelationshipType(CITES, PAPER_LABEL, PAPER_LABEL,
                     "the paper cites the other (citing -> cited), or a reference node "
                     "of a work outside"),
    RelationshipType(CO_CITED, PAPER_LABEL, PAPER_LABEL,
                     "the papers are cited together (co-citation; one per pair)",
                     mirrored=False),
    RelationshipType(SHARES_REFERENCES, PAPER_LABEL, PAPER_LABEL,
                     "the papers cite the same works (bibliographic coupling; one per pair)",
                     mirrored=False),
    RelationshipType(VARIANT_OF, CONCEPT_LABEL, CONCEPT_LABEL,
                     "the concept is a variant of the other, its family (a size, version or "
                     "variant of its name: Qwen2.5-7B -> Qwen2.5 -> Qwen, ImageNet-C -> ImageNet)"),
    RelationshipType(IN_CLUSTER, PAPER_LABEL, CLUSTER_LABEL,
                     "the paper belongs to the cluster (Louvain)", in_graph=False),
)  # fmt: skip

# ---------------------------------------------------------------------------------------
# Mappings the stages look up (all derived from the tables above)
# ---------------------------------------------------------------------------------------

#: kind name -> its :class:`ConceptKind`
KIND = {kind.name: kind for kind in KINDS}
#: kind name -> the label of its spans, and back
SPAN_LABELS = {kind.name: kind.span_label for kind in KINDS}
KIND_OF_SPAN_LABEL = {kind.span_label: kind.name for kind in KINDS}
#: relationship type name -> its :class:`RelationshipType`
RELATIONSHIP = {relationship.name: relationship for relationship in RELATIONSHIPS}


def concept_kinds() -> tuple[str, ...]:
    """The kinds that are concept nodes of the graph, in table order.

    >>> concept_kinds()
    ('method', 'benchmark', 'metric', 'repo', 'topic')
    """
    return tuple(kind.name for kind in KINDS if kind.in_graph)


def node_labels() -> dict[str, str]:
    """Concept kind -> its Neo4j label (every concept is also ``:Concept``).

    >>> node_labels()["repo"], len(node_labels())
    ('Repository', 5)
    """
    return {kind.name: kind.node_label for kind in KINDS if kind.in_graph and kind.node_label}


CONCEPT_KINDS = concept_kinds()
NODE_LABELS = node_labels()
#: the graph's edge types, in table order
GRAPH_RELATIONSHIPS = tuple(r.name for r in RELATIONSHIPS if r.in_graph)
#: paper -> concept relationship types (each carries its first mention as evidence)
CONCEPT_RELATIONSHIPS = tuple(
    r.name for r in RELATIONSHIPS if r.source == PAPER_LABEL and r.target == CONCEPT_LABEL
)
#: the relationship types the Neo4j mirror holds, in table order
MIRRORED = tuple(r.name for r in RELATIONSHIPS if r.mirrored)


def concept_edge_type(kind: str, role: str) -> str:
    """The type of the edge from a paper to a concept of ``kind`` it mentions in ``role``.

    >>> concept_edge_type("benchmark", USED), concept_edge_type("topic", PROPOSED)
    ('EVALUATES_ON', 'PROPOSES')
    """
    found = KIND[kind]
    if role == PROPOSED and found.proposable:
        return PROPOSES
    if found.used_by is None:
        raise KeyError(f"{kind!r} mentions are not graph concepts")
    return found.used_by
