"""Every Cypher statement the mirror sends, in one place, and the ``.cypher`` file reader.

Statements are fixed text: values travel as parameters (``$rows``, ``$ids``) and
labels and relationship types are written out, one statement per label or type,
taken only from :mod:`extractors.schema` (through :mod:`graph.mirror.model`).
:data:`STATEMENTS` lists them all with example parameters, so the linter test can
check each one.

    >>> STATEMENTS["upsert_papers"].parameters
    ('rows',)
    >>> text = "// a\\nRETURN 1;\\n:param x => 'a;b'\\nRETURN $x"
    >>> [(chunk.line, chunk.text) for chunk in split_statements(text)]
    [(2, 'RETURN 1'), (3, ":param x => 'a;b'"), (4, 'RETURN $x')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from extractors.schema import CLUSTER_LABEL, CONCEPT_LABEL, PAPER_LABEL, RELATIONSHIP
from graph.mirror.model import BETWEEN_CONCEPTS, CONCEPT_LABELS, CONCEPT_REL_TYPES, REL_TYPES

__all__ = [
    "CYPHER_DIR",
    "ROW_FIELDS",
    "STATEMENTS",
    "Chunk",
    "Statement",
    "concept_statement",
    "merge_statement",
    "schema_statements",
    "split_statements",
]

#: the Cypher library (``cypher/`` at the project root) as the installed package holds it:
#: ``graph/mirror/cypher`` is a link to it in a checkout and a copy of it in the wheel
CYPHER_DIR = Path(str(resources.files("graph.mirror").joinpath("cypher")))


@dataclass(frozen=True)
class Statement:
    """A statement the mirror sends: its ``name``, ``text``, the ``parameters`` it
    takes, and whether it only reads (routed to a reader in a cluster)."""

    name: str
    text: str
    parameters: tuple[str, ...] = ("rows",)
    read: bool = False


#: the fields of the rows the statements UNWIND (``row.paper``, ``row.props``, ...)
ROW_FIELDS = ("id", "key", "paper", "other", "concept", "cluster", "props", "hash", "keep")

_P, _C, _K = PAPER_LABEL, CONCEPT_LABEL, CLUSTER_LABEL  # the node labels, short
_OURS = "|".join(REL_TYPES)
_EVIDENCE = "|".join(CONCEPT_REL_TYPES)

_FIXED = [
    Statement("read_papers", f"MATCH (p:{_P}) RETURN p.id AS id, p.content_hash AS hash",
              (), read=True),
    Statement("read_concepts", f"MATCH (c:{_C}) RETURN c.key AS id, c.content_hash AS hash",
              (), read=True),
    Statement("read_clusters", f"MATCH (k:{_K}) RETURN k.id AS id, k.content_hash AS hash",
              (), read=True),
    Statement("delete_papers",
              f"UNWIND $ids AS id\nMATCH (p:{_P} {{id: id}})\nDETACH DELETE p", ("ids",)),
    Statement("delete_concepts",
              f"UNWIND $ids AS key\nMATCH (c:{_C} {{key: key}})\nDETACH DELETE c", ("ids",)),
    Statement("delete_clusters",
              f"UNWIND $ids AS id\nMATCH (k:{_K} {{id: id}})\nDETACH DELETE k", ("ids",)),
    Statement("upsert_clusters", f"UNWIND $rows AS row\nMERGE (k:{_K} {{id: row.id}})\n"
              "SET k += row.props, k.content_hash = row.hash"),
    # a paper's hash is cleared while its relationships are re-sent and set last
    # (confirm_papers): a sync cut short leaves it unconfirmed, so the next one re-sends it
    Statement("upsert_papers", f"UNWIND $rows AS row\nMERGE (p:{_P} {{id: row.id}})\n"
              "SET p += row.props, p.content_hash = null"),
    # a concept with a family (VARIANT_OF) is confirmed the same way, after its relationships
    Statement("confirm_concepts", f"UNWIND $rows AS row\nMATCH (c:{_C} {{key: row.key}})\n"
              "SET c.content_hash = row.hash"),
    Statement("confirm_papers", f"UNWIND $rows AS row\nMATCH (p:{_P} {{id: row.id}})\n"
              "SET p.content_hash = row.hash"),
    Statement("remove_stale_relationships",
              "UNWIND $rows AS row\n"
              f"MATCH (p:{_P} {{id: row.id}})-[r:{_OURS}]->(t)\n"
              "WHERE NOT type(r) + '|' + coalesce(t.key, toString(t.id)) IN row.keep\n"
              "DELETE r"),
]  # fmt: skip
#: a re-sent concept loses the concept -> concept relationships the graph no longer has
_STALE_FAMILIES = [
    Statement(
        "remove_stale_concept_relationships",
        "UNWIND $rows AS row\n"
        f"MATCH (s:{_C} {{key: row.key}})-[r:{'|'.join(BETWEEN_CONCEPTS)}]->(t:{_C})\n"
        "WHERE NOT type(r) + '|' + t.key IN row.keep\n"
        "DELETE r",
    )
][: 1 if BETWEEN_CONCEPTS else 0]
_ORPHANS = Statement(
    "delete_orphan_concepts",
    f"MATCH (c:{_C})\nWHERE NOT EXISTS {{ (c)<-[:{_EVIDENCE}]-(:{_P}) }}\nDETACH DELETE c",
    (),
)


def _concept(label: str) -> Statement:
    return Statement(
        f"upsert_{label.lower()}",
        f"UNWIND $rows AS row\nMERGE (c:{label} {{key: row.key}})\nON CREATE SET c:{_C}\n"
        "SET c += row.props, c.content_hash = row.hash",
    )


#: how a relationship's end is matched, by its label: (variable, pattern)
_ENDS = {_C: ("c", f"(c:{_C} {{key: row.concept}})"), _P: ("b", f"(b:{_P} {{id: row.other}})"),
         _K: ("k", f"(k:{_K} {{id: row.cluster}})")}  # fmt: skip


def _merge(kind: str) -> Statement:
    """The merge of relationships of type ``kind`` (rows: ``paper``, or ``key`` for a
    concept's, the end's field, and ``props`` when the type has properties)."""
    relationship = RELATIONSHIP[kind]
    end, pattern = _ENDS[relationship.target]
    start = "p" if relationship.target != _P else "a"
    source = f"({start}:{_P} {{id: row.paper}})"
    if relationship.source == _C:  # a concept's family: VARIANT_OF
        start, source = "s", f"(s:{_C} {{key: row.key}})"
    text = (
        f"UNWIND $rows AS row\nMATCH {source}\nMATCH {pattern}\n"
        f"MERGE ({start})-[{'r' if relationship.properties else ''}:{kind}]->({end})"
    )
    if relationship.properties:
        text += "\nSET r = row.props"
    return Statement(f"merge_{kind.lower()}", text)


#: every statement the mirror can send, by name (schema statements: :func:`schema_statements`)
STATEMENTS: dict[str, Statement] = {
    s.name: s
    for s in [
        *_FIXED,
        *_STALE_FAMILIES,
        *(_merge(kind) for kind in REL_TYPES if kind not in CONCEPT_REL_TYPES),
        _ORPHANS,
        *map(_concept, CONCEPT_LABELS.values()),
        *map(_merge, CONCEPT_REL_TYPES),
    ]
}


def concept_statement(label: str) -> Statement:
    """The upsert for concepts of one label (only labels of the model exist)."""
    return STATEMENTS[f"upsert_{label.lower()}"]


def merge_statement(kind: str) -> Statement:
    """The merge for the relationships of one type the mirror holds.

    >>> print(merge_statement("CITES").text)
    UNWIND $rows AS row
    MATCH (a:Paper {id: row.paper})
    MATCH (b:Paper {id: row.other})
    MERGE (a)-[:CITES]->(b)
    """
    return STATEMENTS[f"merge_{kind.lower()}"]


@dataclass(frozen=True)
class Chunk:
    """One statement of a ``.cypher`` file, or one console command (``:param ...``),
    with the 1-based ``line`` it starts on."""

    line: int
    text: str

    @property
    def is_command(self) -> bool:
        return self.text.startswith(":")


_PARAM = re.compile(r"^:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>")


def param_name(command: str) -> str | None:
    """The parameter a ``:param name => value`` line sets (``None`` for other commands).

    >>> param_name(":param paper => 'arxiv:2106.09685'"), param_name(":clear")
    ('paper', None)
    """
    match = _PARAM.match(command)
    return match.group(1) if match else None


def split_statements(text: str) -> list[Chunk]:
    """The statements of a ``.cypher`` file, split on ``;`` outside strings and comments,
    without their leading comments; a line starting with ``:`` is a console command."""
    chunks: list[Chunk] = []
    start, line, i, n = None, 1, 0, len(text)
    start_line = 1

    def close(end: int) -> None:
        nonlocal start
        if start is not None and text[start:end].strip():
            chunks.append(Chunk(start_line, text[start:end].strip()))
        start = None

    while i < n:
        char = text[i]
        if char == "\n":
            line += 1
        elif char.isspace():
            pass
        elif text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += text.count("\n", i, end)
            i = end
            continue
        elif start is None and char == ":":
            end = text.find("\n", i)
            end = n if end < 0 else end
            chunks.append(Chunk(line, text[i:end].strip().rstrip(";").rstrip()))
            i = end
            continue
        elif char == ";":
            close(i)
        else:
            if start is None:
                start, start_line = i, line
            if char in "'\"`":
                j = i + 1
                while j < n and text[j] != char:
                    j += 2 if text[j] == "\\" and char != "`" else 1
                line += text.count("\n", i, j)
                i = j
        i += 1
    close(n)
    return chunks


def schema_statements(path: str | Path | None = None) -> list[str]:
    """The statements of ``cypher/schema.cypher``, the single source of the schema."""
    path = Path(path) if path is not None else CYPHER_DIR / "schema.cypher"
    return [chunk.text for chunk in split_statements(path.read_text(encoding="utf-8"))]
