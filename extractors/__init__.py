"""papergraph's extractors: spaCy components for methods, benchmarks, metrics and code links."""
