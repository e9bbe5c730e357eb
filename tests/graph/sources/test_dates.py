"""Dates: ISO 8601 at the precision the source gives, never an invented year."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.sources.dates import parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar 31, 2021", "2021-03-31"),
        ("Sep 25, 2023", "2023-09-25"),
        ("September 25 2023", "2023-09-25"),
        ("Sept. 5, 2020", "2020-09-05"),
        ("25 September 2023", "2023-09-25"),
        ("March 2021", "2021-03"),
        ("2021-03-31", "2021-03-31"),
        ("2021/3/1", "2021-03-01"),
        ("2021-03-31T23:59:00Z", "2021-03-31"),
        ("2021-03", "2021-03"),
        ("2021", "2021"),
        ("Apr 14", None),  # listing dates without a year
        ("Nov 19", None),
        ("Feb 30, 2021", None),  # no such day
        ("2021-13-01", None),
        ("Foo 3, 2021", None),
        ("", None),
        ("yesterday", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


@given(st.text(max_size=30))
def test_never_invents_a_year(text: str) -> None:
    parsed = parse_date(text)
    if parsed is not None:
        assert parsed[:4] in re.findall(r"\d{4}", text)
