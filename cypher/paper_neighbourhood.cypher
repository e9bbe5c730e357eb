// What surrounds this paper? For the graph view of Neo4j Browser: the paper,
// its concepts (with the evidence on each relationship), its cluster, and its
// $neighbours strongest SHARES_CONCEPT links with the papers at their ends.
:param paper => "pg-452f5cbd57620599";
:param neighbours => 15;

MATCH (p:Paper {id: $paper})
OPTIONAL MATCH evidence = (p)-[:PROPOSES|USES|EVALUATES_ON|MEASURES_WITH|HAS_CODE|STUDIES]->(:Concept)
WITH p, collect(evidence) AS evidence
OPTIONAL MATCH cluster = (p)-[:IN_CLUSTER]->(:Cluster)
WITH p, evidence, collect(cluster) AS cluster
OPTIONAL MATCH link = (p)-[s:SHARES_CONCEPT]-(:Paper)
WITH p, evidence, cluster, link
ORDER BY s.weight DESC
RETURN p, evidence, cluster, collect(link)[..$neighbours] AS links;
