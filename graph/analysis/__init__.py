"""Analysis: clusters, bridging papers and the questions users ask of a built graph.

It reads the graph the building stage made and may import :mod:`graph.building`,
:mod:`graph.paper` and :mod:`graph.memory`; never export, store, mirror or CLI.
The analysis functions only read the graph and return result objects
(:class:`Clustering`, :class:`BridgeRanking`); :func:`annotate` is the one step that
writes them into the graph. A build computes the paper links once (:func:`links_of`)
and hands them to both:

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> links = links_of(G)
    >>> clustering = clusters(G, links=links)
    >>> ranking = bridges(G, clustering=clustering, links=links)
    >>> annotate(G, clustering, ranking).graph
    {'clusters': [], 'clusters_backend': 'igraph', 'bridges': [], \
'bridges_betweenness': 'exact betweenness, networkx'}
"""

from graph.analysis.annotate import annotate
from graph.analysis.backends import Links, links_of
from graph.analysis.bridges import Bridge, BridgeRanking, bridges
from graph.analysis.clusters import Cluster, Clustering, clusters, paper_projection
from graph.analysis.questions import (
    concept_timeline,
    connection,
    find_paper,
    method_benchmark_table,
    related,
)

__all__ = [
    "Bridge",
    "BridgeRanking",
    "Cluster",
    "Clustering",
    "Links",
    "annotate",
    "bridges",
    "clusters",
    "concept_timeline",
    "connection",
    "find_paper",
    "links_of",
    "method_benchmark_table",
    "paper_projection",
    "related",
]
