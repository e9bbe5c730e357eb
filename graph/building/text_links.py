"""Similarity of two abstracts' distinctive terms: the weaker, explained kind of link evidence.

Concepts are the strong evidence that two papers work on the same question, but a
paper may name none that another paper shares. Its title and abstract still say
what it is about: every candidate term (:func:`graph.building.background.phrases`: content
words and phrases of up to three words) weighs ``(1 + log tf) * idf``, where the
``idf`` counts the term's papers in the 86,422 background abstracts and in the
corpus together (:class:`graph.building.background.Background`), so ``accuracy`` or
``neural networks`` weigh little even in a corpus of a few hundred papers. Each
paper keeps its ``terms_per_paper`` heaviest terms shared with another paper (its
distinctive terms); the vectors are normalised over all of its shared terms (as a
tf-idf with ``min_df=2`` is), so their products are cosines. A term held by more
than ``cap`` papers links nobody, which bounds each paper's candidates by
``terms_per_paper * cap`` and keeps the work linear; the product runs blockwise as
the concept projection does (:mod:`graph.building.projection`).

>>> texts = ["Dynamic regret of online convex optimization in non-stationary settings",
...          "Improved dynamic regret for non-stationary online learning",
...          "Speculative decoding speeds up large language model inference"]
>>> vectors = term_vectors(texts, cap=10)
>>> links = text_links(vectors, top_k=2)
>>> [(a, b) for a, b in zip(links.first.tolist(), links.second.tolist())]
[(0, 1)]
>>> shared_terms([vectors], links.first, links.second, 3)[0]
['dynamic regret', 'non-stationary', 'regret']
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy
import scipy.sparse

from graph.building.background import Background, background, chunks, phrases
from graph.building.projection import row_blocks, strongest_links

__all__ = ["TERMS_PER_PAPER", "TermVectors", "corpus_vectors", "distinctive", "shared_counts",
           "shared_terms", "term_vectors", "text_links"]  # fmt: skip

TERMS_PER_PAPER = 30  # distinctive terms a paper links by
PAIRS_AT_ONCE = 100_000  # pairs whose rows are copied at once: bounds the memory
TITLE_WEIGHT = 2  # a title word counts as three mentions: titles name what a paper is about


@dataclass(frozen=True)
class TermVectors:
    """Rows: papers; columns: ``vocabulary``; entries: tf-idf weights of each paper's
    distinctive terms, divided by the norm of all its shared terms; ``held``: how many
    papers hold each term."""

    matrix: scipy.sparse.csr_matrix
    vocabulary: list[str]
    held: numpy.ndarray

    def papers_holding(self) -> dict[str, int]:
        """Term -> how many papers hold it."""
        return dict(zip(self.vocabulary, self.held.tolist(), strict=True))


def _candidates(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for words in chunks(text):
        counts.update(phrases(words))
    return counts


def term_vectors(
    texts: Sequence[str],
    cap: float = 200,
    terms_per_paper: int = TERMS_PER_PAPER,
    table: Background | None = None,
    titles: Sequence[str] | None = None,
) -> TermVectors:
    """The :class:`TermVectors` of ``texts`` (a paper's title and abstract each); the
    terms of ``titles`` (the same papers' titles) count ``TITLE_WEIGHT`` times more."""
    table = background() if table is None else table
    counted = [_candidates(text) for text in texts]
    for counts, title in zip(counted, titles or [], strict=False):
        for term in _candidates(title):  # a title names what the paper is about
            counts[term] += TITLE_WEIGHT
    df: Counter[str] = Counter()
    for counts in counted:
        df.update(counts.keys())
    n = len(texts)
    linking = sorted(term for term, papers in df.items() if 2 <= papers <= cap)
    column = {term: i for i, term in enumerate(linking)}
    idf = {term: table.idf(term, df[term], n) for term in linking}
    indptr, indices, data = [0], [], []
    for counts in counted:
        weights = {
            term: (1.0 + math.log(tf)) * idf[term] for term, tf in counts.items() if term in column
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        mine = sorted((-w, term) for term, w in weights.items())
        for w, term in sorted(mine[:terms_per_paper], key=lambda item: column[item[1]]):
            indices.append(column[term])
            data.append(-w / norm)
        indptr.append(len(indices))
    matrix = scipy.sparse.csr_matrix(
        (
            numpy.array(data, dtype=numpy.float64),
            numpy.array(indices, dtype=numpy.int64),
            numpy.array(indptr, dtype=numpy.int64),
        ),
        shape=(n, len(linking)),
    )
    return TermVectors(matrix, linking, numpy.array([df[term] for term in linking], dtype=int))


def corpus_vectors(texts: Sequence[str]) -> TermVectors:
    """The plain tf-idf vectors of ``texts`` over the corpus's own vocabulary, as a
    text-similarity search makes them (words and word pairs held by at least two
    papers and at most half of them, English stop words left out, ``1 + log tf``, the
    corpus's own ``idf``, rows of norm 1). Where the background ``idf`` of
    :func:`term_vectors` knows what is common in machine learning at large, this one
    knows what is common in the corpus at hand (``LLM`` in a corpus of LLM papers);
    links weigh both.

    >>> texts = ["dynamic regret bounds", "dynamic regret", "speculative decoding", "decoding"]
    >>> vectors = corpus_vectors(texts)
    >>> vectors.vocabulary
    ['decoding', 'dynamic', 'dynamic regret', 'regret']
    >>> round(float(cosines(vectors, numpy.array([0]), numpy.array([1]))[0]), 2)
    1.0
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        stop_words="english",
        sublinear_tf=True,
        ngram_range=(1, 2),
        min_df=2,
        max_df=0.5,
        dtype=numpy.float64,
    )
    try:
        matrix = vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # no word held by two papers
        return TermVectors(scipy.sparse.csr_matrix((len(texts), 0)), [], numpy.zeros(0, int))
    held = numpy.diff(matrix.tocsc().indptr)
    return TermVectors(matrix, vectorizer.get_feature_names_out().tolist(), held)


def distinctive(
    vectors: TermVectors, cap: float, terms_per_paper: int = TERMS_PER_PAPER
) -> TermVectors:
    """``vectors`` keeping, per paper, its ``terms_per_paper`` heaviest terms among those
    held by at most ``cap`` papers: what bounds the candidates a paper's text finds
    (see :func:`term_vectors`)."""
    X, held = vectors.matrix, vectors.held
    rows = numpy.repeat(numpy.arange(X.shape[0]), numpy.diff(X.indptr))
    usable = numpy.flatnonzero(held[X.indices] <= cap)
    # per row, heaviest first (weights are at most 1); ties stay in column order
    order = usable[numpy.argsort(rows[usable] * 2.0 + (1.0 - X.data[usable]), kind="stable")]
    first_of_row = numpy.searchsorted(rows[order], numpy.arange(X.shape[0]))
    chosen = order[numpy.arange(len(order)) - first_of_row[rows[order]] < terms_per_paper]
    kept = scipy.sparse.csr_matrix(
        (X.data[chosen], (rows[chosen], X.indices[chosen])), shape=X.shape
    )
    kept.sort_indices()
    return TermVectors(kept, vectors.vocabulary, held)


@dataclass(frozen=True)
class TextLinks:
    """Pairs ``first < second`` of rows and their term cosine ``weight``."""

    first: numpy.ndarray
    second: numpy.ndarray
    weight: numpy.ndarray


def text_links(vectors: TermVectors, top_k: int = 10) -> TextLinks:
    """The links among each paper's ``top_k`` most similar papers by distinctive terms."""
    X = vectors.matrix
    transposed = X.T.tocsr()
    n = X.shape[0]
    pattern = X.copy()
    pattern.data[:] = 1.0
    codes, weights = [numpy.zeros(0, dtype=numpy.int64)], [numpy.zeros(0)]
    for start, stop in row_blocks(pattern):
        block = (X[start:stop] @ transposed).tocsr()
        found, weight = strongest_links(block, start, top_k)
        codes.append(found)
        weights.append(weight)
    code, first = numpy.unique(numpy.concatenate(codes), return_index=True)
    first_rows, second_rows = numpy.divmod(code, max(n, 1))
    return TextLinks(first_rows, second_rows, numpy.concatenate(weights)[first])


def cosines(vectors: TermVectors, first: numpy.ndarray, second: numpy.ndarray) -> numpy.ndarray:
    """The term cosine of each pair of rows (0 when they share no distinctive term)."""
    X = vectors.matrix
    found = [numpy.zeros(0)]
    for start in range(0, len(first), PAIRS_AT_ONCE):  # the rows of a few pairs at a time
        a, b = first[start : start + PAIRS_AT_ONCE], second[start : start + PAIRS_AT_ONCE]
        found.append(numpy.asarray(X[a].multiply(X[b]).sum(axis=1)).ravel())
    return numpy.concatenate(found)


def shared_counts(
    vectors: TermVectors, first: numpy.ndarray, second: numpy.ndarray
) -> numpy.ndarray:
    """How many distinctive terms each pair of rows shares."""
    pattern = vectors.matrix.copy()
    pattern.data[:] = 1.0
    return cosines(TermVectors(pattern, vectors.vocabulary, vectors.held), first, second)


def shared_terms(
    views: Sequence[TermVectors], first: numpy.ndarray, second: numpy.ndarray, keep: int = 5
) -> list[list[str]]:
    """Per pair, its ``keep`` shared terms of each view (those adding most to the view's
    cosine, heaviest first), the first view's first, then the others' new ones."""
    found: list[list[str]] = [[] for _ in range(len(first))]
    for vectors in views:
        for mine, theirs in zip(found, _shared_terms(vectors, first, second, keep), strict=True):
            mine.extend(term for term in theirs if term not in mine)
    return found


def _shared_terms(
    vectors: TermVectors, first: numpy.ndarray, second: numpy.ndarray, keep: int
) -> list[list[str]]:
    if len(first) > PAIRS_AT_ONCE:  # the rows of a few pairs at a time
        return [
            terms
            for start in range(0, len(first), PAIRS_AT_ONCE)
            for terms in _shared_terms(
                vectors,
                first[start : start + PAIRS_AT_ONCE],
                second[start : start + PAIRS_AT_ONCE],
                keep,
            )
        ]
    X = vectors.matrix
    if len(first) == 0:
        return []
    both = X[first].multiply(X[second]).tocsr()
    both.eliminate_zeros()
    rows = numpy.repeat(numpy.arange(both.shape[0]), numpy.diff(both.indptr))
    order = numpy.lexsort((both.indices, -both.data, rows))
    rank = numpy.arange(len(order)) - both.indptr[rows[order]]
    chosen = order[rank < keep]
    vocabulary = numpy.array(vectors.vocabulary, dtype=object)
    found: list[list[str]] = [[] for _ in range(both.shape[0])]
    for row, term in zip(
        rows[chosen].tolist(), vocabulary[both.indices[chosen]].tolist(), strict=True
    ):
        found[row].append(term)
    return found
