"""Links (extractors/repos.py): the host lists feed both the link pattern and its
pre-check, and the classification."""

from __future__ import annotations

import pytest

from extractors.repos import SHIPPED_RULES, LinkRules, classify, find_links
from extractors.wordlists import load_word_lists


def test_a_bare_known_host_with_a_path_is_a_link() -> None:
    [link] = find_links("Code: gitlab.com/quill/ink.")
    assert (link.url, link.kind, link.key) == (
        "gitlab.com/quill/ink",
        "code",
        "gitlab.com/quill/ink",
    )
    assert find_links("Code: quillhost.org/quill/ink.") == []


def test_a_host_added_to_a_list_is_found_and_classified(lists_with) -> None:
    rules = LinkRules.from_lists(load_word_lists(lists_with({"code_hosts": ["sourceforge.net"]})))
    text = "Code: sourceforge.net/p/quill."
    assert "sourceforge.net/" in rules.markers and "sourceforge.net/" not in SHIPPED_RULES.markers
    assert [(link.url, link.kind) for link in find_links(text, rules)] == [
        ("sourceforge.net/p/quill", "code")
    ]
    assert classify("https://sourceforge.net/p/quill/x", rules) == (
        "code",
        "sourceforge.net/p/quill",
    )
    assert classify("https://sourceforge.net/p/quill/x")[0] == "project"


@pytest.mark.parametrize(
    ("additions", "text", "before", "after"),
    [
        (
            {"code_hosts": ["sourceforge.net"]},
            "Code at sourceforge.net/p/quill.",
            None,
            ("repo", "sourceforge.net/p/quill", "url"),
        ),
        (
            {"not_link_continuations": ["here"]},
            "Code at https://github.com/quill/ here now.",
            ("repo", "https://github.com/quill/here", "url"),
            ("repo", "https://github.com/quill/", "url"),
        ),
        (
            {"host_endings": ["dev"]},
            "Code at https://quill. dev/ink now.",
            None,
            ("repo", "https://quill.dev/ink", "url"),
        ),
    ],
)
def test_a_word_added_to_a_list_through_the_pipeline(
    lists_with, found_with, additions, text, before, after
) -> None:
    default, changed = found_with(None, text), found_with(lists_with(additions), text)
    assert before is None or before in default
    assert after in changed and after not in default
