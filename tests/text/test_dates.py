"""Relative and absolute dates resolved against the publication date (conventions §4)."""

from __future__ import annotations

import datetime as dt

import pytest

from marsad.text.dates import find_dates, old_years

MON = dt.date(2025, 3, 10)  # a Monday
FRI = dt.date(2025, 3, 14)  # a Friday


@pytest.mark.parametrize(
    ("published", "text", "date", "precision"),
    [
        (MON, "earlier today", "2025-03-10", 1),
        (MON, "in the past 24 hours", "2025-03-10", 1),
        (MON, "yesterday", "2025-03-09", 1),
        (MON, "overnight", "2025-03-09", 1),
        (MON, "on Friday", "2025-03-07", 1),
        (MON, "Friday's attack", "2025-03-07", 1),
        (FRI, "on Friday", "2025-03-14", 1),
        (FRI, "last Friday", "2025-03-07", 1),
        (MON, "on Sunday, a week ago", "2025-03-02", 1),
        (FRI, "earlier this week", "2025-03-10", 2),
        (FRI, "since Monday", "2025-03-10", 2),
        (FRI, "last week", "2025-03-03", 2),
        (FRI, "over the past three days", "2025-03-12", 2),
        (MON, "over the weekend", "2025-03-08", 2),
        (dt.date(2025, 3, 20), "since the beginning of the month", "2025-03-01", 3),
        (MON, "since the beginning of the month", "2025-03-01", 2),
        (MON, "in March 2025", "2025-03-01", 3),
        (MON, "on March 8", "2025-03-08", 1),
        (MON, "on 8 March", "2025-03-08", 1),
        (dt.date(2025, 1, 5), "on December 28", "2024-12-28", 1),
        (MON, "on 2025-03-06", "2025-03-06", 1),
    ],
)
def test_resolved(published: dt.date, text: str, date: str, precision: int) -> None:
    [found] = find_dates(f"Residents said the attack happened {text}.", published)
    assert (found.date.isoformat(), found.precision) == (date, precision)


def test_future_dates_are_ignored_and_yearless_ones_fall_back_a_year() -> None:
    assert find_dates("the talks planned for March 20, 2025", MON) == []
    [last_year] = find_dates("the raid of March 20", MON)
    assert last_year.date == dt.date(2024, 3, 20)


def test_periods_mark_tallies() -> None:
    [since] = find_dates("the toll since March 6 rose to 1,383", MON)
    assert since.period and since.date == dt.date(2025, 3, 6)


def test_old_years_are_history() -> None:
    assert old_years("as happened in 2013 and again in 2019", MON) == [2013, 2019]
    assert old_years("in 2025", MON) == []
