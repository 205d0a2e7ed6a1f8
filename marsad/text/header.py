"""A report's own header: when it was published and by whom, for documents that arrive without metadata.

Plain-text reports, bulletins and testimonies carry this in their first lines ("Published: 2025-03-08",
"BANIYAS, Syria, March 8, 2025 (Levant Wire) —", "تاريخ النشر: ٨ آذار/مارس ٢٠٢٥ — شبكة أخبار الساحل").
Without it every undated document would be dated the day it was ingested and every unattributed one
would count as the same source. Only explicit, labelled forms are read: a date in the body is never
taken for the publication date.
"""

from __future__ import annotations

import datetime as dt
import re

from marsad.text.dates import MONTHS

_HEAD_CHARS = 1500
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_AR_MONTHS = {
    "كانون الثاني": 1,
    "يناير": 1,
    "شباط": 2,
    "فبراير": 2,
    "آذار": 3,
    "اذار": 3,
    "مارس": 3,
    "نيسان": 4,
    "أبريل": 4,
    "ابريل": 4,
    "أيار": 5,
    "ايار": 5,
    "مايو": 5,
    "حزيران": 6,
    "يونيو": 6,
    "تموز": 7,
    "يوليو": 7,
    "آب": 8,
    "اب": 8,
    "أغسطس": 8,
    "اغسطس": 8,
    "أيلول": 9,
    "ايلول": 9,
    "سبتمبر": 9,
    "تشرين الأول": 10,
    "تشرين الاول": 10,
    "أكتوبر": 10,
    "اكتوبر": 10,
    "تشرين الثاني": 11,
    "نوفمبر": 11,
    "كانون الأول": 12,
    "كانون الاول": 12,
    "ديسمبر": 12,
}
_EN_MONTH = r"(?P<m>[A-Z][a-z]{2,8}\.?)"
_AR_MONTH = "(?P<am>" + "|".join(sorted(map(re.escape, _AR_MONTHS), key=len, reverse=True)) + ")"
_DATE = (
    r"(?:(?P<y1>\d{4})-(?P<mo1>\d{1,2})-(?P<d1>\d{1,2})"
    rf"|(?P<d2>\d{{1,2}}) {_EN_MONTH.replace('?P<m>', '?P<m2>')},? (?P<y2>\d{{4}})"
    rf"|{_EN_MONTH} (?P<d3>\d{{1,2}}),? (?P<y3>\d{{4}})"
    rf"|(?P<d4>\d{{1,2}}) {_AR_MONTH}(?:\s*/\s*\S+)? (?P<y4>\d{{4}}))"
)
_WEEKDAY = (
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? "
    r"|(?:يوم )?(?:ال)?(?:أحد|اثنين|إثنين|ثلاثاء|أربعاء|خميس|جمعة|سبت) )?"
)
_LABELLED = re.compile(
    r"(?:\b(?:Published|Publication date|Date of issue|Date of publication|Issued|Issued on|Posted|Date|"
    r"As of|Transcribed and published|Updated)\b|تاريخ النشر|تاريخ الإصدار|نُشر بتاريخ|نشر بتاريخ)"
    rf"\s*:?\s*{_WEEKDAY}{_DATE}",
    re.IGNORECASE,
)
# "BANIYAS, Syria, March 8, 2025 (Levant Wire) —" and "بانياس، الأحد ٩ آذار/مارس ٢٠٢٥ —"
_DATELINE = re.compile(
    rf"^[^\n,،—]{{2,40}}[,،]\s*(?:Syria[,،]\s*)?{_WEEKDAY}{_DATE}\s*(?:\((?P<outlet>[^()\n]{{2,80}})\))?\s*[—–-]",
    re.MULTILINE,
)
# "حمص — الإثنين ١٤ نيسان/أبريل ٢٠٢٥" on a line of its own
_DASHLINE = re.compile(rf"^[^\n,،—]{{2,40}}\s[—–-]\s*{_WEEKDAY}{_DATE}\s*$", re.MULTILINE)
_BYLINE = re.compile(r"^By [^,\n]{2,60}, (?P<outlet>[A-Z][^\n,]{2,60}?)\s*$", re.MULTILINE)
_SECTION = re.compile(
    r"^(?:Analysis|Opinion|News|Report|Feature|Comment|Investigation)\s*[|:]\s*(?P<outlet>[^\n]{3,60}?)\s*$",
    re.MULTILINE,
)
_ISSUER = re.compile(r"^Issued by (?:the )?(?P<outlet>[^\n(]{3,80}?)(?:\s*\(|\s*$)", re.MULTILINE)
_AR_AFTER_DATE = re.compile(
    rf"(?:تاريخ النشر|تاريخ الإصدار|نُشر بتاريخ|نشر بتاريخ)\s*:?\s*{_WEEKDAY}{_DATE}"
    r"\s*[—–-]\s*(?P<outlet>[^\n—–]{3,60}?)\s*$",
    re.MULTILINE,
)
_ORG_WORDS = re.compile(
    r"\b(?:NETWORK|OBSERVATORY|MONITOR|COMMITTEE|OFFICE|CENTRE|CENTER|ARCHIVE|COALITION|FORUM)\b"
    r"|^(?:مرصد|شبكة|لجنة|مكتب|مركز|الشبكة|المرصد)"
)


def _date_from(m: re.Match[str]) -> dt.date | None:
    g = {k: (v.translate(_DIGITS) if v else v) for k, v in m.groupdict().items()}
    try:
        if g.get("y1"):
            return dt.date(int(g["y1"]), int(g["mo1"]), int(g["d1"]))
        if g.get("y2"):
            return dt.date(int(g["y2"]), MONTHS[g["m2"].lower().rstrip(".")], int(g["d2"]))
        if g.get("y3"):
            return dt.date(int(g["y3"]), MONTHS[g["m"].lower().rstrip(".")], int(g["d3"]))
        if g.get("y4"):
            return dt.date(int(g["y4"]), _AR_MONTHS[g["am"]], int(g["d4"]))
    except (KeyError, ValueError):
        return None
    return None


def header_date(text: str) -> dt.date | None:
    """The publication date a report states in its header, if it states one."""
    head = text[:_HEAD_CHARS].translate(_DIGITS)
    for pattern in (_LABELLED, _DATELINE, _DASHLINE):
        for m in pattern.finditer(head):
            day = _date_from(m)
            if day is not None:
                return day
    return None


def header_outlet(text: str) -> str | None:
    """Who published the report, as its header names them (wire byline, issuer, masthead)."""
    head = text[:_HEAD_CHARS].translate(_DIGITS)
    for pattern in (_DATELINE, _BYLINE, _SECTION, _ISSUER, _AR_AFTER_DATE):
        for m in pattern.finditer(head):
            outlet = (m.group("outlet") or "").strip(" .")
            outlet = re.split(r"\s+via\s+", outlet)[0].strip()
            if outlet and len(outlet.split()) <= 8:
                return outlet
    first = next((line.strip() for line in head.splitlines() if line.strip()), "")
    if 3 <= len(first) <= 60 and _ORG_WORDS.search(first):
        return first.title() if first.isupper() else first
    return None
