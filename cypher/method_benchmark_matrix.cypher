// Which methods are evaluated on which benchmarks? The method x benchmark
// matrix as rows (method, benchmark, number of papers that use or propose the
// method and evaluate on or propose the benchmark), busiest cells first. In
// Neo4j Browser's table view each row is one cell of the matrix.
:param min_papers => 2;
:param limit => 50;

MATCH (m:Method)<-[:USES|PROPOSES]-(p:Paper)-[:EVALUATES_ON|PROPOSES]->(b:Benchmark)
WITH m, b, count(DISTINCT p) AS papers, collect(DISTINCT p.id)[..5] AS examples
WHERE papers >= $min_papers
RETURN m.name AS method, b.name AS benchmark, papers, examples
ORDER BY papers DESC, method, benchmark
LIMIT $limit;
