"""Dates in news text resolved against the publication date, by the conventions (§4).

Returns the first day of the event or period and a precision: 1 day, 2 within a week or a few
days, 3 a month or longer. Shared by the English and (later) Arabic extractors.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUMWORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10, "several": 3}


@dataclass(frozen=True, slots=True)
class DateMention:
    date: dt.date
    precision: int
    start: int
    end: int
    text: str
    period: bool = False  # "since …", "over the past …": the start of a period (a tally cue)


def _last_weekday(published: dt.date, weekday: int, strictly_before: bool = False) -> dt.date:
    delta = (published.weekday() - weekday) % 7
    if strictly_before and delta == 0:
        delta = 7
    return published - dt.timedelta(days=delta)


def _year_for(month: int, day: int, published: dt.date) -> dt.date | None:
    for year in (published.year, published.year - 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return None
        if d <= published:
            return d
    return None


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>20\d\d))?\b", re.I
        ),
        "dm",
    ),
    (
        re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>20\d\d))?\b", re.I),
        "md",
    ),
    (re.compile(r"\b(?P<y>20\d\d)-(?P<mo>\d\d)-(?P<d>\d\d)\b"), "iso"),
    (
        re.compile(
            rf"\b(?:since|from)\s+the\s+(?:start|beginning)\s+of\s+(?:the\s+|this\s+)?(?P<u>month|year|{_MONTH})\b",
            re.I,
        ),
        "since_start",
    ),
    (
        re.compile(
            rf"\b(?:in|during|throughout|since)\s+(?:early\s+|late\s+|mid-?)?(?P<m>{_MONTH})(?:\s+(?P<y>20\d\d))?\b",
            re.I,
        ),
        "month",
    ),
    (re.compile(rf"\bsince\s+(?:last\s+)?(?P<wd>{_DAY})\b", re.I), "since_day"),
    (
        re.compile(
            rf"\b(?:on\s+|last\s+|early\s+|late\s+)?(?P<wd>{_DAY})(?:'s)?\b(?P<ago>,?\s+a\s+week\s+ago)?",
            re.I,
        ),
        "weekday",
    ),
    (
        re.compile(
            r"\b(?:today|this\s+morning|this\s+afternoon|this\s+evening|earlier\s+today|tonight"
            r"|in\s+the\s+(?:past|last)\s+24\s+hours)\b",
            re.I,
        ),
        "today",
    ),
    (
        re.compile(r"\b(?:yesterday|last\s+night|overnight|the\s+night\s+before|on\s+the\s+eve)\b", re.I),
        "yesterday",
    ),
    (
        re.compile(r"\b(?:earlier\s+this\s+week|this\s+week|since\s+the\s+start\s+of\s+the\s+week)\b", re.I),
        "this_week",
    ),
    (re.compile(r"\blast\s+week\b", re.I), "last_week"),
    (re.compile(r"\bover\s+the\s+weekend\b", re.I), "weekend"),
    (
        re.compile(
            r"\b(?:over|in|during)\s+the\s+(?:past|last)\s+(?P<n>\d+|two|three|four|five|six|seven|ten|several)"
            r"\s+days\b",
            re.I,
        ),
        "past_days",
    ),
    (re.compile(r"\blast\s+month\b", re.I), "last_month"),
]


Resolver = Callable[[str, re.Match[str], dt.date], "tuple[dt.date, int, bool] | None"]


def scan_dates(
    text: str,
    published: dt.date,
    patterns: list[tuple[re.Pattern[str], str]],
    resolve: Resolver,
    opens_period: Callable[[str, int, str], bool],
) -> list[DateMention]:
    """The date scan every language shares: patterns in order, no overlaps, nothing after
    ``published``; ``opens_period(text, start, kind)`` says when a cue ("since") makes it a period start.
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in patterns:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            resolved = resolve(kind, m, published)
            if resolved is None:
                continue
            date, precision, period = resolved
            if date > published:
                continue
            period = period or opens_period(text, m.start(), kind)
            taken.append((m.start(), m.end()))
            found.append(DateMention(date, precision, m.start(), m.end(), m.group(0), period))
    return sorted(found, key=lambda d: d.start)


def _since(text: str, start: int, _kind: str) -> bool:
    return bool(re.search(r"\bsince\s+(?:the\s+)?$", text[max(0, start - 12) : start], re.I))


def find_dates(text: str, published: dt.date) -> list[DateMention]:
    """Date expressions in ``text`` that resolve to a day on or before ``published``, left to right."""
    return scan_dates(text, published, _PATTERNS, _resolve, _since)


def _resolve(kind: str, m: re.Match[str], published: dt.date) -> tuple[dt.date, int, bool] | None:
    g = m.groupdict()
    if kind in ("dm", "md", "iso"):
        month = int(g["mo"]) if kind == "iso" else MONTHS[g["m"].lower().rstrip(".")]
        day = int(g["d"])
        if g.get("y"):
            try:
                return dt.date(int(g["y"]), month, day), 1, False
            except ValueError:
                return None
        d = _year_for(month, day, published)
        return (d, 1, False) if d else None
    if kind == "since_start":
        unit = g["u"].lower().rstrip(".")
        if unit == "year":
            start = dt.date(published.year, 1, 1)
        elif unit == "month":
            start = published.replace(day=1)
        else:
            d = _year_for(MONTHS[unit], 1, published)
            if d is None:
                return None
            start = d
        return start, 3 if (published - start).days > 14 else 2, True
    if kind == "month":
        month = MONTHS[g["m"].lower().rstrip(".")]
        year = int(g["y"]) if g.get("y") else None
        d = dt.date(year, month, 1) if year else _year_for(month, 1, published)
        if d is None:
            return None
        since = m.group(0).lower().startswith("since")
        return d, 3, since or True
    if kind == "since_day":
        return _last_weekday(published, WEEKDAYS.index(g["wd"].lower()), strictly_before=True), 2, True
    if kind == "weekday":
        wd = WEEKDAYS.index(g["wd"].lower())
        last = m.group(0).lower().startswith("last")
        d = _last_weekday(published, wd, strictly_before=last)
        if g.get("ago"):
            d -= dt.timedelta(days=7)
        return d, 1, False
    if kind == "today":
        return published, 1, False
    if kind == "yesterday":
        return published - dt.timedelta(days=1), 1, False
    if kind == "this_week":
        return published - dt.timedelta(days=published.weekday()), 2, True
    if kind == "last_week":
        return published - dt.timedelta(days=published.weekday() + 7), 2, True
    if kind == "weekend":
        return _last_weekday(published, 5), 2, False
    if kind == "past_days":
        raw = g["n"].lower()
        n = int(raw) if raw.isdigit() else _NUMWORDS[raw]
        return published - dt.timedelta(days=max(n - 1, 0)), 2, True
    if kind == "last_month":
        first = published.replace(day=1) - dt.timedelta(days=1)
        return first.replace(day=1), 3, True
    return None


_YEAR = re.compile(r"\b(?P<y>19\d\d|20\d\d)s?\b")
_SINCE = re.compile(rf"\bsince\s+(?:(?:early|late|mid-?)\s+)?(?:{_MONTH}\s+)?(?:\d{{1,2}}\s+)?$", re.I)


def old_years(text: str, published: dt.date) -> list[int]:
    """Years before the publication year that the text places something in ("in 2013", "May 2013").

    A running period ("since December 2024") reaches the present and is not history.
    """
    return [
        int(m.group("y"))
        for m in _YEAR.finditer(text)
        if int(m.group("y")) < published.year and not _SINCE.search(text[max(0, m.start() - 30) : m.start()])
    ]


def month_ended_before(d: DateMention, published: dt.date, days: int = 31) -> bool:
    """ "In March" read in October: a closed month that ended more than ``days`` before publication."""
    if d.precision != 3 or not re.match(r"(?:in|during|throughout)\b", d.text, re.I):
        return False
    nxt = (d.date.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (published - (nxt - dt.timedelta(days=1))).days > days
