"""The shipped Cypher files name only labels and relationship types of extractors.schema,
and cypher/schema.cypher constrains every label the mirror writes (and no other).

The files in ``cypher/`` are static queries for Neo4j Browser, so they cannot import the
schema; these tests hold them to it instead. A query naming a type the mirror does not
hold (``CO_CITED`` lives in the networkx graph only) would find nothing in Neo4j.
"""

from __future__ import annotations

import re

import pytest

from extractors import schema
from graph.mirror import LABELS, REL_TYPES
from graph.mirror.statements import CYPHER_DIR, schema_statements

CYPHER_FILES = sorted(CYPHER_DIR.rglob("*.cypher"))
_COMMENT = re.compile(r"//[^\n]*")
# a label right after a colon: (p:Paper), (c:Concept:Method), WHERE c:Method, SET c:Concept
_LABEL = re.compile(r":([A-Z][a-z][A-Za-z]*)\b")
# a node label given to GDS as a string: gds.graph.project($graph, 'Paper', ...)
_GDS_LABEL = re.compile(r"gds\.graph\.project\(\s*\$?\w+\s*,\s*'(\w+)'")
# relationship types: -[r:A|B*..6]-, type(r) = 'A', a GDS projection {A: {orientation: ...}}
_TYPES = re.compile(r"\[\s*\w*\s*:\s*([A-Z_|: ]+?)\s*[*\]{]")
_TYPE_TEXT = re.compile(r"type\(\w+\)\s*(?:=|<>)\s*'([A-Z_]+)'")
_GDS_TYPE = re.compile(r"\{\s*([A-Z][A-Z_]+)\s*:\s*\{\s*orientation")
_CONSTRAINT = re.compile(r"FOR \((\w+):(\w+)\) REQUIRE \1\.(\w+) IS UNIQUE")


def names_in(text: str) -> tuple[set[str], set[str]]:
    """The labels and relationship types a Cypher text names (comments left out).

    >>> labels, types = names_in("MATCH (p:Paper)-[:USES|PROPOSES]->(c:Concept:Method) // (:No)")
    >>> sorted(labels), sorted(types)
    (['Concept', 'Method', 'Paper'], ['PROPOSES', 'USES'])
    """
    code = _COMMENT.sub("", text)
    labels = set(_LABEL.findall(code)) | set(_GDS_LABEL.findall(code))
    types = {name.strip(" :") for found in _TYPES.findall(code) for name in found.split("|")}
    types |= set(_TYPE_TEXT.findall(code)) | set(_GDS_TYPE.findall(code))
    return labels, types


def test_the_name_finder_finds_what_it_should() -> None:
    text = (
        "MATCH (p:Paper {id: $paper})-[s:SHARES_CONCEPT*..6]-(q:Paper)\n"
        "WHERE type(r) = 'PROPOSES' AND q:Topic\n"
        "CALL gds.graph.project($graph, 'Paper', {CITES: {orientation: 'UNDIRECTED'}})"
    )
    assert names_in(text) == ({"Paper", "Topic"}, {"SHARES_CONCEPT", "PROPOSES", "CITES"})


@pytest.mark.parametrize("path", CYPHER_FILES, ids=lambda p: str(p.relative_to(CYPHER_DIR)))
def test_every_cypher_file_names_only_what_the_mirror_holds(path) -> None:
    labels, types = names_in(path.read_text(encoding="utf-8"))
    assert labels <= set(LABELS), (
        f"{path.name}: labels not in extractors.schema: {labels - set(LABELS)}"
    )
    assert types <= set(REL_TYPES), (
        f"{path.name}: relationship types the mirror does not hold: {types - set(REL_TYPES)}"
    )


def test_the_files_name_every_label_and_type_between_them() -> None:
    """The finder is awake: over all files it meets every label and mirrored type."""
    found = [names_in(path.read_text(encoding="utf-8")) for path in CYPHER_FILES]
    assert set().union(*(labels for labels, _ in found)) == set(LABELS)
    unused = set(REL_TYPES) - set().union(*(types for _, types in found))
    assert unused == {"CITES"}  # no query of the library follows citations yet


@pytest.mark.parametrize("path", CYPHER_FILES, ids=lambda p: str(p.relative_to(CYPHER_DIR)))
def test_a_query_that_lists_the_evidence_types_lists_them_all(path) -> None:
    """A new concept kind's relationship must join every list of evidence types (the
    neighbourhood query once missed ``STUDIES``, so a paper's topics were not shown)."""
    code = _COMMENT.sub("", path.read_text(encoding="utf-8"))
    evidence = set(schema.CONCEPT_RELATIONSHIPS)
    for found in _TYPES.findall(code):
        listed = {name.strip(" :") for name in found.split("|")}
        if len(listed & evidence) >= 3:  # a list of evidence, not a pick of one or two
            assert listed >= evidence, f"{path.name}: add {sorted(evidence - listed)}"


def test_the_mirror_labels_and_types_come_from_the_schema() -> None:
    assert set(LABELS) == {
        schema.PAPER_LABEL,
        schema.CONCEPT_LABEL,
        schema.CLUSTER_LABEL,
        *schema.NODE_LABELS.values(),
    }
    assert REL_TYPES == schema.MIRRORED


def test_schema_cypher_constrains_every_label_of_the_schema_and_no_other() -> None:
    constrained = {}
    for statement in schema_statements():
        match = _CONSTRAINT.search(statement)
        if match:
            constrained[match.group(2)] = match.group(3)
    expected = {label: "key" for label in (schema.CONCEPT_LABEL, *schema.NODE_LABELS.values())}
    expected |= {schema.PAPER_LABEL: "id", schema.CLUSTER_LABEL: "id"}
    missing = sorted(set(expected) - set(constrained))
    assert not missing, (
        "add to cypher/schema.cypher, for each label: CREATE CONSTRAINT <label>_key IF NOT "
        f"EXISTS FOR (c:<Label>) REQUIRE c.key IS UNIQUE; missing: {missing}"
    )
    assert constrained == expected


def test_the_cypher_readme_names_every_label_and_type() -> None:
    readme = (CYPHER_DIR / "README.md").read_text(encoding="utf-8")
    for name in (*LABELS, *REL_TYPES):
        assert re.search(rf":?{name}\b", readme), f"cypher/README.md does not mention {name}"
