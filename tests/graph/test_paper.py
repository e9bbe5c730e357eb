"""The paper record: JSON round trip, normalisers and derived ids."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from graph.paper import (
    Paper,
    SourceRef,
    derive_id,
    normalize_arxiv_id,
    normalize_doi,
    normalize_title,
)

text = st.text(max_size=40)
optional_text = st.none() | text
papers = st.builds(
    Paper,
    id=text,
    title=text,
    abstract=text,
    authors=st.lists(text, max_size=3),
    author_count=st.none() | st.integers(0, 500),
    date=st.none() | st.sampled_from(["2021", "2021-03", "2021-03-31"]),
    date_text=optional_text,
    upvotes=st.none() | st.integers(0, 10_000),
    organization=optional_text,
    arxiv_id=optional_text,
    doi=optional_text,
    url=optional_text,
    references=st.lists(text, max_size=3),
    sources=st.lists(
        st.builds(SourceRef, file=text, line=st.none() | st.integers(1, 10**6), format=text),
        max_size=3,
    ),
    alt_ids=st.lists(text, max_size=2),
    extra=st.dictionaries(text, st.none() | text | st.integers() | st.lists(text, max_size=2)),
)


@given(papers)
def test_json_round_trip_is_lossless(paper: Paper) -> None:
    line = paper.to_json()
    assert "\n" not in line
    assert Paper.from_json(line) == paper


def test_json_has_every_field_even_when_empty() -> None:
    data = json.loads(Paper(id="p").to_json())
    assert list(data) == [
        "id",
        "title",
        "abstract",
        "authors",
        "author_count",
        "date",
        "date_text",
        "upvotes",
        "organization",
        "arxiv_id",
        "doi",
        "url",
        "references",
        "sources",
        "alt_ids",
        "extra",
    ]


def test_from_dict_rejects_unknown_fields() -> None:
    try:
        Paper.from_dict({"id": "p", "colour": "red"})
    except TypeError as exc:
        assert "colour" in str(exc)
    else:
        raise AssertionError("unknown field accepted")


def test_arxiv_ids_from_ids_urls_and_dois() -> None:
    assert normalize_arxiv_id("2104.01234") == "2104.01234"
    assert normalize_arxiv_id("arXiv:2104.01234v2") == "2104.01234"
    assert normalize_arxiv_id("https://arxiv.org/pdf/2104.01234v1.pdf") == "2104.01234"
    assert normalize_arxiv_id("10.48550/arXiv.2104.01234") == "2104.01234"
    assert normalize_arxiv_id("hep-th/9901001") == "hep-th/9901001"
    assert normalize_arxiv_id("1234.5") is None
    assert normalize_arxiv_id("") is None


def test_dois_are_lowercased_without_resolver() -> None:
    assert normalize_doi("https://doi.org/10.5281/zenodo.6832145") == "10.5281/zenodo.6832145"
    assert normalize_doi("DOI: 10.1145/ABC.123).") == "10.1145/abc.123"
    assert normalize_doi("no doi here") is None


def test_title_normalisation_folds_what_readers_ignore() -> None:
    same = [
        "Attention Is All You Need",
        "attention is all you need.",
        "  Attention\tis ALL you need!! ",
        "Attention-Is-All-You-Need",
        "\uff21\uff54\uff54\uff45\uff4e\uff54\uff49\uff4f\uff4e is all you need",  # full-width
    ]
    assert len({normalize_title(t) for t in same}) == 1
    assert normalize_title('Sch\\"odinger bridges') == normalize_title("Schödinger Bridges")
    assert normalize_title("GPT-4") != normalize_title("GPT-3")


@given(st.text())
def test_title_normalisation_is_idempotent(title: str) -> None:
    once = normalize_title(title)
    assert normalize_title(once) == once


def test_derived_ids_are_deterministic_and_readable() -> None:
    assert derive_id("arxiv:2104.01234") == "arxiv:2104.01234"
    assert derive_id("doi:10.1/x") == "doi:10.1/x"
    first = derive_id("title:deep residual learning")
    assert first == derive_id("title:deep residual learning")
    assert first.startswith("pg-") and len(first) == 19
    assert first != derive_id("title:deep residual learning for images")
