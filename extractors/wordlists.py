"""The rule vocabularies: cue words and head nouns as data, one named list in one place.

Every word a rule looks for (proposal verbs, naming cues, benchmark or metric head nouns,
earlier-work words, compound suffixes, ...) lives in a TOML file under
``extractors/data/word_lists/``, one topic a file, each list with a comment saying what it
is for. Rules never spell these words in code: a component reads the lists once, through
its ``word_lists`` setting (``${paths.word_lists}`` in ``default.cfg``: ``null`` for the
shipped lists, or a directory whose files replace the shipped files of the same name), and
builds its regexes *and* their fast pre-checks from the same list, so one edit changes
both.

    >>> lists = load_word_lists()
    >>> "introduce" in lists.set("proposal_verbs")
    True
    >>> pattern = re.compile(lists.alternation("proposal_verbs"))
    >>> bool(pattern.fullmatch("introduce"))
    True

A list is a TOML array of strings; a string with spaces is one entry (a phrase). Names are
unique across files, so ``lists.words(name)`` needs no file name.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["DEFAULT_DIRECTORY", "WordListError", "WordLists", "contains_any", "load_word_lists"]

DEFAULT_DIRECTORY = Path(__file__).with_name("data") / "word_lists"


class WordListError(ValueError):
    """A word-list file that cannot be read, or a list asked for that no file has."""


@dataclass(frozen=True)
class WordLists:
    """Named word lists, read from the TOML files of one directory.

    >>> lists = WordLists({"heads": ("model", "method")})
    >>> lists.words("heads"), sorted(lists.set("heads"))
    (('model', 'method'), ['method', 'model'])
    >>> lists.alternation("heads")
    '(?:model|method)'
    """

    lists: Mapping[str, tuple[str, ...]]
    source: str = "<in memory>"
    _sets: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def words(self, name: str) -> tuple[str, ...]:
        """The entries of list ``name``, in file order."""
        try:
            return self.lists[name]
        except KeyError:
            raise WordListError(f"no word list named {name!r} in {self.source}") from None

    def set(self, name: str) -> frozenset[str]:
        """The entries of list ``name`` as a set (built once)."""
        found = self._sets.get(name)
        if found is None:
            found = self._sets[name] = frozenset(self.words(name))
        return found

    def alternation(self, *names: str) -> str:
        """A regex group matching any entry of the lists ``names``, escaped, in file order.

        Alternatives are tried in order: a list puts a longer entry before an entry that
        is its prefix when the pattern around it needs the longer one.

        >>> WordLists({"a": ("put forward", "open-source")}).alternation("a")
        '(?:put\\\\ forward|open\\\\-source)'
        """
        words = (re.escape(word) for name in names for word in self.words(name))
        return "(?:" + "|".join(words) + ")"


def contains_any(text: str, words: Iterable[str]) -> bool:
    """Does ``text`` contain any of ``words``? The fast pre-check beside a regex built from
    the same list.

    >>> contains_any("we present a model", ("propose", "present"))
    True
    """
    return any(map(text.__contains__, words))


def load_word_lists(directory: str | Path | None = None) -> WordLists:
    """The shipped word lists, with the files of ``directory`` (if given) replacing the
    shipped files of the same name (read once per directory).

    >>> load_word_lists().source.endswith("word_lists")
    True
    """
    return _load(str(directory) if directory is not None else None)


@lru_cache(maxsize=8)
def _load(directory: str | None) -> WordLists:
    files = {path.name: path for path in sorted(DEFAULT_DIRECTORY.glob("*.toml"))}
    if directory is not None:
        override = Path(directory)
        if not override.is_dir():
            raise WordListError(f"word-list directory {override} does not exist")
        files.update({path.name: path for path in sorted(override.glob("*.toml"))})
    lists: dict[str, tuple[str, ...]] = {}
    for path in files.values():
        for name, words in _read(path).items():
            if name in lists:
                raise WordListError(f"{path}: list {name!r} is already defined in another file")
            lists[name] = words
    return WordLists(lists, source=str(directory or DEFAULT_DIRECTORY))


def _read(path: Path) -> dict[str, tuple[str, ...]]:
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise WordListError(f"{path}: cannot read this word-list file: {error}") from None
    lists = {}
    for name, words in table.items():
        if not (isinstance(words, list) and all(isinstance(word, str) and word for word in words)):
            raise WordListError(f"{path}: {name!r} must be a list of non-empty strings")
        if len(set(words)) != len(words):
            repeated = sorted({word for word in words if words.count(word) > 1})
            raise WordListError(f"{path}: {name!r} lists {', '.join(map(repr, repeated))} twice")
        lists[name] = tuple(words)
    return lists
