"""Counts as news writes them, mapped to (best, low, high) by the annotation conventions (§3).

"at least 12" → 12/12/open; "more than 740" → 741/741/open; "about 30" → 30/24/36; "dozens" →
24/24/99; "a family of six" → 6; "two dozen" → 24. ``high`` None means open-ended. Shared by
every stage that reads numbers (extraction in English; Arabic adds its own words later).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

UNITS = {
    "zero": 0,
    "no": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# vague quantities: (best, low, high)
VAGUE = {
    "several": (3, 3, 9),
    "a number of": (3, 3, 9),
    "a few": (3, 2, 5),
    "a handful of": (3, 2, 5),
    "a handful": (3, 2, 5),
    "dozens": (24, 24, 99),
    "dozens of": (24, 24, 99),
    "scores of": (40, 40, 99),
    "hundreds": (200, 200, 999),
    "hundreds of": (200, 200, 999),
    "thousands": (2000, 2000, 9999),
    "thousands of": (2000, 2000, 9999),
    "tens of thousands": (20000, 20000, 99999),
    "tens of thousands of": (20000, 20000, 99999),
    "a couple of": (2, 2, 2),
    "a couple": (2, 2, 2),
}

_WORD_NUM = "|".join(sorted([*UNITS, *TENS, *SCALES], key=len, reverse=True))
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?:thousand|million))?"
    rf"|(?:(?:{_WORD_NUM})(?:[\s-]+(?:and\s+)?(?:{_WORD_NUM}))*)"
)
_QUALIFIERS = {
    "at least": "min",
    "no fewer than": "min",
    "no less than": "min",
    "a minimum of": "min",
    "more than": "over",
    "over": "over",
    "upwards of": "over",
    "in excess of": "over",
    "exceeding": "over",
    "about": "about",
    "around": "about",
    "some": "about",
    "nearly": "about",
    "almost": "about",
    "roughly": "about",
    "approximately": "about",
    "close to": "about",
    "an estimated": "about",
    "up to": "upto",
    "as many as": "upto",
}
_QUAL = "|".join(sorted(map(re.escape, _QUALIFIERS), key=len, reverse=True))
_VAGUE = "|".join(sorted(map(re.escape, VAGUE), key=len, reverse=True))

COUNT = re.compile(
    rf"(?P<qual>\b(?:{_QUAL})\s+)?"
    rf"(?:(?P<range>\bbetween\s+(?P<r1>{_NUMBER})\s+and\s+(?P<r2>{_NUMBER})\b"
    rf"|\b(?P<r3>{_NUMBER})\s+to\s+(?P<r4>{_NUMBER})\b|\b(?P<r5>\d+)\s*[-–]\s*(?P<r6>\d+)\b)"
    rf"|(?P<family>\ba\s+family\s+of\s+(?P<fam>{_NUMBER})\b)"
    rf"|(?P<dozen>\b(?:(?P<dz>{_NUMBER}|a|half\s+a)\s+)dozen\b)"
    rf"|(?P<vague>\b(?:{_VAGUE})\b)"
    rf"|(?P<num>\b(?:{_NUMBER})\b))"
    r"(?P<orMore>\s+or\s+more\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Count:
    """A number phrase found in text, with the character span it came from."""

    best: int
    low: int
    high: int | None
    start: int
    end: int
    text: str
    exact: bool  # a plain number, not vague or qualified


def parse_number(text: str) -> int | None:
    """Digits ("1,383", "2.5 thousand") or English number words ("twenty-three", "two hundred")."""
    t = text.strip().lower().replace(",", "")
    m = re.fullmatch(r"(\d{1,9}(?:\.\d+)?)\s*(thousand|million)?", t)
    if m:
        value = float(m.group(1)) * (SCALES.get(m.group(2) or "", 1))
        return int(value)
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", t):
        if word == "and" or not word:
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _apply(qual: str | None, n: int) -> tuple[int, int, int | None]:
    kind = _QUALIFIERS.get(" ".join(qual.lower().split())) if qual else None
    if kind == "min":
        return n, n, None
    if kind == "over":
        return n + 1, n + 1, None
    if kind == "about":
        return n, math.floor(0.8 * n), math.ceil(1.2 * n)
    if kind == "upto":
        return n, 0, n
    return n, n, n


def find_counts(text: str) -> list[Count]:
    """Every count phrase in ``text``, left to right."""
    out: list[Count] = []
    for m in COUNT.finditer(text):
        qual = m.group("qual")
        if m.group("range"):
            pair = next(g for g in (m.group("r1", "r2"), m.group("r3", "r4"), m.group("r5", "r6")) if g[0])
            a, b = parse_number(pair[0]), parse_number(pair[1])
            if a is None or b is None or b < a:
                continue
            best, low, high = a, a, b
        elif m.group("family"):
            n = parse_number(m.group("fam"))
            if n is None:
                continue
            best, low, high = n, n, n
        elif m.group("dozen"):
            dz = m.group("dz").lower()
            n = 6 if dz.startswith("half") else 12 * (1 if dz == "a" else (parse_number(dz) or 1))
            best, low, high = _apply(qual, n)
            if qual and _QUALIFIERS.get(" ".join(qual.lower().split())) == "about" and n == 12:
                best, low, high = 12, 9, 15
        elif m.group("vague"):
            key = " ".join(m.group("vague").lower().split())
            best, low, high = VAGUE[key]
            if qual and _QUALIFIERS.get(" ".join(qual.lower().split())) == "over":
                pass  # "more than dozens": keep the vague reading
        else:
            raw = m.group("num")
            if raw.lower() in ("a", "an", "no", "one") and not qual:
                # "a"/"an"/"one" are too common as articles; the caller decides from context
                n = parse_number(raw)
                if n is None:
                    continue
                out.append(Count(n, n, n, m.start("num"), m.end("num"), m.group(0), exact=True))
                continue
            n = parse_number(raw)
            if n is None:
                continue
            if _looks_like_year_or_date(text, m.start("num"), m.end("num"), raw):
                continue
            best, low, high = _apply(qual, n)
        if m.group("orMore"):
            high = None
        start = m.start("qual") if qual else m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        out.append(
            Count(
                best,
                low,
                high,
                start,
                m.end(),
                m.group(0).strip(),
                exact=not qual and bool(m.group("num") or m.group("family")),
            )
        )
    return out


_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"


def _looks_like_year_or_date(text: str, start: int, end: int, raw: str) -> bool:
    if re.fullmatch(r"(19|20)\d\d", raw):
        return True
    before = text[max(0, start - 12) : start].lower()
    after = text[end : end + 12].lower()
    if re.search(rf"{_MONTHS}\.?\s*$", before) or re.match(rf"\s*{_MONTHS}", after):
        return True  # "March 8", "8 March"
    if re.match(
        r"\s*(?:am|pm|a\.m|p\.m|:\d\d|km|kilomet|met(er|re)s|percent|%|per cent|years? old|-year)", after
    ):
        return True
    return bool(re.search(r"\b(?:no\.|number|route|highway|aged|age)\s*$", before))
