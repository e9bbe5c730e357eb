"""Every kind, label and relationship type of extractors.schema reaches every layer.

:func:`small_graph` builds a graph holding every concept kind and every relationship
type the schema states (built from the schema's tables, so a kind or type added there
is in it too); :func:`walk_every_layer` writes it through every export (GraphML, GEXF,
node-link JSON, the CSV tables, the neo4j-admin bundle) and the mirror (its records,
statements and dry-run plan) and says which kinds, labels and types each one holds.
The last test adds a kind and a relationship type to a copy of the schema, and
nothing else, and runs the same walk in a fresh interpreter.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx

from tests.conftest import PROJECT

_LABEL = re.compile(r"\(\w*:(\w+)|SET \w+:(\w+)")
_TYPES = re.compile(r"\[\w*:([\w|]+)\]")


def small_graph() -> tuple[nx.MultiDiGraph, list[str]]:
    """Four papers and one concept of each kind, linked in every way the schema knows;
    also the types no rule of the builder made (added here as their rule would)."""
    from extractors import schema
    from graph.building.builder import build_graph
    from graph.paper import Paper

    papers = [
        Paper(id="pa", title="Zorblax", date="2024-01-01"),
        Paper(id="pb", title="Using Zorblax", date="2024-06-01", references=["pa"]),
        Paper(id="pc", title="Both", date="2024-07-01", references=["pa", "pb"]),
        Paper(id="pd", title="Again", date="2024-08-01", references=["pa"]),
    ]

    def mention(kind: str, role: str) -> dict[str, Any]:
        text = f"Zorb{kind}quux"  # a name no background abstract holds: specific
        return {
            "kind": kind,
            "text": text,
            "key": f"{kind}:{text.lower()}",
            "role": role,
            "field": "title",
            "start": 0,
            "end": 0,
        }

    proposer = [mention(kind.name, schema.PROPOSED) for kind in schema.KINDS]
    user = [mention(kind.name, schema.USED) for kind in schema.KINDS]
    # a variant of the method (VARIANT_OF, graph.building.identity)
    method = next(m for m in user if m["kind"] == "method")
    variant = {**method, "text": "Zorbmethodquux-7B", "key": "method:zorbmethodquux7b"}
    mentions = {"pa": proposer, "pb": user, "pc": user[:1], "pd": [variant]}
    G = build_graph(papers, mentions, top_k=None)
    made = {kind for *_, kind in G.edges(keys=True)}
    added = []
    for relationship in schema.RELATIONSHIPS:
        if relationship.in_graph and relationship.name not in made:
            added.append(relationship.name)  # paper -> paper: what its rule would add
            G.add_edge(
                "pa", "pd", key=relationship.name, type=relationship.name, weight=1.0, shared=["pa"]
            )
    concepts = [n for n, kind in G.nodes(data="kind") if kind in schema.CONCEPT_KINDS]
    G.graph["clusters"] = [
        {
            "id": 0,
            "size": 4,
            "label": "zorb",
            "modularity": 0.1,
            "concepts": {G.nodes[c]["kind"]: [c] for c in concepts},
        }
    ]
    for paper in ("pa", "pb", "pc", "pd"):
        G.nodes[paper].update(cluster=0, cluster_label="zorb")
    return G, added


def _cypher_names(text: str) -> tuple[set[str], set[str]]:
    labels = {a or b for a, b in _LABEL.findall(text)}
    types = {kind for found in _TYPES.findall(text) for kind in found.split("|")}
    return labels, types


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def walk_every_layer(G: nx.MultiDiGraph, directory: Path) -> dict[str, list[str]]:
    """Which node kinds, labels and relationship types each layer holds, sorted."""
    from extractors import spans
    from graph.export.formats import export
    from graph.mirror import STATEMENTS, describe_plan, export_admin_csv, plan
    from graph.mirror.model import concept_records, paper_records

    seen: dict[str, set[str]] = {}
    seen["span labels"] = set(spans.LABELS.values())
    seen["graph kinds"] = {kind for _, kind in G.nodes(data="kind")}
    seen["graph types"] = {data["type"] for *_, data in G.edges(data=True)}
    export(G, directory, ["graphml", "gexf", "json", "csv"])
    graphml = nx.read_graphml(directory / "papergraph.graphml")
    seen["graphml kinds"] = {kind for _, kind in graphml.nodes(data="kind")}
    seen["graphml types"] = {data["type"] for *_, data in graphml.edges(data=True)}
    root = ET.parse(directory / "papergraph.gexf").getroot()
    nodes = root.find("{*}graph/{*}attributes[@class='node']")
    kind_id = next(a.get("id") for a in nodes if a.get("title") == "kind")
    seen["gexf kinds"] = {
        v.get("value") for v in root.iterfind(".//{*}node//{*}attvalue") if v.get("for") == kind_id
    }
    seen["gexf types"] = {edge.get("kind") for edge in root.iterfind(".//{*}edge")}
    data = json.loads((directory / "papergraph.json").read_text(encoding="utf-8"))
    seen["json kinds"] = {node["kind"] for node in data["nodes"]}
    seen["json types"] = {edge["type"] for edge in data["edges"]}
    seen["csv kinds"] = {row["kind"] for row in _read_csv(directory / "nodes.csv")}
    seen["csv types"] = {row["Kind"] for row in _read_csv(directory / "edges.csv")}

    bundle = export_admin_csv(G, directory / "bundle")
    seen["bundle labels"] = {
        label
        for name in bundle.node_files
        for row in _read_csv(bundle.directory / name)
        for label in row[":LABEL"].split(bundle.array_delimiter)
    }
    seen["bundle types"] = set()
    for name in bundle.relationship_files:
        rows = _read_csv(bundle.directory / name)
        assert rows, f"{name} is empty"
        kinds = {row[":TYPE"] for row in rows}
        assert [f"rel_{kind.lower()}.csv" for kind in kinds] == [name]
        seen["bundle types"] |= kinds
    records = [*paper_records(G), *concept_records(G)]
    seen["record types"] = {
        kind for p in records for kind, rows in p["relationships"].items() if rows
    }
    seen["statement labels"], seen["statement types"] = set(), set()
    for statement in STATEMENTS.values():
        labels, types = _cypher_names(statement.text)
        seen["statement labels"] |= labels
        seen["statement types"] |= types
    seen["dry-run labels"], seen["dry-run types"] = _cypher_names(describe_plan(plan(G), 100))
    return {layer: sorted(names) for layer, names in seen.items()}


def expected_layers() -> dict[str, list[str]]:
    """What :func:`walk_every_layer` must find, from the schema alone."""
    from extractors import schema

    kinds = sorted([*schema.CONCEPT_KINDS, schema.PAPER])
    types = sorted(schema.GRAPH_RELATIONSHIPS)
    labels = sorted(
        [
            schema.PAPER_LABEL,
            schema.CONCEPT_LABEL,
            schema.CLUSTER_LABEL,
            *schema.NODE_LABELS.values(),
        ]
    )
    mirrored = sorted(schema.MIRRORED)
    found = {
        "span labels": sorted(schema.SPAN_LABELS.values()),
        "graph kinds": kinds,
        "graph types": types,
    }
    for export in ("graphml", "gexf", "json", "csv"):
        found |= {f"{export} kinds": kinds, f"{export} types": types}
    found |= {"bundle labels": labels, "bundle types": mirrored, "record types": mirrored}
    for mirror in ("statement", "dry-run"):
        found |= {f"{mirror} labels": labels, f"{mirror} types": mirrored}
    return found


def test_every_kind_label_and_type_reaches_every_export_and_the_mirror(tmp_path) -> None:
    G, added = small_graph()
    assert added == [], "the builder makes every relationship type of the graph"
    assert walk_every_layer(G, tmp_path) == expected_layers()


def test_types_the_mirror_does_not_hold_are_in_no_statement() -> None:
    from extractors import schema
    from graph.mirror import STATEMENTS

    others = set(schema.GRAPH_RELATIONSHIPS) - set(schema.MIRRORED)
    assert others == {"BUILDS_ON", "CO_CITED", "SHARES_REFERENCES"}
    for statement in STATEMENTS.values():
        assert not others & _cypher_names(statement.text)[1], statement.name


# a kind and a relationship type a newcomer adds: one row each, in extractors/schema.py
NEW_KIND = (
    '    ConceptKind("dataset", "DATASET", "Dataset", "TRAINS_ON", True, True, "datasets",\n'
    '                "data a model is trained on"),\n'
)
NEW_TYPE = (
    '    RelationshipType("SAME_AUTHORS", PAPER_LABEL, PAPER_LABEL, "the papers share an '
    'author", properties=LINK_PROPERTIES),\n'
)
_WALK = """
import importlib.util, json, sys
from pathlib import Path
spec = importlib.util.spec_from_file_location("extractors.schema", sys.argv[1])
schema = importlib.util.module_from_spec(spec)
sys.modules["extractors.schema"] = schema
spec.loader.exec_module(schema)
from tests.graph.test_schema_everywhere import expected_layers, small_graph, walk_every_layer
G, added = small_graph()
print(json.dumps({"added": added, "expected": expected_layers(),
                  "found": walk_every_layer(G, Path(sys.argv[2]))}))
"""


def test_a_kind_and_a_type_added_to_the_schema_alone_reach_every_layer(tmp_path) -> None:
    source = (PROJECT / "extractors" / "schema.py").read_text(encoding="utf-8")
    for table, row in (("\nKINDS = (\n", NEW_KIND), ("\nRELATIONSHIPS = (\n", NEW_TYPE)):
        assert source.count(table) == 1, f"extractors/schema.py has no table {table.strip()}"
        source = source.replace(table, table + row)
    patched = tmp_path / "schema.py"
    patched.write_text(source, encoding="utf-8")
    (tmp_path / "out").mkdir()
    run = subprocess.run(
        [sys.executable, "-c", _WALK, str(patched), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.splitlines()[-1])
    assert result["added"] == ["SAME_AUTHORS"]  # its rule is the newcomer's to write
    assert result["found"] == result["expected"]
    found = result["found"]
    assert "dataset" in found["gexf kinds"] and "DATASET" in found["span labels"]
    assert {"TRAINS_ON", "SAME_AUTHORS"} <= set(found["bundle types"]) & set(found["dry-run types"])
    assert "Dataset" in found["bundle labels"] and "Dataset" in found["statement labels"]


def test_ingest_keeps_every_kind_out_of_paper_ids() -> None:
    """The sources run before the extractors, so they cannot import the schema: their
    list of id prefixes a paper may not take is held to it here."""
    from extractors import schema
    from graph.sources.records import CONCEPT_NAMESPACES

    assert {kind.name for kind in schema.KINDS} == CONCEPT_NAMESPACES
