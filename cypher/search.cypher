// Which papers talk about this? Full-text search over titles and abstracts
// (the paper_text index of schema.cypher; Lucene syntax: "diffusion AND video",
// "retriev*", "\"in-context learning\""), best match first.
:param query => "diffusion AND video";
:param limit => 20;

CALL db.index.fulltext.queryNodes('paper_text', $query) YIELD node, score
RETURN node.id AS paper, node.title AS title, node.year AS year,
       node.cluster_label AS cluster, round(score, 3) AS score
ORDER BY score DESC, paper
LIMIT $limit;
