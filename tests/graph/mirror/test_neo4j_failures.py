"""``papergraph neo4j sync`` against what is not a usable server: one sentence, exit 1.

A port that is not Neo4j (an HTTP server made here) needs no Neo4j; the wrong
password and a database that does not exist need one (tests/graph/mirror/neo4j_support.py).
"""

from __future__ import annotations

import http.server
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from tests.conftest import EXAMPLES
from tests.graph.mirror.neo4j_support import credentials

PAPERGRAPH = str(Path(sys.executable).with_name("papergraph"))


@pytest.fixture(scope="module")
def outdir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("failures") / "out"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLES), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def _sync(outdir: Path, *args: str, password: str = "a-password") -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "NEO4J_PASSWORD": password}
    return subprocess.run(
        [PAPERGRAPH, "neo4j", "sync", str(outdir), "-q", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _one_sentence(result: subprocess.CompletedProcess, says: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: ") and says in line, line
    assert "Traceback" not in result.stderr


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_a_port_that_is_not_neo4j(outdir) -> None:
    with socketserver.TCPServer(("127.0.0.1", 0), _Quiet) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        result = _sync(outdir, "--uri", f"bolt://127.0.0.1:{port}")
        server.shutdown()
    _one_sentence(result, f"cannot reach a Neo4j server at bolt://127.0.0.1:{port}")


def test_no_server_running(outdir) -> None:
    _one_sentence(_sync(outdir, "--uri", "neo4j://127.0.0.1:1"), "is it running")


@pytest.mark.neo4j
def test_wrong_password(outdir) -> None:
    uri, username, password, _ = credentials()
    result = _sync(outdir, "--uri", uri, "--username", username, password=password + "-wrong")
    _one_sentence(result, f"rejected user {username!r} with the password given")
    assert password not in result.stderr


@pytest.mark.neo4j
def test_a_database_that_does_not_exist(outdir) -> None:
    uri, username, password, _ = credentials()
    result = _sync(
        outdir, "--uri", uri, "--username", username, "--database", "nosuchdb", password=password
    )
    _one_sentence(result, "database 'nosuchdb' does not exist")
