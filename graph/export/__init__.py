"""Export: the built graph as GraphML, GEXF, node-link JSON, CSV tables and a PNG overview.

It may import :mod:`graph.analysis` (cluster colours for the overview),
:mod:`graph.building` (the schema of node kinds) and :mod:`graph.store` (atomic writes).

    >>> import networkx as nx, tempfile
    >>> G = nx.MultiDiGraph(); G.add_node("p1", kind="paper", title="LoRA")
    >>> with tempfile.TemporaryDirectory() as out:
    ...     [path.name for path in export(G, out, ["graphml"])]
    ['papergraph.graphml']
"""

from graph.export.formats import (
    export,
    flat_graph,
    write_csv,
    write_gexf,
    write_graphml,
    write_node_link,
)

__all__ = ["export", "flat_graph", "write_csv", "write_gexf", "write_graphml", "write_node_link"]
