"""Against a real Neo4j server: sync, re-sync, re-extraction, and every cypher/ query.

Runs only when NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD are set (NEO4J_DATABASE
optional): ``make neo4j-up`` starts Neo4j 5.26 from Maven Central and prints them
(or ``docker run -p 7687:7687 -e NEO4J_AUTH=neo4j/password neo4j:5``).
It refuses a server that is not on this machine unless PAPERGRAPH_TEST_REMOTE_NEO4J=1,
and a database that already holds papergraph's labels (so it only ever touches
what it created); at the end it deletes what it created.
"""

from __future__ import annotations

import time

import pytest

from graph.analysis.annotate import annotate
from graph.analysis.bridges import bridges
from graph.analysis.clusters import clusters
from graph.building.builder import build_graph
from graph.mirror import split_statements, sync
from graph.mirror.model import CONCEPT_LABELS, REL_TYPES
from graph.mirror.statements import CYPHER_DIR, param_name
from graph.sources.ingest import ingest
from tests.conftest import EXAMPLES
from tests.graph.mirror.neo4j_support import has_gds, server_fixture, unavailable

pytestmark = pytest.mark.neo4j
ENV = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD")
LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def _graph(papers, nlp):
    import extractors

    records = {r["id"]: r["mentions"] for r in extractors.extract(papers, nlp=nlp)}
    G = build_graph(papers, records)
    clustering = clusters(G, seed=0)
    found = annotate(G, clustering, bridges(G, clustering=clustering, seed=0)).graph["clusters"]
    kept = ("id", "size", "label", "modularity", "concepts")
    G.graph["clusters"] = [{key: cluster[key] for key in kept} for cluster in found]
    return G


@pytest.fixture(scope="module")
def server():
    yield from server_fixture()


@pytest.fixture(scope="module")
def papers():
    return ingest([str(EXAMPLES)]).papers


def counts(driver, database) -> tuple[dict, dict]:
    labels = {
        label: driver.execute_query(
            f"MATCH (n:{label}) RETURN count(n) AS n", database_=database
        ).records[0]["n"]
        for label in ("Paper", "Concept", *CONCEPT_LABELS.values(), "Cluster")
    }
    types = {
        kind: driver.execute_query(
            f"MATCH ()-[r:{kind}]->() RETURN count(r) AS n", database_=database
        ).records[0]["n"]
        for kind in REL_TYPES
    }
    return labels, types


def expected_counts(G) -> tuple[dict, dict]:
    kinds = [k for _, k in G.nodes(data="kind")]
    labels = {"Paper": kinds.count("paper"), "Concept": len(kinds) - kinds.count("paper"),
              **{label: kinds.count(kind) for kind, label in CONCEPT_LABELS.items()},
              "Cluster": len(G.graph["clusters"])}  # fmt: skip
    keys = [key for _, _, key in G.edges(keys=True)]
    types = {kind: keys.count(kind) for kind in REL_TYPES}
    types["IN_CLUSTER"] = sum(1 for _, c in G.nodes(data="cluster") if c is not None and c >= 0)
    return labels, types


def test_sync_resync_and_reextraction(server, papers, nlp, capsys) -> None:
    driver, database = server
    G = _graph(papers, nlp)
    started = time.perf_counter()
    first = sync(G, driver, database=database, batch_size=200)
    took = time.perf_counter() - started
    assert counts(driver, database) == expected_counts(G)
    second = sync(G, driver, database=database)
    assert not second.changed, second.counters
    assert second.papers_sent == 0
    # re-extraction after an abstract changed: only that paper's relationships change
    changed = next(p for p in papers if "LoRA" in p.abstract or "GPT" in p.abstract)
    edited = list(papers)
    edited[edited.index(changed)] = type(changed).from_dict(
        {**changed.to_dict(), "abstract": "A short abstract that names nothing at all."}
    )
    H = _graph(edited, nlp)
    third = sync(H, driver, database=database)
    assert counts(driver, database) == expected_counts(H)
    kept = driver.execute_query(
        "MATCH (p:Paper {id: $id})-[r]->(c:Concept) RETURN type(r) AS type, c.key AS key",
        {"id": changed.id},
        database_=database,
    ).records
    assert {(r["type"], r["key"]) for r in kept} == {
        (key, target)
        for _, target, key in H.out_edges(changed.id, keys=True)
        if H.nodes[target]["kind"] != "paper"
    }
    orphans = driver.execute_query(
        "MATCH (c:Concept) WHERE NOT EXISTS { (c)<--(:Paper) } RETURN count(c) AS n",
        database_=database,
    ).records[0]["n"]
    assert orphans == 0
    with capsys.disabled():
        print(
            f"\nfirst sync: {first}\nrows/s: {first.rows / took:.0f}\nsecond sync: {second}"
            f"\nafter one changed abstract: {third}"
        )


def query_files():
    return sorted(p for p in CYPHER_DIR.rglob("*.cypher") if p.name != "schema.cypher")


@pytest.mark.parametrize("path", query_files(), ids=lambda p: str(p.relative_to(CYPHER_DIR)))
def test_every_cypher_query_runs(server, papers, nlp, path) -> None:
    driver, database = server
    G = _graph(papers, nlp)
    sync(G, driver, database=database)
    if "gds" in path.parts and not has_gds(driver, database):
        unavailable("the server has no Graph Data Science library")
    linked = sorted(a for a, _, k in G.edges(keys=True) if k == "SHARES_CONCEPT")
    values = {"paper": linked[0], "from": linked[0], "to": linked[-1],
              "concept": max((n for n, k in G.nodes(data="kind") if k == "method"),
                             key=lambda n: G.nodes[n]["df"])}  # fmt: skip
    parameters = {}
    chunks = split_statements(path.read_text(encoding="utf-8"))
    for chunk in chunks:
        name = param_name(chunk.text) if chunk.is_command else None
        if name:
            expression = chunk.text.split("=>", 1)[1]  # our own file's literal
            value = driver.execute_query(f"RETURN {expression} AS v", database_=database)
            parameters[name] = values.get(name, value.records[0]["v"])
    for chunk in chunks:
        if not chunk.is_command:
            records = driver.execute_query(chunk.text, parameters, database_=database).records
            if path.name == "bridges.cypher":
                top = [b.paper for b in bridges(G, top=5, seed=0)]
                assert [r["paper"] for r in records][:5] == top
            if path.name in ("clusters.cypher", "related_papers.cypher"):
                assert records, path.name
