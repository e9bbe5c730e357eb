"""End to end on the five shared Hugging Face Daily Papers pages."""

from __future__ import annotations

import json

import pytest

from graph.paper import Paper
from graph.sources.ingest import ingest

pytestmark = pytest.mark.seeds

ENTRIES_PER_PAGE = {"000": 44, "001": 63, "002": 73, "003": 102, "004": 86}


def test_seed_pages_hold_368_entries_of_320_distinct_papers(seed_pages) -> None:
    result = ingest(seed_pages)
    per_page = {s.file.rsplit("/", 1)[-1][:3]: s.read for s in result.inputs}
    assert per_page == ENTRIES_PER_PAGE
    assert result.read == 368
    assert len(result.papers) == 320
    assert result.merged == 48
    assert result.rejects == [] and result.problems == []
    assert result.balanced


def test_seed_papers_are_complete_and_sourced(seed_pages) -> None:
    papers = ingest(seed_pages).papers
    assert all(p.title and p.abstract for p in papers)
    assert sum(len(p.sources) for p in papers) == 368
    assert len({p.id for p in papers}) == 320
    # meta blocks: counts, organisations, dates only where a year is printed
    assert sum(p.organization is not None for p in papers) == 3
    assert all(p.date is None or p.date_text.endswith(p.date[:4]) for p in papers if p.date_text)
    warmup = next(
        p for p in papers if p.title == "Fast Certified Robust Training with Short Warmup"
    )
    assert (warmup.author_count, warmup.date, warmup.date_text) == (5, "2021-03-31", "Mar 31, 2021")
    assert "https://github.com/shizhouxing/Fast-Certified-Robust-Training" in warmup.abstract


def test_ids_are_the_same_in_every_run_and_order(seed_pages) -> None:
    forward = {p.title: p.id for p in ingest(seed_pages).papers}
    backward = {p.title: p.id for p in ingest(list(reversed(seed_pages))).papers}
    assert forward == backward


def test_written_records_read_back_identically(seed_pages, tmp_path) -> None:
    from graph.sources.ingest import write_jsonl

    papers = ingest(seed_pages).papers
    path = tmp_path / "papers.jsonl"
    write_jsonl((p.to_dict() for p in papers), path)
    again = [Paper.from_json(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert again == papers
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[0])["id"] == papers[0].id


def test_reingesting_the_output_is_a_fixed_point(seed_pages, tmp_path) -> None:
    from graph.sources.ingest import write_jsonl

    papers = ingest(seed_pages).papers
    path = tmp_path / "papers.jsonl"
    write_jsonl((p.to_dict() for p in papers), path)
    result = ingest([path])
    assert [p.id for p in result.papers] == [p.id for p in papers]
    assert [p.title for p in result.papers] == [p.title for p in papers]
    assert result.merged == 0 and result.rejects == []


def test_every_seed_mention_keeps_the_invariants(seed_pages, nlp) -> None:
    """Extraction of the 320 seed papers, end to end: every record keeps every invariant
    of extractors.invariants (offsets inside the field, text its slice, one sentence,
    no overlaps, kind and key consistent)."""
    import extractors
    from extractors.invariants import mention_problems

    papers = ingest(seed_pages).papers
    records = list(extractors.extract(papers, nlp=nlp))
    assert [r["id"] for r in records] == [p.id for p in papers]
    for paper, record in zip(papers, records, strict=True):
        fields = {"title": paper.title, "abstract": paper.abstract}
        assert mention_problems(fields, record["mentions"], nlp) == [], paper.id
    assert sum(len(r["mentions"]) for r in records) > 2000
