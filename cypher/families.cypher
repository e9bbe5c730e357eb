// Which concepts form a family? Each concept with the variants below it
// (Qwen2.5-7B-Instruct -> Qwen2.5 -> Qwen, ImageNet-C -> ImageNet), how many papers
// name the concept itself and how many name a variant of it; $concept (a key or a
// display name, "" for all) picks one family.
:param concept => "";
:param limit => 25;

MATCH (variant:Concept)-[:VARIANT_OF*1..]->(family:Concept)
WHERE $concept = "" OR family.key = $concept OR family.name = $concept
WITH family, collect(DISTINCT variant) AS variants
OPTIONAL MATCH (p:Paper)-[]->(v:Concept)
WHERE v IN variants
WITH family, variants, count(DISTINCT p) AS variant_papers
RETURN family.key AS family, family.name AS name, family.df AS papers, variant_papers,
       [v IN variants | v.name][..10] AS variants
ORDER BY variant_papers + papers DESC, family
LIMIT $limit;
