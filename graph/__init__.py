"""papergraph's graph package: sources, building, analysis, export, store, Neo4j mirror, CLI.

>>> import graph
>>> graph.Paper(id="p1", title="GloVe").title_only
True
"""

from graph.analysis import (
    Bridge,
    BridgeRanking,
    Cluster,
    Clustering,
    annotate,
    bridges,
    clusters,
    concept_timeline,
    connection,
    find_paper,
    method_benchmark_table,
    paper_projection,
    related,
)
from graph.building import GraphBuilder, build_graph
from graph.export import (
    export,
    flat_graph,
    write_csv,
    write_gexf,
    write_graphml,
    write_node_link,
)
from graph.export.overview import draw_overview
from graph.paper import Paper, SourceRef
from graph.sources import read_papers
from graph.sources.ingest import IngestResult, ingest
from graph.store import load_graph, save_graph
from graph.workflow import BuildReport, build_outdir

__all__ = [
    "Bridge",
    "BridgeRanking",
    "BuildReport",
    "Cluster",
    "Clustering",
    "GraphBuilder",
    "IngestResult",
    "Paper",
    "SourceRef",
    "annotate",
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
