"""papergraph's extractors: spaCy components for methods, benchmarks, metrics and code links.

Importing the package registers the components (also advertised through the
``spacy_factories`` entry point), so any pipeline can use them::

    >>> import spacy, extractors
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("papergraph_repos")
    >>> doc = nlp("Code: github.com/a/b.")
    >>> [(s.text, s._.pg_subtype) for s in doc.spans["papergraph"]]
    [('github.com/a/b', 'code')]

The whole default pipeline is :func:`build_pipeline`; :func:`extract` runs it
over papers and yields the ``papergraph extract`` records.
"""

from extractors import (  # noqa: F401  (registers the factories and the tokenizer)
    abbreviations,
    benchmarks,
    methods,
    repos,
    resolver,
    spans,
    terms,
    tokenizer,
    topics,
)
from extractors.pipeline import build_pipeline, doc_mentions, extract, make_doc

__all__ = ["build_pipeline", "doc_mentions", "extract", "make_doc"]
