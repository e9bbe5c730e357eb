"""Around a known term (extractors/terms.py): compounds and variants, their words from
the word lists."""

from __future__ import annotations

import pytest

from extractors.terms import COMPOUND_SUFFIXES, VariantPatterns, inside_compound
from extractors.wordlists import load_word_lists

VARIANTS = VariantPatterns.from_lists(load_word_lists())


def test_a_name_inside_a_compound_unless_before_a_suffix() -> None:
    assert inside_compound("QuillNet-InkNet", 8, 15)
    assert not inside_compound("QuillNet-based", 0, 8)
    assert inside_compound("QuillNet-flavored", 0, 8)
    assert not inside_compound("QuillNet-flavored", 0, 8, COMPOUND_SUFFIXES | {"flavored"})


def test_variants_before_and_after_a_benchmark_name() -> None:
    text = "10-Split Quill"
    assert VARIANTS.before.search(text, max(0, 9 - VARIANTS.reach), 9).group(0) == "10-Split "
    assert VARIANTS.after.match(" 64x64 images").group(0) == " 64x64"
    assert VARIANTS.after.match(" v2 En-De").group(0) == " v2 En-De"
    assert VARIANTS.after.match(" en->fr").group(0) == " en->fr"
    assert VARIANTS.after.match(" En-Xx") is None


@pytest.mark.parametrize(
    ("additions", "text", "before", "after"),
    [
        (
            {"compound_suffixes": ["flavored"]},
            "BERT-flavored nets.",
            ("method", "BERT", "name-shape"),
            ("method", "BERT", "gazetteer"),
        ),
        # a prefix longer than any shipped one: the search reaches back far enough
        (
            {"variant_prefixes": ["Incremental"]},
            "Results on Incremental CIFAR-100.",
            ("benchmark", "CIFAR-100", "gazetteer"),
            ("benchmark", "Incremental CIFAR-100", "gazetteer"),
        ),
        (
            {"language_codes": ["eo"]},
            "Results on WMT14 En-Eo.",
            ("benchmark", "WMT14", "gazetteer"),
            ("benchmark", "WMT14 En-Eo", "gazetteer"),
        ),
    ],
)
def test_a_word_added_to_a_list_is_read(
    lists_with, found_with, additions, text, before, after
) -> None:
    default, changed = found_with(None, text), found_with(lists_with(additions), text)
    assert before in default and after not in default
    assert after in changed
