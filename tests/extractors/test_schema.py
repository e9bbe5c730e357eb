"""extractors.schema: the tables agree with themselves, and the extractors use them."""

from __future__ import annotations

import ast
import re

import pytest

from extractors import keys, schema, spans
from tests.conftest import PROJECT


def test_names_are_unique_and_spelled_as_their_layer_wants() -> None:
    names = [kind.name for kind in schema.KINDS]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[a-z]+", name) for name in names)  # a key prefix: "method:"
    span_labels = list(schema.SPAN_LABELS.values())
    assert len(set(span_labels)) == len(span_labels)
    assert all(label == label.upper() for label in span_labels)
    node_labels = [
        *schema.NODE_LABELS.values(),
        schema.PAPER_LABEL,
        schema.CONCEPT_LABEL,
        schema.CLUSTER_LABEL,
    ]
    assert len(set(node_labels)) == len(node_labels)
    assert all(re.fullmatch(r"[A-Z][a-z]+", label) for label in node_labels)
    types = [relationship.name for relationship in schema.RELATIONSHIPS]
    assert len(set(types)) == len(types)
    assert all(re.fullmatch(r"[A-Z]+(_[A-Z]+)*", name) for name in types)


def test_every_graph_kind_has_a_label_and_a_declared_relationship() -> None:
    labels = {schema.PAPER_LABEL, schema.CONCEPT_LABEL, schema.CLUSTER_LABEL}
    for kind in schema.KINDS:
        assert kind.meaning and kind.plural
        if not kind.in_graph:
            assert kind.node_label is None and not kind.proposable
            continue
        assert kind.node_label, kind
        relationship = schema.RELATIONSHIP[kind.used_by]
        assert (relationship.source, relationship.target) == (
            schema.PAPER_LABEL,
            schema.CONCEPT_LABEL,
        )
        for role in schema.ROLES:
            assert schema.concept_edge_type(kind.name, role) in schema.CONCEPT_RELATIONSHIPS
    for relationship in schema.RELATIONSHIPS:
        assert relationship.meaning
        assert relationship.source in labels and relationship.target in labels, relationship


def test_what_depends_on_a_kind_follows_from_its_row() -> None:
    assert schema.concept_edge_type("repo", schema.PROPOSED) == "HAS_CODE"  # no PROPOSES
    assert schema.concept_edge_type("topic", schema.USED) == "STUDIES"
    with pytest.raises(KeyError):
        schema.concept_edge_type("link", schema.USED)
    assert schema.CONCEPT_KINDS == ("method", "benchmark", "metric", "repo", "topic")
    assert schema.MIRRORED == (
        "PROPOSES",
        "USES",
        "EVALUATES_ON",
        "MEASURES_WITH",
        "HAS_CODE",
        "STUDIES",
        "SHARES_CONCEPT",
        "CITES",
        "VARIANT_OF",
        "IN_CLUSTER",
    )
    assert schema.GRAPH_RELATIONSHIPS == (
        "PROPOSES",
        "USES",
        "EVALUATES_ON",
        "MEASURES_WITH",
        "HAS_CODE",
        "STUDIES",
        "SHARES_CONCEPT",
        "BUILDS_ON",
        "CITES",
        "CO_CITED",
        "SHARES_REFERENCES",
        "VARIANT_OF",
    )


def test_the_extractors_take_their_labels_and_kinds_from_the_schema() -> None:
    assert spans.LABELS == schema.SPAN_LABELS
    assert {label: kind for kind, label in schema.SPAN_LABELS.items()} == spans.KIND_OF_LABEL
    assert tuple(kind.name for kind in schema.KINDS) == keys.KINDS


def test_the_schema_is_first_stage_and_imports_nothing_of_papergraph() -> None:
    tree = ast.parse((PROJECT / "extractors" / "schema.py").read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "dataclasses"}


def test_the_tables_are_frozen() -> None:
    with pytest.raises(AttributeError):
        schema.KIND["method"].node_label = "Model"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        schema.RELATIONSHIP["CITES"].mirrored = False  # type: ignore[misc]


def _code_strings(tree: ast.AST) -> list[str]:
    """The string constants of a module that are no docstring."""
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


def test_only_the_schema_spells_a_relationship_type_in_code() -> None:
    """Code names a type through extractors.schema; prose (docstrings, help) may say it."""
    names = "|".join(relationship.name for relationship in schema.RELATIONSHIPS)
    types = re.compile(rf"\b({names})\b")
    spelled = set()
    paths = [
        path
        for folder in ("extractors", "graph", "benchmarks", "scripts")
        for path in (PROJECT / folder).rglob("*.py")
    ]
    for path in paths:
        where = path.relative_to(PROJECT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(map(types.search, _code_strings(tree))):
            spelled.add(where)
    assert spelled == {"extractors/schema.py"}
