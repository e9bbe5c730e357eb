"""De-duplication: which records are one paper, what the merged record keeps, stable ids."""

from __future__ import annotations

from graph.paper import Paper, SourceRef
from graph.sources.dedup import Deduplicator, dedup_keys
from graph.sources.records import Reject


def paper(title: str = "", line: int = 1, **kw) -> Paper:
    return Paper(title=title, sources=[SourceRef("f.jsonl", line, "jsonl")], **kw)


def run(*papers: Paper) -> tuple[list[Paper], Deduplicator, list[Reject]]:
    dedup = Deduplicator()
    rejects = [r for p in papers if (r := dedup.add(p)) is not None]
    return dedup.finish(), dedup, rejects


def test_same_normalised_title_merges_with_the_union_of_fields() -> None:
    a = paper("Deep Residual Learning", 1, author_count=4, upvotes=3, date_text="Dec 10")
    b = paper(
        "deep residual learning!",
        9,
        abstract="We present ResNet.",
        upvotes=8,
        date="2015-12-10",
        date_text="Dec 10, 2015",
        organization="Microsoft",
        references=["x"],
        extra={"venue": "CVPR"},
    )
    [merged], dedup, _ = run(a, b)
    assert dedup.merged == 1
    assert merged.title == "Deep Residual Learning" and merged.abstract == "We present ResNet."
    assert (merged.upvotes, merged.author_count, merged.organization) == (8, 4, "Microsoft")
    assert (merged.date, merged.date_text) == ("2015-12-10", "Dec 10, 2015")
    assert merged.references == ["x"] and merged.extra == {"venue": "CVPR"}
    assert [s.line for s in merged.sources] == [1, 9]


def test_arxiv_id_beats_title_and_revised_titles_still_merge() -> None:
    a = paper("Old title", arxiv_id="2104.01234")
    b = paper("New title v2", arxiv_id="2104.01234")
    [merged], _, _ = run(a, b)
    assert merged.id == "arxiv:2104.01234" and merged.title == "Old title"


def test_different_arxiv_ids_never_merge_even_with_equal_titles() -> None:
    papers, dedup, _ = run(
        paper("Introduction", arxiv_id="2101.00001"), paper("Introduction", arxiv_id="2101.00002")
    )
    assert len(papers) == 2 and dedup.merged == 0


def test_title_only_record_merges_into_record_with_arxiv_id_in_either_order() -> None:
    for order in [(0, 1), (1, 0)]:
        records = [paper("GloVe"), paper("GloVe", arxiv_id="1111.22222")]
        [merged], _, _ = run(*(records[i] for i in order))
        assert merged.id == "arxiv:1111.22222"


def test_given_ids_are_kept_and_other_given_ids_become_alt_ids() -> None:
    [merged], _, _ = run(paper("GloVe", id="W1"), paper("GloVe", id="S9"), paper("GloVe"))
    assert merged.id == "W1" and merged.alt_ids == ["S9"]


def test_reused_id_for_a_different_paper_is_rejected() -> None:
    papers, _, [reject] = run(paper("GloVe", 1, id="W1"), paper("word2vec", 2, id="W1"))
    assert len(papers) == 1
    assert reject.line == 2 and "id 'W1' is already used by a different paper (f.jsonl:1)" in (
        reject.reason
    )


def test_derived_ids_do_not_depend_on_order_or_run() -> None:
    first, _, _ = run(paper("A paper"), paper("B paper"))
    second, _, _ = run(paper("B paper"), paper("A paper"))
    assert {p.title: p.id for p in first} == {p.title: p.id for p in second}


def test_derived_id_never_collides_with_a_given_id() -> None:
    derived = run(paper("GloVe"))[0][0].id
    papers, _, _ = run(paper("Other", id=derived), paper("GloVe"))
    assert papers[1].id == f"{derived}-2"


def test_keys() -> None:
    assert dedup_keys(paper("X", doi="10.1/x", id="k")) == ["doi:10.1/x", "id:k", "title:x"]
    [key] = dedup_keys(Paper(abstract="Only an abstract."))
    assert key.startswith("abstract:")
