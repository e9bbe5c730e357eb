"""The Hugging Face Daily Papers listing reader, rule by rule."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.paper import Paper
from graph.sources.listing import HEADER_LINES, _Meta, parse_meta_line, read_listing
from graph.sources.records import Reject
from graph.sources.textio import Line

HEADER = [
    "new", "", "Get trending papers in your email inbox!", "", "Subscribe", "",
    "Daily Papers", "", "byAK and the research community", "", "Nov 19", "",
]  # fmt: skip
ABSTRACT = "We propose a method. It works well on many benchmarks."


def parse(lines: list[str], file: str = "page.txt") -> list[Paper | Reject]:
    return list(read_listing([Line(i + 1, t) for i, t in enumerate(lines)], file))


def test_header_is_skipped_and_entries_keep_their_title_line() -> None:
    [paper] = parse([*HEADER, "Title One", "", ABSTRACT])
    assert (paper.title, paper.abstract) == ("Title One", ABSTRACT)
    assert paper.sources[0].line == len(HEADER) + 1
    assert paper.sources[0].format == "hf-listing"


def test_header_without_daily_papers_line() -> None:
    lines = ["new", "", "Subscribe", "", "byAK and the research community", "", "Mar 12", ""]
    [paper] = parse([*lines, "Title", "", ABSTRACT])
    assert paper.title == "Title" and paper.date_text is None


def test_meta_block_with_authors_date_and_year() -> None:
    [paper] = parse(["T", "", ABSTRACT, "", "  • 5 authors", "·", "Mar 31, 2021"])
    assert (paper.author_count, paper.date, paper.date_text, paper.upvotes) == (
        5,
        "2021-03-31",
        "Mar 31, 2021",
        None,
    )


def test_meta_block_date_without_year_and_upvotes() -> None:
    [paper] = parse(["T", "", ABSTRACT, "", "  • 1 author", "·", "Apr 14 2"])
    assert (paper.author_count, paper.date, paper.date_text, paper.upvotes) == (
        1,
        None,
        "Apr 14",
        2,
    )


def test_meta_block_with_year_and_upvotes() -> None:
    [paper] = parse(["T", "", ABSTRACT, "", "  • 3 authors", "·", "Sep 25, 2023 12"])
    assert (paper.date, paper.upvotes) == ("2023-09-25", 12)


def test_organisation_line_replaces_authors() -> None:
    [paper] = parse(["T", "", ABSTRACT, "", "google Google", "·", "Oct 21 5"])
    assert (paper.organization, paper.author_count, paper.upvotes) == ("Google", None, 5)
    assert paper.extra == {"organization_handle": "google"}


def test_entries_without_meta_blocks() -> None:
    papers = parse(["A", "", ABSTRACT, "", "B", "", ABSTRACT, "", "C", "", ABSTRACT])
    assert [p.title for p in papers] == ["A", "B", "C"]
    assert all(p.abstract == ABSTRACT for p in papers)


def test_title_only_entries_are_kept() -> None:
    papers = parse(["A", "", "B", "", ABSTRACT, "", "C"])
    assert [(p.title, p.title_only) for p in papers] == [("A", True), ("B", False), ("C", True)]


def test_short_abstract_with_a_full_stop_is_an_abstract() -> None:
    [paper] = parse(["A title", "", "Short.", "", "·", "Apr 1"])
    assert paper.abstract == "Short."


def test_short_line_without_full_stop_is_a_title_so_the_entry_before_is_title_only() -> None:
    papers = parse(["A title", "", "Another title", "", "·", "Apr 1"])
    assert [(p.title, p.abstract, p.date_text) for p in papers] == [
        ("A title", "", None),
        ("Another title", "", "Apr 1"),
    ]


def test_title_then_title_then_abstract() -> None:
    papers = parse(["A", "", "B", "", ABSTRACT, "", "  • 2 authors", "·", "Apr 1"])
    assert [(p.title, p.abstract) for p in papers] == [("A", ""), ("B", ABSTRACT)]
    assert papers[1].author_count == 2


def test_long_first_block_is_an_abstract_only_entry() -> None:
    long_text = "word " * 80 + "end."
    [paper] = parse([long_text.strip()])
    assert paper.title == "" and paper.abstract.endswith("end.")


def test_wrapped_paragraph_lines_are_joined() -> None:
    [paper] = parse(["Title", "", "We propose", "a method.", "  It works."])
    assert paper.abstract == "We propose a method. It works."


def test_meta_block_without_an_entry_is_rejected_not_dropped() -> None:
    out = parse([*HEADER, "  • 2 authors", "·", "Apr 1", "", "T", "", ABSTRACT])
    assert isinstance(out[0], Reject) and out[0].line == len(HEADER) + 1
    assert "no title or abstract" in out[0].reason
    assert isinstance(out[1], Paper)


def test_undecodable_line_rejects_only_its_entry() -> None:
    lines = [Line(1, "A"), Line(3, "bad \ufffd text.", "byte 0xe9 at column 5 is not valid utf-8"),
             Line(5, "B"), Line(7, ABSTRACT)]  # fmt: skip
    lines.insert(1, Line(2, ""))
    lines.insert(3, Line(4, ""))
    lines.insert(5, Line(6, ""))
    out = list(read_listing(lines, "p.txt"))
    assert isinstance(out[0], Reject)
    assert out[0].reason == "line 3: byte 0xe9 at column 5 is not valid utf-8"
    assert isinstance(out[1], Paper) and out[1].title == "B"


def test_second_pasted_page_header_mid_file() -> None:
    papers = parse(["A", "", ABSTRACT, "", *HEADER, "B", "", ABSTRACT])
    assert [p.title for p in papers] == ["A", "B"]


def test_meta_lines() -> None:
    meta = _Meta()
    assert parse_meta_line("·", meta)
    assert parse_meta_line("• 12 authors", meta) and meta.author_count == 12
    assert parse_meta_line("May 2 3", meta) and (meta.date_text, meta.upvotes) == ("May 2", 3)
    assert not parse_meta_line("Maybe 2 things", meta)
    assert not parse_meta_line("A title", meta)


# --- property: any page we render is read back exactly --------------------------------

line_text = (
    st.text(
        st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"], blacklist_characters="\u0085"),
        min_size=1,
        max_size=80,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


def _is_plain(text: str) -> bool:
    return bool(text) and text.casefold() not in HEADER_LINES and not parse_meta_line(text, _Meta())


titles = line_text.filter(lambda t: _is_plain(t) and not t.endswith("."))
abstracts = st.lists(line_text, min_size=1, max_size=4).map(lambda ws: " ".join(ws) + ".")
abstracts = abstracts.filter(_is_plain)
metas = st.none() | st.tuples(
    st.integers(1, 40),
    st.sampled_from(["Mar 31, 2021", "Apr 14", "Dec 1, 2019"]),
    st.none() | st.integers(0, 999),
)
entries = st.tuples(titles, st.none() | abstracts, metas)


@settings(max_examples=200)
@given(st.lists(entries, max_size=8))
def test_rendered_pages_read_back_exactly(page: list) -> None:
    lines = HEADER.copy()
    for title, abstract, meta in page:
        lines += [title, ""]
        if abstract is not None:
            lines += [abstract, ""]
        if meta is not None:
            authors, date, upvotes = meta
            date_line = date if upvotes is None else f"{date} {upvotes}"
            lines += [f"  • {authors} authors", "·", date_line, ""]
    out = parse(lines)
    assert all(isinstance(p, Paper) for p in out)
    got = [(p.title, p.abstract or None, p.author_count, p.upvotes) for p in out]
    want = [(t, a, m and m[0], m and m[2]) for t, a, m in page]
    assert got == want
