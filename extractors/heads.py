"""What a name's head noun says about its kind: ``... Optimization`` names a method,
``... Benchmark`` a benchmark, ``... Score`` a metric, ``... Detection`` a task.

The head nouns are data (``heads.toml``, see :mod:`extractors.wordlists`); a component
reads them once into a :class:`Heads` and passes it to these pure functions.

    >>> heads = Heads.from_lists(load_word_lists())
    >>> long_form_kind("Gradient Boosted Trees", heads), long_form_kind("Parity Games", heads)
    ('method', 'benchmark')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.keys import singular
from extractors.wordlists import WordLists, load_word_lists

__all__ = ["DEFAULT_HEADS", "Heads", "long_form_kind", "names_task_or_field"]

_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Heads:
    """The head nouns of each kind, lower-case (lists in ``heads.toml``)."""

    method: frozenset[str]
    benchmark: frozenset[str]
    metric: frozenset[str]
    task: frozenset[str]
    not_method: frozenset[str]  # tasks, fields and families of models: never a method

    @classmethod
    def from_lists(cls, lists: WordLists) -> Heads:
        """The heads of the lists ``method_heads``, ``benchmark_heads``, ``metric_heads``,
        ``task_heads`` and ``not_method_heads``.

        >>> "detection" in Heads.from_lists(load_word_lists()).not_method
        True
        """
        return cls(
            method=lists.set("method_heads"),
            benchmark=lists.set("benchmark_heads"),
            metric=lists.set("metric_heads"),
            task=lists.set("task_heads"),
            not_method=lists.set("task_heads") | lists.set("not_method_heads"),
        )


DEFAULT_HEADS = Heads.from_lists(load_word_lists())  # the shipped lists


def long_form_kind(long_form: str, heads: Heads = DEFAULT_HEADS) -> str | None:
    """The kind of concept an unknown acronym's long form names, from its head word.

    >>> long_form_kind("Gradient Boosted Trees"), long_form_kind("Parity Games")
    ('method', 'benchmark')
    >>> long_form_kind("Federated Learning"), long_form_kind("stage of decomposition")
    (None, None)
    """
    words = _WORD.findall(long_form.replace("-", " "))
    if not words:
        return None
    head = words[-1].casefold()
    if head in heads.benchmark:
        return "benchmark"
    if head in heads.metric:
        return "metric"
    if head in heads.not_method:
        return None
    if head in heads.method or singular(words[-1]).casefold() in heads.method:
        return "method"
    return None


def names_task_or_field(long_form: str, heads: Heads = DEFAULT_HEADS) -> bool:
    """Does the long form end in a task's or field's head word (``... detection``)?

    >>> names_task_or_field("salient object detection"), names_task_or_field("Adam")
    (True, False)
    """
    words = _WORD.findall(long_form)
    return len(words) >= 2 and words[-1].casefold() in heads.not_method
