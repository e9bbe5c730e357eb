"""Export the graph for Gephi, Cytoscape, yEd, igraph and spreadsheets.

:func:`graph.flat.flat_graph` makes the copy every flat format needs (lists joined,
one type per attribute, no characters XML forbids, labels, sorted order: see
:mod:`graph.flat`); GEXF and CSV are written from it, and GraphML streams the same
content without making the copy.

>>> import networkx as nx, io
>>> G = nx.MultiDiGraph()
>>> G.add_node("p1", kind="paper", title="A <b>&\\x07 test", sources=["a.txt:1", "b.txt:9"],
...            year=None)
>>> G.add_node("method:lora", kind="method", name="LoRA", aliases=[], df=2, idf=0.5)
>>> _ = G.add_edge("p1", "method:lora", key="USES", type="USES", count=1)
>>> flat = flat_graph(G)
>>> flat.nodes["p1"]
{'kind': 'paper', 'label': 'A <b>& test', 'sources': 'a.txt:1; b.txt:9', 'title': 'A <b>& test'}
>>> buffer = io.BytesIO()
>>> write_graphml(G, buffer)
>>> sorted(nx.read_graphml(io.BytesIO(buffer.getvalue())).nodes["method:lora"].items())
[('aliases', ''), ('df', 2), ('idf', 0.5), ('kind', 'method'), ('label', 'LoRA'), ('name', 'LoRA')]
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

import networkx as nx

from graph.flat import (
    attribute_types,
    coerce_value,
    flat_graph,
    flat_value,
    xml_safe,
)
from graph.memory import gc_paused
from graph.overview import draw_overview
from graph.store import node_link

__all__ = [
    "EXPORT_FORMATS",
    "export",
    "flat_graph",
    "write_csv",
    "write_gexf",
    "write_graphml",
    "write_node_link",
    "xml_safe",
]

_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GRAPHML_HEADER = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
_ATTRIBUTE_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#09;"}


_NEEDS_ENTITIES = re.compile(r'[&<>"\n\r\t]')


def _quote(text: str) -> str:
    """``text`` as a double-quoted XML attribute value."""
    return '"' + (escape(text, _ATTRIBUTE_ENTITIES) if _NEEDS_ENTITIES.search(text) else text) + '"'


def _graphml_value(value: Any, to: type) -> str:
    if type(value) is not to:
        value = coerce_value(value, to)
    if to is str:
        return escape(value) if ("&" in value or "<" in value or ">" in value) else value
    if to is bool:
        return "true" if value else "false"
    return repr(value)


class _DataLines:
    """The ``<data>`` line of each attribute value, as GraphML holds it (flat, of the
    attribute's one type, escaped), remembered for the values that recur: an edge's
    type, a count, an offset, a field name; most of a graph's values are those."""

    MEMO_LIMIT = 1 << 20  # values remembered at most (then the memo starts again)

    def __init__(self, types: dict[str, type], keys: dict[tuple[str, str], str]) -> None:
        self.types = types
        self.opening = {scope_name: f'      <data key="{key}">' for scope_name, key in keys.items()}
        self.memo: dict[tuple[str, str, type, Any], str] = {}
        self.order: dict[tuple[str, tuple[str, ...]], list[str]] = {}

    def names(self, scope: str, data: dict[str, Any], always: str) -> list[str]:
        """The attribute names of ``data`` and ``always``, sorted (once per set of names)."""
        found = tuple(data)
        names = self.order.get((scope, found))
        if names is None:
            names = self.order[scope, found] = sorted({*found, always})
        return names

    def line(self, scope: str, name: str, value: Any) -> str:
        """``<data key=...>value</data>`` and a line end, or "" for a missing value."""
        kind = type(value)
        recurs = kind is int or kind is bool or (kind is str and len(value) <= 80)
        if recurs:
            known = self.memo.get((scope, name, kind, value))
            if known is not None:
                return known
        flat = flat_value(value)
        line = ""
        if flat is not None:
            line = f"{self.opening[scope, name]}{_graphml_value(flat, self.types[name])}</data>\n"
        if recurs:
            if len(self.memo) >= self.MEMO_LIMIT:
                self.memo.clear()
            self.memo[scope, name, kind, value] = line
        return line


@gc_paused()
def write_graphml(G: nx.MultiDiGraph, out: str | Path | IO[bytes]) -> None:
    """Write ``G`` as GraphML (UTF-8) that networkx, igraph, Gephi, Cytoscape and yEd read.

    Streams: one pass finds each attribute's type, a second writes nodes and edges
    as it walks them (in the order of :func:`flat_graph`), so memory does not grow
    with the graph.
    """
    types, node_names, edge_names = attribute_types(G)
    keys: dict[tuple[str, str], str] = {}
    for scope, names in (("node", node_names), ("edge", edge_names)):
        for name in names:
            if name in types:
                keys[scope, name] = f"d{len(keys)}"
    data_lines = _DataLines(types, keys)
    line = data_lines.line
    with _binary(out) as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        stream.write(_GRAPHML_HEADER)
        for (scope, name), key in keys.items():
            stream.write(f'  <key id="{key}" for="{scope}" attr.name={_quote(xml_safe(name))} '
                         f'attr.type="{_GRAPHML_TYPES[types[name]]}" />\n')  # fmt: skip
        stream.write('  <graph edgedefault="directed">\n')
        quoted: dict[Any, str] = {}  # node ids recur on every edge: quote each once
        nodes = sorted(G, key=str)
        for node in nodes:
            data = G.nodes[node]
            label = data.get("title") if data.get("kind") == "paper" else data.get("name")
            quoted[node] = _quote(xml_safe(str(node)))
            lines = [f"    <node id={quoted[node]}>\n"]
            for name in data_lines.names("node", data, "label"):
                if name == "label":
                    lines.append(line("node", name, xml_safe(str(label if label is not None
                                                                  else node))))  # fmt: skip
                else:
                    lines.append(line("node", name, data[name]))
            lines.append("    </node>\n")
            stream.write("".join(lines))
        number = 0
        for source in nodes:
            targets = G.succ[source]
            for target in sorted(targets, key=str):
                keyed = targets[target]
                for key in sorted(keyed, key=str):
                    data = keyed[key]
                    lines = [f'    <edge source={quoted[source]} target={quoted[target]} '
                             f'id="e{number}">\n']  # fmt: skip
                    number += 1
                    for name in data_lines.names("edge", data, "type"):
                        found = line("edge", name, data[name]) if name in data else ""
                        if name == "type" and not found:  # no type of its own: the key
                            found = line("edge", name, xml_safe(str(key)))
                        lines.append(found)
                    lines.append("    </edge>\n")
                    stream.write("".join(lines))
        stream.write("  </graph>\n</graphml>\n")
        stream.flush()
        stream.detach()  # leave the caller's stream open


@contextlib.contextmanager
def _binary(out: str | Path | IO[bytes]) -> Iterator[IO[bytes]]:
    """``out`` as a binary stream: a file opened (and closed) here, or the caller's stream."""
    if isinstance(out, str | Path):
        with open(out, "wb") as stream:
            yield stream
    else:
        yield out


def write_gexf(G: nx.MultiDiGraph, out: str | Path) -> None:
    """Write ``G`` as GEXF 1.2 for Gephi (without the export date, so output is repeatable)."""
    _gexf(flat_graph(G), out)


def write_node_link(G: nx.MultiDiGraph, out: str | Path) -> None:
    """Write ``G`` as node-link JSON, every attribute intact (lists stay lists)."""
    with open(out, "w", encoding="utf-8") as stream:
        json.dump(
            node_link(G), stream, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False
        )
        stream.write("\n")


def write_csv(G: nx.MultiDiGraph, nodes_path: str | Path, edges_path: str | Path) -> None:
    """Write a nodes table (``id`` then attributes) and an edges table (``source``,
    ``target``, ``type`` then attributes), lists joined with ``"; "``."""
    _csv(flat_graph(G), nodes_path, edges_path)


def _gexf(flat: nx.MultiDiGraph, out: str | Path) -> None:
    lines = nx.generate_gexf(flat, encoding="utf-8", prettyprint=True)
    with open(out, "w", encoding="utf-8") as stream:
        for line in lines:
            stream.write(re.sub(r' lastmodifieddate="[^"]*"', "", line) + "\n")


def _csv(flat: nx.MultiDiGraph, nodes_path: str | Path, edges_path: str | Path) -> None:
    def table(path: str | Path, first: list[str], rows: list[dict[str, Any]]) -> None:
        names = sorted({name for row in rows for name in row} - set(first))
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=first + names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        Path(path).write_text(text.getvalue(), encoding="utf-8")

    table(
        nodes_path,
        ["id", "kind", "label"],
        [{"id": node, **data} for node, data in flat.nodes(data=True)],
    )
    table(
        edges_path,
        ["source", "target", "type"],
        [{"source": a, "target": b, **data} for a, b, data in flat.edges(data=True)],
    )


EXPORT_FORMATS = {
    "graphml": "papergraph.graphml",
    "gexf": "papergraph.gexf",
    "json": "papergraph.json",
    "csv": "nodes.csv + edges.csv",
    "png": "overview.png",
}


def export(G: nx.MultiDiGraph, outdir: str | Path, formats: Iterable[str]) -> list[Path]:
    """Write ``G`` in each of ``formats`` (keys of ``EXPORT_FORMATS``) into ``outdir``;
    the flat copy GEXF and CSV share is made once (GraphML streams)."""
    formats = list(formats)
    unknown = [name for name in formats if name not in EXPORT_FORMATS]
    if unknown:
        choices = ", ".join(sorted(EXPORT_FORMATS))
        raise ValueError(f"unknown export format {unknown[0]!r}; choose from {choices}")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    flat = flat_graph(G) if {"gexf", "csv"} & set(formats) else None
    written = []
    for name in formats:
        if name == "csv":
            _csv(flat, outdir / "nodes.csv", outdir / "edges.csv")
            written += [outdir / "nodes.csv", outdir / "edges.csv"]
            continue
        path = outdir / EXPORT_FORMATS[name]
        if name == "graphml":
            write_graphml(G, path)
        elif name == "gexf":
            _gexf(flat, path)
        elif name == "json":
            write_node_link(G, path)
        else:
            draw_overview(G, path)
        written.append(path)
    return written
