// When did a concept appear, and how did its use grow? Papers mentioning
// $concept (a key such as "method:lora", or a display name such as "LoRA"),
// counted per year, with how many of them propose it; undated papers last.
:param concept => "method:lora";

MATCH (c:Concept)
WHERE c.key = $concept OR c.name = $concept
MATCH (p:Paper)-[r]->(c)
WITH c, p.year AS year, count(DISTINCT p) AS papers,
     count(DISTINCT CASE WHEN type(r) = 'PROPOSES' THEN p END) AS proposing,
     collect(DISTINCT p.title)[..3] AS examples
RETURN c.key AS concept, c.name AS name, year, papers, proposing, examples
ORDER BY concept, year IS NULL, year;
