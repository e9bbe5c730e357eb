"""The name a paper's title opens with: ``FooCLIP: ...``, ``Acme Foo-VL 1.5 Technical Report``.

>>> from extractors.wordlists import load_word_lists
>>> cues = TitleCues.from_word_lists(load_word_lists())
>>> title = "Tiny Bar Mixers (TBMs): Fast Pre-trained Models"
>>> title[slice(*title_prefix_name(title, cues))]
'Tiny Bar Mixers'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.names import is_name_shaped, not_names
from extractors.wordlists import WordLists

__all__ = ["TitleCues", "title_name_for", "title_prefix_name"]

_PREFIX = re.compile(r"\s*([^:]{1,60}?)(?::\s|( Technical Report\b))")
_WHOLE_WITH_ACRONYM = re.compile(r"\s*([^:]{1,60}?\s*\([^()]+\))\s*")  # "Long Form (ACR)"
# a version, or a number in parentheses: "v2", "(v2)", "(2)" (no part of a name)
_VERSION = re.compile(r"\(v?\d+(?:\.\d+)*\)|v\d+(?:\.\d+)*")
_NUMBER = re.compile(r"v?\d+(?:\.\d+)*")  # a number or a version, once brackets are off
_ENCLOSING = "()[]{}\"'\u201c\u201d\u2018\u2019"  # brackets and quotation marks


@dataclass(frozen=True)
class TitleCues:
    """The words of the title rules (``titles.toml``), as sets and regexes."""

    function_words: frozenset[str]
    prefix_stops: frozenset[str]
    method_heads: frozenset[str]
    survey: re.Pattern[str]
    name_for: re.Pattern[str]

    @classmethod
    def from_word_lists(cls, lists: WordLists) -> TitleCues:
        """The cues built from ``lists``.

        >>> from extractors.wordlists import load_word_lists
        >>> TitleCues.from_word_lists(load_word_lists()).survey.match(" A Survey") is None
        False
        """
        return cls(
            function_words=lists.set("title_function_words"),
            prefix_stops=lists.set("title_prefix_stops"),
            method_heads=lists.set("title_method_heads"),
            survey=re.compile(
                rf"\s*(?:an? )?{lists.alternation('title_survey_words')}\b", re.IGNORECASE
            ),
            name_for=re.compile(
                rf"\s*([A-Za-z][\w\-^+]*[A-Za-z0-9+]) {lists.alternation('title_name_joiners')}:? "
            ),
        )


def _is_method_phrase(words: list[str], cues: TitleCues) -> bool:
    """Two to four capitalised words ending in a method's head noun, none a function word
    and the first no verb form (``Revisiting ...``)."""
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and not any(w.casefold() in cues.function_words for w in words)
        and not words[0].casefold().endswith(("ing", "ed"))
        and words[-1].casefold() in cues.method_heads
    )


def title_prefix_name(title: str, cues: TitleCues) -> tuple[int, int] | None:
    """Offsets of the name a title opens with (``Name: ...``, ``Name Technical Report``).

    >>> from extractors.wordlists import load_word_lists
    >>> cues = TitleCues.from_word_lists(load_word_lists())
    >>> title_prefix_name("FooCLIP: Data-aware Automatic Model Growing", cues)
    (0, 7)
    >>> title_prefix_name("Beyond Backpropagation: Exploring Algorithms", cues) is None
    True
    >>> t = "Acme Foo-VL 1.5 Technical Report"; t[slice(*title_prefix_name(t, cues))]
    'Foo-VL 1.5'
    >>> t = "Bar Scheduler: A Batch Size Agnostic Scheduler"; t[slice(*title_prefix_name(t, cues))]
    'Bar Scheduler'
    >>> t = "Probabilistic Foo Partitioning (PFP)"; t[slice(*title_prefix_name(t, cues))]
    'Probabilistic Foo Partitioning'
    """
    prefix_match = _PREFIX.match(title)
    match = prefix_match or _WHOLE_WITH_ACRONYM.fullmatch(title)
    if not match:
        return None
    prefix = match.group(1).strip()
    long_form = _long_form_before_acronym(title, prefix)
    if long_form is not None:
        return long_form
    if prefix_match is None:  # a whole title "X-Net (v2)", "GPT-4 (2)": no acronym defined
        return None
    words = prefix.split()
    if not words or len(words) > 4 or words[0].casefold() in cues.prefix_stops:
        return None
    if len(words) == 1:
        return _one_word_name(title, words[0], cues)
    if all(_NUMBER.fullmatch(w) for w in words[1:]):  # "Quill 2", "quill-lm v1.5"
        named = _one_word_name(title, words[0], cues)
        kept = [w for w in words[1:] if not _VERSION.fullmatch(w)]  # "v1.5" is no part
        if named and kept:
            return named[0], title.index(kept[-1], named[1]) + len(kept[-1])
        return named
    named = [i for i, w in enumerate(words) if is_name_shaped(w) or re.search(r"[\^+]", w)]
    if not named and _is_method_phrase(words, cues) and not cues.survey.match(title, match.end()):
        start = title.index(prefix)  # "Bar Scheduler: ...", "Quill Distillation: ..."
        return start, start + len(prefix)
    if not named or words[0].casefold() in not_names():
        return None
    if prefix_match.group(2):  # "Acme Foo-VL 1.5 Technical Report": the name, not the maker
        words = words[named[0] :]
    # "X-Net v2", "X-Net (v2)", "GPT-4 (2)": versions and numbers are no part of the name
    words = [w for w in words if not _VERSION.fullmatch(w)]
    start = title.index(words[0])
    end = title.index(words[-1], start) + len(words[-1])
    return start, end


def _long_form_before_acronym(title: str, prefix: str) -> tuple[int, int] | None:
    """``Tiny Bar Mixers (TBMs): ...``: the long form (the acronym detector pairs the
    rest), when the prefix is one to six words, capitalised, and an acronym."""
    acronym = re.fullmatch(r"(.+?)\s*\(([A-Za-z][\w\-^+]*)\)", prefix)
    if not (acronym and (is_name_shaped(acronym.group(2)) or acronym.group(2).isupper())):
        return None
    long_form = acronym.group(1)
    if (
        1 <= len(long_form.split()) <= 6
        and long_form[:1].isupper()
        and "(" not in long_form
        and ")" not in long_form
    ):
        start = title.index(long_form)
        return start, start + len(long_form)
    return None


def _one_word_name(title: str, word: str, cues: TitleCues | None = None) -> tuple[int, int] | None:
    """A one-word prefix that is a name, whatever its case (``FooNet``, ``Quill``,
    ``quillnet``), but neither a word that is never a name, nor a function word, nor a bare
    number."""
    word = word.strip(_ENCLOSING).rstrip("!?")  # "(v2): ...", "((A)): ..."
    if not word or word.casefold() in not_names() or _NUMBER.fullmatch(word):
        return None
    if cues is not None and word.casefold() in cues.function_words | cues.prefix_stops:
        return None
    if not any(c.isalpha() for c in word) or (word.islower() and len(word) < 3):
        return None
    start = title.index(word)
    return start, start + len(word)


def title_name_for(title: str, cues: TitleCues) -> tuple[int, int] | None:
    """Offsets of a name-shaped first word before ``for`` / ``with`` / ``via``: the paper's
    own name, unless a gazetteer knows it (``BERT for ...``), which the caller checks.

    >>> from extractors.wordlists import load_word_lists
    >>> cues = TitleCues.from_word_lists(load_word_lists())
    >>> t = "FooRoutGNN for Timing Prediction"; t[slice(*title_name_for(t, cues))]
    'FooRoutGNN'
    >>> title_name_for("Learning for Control", cues) is None
    True
    """
    first = cues.name_for.match(title)
    return (first.start(1), first.end(1)) if first and is_name_shaped(first.group(1)) else None
