"""The one step that writes the analysis into the graph.

:func:`graph.analysis.clusters.clusters` and :func:`graph.analysis.bridges.bridges`
only read the graph and return result objects; :func:`annotate` writes those results
onto the paper nodes and into ``G.graph``, where the exports, the saved graph, the
question commands and the Neo4j mirror read them. It writes exactly these:

==================================  ================================================================
``cluster``                         its cluster id, ``-1`` when isolated
``cluster_label``                   its cluster's label, ``""`` when isolated
``bridge_score``                    its bridge score, ``0.0`` when not a bridge
``bridge_rank``                     1 for the best bridge, 2 for the next, ``0`` when not a bridge
``bridge_clusters``                 the clusters it joins (its own first), ``[]`` when not a bridge
``G.graph["clusters"]``             every cluster as :meth:`Cluster.to_dict` gives it, largest first
``G.graph["clusters_backend"]``     the backend that ran Leiden (``igraph``)
``G.graph["bridges"]``              every bridge as :meth:`Bridge.to_dict` gives it, best first
``G.graph["bridges_betweenness"]``  how the betweenness part of the score was computed
==================================  ================================================================

The first five are on every paper node; the ``bridge_*`` ones and
``G.graph["bridges*"]`` are written only when a ranking is given. No edge attribute
is written, and nothing else.

>>> import networkx as nx
>>> from graph.analysis.clusters import Cluster, Clustering
>>> G = nx.MultiDiGraph()
>>> G.add_nodes_from(["a", "b", "c"], kind="paper")
>>> clustering = Clustering([Cluster(0, ["a", "b"], 0.25, "LoRA")], ["c"], "networkx")
>>> G = annotate(G, clustering)
>>> G.nodes["a"], G.nodes["c"]["cluster"], G.graph["clusters"][0]["size"]
({'kind': 'paper', 'cluster': 0, 'cluster_label': 'LoRA'}, -1, 2)
"""

from __future__ import annotations

import networkx as nx

from graph.analysis.bridges import BridgeRanking
from graph.analysis.clusters import ISOLATED, Clustering
from graph.memory import gc_paused

__all__ = ["annotate"]


@gc_paused()
def annotate(
    G: nx.MultiDiGraph, clustering: Clustering, ranking: BridgeRanking | None = None
) -> nx.MultiDiGraph:
    """Write ``clustering`` and ``ranking`` into ``G`` (the attributes the module lists)
    and return ``G``. Each value is copied, so that changing the graph leaves the
    results as they were."""
    for cluster in clustering.clusters:
        for paper in cluster.papers:
            G.nodes[paper].update(cluster=cluster.id, cluster_label=cluster.label)
    for paper in clustering.isolated:
        G.nodes[paper].update(cluster=ISOLATED, cluster_label="")
    G.graph["clusters"] = [cluster.to_dict() for cluster in clustering.clusters]
    G.graph["clusters_backend"] = clustering.backend
    if ranking is None:
        return G
    for paper, kind in G.nodes(data="kind"):
        if kind == "paper":
            G.nodes[paper].update(bridge_score=0.0, bridge_rank=0, bridge_clusters=[])
    for rank, bridge in enumerate(ranking.bridges, 1):
        G.nodes[bridge.paper].update(
            bridge_score=bridge.score, bridge_rank=rank, bridge_clusters=list(bridge.joins)
        )
    G.graph["bridges"] = [bridge.to_dict() for bridge in ranking.bridges]
    G.graph["bridges_betweenness"] = ranking.method
    return G
