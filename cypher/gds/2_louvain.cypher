// GDS, step 2: which communities does Louvain find on the server? Runs
// weighted Louvain on the projected $graph and writes each paper's community
// into gds_community (papergraph's own clusters stay in cluster).
:param graph => "papergraph";

CALL gds.louvain.write($graph, {
  relationshipWeightProperty: 'weight',
  writeProperty: 'gds_community'
})
YIELD communityCount, modularity, nodePropertiesWritten
RETURN communityCount, modularity, nodePropertiesWritten;
