"""What the tests against a real Neo4j share: the server fixture, the local launcher,
and the mirrored graph read back as sets to compare with a NetworkX graph.

A server comes from NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD (``make neo4j-up``
starts one from Maven Central; ``.ci/run`` does so in CI). With
PAPERGRAPH_REQUIRE_NEO4J=1 (set by ``.ci/run``) a test that would be skipped for
want of a server, of Graph Data Science or of Chromium fails instead.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import networkx as nx
import pytest

from graph.mirror import connect, schema_statements
from graph.mirror.model import BETWEEN_CONCEPTS, CONCEPT_LABELS, CONCEPT_REL_TYPES, REL_TYPES

PROJECT = Path(__file__).resolve().parents[3]
LAUNCHER = PROJECT / "scripts" / "neo4j" / "neo4j-local.sh"
ENV = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD")
LOOPBACK = {"localhost", "127.0.0.1", "::1"}
LABELS = ("Paper", "Concept", *CONCEPT_LABELS.values(), "Cluster")


def unavailable(reason: str) -> None:
    """Skip the test, or fail it when PAPERGRAPH_REQUIRE_NEO4J=1 (CI)."""
    if os.environ.get("PAPERGRAPH_REQUIRE_NEO4J") == "1":
        pytest.fail(f"PAPERGRAPH_REQUIRE_NEO4J=1 and {reason}")
    pytest.skip(reason)


def credentials() -> tuple[str, str, str, str | None]:
    """(uri, username, password, database) of the server to test against."""
    missing = [name for name in ENV if not os.environ.get(name)]
    if missing:
        unavailable(
            f"no Neo4j server to test against: set {', '.join(missing)} (make neo4j-up prints them)"
        )
    uri = os.environ["NEO4J_URI"]
    host = urlsplit(uri).hostname or ""
    if host not in LOOPBACK and os.environ.get("PAPERGRAPH_TEST_REMOTE_NEO4J") != "1":
        pytest.skip(f"refusing {uri}: not this machine (set PAPERGRAPH_TEST_REMOTE_NEO4J=1)")
    return (
        uri,
        os.environ["NEO4J_USERNAME"],
        os.environ["NEO4J_PASSWORD"],
        os.environ.get("NEO4J_DATABASE") or None,
    )


def clear(driver: Any, database: str | None) -> None:
    """Delete every node the mirror owns (only ever run on a database that had none)."""
    for label in ("Paper", "Concept", "Cluster"):
        driver.execute_query(f"MATCH (n:{label}) DETACH DELETE n", database_=database)


def server_fixture():
    """A module-scoped (driver, database) on a database without papergraph's labels;
    at the end it deletes what the tests created, constraints and indexes too."""
    uri, username, password, database = credentials()
    driver = connect(uri, username, password, database=database)
    ours = driver.execute_query(
        "MATCH (n) WHERE n:Paper OR n:Concept OR n:Cluster RETURN count(n) AS n", database_=database
    ).records[0]["n"]
    if ours:
        driver.close()
        unavailable(
            f"the database already holds {ours} :Paper/:Concept/:Cluster nodes; "
            "these tests only run on a database without them"
        )
    before = {
        r["name"]
        for r in driver.execute_query("SHOW INDEXES YIELD name", database_=database).records
    }
    yield driver, database
    clear(driver, database)
    for statement in schema_statements():
        name = re.match(r"CREATE (?:FULLTEXT )?(CONSTRAINT|INDEX) (\w+)", statement)
        if name and name.group(2) not in before:
            driver.execute_query(
                f"DROP {name.group(1)} {name.group(2)} IF EXISTS", database_=database
            )
    driver.close()


def has_gds(driver: Any, database: str | None) -> bool:
    found = driver.execute_query(
        "SHOW PROCEDURES YIELD name WHERE name = 'gds.graph.project' RETURN count(*) AS n",
        database_=database,
    ).records[0]["n"]
    return bool(found)


Mirrored = tuple[dict[str, set], dict[str, set]]


def mirrored(driver: Any, database: str | None) -> Mirrored:
    """The mirror's nodes (label -> keys) and relationships (type -> (start, end))."""
    nodes = {}
    for label in LABELS:
        key = "key" if label in ("Concept", *CONCEPT_LABELS.values()) else "id"
        records = driver.execute_query(
            f"MATCH (n:{label}) RETURN n.{key} AS k", database_=database
        ).records
        nodes[label] = {r["k"] for r in records}
    relationships = {}
    for kind in REL_TYPES:
        records = driver.execute_query(
            f"MATCH (a)-[:{kind}]->(b) WHERE a:Paper OR a:Concept "
            "RETURN coalesce(a.key, a.id) AS a, coalesce(b.key, b.id) AS b",
            database_=database,
        ).records
        pairs = [(r["a"], r["b"]) for r in records]
        relationships[kind] = set(pairs)
        assert len(pairs) == len(set(pairs)), f"duplicate {kind} relationships in the mirror"
    return nodes, relationships


def expected(G: nx.MultiDiGraph) -> Mirrored:
    """What :func:`mirrored` should read after a sync of ``G``, from the graph alone."""
    kinds = dict(G.nodes(data="kind"))
    nodes: dict[str, set] = {label: set() for label in LABELS}
    for node, kind in kinds.items():
        if kind == "paper":
            nodes["Paper"].add(node)
        elif kind in CONCEPT_LABELS:
            nodes["Concept"].add(node)
            nodes[CONCEPT_LABELS[kind]].add(node)
    relationships: dict[str, set] = {kind: set() for kind in REL_TYPES}
    for a, b, key in G.edges(keys=True):
        if key in BETWEEN_CONCEPTS and {kinds.get(a), kinds.get(b)} <= set(CONCEPT_LABELS):
            relationships[key].add((a, b))  # a concept's family (VARIANT_OF)
        if kinds.get(a) != "paper":
            continue
        to_concept = key in CONCEPT_REL_TYPES and kinds.get(b) in CONCEPT_LABELS
        if to_concept or (key in ("SHARES_CONCEPT", "CITES") and kinds.get(b) == "paper"):
            relationships[key].add((a, b))
    for node, cluster in G.nodes(data="cluster"):
        if kinds.get(node) == "paper" and cluster is not None and cluster >= 0:
            nodes["Cluster"].add(int(cluster))
            relationships["IN_CLUSTER"].add((node, int(cluster)))
    for item in G.graph.get("clusters") or []:
        number = item["id"] if isinstance(item, dict) else item.id
        if number is not None and number >= 0:
            nodes["Cluster"].add(int(number))
    return nodes, relationships


def launcher(*args: str, env: dict[str, str] | None = None, timeout: float = 600):
    """Run scripts/neo4j/neo4j-local.sh; needs Java 17+ and Maven (or its jar cache)."""
    if not os.access(LAUNCHER, os.X_OK):
        unavailable(f"{LAUNCHER} is missing")
    return subprocess.run(
        [str(LAUNCHER), *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
