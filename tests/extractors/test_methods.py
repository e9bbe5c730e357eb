"""The papergraph_methods component (extractors/methods.py): its own rules directly, and
through the pipeline where a rule needs what earlier components found (acronyms, known
names)."""

from __future__ import annotations

import shutil

import pytest

import extractors
from extractors.methods import MethodFinder, _borrowed_before, _within
from extractors.wordlists import DEFAULT_DIRECTORY, load_word_lists

FINDER = MethodFinder("papergraph_methods", name_shapes=True, enumerations=True)


@pytest.mark.parametrize(
    ("before", "borrowed"),
    [
        ("a loss inspired by ", True),
        ("we build on it, based on the ", True),
        ("a careful study of ", True),
        ("an analysis into an ", True),
        ("we design a new ", False),
        ("a study ", False),
    ],
)
def test_what_precedes_a_borrowed_long_form(before, borrowed) -> None:
    pattern = _borrowed_before(load_word_lists())
    assert (pattern.search(before) is not None) is borrowed


@pytest.mark.parametrize(
    ("word", "prefixed"),
    [("re-ID", True), ("multi-GPU", True), ("no-CLs", True), ("Foo-ID", False), ("re-id", False)],
)
def test_prefixed_acronyms_are_no_names(word, prefixed) -> None:
    assert (FINDER.prefixed_acronym.match(word) is not None) is prefixed


def test_within() -> None:
    assert _within([1, 4, 4, 9], 4, 9) == [4, 4]
    assert _within([], 0, 5) == []


def _spans(nlp, title: str, abstract: str) -> list[tuple[str, str, str]]:
    doc = nlp(extractors.make_doc(nlp, title, abstract))
    return [(s.text, s._.pg_role, s._.pg_rule) for s in doc.spans["papergraph"]]


def test_proposed_and_used_names_through_the_pipeline(nlp) -> None:
    spans = _spans(nlp, "FooCRL: Continual RL", "We propose FooCRL, a method that beats BarNet.")
    assert ("FooCRL", "proposed", "title-prefix") in spans
    assert ("FooCRL", "proposed", "proposal") in spans
    assert ("BarNet", "used", "name-shape") in spans


def test_an_acronym_we_define_in_a_sentence_that_creates(nlp) -> None:
    spans = _spans(nlp, "A study", "Finally, we employ parameter sharing with momentum (PSM).")
    assert ("parameter sharing with momentum", "proposed", "abbreviation") in spans
    assert ("PSM", "proposed", "abbreviation") in spans
    borrowed = _spans(
        nlp, "A study", "We employ a loss inspired by distributional foo rules (DFR)."
    )
    assert not [span for span in borrowed if span[1] == "proposed"]


def test_acronym_prefixes_come_from_the_word_list(tmp_path, nlp) -> None:
    directory = tmp_path / "word_lists"
    shutil.copytree(DEFAULT_DIRECTORY, directory)
    path = directory / "names.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('acronym_prefixes = ["re",', 'acronym_prefixes = ["ultra", "re",'),
        encoding="utf-8",
    )
    edited = extractors.build_pipeline(overrides={"paths.word_lists": str(directory)})
    abstract = "It runs on ultra-ZPX."
    assert ("ultra-ZPX", "used", "name-shape") in _spans(nlp, "A study", abstract)
    assert not _spans(edited, "A study", abstract)
