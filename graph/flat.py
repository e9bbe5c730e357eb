"""Graph attributes as the flat formats (GraphML, GEXF, CSV) can hold them.

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

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("p1", kind="paper", title="A <b>&\\x07 test", sources=["a.txt:1", "b.txt:9"],
...            year=None)
>>> flat_graph(G).nodes["p1"]
{'kind': 'paper', 'label': 'A <b>& test', 'sources': 'a.txt:1; b.txt:9', 'title': 'A <b>& test'}
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

import networkx as nx

from graph.memory import gc_paused

__all__ = ["LIST_SEPARATOR", "attribute_types", "coerce_value", "flat_graph", "flat_types",
           "flat_value", "xml_safe"]  # fmt: skip

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LIST_SEPARATOR = "; "


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold.

    >>> xml_safe("tab\\tok, bell\\x07 gone, \\ufffe gone")
    'tab\\tok, bell gone,  gone'
    """
    return _XML_ILLEGAL.sub("", text)


def flat_value(value: Any) -> Any:
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
    return {name: flat for name, value in data.items() if (flat := flat_value(value)) is not None}


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
    return attribute_types(G)[0]


def attribute_types(G: nx.MultiDiGraph) -> tuple[dict[str, type], list[str], list[str]]:
    """:func:`flat_types`, and the sorted attribute names of nodes and of edges."""
    seen: dict[str, set[type]] = {"label": {str}, "type": {str}}
    names = {"node": {"label"}, "edge": {"type"}}
    node_rows = (data for _, data in G.nodes(data=True))
    edge_rows = (data for *_, data in G.edges(keys=True, data=True))
    for scope, rows in (("node", node_rows), ("edge", edge_rows)):
        # the names and value types of each row, as tuples: few distinct ones in a graph
        shapes = {(tuple(data), tuple(map(type, data.values()))) for data in rows}
        for row_names, row_types in shapes:
            names[scope].update(row_names)
            for name, kind in zip(row_names, row_types, strict=True):
                seen.setdefault(name, set()).add(kind)
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


def coerce_value(value: Any, to: type) -> Any:
    if to is str and isinstance(value, bool):
        return "true" if value else "false"
    return to(value)


@gc_paused()
def flat_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` that GraphML, GEXF and CSV can hold (see the module docstring)."""
    types = flat_types(G)
    flat = nx.MultiDiGraph()
    for node, attributes in _flat_nodes(G):
        flat.add_node(node, **{n: coerce_value(v, types[n]) for n, v in attributes.items()})
    for number, (source, target, attributes) in enumerate(_flat_edges(G)):
        flat.add_edge(source, target, key=f"e{number}",
                      **{n: coerce_value(v, types[n]) for n, v in attributes.items()})  # fmt: skip
    return flat
