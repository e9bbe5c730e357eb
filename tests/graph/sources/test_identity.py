"""One identity for a paper across sources: every id form gives one canonical key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.sources.identity import arxiv_from_doi, canonical_key, paper_keys


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("1706.03762", "arxiv:1706.03762"),
        ("1706.03762v5", "arxiv:1706.03762"),
        ("arXiv:1706.03762", "arxiv:1706.03762"),
        ("arxiv:1706.03762v2", "arxiv:1706.03762"),
        ("https://arxiv.org/abs/1706.03762v5", "arxiv:1706.03762"),
        ("http://arxiv.org/pdf/1706.03762v1", "arxiv:1706.03762"),
        ("https://arxiv.org/pdf/1706.03762.pdf", "arxiv:1706.03762"),
        ("https://export.arxiv.org/abs/2104.01234", "arxiv:2104.01234"),
        ("10.48550/arXiv.1706.03762", "arxiv:1706.03762"),
        ("https://doi.org/10.48550/arXiv.1706.03762", "arxiv:1706.03762"),
        ("hep-th/9901001", "arxiv:hep-th/9901001"),
        ("hep-th/9901001v3", "arxiv:hep-th/9901001"),
        ("math.GT/0309136", "arxiv:math/0309136"),
        ("https://arxiv.org/abs/cond-mat/0102536v1", "arxiv:cond-mat/0102536"),
        ("10.7717/PeerJ.4375", "doi:10.7717/peerj.4375"),
        ("https://doi.org/10.7717/peerj.4375", "doi:10.7717/peerj.4375"),
        ("http://dx.doi.org/10.7717/peerj.4375", "doi:10.7717/peerj.4375"),
        ("doi:10.1145/3292500.3330701", "doi:10.1145/3292500.3330701"),
        ("W2741809807", "openalex:W2741809807"),
        ("https://openalex.org/W2741809807", "openalex:W2741809807"),
        ("https://api.openalex.org/works/W2741809807", "openalex:W2741809807"),
        ("2d5673caa9e6af3a7b82a43f19ee920992db07ad", "s2:2d5673caa9e6af3a7b82a43f19ee920992db07ad"),
        (
            "https://www.semanticscholar.org/paper/2d5673caa9e6af3a7b82a43f19ee920992db07ad",
            "s2:2d5673caa9e6af3a7b82a43f19ee920992db07ad",
        ),
        ("CorpusId:14636783", "corpusid:14636783"),
        ("https://api.semanticscholar.org/CorpusID:14636783", "corpusid:14636783"),
    ],
)
def test_every_id_form_gives_the_canonical_key(text: str, key: str) -> None:
    assert canonical_key(text) == key
    assert canonical_key(key) == key  # canonical keys are fixed points


@pytest.mark.parametrize(
    "text",
    [
        "Attention is all you need",
        "",
        "p1",
        "10.1/too-short",
        "2104",
        "W",
        "method:lora",
        "https://example.org/abs/1706.03762x",
    ],
)
def test_strings_that_are_no_id_give_none(text: str) -> None:
    assert canonical_key(text) is None


def test_a_doi_is_not_mistaken_for_an_arxiv_id() -> None:
    assert canonical_key("10.1234/5678.12345") == "doi:10.1234/5678.12345"
    assert arxiv_from_doi("10.1234/5678.12345") is None


def test_paper_keys_cover_id_alt_ids_arxiv_and_doi() -> None:
    keys = paper_keys("openalex:W1", ["corpusid:5"], "1706.03762", "10.7717/PEERJ.4375")
    assert keys == [
        "id:openalex:W1",
        "openalex:W1",
        "id:corpusid:5",
        "corpusid:5",
        "arxiv:1706.03762",
        "doi:10.7717/peerj.4375",
    ]


new_ids = st.builds("{:04d}.{:05d}".format, st.integers(701, 2912), st.integers(0, 99999))
forms = st.sampled_from(
    [
        "{}",
        "{}v3",
        "arXiv:{}",
        "https://arxiv.org/abs/{}v2",
        "https://arxiv.org/pdf/{}",
        "10.48550/arXiv.{}",
        "https://doi.org/10.48550/ARXIV.{}",
    ]
)


@given(new_ids, forms)
def test_any_form_of_an_arxiv_id_names_the_same_paper(arxiv_id: str, form: str) -> None:
    assert canonical_key(form.format(arxiv_id)) == f"arxiv:{arxiv_id}"
