// GDS, step 1: project the paper graph (papers and their SHARES_CONCEPT links,
// undirected, with their weights) into the Graph Data Science catalogue under
// the name $graph. Needs the GDS plugin; run 5_drop.cypher first to re-project.
:param graph => "papergraph";

CALL gds.graph.project(
  $graph,
  'Paper',
  {SHARES_CONCEPT: {orientation: 'UNDIRECTED', properties: 'weight'}}
)
YIELD graphName, nodeCount, relationshipCount
RETURN graphName, nodeCount, relationshipCount;
