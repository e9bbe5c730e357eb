"""Export the graph for Gephi, Cytoscape, yEd, igraph and spreadsheets.

:func:`graph.export.flat.flat_graph` makes the copy every flat format needs (lists joined,
one type per attribute, no characters XML forbids, labels, unique ids that keep papers
and concepts apart, sorted order: see :mod:`graph.export.flat`); GEXF (static GEXF 1.3) and
CSV (Gephi's spreadsheet columns, formulas neutralised) are written from it, and
GraphML streams the same content without making the copy.

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
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

import networkx as nx

from extractors.schema import PAPER
from graph.export.flat import (
    attribute_types,
    coerce_value,
    export_ids,
    flat_graph,
    flat_value,
    xml_safe,
)
from graph.export.overview import draw_overview
from graph.export.spreadsheet import RELATIONSHIP, spreadsheet_cell, write_tables
from graph.memory import gc_paused
from graph.store.graphfile import node_link

__all__ = [
    "EXPORT_FORMATS",
    "export",
    "export_ids",
    "flat_graph",
    "spreadsheet_cell",
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
    ids = export_ids(G)
    with _binary(out) as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        stream.write(_GRAPHML_HEADER)
        for (scope, name), key in keys.items():
            stream.write(
                f'  <key id="{key}" for="{scope}" attr.name={_quote(xml_safe(name))} '
                f'attr.type="{_GRAPHML_TYPES[types[name]]}" />\n'
            )
        stream.write('  <graph edgedefault="directed">\n')
        quoted: dict[Any, str] = {}  # node ids recur on every edge: quote each once
        nodes = sorted(G, key=str)
        for node in nodes:
            data = G.nodes[node]
            label = data.get("title") if data.get("kind") == PAPER else data.get("name")
            quoted[node] = _quote(ids[node])
            lines = [f"    <node id={quoted[node]}>\n"]
            for name in data_lines.names("node", data, "label"):
                if name == "label":
                    lines.append(
                        line("node", name, xml_safe(str(label if label is not None else node)))
                    )
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
    """Write ``G`` as static GEXF 1.3 for Gephi (without an export date, so output is
    repeatable): relationship names and evidence offsets are declared attributes."""
    _gexf(flat_graph(G), out)


def write_node_link(G: nx.MultiDiGraph, out: str | Path) -> None:
    """Write ``G`` as node-link JSON, every attribute intact (lists stay lists)."""
    with open(out, "w", encoding="utf-8") as stream:
        json.dump(
            node_link(G), stream, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False
        )
        stream.write("\n")


def write_csv(G: nx.MultiDiGraph, nodes_path: str | Path, edges_path: str | Path) -> None:
    """Write a nodes table and an edges table as Gephi's spreadsheet import reads them
    (see :mod:`graph.export.spreadsheet`)."""
    write_tables(flat_graph(G), nodes_path, edges_path)


GEXF_NAMESPACE = "http://gexf.net/1.3"
_GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GEXF_HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<gexf xmlns="{GEXF_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    f'xsi:schemaLocation="{GEXF_NAMESPACE} {GEXF_NAMESPACE}/gexf.xsd" version="1.3">\n'
    "  <meta>\n    <creator>papergraph</creator>\n  </meta>\n"
    '  <graph defaultedgetype="directed" mode="static">\n'
)


def _xml_text(value: Any) -> str:
    """A flat value as GEXF writes it in an XML attribute (quoted and escaped)."""
    if type(value) is bool:
        return '"true"' if value else '"false"'
    return _quote(value if type(value) is str else repr(value))


def _gexf(flat: nx.MultiDiGraph, out: str | Path) -> None:
    """Write the flat graph as static GEXF 1.3, streamed.

    Not networkx's writer: it puts the attributes ``type``, ``start``, ``end``,
    ``label`` and ``weight`` into the XML attributes GEXF reserves for the edge
    direction, time spans, label and weight (so the relationship name became an edge
    direction and the evidence offsets made the graph dynamic), adds a
    ``networkx_key`` attribute and writes 1.3 with a wrong XML Schema namespace.
    Here a node's ``label`` and a numeric edge ``weight`` go into the XML attributes
    of those names; an edge's ``type`` is written as its ``kind`` (Gephi keeps
    parallel edges of different kinds apart) and ``label``, and as the declared
    attribute ``relationship``; every other attribute (``start`` and ``end``
    included) is a declared attribute.
    """
    types, node_names, edge_names = attribute_types(flat)
    weight_attribute = types.get("weight") in (int, float)  # else weight is a declared one
    declared = _gexf_declared(node_names, edge_names, weight_attribute)
    columns = [(scope, name) for scope in ("node", "edge") for name in declared[scope]]
    number = {column: str(index) for index, column in enumerate(columns)}
    with open(out, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(_GEXF_HEADER)
        stream.writelines(_gexf_attributes(declared, types, number))
        stream.writelines(_gexf_nodes(flat, number))
        stream.writelines(_gexf_edges(flat, number, weight_attribute))
        stream.write("  </graph>\n</gexf>\n")


def _gexf_declared(
    node_names: list[str], edge_names: list[str], weight_attribute: bool
) -> dict[str, list[str]]:
    """Per scope, the attributes GEXF declares: not a node's ``label``, nor an edge's
    numeric ``weight`` (XML attributes of their own); an edge's ``type`` as ``relationship``."""
    return {
        "node": [name for name in node_names if name != "label"],
        "edge": sorted(
            RELATIONSHIP if name == "type" else name
            for name in edge_names
            if not (name == "weight" and weight_attribute)
        ),
    }


def _gexf_attributes(
    declared: dict[str, list[str]], types: dict[str, type], number: dict[tuple[str, str], str]
) -> Iterator[str]:
    """The ``<attributes>`` blocks: each declared attribute, its number and its GEXF type."""
    for scope in ("node", "edge"):
        yield f'    <attributes class="{scope}" mode="static">\n'
        for name in declared[scope]:
            raw = "type" if (scope, name) == ("edge", RELATIONSHIP) else name
            kind = _GEXF_TYPES[types[raw]]
            title = _quote(xml_safe(name))
            yield f'      <attribute id="{number[scope, name]}" title={title} type="{kind}" />\n'
        yield "    </attributes>\n"


def _gexf_attvalues(
    number: dict[tuple[str, str], str], scope: str, data: dict[str, Any], skip: tuple[str, ...]
) -> list[str]:
    """The ``<attvalues>`` block of a node's or edge's ``data`` but ``skip`` (none: [])."""
    lines = []
    for name, value in data.items():
        if name in skip:
            continue
        title = RELATIONSHIP if scope == "edge" and name == "type" else name
        lines.append(
            f'          <attvalue for="{number[scope, title]}" value={_xml_text(value)} />\n'
        )
    return ["        <attvalues>\n", *lines, "        </attvalues>\n"] if lines else []


def _gexf_nodes(flat: nx.MultiDiGraph, number: dict[tuple[str, str], str]) -> Iterator[str]:
    """The ``<nodes>`` block: each node with its ``label`` (else its id) and its values."""
    yield f'    <nodes count="{flat.number_of_nodes()}">\n'
    for node, data in flat.nodes(data=True):
        values = _gexf_attvalues(number, "node", data, ("label",))
        head = f"      <node id={_quote(node)} label={_quote(data.get('label', node))}"
        yield "".join([head, ">\n", *values, "      </node>\n"]) if values else head + " />\n"
    yield "    </nodes>\n"


def _gexf_edges(
    flat: nx.MultiDiGraph, number: dict[tuple[str, str], str], weight_attribute: bool
) -> Iterator[str]:
    """The ``<edges>`` block: each edge with its ``type`` as ``kind`` and ``label``, its
    numeric ``weight`` (when ``weight_attribute``) and its values."""
    yield f'    <edges count="{flat.number_of_edges()}">\n'
    skip = ("weight",) if weight_attribute else ()
    for source, target, key, data in flat.edges(keys=True, data=True):
        head = f"      <edge id={_quote(key)} source={_quote(source)} target={_quote(target)}"
        if "type" in data:
            relationship = _quote(str(data["type"]))
            head += f" kind={relationship} label={relationship}"
        if weight_attribute and "weight" in data:
            head += f" weight={_xml_text(data['weight'])}"
        values = _gexf_attvalues(number, "edge", data, skip)
        yield "".join([head, ">\n", *values, "      </edge>\n"]) if values else head + " />\n"
    yield "    </edges>\n"


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
            write_tables(flat, outdir / "nodes.csv", outdir / "edges.csv")
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
