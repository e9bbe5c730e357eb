"""Export the graph for Gephi, Cytoscape, yEd, igraph and spreadsheets.

:func:`flat_graph` makes the copy every flat format needs, and the writers use it:

* every list becomes one ``"; "``-joined string, every dict a JSON string, and a
  missing value (``None``, NaN, infinity) is left out rather than written;
* every attribute name has exactly one type across nodes and edges (an int that
  is sometimes a float is a float; anything mixed with text is text);
* characters that XML 1.0 forbids (control characters, lone surrogates,
  U+FFFE/U+FFFF) are removed from names and values, and line ends become ``\n``
  (as any XML reader would return them);
* nodes get a ``label`` (a paper's title, a concept's name) for visualizers,
  every edge a unique id, and nodes and edges come in sorted order, so the same
  graph always gives the same bytes.

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
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

import networkx as nx

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

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LIST_SEPARATOR = "; "


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold.

    >>> xml_safe("tab\\tok, bell\\x07 gone, \\ufffe gone")
    'tab\\tok, bell gone,  gone'
    """
    return _XML_ILLEGAL.sub("", text)


def _flat_value(value: Any) -> Any:
    """A value GraphML can carry, or ``None`` when there is nothing to write."""
    kind = type(value)
    if kind is str:
        return _text(value)
    if kind is int or kind is bool:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if value is None:
        return None
    if isinstance(value, int):  # a subclass of int (bool, the exact type, is done above)
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return _text(LIST_SEPARATOR.join(str(item) for item in items))
    if isinstance(value, dict):
        return _text(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return _text(str(value))


def _text(value: str) -> str:
    """XML-safe text with line ends as XML reads them back (``\n``)."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return xml_safe(value) if _XML_ILLEGAL.search(value) else value


def _flat_attributes(data: dict[str, Any]) -> dict[str, Any]:
    return {name: flat for name, value in data.items() if (flat := _flat_value(value)) is not None}


def _flat_nodes(G: nx.MultiDiGraph) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(id, attributes)`` of every node, flat (types not yet unified), sorted."""
    for node in sorted(G, key=str):
        data = G.nodes[node]
        attributes = _flat_attributes(data)
        label = data.get("title") if data.get("kind") == "paper" else data.get("name")
        attributes["label"] = xml_safe(str(label if label is not None else node))
        yield xml_safe(str(node)), dict(sorted(attributes.items()))


def _flat_edges(G: nx.MultiDiGraph) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(source, target, attributes)`` of every edge, flat, sorted by source, target and
    key, walked node by node (no list of all edges is made)."""
    flat_id: dict[Any, str] = {}  # node ids recur on every edge: make each safe once
    for source in sorted(G, key=str):
        targets = G.succ[source]
        if not targets:
            continue
        flat_source = flat_id.get(source) or flat_id.setdefault(source, xml_safe(str(source)))
        for target in sorted(targets, key=str):
            flat_target = flat_id.get(target) or flat_id.setdefault(target, xml_safe(str(target)))
            keyed = targets[target]
            for key in sorted(keyed, key=str):
                attributes = _flat_attributes(keyed[key])
                attributes.setdefault("type", xml_safe(str(key)))
                yield flat_source, flat_target, dict(sorted(attributes.items()))


def _flat_type(raw: type) -> type | None:
    """The type a raw attribute value of type ``raw`` has once flat (None: left out)."""
    if raw is type(None):
        return None
    return raw if raw in (bool, int, float) else str


def flat_types(G: nx.MultiDiGraph) -> dict[str, type]:
    """The one type per attribute name across nodes and edges (see the module docstring),
    from one pass over the raw values."""
    return _attribute_types(G)[0]


def _attribute_types(G: nx.MultiDiGraph) -> tuple[dict[str, type], list[str], list[str]]:
    """:func:`flat_types`, and the sorted attribute names of nodes and of edges."""
    seen: dict[str, set[type]] = {"label": {str}, "type": {str}}
    names = {"node": {"label"}, "edge": {"type"}}
    node_rows = (data for _, data in G.nodes(data=True))
    edge_rows = (data for *_, data in G.edges(keys=True, data=True))
    for scope, rows in (("node", node_rows), ("edge", edge_rows)):
        found = names[scope]
        for data in rows:
            for name, value in data.items():
                kinds = seen.get(name)
                if kinds is None:
                    kinds = seen[name] = set()
                kinds.add(type(value))
                found.add(name)
    unified = {}
    for name, raw_types in seen.items():
        types = {flat for raw in raw_types if (flat := _flat_type(raw)) is not None}
        if len(types) == 1:
            unified[name] = types.pop()
        elif types and types <= {int, float}:
            unified[name] = float
        elif types:
            unified[name] = str
    return unified, sorted(names["node"]), sorted(names["edge"])


def _coerce(value: Any, to: type) -> Any:
    if to is str and isinstance(value, bool):
        return "true" if value else "false"
    return to(value)


@gc_paused()
def flat_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` that GraphML, GEXF and CSV can hold (see the module docstring)."""
    types = flat_types(G)
    flat = nx.MultiDiGraph()
    for node, attributes in _flat_nodes(G):
        flat.add_node(node, **{n: _coerce(v, types[n]) for n, v in attributes.items()})
    for number, (source, target, attributes) in enumerate(_flat_edges(G)):
        flat.add_edge(source, target, key=f"e{number}",
                      **{n: _coerce(v, types[n]) for n, v in attributes.items()})  # fmt: skip
    return flat


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
        value = _coerce(value, to)
    if to is str:
        return escape(value) if ("&" in value or "<" in value or ">" in value) else value
    if to is bool:
        return "true" if value else "false"
    return repr(value)


@gc_paused()
def write_graphml(G: nx.MultiDiGraph, out: str | Path | IO[bytes]) -> None:
    """Write ``G`` as GraphML (UTF-8) that networkx, igraph, Gephi, Cytoscape and yEd read.

    Streams: one pass finds each attribute's type, a second writes nodes and edges
    as it walks them, so memory does not grow with the graph.
    """
    types, node_names, edge_names = _attribute_types(G)
    keys: dict[tuple[str, str], str] = {}
    for scope, names in (("node", node_names), ("edge", edge_names)):
        for name in names:
            if name in types:
                keys[scope, name] = f"d{len(keys)}"
    opening = {scope_name: f'      <data key="{key}">' for scope_name, key in keys.items()}
    with _binary(out) as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        stream.write(_GRAPHML_HEADER)
        for (scope, name), key in keys.items():
            stream.write(f'  <key id="{key}" for="{scope}" attr.name={_quote(xml_safe(name))} '
                         f'attr.type="{_GRAPHML_TYPES[types[name]]}" />\n')  # fmt: skip
        stream.write('  <graph edgedefault="directed">\n')
        for node, attributes in _flat_nodes(G):
            lines = [f"    <node id={_quote(node)}>\n"]
            for name, value in attributes.items():
                lines += (opening["node", name], _graphml_value(value, types[name]), "</data>\n")
            lines.append("    </node>\n")
            stream.write("".join(lines))
        quoted: dict[str, str] = {}  # node ids recur on every edge: quote each once
        for number, (source, target, attributes) in enumerate(_flat_edges(G)):
            if source not in quoted:
                quoted[source] = _quote(source)
            if target not in quoted:
                quoted[target] = _quote(target)
            lines = [f'    <edge source={quoted[source]} target={quoted[target]} id="e{number}">\n']
            for name, value in attributes.items():
                lines += (opening["edge", name], _graphml_value(value, types[name]), "</data>\n")
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
