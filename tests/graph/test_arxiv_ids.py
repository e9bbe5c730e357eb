"""arXiv ids have one owner: graph/arxiv_ids.py, read in a text or as a whole id string."""

from __future__ import annotations

import pytest

from graph.arxiv_ids import bare_old_id, fullmatch_arxiv_id, search_arxiv_id
from graph.paper import normalize_arxiv_id
from graph.sources.identity import canonical_key
from tests.conftest import PROJECT

FORMS = [
    ("2104.01234", "2104.01234"),
    ("2104.01234v3", "2104.01234"),
    ("arXiv:2104.01234v2", "2104.01234"),
    ("https://arxiv.org/abs/2104.01234v3", "2104.01234"),
    ("https://arxiv.org/pdf/2104.01234v1.pdf", "2104.01234"),
    ("10.48550/arXiv.1706.03762", "1706.03762"),
    ("https://doi.org/10.48550/arXiv.1706.03762", "1706.03762"),
    ("hep-th/9901001v2", "hep-th/9901001"),
    ("math.GT/0309136", "math/0309136"),
    ("https://arxiv.org/abs/cond-mat/0102536v1", "cond-mat/0102536"),
]


@pytest.mark.parametrize(("text", "bare"), FORMS)
def test_both_readers_give_the_bare_id_of_every_id_form(text, bare) -> None:
    assert search_arxiv_id(text) == fullmatch_arxiv_id(text) == bare
    assert normalize_arxiv_id(text) == bare
    assert canonical_key(text) == f"arxiv:{bare}"


@pytest.mark.parametrize(
    ("text", "in_text"),
    [
        ("see 2104.01234 for the details", "2104.01234"),  # an id inside a sentence
        ("cond-mat.str-el/0102536", "cond-mat/0102536"),  # a long subject class
        ("Data/1234567", "data/1234567"),  # a path: only an id in a text
        ("1234.5", None),
        ("12104.012345", None),  # inside a longer number
    ],
)
def test_only_a_whole_id_string_is_an_id_for_fullmatch(text, in_text) -> None:
    assert search_arxiv_id(text) == in_text
    assert fullmatch_arxiv_id(text) is None


def test_an_old_style_id_drops_its_subject_class_and_case() -> None:
    assert bare_old_id("Math.GT/0309136") == "math/0309136"


def test_no_other_module_spells_the_shape_of_an_arxiv_id() -> None:
    shape = r"\d{4}\.\d{4,5}"
    spelled = sorted(
        str(path.relative_to(PROJECT))
        for package in ("graph", "extractors")
        for path in (PROJECT / package).rglob("*.py")
        if shape in path.read_text(encoding="utf-8")
    )
    # bibliographic.py reads "arXiv: ID" notes in BibTeX and Crossref records with its own
    # two patterns (left to the owner of the readers)
    assert spelled == ["graph/arxiv_ids.py", "graph/sources/bibliographic.py"]
