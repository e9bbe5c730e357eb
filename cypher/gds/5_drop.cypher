// GDS, last step: free the memory the projection $graph holds (no error if
// there is none).
:param graph => "papergraph";

CALL gds.graph.drop($graph, false) YIELD graphName
RETURN graphName;
