"""The name a paper's title opens with: ``GrowCLIP: ...``, ``Kwai Keye-VL 1.5 Technical Report``.

>>> title = "Tiny Time Mixers (TTMs): Fast Pre-trained Models"
>>> title[slice(*title_prefix_name(title))]
'Tiny Time Mixers'
"""

from __future__ import annotations

import re

from extractors.names import is_name_shaped, not_names

__all__ = ["title_name_for", "title_prefix_name"]

_PREFIX = re.compile(r"\s*([^:]{1,60}?)(?::\s|( Technical Report\b))")
_WHOLE_WITH_ACRONYM = re.compile(r"\s*([^:]{1,60}?\s*\([^()]+\))\s*")  # "Long Form (ACR)"
_NAME_FOR = re.compile(r"\s*([A-Za-z][\w\-^+]*[A-Za-z0-9+]) (?:for|with|via):? ")
# a version, or a number in parentheses: "v2", "(v2)", "(2)" (no part of a name)
_VERSION = re.compile(r"\(v?\d+(?:\.\d+)*\)|v\d+(?:\.\d+)*")
_NUMBER = re.compile(r"v?\d+(?:\.\d+)*")  # a number or a version, once brackets are off
_ENCLOSING = "()[]{}\"'\u201c\u201d\u2018\u2019"  # brackets and quotation marks
CONNECTORS = frozenset("of and for with in to on the via from".split())
TITLE_PREFIX_STOP = frozenset("part chapter section volume appendix".split())
# Head nouns that make a capitalised title prefix a method's name ("Power Scheduler"),
# unlike a topic ("Stationary Representations") or a claim ("Trust the Model").
TITLE_METHOD_HEADS = frozenset(
    "distillation scheduler optimizer regularization augmentation prompting decoding pruning "
    "quantization attention transformer".split()
)
_SURVEY = re.compile(r"\s*(?:an? )?(?:survey|overview|review|tutorial|primer)\b", re.IGNORECASE)


def _is_method_phrase(words: list[str]) -> bool:
    """Two to four capitalised words ending in a method's head noun, none a function word
    and the first no verb form (``Revisiting ...``)."""
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and not any(w.casefold() in CONNECTORS for w in words)
        and not words[0].casefold().endswith(("ing", "ed"))
        and words[-1].casefold() in TITLE_METHOD_HEADS
    )


def title_prefix_name(title: str) -> tuple[int, int] | None:
    """Offsets of the name a title opens with (``Name: ...``, ``Name Technical Report``).

    >>> t = "GrowCLIP: Data-aware Automatic Model Growing"
    >>> title_prefix_name(t)
    (0, 8)
    >>> title_prefix_name("Beyond Backpropagation: Exploring Algorithms") is None
    True
    >>> t = "Kwai Keye-VL 1.5 Technical Report"; t[slice(*title_prefix_name(t))]
    'Keye-VL 1.5'
    >>> t = "Power Scheduler: A Batch Size Agnostic Scheduler"; t[slice(*title_prefix_name(t))]
    'Power Scheduler'
    >>> t = "Probabilistic Partitive Partitioning (PPP)"; t[slice(*title_prefix_name(t))]
    'Probabilistic Partitive Partitioning'
    """
    prefix_match = _PREFIX.match(title)
    match = prefix_match or _WHOLE_WITH_ACRONYM.fullmatch(title)
    if not match:
        return None
    prefix = match.group(1).strip()
    acronym = re.fullmatch(r"(.+?)\s*\(([A-Za-z][\w\-^+]*)\)", prefix)
    if acronym and (is_name_shaped(acronym.group(2)) or acronym.group(2).isupper()):
        # "Tiny Time Mixers (TTMs): ...": the long form; the acronym detector pairs the rest
        long_form = acronym.group(1)
        if (
            1 <= len(long_form.split()) <= 6
            and long_form[:1].isupper()
            and "(" not in long_form
            and ")" not in long_form
        ):
            start = title.index(long_form)
            return start, start + len(long_form)
    if prefix_match is None:  # a whole title "X-Net (v2)", "GPT-4 (2)": no acronym defined
        return None
    words = prefix.split()
    if not words or len(words) > 4 or words[0].casefold() in TITLE_PREFIX_STOP:
        return None
    if len(words) == 1:
        word = words[0].strip(_ENCLOSING).rstrip("!?")  # "(v2): ...", "((A)): ..."
        if not word or word.casefold() in not_names() or _NUMBER.fullmatch(word):
            return None
        if not (is_name_shaped(word) or word[:1].isupper() or any(c.isdigit() for c in word)):
            return None
        start = title.index(word)
        return start, start + len(word)
    named = [i for i, w in enumerate(words) if is_name_shaped(w) or re.search(r"[\^+]", w)]
    if not named and _is_method_phrase(words) and not _SURVEY.match(title, match.end()):
        start = title.index(prefix)  # "Power Scheduler: ...", "Impossible Distillation: ..."
        return start, start + len(prefix)
    if not named or words[0].casefold() in not_names():
        return None
    if prefix_match.group(2):  # "Kwai Keye-VL 1.5 Technical Report": the name, not the maker
        words = words[named[0] :]
    # "X-Net v2", "X-Net (v2)", "GPT-4 (2)": versions and numbers are no part of the name
    words = [w for w in words if not _VERSION.fullmatch(w)]
    start = title.index(words[0])
    end = title.index(words[-1], start) + len(words[-1])
    return start, end


def title_name_for(title: str) -> tuple[int, int] | None:
    """Offsets of a name-shaped first word before ``for`` / ``with`` / ``via``: the paper's
    own name, unless a gazetteer knows it (``BERT for ...``), which the caller checks.

    >>> t = "PreRoutGNN for Timing Prediction"; t[slice(*title_name_for(t))]
    'PreRoutGNN'
    >>> title_name_for("Learning for Control") is None
    True
    """
    first = _NAME_FOR.match(title)
    return (first.start(1), first.end(1)) if first and is_name_shaped(first.group(1)) else None
