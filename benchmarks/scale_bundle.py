"""A bigger ``neo4j-admin`` bundle from a real one: N disjoint copies side by side.

Building a real 1M-paper graph takes over an hour, so the import benchmark scales
the 100k bundle ten times instead: every CSV of an ``export-csv`` bundle is written
N times, with every node id suffixed by its copy (``pg-0001`` -> ``pg-0001~3``) and
cluster numbers offset by copy, so the result is N fields of the original's size and
degree distribution that share nothing. A measurement aid, not part of papergraph::

    papergraph neo4j export-csv /tmp/out-100k -o /tmp/bundle-100k
    python benchmarks/scale_bundle.py /tmp/bundle-100k /tmp/bundle-1m --copies 10
    python benchmarks/neo4j_sync.py --bundle /tmp/bundle-1m

Strings are quoted and numbers are not, as ``export-csv`` writes them (the header's
types say which is which), so the copies read exactly as the original does.

>>> scaled_row(["pg-1", "Paper", "7", ""], ["id:ID(Paper)", ":LABEL", "cluster:long", "doi"], 2)
'"pg-1~2","Paper",200007,'
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

#: cluster numbers of copy ``c`` start at ``c * CLUSTER_OFFSET``
CLUSTER_OFFSET = 100_000
_NUMERIC = (":long", ":double", ":int", ":float", ":boolean")


def _scaled_cell(value: str, column: str, copy: int) -> str:
    """One cell of copy ``copy``, in the bundle's quoting."""
    if value == "":
        return ""  # a missing value stays missing
    is_cluster = "(Cluster)" in column or column in ("id:long", "cluster:long")
    if is_cluster and value.lstrip("-").isdigit():
        value = str(int(value) + copy * CLUSTER_OFFSET)
        return value if column.endswith(_NUMERIC) else f'"{value}"'
    if column.removesuffix("[]").endswith(_NUMERIC):
        return value
    if ":ID(" in column or ":START_ID(" in column or ":END_ID(" in column:
        value = f"{value}~{copy}"
    return '"' + value.replace('"', '""') + '"'


def scaled_row(row: list[str], header: list[str], copy: int) -> str:
    """A CSV line of copy ``copy`` of ``row`` (without its line end)."""
    cells = zip(row, header, strict=True)
    return ",".join(_scaled_cell(value, column, copy) for value, column in cells)


def scale_file(source: Path, target: Path, copies: int) -> int:
    """Write ``copies`` copies of one bundle CSV; returns the data rows written."""
    written = 0
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    with target.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(header) + "\n")
        for copy in range(copies):
            for row in rows:
                out.write(scaled_row(row, header, copy) + "\n")
                written += 1
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="an export-csv bundle directory")
    parser.add_argument("out", type=Path, help="where the scaled bundle goes")
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for source in sorted(args.bundle.glob("*.csv")):
        rows = scale_file(source, args.out / source.name, args.copies)
        print(f"{source.name}: {rows} rows", file=sys.stderr)
    readme = (args.bundle / "README.md").read_text(encoding="utf-8")  # the import command
    (args.out / "README.md").write_text(readme.replace(str(args.bundle), str(args.out)))
    print(f"scaled {args.copies}x in {time.perf_counter() - started:.1f} s -> {args.out}")


if __name__ == "__main__":
    main()
