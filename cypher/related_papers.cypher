// Which papers are closest to this one, and why? The papers linked to $paper by
// SHARES_CONCEPT, strongest link first, with what they share, strongest first:
// the names of shared concepts, and shared distinctive terms as "term:..." (a
// term is evidence, not a node). $paper is a paper id as in papers.jsonl, e.g.
// "pg-452f5cbd57620599" or "arxiv:2104.01234".
:param paper => "pg-452f5cbd57620599";
:param limit => 10;

MATCH (p:Paper {id: $paper})-[s:SHARES_CONCEPT]-(q:Paper)
RETURN q.id AS paper,
       q.title AS title,
       q.year AS year,
       round(s.weight, 3) AS weight,
       COLLECT {
         UNWIND range(0, size(coalesce(s.shared, [])) - 1) AS i
         OPTIONAL MATCH (c:Concept {key: s.shared[i]})
         RETURN coalesce(c.name, s.shared[i]) ORDER BY i
       } AS shared_concepts
ORDER BY s.weight DESC, paper
LIMIT $limit;
