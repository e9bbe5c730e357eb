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
import full`` for the ``export-csv`` bundle into a scratch server home. With
``--bundle DIR`` it only imports that bundle (e.g. the 1M one that
``benchmarks/scale_bundle.py`` makes from the 100k bundle), with the options its
README holds.
"""

from __future__ import annotations

import argparse
import os
import re
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


def bundle_options(directory: Path) -> list[str]:
    """The options (array delimiter, id type, ...) of the import command the bundle's
    README.md holds: everything but the file lists, which depend on where it lies."""
    readme = (directory / "README.md").read_text(encoding="utf-8")
    command = readme.split("```console\n", 1)[1].split("```", 1)[0]
    parts = shlex.split(command.replace("\\\n", " "))
    return [p for p in parts if p.startswith("--") and not p.startswith(("--nodes=", "--rel"))]


def import_bundle(directory: Path, scratch: Path) -> tuple[float, int, int]:
    """Run ``neo4j-admin database import full`` on a bundle directory into a scratch
    server home; returns (seconds, nodes, relationships)."""
    files = sorted(directory.glob("*.csv"))
    node_files = [f for f in files if not f.name.startswith("rel_")]
    relationship_files = [f for f in files if f.name.startswith("rel_")]
    command = [
        *("database", "import", "full", "neo4j"),
        *(f"--nodes={f}" for f in node_files),
        *(f"--relationships={f}" for f in relationship_files),
        *bundle_options(directory),
    ]
    env = {**os.environ, "PAPERGRAPH_NEO4J_HOME": str(scratch / "home"),
           "PAPERGRAPH_NEO4J_GDS": "0"}  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(
        [str(LAUNCHER), "admin", *command], env=env, capture_output=True, text=True
    )
    took = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"neo4j-admin import failed:\n{done.stdout[-2000:]}{done.stderr}")

    counts = re.search(r"(\d+) nodes\s+(\d+) relationships", done.stdout)
    nodes, relationships = (int(counts.group(1)), int(counts.group(2))) if counts else (0, 0)
    own = re.search(r"IMPORT DONE in ([^.]+)\.", done.stdout)
    print(f"neo4j-admin's own time: {own.group(1) if own else '?'}")
    return took, nodes, relationships


def measure_import(outdir: Path | None, bundle: Path | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="papergraph-import-") as scratch:
        exported = 0.0
        if bundle is None:
            G = load_graph(outdir)
            started = time.perf_counter()
            bundle = export_admin_csv(G, Path(scratch) / "bundle").directory
            exported = time.perf_counter() - started
        took, nodes, relationships = import_bundle(bundle, Path(scratch))
        print(
            f"export-csv {exported:.1f} s; neo4j-admin database import full {took:.1f} s "
            f"(JVM start included): {nodes} nodes, {relationships} relationships, "
            f"{relationships / took:.0f} relationships/s"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path, nargs="?", help="a papergraph build directory")
    parser.add_argument("--bundle", type=Path, help="import this export-csv bundle (no sync)")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[500, 2000, 10000])
    parser.add_argument("--no-sync", action="store_true", help="only the bulk import")
    parser.add_argument("--no-import", action="store_true", help="only the syncs")
    args = parser.parse_args(argv)
    if args.bundle is not None:
        measure_import(None, args.bundle)
        return
    if not args.no_sync:
        measure_sync(args.outdir, args.batch_sizes)
    if not args.no_import:
        measure_import(args.outdir)


if __name__ == "__main__":
    main()
