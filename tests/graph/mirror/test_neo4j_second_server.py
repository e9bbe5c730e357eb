"""A second local server (scripts/neo4j/neo4j-local.sh, its own home and ports, no
Graph Data Science): the ``export-csv`` bundle imported with the real
``neo4j-admin database import full`` equals the synced graph; the GDS scripts on a
server without GDS say so; a server killed mid-sync gives one sentence, exit 1, and
the next sync repairs the mirror.

Needs Java 17+ and the launcher's jars (Maven, or its cache), and the main server
(NEO4J_URI ...) to compare the import with a sync.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.mirror import connect, explain, split_statements, sync
from graph.mirror.statements import CYPHER_DIR
from graph.store.graphfile import load_graph
from tests.conftest import SHARED
from tests.graph.mirror.neo4j_support import (
    clear,
    expected,
    launcher,
    mirrored,
    server_fixture,
    unavailable,
)

pytestmark = pytest.mark.neo4j
PAPERGRAPH = str(Path(sys.executable).with_name("papergraph"))
BOLT, HTTP = 17687, 17474
PASSWORD = "papergraph-second"


@pytest.fixture(scope="module")
def server():
    yield from server_fixture()


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    pages = sorted((SHARED / "seeds").glob("*.txt"))
    if not pages:
        pytest.skip(f"no seed pages in {SHARED / 'seeds'}")
    out = tmp_path_factory.mktemp("second") / "out"
    result = CliRunner().invoke(cli, ["build", *map(str, pages), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def second(tmp_path_factory, build):
    """The bundle of ``build`` imported into a fresh home, then that server started
    (without GDS); yields (env of the launcher, driver); stops it at the end."""
    home = tmp_path_factory.mktemp("second-home") / "server"
    env = {"PAPERGRAPH_NEO4J_HOME": str(home), "PAPERGRAPH_NEO4J_BOLT_PORT": str(BOLT),
           "PAPERGRAPH_NEO4J_HTTP_PORT": str(HTTP), "NEO4J_PASSWORD": PASSWORD,
           "PAPERGRAPH_NEO4J_GDS": "0", "PAPERGRAPH_NEO4J_HEAP": "512m",
           "PAPERGRAPH_NEO4J_PAGECACHE": "128m"}  # fmt: skip
    bundle = build / "neo4j-import"
    exported = CliRunner().invoke(cli, ["neo4j", "export-csv", str(build), "-o", str(bundle)])
    assert exported.exit_code == 0, exported.output
    command = shlex.split(exported.stdout.strip().replace("\\\n", " "))
    assert command[:4] == ["neo4j-admin", "database", "import", "full"], command
    started = time.perf_counter()
    imported = launcher("admin", *command[1:], env=env)
    took = time.perf_counter() - started
    if imported.returncode and "java is not installed" in imported.stderr:
        unavailable(imported.stderr.strip())
    assert imported.returncode == 0, imported.stdout[-3000:] + imported.stderr[-3000:]
    up = launcher("up", env=env)
    assert up.returncode == 0, up.stderr
    try:
        driver = connect(f"bolt://127.0.0.1:{BOLT}", "neo4j", PASSWORD)
        print(f"\nneo4j-admin import of the seed bundle: {took:.1f} s")
        yield env, driver
        driver.close()
    finally:
        down = launcher("down", env=env)
        assert down.returncode == 0, down.stderr


def _properties(driver, database=None) -> dict:
    records = driver.execute_query(
        "MATCH (n) WHERE n:Paper OR n:Concept OR n:Cluster "
        "RETURN labels(n) AS labels, properties(n) AS props",
        database_=database,
    ).records
    nodes = {}
    for record in records:
        props = dict(record["props"])
        nodes[(tuple(sorted(record["labels"])), props.get("id", props.get("key")))] = props
    rels = driver.execute_query(
        "MATCH (a:Paper)-[r]->(b) RETURN a.id AS a, type(r) AS t, coalesce(b.key, b.id) AS b, "
        "properties(r) AS props",
        database_=database,
    ).records
    relationships = {(r["a"], r["t"], r["b"]): dict(r["props"]) for r in rels}
    return {"nodes": nodes, "relationships": relationships}


def test_imported_bundle_equals_the_synced_graph(server, second, build) -> None:
    driver, database = server
    _, imported = second
    G = load_graph(build)
    clear(driver, database)
    sync(G, driver, database=database)
    assert mirrored(imported, None) == expected(G)
    assert _properties(imported) == _properties(driver, database)
    # the import carries the sync's content hashes: a sync afterwards sends no paper
    after = sync(G, imported)
    assert after.papers_sent == 0 and after.concepts_sent == 0 and after.clusters_sent == 0
    assert mirrored(imported, None) == expected(G)


def test_gds_scripts_on_a_server_without_gds_say_so(second) -> None:
    _, imported = second
    [first, *_] = sorted((CYPHER_DIR / "gds").glob("*.cypher"))
    statement = next(c.text for c in split_statements(first.read_text()) if not c.is_command)
    with pytest.raises(Exception) as caught:
        imported.execute_query(statement, {"graph": "papergraph"})
    message = str(explain(caught.value, f"bolt://127.0.0.1:{BOLT}", "neo4j"))
    assert "has no Graph Data Science plugin" in message, message


def test_server_killed_mid_sync(second, build) -> None:
    """SIGKILL the server while a sync runs: the sync says so in one sentence, exit 1;
    with the server back, the next sync makes the mirror whole."""
    env, imported = second
    home = Path(env["PAPERGRAPH_NEO4J_HOME"])
    G = load_graph(build)
    clear(imported, None)
    process = subprocess.Popen(
        [
            PAPERGRAPH,
            "neo4j",
            "sync",
            str(build),
            "-q",
            "--batch-size",
            "5",
            "--uri",
            f"bolt://127.0.0.1:{BOLT}",
        ],
        env={**os.environ, "NEO4J_PASSWORD": PASSWORD, "NEO4J_USERNAME": "neo4j"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        count = imported.execute_query("MATCH (p:Paper) RETURN count(p) AS n").records[0]["n"]
        if count:
            break
        time.sleep(0.05)
    pid = int((home / "run" / "neo4j.pid").read_text())
    os.kill(pid, signal.SIGKILL)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 1, err
    [line] = [line for line in err.splitlines() if line.startswith("Error: ")]
    assert "lost the Neo4j server at" in line and "Traceback" not in err, err
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline + 60:
        time.sleep(0.1)  # until the kernel has let the server go
    up = launcher("up", env=env)
    assert up.returncode == 0, up.stderr
    assert "already running" not in up.stderr, up.stderr
    driver = connect(f"bolt://127.0.0.1:{BOLT}", "neo4j", PASSWORD)
    try:
        sync(G, driver)
        assert mirrored(driver, None) == expected(G)
        assert not sync(G, driver).changed
    finally:
        driver.close()
    print(f"\nserver killed mid-sync: {line}")


def test_launcher_refuses_a_taken_port(second) -> None:
    env, _ = second
    taken = launcher("up", env={**env, "PAPERGRAPH_NEO4J_HOME": env["PAPERGRAPH_NEO4J_HOME"] + "x"})
    assert taken.returncode == 1
    assert f"port {BOLT} on 127.0.0.1 is taken" in taken.stderr
