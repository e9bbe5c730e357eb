"""Each query of cypher/, run on the server over the synced seed build with the values
of its ``:param`` lines, answers what the Python API answers on the same graph.

Needs a server (tests/graph/mirror/neo4j_support.py; ``make neo4j-up``).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph.analysis.questions import method_benchmark_table, related
from graph.cli import cli
from graph.mirror import split_statements, sync
from graph.mirror.statements import CYPHER_DIR
from graph.store.graphfile import load_graph
from tests.conftest import SHARED
from tests.graph.mirror.neo4j_support import clear, server_fixture

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def server():
    yield from server_fixture()


@pytest.fixture(scope="module")
def synced(server, tmp_path_factory):
    """(driver, database, G): the seed build, synced."""
    driver, database = server
    pages = sorted((SHARED / "seeds").glob("*.txt"))
    if not pages:
        pytest.skip(f"no seed pages in {SHARED / 'seeds'}")
    out = tmp_path_factory.mktemp("answers") / "out"
    result = CliRunner().invoke(cli, ["build", *map(str, pages), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    G = load_graph(out)
    clear(driver, database)
    sync(G, driver, database=database)
    return driver, database, G


def run_file(synced, name: str, **values):
    """The records of the file's statement, with its :param values unless given."""
    driver, database, _ = synced
    parameters, records = {}, None
    for chunk in split_statements((CYPHER_DIR / name).read_text(encoding="utf-8")):
        if chunk.is_command:
            key, expression = chunk.text[len(":param") :].split("=>", 1)
            value = driver.execute_query(f"RETURN {expression} AS v", database_=database)
            parameters[key.strip()] = value.records[0]["v"]
        else:
            parameters.update(values)
            records = driver.execute_query(chunk.text, parameters, database_=database).records
    return records, parameters


def test_clusters(synced) -> None:
    G = synced[2]
    records, parameters = run_file(synced, "clusters.cypher")
    clusters = sorted(
        (c for c in G.graph["clusters"] if c["size"] >= parameters["min_size"]),
        key=lambda c: (-c["size"], c["id"]),
    )
    assert [(r["cluster"], r["papers"], r["label"]) for r in records] == [
        (c["id"], c["size"], c["label"]) for c in clusters
    ]
    isolated = sum(1 for _, c in G.nodes(data="cluster") if c == -1)
    assert {r["isolated_papers"] for r in records} == {isolated}


def test_bridges_in_the_order_of_the_python_api(synced) -> None:
    G = synced[2]
    records, parameters = run_file(synced, "bridges.cypher")
    bridges = sorted(
        (
            (n, d["bridge_score"])
            for n, d in G.nodes(data=True)
            if d.get("kind") == "paper" and (d.get("bridge_score") or 0) > 0
        ),
        key=lambda b: (-round(b[1], 3), b[0]),
    )[: parameters["limit"]]
    assert [r["paper"] for r in records] == [paper for paper, _ in bridges]
    assert records


@pytest.mark.parametrize("rank", [0, 5, 40])
def test_related_papers(synced, rank) -> None:
    G = synced[2]
    linked = sorted({a for a, _, k in G.edges(keys=True) if k == "SHARES_CONCEPT"})
    paper = linked[rank]
    records, parameters = run_file(synced, "related_papers.cypher", paper=paper)
    expected = related(G, paper, top=parameters["limit"])
    assert [(r["paper"], r["weight"]) for r in records] == [
        (near.paper, round(near.weight, 3)) for near in expected
    ]
    assert [r["shared_concepts"] for r in records] == [
        [G.nodes[key]["name"] if key in G else key for key in near.shared]  # terms: no node
        for near in expected
    ]


def test_strongest_connection_is_a_chain_of_fewest_hops(synced) -> None:
    """cypher/strongest_connection.cypher takes the fewest hops, then the strongest
    weakest link; ``papergraph connection`` (Dijkstra over 1/weight) may take more
    hops for stronger links. Both join the same two papers; the hop count is the
    projection's unweighted distance."""
    import networkx as nx

    from graph.analysis.clusters import paper_projection

    G = synced[2]
    P = paper_projection(G)
    component = max(nx.connected_components(P.to_undirected()), key=len)
    source, target = sorted(component)[0], sorted(component)[-1]
    records, _ = run_file(synced, "strongest_connection.cypher", **{"from": source, "to": target})
    [row] = records
    assert row["hops"] == nx.shortest_path_length(P, source, target)
    assert row["via"][0] == G.nodes[source]["title"] and row["via"][-1] == G.nodes[target]["title"]


def test_method_benchmark_matrix(synced) -> None:
    G = synced[2]
    records, parameters = run_file(synced, "method_benchmark_matrix.cypher", limit=100_000)
    expected = method_benchmark_table(G, min_papers=parameters["min_papers"])
    name = lambda key: G.nodes[key]["name"]  # noqa: E731
    assert sorted((r["method"], r["benchmark"], r["papers"]) for r in records) == sorted(
        (name(row.method), name(row.benchmark), len(row.papers)) for row in expected
    )
    assert records


def test_concept_timeline(synced) -> None:
    G = synced[2]
    key = max(
        (n for n, k in G.nodes(data="kind") if k == "method"), key=lambda n: (G.nodes[n]["df"], n)
    )
    records, _ = run_file(synced, "concept_timeline.cypher", concept=key)
    papers = {p for p in G.predecessors(key) if G.nodes[p].get("kind") == "paper"}
    by_year: dict = {}
    for paper in papers:
        year = G.nodes[paper].get("year")
        by_year[year] = by_year.get(year, 0) + 1
    assert {r["year"]: r["papers"] for r in records} == by_year
    proposing = {a for a, _, k in G.in_edges(key, keys=True) if k == "PROPOSES"}
    assert sum(r["proposing"] for r in records) == len(proposing)


def test_full_text_search(synced) -> None:
    G = synced[2]
    records, parameters = run_file(synced, "search.cypher", query="language AND model")
    assert records
    for record in records:
        data = G.nodes[record["paper"]]
        text = f"{data.get('title') or ''} {data.get('abstract') or ''}".casefold()
        assert "language" in text and "model" in text, record["paper"]
    assert len(records) <= parameters["limit"]
