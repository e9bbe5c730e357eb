"""How much evidence a link needs: two pieces, unless its one piece is rare or a builds-on.

Two papers that share one common thing (one topic held by a tenth of the corpus, one
distinctive term such as ``pruning``) may well work on different questions; two papers
that share two things, or one thing hardly anybody else has, seldom do. So a link
stands on its own only when its ``shared`` list (the specific concepts, then the
generic ones, then the shared distinctive terms the concepts do not already say) holds
at least two entries, or its single entry is **rare** (held by at most ``RARE_PAPERS``
papers and at most ``RARE_SHARE`` of the corpus, or by the two papers alone, which in
a corpus of a few dozen papers is rare enough), or it is a builds-on pair. A paper
that would be left with no link at all keeps its strongest one, so that every paper
with evidence still gets an answer from ``related`` (such a link is the one kind that
stands on a single common entry).

>>> rows = [("a", "b", {"weight": 0.5, "shared": ["topic:pruning"], "evidence": ["topic"]}),
...         ("a", "c", {"weight": 0.4, "shared": ["topic:pruning", "term:sparse"],
...                     "evidence": ["terms", "topic"]}),
...         ("b", "d", {"weight": 0.2, "shared": ["term:soup"], "evidence": ["terms"]}),
...         ("c", "e", {"weight": 0.3, "shared": ["topic:pruning"], "evidence": ["topic"]})]
>>> papers_holding = {"topic:pruning": 40, "term:soup": 2}.get
>>> [(a, b) for a, b, _ in with_enough_evidence(rows, papers_holding, papers=300)]
[('a', 'c'), ('b', 'd'), ('c', 'e')]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["RARE_PAPERS", "RARE_SHARE", "is_rare", "with_enough_evidence"]

RARE_PAPERS = 5  # an entry held by at most this many papers ...
RARE_SHARE = 0.01  # ... and at most this share of the corpus may make a link alone

Link = tuple[str, str, dict[str, Any]]


def is_rare(papers_holding: int, papers: int) -> bool:
    """Whether an entry held by ``papers_holding`` of ``papers`` papers is rare.

    >>> is_rare(3, 320), is_rare(4, 320), is_rare(5, 1000), is_rare(6, 1000), is_rare(2, 60)
    (True, False, True, False, True)
    """
    if papers_holding <= 2:  # the two papers of the link alone
        return True
    return papers_holding <= RARE_PAPERS and papers_holding <= RARE_SHARE * papers


def with_enough_evidence(
    links: Sequence[Link], papers_holding: Callable[[str], int | None], papers: int
) -> list[Link]:
    """The ``links`` that have enough evidence (see the module docstring), then, for
    each paper they leave without a link, its strongest link.
    ``papers_holding(entry)`` is the number of papers holding a ``shared`` entry."""

    def enough(attributes: dict[str, Any]) -> bool:
        shared = attributes["shared"]
        if len(shared) != 1 or "builds_on" in attributes["evidence"]:
            return len(shared) > 0 or "builds_on" in attributes["evidence"]
        return is_rare(papers_holding(shared[0]) or 0, papers)

    kept = [link for link in links if enough(link[2])]
    linked = {paper for a, b, _ in kept for paper in (a, b)}
    strongest: dict[str, Link] = {}
    for link in links:
        for paper in link[:2]:
            if paper not in linked and (
                paper not in strongest or link[2]["weight"] > strongest[paper][2]["weight"]
            ):
                strongest[paper] = link
    fallback = {(a, b): attributes for a, b, attributes in strongest.values()}
    return kept + [(a, b, attributes) for (a, b), attributes in sorted(fallback.items())]
