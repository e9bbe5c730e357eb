"""Analysis: clusters, bridging papers and the questions users ask of a built graph.

It reads the graph the building stage made and may import :mod:`graph.building`,
:mod:`graph.paper` and :mod:`graph.memory`; never export, store, mirror or CLI.

    >>> import networkx as nx
    >>> clusters(nx.MultiDiGraph())
    ([], [])
"""

from graph.analysis.bridges import Bridge, bridges
from graph.analysis.clusters import Cluster, clusters, paper_projection
from graph.analysis.questions import (
    concept_timeline,
    connection,
    find_paper,
    method_benchmark_table,
    related,
)

__all__ = [
    "Bridge",
    "Cluster",
    "bridges",
    "clusters",
    "concept_timeline",
    "connection",
    "find_paper",
    "method_benchmark_table",
    "paper_projection",
    "related",
]
