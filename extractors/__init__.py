"""papergraph's extractors: spaCy components for methods, benchmarks, metrics and code links.

Importing the package registers the components, so after ``pip install papergraph``
any pipeline can use them::

    >>> import spacy, extractors
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("papergraph_repos")
    >>> doc = nlp("Code: github.com/a/b.")
    >>> [(s.text, s._.pg_subtype) for s in doc.spans["papergraph"]]
    [('github.com/a/b', 'code')]
"""

from extractors import repos, spans, terms  # noqa: F401  (registers the factories)

__all__ = ["repos", "spans", "terms"]
