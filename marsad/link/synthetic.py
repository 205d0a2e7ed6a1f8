"""Synthetic Syrian victim lists with known truth, for benchmarks and tests (invented people only).

A population of invented people (Zipf-distributed given and family names, siblings who share
father, grandfather and family name, groups killed on one day in one place) is written as 4
lists, each in its own style: Arabic full names, Latin name columns, Latin nasab chains ("Ahmad
bin Ali bin Hassan al-Khatib"), Arabic name columns; with Latin spelling variants, typos, missing
fields, shifted dates, approximate ages and duplicates inside a list.

Two name pools (``names=``):

* ``wide`` (the default): 210 male and 78 female given names, Zipf-distributed with a heavy head
  (Muhammad is one man in six, Ahmad one in twelve), and about 2,900 family names **clustered by
  place**: every town has its own clans (more in a city than in a village) beside families found
  everywhere (al-Ali, al-Hussein, al-Khatib…); see ``synthetic_names``. Real Syrian lists look like
  this: hundreds of given names with a Muhammad/Ahmad head and thousands of mostly local family
  names. Cousins named after their common grandfather and killed together (same first name,
  grandfather, family name, day and place; different fathers) are added, so the hard case "same
  name, same day, different father" stays as frequent as real lists make it.
* ``narrow`` (the pool of sessions 1–3, kept for comparison): 60 male and 20 female given names
  and 76 family names drawn independently of place. At a million records a third of the people
  share first name, family name, place and year of death with someone else — far denser than a
  real registry of that size.

Typos, missing fields, shifted dates, spellings and list styles are the same for both pools.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
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

    def __init__(self, n: int, rng: random.Random, names: str = "wide") -> None:
        self.rng = rng
        if names == "wide":
            self.people = _wide_people(n, rng)
            return
        if names != "narrow":
            raise ValueError(f"name pool must be wide or narrow, got {names!r}")
        wm, wf, wfam = _zipf(len(MALE), 0.9), _zipf(len(FEMALE), 0.8), _zipf(len(FAMILY), 0.7)
        wplace = _zipf(len(PLACES), 0.8)
        days = (END - START).days
        pool = NamePool(MALE, FEMALE, wm, wf, wplace, days)
        self.people: list[dict] = []
        while len(self.people) < n:
            # a family: one father line, 1–4 children dying (often together)
            fam = rng.choices(range(len(FAMILY)), wfam)[0]
            father, grandfather = rng.choices(range(len(MALE)), wm, k=2)
            place = rng.choices(range(len(PLACES)), wplace)[0]
            together = rng.random() < 0.35
            day = START + dt.timedelta(days=rng.randrange(days))
            born = rng.randint(1950, 2005)
            _siblings(self.people, rng, pool, FAMILY[fam], father, grandfather, place, day, born, together)
        del self.people[n:]


@dataclass(frozen=True, slots=True)
class NamePool:
    """What children are drawn from: given names with their weights, places, the period's days."""

    male: list
    female: list
    wm: list[float]
    wf: list[float]
    wplace: list[float]
    days: int


def _siblings(
    people: list[dict],
    rng: random.Random,
    f: NamePool,
    family: tuple,
    father: int,
    grandfather: int,
    place: int,
    day: dt.date,
    born: int,
    together: bool,
    namesake: float | None = None,
) -> None:
    """One father's 1–4 children who died, killed together or apart; with ``namesake``, the chance
    that a first son carries his grandfather's name (``None`` draws nothing: the narrow pool's lists
    stay as sessions 1–3 drew them)."""
    used: set[tuple[str, int]] = set()
    for child in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        sex = "male" if rng.random() < 0.8 else "female"
        names, weights = (f.male, f.wm) if sex == "male" else (f.female, f.wf)
        if namesake is not None and sex == "male" and child == 0 and rng.random() < namesake:
            first = grandfather
        else:
            first = rng.choices(range(len(names)), weights)[0]
        if (sex, first) in used:  # parents do not give two children one name
            continue
        used.add((sex, first))
        if not together:
            day = START + dt.timedelta(days=rng.randrange(f.days))
            if rng.random() < 0.5:
                place = rng.choices(range(len(PLACES)), f.wplace)[0]
        people.append(
            {
                "sex": sex,
                "first": names[first],
                "father": f.male[father],
                "grandfather": f.male[grandfather],
                "family": family,
                "born": born + rng.randint(-6, 6),
                "died": day,
                "place": PLACES[place],
            }
        )


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
    records: int, folder: Path, seed: int = 7, names: str = "wide"
) -> tuple[list[tuple[str, Path]], dict[tuple[str, str], int]]:
    """Write the lists; returns [(source, file)] and truth {(source, record_id): person}.

    ``names`` is the name pool: ``wide`` (realistic) or ``narrow`` (sessions 1–3; see above).
    """
    rng = random.Random(seed)
    styles = [ListStyle(name, arabic, layout, capture, rng) for name, arabic, layout, capture in LISTS]
    persons = population_size(records)
    pop = Population(persons, rng, names)
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


def _wide_pool() -> tuple[list, list, list, list[list[int]], int]:
    """Given names (male, female), family names, each place's own clans, and how many are national.

    Family names are national (the narrow pool's, common real ones, an ancestor's name, Abu and a
    name: found in every governorate) or local (a town's nisba and invented clans, more clans in a
    bigger town). Built from a fixed seed, so the pool does not change with the lists' seed.
    """
    from marsad.link import synthetic_names as sn

    rng = random.Random(1)
    male = list({ar: (ar, la) for ar, la in [*MALE, *sn.MORE_MALE]}.values())
    female = list({ar: (ar, la) for ar, la in [*FEMALE, *sn.FEMALE_EXTRA]}.values())
    national = [*FAMILY, *sn.MORE_FAMILY]
    national += [
        ("ال" + ar.replace(" ", ""), ["al-" + la[0], "el-" + la[-1]]) for ar, la in sn.MORE_MALE[:60]
    ]
    national += [("أبو " + ar, ["Abu " + la[0], "Abou " + la[-1]]) for ar, la in male[:50] if " " not in ar]
    national = list({ar: (ar, la) for ar, la in national}.values())
    weights = _zipf(len(PLACES), 0.8)
    total = sum(weights)
    clans = [max(6, round(2400 * w / total)) for w in weights]
    invented = sn.invented_families(sum(clans), rng)
    invented = [f for f in invented if f[0] not in {ar for ar, _ in national}]
    families = [*national]
    local: list[list[int]] = []
    start = 0
    for place, k in zip(PLACES, clans, strict=True):
        own = []
        town = sn.nisba(place)
        if town is not None and town[0] not in {ar for ar, _ in national}:
            own.append(len(families))
            families.append(town)
        own += range(len(families), len(families) + k)
        families += invented[start : start + k]
        start += k
        local.append([i for i in own if i < len(families)])
    return male, female, families, local, len(national)


def _wide_people(n: int, rng: random.Random) -> list[dict]:
    """The ``wide`` pool's population: families as in ``Population``, names drawn from the wide pool.

    Half the families of a place are its own clans (Zipf among them: a village has one or two big
    ones), half national names (a flatter Zipf: no family name is carried by one Syrian in ten).
    One family event in five killed together is of two brothers' sons (cousins: same grandfather
    and family, different fathers), and a first son is often named after his grandfather.
    """
    male, female, families, local, n_national = _wide_pool()
    wm, wf = _zipf(len(male), 1.0), _zipf(len(female), 0.9)
    wnat = _zipf(n_national, 0.6)  # the commonest (al-Khatib) about one Syrian in forty, not one in ten
    wlocal = [_zipf(len(own), 1.0) for own in local]
    wplace = _zipf(len(PLACES), 0.8)
    days = (END - START).days
    pool = NamePool(male, female, wm, wf, wplace, days)
    people: list[dict] = []
    while len(people) < n:
        place = rng.choices(range(len(PLACES)), wplace)[0]
        if rng.random() < 0.5:
            fam = rng.choices(local[place], wlocal[place])[0]
        else:
            fam = rng.choices(range(n_national), wnat)[0]
        grandfather = rng.choices(range(len(male)), wm)[0]
        together = rng.random() < 0.35
        day = START + dt.timedelta(days=rng.randrange(days))
        branches = 2 if together and rng.random() < 0.2 else 1
        fathers: list[int] = []
        while len(fathers) < branches:
            f = rng.choices(range(len(male)), wm)[0]
            if f not in fathers and f != grandfather:
                fathers.append(f)
        for father in fathers:
            born = rng.randint(1950, 2005)
            # a first son is often named after his grandfather, most often among cousins killed together
            namesake = 0.6 if branches == 2 else 0.15
            _siblings(
                people, rng, pool, families[fam], father, grandfather, place, day, born, together, namesake
            )
    del people[n:]
    return people
