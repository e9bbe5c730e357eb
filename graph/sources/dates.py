"""Publication dates as sources write them, to ISO 8601 of the precision they give.

The rule that matters: a year is never invented. ``"Apr 14"`` on a listing page
has no year, so it has no date (its text is kept on the paper instead).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

__all__ = ["MONTHS", "parse_date"]

MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    MONTHS[calendar.month_abbr[_number].casefold()] = _number
    MONTHS[calendar.month_name[_number].casefold()] = _number
MONTHS["sept"] = 9

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_PATTERNS = [
    # 2021-03-31, 2021/03/31, 2021-03-31T12:00:00Z
    re.compile(r"(?P<year>\d{4})[-/](?P<mon>\d{1,2})(?:[-/](?P<day>\d{1,2}))?(?:[T ].*)?"),
    re.compile(r"(?P<year>\d{4})"),
    # Mar 31, 2021 / March 31 2021
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"),
    # 31 March 2021
    re.compile(r"(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})"),
    # March 2021
    re.compile(_MONTH + r",?\s+(?P<year>\d{4})"),
]


def parse_date(text: str) -> str | None:
    """ISO 8601 date of ``text`` at the precision given, or ``None``.

    >>> parse_date("Mar 31, 2021")
    '2021-03-31'
    >>> parse_date("2023-08")
    '2023-08'
    >>> parse_date("2019")
    '2019'
    >>> parse_date("Apr 14") is None      # no year given: none invented
    True
    >>> parse_date("Feb 30, 2021") is None  # not a real day
    True
    """
    text = text.strip()
    for pattern in _PATTERNS:
        match = pattern.fullmatch(text)
        if not match:
            continue
        parts = match.groupdict()
        year = int(parts["year"])
        if parts.get("month") is not None:
            month: int | None = MONTHS.get(parts["month"].casefold())
            if month is None:
                return None
        else:
            month = int(parts["mon"]) if parts.get("mon") else None
        day = int(parts["day"]) if parts.get("day") else None
        return _iso(year, month, day)
    return None


def _iso(year: int, month: int | None, day: int | None) -> str | None:
    if not 1000 <= year <= 2999:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
