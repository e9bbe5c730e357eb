"""Exports: GraphML that networkx and igraph read back intact, GEXF, JSON, CSV, PNG; repeatable."""

from __future__ import annotations

import csv
import filecmp
import io
import json
import math
import re

import igraph
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.export.formats import (
    export,
    flat_graph,
    write_csv,
    write_gexf,
    write_graphml,
    write_node_link,
    xml_safe,
)
from graph.store.graphfile import load_graph

HOSTILE = {
    "control": "bell\x07 nul\x00 escape\x1b vertical-tab\x0b form-feed\x0c",
    "markup": """<b>&amp; "quoted" 'single' & <unclosed ]]> --> <!--""",
    "emoji": "🧪 LLMs 🤖 with ZWJ 👩‍🔬 and flags 🇫🇷",
    "rtl": "مقارنة النماذج \u202eoverride\u202c עברית",
    "long": "x" * 100_000 + " end",
    "whitespace": "  leading and trailing \t tabs\nand newlines\r\n  ",
}


HOSTILE_ID = "paper<&>\x01"
EXPORTED_ID = "paper<&>\\u0001"  # the control character escaped, not dropped (export_ids)


def hostile_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node(
        HOSTILE_ID,
        kind="paper",
        title=HOSTILE["markup"],
        abstract=HOSTILE["long"],
        organization=HOSTILE["rtl"],
        date_text=HOSTILE["control"],
        upvotes=7,
        year=None,
        sources=[HOSTILE["emoji"], "b.txt:2"],
        cluster=0,
        cluster_label=HOSTILE["whitespace"],
        bridge_score=0.25,
        bridge_clusters=[0, 1],
        flagged=True,
        nan_value=math.nan,
    )
    G.add_node(
        "method:x",
        kind="method",
        name=HOSTILE["emoji"],
        aliases=["a", "b"],
        df=1,
        idf=1.5,
        flagged=False,
    )
    G.add_node("paper2", kind="paper", title="plain", upvotes=2.5)  # int here, float there
    G.add_edge(
        HOSTILE_ID,
        "method:x",
        key="USES",
        type="USES",
        count=1,
        sentence=HOSTILE["control"] + HOSTILE["markup"],
        start=0,
        end=3,
    )
    G.add_edge(
        HOSTILE_ID,
        "paper2",
        key="SHARES_CONCEPT",
        type="SHARES_CONCEPT",
        weight=2.0,
        shared=["method:x"],
    )
    G.add_edge(HOSTILE_ID, "paper2", key="CITES", type="CITES")
    return G


def expected_nodes() -> dict[str, dict]:
    return {node: dict(data) for node, data in flat_graph(hostile_graph()).nodes(data=True)}


def test_flat_graph_rules() -> None:
    nodes = expected_nodes()
    paper = nodes[EXPORTED_ID]
    assert paper["date_text"] == "bell nul escape vertical-tab form-feed"
    assert paper["sources"] == HOSTILE["emoji"] + "; b.txt:2"
    assert paper["bridge_clusters"] == "0; 1"
    assert "year" not in paper and "nan_value" not in paper  # missing, not "None" or NaN
    assert paper["upvotes"] == 7.0 and nodes["paper2"]["upvotes"] == 2.5  # one type: float
    assert paper["flagged"] is True and paper["label"] == HOSTILE["markup"]
    assert nodes["method:x"]["label"] == HOSTILE["emoji"]


def test_graphml_reads_back_intact_in_networkx(tmp_path) -> None:
    path = tmp_path / "g.graphml"
    write_graphml(hostile_graph(), path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert {n: dict(d) for n, d in back.nodes(data=True)} == expected_nodes()
    edges = {d["type"]: d for _, _, d in back.edges(data=True)}
    assert edges["USES"]["sentence"] == xml_safe(HOSTILE["control"] + HOSTILE["markup"])
    assert (
        edges["SHARES_CONCEPT"]["weight"] == 2.0 and edges["SHARES_CONCEPT"]["shared"] == "method:x"
    )
    assert set(edges) == {"USES", "SHARES_CONCEPT", "CITES"}


def test_graphml_reads_back_intact_in_igraph(tmp_path) -> None:
    path = tmp_path / "g.graphml"
    write_graphml(hostile_graph(), path)
    g = igraph.Graph.Read_GraphML(str(path))
    expected = expected_nodes()
    # igraph's reader hands back "&" inside an XML attribute (the node id) as "&#38;";
    # data values come back intact
    ids = [vertex_id.replace("&#38;", "&") for vertex_id in g.vs["id"]]
    assert sorted(ids) == sorted(expected)
    for vertex, vertex_id in zip(g.vs, ids, strict=True):
        want = expected[vertex_id]
        for name, value in want.items():
            assert vertex[name] == value, name
    assert sorted(g.es["type"]) == ["CITES", "SHARES_CONCEPT", "USES"]


def test_graphml_declares_one_type_per_name_and_lowercase_booleans(tmp_path) -> None:
    path = tmp_path / "g.graphml"
    write_graphml(hostile_graph(), path)
    text = path.read_text(encoding="utf-8")
    keys = re.findall(r'<key id="[^"]+" for="(\w+)" attr.name="([^"]+)" attr.type="(\w+)"', text)
    types: dict[str, set[str]] = {}
    for _, name, kind in keys:
        types.setdefault(name, set()).add(kind)
    assert all(len(kinds) == 1 for kinds in types.values()), types
    assert types["flagged"] == {"boolean"} and types["upvotes"] == {"double"}
    assert ">true<" in text and ">false<" in text and ">True<" not in text
    assert "NaN" not in text and ">None<" not in text
    edge_ids = re.findall(r'<edge [^>]*id="([^"]+)"', text)
    assert len(edge_ids) == len(set(edge_ids)) == 3


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.lists(st.text(max_size=10), max_size=3))
def test_any_string_survives_graphml(text, items) -> None:
    G = nx.MultiDiGraph()
    G.add_node("n", kind="paper", title=text, sources=items)
    buffer = io.BytesIO()
    write_graphml(G, buffer)
    back = nx.read_graphml(io.BytesIO(buffer.getvalue()))
    # XML normalises line ends to \n; everything else is kept except XML-illegal characters
    want = xml_safe(text.replace("\r\n", "\n").replace("\r", "\n"))
    assert back.nodes["n"].get("title", "") == want


def test_gexf_json_and_csv(tmp_path) -> None:
    G = hostile_graph()
    write_gexf(G, tmp_path / "g.gexf")
    back = nx.read_gexf(tmp_path / "g.gexf")
    assert back.nodes[EXPORTED_ID]["label"] == HOSTILE["markup"]
    assert "lastmodifieddate" not in (tmp_path / "g.gexf").read_text(encoding="utf-8")
    write_node_link(G.subgraph(["method:x"]).copy(), tmp_path / "g.json")
    assert json.loads((tmp_path / "g.json").read_text())["nodes"][0]["aliases"] == ["a", "b"]
    write_csv(G, tmp_path / "nodes.csv", tmp_path / "edges.csv")
    with open(tmp_path / "nodes.csv", encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with open(tmp_path / "edges.csv", encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert len(nodes) == 3 and len(edges) == 3
    assert {row["Id"]: row["abstract"] for row in nodes}[EXPORTED_ID] == HOSTILE["long"]
    assert list(nodes[0])[:3] == ["Id", "Label", "kind"]
    assert list(edges[0])[:6] == ["Source", "Target", "Type", "Kind", "Label", "Weight"]


def test_seed_graphml_carries_clusters_and_bridges(seed_outdir) -> None:
    back = nx.read_graphml(seed_outdir / "papergraph.graphml", force_multigraph=True)
    papers = [d for _, d in back.nodes(data=True) if d["kind"] == "paper"]
    assert len(papers) == 320
    assert all(isinstance(d["cluster"], int) and "bridge_score" in d for d in papers)
    assert any(d["cluster_label"] for d in papers) and any(d["bridge_score"] > 0 for d in papers)
    g = igraph.Graph.Read_GraphML(str(seed_outdir / "papergraph.graphml"))
    assert g.vcount() == back.number_of_nodes() and g.ecount() == back.number_of_edges()


def test_exports_are_byte_identical_for_the_same_graph(seed_outdir, tmp_path) -> None:
    G = load_graph(seed_outdir)
    written = export(G, tmp_path, ["graphml", "gexf", "json", "csv", "png"])
    for path in written:
        assert filecmp.cmp(path, seed_outdir / path.name, shallow=False), path.name


def test_unknown_format_is_an_error(tmp_path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'svg'"):
        export(nx.MultiDiGraph(), tmp_path, ["svg"])


@pytest.mark.parametrize(
    "label", ["$\\undefinedmacro$", "price $5 and $6", "lone \ud800", "bell\x07"]
)
def test_overview_draws_any_label_as_text(tmp_path, label) -> None:
    """A "$" in a cluster label is text (matplotlib's TeX parser raised on unknown
    macros), and characters no font has are left out (a lone surrogate raised)."""
    from graph.export.overview import draw_overview

    G = nx.MultiDiGraph()
    for a, b in [("a", "b"), ("b", "c")]:
        G.add_edge(a, b, key="SHARES_CONCEPT", type="SHARES_CONCEPT", weight=1.0, shared=[])
    for paper in "abc":
        G.nodes[paper].update(kind="paper", cluster=0, cluster_label=label)
    draw_overview(G, tmp_path / "overview.png", title=label)
    assert (tmp_path / "overview.png").read_bytes()[:4] == b"\x89PNG"
