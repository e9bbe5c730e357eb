"""papergraph's graph package: paper sources, the paper record, ingest and the graph builder.

>>> import graph
>>> graph.Paper(id="p1", title="GloVe").title_only
True
"""

from graph.builder import build_graph
from graph.clusters import Cluster, clusters, paper_projection
from graph.ingest import IngestResult, ingest
from graph.paper import Paper, SourceRef
from graph.sources import read_papers

__all__ = [
    "Cluster",
    "IngestResult",
    "Paper",
    "SourceRef",
    "build_graph",
    "clusters",
    "ingest",
    "paper_projection",
    "read_papers",
]
