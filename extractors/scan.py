"""Regular-expression searches that try a pattern only where a match can start.

Python's ``re`` tries a pattern at every character of the text unless the pattern
begins with a literal. A pattern that begins with a look-behind or ``\\b`` and has
many branches (``NAME benchmark``, ``pass@k``) then costs more per abstract than
the rule that uses it. When every match holds a short, cheap-to-find *cue* (the word
``benchmark``, an ``@``), the pattern needs trying only just before each cue; these
functions do that and yield exactly what ``pattern.finditer`` yields (a property test
checks it on arbitrary text).

    >>> import re
    >>> metric = re.compile(r"(?<![\\w@])(?:pass|Recall)@\\d+")
    >>> [m.group() for m in finditer_near(metric, re.compile("@"), 6, "pass@1 and Recall@10")]
    ['pass@1', 'Recall@10']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

__all__ = ["finditer_in_runs", "finditer_near"]


def finditer_near(
    pattern: re.Pattern[str], cue: re.Pattern[str], reach: int, text: str
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, given that every match of ``pattern`` holds a match of
    ``cue`` starting at most ``reach`` characters after its own start.

    The next match cannot start before ``reach`` characters ahead of the next cue, so
    the search for it starts there. Matches must not be empty.
    """

    def near(cue_start: int, position: int) -> int:
        return max(position, cue_start - reach)

    return _search_from_cues(pattern, cue, text, near)


def finditer_in_runs(
    pattern: re.Pattern[str], cue: re.Pattern[str], run: frozenset[str], text: str
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, given that every match holds a match of ``cue`` and
    that the characters from the match's start to that cue's start are all in ``run``.

    The next match cannot start before the run of ``run`` characters that leads up to
    the next cue, so the search starts there. A run already stepped back over is not
    stepped over again, so the time stays linear however long the runs. Matches must
    not be empty.
    """
    last_cue = last_start = -1

    def run_start(cue_start: int, position: int) -> int:
        nonlocal last_cue, last_start
        start = cue_start
        while start > position and text[start - 1] in run:
            start -= 1
            if start == last_cue:  # the previous cue's run goes on: its start is known
                start = max(position, last_start)
                break
        last_cue, last_start = cue_start, start
        return start

    return _search_from_cues(pattern, cue, text, run_start)


def _search_from_cues(
    pattern: re.Pattern[str], cue: re.Pattern[str], text: str, start_for: Callable[[int, int], int]
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern``, each searched for from ``start_for(start of the next
    cue, end of the last match)``."""
    position = 0
    while (found_cue := cue.search(text, position)) is not None:
        match = pattern.search(text, start_for(found_cue.start(), position))
        if match is None:
            return
        if match.end() == match.start():
            raise ValueError(f"empty match of {pattern.pattern!r}")
        yield match
        position = match.end()
