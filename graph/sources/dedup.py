"""De-duplication: one paper read many times becomes one record.

Records are matched on their arXiv id, then DOI, then the id the input gave,
then their normalised title (:func:`graph.paper.normalize_title`). Two records
with different arXiv ids or different DOIs are never merged, whatever their
titles. A merged record keeps the union of what its sources knew and lists every
source. Papers whose input gave no id get one from their strongest key
(:func:`graph.paper.derive_id`), so a paper has the same id in every run.

    >>> from graph.paper import Paper
    >>> dedup = Deduplicator()
    >>> dedup.add(Paper(title="Deep Residual Learning", upvotes=3))
    >>> dedup.add(Paper(title="Deep residual learning.", upvotes=9, date="2015-12-10"))
    >>> [p] = dedup.finish()
    >>> p.upvotes, p.date, dedup.merged
    (9, '2015-12-10', 1)
"""

from __future__ import annotations

import hashlib

from graph.paper import Paper, derive_id, normalize_title
from graph.sources.records import Reject

__all__ = ["Deduplicator", "dedup_keys"]


def dedup_keys(paper: Paper) -> list[str]:
    """The keys ``paper`` can be matched on, strongest first.

    >>> dedup_keys(Paper(id="x7", title="Attention Is All You Need", arxiv_id="1706.03762"))
    ['arxiv:1706.03762', 'id:x7', 'title:attention is all you need']
    """
    keys = []
    if paper.arxiv_id:
        keys.append(f"arxiv:{paper.arxiv_id}")
    if paper.doi:
        keys.append(f"doi:{paper.doi}")
    if paper.id:
        keys.append(f"id:{paper.id}")
    title = normalize_title(paper.title)
    if title:
        keys.append(f"title:{title}")
    elif abstract := normalize_title(paper.abstract):  # a title of punctuation only ("!!!")
        digest = hashlib.blake2b(abstract.encode(), digest_size=16)
        keys.append(f"abstract:{digest.hexdigest()}")
    return keys


def _conflict(a: Paper, b: Paper, key: str) -> str | None:
    """Why ``a`` and ``b``, matched on ``key``, cannot be the same paper, or None.

    Titles may change between versions of one arXiv paper, so they only
    count against a match on the input's id.
    """
    if a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id:
        return f"arXiv ids differ ({a.arxiv_id} vs {b.arxiv_id})"
    if a.doi and b.doi and a.doi != b.doi:
        return f"DOIs differ ({a.doi} vs {b.doi})"
    if key.startswith("id:"):
        ta, tb = normalize_title(a.title), normalize_title(b.title)
        if ta and tb and ta != tb:
            return f"titles differ ({a.title!r} vs {b.title!r})"
    return None


def _union(first: list[str], second: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def merge_into(target: Paper, other: Paper) -> None:
    """Fold ``other`` into ``target``: fill gaps, keep the more precise date and
    the higher counts, unite lists and sources. ``target`` keeps its id."""
    target.title = target.title or other.title
    if len(other.abstract) > len(target.abstract):
        target.abstract = other.abstract
    target.authors = target.authors or other.authors
    counts = [c for c in (target.author_count, other.author_count) if c is not None]
    target.author_count = max(counts) if counts else None
    if len(other.date or "") > len(target.date or ""):
        target.date, target.date_text = other.date, other.date_text
    target.date_text = target.date_text or other.date_text
    upvotes = [u for u in (target.upvotes, other.upvotes) if u is not None]
    target.upvotes = max(upvotes) if upvotes else None
    for name in ("organization", "arxiv_id", "doi", "url"):
        setattr(target, name, getattr(target, name) or getattr(other, name))
    target.references = _union(target.references, other.references)
    target.sources.extend(s for s in other.sources if s not in target.sources)
    if not target.id:
        target.id = other.id
    elif other.id and other.id != target.id:
        target.alt_ids = _union(target.alt_ids, [other.id])
    target.alt_ids = _union(target.alt_ids, [i for i in other.alt_ids if i != target.id])
    target.extra = {**other.extra, **target.extra}


class Deduplicator:
    """Collect papers, merging each into an earlier one when they are the same paper.

    :meth:`add` returns ``None`` when the paper was kept or merged, or a
    :class:`~graph.sources.records.Reject` when its id is already taken by a
    different paper or when nothing identifies it (no id, and neither title nor
    abstract has a letter or digit: ``!!!``, ``🙂``). :meth:`finish` assigns
    missing ids and returns the papers in the order they were first seen.
    ``merged`` counts the records folded into an earlier one.
    """

    def __init__(self) -> None:
        self.papers: list[Paper] = []
        self.merged = 0
        self._index: dict[str, int] = {}
        self._strongest: dict[int, str] = {}  # the first key of a paper with no id, till merged

    def add(self, paper: Paper) -> Reject | None:
        position = None
        keys = dedup_keys(paper)
        if not keys:
            source = paper.sources[0] if paper.sources else None
            return Reject(
                source.file if source else "",
                source.line if source else None,
                "nothing identifies this paper: its title and abstract have no letter or "
                "digit, and it has no id, arXiv id or DOI",
                paper.to_dict(),
            )
        for key in keys:
            found = self._index.get(key)
            if found is None:
                continue
            reason = _conflict(self.papers[found], paper, key)
            if reason is None:
                position = found
                break
            if key.startswith("id:"):
                first = self.papers[found].sources[0]
                source = paper.sources[0]
                return Reject(
                    source.file,
                    source.line,
                    f"id {paper.id!r} is already used by a different paper ({first}): {reason}",
                    paper.to_dict(),
                )
        if position is None:
            position = len(self.papers)
            self.papers.append(paper)
            if not paper.id and keys:
                self._strongest[position] = keys[0]
        else:
            merge_into(self.papers[position], paper)
            self.merged += 1
            self._strongest.pop(position, None)  # the merge may bring a stronger key
        # What the merged paper knows beyond its earlier keys came from ``paper``.
        for key in keys:
            self._index.setdefault(key, position)
        for alt in paper.alt_ids:
            self._index.setdefault(f"id:{alt}", position)
        return None

    def finish(self) -> list[Paper]:
        """The de-duplicated papers, each with an id, in first-seen order."""
        taken = {p.id for p in self.papers if p.id}
        for position, paper in enumerate(self.papers):
            if paper.id:
                continue
            strongest = self._strongest.get(position) or next(
                (key for key in dedup_keys(paper) if not key.startswith("id:")), "title:"
            )  # add() keeps no paper without a key, so the default is never used
            candidate = base = derive_id(strongest)
            suffix = 1
            while candidate in taken:
                suffix += 1
                candidate = f"{base}-{suffix}"
            paper.id = candidate
            taken.add(candidate)
        return self.papers
