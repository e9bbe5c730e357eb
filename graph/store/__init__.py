"""Store: output directories that are always one complete build, and the graph saved in them.

The staged, locked output directory and its manifest (:mod:`graph.store.outdir`,
:mod:`graph.store.manifest`), the saved graph (:mod:`graph.store.graphfile`), the
accounting of rejects (:mod:`graph.store.accounting`) and adding papers to a saved build
(:mod:`graph.store.incremental`). Files are written through :mod:`graph.atomic`.

    >>> import networkx as nx, tempfile
    >>> G = nx.MultiDiGraph(); G.add_node("p1", kind="paper")
    >>> with tempfile.TemporaryDirectory() as out:
    ...     _ = save_graph(G, out)
    ...     list(load_graph(out).nodes)
    ['p1']
"""

from graph.store.graphfile import load_graph, save_graph

__all__ = ["load_graph", "save_graph"]
