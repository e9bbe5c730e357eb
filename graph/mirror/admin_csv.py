"""The bulk path: a ``neo4j-admin database import full`` bundle of CSV files.

One file per node group and per relationship type, each with its typed header
(``id:ID(Paper)``, ``:LABEL``, ``year:long``, ``sources:string[]``,
``:START_ID(Paper)``, ``:END_ID(Concept)``, ``:TYPE``), the schema, and a README
holding the exact import command. Strings are always quoted (so ``""`` is an
empty string and an empty field is a missing value), quotes are doubled, list
elements are joined with an array delimiter that occurs in none of them. The
nodes carry the same content hashes as ``sync`` writes, so a ``papergraph neo4j
sync`` after the import finds nothing to send.

    >>> import networkx as nx, tempfile
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p1", kind="paper", title='Say "hi" now', sources=["a.txt:1", "b.txt:2"])
    >>> bundle = export_admin_csv(G, tempfile.mkdtemp())
    >>> print(open(bundle.directory / "papers.csv").read().splitlines()[1][:59])
    "p1","Paper","Say ""hi"" now",,,,,,,,,,,,,"a.txt:1;b.txt:2"
    >>> bundle.rows["papers.csv"], bundle.rows["rel_uses.csv"]
    (1, 0)
"""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from extractors.schema import CLUSTER_LABEL, CONCEPT_LABEL, PAPER_LABEL, RELATIONSHIP
from graph.mirror.model import (
    CLUSTER_PROPERTIES,
    CONCEPT_PROPERTIES,
    END_FIELDS,
    PAPER_PROPERTIES,
    REL_TYPES,
    cluster_records,
    concept_records,
    paper_records,
)
from graph.mirror.statements import CYPHER_DIR

__all__ = ["ARRAY_DELIMITERS", "Bundle", "export_admin_csv", "import_command"]

#: tried in order; the first that no list element and no label contains is used
ARRAY_DELIMITERS = (";", "|", "¦", "§", "¤")


def _typed(table: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """Header fields for properties: ``name`` for strings, ``name:type`` otherwise."""
    return tuple(name if kind == "string" else f"{name}:{kind}" for name, kind in table)


# the id spaces are named after the labels: a relationship ends in its end's label's space
_PAPER = (f"id:ID({PAPER_LABEL})", ":LABEL", *_typed(PAPER_PROPERTIES), "content_hash")
_CONCEPT = (f"key:ID({CONCEPT_LABEL})", ":LABEL", *_typed(CONCEPT_PROPERTIES), "content_hash")
_CLUSTER = (
    f":ID({CLUSTER_LABEL})",
    "id:long",
    ":LABEL",
    *_typed(CLUSTER_PROPERTIES),
    "content_hash",
)


def _relationship_header(kind: str) -> tuple[str, ...]:
    """``:START_ID(Paper)``, ``:END_ID(<its end's label>)``, ``:TYPE`` and its properties.

    >>> _relationship_header("CITES")
    (':START_ID(Paper)', ':END_ID(Paper)', ':TYPE')
    """
    relationship = RELATIONSHIP[kind]
    return (
        f":START_ID({relationship.source})",
        f":END_ID({relationship.target})",
        ":TYPE",
        *_typed(relationship.properties),
    )


@dataclass
class Bundle:
    """A written bundle: its ``directory``, rows per file, the array delimiter, whether
    fields span lines, and the ``command`` that imports it."""

    directory: Path
    database: str
    rows: dict[str, int] = field(default_factory=dict)
    array_delimiter: str = ";"
    multiline: bool = False
    node_files: list[str] = field(default_factory=list)
    relationship_files: list[str] = field(default_factory=list)

    @property
    def command(self) -> str:
        return import_command(self)


def _field(value: Any, delimiter: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return '"' + delimiter.join(str(item) for item in value).replace('"', '""') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return '"' + str(value).replace('"', '""') + '"'


def _lists(rows: Iterable[list[Any]]) -> Iterable[str]:
    for row in rows:
        for value in row:
            if isinstance(value, list):
                yield from (str(item) for item in value)


def _end_id(value: Any, label: str) -> Any:
    """A relationship's end as its id column holds it (a cluster's number as text)."""
    return str(value) if label == CLUSTER_LABEL else value


def _rows(G: nx.MultiDiGraph) -> dict[str, tuple[tuple[str, ...], list[list[Any]]]]:
    papers: list[list[Any]] = []
    related: dict[str, list[list[Any]]] = {kind: [] for kind in REL_TYPES}
    for p in paper_records(G):
        papers.append([p["id"], [PAPER_LABEL], *p["props"].values(), p["hash"]])
        for kind, rows in related.items():
            target = RELATIONSHIP[kind].target
            end = END_FIELDS[target]
            rows += [
                [r["paper"], _end_id(r[end], target), kind, *r.get("props", {}).values()]
                for r in p["relationships"][kind]
            ]
    concepts = []
    for c in concept_records(G):
        concepts.append([c["key"], [CONCEPT_LABEL, c["label"]], *c["props"].values(), c["hash"]])
        for kind, rows in c["relationships"].items():  # a concept's family (VARIANT_OF)
            related[kind] += [[r["key"], r["concept"], kind] for r in rows]
    clusters = [
        [str(c["id"]), c["id"], [CLUSTER_LABEL], *c["props"].values(), c["hash"]]
        for c in cluster_records(G)
    ]
    files = {"papers.csv": (_PAPER, papers), "concepts.csv": (_CONCEPT, concepts),
             "clusters.csv": (_CLUSTER, clusters)}  # fmt: skip
    for kind, rows in related.items():  # one file per relationship type the mirror holds
        files[f"rel_{kind.lower()}.csv"] = (_relationship_header(kind), rows)
    return files


def export_admin_csv(
    G: nx.MultiDiGraph, directory: str | Path, *, database: str = "neo4j"
) -> Bundle:
    """Write the import bundle for ``G`` into ``directory`` (created; files replaced)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    files = _rows(G)
    elements = set(_lists(row for _, rows in files.values() for row in rows))
    delimiter = next((d for d in ARRAY_DELIMITERS if not any(d in e for e in elements)), None)
    if delimiter is None:
        raise ValueError(f"every array delimiter {ARRAY_DELIMITERS} occurs in some list value")
    bundle = Bundle(directory.resolve(), database, array_delimiter=delimiter)
    for name, (header, rows) in files.items():
        with open(directory / name, "w", encoding="utf-8", newline="") as out:
            out.write(",".join(header) + "\n")
            for row in rows:
                line = ",".join(_field(value, delimiter) for value in row)
                bundle.multiline |= "\n" in line or "\r" in line
                out.write(line + "\n")
        bundle.rows[name] = len(rows)
        group = bundle.relationship_files if name.startswith("rel_") else bundle.node_files
        group.append(name)
    shutil.copyfile(CYPHER_DIR / "schema.cypher", directory / "schema.cypher")
    (directory / "README.md").write_text(_readme(bundle), encoding="utf-8")
    return bundle


def import_command(bundle: Bundle, root: str | Path | None = None) -> str:
    """The ``neo4j-admin database import full`` command for ``bundle``; file paths are
    under ``root`` (default: the bundle's absolute directory)."""
    root = str(root if root is not None else bundle.directory).rstrip("/")
    parts = [f"--nodes={root}/{name}" for name in bundle.node_files]
    parts += [f"--relationships={root}/{name}" for name in bundle.relationship_files]
    parts += [f"--array-delimiter={bundle.array_delimiter}", "--id-type=string"]
    if bundle.multiline:
        parts.append("--multiline-fields=true")
    parts.append("--overwrite-destination=true")
    head = f"neo4j-admin database import full {shlex.quote(bundle.database)}"
    return " \\\n    ".join([head, *(shlex.quote(part) for part in parts)])


def _readme(bundle: Bundle) -> str:
    counts = "\n".join(f"| `{name}` | {rows} |" for name, rows in bundle.rows.items())
    return f"""# papergraph: neo4j-admin import bundle

Made by `papergraph neo4j export-csv`. Each CSV file starts with its header
(`:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`, typed properties such as
`year:long` and `sources:string[]`); list elements are separated by
`{bundle.array_delimiter}`; strings are quoted, an empty field is a missing value.

| file | rows |
| --- | ---: |
{counts}

## Import

Stop the server (or the database), then run (`neo4j-admin` is in the `bin/` folder of
the Neo4j home):

```console
{bundle.command}
```

**`--overwrite-destination=true` replaces the database `{bundle.database}`** (a fresh
server's default database already exists, so the import needs it). On Neo4j Enterprise
a new database name works too (`--database` of `export-csv`); create it after the
import with `CREATE DATABASE name`.

With Docker, mounting this directory at `/import` and the server's data volume:

```console
docker run --rm -v "{bundle.directory}:/import" -v neo4j-data:/data neo4j:5 \\
    {import_command(bundle, "/import")}
```

## Then

Start the server and create the constraints and indexes (the import makes none):

```console
cypher-shell -u neo4j -d {bundle.database} -f schema.cypher
```

or run `papergraph neo4j sync` on the same build directory: it applies the
schema, and since the nodes carry the sync's content hashes it sends nothing else.
Then open Neo4j Browser and paste a query from the project's `cypher/` folder.
"""
