// Which papers bridge clusters, and which clusters do they join? The top
// bridging papers by bridge score (the same order as `papergraph bridges`:
// score, then paper id), each with the labels of the clusters it joins, its
// own first.
:param limit => 10;

MATCH (p:Paper)
WHERE p.bridge_score > 0
WITH p
ORDER BY p.bridge_score DESC, p.id
LIMIT $limit
RETURN p.id AS paper,
       p.title AS title,
       round(p.bridge_score, 3) AS score,
       p.bridge_clusters AS joins,
       COLLECT {
         UNWIND range(0, size(coalesce(p.bridge_clusters, [])) - 1) AS i
         MATCH (k:Cluster {id: p.bridge_clusters[i]})
         RETURN k.label ORDER BY i
       } AS cluster_labels
ORDER BY score DESC, paper;
