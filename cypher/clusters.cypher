// Which clusters does the field fall into? Every cluster with its label, its
// size and its most distinctive concepts, largest first, and how many papers
// share nothing with any other (cluster -1, no :Cluster node).
// No parameters; :param min_size sets the smallest cluster listed.
:param min_size => 1;

MATCH (k:Cluster)
WHERE k.size >= $min_size
RETURN k.id AS cluster,
       k.label AS label,
       k.size AS papers,
       round(k.modularity, 3) AS modularity,
       coalesce(k.methods, []) AS methods,
       coalesce(k.benchmarks, []) AS benchmarks,
       coalesce(k.metrics, []) AS metrics,
       COUNT { MATCH (p:Paper {cluster: -1}) } AS isolated_papers
ORDER BY papers DESC, cluster;
