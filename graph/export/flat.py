"""Graph attributes as the flat formats (GraphML, GEXF, CSV) can hold them.

* every list becomes one ``"; "``-joined string, every dict a JSON string, and a
  missing value (``None``, NaN, infinity) is left out rather than written;
* every attribute name has exactly one type across nodes and edges (an int that
  is sometimes a float is a float; anything mixed with text is text);
* characters that XML 1.0 forbids (control characters, lone surrogates,
  U+FFFE/U+FFFF) are removed from names and values, and line ends become ``\n``
  (as any XML reader would return them);
* node ids are unique and paper ids never look like concept keys (see
  :func:`export_ids`): an ordinary id is written as it is;
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

from extractors.schema import CONCEPT_KINDS, PAPER
from graph.memory import gc_paused

__all__ = ["LIST_SEPARATOR", "PAPER_PREFIX", "attribute_types", "coerce_value", "export_ids",
           "flat_graph", "flat_types", "flat_value", "xml_safe"]  # fmt: skip

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LIST_SEPARATOR = "; "
PAPER_PREFIX = "paper:"
# a paper id starting with one of these would read as a concept key (or as an id
# already given the paper prefix): such ids get PAPER_PREFIX in front
_RESERVED_PREFIXES = (*(f"{kind}:" for kind in CONCEPT_KINDS), PAPER_PREFIX)
_DUPLICATE_MARK = "~"
# in ids, also tabs and line ends (XML would turn them into spaces, CSV into rows)
_ID_ESCAPED = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold.

    >>> xml_safe("tab\\tok, bell\\x07 gone, \\ufffe gone")
    'tab\\tok, bell gone,  gone'
    """
    return _XML_ILLEGAL.sub("", text)


def _escape_id(text: str) -> str:
    """``text`` with each control character (tab and line ends included) and each other
    character XML 1.0 cannot hold written as ``\\uXXXX``.

    >>> print(_escape_id("method:lo\\x01ra"))
    method:lo\\u0001ra
    """
    return _ID_ESCAPED.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def export_ids(G: nx.MultiDiGraph) -> dict[Any, str]:
    """The id each node of ``G`` has in GraphML, GEXF and CSV: unique, XML-safe, and a
    paper's never a concept key.

    * An id holding control characters (tabs and line ends included) or other
      characters XML 1.0 cannot carry has each written as ``\\uXXXX`` (``a\\x01b``
      becomes ``a\\u0001b``): nothing is dropped, so ids that differ only there stay
      apart, and every id is one line in every format.
    * A paper id (``kind="paper"``) that starts like a concept key (``method:``,
      ``benchmark:``, ``metric:``, ``repo:``, ``topic:``: any kind of
      :data:`extractors.schema.CONCEPT_KINDS`) or like an id already so marked
      (``paper:``) gets ``paper:`` in front; concept keys are written as they are.
      A paper's export id therefore never equals a concept's, and removing one
      ``paper:`` gives the paper's id back.
    * Should two nodes still meet (an escaped id that equals another id
      literally), the node whose id needed no change keeps it, then the first in
      sorted order; each other gets the first free ``~2``, ``~3``, ...

    Every other id (the common case) is written unchanged.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("method:lora", kind="method")
    >>> G.add_node("method:lo\\x01ra", kind="paper")
    >>> G.add_node("a\\x01", kind="paper")
    >>> G.add_node("a\\\\u0001", kind="paper")
    >>> G.add_node("2401.00001", kind="paper")
    >>> for node, text in export_ids(G).items():
    ...     print(ascii(node), "->", text)
    'method:lora' -> method:lora
    'method:lo\\x01ra' -> paper:method:lo\\u0001ra
    'a\\x01' -> a\\u0001~2
    'a\\\\u0001' -> a\\u0001
    '2401.00001' -> 2401.00001
    """
    wanted: dict[Any, str] = {}
    changed = False
    for node, kind in G.nodes(data="kind"):
        text = str(node)
        if _ID_ESCAPED.search(text):
            text = _escape_id(text)
        if kind == PAPER and text.startswith(_RESERVED_PREFIXES):
            text = PAPER_PREFIX + text
        wanted[node] = text
        changed = changed or text != node
    if not changed or len(set(wanted.values())) == len(wanted):
        return wanted
    return _without_duplicates(G, wanted)


def _without_duplicates(G: nx.MultiDiGraph, wanted: dict[Any, str]) -> dict[Any, str]:
    """``wanted`` with every id that several nodes want made unique (see :func:`export_ids`)."""
    claims: dict[str, list[Any]] = {}
    for node in sorted(G, key=str):
        claims.setdefault(wanted[node], []).append(node)
    taken = set(claims)
    for text, nodes in claims.items():
        if len(nodes) < 2:
            continue
        nodes.sort(key=lambda node, text=text: str(node) != text)  # stable: unchanged first
        for node in nodes[1:]:
            number = 2
            while f"{text}{_DUPLICATE_MARK}{number}" in taken:
                number += 1
            wanted[node] = f"{text}{_DUPLICATE_MARK}{number}"
            taken.add(wanted[node])
    return wanted


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


def _flat_nodes(G: nx.MultiDiGraph, ids: dict[Any, str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(id, attributes)`` of every node, flat (types not yet unified), sorted; ``ids``
    are the :func:`export_ids`."""
    for node in sorted(G, key=str):
        data = G.nodes[node]
        attributes = _flat_attributes(data)
        label = data.get("title") if data.get("kind") == PAPER else data.get("name")
        attributes["label"] = _text(str(label if label is not None else node))
        yield ids[node], dict(sorted(attributes.items()))


def _flat_edges(
    G: nx.MultiDiGraph, ids: dict[Any, str]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(source, target, attributes)`` of every edge, flat, sorted by source, target and
    key, walked node by node (no list of all edges is made)."""
    for source in sorted(G, key=str):
        targets = G.succ[source]
        if not targets:
            continue
        flat_source = ids[source]
        for target in sorted(targets, key=str):
            flat_target = ids[target]
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
    ids = export_ids(G)
    flat = nx.MultiDiGraph()
    for node, attributes in _flat_nodes(G, ids):
        flat.add_node(node, **{n: coerce_value(v, types[n]) for n, v in attributes.items()})
    for number, (source, target, attributes) in enumerate(_flat_edges(G, ids)):
        flat.add_edge(
            source,
            target,
            key=f"e{number}",
            **{n: coerce_value(v, types[n]) for n, v in attributes.items()},
        )
    return flat
