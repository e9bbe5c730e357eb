"""Neo4j Browser, the client users paste cypher/ into, against the local server:
headless Chromium (Debian's ``chromium``, driven by ``playwright-core`` from npm,
tests/graph/mirror/neo4j_browser.mjs) opens http://127.0.0.1:7474/browser/, connects, runs
cypher/bridges.cypher (its ``:param`` line, then its query) on the seed build and the rows it shows
are the rows the driver gets. A screenshot goes into the test's temporary folder.

Needs a server (tests/graph/mirror/neo4j_support.py) serving Neo4j Browser (``make neo4j-up``
puts it on the class path), ``chromium``, ``node`` and ``npm ci``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest

from graph.mirror import split_statements, sync
from graph.mirror.statements import CYPHER_DIR
from graph.store.graphfile import load_graph
from tests.conftest import PROJECT
from tests.graph.mirror.neo4j_support import clear, credentials, server_fixture, unavailable

pytestmark = pytest.mark.neo4j
SCRIPT = PROJECT / "tests" / "graph" / "mirror" / "neo4j_browser.mjs"


@pytest.fixture(scope="module")
def server():
    yield from server_fixture()


def test_bridges_in_neo4j_browser(server, seed_outdir, tmp_path) -> None:
    driver, database = server
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        unavailable("no chromium to drive Neo4j Browser with (apt-get install chromium)")
    if not shutil.which("node") or not (PROJECT / "node_modules" / "playwright-core").is_dir():
        unavailable("no node or no node_modules/playwright-core (npm ci)")
    uri, username, password, _ = credentials()
    page = os.environ.get("NEO4J_BROWSER_URL", "http://127.0.0.1:7474/browser/")
    clear(driver, database)  # the seed build: the 62 example papers have no bridge
    sync(load_graph(seed_outdir), driver, database=database)

    path = CYPHER_DIR / "bridges.cypher"
    chunks = split_statements(path.read_text(encoding="utf-8"))
    statements = tmp_path / "statements.json"
    statements.write_text(json.dumps([chunk.text for chunk in chunks]))
    screenshot = tmp_path / "neo4j-browser-bridges.png"
    bolt = f"neo4j://{urlsplit(uri).netloc}"
    run = subprocess.run(
        [
            "node",
            str(SCRIPT),
            chromium,
            page,
            bolt,
            username,
            password,
            str(statements),
            str(screenshot),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=PROJECT,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    shown = json.loads(run.stdout)
    assert screenshot.stat().st_size > 10_000
    assert shown["headers"][1:] == ["paper", "title", "score", "joins", "cluster_labels"]
    query = next(chunk.text for chunk in chunks if not chunk.is_command)
    limit = next(int(c.text.split("=>")[1]) for c in chunks if c.text.startswith(":param limit"))
    records = driver.execute_query(query, {"limit": limit}, database_=database).records
    assert records, "the seed graph has bridges"
    assert [json.loads(row[1]) for row in shown["rows"]] == [r["paper"] for r in records]
    print(
        f"\nNeo4j Browser showed {len(shown['rows'])} rows of bridges.cypher; screenshot "
        f"{screenshot}"
    )
