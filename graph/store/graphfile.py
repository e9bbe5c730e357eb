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
from pathlib import Path
from typing import Any

import networkx as nx

from graph.atomic import atomic_output
from graph.store.outdir import open_build, sidecar

__all__ = ["GRAPH_FILE", "graph_from_bytes", "load_graph", "node_link", "save_graph"]

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
    with atomic_output(path) as out:
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
    return path


def load_graph(outdir: str | Path) -> nx.MultiDiGraph:
    """The graph saved in ``outdir`` (a directory made by ``papergraph build``, or the
    ``graph.json`` file itself).

    A directory is checked against its manifest first (:func:`graph.store.outdir.open_build`):
    a file missing, cut short or changed since the build raises ``ValueError`` naming
    it. Raises ``FileNotFoundError``/``ValueError`` with the path, never another error.
    """
    path = Path(outdir)
    if path.is_dir() or (not path.exists() and sidecar(path.absolute(), "old").is_dir()):
        with open_build(path) as build:  # the previous build while a new one is swapped in
            if not build.exists(GRAPH_FILE):
                raise FileNotFoundError(
                    f"{path / GRAPH_FILE}: no saved graph here; run `papergraph build` first"
                )
            return graph_from_bytes(build.read_bytes(GRAPH_FILE), path / GRAPH_FILE)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no saved graph here; run `papergraph build` first")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read it ({exc.strerror})") from exc
    return graph_from_bytes(raw, path)


def graph_from_bytes(raw: bytes, path: Path) -> nx.MultiDiGraph:
    """The graph in the bytes of a ``graph.json``, or ``ValueError`` naming ``path``."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"{path}: not a papergraph graph (not valid JSON: {exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("graph"), dict):
        kind = type(data).__name__
        raise ValueError(
            f"{path}: not a papergraph graph (a JSON {kind}, not the node-link "
            "object papergraph saves)"
        )
    version = data["graph"].get("papergraph_format")
    if version != FORMAT_VERSION:
        raise ValueError(
            f"{path}: not a papergraph graph (format version {version!r}, "
            f"expected {FORMAT_VERSION})"
        )
    try:
        return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (KeyError, TypeError, ValueError, AttributeError, nx.NetworkXError) as exc:
        raise ValueError(f"{path}: not a papergraph graph ({type(exc).__name__}: {exc})") from exc
