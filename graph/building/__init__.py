"""Building: papers and their mentions become the paper-concept graph, with paper links.

The stage after the extractors. It may import :mod:`graph.paper`, :mod:`graph.memory`,
:mod:`graph.sources` (for paper identity) and :mod:`extractors`; never the stages after it.

    >>> from graph.paper import Paper
    >>> G = build_graph([Paper(id="p1", title="LoRA")], {"p1": []})
    >>> G.nodes["p1"]["kind"]
    'paper'
"""

from graph.building.builder import GraphBuilder, build_graph

__all__ = ["GraphBuilder", "build_graph"]
