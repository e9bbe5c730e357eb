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
  of its papers (ties, and weights within 1e-6 of each other, go to the paper
  listed first), so a paper has at least ``min(k, candidates)`` links and the graph
  at most ``k`` links per paper. Nothing is sorted to find them: a floor from each
  paper's rarest concepts (:func:`_floors`) drops the candidates that cannot make
  its top ``k`` (four in five on the 10k benchmark corpus, two in five at 100k),
  and ``numpy.partition`` picks from the rest by a key that breaks ties by column
  (:func:`_ranking_keys`).

>>> rows = [["method:lora", "benchmark:glue"], ["method:lora"], ["benchmark:glue"], []]
>>> concepts, idf = ["method:lora", "benchmark:glue"], {"method:lora": 0.7, "benchmark:glue": 0.7}
>>> links = concept_links(concept_matrix(rows, concepts), concepts, idf, top_k=None)
>>> [(a, b, round(w, 2), shared) for a, b, w, shared in links.tuples()]
[(0, 1, 0.7, ['method:lora']), (0, 2, 0.7, ['benchmark:glue'])]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
import scipy.sparse

__all__ = ["DEFAULT_TOP_K", "MAX_CONCEPT_PAPERS", "ConceptLinks", "concept_cap", "concept_links",
           "concept_matrix", "member_matrix", "row_blocks", "strongest_links"]  # fmt: skip

MAX_CONCEPT_PAPERS = 200  # beyond this, a shared concept says little and costs much
DEFAULT_TOP_K = 10
BLOCK_WORK = 8_000_000  # candidate pairs one block may hold (about 100 MB)


def concept_cap(
    papers: int,
    max_df: float = 0.2,
    min_papers_for_cap: int = 20,
    max_papers: int | None = MAX_CONCEPT_PAPERS,
) -> float:
    """The most papers a concept may have and still link papers.

    >>> concept_cap(320), concept_cap(10), concept_cap(100_000)
    (64.0, 20, 200)
    """
    cap = max(max_df * papers, min_papers_for_cap)
    return cap if max_papers is None else min(cap, max_papers)


def concept_matrix(
    rows: Sequence[Sequence[str]], concepts: Sequence[str]
) -> scipy.sparse.csr_matrix:
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
    lengths = numpy.fromiter((len(rows) for rows in members), dtype=numpy.int64, count=len(members))
    rows = numpy.fromiter(
        (r for found in members for r in found), dtype=numpy.int64, count=int(lengths.sum())
    )
    columns = numpy.repeat(numpy.arange(len(members), dtype=numpy.int64), lengths)
    X = scipy.sparse.csr_matrix(
        (numpy.ones(len(rows)), (rows, columns)), shape=(papers, len(members))
    )
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


_TIE_STEP = 2.0**-40  # what a column takes off a ranking key: below any real weight difference


def _ranking_keys(block: scipy.sparse.csr_matrix, rows: numpy.ndarray) -> numpy.ndarray:
    """Per entry of ``block``, a key that orders its row's links strongest first, ties
    to the lower column: the weight less ``column * 2**-40`` (0 for a paper's link to
    itself and for weights of 0). Weights closer than ``columns * 2**-40`` (under 1e-6
    for a million papers: sums of the same ``idf`` in another order) count as ties.

    >>> block = scipy.sparse.csr_matrix(numpy.array([[1.0, 2.0, 1.0]]))
    >>> keys = _ranking_keys(block, numpy.array([0, 0, 0], dtype=numpy.int32))
    >>> keys.tolist() == [0.0, 2.0 - _TIE_STEP, 1.0 - 2 * _TIE_STEP]
    True
    """
    keys = block.indices.astype(numpy.float64)
    keys *= -_TIE_STEP
    keys += block.data
    keys[(block.indices == rows) | (block.data <= 0)] = 0.0
    return keys


def _strongest_entries(
    block: scipy.sparse.csr_matrix, keys: numpy.ndarray, top_k: int
) -> numpy.ndarray:
    """The entries (positions in ``block.data``) among the ``top_k`` of their row by the
    positive ``keys``: rows of similar length (the same next power of two, at least
    ``top_k``) padded with zeros into one dense array, each row's ``k``-th key found by
    ``numpy.partition`` (linear; nothing is sorted).

    >>> block = scipy.sparse.csr_matrix(numpy.array([[3.0, 2.0, 1.0], [0, 0, 4.0]]))
    >>> sorted(_strongest_entries(block, block.data, top_k=2).tolist())
    [0, 1, 3]
    """
    lengths = numpy.diff(block.indptr)
    widths = numpy.left_shift(
        1, numpy.ceil(numpy.log2(numpy.maximum(lengths, top_k))).astype(numpy.int64)
    )
    ranked = scipy.sparse.csr_matrix((keys, block.indices, block.indptr), shape=block.shape)
    found = [numpy.zeros(0, dtype=numpy.int64)]
    for width in numpy.unique(widths[lengths > 0]).tolist():
        group = numpy.flatnonzero((widths == width) & (lengths > 0))
        rows = ranked[group]
        within = numpy.arange(rows.nnz) - numpy.repeat(rows.indptr[:-1], numpy.diff(rows.indptr))
        padded = scipy.sparse.csr_matrix(
            (rows.data, within, rows.indptr), shape=(len(group), width)
        ).toarray()
        kth = numpy.partition(padded, width - top_k, axis=1)[:, width - top_k, None]
        row, place = numpy.nonzero((padded >= kth) & (padded > 0))
        found.append(block.indptr[group[row]] + place)
    return numpy.concatenate(found)


def _block_links(
    block: scipy.sparse.csr_matrix, start: int, top_k: int | None
) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Codes ``i * n + j`` (``i < j``) and weights of the links that rows ``start...`` of
    the product keep: all later rows without ``top_k``, else each row's ``top_k``
    strongest (ties: lower column first)."""
    n = block.shape[1]
    rows = numpy.repeat(
        numpy.arange(start, start + block.shape[0], dtype=block.indices.dtype),
        numpy.diff(block.indptr),
    )
    if top_k is None:
        kept = numpy.flatnonzero((block.indices > rows) & (block.data > 0))
    else:
        kept = _strongest_entries(block, _ranking_keys(block, rows), top_k)
    first, second = rows[kept].astype(numpy.int64), block.indices[kept].astype(numpy.int64)
    return numpy.minimum(first, second) * n + numpy.maximum(first, second), block.data[kept]


def strongest_links(
    block: scipy.sparse.csr_matrix, start: int, top_k: int | None
) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Codes ``i * n + j`` (``i < j``) and weights of the links among the ``top_k``
    strongest of each row of ``block`` (rows ``start...`` of a paper-by-paper product
    or weight matrix; all positive entries without ``top_k``).

    >>> block = scipy.sparse.csr_matrix(numpy.array([[0, 3.0, 1.0], [3.0, 0, 2.0]]))
    >>> codes, weights = strongest_links(block, 0, top_k=1)
    >>> codes.tolist(), weights.tolist()
    ([1, 1], [3.0, 3.0])
    """
    if top_k is None:
        rows = numpy.repeat(numpy.arange(start, start + block.shape[0]), numpy.diff(block.indptr))
        kept = numpy.flatnonzero((block.indices != rows) & (block.data > 0))
        first, second = rows[kept].astype(numpy.int64), block.indices[kept].astype(numpy.int64)
        n = block.shape[1]
        return numpy.minimum(first, second) * n + numpy.maximum(first, second), block.data[kept]
    return _block_links(block, start, top_k)


@dataclass(frozen=True)
class ConceptLinks:
    """Links as arrays, one entry per link, ordered by ``first`` then ``second``, with
    the concepts each link shares: what the projection hands the graph builder. (The
    analysis stage reads the links back from the built graph as
    :class:`graph.analysis.backends.Links`, which has no shared concepts.)

    ``first < second`` are row numbers of the paper-by-concept matrix (or, once
    ``papers`` is set, index it for the names); ``weight`` is the sum of the shared
    concepts' ``idf``; row ``i`` of the 0/1 links-by-concepts matrix ``shared`` holds
    link ``i``'s shared concepts, columns named by ``concepts`` (rarest first).
    """

    first: numpy.ndarray
    second: numpy.ndarray
    weight: numpy.ndarray
    shared: scipy.sparse.csr_matrix
    concepts: Sequence[str]
    papers: Sequence[str] | None = None

    def __len__(self) -> int:
        return len(self.first)

    def tuples(self) -> Iterator[tuple[Any, Any, float, list[str]]]:
        """``(a, b, weight, shared keys)`` per link, ``a`` and ``b`` names when
        ``papers`` is set, else row numbers."""
        keys = numpy.array(self.concepts, dtype=object)[self.shared.indices].tolist()
        bounds = self.shared.indptr.tolist()
        first, second = self.first.tolist(), self.second.tolist()
        if self.papers is not None:
            first, second = [self.papers[i] for i in first], [self.papers[j] for j in second]
        weights = self.weight.tolist()
        for link, (a, b, weight) in enumerate(zip(first, second, weights, strict=True)):
            yield a, b, weight, keys[bounds[link] : bounds[link + 1]]


def _floors(X: scipy.sparse.csr_matrix, idf: numpy.ndarray, top_k: int) -> numpy.ndarray:
    """Per row of ``X`` (columns rarest first, so ``idf`` descends), a weight its
    ``top_k``-th strongest link is sure to reach: the ``idf`` of the row's first concept
    by which one of its concepts has ``top_k`` other papers, each of them linked by
    at least that weight. Candidates below the floor cannot be among the row's
    ``top_k`` (0: no floor). ``X`` may be weighted: only its pattern counts.

    >>> X = concept_matrix([["a", "b"], ["a", "b"], ["b"]], ["a", "b"])
    >>> _floors(X, numpy.array([2.0, 1.0]), top_k=1).tolist()
    [2.0, 2.0, 1.0]
    >>> _floors(X, numpy.array([2.0, 1.0]), top_k=3).tolist()
    [0.0, 0.0, 0.0]
    """
    lengths = numpy.diff(X.indptr)
    others = numpy.bincount(X.indices, minlength=X.shape[1])[X.indices] - 1
    offsets = numpy.repeat(numpy.arange(X.shape[0], dtype=numpy.int64), lengths) * (X.shape[0] + 1)
    reach = numpy.maximum.accumulate(others + offsets) - offsets  # running maximum per row
    counted = numpy.concatenate(([0], numpy.cumsum(reach < top_k)))
    before = counted[X.indptr[1:]] - counted[X.indptr[:-1]]
    reached = numpy.flatnonzero(before < lengths)
    floors = numpy.zeros(X.shape[0])
    floors[reached] = idf[X.indices[X.indptr[reached] + before[reached]]]
    return floors


def concept_links(
    X: scipy.sparse.csr_matrix,
    concepts: Sequence[str],
    idf: Mapping[str, float],
    top_k: int | None = DEFAULT_TOP_K,
    work: int = BLOCK_WORK,
) -> ConceptLinks:
    """The :class:`ConceptLinks` between rows of the 0/1 paper-by-concept matrix ``X``
    (:func:`concept_matrix` or :func:`member_matrix`) that share a concept.

    ``concepts`` name the columns of ``X``: the keys allowed to link (already under
    the cap), listed rarest first, so the shared keys of a link come in that order.
    A weight is the sum of the shared concepts' ``idf``; links of weight 0 are dropped.
    """
    weights_of = numpy.array([idf[key] for key in concepts], dtype=numpy.float64)
    weighted = (X @ scipy.sparse.diags(weights_of)).tocsr()
    weighted.sort_indices()  # each weight sums its concepts rarest first, in every row
    transposed = X.T.tocsr()
    n = X.shape[0]
    floors = None  # without top_k, or with columns not rarest first, nothing can be dropped
    if top_k is not None and numpy.all(numpy.diff(weights_of) <= 0):
        floors = _floors(weighted, weights_of, top_k)
    kept_codes, kept_weights = [numpy.zeros(0, dtype=numpy.int64)], [numpy.zeros(0)]
    for start, stop in row_blocks(X, work):
        block = weighted[start:stop] @ transposed
        if floors is not None:  # candidates below the floor of their row
            block.data[block.data < numpy.repeat(floors[start:stop], numpy.diff(block.indptr))] = 0
            block.eliminate_zeros()
        codes, weights = _block_links(block, start, top_k)
        kept_codes.append(codes)
        kept_weights.append(weights)
    codes, first = numpy.unique(numpy.concatenate(kept_codes), return_index=True)  # by i, then j
    weights = numpy.concatenate(kept_weights)[first]
    first_rows, second_rows = numpy.divmod(codes, max(n, 1))
    shared = X[first_rows].multiply(X[second_rows]).tocsr()  # a link's shared concepts
    shared.sort_indices()  # rarest first
    return ConceptLinks(first_rows, second_rows, weights, shared, list(concepts))
