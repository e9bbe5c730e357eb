"""The word-list loader: shipped lists, a directory replacing files, and clear errors."""

from __future__ import annotations

import re

import pytest

from extractors.wordlists import DEFAULT_DIRECTORY, WordListError, WordLists, load_word_lists


def test_every_shipped_list_loads_with_unique_names() -> None:
    lists = load_word_lists()
    assert lists.lists, "no word list shipped"
    for name, words in lists.lists.items():
        assert words, f"{name} is empty"
        assert all(word == word.strip() for word in words), name


def test_a_directory_replaces_the_shipped_file_of_the_same_name(tmp_path) -> None:
    shipped = (DEFAULT_DIRECTORY / "proposals.toml").read_text(encoding="utf-8")
    (tmp_path / "proposals.toml").write_text(
        shipped.replace('"propose",', '"propose", "pioneer",'), encoding="utf-8"
    )
    replaced = load_word_lists(tmp_path)
    assert "pioneer" in replaced.set("proposal_verbs")
    assert "pioneer" not in load_word_lists().set("proposal_verbs")
    assert re.fullmatch(replaced.alternation("proposal_verbs"), "pioneer")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("verbs = [", "cannot read this word-list file"),
        ("verbs = [1, 2]", "must be a list of non-empty strings"),
        ('verbs = ["a", "b", "a"]', "lists 'a' twice"),
        ('proposal_verbs = ["a"]', "already defined in another file"),
    ],
)
def test_a_bad_file_names_itself_and_the_problem(tmp_path, content, message) -> None:
    (tmp_path / "zz-extra.toml").write_text(content, encoding="utf-8")
    with pytest.raises(WordListError, match=re.escape(message)) as raised:
        load_word_lists(tmp_path)
    assert "zz-extra.toml" in str(raised.value)


def test_an_unknown_list_or_directory_is_named() -> None:
    with pytest.raises(WordListError, match="no word list named 'nope'"):
        WordLists({}).words("nope")
    with pytest.raises(WordListError, match="does not exist"):
        load_word_lists("/nonexistent/word/lists")
