"""Dates in Arabic news text resolved against the publication date, by the conventions (§4).

Reads folded text (``arabic_clitics.fold``). Month names of both systems (كانون الثاني/يناير … written
alone or paired, آذار/مارس), days as digits or ordinals (التاسع من آذار), weekdays (يوم الأحد، مساء
الخميس، الأحد الماضي), أمس/البارحة/الليلة الماضية, اليوم/صباح اليوم, this and last week, the past N
days, since the start of the month. Returns the English reader's ``DateMention`` so that the
extractors share everything downstream of the words.
"""

from __future__ import annotations

import datetime as dt
import re

from marsad.text.arabic_clitics import fold
from marsad.text.dates import DateMention, _last_weekday, _year_for, scan_dates

MONTHS = {
    fold(name): n
    for names, n in (
        (("كانون الثاني", "يناير", "كانون ثاني"), 1),
        (("شباط", "فبراير"), 2),
        (("آذار", "مارس"), 3),
        (("نيسان", "أبريل", "ابريل", "إبريل"), 4),
        (("أيار", "مايو"), 5),
        (("حزيران", "يونيو", "يونيه"), 6),
        (("تموز", "يوليو", "يوليه"), 7),
        (("آب", "أغسطس", "اغسطس"), 8),
        (("أيلول", "سبتمبر"), 9),
        (("تشرين الأول", "أكتوبر", "تشرين أول"), 10),
        (("تشرين الثاني", "نوفمبر", "تشرين ثاني"), 11),
        (("كانون الأول", "ديسمبر", "كانون أول"), 12),
    )
    for name in names
}
WEEKDAYS = {
    fold(w): i
    for i, w in enumerate(("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"))
}
WEEKDAYS[fold("الاثنين")] = 0
_ORDINAL_UNITS = {
    fold(w): i
    for i, w in enumerate(
        ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"),
        start=1,
    )
}
ORDINALS = dict(_ORDINAL_UNITS)
ORDINALS.update({fold("الحادي عشر"): 11, fold("الثاني عشر"): 12})
ORDINALS.update({f"{w} {fold('عشر')}": 10 + n for w, n in _ORDINAL_UNITS.items() if 3 <= n <= 9})
ORDINALS[fold("العشرين")] = 20
ORDINALS[fold("الثلاثين")] = 30
ORDINALS.update({f"{w} {fold('والعشرين')}": 20 + n for w, n in _ORDINAL_UNITS.items() if n <= 9})
ORDINALS[fold("الحادي والعشرين")] = 21
ORDINALS[fold("الحادي والثلاثين")] = 31
_NUMS = {
    fold(w): n
    for w, n in (("يومين", 2), ("ثلاثة", 3), ("أربعة", 4), ("خمسة", 5), ("ستة", 6), ("سبعة", 7), ("عشرة", 10))
}


def _alt(words: object) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # type: ignore[call-overload]


# "آذار/مارس", "آذار (مارس)", "مارس": the second name of a pair is read and ignored
_MONTH = rf"(?P<m>{_alt(MONTHS)})(?:\s*/\s*|\s*\(\s*)?(?:(?:{_alt(MONTHS)})\)?)?"
_B = r"(?<![\w])(?:(?<=[وفبل])|(?<![\w]))"
_W = r"(?:(?<![\w])|(?<=(?<![\w])[وفبل]))"  # a word, possibly with و/ف/ب/ل attached
_DAYPART = r"(?:(?:يوم|صباح|مساء|ليله|فجر|ظهر|عصر|ليل|منتصف ليل|ظهيره)\s+)"
_WD = rf"(?P<wd>{_alt(WEEKDAYS)})"

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            rf"{_W}(?P<d>\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?{_MONTH}(?:\s+(?:عام\s+)?(?P<y>20\d\d))?(?![\w])"
        ),
        "dm",
    ),
    (
        re.compile(
            rf"{_W}(?:في\s+)?(?P<o>{_alt(ORDINALS)})\s+من\s+(?:شهر\s+)?{_MONTH}(?:\s+(?P<y>20\d\d))?(?![\w])"
        ),
        "om",
    ),
    (
        re.compile(
            rf"{_W}(?:(?P<d>\d{{1,2}})|(?P<o>{_alt(ORDINALS)}))\s+من\s+(?:هذا\s+الشهر|الشهر\s+(?:الجاري|الحالي)|الشهر)(?![\w])"
        ),
        "this_month_day",
    ),
    (
        re.compile(
            rf"{_W}قبل\s+(?:(?P<n>يومين|يوم|اسبوع|\d+\s+ايام|(?:ثلاثه|اربعه|خمسه|سته)\s+ايام))(?![\w])"
        ),
        "days_ago",
    ),
    (re.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<mo>\d{1,2})/(?P<y>20\d\d)(?![\d/])"), "dmy"),
    (re.compile(r"(?<!\d)(?P<y>20\d\d)-(?P<mo>\d\d)-(?P<d>\d\d)(?!\d)"), "iso"),
    (
        re.compile(
            rf"{_W}(?:منذ|من)\s+(?:بدايه|مطلع|اول|اوائل|بدء)\s+(?:(?P<u>الشهر|العام|السنه|الاسبوع)|(?:شهر\s+)?{_MONTH})"
            rf"(?:\s+(?:الجاري|الحالي))?"
        ),
        "since_start",
    ),
    (
        re.compile(
            rf"{_W}(?P<kw>في|خلال|طوال|منذ)\s+(?:(?:شهر|اواخر|منتصف|اوائل|بدايه|مطلع|نهايه)\s+)?{_MONTH}"
            rf"(?:\s+(?:عام\s+)?(?P<y>20\d\d))?(?![\w])"
        ),
        "month",
    ),
    (re.compile(rf"{_W}منذ\s+(?:يوم\s+)?{_WD}(?![\w])(?!\s+عشر)(?:\s+الماضي)?"), "since_day"),
    (re.compile(rf"{_W}{_DAYPART}?{_WD}(?![\w])(?!\s+عشر)(?P<last>\s+الماضي|\s+الفائت)?"), "weekday"),
    (re.compile(rf"{_W}(?:{_DAYPART}|(?:يوم|ليله|ليل)\s+)?امس\s+الاول(?![\w])"), "two_days_ago"),
    (
        re.compile(rf"{_W}(?:(?:{_DAYPART}|منذ\s+)?امس|البارحه|الليله\s+الماضيه|ليله\s+امس)(?![\w])"),
        "yesterday",
    ),
    (
        re.compile(
            rf"{_W}(?:{_DAYPART}|منذ\s+)?اليوم(?![\w])(?!\s+(?:التالي|السابق|الاول|الثاني|الثالث|الرابع|الخامس"
            r"|السادس|السابع|نفسه|ذاته|الذي|العالمي|الوطني))"
            rf"|{_W}(?:هذا\s+الصباح|صباح\s+هذا\s+اليوم|الليله(?!\s+الماضيه)"
            r"|(?:خلال|في)\s+(?:ال)?(?:ـ\s*)?24\s+ساعه\s+(?:الماضيه|الاخيره)"
            r"|(?:خلال|في)\s+الساعات\s+(?:ال)?\s*24\s+(?:الماضيه|الاخيره))(?![\w])"
        ),
        "today",
    ),
    (
        re.compile(
            rf"{_W}(?:هذا\s+الاسبوع|الاسبوع\s+(?:الجاري|الحالي)|(?:منذ\s+)?(?:مطلع|بدايه)\s+(?:هذا\s+)?الاسبوع"
            r"(?:\s+(?:الجاري|الحالي))?)(?![\w])"
        ),
        "this_week",
    ),
    (re.compile(rf"{_W}(?:خلال\s+|في\s+)?الاسبوع\s+(?:الماضي|المنصرم|الفائت)(?![\w])"), "last_week"),
    (re.compile(rf"{_W}(?:عطله\s+)?نهايه\s+الاسبوع(?![\w])"), "weekend"),
    (
        re.compile(
            rf"{_W}(?:خلال|في|طوال)\s+(?:ال)?(?:(?:ايام\s+(?P<n>{_alt(_NUMS)}|\d+)|(?P<n2>\d+)\s+ايام)"
            rf"|الايام\s+(?:ال)?(?P<n3>{_alt(_NUMS)}|\d+)|(?P<n4>{_alt(_NUMS)})\s+ايام|(?P<two>اليومين))\s*(?:ال)?(?:ماضيه|ماضيين|اخيره|الماضيه|الماضيين|الاخيره)?(?![\w])"
        ),
        "past_days",
    ),
    (re.compile(rf"{_W}(?:خلال\s+|في\s+)?الشهر\s+(?:الماضي|المنصرم|الفائت)(?![\w])"), "last_month"),
    (re.compile(rf"{_W}(?:خلال|طوال)\s+(?:هذا\s+الشهر|الشهر\s+(?:الجاري|الحالي))(?![\w])"), "this_month"),
    (
        re.compile(rf"{_W}(?:خلال|طوال|في)\s+(?:هذا\s+العام|العام\s+(?:الجاري|الحالي)|هذه\s+السنه)(?![\w])"),
        "this_year",
    ),
]


def _since(text: str, start: int, kind: str) -> bool:
    """ "منذ الخميس ٦ آذار": the start of a running period (not "since yesterday" as a point)."""
    return kind not in ("today", "yesterday", "two_days_ago") and bool(
        re.search(r"(?:منذ|من)\s*$", text[max(0, start - 6) : start])
    )


def find_dates(text: str, published: dt.date) -> list[DateMention]:
    """Date expressions in folded ``text`` that resolve to a day on or before ``published``."""
    found = scan_dates(text, published, _PATTERNS, _resolve, _since)
    # "منذ الخميس ٦ آذار": a date right after the start of a period belongs to it
    for i in range(1, len(found)):
        prev, cur = found[i - 1], found[i]
        if prev.period and not cur.period and not text[prev.end : cur.start].strip(" ،,"):
            found[i] = DateMention(cur.date, cur.precision, cur.start, cur.end, cur.text, True)
    return found


def _resolve(kind: str, m: re.Match[str], published: dt.date) -> tuple[dt.date, int, bool] | None:
    g = m.groupdict()
    if kind in ("dm", "om", "dmy", "iso"):
        month = int(g["mo"]) if kind in ("dmy", "iso") else MONTHS[g["m"]]
        day = ORDINALS[g["o"]] if kind == "om" else int(g["d"])
        if g.get("y"):
            try:
                return dt.date(int(g["y"]), month, day), 1, False
            except ValueError:
                return None
        d = _year_for(month, day, published)
        return (d, 1, False) if d else None
    if kind == "this_month_day":
        day = ORDINALS[g["o"]] if g.get("o") else int(g["d"])
        try:
            return published.replace(day=day), 1, False
        except ValueError:
            return None
    if kind == "days_ago":
        raw = g["n"]
        n = {"يوم": 1, "يومين": 2, "اسبوع": 7}.get(raw)
        if n is None:
            first = raw.split()[0]
            n = int(first) if first.isdigit() else _NUMS.get(first, 3)
        return published - dt.timedelta(days=n), 1 if n <= 2 else 2, False
    if kind == "since_start":
        unit = g.get("u")
        if unit in ("العام", "السنه"):
            start = dt.date(published.year, 1, 1)
        elif unit == "الشهر":
            start = published.replace(day=1)
        elif unit == "الاسبوع":
            return published - dt.timedelta(days=published.weekday()), 2, True
        else:
            found = _year_for(MONTHS[g["m"]], 1, published)
            if found is None:
                return None
            start = found
        return start, 3 if (published - start).days > 14 else 2, True
    if kind == "month":
        month = MONTHS[g["m"]]
        if g["m"] == "اب" and not re.search(r"شهر|/", m.group(0)):
            return None  # آب alone is also "father"
        d = dt.date(int(g["y"]), month, 1) if g.get("y") else _year_for(month, 1, published)
        if d is None:
            return None
        return d, 3, True
    if kind == "since_day":
        return _last_weekday(published, WEEKDAYS[g["wd"]], strictly_before=True), 2, True
    if kind == "weekday":
        d = _last_weekday(published, WEEKDAYS[g["wd"]], strictly_before=bool(g.get("last")))
        return d, 1, False
    if kind == "today":
        return published, 1, False
    if kind == "yesterday":
        return published - dt.timedelta(days=1), 1, False
    if kind == "two_days_ago":
        return published - dt.timedelta(days=2), 1, False
    if kind == "this_week":
        return published - dt.timedelta(days=published.weekday()), 2, True
    if kind == "last_week":
        return published - dt.timedelta(days=published.weekday() + 7), 2, True
    if kind == "weekend":
        return _last_weekday(published, 5), 2, False
    if kind == "past_days":
        raw = g.get("n") or g.get("n2") or g.get("n3") or g.get("n4")
        n = 2 if g.get("two") else (int(raw) if raw and raw.isdigit() else _NUMS.get(raw or "", 3))
        return published - dt.timedelta(days=max(n - 1, 0)), 2, True
    if kind == "last_month":
        first = published.replace(day=1) - dt.timedelta(days=1)
        return first.replace(day=1), 3, True
    if kind == "this_year":
        start = dt.date(published.year, 1, 1)
        return start, 3 if (published - start).days > 14 else 2, True
    if kind == "this_month":
        start = published.replace(day=1)
        return start, 3 if (published - start).days > 14 else 2, True
    return None


_YEAR = re.compile(r"(?<!\d)(?P<y>19\d\d|20\d\d)(?!\d)")
_SINCE = re.compile(
    rf"منذ\s+(?:(?:بدايه|مطلع|اواخر|اوائل|منتصف)\s+)?(?:عام\s+)?(?:{_alt(MONTHS)})?[\s/\w]{{0,12}}$"
)


def old_years(text: str, published: dt.date) -> list[int]:
    """Years before the publication year the text places something in ("عام 2013", "في 2011").

    A running period ("منذ كانون الأول 2024") reaches the present and is not history.
    """
    return [
        int(m.group("y"))
        for m in _YEAR.finditer(text)
        if int(m.group("y")) < published.year and not _SINCE.search(text[max(0, m.start() - 30) : m.start()])
    ]


def month_ended_before(d: DateMention, published: dt.date, days: int = 31) -> bool:
    """ "في آذار" read in تشرين الأول: a closed month that ended more than ``days`` before publication."""
    if d.precision != 3 or not re.match(r"[وفب]?(?:في|خلال|طوال)\s", d.text):
        return False
    nxt = (d.date.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (published - (nxt - dt.timedelta(days=1))).days > days
