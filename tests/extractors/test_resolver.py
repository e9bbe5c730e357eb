"""The resolver's reading of acronyms (extractors/resolver.py): its cues come from the
word lists, and a word added to a list changes what the pipeline finds."""

from __future__ import annotations

import pytest

from extractors.resolver import AcronymCues
from extractors.wordlists import load_word_lists

CUES = AcronymCues.from_lists(load_word_lists())


def test_the_cues_after_an_acronym() -> None:
    assert CUES.head_after.match(") Prompting").group(0) == ") Prompting"
    assert CUES.head_after.match(") prompt") is None
    assert CUES.method_after.match(" frameworks")
    assert CUES.method_after.match(") toolkit") is None


def test_a_noun_added_after_an_acronym_is_read(lists_with) -> None:
    cues = AcronymCues.from_lists(
        load_word_lists(lists_with({"method_nouns_after_acronym": ["toolkit"]}))
    )
    assert cues.method_after.match(") toolkits")


@pytest.mark.parametrize(
    ("additions", "text", "before", "after"),
    [
        # an acronym no rule claims is classified by its long form's head
        (
            {"method_heads": ["recipe"]},
            "We study the quill ink recipe (QIR) on data.",
            None,
            ("method", "quill ink recipe", "abbreviation"),
        ),
        # "long form (ACR) head" is one method name
        (
            {"heads_after_acronym": ["steering"]},
            "We apply quill ink optimization (QIO) steering to data.",
            ("method", "quill ink optimization", "abbreviation"),
            ("method", "quill ink optimization (QIO) steering", "abbreviation"),
        ),
        # an acronym defined as a task names no concept
        (
            {"task_heads": ["sketching"]},
            "We study quill ink sketching (QIS) with data.",
            ("method", "QIS", "name-shape"),
            None,
        ),
    ],
)
def test_a_word_added_to_a_head_list(
    lists_with, found_with, additions, text, before, after
) -> None:
    default, changed = found_with(None, text), found_with(lists_with(additions), text)
    assert before is None or before in default
    assert after is None or after in changed
    assert default != changed


def test_finders_find_keys_and_only_the_resolver_sets_them() -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("papergraph_benchmarks")
    text = "We evaluate on QuillBench."
    doc = nlp(text)
    [span] = doc.spans["papergraph"]
    assert (span._.pg_found_key, span._.pg_key) == ("benchmark:quillbench", None)
    nlp.add_pipe("papergraph_resolver")
    doc = nlp(text)
    [span] = doc.spans["papergraph"]
    assert (span._.pg_found_key, span._.pg_key) == ("benchmark:quillbench", "benchmark:quillbench")


def test_the_resolver_gives_an_acronym_its_long_form_key() -> None:
    from extractors.pipeline import build_pipeline, make_doc

    nlp = build_pipeline()
    doc = nlp(make_doc(nlp, "Quill Ink Optimization (QIO)", "We use QIO."))
    keys = {s.text: (s._.pg_found_key, s._.pg_key) for s in doc.spans["papergraph"]}
    assert keys["QIO"][1] == keys["Quill Ink Optimization"][1] == "method:quillinkoptimization"
