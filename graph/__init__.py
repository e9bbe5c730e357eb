"""papergraph's graph package: paper sources, the paper record, ingest and the graph builder.

>>> import graph
>>> graph.Paper(id="p1", title="GloVe").title_only
True
"""

from graph.bridges import Bridge, bridges
from graph.builder import GraphBuilder, build_graph
from graph.clusters import Cluster, clusters, paper_projection
from graph.export import (
    export,
    flat_graph,
    write_csv,
    write_gexf,
    write_graphml,
    write_node_link,
)
from graph.ingest import IngestResult, ingest
from graph.overview import draw_overview
from graph.paper import Paper, SourceRef
from graph.questions import (
    concept_timeline,
    connection,
    find_paper,
    method_benchmark_table,
    related,
)
from graph.sources import read_papers
from graph.store import load_graph, save_graph
from graph.workflow import BuildReport, build_outdir

__all__ = [
    "Bridge",
    "BuildReport",
    "Cluster",
    "GraphBuilder",
    "IngestResult",
    "Paper",
    "SourceRef",
    "bridges",
    "build_graph",
    "build_outdir",
    "clusters",
    "concept_timeline",
    "connection",
    "draw_overview",
    "export",
    "find_paper",
    "flat_graph",
    "ingest",
    "load_graph",
    "method_benchmark_table",
    "paper_projection",
    "read_papers",
    "related",
    "save_graph",
    "write_csv",
    "write_gexf",
    "write_graphml",
    "write_node_link",
]
