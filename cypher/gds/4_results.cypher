// GDS, step 4: how do the server's results compare with papergraph's? The
// most central papers by gds_betweenness, with their GDS community, their
// papergraph cluster and their bridge score.
:param limit => 20;

MATCH (p:Paper)
WHERE p.gds_betweenness IS NOT NULL
RETURN p.id AS paper, p.title AS title,
       round(p.gds_betweenness, 1) AS betweenness,
       p.gds_community AS gds_community,
       p.cluster AS cluster, p.cluster_label AS cluster_label,
       round(coalesce(p.bridge_score, 0.0), 3) AS bridge_score
ORDER BY betweenness DESC, paper
LIMIT $limit;
