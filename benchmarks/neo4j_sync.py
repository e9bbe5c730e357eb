"""Neo4j throughput on a built benchmark graph: sync by batch size, and bulk import.

A measurement, not a test. Needs a local server to sync into (``make neo4j-up``;
NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD) whose database holds nothing of
papergraph's (each sync starts from an empty mirror and the mirror is deleted at the
end), and the launcher's jars for the import (scripts/neo4j/neo4j-local.sh). Build the
graph first, e.g. for 10k synthetic papers::

    python benchmarks/corpus.py 10000 -o /tmp/corpus-10k --seed 0
    papergraph build /tmp/corpus-10k/pages -o /tmp/out-10k --processes 2
    python benchmarks/neo4j_sync.py /tmp/out-10k --batch-sizes 500 2000 10000

It prints one line per batch size (relationships created per second of the whole
sync, schema and hash reading included) and the time of ``neo4j-admin database
import full`` for the ``export-csv`` bundle into a scratch server home.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from graph.mirror import connect, export_admin_csv, sync  # noqa: E402
from graph.store.graphfile import load_graph  # noqa: E402

LAUNCHER = PROJECT / "scripts" / "neo4j" / "neo4j-local.sh"


def clear(driver, database: str | None) -> None:
    """Delete the mirror in batches (one transaction for 100k papers would not fit)."""
    with driver.session(database=database) as session:  # auto-commit, as IN TRANSACTIONS needs
        for label in ("Paper", "Concept", "Cluster"):
            session.run(
                f"MATCH (n:{label}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 5000 ROWS"
            ).consume()


def measure_sync(outdir: Path, batch_sizes: list[int]) -> None:
    G = load_graph(outdir)
    database = os.environ.get("NEO4J_DATABASE") or None
    driver = connect(
        os.environ["NEO4J_URI"],
        os.environ.get("NEO4J_USERNAME", "neo4j"),
        os.environ["NEO4J_PASSWORD"],
        database=database,
    )
    with driver:
        held = driver.execute_query("MATCH (p:Paper) RETURN count(p) AS n", database_=database)
        if held.records[0]["n"]:
            raise SystemExit("the database already holds :Paper nodes: use an empty one")
        papers = sum(1 for _, kind in G.nodes(data="kind") if kind == "paper")
        print(
            f"{outdir}: {papers} papers, {G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
        )
        for size in batch_sizes:
            clear(driver, database)
            summary = sync(G, driver, database=database, batch_size=size)
            created = summary.counters["relationships_created"]
            again = sync(G, driver, database=database)
            print(
                f"batch {size:>6}: {summary.seconds:7.1f} s, {created} relationships, "
                f"{created / summary.seconds:8.0f} relationships/s, {summary.rows} rows, "
                f"{summary.batches} batches; resync {again.seconds:.1f} s "
                f"(changed: {again.changed})",
                flush=True,
            )
        clear(driver, database)


def measure_import(outdir: Path) -> None:
    G = load_graph(outdir)
    with tempfile.TemporaryDirectory(prefix="papergraph-import-") as scratch:
        started = time.perf_counter()
        bundle = export_admin_csv(G, Path(scratch) / "bundle")
        exported = time.perf_counter() - started
        command = shlex.split(bundle.command.replace("\\\n", " "))
        env = {**os.environ, "PAPERGRAPH_NEO4J_HOME": str(Path(scratch) / "home"),
               "PAPERGRAPH_NEO4J_GDS": "0"}  # fmt: skip
        started = time.perf_counter()
        done = subprocess.run(
            [str(LAUNCHER), "admin", *command[1:]], env=env, capture_output=True, text=True
        )
        took = time.perf_counter() - started
        if done.returncode:
            raise SystemExit(f"neo4j-admin import failed:\n{done.stdout[-2000:]}{done.stderr}")
        nodes = sum(bundle.rows[name] for name in bundle.node_files)
        relationships = sum(bundle.rows[name] for name in bundle.relationship_files)
        print(
            f"export-csv {exported:.1f} s; neo4j-admin database import full {took:.1f} s "
            f"(JVM start included): {nodes} nodes, {relationships} relationships, "
            f"{relationships / took:.0f} relationships/s"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path, help="a papergraph build directory")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[500, 2000, 10000])
    parser.add_argument("--no-sync", action="store_true", help="only the bulk import")
    parser.add_argument("--no-import", action="store_true", help="only the syncs")
    args = parser.parse_args(argv)
    if not args.no_sync:
        measure_sync(args.outdir, args.batch_sizes)
    if not args.no_import:
        measure_import(args.outdir)


if __name__ == "__main__":
    main()
