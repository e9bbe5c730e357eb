// GDS, step 3: which papers lie on the most shortest paths between others?
// Betweenness centrality on the projected $graph, written into
// gds_betweenness. Unweighted: GDS reads a weight as a distance, while a
// SHARES_CONCEPT weight is a closeness.
:param graph => "papergraph";

CALL gds.betweenness.write($graph, {writeProperty: 'gds_betweenness'})
YIELD nodePropertiesWritten, centralityDistribution
RETURN nodePropertiesWritten, centralityDistribution.max AS highest;
