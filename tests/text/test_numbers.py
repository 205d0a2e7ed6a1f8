"""Count phrases → (best, low, high) by the conventions' number table."""

from __future__ import annotations

import pytest

from marsad.text.numbers import find_counts, parse_number


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("12 people", (12, 12, 12)),
        ("a family of six", (6, 6, 6)),
        ("two dozen", (24, 24, 24)),
        ("at least 19", (19, 19, None)),
        ("no fewer than 8", (8, 8, None)),
        ("35 or more", (35, 35, None)),
        ("more than 740", (741, 741, None)),
        ("over 1,000", (1001, 1001, None)),
        ("about 30", (30, 24, 36)),
        ("nearly 50", (50, 40, 60)),
        ("a dozen", (12, 12, 12)),
        ("about a dozen", (12, 9, 15)),
        ("several", (3, 3, 9)),
        ("a number of", (3, 3, 9)),
        ("a few", (3, 2, 5)),
        ("a handful of", (3, 2, 5)),
        ("dozens of", (24, 24, 99)),
        ("scores of", (40, 40, 99)),
        ("hundreds of", (200, 200, 999)),
        ("thousands of", (2000, 2000, 9999)),
        ("tens of thousands of", (20000, 20000, 99999)),
        ("between 12 and 15", (12, 12, 15)),
        ("twenty-three", (23, 23, 23)),
        ("one hundred and twenty", (120, 120, 120)),
        ("1,383", (1383, 1383, 1383)),
    ],
)
def test_count_phrases(phrase: str, expected: tuple[int, int, int | None]) -> None:
    [count] = find_counts(f"Reports said {phrase} civilians were killed.")
    assert (count.best, count.low, count.high) == expected


@pytest.mark.parametrize(
    "text", ["on March 8, 2025", "in 2013", "at 5 pm", "a 45-year-old man", "15 km away", "Route 4"]
)
def test_dates_times_ages_and_distances_are_not_counts(text: str) -> None:
    assert [c for c in find_counts(text) if c.best > 1] == []


def test_spans_point_at_the_words() -> None:
    text = "Medics said at least 19 civilians, among them four children, were killed."
    for count in find_counts(text):
        assert text[count.start : count.end] == count.text


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("seven", 7),
        ("forty-two", 42),
        ("two hundred", 200),
        ("three thousand", 3000),
        ("2.5 thousand", 2500),
        ("lots", None),
    ],
)
def test_parse_number(words: str, value: int | None) -> None:
    assert parse_number(words) == value
