// The schema of the papergraph mirror: constraints and indexes, every one
// IF NOT EXISTS, so applying the file again changes nothing.
// `papergraph neo4j sync` applies it statement by statement before it writes;
// after a neo4j-admin import, paste it into Neo4j Browser (or run
// `cypher-shell -f cypher/schema.cypher`). This file is the only place the
// schema is written down.

// Node keys: one uniqueness constraint per label (each also serves as an index).
CREATE CONSTRAINT paper_id IF NOT EXISTS
FOR (p:Paper) REQUIRE p.id IS UNIQUE;

CREATE CONSTRAINT concept_key IF NOT EXISTS
FOR (c:Concept) REQUIRE c.key IS UNIQUE;

CREATE CONSTRAINT method_key IF NOT EXISTS
FOR (c:Method) REQUIRE c.key IS UNIQUE;

CREATE CONSTRAINT benchmark_key IF NOT EXISTS
FOR (c:Benchmark) REQUIRE c.key IS UNIQUE;

CREATE CONSTRAINT metric_key IF NOT EXISTS
FOR (c:Metric) REQUIRE c.key IS UNIQUE;

CREATE CONSTRAINT repository_key IF NOT EXISTS
FOR (c:Repository) REQUIRE c.key IS UNIQUE;

CREATE CONSTRAINT topic_key IF NOT EXISTS
FOR (c:Topic) REQUIRE c.key IS UNIQUE;

CREATE CONSTRAINT cluster_id IF NOT EXISTS
FOR (k:Cluster) REQUIRE k.id IS UNIQUE;

// Lookups the queries in cypher/ make.
CREATE INDEX concept_name IF NOT EXISTS
FOR (c:Concept) ON (c.name);

CREATE INDEX paper_year IF NOT EXISTS
FOR (p:Paper) ON (p.year);

CREATE INDEX paper_cluster IF NOT EXISTS
FOR (p:Paper) ON (p.cluster);

CREATE INDEX paper_bridge_score IF NOT EXISTS
FOR (p:Paper) ON (p.bridge_score);

CREATE INDEX paper_arxiv_id IF NOT EXISTS
FOR (p:Paper) ON (p.arxiv_id);

CREATE INDEX shares_concept_weight IF NOT EXISTS
FOR ()-[s:SHARES_CONCEPT]-() ON (s.weight);

// Full-text search over titles and abstracts (cypher/search.cypher).
CREATE FULLTEXT INDEX paper_text IF NOT EXISTS
FOR (p:Paper) ON EACH [p.title, p.abstract];
