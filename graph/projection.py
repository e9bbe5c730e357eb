"""Paper-to-paper links from shared concepts: a blockwise sparse product under a cap, with top-k.

Two papers are linked when they mention a common concept; the link's weight is
the sum of the shared concepts' ``idf``. In matrix terms the weights are the
off-diagonal entries of ``X · diag(idf) · Xᵀ`` for the 0/1 paper-by-concept
matrix ``X``, and that is how they are computed: with ``scipy.sparse``, one block
of papers at a time, so memory holds one block's candidate pairs, never all of
them. Two bounds keep the work and the graph linear in the number of papers:

* the **cap** (:func:`concept_cap`): a concept mentioned by more than ``max_df``
  of the papers (once there are ``min_papers_for_cap``), or by more than
  ``max_papers`` papers, links nobody; at that frequency it says little about
  closeness, and each paper then has at most ``concepts * cap`` candidates;
* **top-k**: a link is kept when it is among the ``top_k`` strongest of either
  of its papers (ties go to the paper listed first), so a paper has at least
  ``min(k, candidates)`` links and the graph at most ``k`` links per paper.

>>> rows = [["method:lora", "benchmark:glue"], ["method:lora"], ["benchmark:glue"], []]
>>> idf = {"method:lora": 0.7, "benchmark:glue": 0.7}
>>> links = concept_links(rows, ["method:lora", "benchmark:glue"], idf, top_k=None)
>>> [(a, b, round(w, 2), shared) for a, b, w, shared in links]
[(0, 1, 0.7, ['method:lora']), (0, 2, 0.7, ['benchmark:glue'])]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy
import scipy.sparse

__all__ = ["DEFAULT_TOP_K", "MAX_CONCEPT_PAPERS", "concept_cap", "concept_links",
           "concept_matrix", "row_blocks"]  # fmt: skip

MAX_CONCEPT_PAPERS = 1000
DEFAULT_TOP_K = 10
BLOCK_WORK = 8_000_000  # candidate pairs one block may hold (about 100 MB)


def concept_cap(papers: int, max_df: float = 0.2, min_papers_for_cap: int = 20,
                max_papers: int | None = MAX_CONCEPT_PAPERS) -> float:  # fmt: skip
    """The most papers a concept may have and still link papers.

    >>> concept_cap(320), concept_cap(10), concept_cap(100_000)
    (64.0, 20, 1000)
    """
    cap = max(max_df * papers, min_papers_for_cap)
    return cap if max_papers is None else min(cap, max_papers)


def concept_matrix(rows: Sequence[Sequence[str]], concepts: Sequence[str]
                   ) -> scipy.sparse.csr_matrix:  # fmt: skip
    """The 0/1 matrix of papers (``rows``, each a list of concept keys) by ``concepts``
    (keys not among ``concepts`` are left out); column indices ascend in each row.

    >>> concept_matrix([["b", "a", "x"], []], ["a", "b"]).toarray().tolist()
    [[1.0, 1.0], [0.0, 0.0]]
    """
    column = {key: i for i, key in enumerate(concepts)}
    indptr, indices = [0], []
    for keys in rows:
        indices.extend(sorted({column[key] for key in keys if key in column}))
        indptr.append(len(indices))
    data = numpy.ones(len(indices))
    return scipy.sparse.csr_matrix(
        (data, numpy.array(indices, dtype=numpy.int64), numpy.array(indptr, dtype=numpy.int64)),
        shape=(len(rows), len(concepts)),
    )


def row_blocks(X: scipy.sparse.csr_matrix, work: int = BLOCK_WORK) -> list[tuple[int, int]]:
    """``(start, stop)`` row ranges of ``X`` whose product with ``Xᵀ`` holds at most
    about ``work`` candidate pairs each (a single heavier row is a block of its own).

    >>> X = concept_matrix([["a"], ["a"], ["a"]], ["a"])
    >>> row_blocks(X, work=4)
    [(0, 1), (1, 2), (2, 3)]
    """
    df = numpy.asarray(X.sum(axis=0)).ravel()
    per_row = X @ df  # candidates of each row, itself included
    ends = numpy.cumsum(per_row)
    blocks, start = [], 0
    while start < X.shape[0]:
        base = ends[start - 1] if start else 0.0
        stop = int(numpy.searchsorted(ends, base + work, side="right"))
        stop = max(stop, start + 1)
        blocks.append((start, stop))
        start = stop
    return blocks


def _strongest(columns: numpy.ndarray, weights: numpy.ndarray, k: int) -> numpy.ndarray:
    """The ``k`` columns with the highest weights (ties: lower column first), in O(n)."""
    if len(weights) <= k:
        return columns
    threshold = -numpy.partition(-weights, k - 1)[k - 1]
    above = weights > threshold
    ties = numpy.flatnonzero(weights == threshold)[: k - int(above.sum())]
    above[ties] = True
    return columns[above]


def concept_links(
    rows: Sequence[Sequence[str]],
    concepts: Sequence[str],
    idf: Mapping[str, float],
    top_k: int | None = DEFAULT_TOP_K,
    work: int = BLOCK_WORK,
) -> list[tuple[int, int, float, list[str]]]:
    """``(i, j, weight, shared keys)`` for rows ``i < j`` that share any of ``concepts``.

    ``concepts`` are the keys allowed to link (already under the cap), listed
    rarest first: the shared keys of a link come in that order. A weight is the
    sum of the shared concepts' ``idf``; links of weight 0 are dropped.
    """
    if not rows or not concepts:
        return []
    X = concept_matrix(rows, concepts)
    weights_of = numpy.array([idf[key] for key in concepts])
    weighted = (X @ scipy.sparse.diags(weights_of)).tocsr()
    transposed = X.T.tocsr()
    kept_codes, kept_weights = [], []
    n = len(rows)
    for start, stop in row_blocks(X, work):
        block = (weighted[start:stop] @ transposed).tocsr()
        block.sort_indices()
        for offset in range(stop - start):
            i = start + offset
            lo, hi = block.indptr[offset], block.indptr[offset + 1]
            columns, weights = block.indices[lo:hi], block.data[lo:hi]
            others = (columns != i) & (weights > 0)
            columns, weights = columns[others], weights[others]
            if top_k is None:
                later = columns > i
                kept_codes.append(i * n + columns[later].astype(numpy.int64))
                kept_weights.append(weights[later])
                continue
            chosen = _strongest(columns, weights, top_k).astype(numpy.int64)
            kept_codes.append(numpy.minimum(chosen, i) * n + numpy.maximum(chosen, i))
            kept_weights.append(weights[numpy.isin(columns, chosen, assume_unique=True)])
    if not kept_codes:
        return []
    codes = numpy.concatenate(kept_codes)
    weights = numpy.concatenate(kept_weights)
    codes, first = numpy.unique(codes, return_index=True)  # sorted: by i, then j
    weights = weights[first]
    first_rows, second_rows = numpy.divmod(codes, n)
    indptr, indices = X.indptr, X.indices
    row_columns = [indices[indptr[r] : indptr[r + 1]].tolist() for r in range(n)]
    links = []
    for i, j, weight in zip(first_rows.tolist(), second_rows.tolist(), weights.tolist(),
                            strict=True):  # fmt: skip
        other = set(row_columns[j])
        links.append((i, j, weight, [concepts[c] for c in row_columns[i] if c in other]))
    return links
