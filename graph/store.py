"""Save a built graph in a directory and load it back, so questions need no rebuild.

The graph is kept as node-link JSON (``OUTDIR/graph.json``): every attribute,
lists included, survives the round trip, and the file is deterministic (nodes
and edges sorted, keys sorted) so the same input always gives the same bytes.

    >>> import tempfile
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(clusters=[])
    >>> G.add_node("p1", kind="paper", title="GloVe", sources=["a.txt:3"])
    >>> _ = G.add_edge("p1", "method:glove", key="PROPOSES", type="PROPOSES", count=1)
    >>> outdir = tempfile.mkdtemp()
    >>> path = save_graph(G, outdir)
    >>> H = load_graph(outdir)
    >>> H.nodes["p1"]["sources"], list(H.edges(keys=True))
    (['a.txt:3'], [('p1', 'method:glove', 'PROPOSES')])
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import networkx as nx

__all__ = ["GRAPH_FILE", "load_graph", "node_link", "save_graph"]

GRAPH_FILE = "graph.json"
FORMAT_VERSION = 1


def node_link(G: nx.MultiDiGraph) -> dict[str, Any]:
    """``G`` as node-link data (``edges="edges"``), nodes and edges in sorted order."""
    data = nx.node_link_data(G, edges="edges")
    data["nodes"].sort(key=lambda node: str(node["id"]))
    data["edges"].sort(
        key=lambda edge: (str(edge["source"]), str(edge["target"]), str(edge["key"]))
    )
    data["graph"] = {**data["graph"], "papergraph_format": FORMAT_VERSION}
    return data


def save_graph(G: nx.MultiDiGraph, outdir: str | Path) -> Path:
    """Write ``G`` to ``outdir/graph.json`` (atomically) and return the path."""
    path = Path(outdir) / GRAPH_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "w", encoding="utf-8") as out:
        json.dump(
            node_link(G),
            out,
            ensure_ascii=False,
            sort_keys=True,
            indent=None,
            separators=(",", ":"),
            allow_nan=False,
        )
        out.write("\n")
    os.replace(partial, path)
    return path


def load_graph(outdir: str | Path) -> nx.MultiDiGraph:
    """The graph saved in ``outdir`` (a directory made by ``papergraph build``, or the
    ``graph.json`` file itself). Raises ``FileNotFoundError``/``ValueError`` with the path."""
    path = Path(outdir)
    if path.is_dir():
        path = path / GRAPH_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path}: no saved graph here; run `papergraph build` first")
    try:
        with open(path, encoding="utf-8") as source:
            data = json.load(source)
        version = data.get("graph", {}).get("papergraph_format")
        if version != FORMAT_VERSION:
            raise ValueError(f"format version {version!r}, expected {FORMAT_VERSION}")
        return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (json.JSONDecodeError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a papergraph graph ({exc})") from exc
