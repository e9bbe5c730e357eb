// How are these two papers connected, and how strongly? Among the shortest
// chains of SHARES_CONCEPT links from $from to $to (up to 6 links: a bound
// cannot be a parameter, so change it in the pattern), the one whose
// weakest link is strongest, with the concepts each link shares and the
// concepts both papers mention directly.
:param from => "pg-452f5cbd57620599";
:param to => "pg-0099696b4697e8ad";

MATCH (a:Paper {id: $from})
MATCH (b:Paper {id: $to})
OPTIONAL MATCH chain = allShortestPaths((a)-[:SHARES_CONCEPT*..6]-(b))
WITH a, b, chain,
     reduce(low = null, r IN relationships(chain) |
       CASE WHEN low IS NULL OR r.weight < low THEN r.weight ELSE low END) AS weakest
ORDER BY weakest DESC
LIMIT 1
RETURN [p IN nodes(chain) | p.title] AS via,
       length(chain) AS hops,
       round(weakest, 3) AS weakest_link,
       [r IN relationships(chain) | r.shared] AS shared_per_link,
       COLLECT { MATCH (a)-->(c:Concept)<--(b) RETURN DISTINCT c.name } AS both_mention,
       chain;
