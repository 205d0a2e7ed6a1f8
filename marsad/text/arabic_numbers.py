"""Counts in Arabic news text mapped to (best, low, high) by the annotation conventions (§3).

Reads folded text (``arabic_clitics.fold``: Arabic-Indic digits already ASCII, ة → ه, ى → ي, hamza
forms → ا). Digits; number words in their gender and case forms (ثلاثة/ثلاث، عشرون/عشرين، مئة/مائة،
ألف/آلاف) and compounds joined by و (خمسة وعشرون); dual nouns that are a count by themselves
(قتيلان، شخصين، جثتي); qualifiers before the number (ما لا يقل عن → at least, أكثر من → more than,
نحو/قرابة → about) or after the counted noun (على الأقل، أو أكثر، تقريباً); vague quantities (عشرات → 24,
مئات → 200, آلاف → 2000, عدد من → 3). The same table as the English reader; ``Count`` is shared.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from marsad.text.arabic_clitics import fold
from marsad.text.numbers import Count

UNITS = {
    "واحد": 1,
    "واحده": 1,
    "اثنان": 2,
    "اثنين": 2,
    "اثنتان": 2,
    "اثنتين": 2,
    "ثلاثه": 3,
    "ثلاث": 3,
    "اربعه": 4,
    "اربع": 4,
    "خمسه": 5,
    "خمس": 5,
    "سته": 6,
    "ست": 6,
    "سبعه": 7,
    "سبع": 7,
    "ثمانيه": 8,
    "ثماني": 8,
    "ثمان": 8,
    "تسعه": 9,
    "تسع": 9,
    "عشره": 10,
    "عشر": 10,
}
TEENS = {
    "احد عشر": 11,
    "احدي عشر": 11,
    "احدي عشره": 11,
    "اثنا عشر": 12,
    "اثني عشر": 12,
    "اثنتا عشره": 12,
    "اثنتي عشره": 12,
    **{f"{u} {t}": 10 + n for u, n in UNITS.items() if 3 <= n <= 9 for t in ("عشر", "عشره")},
}
TENS = {
    f"{stem}{end}": n
    for stem, n in (
        ("عشر", 20),
        ("ثلاث", 30),
        ("اربع", 40),
        ("خمس", 50),
        ("ست", 60),
        ("سبع", 70),
        ("ثمان", 80),
        ("تسع", 90),
    )
    for end in ("ون", "ين")
}
HUNDREDS = {
    "مئه": 100,
    "مائه": 100,
    "مئتان": 200,
    "مئتين": 200,
    "مائتان": 200,
    "مائتين": 200,
    "مئتا": 200,
    "مئتي": 200,
    "مائتا": 200,
    "مائتي": 200,
    **{
        f"{u}{h}": n * 100
        for u, n in (("ثلاث", 3), ("اربع", 4), ("خمس", 5), ("ست", 6), ("سبع", 7), ("ثمان", 8), ("تسع", 9))
        for h in ("مئه", "مائه", " مئه", " مائه")
    },
}
THOUSANDS = {
    "الف": 1000,
    "الفا": 1000,
    "الفان": 2000,
    "الفين": 2000,
    "الفي": 2000,
}
# vague quantities, conventions §3: (best, low, high)
VAGUE = {
    "عشرات الالاف": (20000, 20000, 99999),
    "عشرات": (24, 24, 99),
    "العشرات": (24, 24, 99),
    "مئات": (200, 200, 999),
    "المئات": (200, 200, 999),
    "الاف": (2000, 2000, 9999),
    "الالاف": (2000, 2000, 9999),
    "عدد من": (3, 3, 9),
    "عددا من": (3, 3, 9),
    "عدد كبير من": (3, 3, 9),
    "العديد من": (3, 3, 9),
    "عده": (3, 3, 9),
    "بضعه": (3, 2, 5),
    "بضع": (3, 2, 5),
}
QUALIFIERS = {
    "ما لا يقل عن": "min",
    "لا يقل عن": "min",
    "علي الاقل": "min",
    "اكثر من": "over",
    "ما يزيد علي": "over",
    "ما يزيد عن": "over",
    "يزيد علي": "over",
    "يزيد عن": "over",
    "ازيد من": "over",
    "ما يربو علي": "over",
    "يربو علي": "over",
    "تجاوز": "over",
    "تجاوزت": "over",
    "يتجاوز": "over",
    "تتجاوز": "over",
    "فاق": "over",
    "فاقت": "over",
    "تخطي": "over",
    "تخطت": "over",
    "نحو": "about",
    "قرابه": "about",
    "حوالي": "about",
    "زهاء": "about",
    "ما يقارب": "about",
    "يقارب": "about",
    "ما يقرب من": "about",
    "تقريبا": "about",
    "ما يصل الي": "upto",
    "يصل الي": "upto",
}
AFTER_QUALIFIERS = {"علي الاقل": "min", "او اكثر": "open", "تقريبا": "about", "فاكثر": "open"}

# nouns whose dual form is itself a count of two, with what it counts (None: people, role from context)
DUAL_STEMS = {
    "قتيل": "killed",
    "شهيد": "killed",
    "جثت": "killed",
    "ضحيت": "killed",
    "جريح": "injured",
    "شخص": None,
    "طفل": None,
    "رجل": None,
    "شاب": None,
    "شقيق": None,
    "راعي": None,
    "عنصر": None,
    "جندي": None,
    "امرات": None,
    "فتات": None,
    "ولد": None,
    "ابن": None,
    "مدنيان": None,
}


# the tables are written as Arabic is spelled; lookups happen in folded spelling (مئة → ميه)
UNITS = {fold(k): v for k, v in UNITS.items()}
TEENS = {fold(k): v for k, v in TEENS.items()}
TENS = {fold(k): v for k, v in TENS.items()}
HUNDREDS = {fold(k): v for k, v in HUNDREDS.items()}
THOUSANDS = {fold(k): v for k, v in THOUSANDS.items()}
VAGUE = {fold(k): v for k, v in VAGUE.items()}
QUALIFIERS = {fold(k): v for k, v in QUALIFIERS.items()}
AFTER_QUALIFIERS = {fold(k): v for k, v in AFTER_QUALIFIERS.items()}
DUAL_STEMS = {fold(k): v for k, v in DUAL_STEMS.items()}

_SEP = r"\s+و?"


def _alt(words: object) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # type: ignore[call-overload]


_ATOM = (
    rf"(?:(?:{_alt(TEENS)})|(?:{_alt(HUNDREDS)})|(?:{_alt(TENS)})|(?:{_alt(UNITS)})(?:\s+(?:الاف|الف))?"
    rf"|(?:{_alt(THOUSANDS)}))"
)
_WORDS = rf"{_ATOM}(?:{_SEP}{_ATOM})*"
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_NUMBER = rf"(?:(?:{_DIGITS})(?:\s*(?:الف|الاف|مليون))?|{_WORDS})"
# a number may carry a conjunction or preposition (و١٤، وأربع، بـ٣) but never the article
_START = r"(?:(?<![\w])|(?<=(?<![\w])[وفبل])|(?<=(?<![\w])[وف][بل]))"
_END = r"(?![\w])"
_QUAL = rf"(?P<qual>(?<![\w])[وفب]{{0,2}}(?:{_alt(QUALIFIERS)})\s+)?"

COUNT = re.compile(
    _QUAL
    + r"(?:"
    + rf"(?P<range>{_START}(?:ما\s+)?بين\s+(?P<r1>{_NUMBER})\s+و\s*(?P<r2>{_NUMBER}){_END}"
    + rf"|{_START}من\s+(?P<r3>{_NUMBER})\s+(?:الي|حتي)\s+(?P<r4>{_NUMBER}){_END}"
    + rf"|{_START}(?P<r5>\d+)\s*[-–]\s*(?P<r6>\d+){_END})"
    + rf"|(?P<vague>{_START}(?:{_alt(VAGUE)}){_END})"
    + rf"|(?P<dual>{_START}(?:ال)?(?:(?P<dstem>{_alt(DUAL_STEMS)})(?:ان|ين)"
    + rf"|(?P<dstem2>{_alt(s for s in DUAL_STEMS if s.endswith('ت'))})(?:ان|ين|ا|ي))(?:هما|هم|ه|ها)?{_END})"
    + rf"|(?P<num>{_START}(?:{_NUMBER}){_END})"
    + r")"
)

_MONTH_AFTER = re.compile(
    fold(
        r"\s*(?:/\s*)?(?:كانون|شباط|اذار|نيسان|ايار|حزيران|تموز|اب|ايلول|تشرين|يناير|فبراير|مارس|ابريل|مايو"
        r"|يونيو|يوليو|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر)(?![\w])"
    )
)
_NOT_PEOPLE_AFTER = re.compile(
    fold(
        r"\s*(?:ال)?(?:عاما|عام|اعوام|سنه|سنوات|سنين|شهرا|شهر|اشهر|اسابيع|اسبوعا|ايام|يوما|يومين|ساعه|ساعات|دقائق|دقيقه"
        r"|كم|كيلومتر\w*|متر\w*|منازل|منزلا|منزل|بيوت|بيتا|عائلات|عائله|اسر|اسره|سيارات|سياره|قري|قريه|بلدات|مناطق"
        r"|حالات|حاله|غارات|غاره|قذائف|قذيفه|صواريخ|مرات|مره|راسا|بالمئه|في المئه|%|اطنان|دولار|ليره|طلقات"
        r"|مبان|محال|محلات|نقاط|حواجز|دوريات|عمليات|هجمات|مجازر|مسيرات|ملايين|مليون)(?![\w])"
    )
)
_PERSON_BEFORE = re.compile(
    fold(r"(?:طفل|طفلة|شخص|رجل|مدني|امرأة|سيدة|شاب|عنصر|جندي|مقاتل|مسلح|قتيل|جريح|مصاب|فرد)(?:ا|اً)?\s+$")
)
_NOT_PEOPLE_BEFORE = re.compile(r"(?:الساعه|رقم|عام|سنه|العام|نحو الساعه|حوالي الساعه|قرابه الساعه)\s*$")


@dataclass(frozen=True, slots=True)
class ArCount:
    """A count with what the words say it counts: a role from a dual noun (قتيلان), and the noun after."""

    count: Count
    role: str | None  # killed / injured from the counted noun itself, else None
    noun: str  # the word after the number ("" if none)


def parse_number(text: str) -> int | None:
    """Digits ("1,383", "3 الاف") or number words ("خمسة وعشرون", "ثلاثمئة", "ثلاثة آلاف")."""
    t = " ".join(text.strip().replace(",", "").split())
    m = re.fullmatch(r"(\d{1,9}(?:\.\d+)?)\s*(الف|الاف|مليون)?", t)
    if m:
        scale = {"الف": 1000, "الاف": 1000, "مليون": 1_000_000}.get(m.group(2) or "", 1)
        return int(float(m.group(1)) * scale)
    total = 0
    current = 0
    seen = False
    for part in re.split(r"\s+(?=و)", t):
        part = part[1:] if part.startswith("و") and part[1:2] and part not in UNITS else part
        words = part.split()
        i = 0
        while i < len(words):
            two = " ".join(words[i : i + 2])
            w = words[i]
            if two in TEENS:
                current += TEENS[two]
                i += 2
            elif two in HUNDREDS:
                current += HUNDREDS[two]
                i += 2
            elif w in HUNDREDS:
                current += HUNDREDS[w]
                i += 1
            elif w in TENS:
                current += TENS[w]
                i += 1
            elif w in UNITS:
                current += UNITS[w]
                i += 1
            elif w in ("الاف", "الف") and seen:
                total += max(current, 1) * 1000
                current = 0
                i += 1
            elif w in THOUSANDS:
                total += THOUSANDS[w]
                i += 1
            else:
                return None
            seen = True
    return total + current if seen else None


def _apply(kind: str | None, n: int) -> tuple[int, int, int | None]:
    if kind == "min":
        return n, n, None
    if kind == "over":
        return n + 1, n + 1, None
    if kind == "about":
        return n, math.floor(0.8 * n), math.ceil(1.2 * n)
    if kind == "upto":
        return n, 0, n
    return n, n, n


def _qualifier(raw: str | None) -> str | None:
    if not raw:
        return None
    q = " ".join(raw.split())
    while q and q not in QUALIFIERS and q[0] in "وفب":
        q = q[1:]
    return QUALIFIERS.get(q)


def find_counts(text: str) -> list[ArCount]:
    """Every count phrase in folded ``text``, left to right."""
    out: list[ArCount] = []
    for m in COUNT.finditer(text):
        kind = _qualifier(m.group("qual"))
        role = None
        if m.group("range"):
            pair = next(g for g in (m.group("r1", "r2"), m.group("r3", "r4"), m.group("r5", "r6")) if g[0])
            a, b = parse_number(pair[0]), parse_number(pair[1])
            if a is None or b is None or b < a:
                continue
            best, low, high = a, a, b
            exact = False
        elif m.group("vague"):
            word = m.group("vague")
            if word in ("عده", "بضعه", "بضع") and re.match(
                r"\s*(?:$|[^\w\s]|(?:في|من|علي|الي|عن|مع|ب\w*|و\w*)(?![\w]))", text[m.end() :]
            ):
                continue  # "قرى عدة في …": an adjective after its noun, which does not count people
            if word in ("عدد من", "عددا من") and re.match(
                fold(
                    r"\s*(?:الذين|اللواتي|قتل\w*|قُتل\w*|قضوا|سقطوا|لقوا|أصيب\w*|نزح\w*|اعتقل\w*|اختطف\w*)(?![\w])"
                ),
                text[m.end() :],
            ):
                continue  # "عدد من قُتلوا": the number of those killed, not "a number of"
            best, low, high = VAGUE[word]
            exact = False
        elif m.group("dual"):
            if m.group("dual").startswith("ال"):
                continue  # "القتيلين", "الرجلين": the two already counted, not a new figure
            role = DUAL_STEMS[m.group("dstem") or m.group("dstem2")]
            best, low, high = 2, 2, 2
            exact = True
            kind = None
        else:
            raw = m.group("num")
            n = parse_number(raw)
            if n is None:
                continue
            if re.fullmatch(r"(?:19|20)\d\d", raw) or _MONTH_AFTER.match(text, m.end()):
                continue  # a year, or a day of the month
            if _NOT_PEOPLE_BEFORE.search(text[max(0, m.start() - 14) : m.start()]):
                continue
            if (
                n == 1
                and raw in ("واحد", "واحده")
                and not _PERSON_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
            ):
                continue  # "عائلة واحدة": one family, not one person
            best, low, high = _apply(kind, n)
            exact = kind is None
        end = m.end()
        after = text[end : end + 40]
        if _NOT_PEOPLE_AFTER.match(after) and not m.group("dual"):
            continue
        if m.group("dual") and out and not text[out[-1].count.end : m.start()].strip():
            continue  # "جثتي رجلين", "راعيان شقيقان": the noun after a count is not a second count
        noun_m = re.match(r"\s*([\w]+)", after)
        noun = noun_m.group(1) if noun_m else ""
        # "خمسة أشخاص على الأقل", "عشرة أو أكثر": the qualifier after the counted noun
        tail = re.match(r"\s*(?:[\w]+\s+){0,2}?(علي الاقل|او اكثر|فاكثر|تقريبا)(?![\w])", after)
        if tail and kind is None and not m.group("vague") and not m.group("range"):
            after_kind = AFTER_QUALIFIERS[tail.group(1)]
            if after_kind == "open":
                high = None
            else:
                best, low, high = _apply(after_kind, best)
            exact = False
        start = (
            m.start("qual") if m.group("qual") else m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        )
        out.append(ArCount(Count(best, low, high, start, end, m.group(0).strip(), exact=exact), role, noun))
    return out
