"""Synthetic Syrian victim lists with known truth, for benchmarks and tests (invented people only).

A population of invented people (Zipf-distributed given and family names, siblings who share
father, grandfather and family name, groups killed on one day in one place) is written as 4
lists, each in its own style: Arabic full names, Latin name columns, Latin nasab chains ("Ahmad
bin Ali bin Hassan al-Khatib"), Arabic name columns; with Latin spelling variants, typos, missing
fields, shifted dates, approximate ages and duplicates inside a list.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

MALE = [
    ("محمد", ["Mohammad", "Muhammad", "Mohamed", "Mohammed", "Mhd"]),
    ("أحمد", ["Ahmad", "Ahmed"]),
    ("علي", ["Ali", "Aly"]),
    ("حسن", ["Hassan", "Hasan"]),
    ("حسين", ["Hussein", "Husain", "Hussain"]),
    ("خالد", ["Khaled", "Khalid"]),
    ("عمر", ["Omar", "Umar"]),
    ("يوسف", ["Youssef", "Yusuf", "Yousef"]),
    ("إبراهيم", ["Ibrahim", "Ebrahim"]),
    ("عبد الله", ["Abdullah", "Abdallah", "Abd Allah"]),
    ("عبد الرحمن", ["Abdulrahman", "Abd al-Rahman", "Abdul Rahman"]),
    ("محمود", ["Mahmoud", "Mahmud"]),
    ("مصطفى", ["Mustafa", "Moustafa", "Mostafa"]),
    ("سعيد", ["Said", "Saeed"]),
    ("فادي", ["Fadi", "Fady"]),
    ("سامر", ["Samer"]),
    ("سمير", ["Samir", "Sameer"]),
    ("باسل", ["Basel", "Basil"]),
    ("وليد", ["Walid", "Waleed"]),
    ("ماهر", ["Maher"]),
    ("جمال", ["Jamal", "Gamal"]),
    ("رامي", ["Rami", "Ramy"]),
    ("زياد", ["Ziad", "Ziyad"]),
    ("طارق", ["Tarek", "Tariq"]),
    ("عماد", ["Imad", "Emad"]),
    ("غسان", ["Ghassan"]),
    ("نبيل", ["Nabil", "Nabeel"]),
    ("هيثم", ["Haitham", "Haytham"]),
    ("بشار", ["Bashar"]),
    ("أنس", ["Anas"]),
    ("معاذ", ["Muadh", "Moaz"]),
    ("عبد القادر", ["Abdulkader", "Abd al-Qadir", "Abdel Kader"]),
    ("صالح", ["Saleh", "Salih"]),
    ("ياسر", ["Yasser", "Yasir"]),
    ("كريم", ["Karim", "Kareem"]),
    ("حمزة", ["Hamza", "Hamzah"]),
    ("عثمان", ["Othman", "Uthman"]),
    ("جهاد", ["Jihad"]),
    ("مازن", ["Mazen"]),
    ("نزار", ["Nizar"]),
    ("رضوان", ["Radwan", "Ridwan"]),
    ("عدنان", ["Adnan"]),
    ("منير", ["Munir", "Mounir"]),
    ("أيمن", ["Ayman", "Aiman"]),
    ("شادي", ["Chadi", "Shadi"]),
    ("قاسم", ["Qasim", "Kassem"]),
    ("فراس", ["Firas", "Feras"]),
    ("وائل", ["Wael", "Wail"]),
    ("مهند", ["Mohannad", "Muhannad"]),
    ("أسامة", ["Osama", "Usama"]),
    ("إياد", ["Iyad", "Eyad"]),
    ("بلال", ["Bilal", "Belal"]),
    ("عادل", ["Adel", "Adil"]),
    ("منصور", ["Mansour", "Mansur"]),
    ("نادر", ["Nader", "Nadir"]),
    ("هشام", ["Hisham", "Hicham"]),
    ("رائد", ["Raed", "Raid"]),
    ("صبحي", ["Subhi", "Sobhi"]),
    ("توفيق", ["Tawfiq", "Toufik"]),
    ("فيصل", ["Faisal", "Faysal"]),
]
FEMALE = [
    ("فاطمة", ["Fatima", "Fatimah", "Fatma"]),
    ("عائشة", ["Aisha", "Aicha"]),
    ("مريم", ["Maryam", "Mariam"]),
    ("زينب", ["Zainab", "Zeinab"]),
    ("خديجة", ["Khadija", "Khadijah"]),
    ("نور", ["Nour", "Noor"]),
    ("هبة", ["Heba", "Hiba"]),
    ("رنا", ["Rana"]),
    ("سعاد", ["Souad", "Suad"]),
    ("ليلى", ["Layla", "Leila"]),
    ("سلمى", ["Salma", "Selma"]),
    ("أمل", ["Amal"]),
    ("هدى", ["Huda", "Houda"]),
    ("سمر", ["Samar"]),
    ("ريم", ["Reem", "Rim"]),
    ("دعاء", ["Doaa", "Duaa"]),
    ("آمنة", ["Amina", "Aminah"]),
    ("رقية", ["Ruqaya", "Roqaya"]),
    ("جميلة", ["Jamila", "Jameela"]),
    ("ياسمين", ["Yasmin", "Yasmine"]),
]
FAMILY = [
    ("الخطيب", ["al-Khatib", "el-Khatib", "Khatib", "al-Khateeb"]),
    ("الزعبي", ["al-Zoubi", "al-Zu'bi", "Zoubi"]),
    ("المصري", ["al-Masri", "el-Masry", "Masri"]),
    ("النجار", ["al-Najjar", "Najjar", "el-Najar"]),
    ("الحداد", ["Haddad", "al-Haddad"]),
    ("الشامي", ["al-Shami", "Chami", "Shami"]),
    ("الحلبي", ["al-Halabi", "Halabi"]),
    ("الدرويش", ["Darwish", "al-Darwish", "Derwich"]),
    ("الشيخ", ["al-Sheikh", "el-Cheikh", "Sheikh"]),
    ("السيد", ["al-Sayed", "el-Sayyed", "Sayed"]),
    ("الحمود", ["al-Hamoud", "Hammoud", "al-Hamud"]),
    ("العبدالله", ["al-Abdullah", "Abdallah"]),
    ("الأسعد", ["al-Asaad", "al-Assad", "Asaad"]),
    ("الرفاعي", ["al-Rifai", "Rifai", "al-Refaai"]),
    ("الجاسم", ["al-Jasim", "al-Jassem", "Jassem"]),
    ("البكور", ["al-Bakour", "Bakkour"]),
    ("الحريري", ["al-Hariri", "Hariri"]),
    ("العكيدي", ["al-Okaidi", "Akidi"]),
    ("الطويل", ["al-Tawil", "Tawil", "el-Taweel"]),
    ("الصالح", ["al-Saleh", "Saleh"]),
    ("أبو زيد", ["Abu Zeid", "Abou Zaid", "Abu Zayd"]),
    ("أبو شقرة", ["Abu Shaqra", "Abou Chakra"]),
    ("قدور", ["Kaddour", "Qaddour"]),
    ("حمدان", ["Hamdan"]),
    ("عيسى", ["Issa", "Eissa"]),
    ("سليمان", ["Suleiman", "Sleiman", "Soliman"]),
    ("شحادة", ["Shehadeh", "Chehade", "Shahada"]),
    ("عثمان", ["Othman", "Osman"]),
    ("حجازي", ["Hijazi", "Hejazi"]),
    ("مرعي", ["Mar'i", "Marei"]),
    ("زيتون", ["Zeitoun", "Zaytoun"]),
    ("قباني", ["Kabbani", "Qabbani"]),
    ("سويد", ["Sweid", "Suwayd"]),
    ("خليل", ["Khalil", "Khaleel"]),
    ("يونس", ["Younes", "Yunus"]),
    ("نصر", ["Nasr", "Nasser"]),
]
# families named after an ancestor (al-Hussein, al-Khaled…): common in Syria
FAMILY += [("ال" + ar.replace(" ", ""), ["al-" + la[0], "el-" + la[-1], la[0]]) for ar, la in MALE[:40]]
START, END = dt.date(2011, 3, 15), dt.date(2019, 12, 31)


def _zipf(n: int, s: float = 1.0) -> list[float]:
    return [1 / (i + 1) ** s for i in range(n)]


class Population:
    """Invented people: sexes, names, birth years, deaths (many in group events), relatives."""

    def __init__(self, n: int, rng: random.Random) -> None:
        self.rng = rng
        wm, wf, wfam = _zipf(len(MALE), 0.9), _zipf(len(FEMALE), 0.8), _zipf(len(FAMILY), 0.7)
        wplace = _zipf(len(PLACES), 0.8)
        days = (END - START).days
        self.people: list[dict] = []
        while len(self.people) < n:
            # a family: one father line, 1–4 children dying (often together)
            fam = rng.choices(range(len(FAMILY)), wfam)[0]
            father, grandfather = rng.choices(range(len(MALE)), wm, k=2)
            place = rng.choices(range(len(PLACES)), wplace)[0]
            together = rng.random() < 0.35
            day = START + dt.timedelta(days=rng.randrange(days))
            born = rng.randint(1950, 2005)
            used: set[tuple[str, int]] = set()
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
                sex = "male" if rng.random() < 0.8 else "female"
                names, weights = (MALE, wm) if sex == "male" else (FEMALE, wf)
                first = rng.choices(range(len(names)), weights)[0]
                if (sex, first) in used:  # parents do not give two children one name
                    continue
                used.add((sex, first))
                if not together:
                    day = START + dt.timedelta(days=rng.randrange(days))
                    place = rng.choices(range(len(PLACES)), wplace)[0] if rng.random() < 0.5 else place
                self.people.append(
                    {
                        "sex": sex,
                        "first": names[first],
                        "father": MALE[father],
                        "grandfather": MALE[grandfather],
                        "family": FAMILY[fam],
                        "born": born + rng.randint(-6, 6),
                        "died": day,
                        "place": PLACES[place],
                    }
                )
        del self.people[n:]


_LATIN_SLIPS = "aeioulnrst"
# Arabic slips: letters told apart only by dots (ب ت ث ن ي, ح خ ج, د ذ, ر ز, س ش, ص ض, ع غ),
# long vowels, and ta marbuta / ha
_ARABIC_SLIPS = "بتثنيحخجدذرزسشصضعغاوةه"


def _typo(s: str, rng: random.Random, letters: str = _LATIN_SLIPS) -> str:
    """One slip of the pen or the keyboard: a letter dropped, two swapped, or one replaced."""
    if len(s) < 4:
        return s
    i = rng.randrange(1, len(s) - 1)
    kind = rng.random()
    if kind < 0.33:
        return s[:i] + s[i + 1 :]
    if kind < 0.66:
        return s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    return s[:i] + rng.choice(letters) + s[i + 1 :]


class ListStyle:
    def __init__(self, name: str, arabic: bool, layout: str, capture: float, rng: random.Random) -> None:
        self.name, self.arabic, self.layout, self.capture, self.rng = name, arabic, layout, capture, rng

    def spell(self, entry: tuple[str, list[str]]) -> str:
        rng = self.rng
        if self.arabic:
            text = entry[0]
            return _typo(text, rng, _ARABIC_SLIPS) if rng.random() < 0.02 else text
        text = rng.choice(entry[1])
        return _typo(text, rng) if rng.random() < 0.06 else text

    def row(self, p: dict, rid: str) -> dict[str, str]:
        rng = self.rng
        first, father, gf, fam = (self.spell(p[k]) for k in ("first", "father", "grandfather", "family"))
        if rng.random() < 0.1:
            father = ""
        if rng.random() < 0.1:
            fam = ""
        died = p["died"]
        if rng.random() < 0.12:
            died += dt.timedelta(days=rng.choice((-3, -2, -1, 1, 1, 2, 3)))
        age = died.year - p["born"] + (rng.choice((-1, 0, 0, 1)) if rng.random() < 0.5 else 0)
        place = p["place"][1 if self.arabic else 0]
        out = {"record_id": rid, "sex": p["sex"] if rng.random() < 0.9 else ""}
        if self.layout == "full":  # Arabic: first father grandfather family
            parts = [first, father or None, gf if father else None, fam or None]
            out["full_name"] = " ".join(x for x in parts if x)
        elif self.layout == "nasab":
            # a woman is bint (daughter of) her father, he is bin (son of) his
            son_of = " bint " if p["sex"] == "female" else " bin "
            names = [x for x in (first, father, gf if father else "") if x]
            chain = son_of.join(names[:2]) + "".join(" bin " + x for x in names[2:])
            out["full_name"] = f"{chain} {fam}".strip()
        else:
            out.update(first_name=first, father_name=father, family_name=fam)
            if self.layout == "parts4":
                out["grandfather_name"] = gf if father else ""
        out["date_of_death"] = (
            (died.strftime("%d/%m/%Y") if self.name == "B" else died.isoformat())
            if rng.random() < 0.95
            else ""
        )
        if self.layout in ("full", "nasab"):
            out["age"] = str(max(age, 0)) if rng.random() < 0.7 else ""
        else:
            out["birth_year"] = str(p["born"]) if rng.random() < 0.6 else ""
        out["place_of_death"] = place if rng.random() < 0.9 else ""
        return out


# (list, Arabic script, layout, share of the population it records): lists record independently
LISTS = (
    ("A", True, "full", 0.55),
    ("B", False, "parts", 0.4),
    ("C", False, "nasab", 0.3),
    ("D", True, "parts4", 0.25),
)


def population_size(records: int) -> int:
    """How many people (recorded or not) ``generate`` invents for about ``records`` records."""
    return int(records / (sum(c for *_, c in LISTS) * 1.02))


def generate(
    records: int, folder: Path, seed: int = 7
) -> tuple[list[tuple[str, Path]], dict[tuple[str, str], int]]:
    """Write the lists; returns [(source, file)] and truth {(source, record_id): person}."""
    rng = random.Random(seed)
    styles = [ListStyle(name, arabic, layout, capture, rng) for name, arabic, layout, capture in LISTS]
    persons = population_size(records)
    pop = Population(persons, rng)
    truth: dict[tuple[str, str], int] = {}
    files = []
    for style in styles:
        path = folder / f"list_{style.name}.csv"
        rows = []
        for pid, p in enumerate(pop.people):
            if rng.random() < style.capture:
                for _ in range(2 if rng.random() < 0.02 else 1):  # listed twice in one list
                    rid = f"{style.name}{len(rows) + 1}"
                    rows.append(style.row(p, rid))
                    truth[(style.name, rid)] = pid
        cols = sorted(
            {k for r in rows for k in r}, key=lambda c: list(rows[0]).index(c) if c in rows[0] else 99
        )
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=cols)
            w.writeheader()
            w.writerows(rows)
        files.append((style.name, path))
    return files, truth


def _places() -> list[tuple[str, str]]:
    """(Latin, Arabic) names of the built-in gazetteer's towns and villages."""
    from marsad.geo.builtin import curated_places

    return [
        (p.name, p.name_ar)
        for p, _ in curated_places()
        if str(p.feature_type) in ("city", "town", "village") and p.name_ar
    ]


PLACES = _places()
