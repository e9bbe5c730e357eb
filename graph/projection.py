"""Paper-to-paper links from shared concepts: a blockwise sparse product under a cap, with top-k.

Two papers are linked when they mention a common concept; the link's weight is
the sum of the shared concepts' ``idf``. In matrix terms the weights are the
off-diagonal entries of ``X · diag(idf) · Xᵀ`` for the 0/1 paper-by-concept
matrix ``X``, and that is how they are computed: with ``scipy.sparse``, one block
of papers at a time, so memory holds one block's candidate pairs, never all of
them. Two bounds keep the work and the graph linear in the number of papers:

* the **cap** (:func:`concept_cap`): a concept mentioned by more than ``max_df``
  of the papers (once there are ``min_papers_for_cap``), or by more than
  ``max_papers`` (200) papers, links nobody; at that frequency it says little about
  closeness, and each paper then has at most ``concepts * cap`` candidates (a cap
  of 1,000 made the product 35 times slower at 100,000 papers than at 10,000);
* **top-k**: a link is kept when it is among the ``top_k`` strongest of either
  of its papers (ties go to the paper listed first), so a paper has at least
  ``min(k, candidates)`` links and the graph at most ``k`` links per paper.

>>> rows = [["method:lora", "benchmark:glue"], ["method:lora"], ["benchmark:glue"], []]
>>> concepts, idf = ["method:lora", "benchmark:glue"], {"method:lora": 0.7, "benchmark:glue": 0.7}
>>> links = concept_links(concept_matrix(rows, concepts), concepts, idf, top_k=None)
>>> [(a, b, round(w, 2), shared) for a, b, w, shared in links]
[(0, 1, 0.7, ['method:lora']), (0, 2, 0.7, ['benchmark:glue'])]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy
import scipy.sparse

__all__ = ["DEFAULT_TOP_K", "MAX_CONCEPT_PAPERS", "concept_cap", "concept_links",
           "concept_matrix", "member_matrix", "row_blocks"]  # fmt: skip

MAX_CONCEPT_PAPERS = 200  # beyond this, a shared concept says little and costs much
DEFAULT_TOP_K = 10
BLOCK_WORK = 8_000_000  # candidate pairs one block may hold (about 100 MB)


def concept_cap(papers: int, max_df: float = 0.2, min_papers_for_cap: int = 20,
                max_papers: int | None = MAX_CONCEPT_PAPERS) -> float:  # fmt: skip
    """The most papers a concept may have and still link papers.

    >>> concept_cap(320), concept_cap(10), concept_cap(100_000)
    (64.0, 20, 200)
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


def member_matrix(members: Sequence[Sequence[int]], papers: int) -> scipy.sparse.csr_matrix:
    """The same 0/1 matrix from the other side: ``members[c]`` lists the papers (row
    numbers) of concept ``c``.

    >>> member_matrix([[0], [0, 1]], 3).toarray().tolist()
    [[1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
    """
    lengths = numpy.fromiter((len(rows) for rows in members), dtype=numpy.int64,
                             count=len(members))  # fmt: skip
    rows = numpy.fromiter((r for found in members for r in found), dtype=numpy.int64,
                          count=int(lengths.sum()))  # fmt: skip
    columns = numpy.repeat(numpy.arange(len(members), dtype=numpy.int64), lengths)
    X = scipy.sparse.csr_matrix((numpy.ones(len(rows)), (rows, columns)),
                                shape=(papers, len(members)))  # fmt: skip
    X.sum_duplicates()  # also sorts the column indices of each row
    X.data[:] = 1.0
    return X


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


def _lower_bounds(indptr: numpy.ndarray, weights: numpy.ndarray, k: int) -> numpy.ndarray:
    """Per entry of a CSR block, a weight its row's ``k``-th strongest entry is sure to
    reach: the highest of ``max, 0.9 max, ... max/16`` that at least ``k`` of the row's
    entries reach (else 0). Entries below it cannot be among the row's ``k`` strongest,
    so only the rest need sorting: a few linear passes instead of sorting every
    candidate."""
    lengths = numpy.diff(indptr)
    filled = numpy.flatnonzero(lengths)
    starts = indptr[filled]
    highest = numpy.maximum.reduceat(weights, starts)
    per_entry = numpy.repeat(numpy.arange(len(filled)), lengths[filled])
    bound = numpy.zeros(len(filled))
    for fraction in (1 / 16, 1 / 4, 1 / 2, 3 / 4, 9 / 10, 1):  # each overrides a looser bound
        level = highest * fraction
        reached = numpy.add.reduceat((weights >= level[per_entry]).view(numpy.int8), starts,
                                     dtype=numpy.int64)  # fmt: skip
        bound = numpy.where(reached >= k, level, bound)
    return bound[per_entry]


def _block_links(block: scipy.sparse.csr_matrix, start: int, n: int, top_k: int | None
                 ) -> tuple[numpy.ndarray, numpy.ndarray]:  # fmt: skip
    """Codes ``i * n + j`` (``i < j``) and weights of the links that rows ``start...`` of
    the product keep: all later rows without ``top_k``, else each row's ``top_k``
    strongest (ties: lower column first). Vectorised over the whole block."""
    rows = numpy.repeat(numpy.arange(start, start + block.shape[0], dtype=numpy.int64),
                        numpy.diff(block.indptr))  # fmt: skip
    columns, weights = block.indices, block.data
    if top_k is None:
        keep = (columns > rows) & (weights > 0)
        rows, columns, weights = rows[keep], columns[keep], weights[keep]
    else:
        weights = numpy.where(columns == rows, 0.0, weights)  # a paper is not its own link
        survivors = weights >= _lower_bounds(block.indptr, weights, top_k)
        survivors &= weights > 0
        rows, columns, weights = rows[survivors], columns[survivors], weights[survivors]
        order = numpy.lexsort((columns, -weights, rows))  # by row, strongest first
        rows, columns, weights = rows[order], columns[order], weights[order]
        first = numpy.flatnonzero(numpy.r_[True, rows[1:] != rows[:-1]])
        rank = numpy.arange(len(rows)) - numpy.repeat(first, numpy.diff(numpy.r_[first, len(rows)]))
        strongest = rank < top_k
        rows, columns, weights = rows[strongest], columns[strongest], weights[strongest]
    columns = columns.astype(numpy.int64)
    return numpy.minimum(rows, columns) * n + numpy.maximum(rows, columns), weights


def concept_links(
    X: scipy.sparse.csr_matrix,
    concepts: Sequence[str],
    idf: Mapping[str, float],
    top_k: int | None = DEFAULT_TOP_K,
    work: int = BLOCK_WORK,
) -> list[tuple[int, int, float, list[str]]]:
    """``(i, j, weight, shared keys)`` for rows ``i < j`` of the 0/1 paper-by-concept
    matrix ``X`` (:func:`concept_matrix` or :func:`member_matrix`) that share a concept.

    ``concepts`` name the columns of ``X``: the keys allowed to link (already under
    the cap), listed rarest first, so the shared keys of a link come in that order.
    A weight is the sum of the shared concepts' ``idf``; links of weight 0 are dropped.
    """
    if X.shape[0] == 0 or X.shape[1] == 0:
        return []
    weights_of = numpy.array([idf[key] for key in concepts])
    weighted = (X @ scipy.sparse.diags(weights_of)).tocsr()
    weighted.sort_indices()  # each weight sums its concepts rarest first, in every row
    transposed = X.T.tocsr()
    kept_codes, kept_weights = [], []
    n = X.shape[0]
    for start, stop in row_blocks(X, work):
        codes, weights = _block_links(weighted[start:stop] @ transposed, start, n, top_k)
        kept_codes.append(codes)
        kept_weights.append(weights)
    codes = numpy.concatenate(kept_codes)
    weights = numpy.concatenate(kept_weights)
    codes, first = numpy.unique(codes, return_index=True)  # sorted: by i, then j
    weights = weights[first]
    first_rows, second_rows = numpy.divmod(codes, n)
    shared = X[first_rows].multiply(X[second_rows]).tocsr()  # a link's shared concepts
    shared.sort_indices()  # rarest first
    keys = numpy.array(concepts, dtype=object)[shared.indices].tolist()
    bounds = shared.indptr.tolist()
    return [(i, j, weight, keys[bounds[link] : bounds[link + 1]])
            for link, (i, j, weight) in enumerate(zip(first_rows.tolist(), second_rows.tolist(),
                                                      weights.tolist(), strict=True))]  # fmt: skip
