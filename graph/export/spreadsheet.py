"""The CSV export: a nodes table and an edges table as Gephi's spreadsheet import
(*Import Spreadsheet* in the Data Laboratory) reads them, safe to open in a spreadsheet.

Nodes: ``Id``, ``Label``, ``kind``, then the other attributes in name order. Edges:
``Source``, ``Target``, ``Type`` (always ``Directed``), ``Kind`` and ``Label`` (both the
relationship, ``USES``...), ``Weight`` (empty when the edge has none), then the other
attributes in name order, the relationship again as ``relationship``. Lists are joined
with ``"; "``, ids are those of :func:`graph.export.flat.export_ids`, and every text cell goes
through :func:`spreadsheet_cell` (OWASP's advice against CSV injection).

>>> import networkx as nx, tempfile, os
>>> from graph.export.flat import flat_graph
>>> G = nx.MultiDiGraph()
>>> G.add_node("p1", kind="paper", title="=HYPERLINK(A1)", cluster=-1)
>>> G.add_node("method:lora", kind="method", name="LoRA")
>>> _ = G.add_edge("p1", "method:lora", key="USES", type="USES", count=1)
>>> directory = tempfile.mkdtemp()
>>> nodes, edges = os.path.join(directory, "nodes.csv"), os.path.join(directory, "edges.csv")
>>> write_tables(flat_graph(G), nodes, edges)
>>> print(open(nodes, encoding="utf-8").read(), end="")
Id,Label,kind,cluster,name,title
method:lora,LoRA,method,,LoRA,
p1,'=HYPERLINK(A1),paper,-1,,'=HYPERLINK(A1)
>>> print(open(edges, encoding="utf-8").read(), end="")
Source,Target,Type,Kind,Label,Weight,count,relationship
p1,method:lora,Directed,USES,USES,,1,USES
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from graph.export.flat import attribute_types

__all__ = ["RELATIONSHIP", "spreadsheet_cell", "write_tables"]

RELATIONSHIP = "relationship"  # the name GEXF and CSV give an edge's ``type``
# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, CSV
# Injection): such a cell gets a "'" in front, and so does one that starts with "'",
# so that a spreadsheet shows every value as it was and no two values meet.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
# Column names Gephi's spreadsheet import gives a meaning (compared ignoring case)
_GEPHI_NODE_COLUMNS = ("Id", "Label")
_GEPHI_EDGE_COLUMNS = ("Source", "Target", "Type", "Kind", "Label", "Weight")
_GEPHI_RESERVED = {
    "node": {"id", "label", "timeset"},
    "edge": {"source", "target", "type", "kind", "id", "label", "weight", "timeset"},
}


def spreadsheet_cell(value: Any) -> Any:
    """``value`` as a CSV cell that no spreadsheet runs as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (the
    characters OWASP's CSV Injection guidance lists), or with ``'``, gets one ``'``
    in front: a spreadsheet shows the text as it was, and any other reader gets the
    value back by removing that one ``'``. Numbers are left alone (``-1`` is a number).

    >>> spreadsheet_cell("=HYPERLINK(A1)"), spreadsheet_cell("'quoted"), spreadsheet_cell(-1)
    ("'=HYPERLINK(A1)", "''quoted", -1)
    >>> spreadsheet_cell("GPT-4"), spreadsheet_cell("")
    ('GPT-4', '')
    """
    if type(value) is str and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _extra_columns(scope: str, names: Iterable[str]) -> dict[str, str]:
    """Each other attribute name and its CSV column name: the name itself, with ``_``
    added while Gephi would read it as one of its own columns."""
    columns = {}
    for name in sorted(names):
        column = name
        while column.lower() in _GEPHI_RESERVED[scope]:
            column += "_"
        columns[name] = column
    return columns


def write_tables(flat: nx.MultiDiGraph, nodes_path: str | Path, edges_path: str | Path) -> None:
    """Write the flat graph (:func:`graph.export.flat.flat_graph`) as the two tables."""
    _, node_names, edge_names = attribute_types(flat)

    def table(path: str | Path, header: list[str], rows: Iterator[list[Any]]) -> None:
        with open(path, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow([spreadsheet_cell(name) for name in header])
            writer.writerows([spreadsheet_cell(value) for value in row] for row in rows)

    extra = _extra_columns("node", [name for name in node_names if name != "label"])
    if "kind" in extra:  # a node's kind comes first after the Gephi columns
        extra = {"kind": extra.pop("kind"), **extra}
    table(
        nodes_path,
        [*_GEPHI_NODE_COLUMNS, *extra.values()],
        (
            [node, data.get("label", ""), *(data.get(name, "") for name in extra)]
            for node, data in flat.nodes(data=True)
        ),
    )
    extra = _extra_columns(
        "edge",
        [RELATIONSHIP if name == "type" else name for name in edge_names if name != "weight"],
    )
    table(
        edges_path,
        [*_GEPHI_EDGE_COLUMNS, *extra.values()],
        (
            [
                source,
                target,
                "Directed",
                data.get("type", ""),
                data.get("type", ""),
                data.get("weight", ""),
                *(data.get("type" if name == RELATIONSHIP else name, "") for name in extra),
            ]
            for source, target, data in flat.edges(data=True)
        ),
    )
