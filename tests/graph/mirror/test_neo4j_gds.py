"""cypher/gds/ run in order on the server, over the seed build: GDS Louvain's
communities against papergraph's clusters (normalised mutual information) and GDS
betweenness against papergraph's bridge scores (overlap of the top 20). The figures
are printed and written into cypher/README.md by hand.

Needs a server with the Graph Data Science plugin (``make neo4j-up`` installs it).
"""

from __future__ import annotations

import igraph
import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.mirror import split_statements, sync
from graph.mirror.statements import CYPHER_DIR
from graph.store.graphfile import load_graph
from tests.conftest import SHARED
from tests.graph.mirror.neo4j_support import clear, has_gds, server_fixture, unavailable

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def server():
    yield from server_fixture()


def _run_file(driver, database, path, parameters=None):
    """Every statement of a .cypher file, with the values of its :param lines."""
    chunks = split_statements(path.read_text(encoding="utf-8"))
    values = dict(parameters or {})
    results = []
    for chunk in chunks:
        if chunk.is_command:
            name, expression = chunk.text[len(":param") :].split("=>", 1)
            if name.strip() not in values:
                value = driver.execute_query(f"RETURN {expression} AS v", database_=database)
                values[name.strip()] = value.records[0]["v"]
        else:
            results.append(driver.execute_query(chunk.text, values, database_=database))
    return results


def test_gds_scripts_in_order_agree_with_papergraph(server, tmp_path) -> None:
    driver, database = server
    if not has_gds(driver, database):
        unavailable("the server has no Graph Data Science library")
    pages = sorted((SHARED / "seeds").glob("*.txt"))
    if not pages:
        pytest.skip(f"no seed pages in {SHARED / 'seeds'}")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", *map(str, pages), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    G = load_graph(out)
    clear(driver, database)
    sync(G, driver, database=database)
    scripts = sorted((CYPHER_DIR / "gds").glob("*.cypher"))
    assert [p.name[0] for p in scripts] == ["1", "2", "3", "4", "5"]
    _run_file(driver, database, scripts[-1])  # a projection left over by an earlier run
    outputs = {p.name: _run_file(driver, database, p) for p in scripts}
    [projected] = outputs["1_project.cypher"][0].records
    papers = sum(1 for _, kind in G.nodes(data="kind") if kind == "paper")
    assert projected["nodeCount"] == papers
    [louvain] = outputs["2_louvain.cypher"][0].records
    assert louvain["nodePropertiesWritten"] == papers
    top = outputs["4_results.cypher"][0].records
    assert len(top) == 20 and all(r["betweenness"] is not None for r in top)

    rows = driver.execute_query(
        "MATCH (p:Paper) RETURN p.id AS id, p.cluster AS cluster, p.gds_community AS community, "
        "p.gds_betweenness AS betweenness, coalesce(p.bridge_score, 0.0) AS bridge",
        database_=database,
    ).records
    linked = [r for r in rows if r["cluster"] is not None and r["cluster"] >= 0]
    nmi = igraph.compare_communities(
        [r["cluster"] for r in linked], [r["community"] for r in linked], method="nmi"
    )
    by_betweenness = {
        r["id"] for r in sorted(rows, key=lambda r: (-r["betweenness"], r["id"]))[:20]
    }
    by_bridge = {r["id"] for r in sorted(rows, key=lambda r: (-r["bridge"], r["id"]))[:20]}
    overlap = len(by_betweenness & by_bridge)
    print(
        f"\nGDS on the seed build ({papers} papers, {len(linked)} in clusters): Louvain "
        f"{louvain['communityCount']} communities (modularity {louvain['modularity']:.3f}) "
        f"against papergraph's {len({r['cluster'] for r in linked})} clusters: NMI {nmi:.3f}; "
        f"top-20 GDS betweenness vs top-20 bridge score: {overlap} of 20 in common"
    )
    assert nmi > 0.3, nmi
    assert overlap >= 3, overlap
    dropped = outputs["5_drop.cypher"][0].records
    assert [r["graphName"] for r in dropped] == ["papergraph"]
