"""The wide name pool of the synthetic lists: hundreds of given names, thousands of family names.

Real Syrian victim lists carry a few hundred given names whose frequencies fall off like Zipf's
law (Muhammad alone is one man in six or seven, Ahmad, Ali, Khaled and Omar follow, then a long
tail), and thousands of family names, most of them local: a village is a handful of clans with
a few families from elsewhere. The family names here are of the kinds Syrian family names are:
a list of common real ones, an ancestor's given name (al-Hussein, al-Khaled), "Abu" and a given
name (Abu Ali), a town's nisba (al-Halabi; al-Houli from al-Houla), and invented names built
on Arabic roots in the patterns family names follow — a trade (faʿʿāl: al-Najjar), a familiar
form (faʿʿūl: Qaddour), -ān (Hamdan), a nisba (faʿalī: al-Halabi) — each written in Arabic and
in the Latin spellings lists use (al-/el-, doubled letters or not, ou/u, q/k, sh/ch).
"""

from __future__ import annotations

import random
import re

# (Arabic, Latin spellings), after the 60 given names of the narrow pool (``synthetic.MALE``)
MORE_MALE = [
    ("عبد الكريم", ["Abdulkarim", "Abd al-Karim", "Abdel Karim"]),
    ("عبد العزيز", ["Abdulaziz", "Abd al-Aziz", "Abdel Aziz"]),
    ("عبد الحميد", ["Abdulhamid", "Abd al-Hamid"]),
    ("عبد الرزاق", ["Abdulrazzaq", "Abdel Razzak", "Abd al-Razzaq"]),
    ("عبد السلام", ["Abdulsalam", "Abdel Salam"]),
    ("عبد اللطيف", ["Abdullatif", "Abdel Latif"]),
    ("عبد الناصر", ["Abdulnaser", "Abdel Nasser"]),
    ("عبد الغني", ["Abdulghani", "Abdel Ghani"]),
    ("عبد الحكيم", ["Abdulhakim", "Abdel Hakim"]),
    ("عبد الباسط", ["Abdulbasit", "Abdel Basset"]),
    ("عبد الهادي", ["Abdulhadi", "Abdel Hadi"]),
    ("عبد الوهاب", ["Abdulwahab", "Abdel Wahab"]),
    ("عبد الفتاح", ["Abdulfattah", "Abdel Fattah"]),
    ("عبد المجيد", ["Abdulmajid", "Abdel Majid"]),
    ("عبد الجليل", ["Abduljalil", "Abdel Jalil"]),
    ("أمين", ["Amin", "Ameen"]),
    ("أنور", ["Anwar", "Anouar"]),
    ("أيوب", ["Ayoub", "Ayyub"]),
    ("بدر", ["Badr", "Bader"]),
    ("بسام", ["Bassam", "Basam"]),
    ("تامر", ["Tamer", "Tamir"]),
    ("جابر", ["Jaber", "Jabir"]),
    ("جلال", ["Jalal", "Jalaal"]),
    ("جميل", ["Jamil", "Jameel"]),
    ("حاتم", ["Hatem", "Hatim"]),
    ("حازم", ["Hazem", "Hazim"]),
    ("حافظ", ["Hafez", "Hafiz"]),
    ("حامد", ["Hamed", "Hamid"]),
    ("حسام", ["Hussam", "Hossam"]),
    ("حكمت", ["Hikmat", "Hekmat"]),
    ("حمدي", ["Hamdi", "Hamdy"]),
    ("حيدر", ["Haidar", "Haydar"]),
    ("خليل", ["Khalil", "Khaleel"]),
    ("خضر", ["Khodr", "Khader"]),
    ("داود", ["Dawoud", "Daoud", "Dawud"]),
    ("راتب", ["Rateb", "Ratib"]),
    ("راشد", ["Rashed", "Rachid"]),
    ("رياض", ["Riad", "Riyad"]),
    ("ربيع", ["Rabih", "Rabie"]),
    ("زكريا", ["Zakaria", "Zakariya"]),
    ("زهير", ["Zuhair", "Zouheir"]),
    ("سالم", ["Salem", "Saalem"]),
    ("سليم", ["Salim", "Selim"]),
    ("سامي", ["Sami", "Samy"]),
    ("سعد", ["Saad", "Sa'd"]),
    ("سفيان", ["Sufyan", "Soufian"]),
    ("سلمان", ["Salman", "Selman"]),
    ("سليمان", ["Suleiman", "Sulaiman", "Sleiman"]),
    ("سهيل", ["Suhail", "Souheil"]),
    ("شريف", ["Sharif", "Cherif"]),
    ("صلاح", ["Salah", "Salaah"]),
    ("طلال", ["Talal", "Tallal"]),
    ("عامر", ["Amer", "Aamer"]),
    ("عزيز", ["Aziz", "Azeez"]),
    ("عصام", ["Issam", "Essam"]),
    ("علاء", ["Alaa", "Ala'a"]),
    ("عمار", ["Ammar", "Amar"]),
    ("غازي", ["Ghazi", "Ghazy"]),
    ("فؤاد", ["Fouad", "Fuad"]),
    ("فارس", ["Fares", "Faris"]),
    ("فاروق", ["Farouk", "Faruq"]),
    ("فايز", ["Fayez", "Faiz"]),
    ("فهد", ["Fahd", "Fahad"]),
    ("فواز", ["Fawaz", "Fawwaz"]),
    ("قصي", ["Qusay", "Kusai"]),
    ("كمال", ["Kamal", "Kamel"]),
    ("لؤي", ["Louay", "Luay"]),
    ("ماجد", ["Majed", "Majid"]),
    ("مالك", ["Malek", "Malik"]),
    ("محسن", ["Mohsen", "Muhsin"]),
    ("مراد", ["Murad", "Mourad"]),
    ("مروان", ["Marwan", "Merwan"]),
    ("مصعب", ["Musab", "Mosab"]),
    ("معتز", ["Moataz", "Mutaz"]),
    ("مهدي", ["Mahdi", "Mehdi"]),
    ("موسى", ["Musa", "Moussa"]),
    ("ناصر", ["Nasser", "Nasir"]),
    ("نضال", ["Nidal", "Nedal"]),
    ("نعيم", ["Naim", "Naeem"]),
    ("هاني", ["Hani", "Hany"]),
    ("هادي", ["Hadi", "Hady"]),
    ("همام", ["Humam", "Homam"]),
    ("وسيم", ["Wassim", "Wasim"]),
    ("وحيد", ["Wahid", "Waheed"]),
    ("ياسين", ["Yassin", "Yasin"]),
    ("يحيى", ["Yahya", "Yehia"]),
    ("يزن", ["Yazan", "Yazen"]),
    ("يعقوب", ["Yaqoub", "Yacoub"]),
    ("يونس", ["Younes", "Yunus"]),
    ("رضا", ["Rida", "Reda"]),
    ("جعفر", ["Jafar", "Jaafar"]),
    ("عبيدة", ["Obaida", "Ubaydah"]),
    ("حذيفة", ["Hudhayfa", "Huthaifa"]),
    ("أكرم", ["Akram", "Akrem"]),
    ("أشرف", ["Ashraf", "Achraf"]),
    ("إسماعيل", ["Ismail", "Ismael"]),
    ("إسحاق", ["Ishaq", "Ishak"]),
    ("إلياس", ["Elias", "Ilyas"]),
    ("أديب", ["Adib", "Adeeb"]),
    ("أسعد", ["Asaad", "Assad"]),
    ("بكر", ["Bakr", "Baker"]),
    ("بهاء", ["Bahaa", "Baha"]),
    ("تيسير", ["Tayseer", "Taysir"]),
    ("حبيب", ["Habib", "Habeeb"]),
    ("حمد", ["Hamad", "Hamed"]),
    ("خلدون", ["Khaldoun", "Khaldun"]),
    ("رأفت", ["Raafat", "Rafat"]),
    ("رامز", ["Ramez", "Ramiz"]),
    ("رفعت", ["Rifaat", "Refaat"]),
    ("زاهر", ["Zaher", "Zahir"]),
    ("زيد", ["Zaid", "Zeid"]),
    ("سامح", ["Sameh", "Samih"]),
    ("شاكر", ["Shaker", "Chaker"]),
    ("شوقي", ["Shawki", "Chawki"]),
    ("صفوان", ["Safwan", "Safouan"]),
    ("صادق", ["Sadek", "Sadiq"]),
    ("عاطف", ["Atef", "Atif"]),
    ("عارف", ["Aref", "Arif"]),
    ("عزت", ["Izzat", "Ezzat"]),
    ("عفيف", ["Afif", "Afeef"]),
    ("عمرو", ["Amr", "Amro"]),
    ("غياث", ["Ghiath", "Ghayath"]),
    ("قيس", ["Qais", "Kais"]),
    ("كنان", ["Kinan", "Kenan"]),
    ("لطفي", ["Lutfi", "Lotfi"]),
    ("مأمون", ["Mamoun", "Maamoun"]),
    ("مدحت", ["Medhat", "Midhat"]),
    ("مجد", ["Majd", "Majed"]),
    ("معن", ["Maan", "Ma'n"]),
    ("ممدوح", ["Mamdouh", "Mamduh"]),
    ("منذر", ["Munzer", "Mundhir"]),
    ("مؤيد", ["Muayad", "Moayad"]),
    ("ناجي", ["Naji", "Nagi"]),
    ("نهاد", ["Nihad", "Nehad"]),
    ("هلال", ["Hilal", "Helal"]),
    ("وسام", ["Wissam", "Wesam"]),
    ("وفيق", ["Wafiq", "Wafik"]),
    ("يامن", ["Yamen", "Yamin"]),
    ("أنيس", ["Anis", "Anees"]),
    ("بشير", ["Bashir", "Bachir"]),
    ("جمعة", ["Juma", "Jumaa"]),
    ("رجب", ["Rajab", "Ragab"]),
    ("رمضان", ["Ramadan", "Ramadhan"]),
    ("شعبان", ["Shaaban", "Chaabane"]),
    ("صبري", ["Sabri", "Sabry"]),
    ("عبود", ["Abboud", "Abbud"]),
    ("مرهف", ["Murhaf", "Morhaf"]),
    ("نجيب", ["Najib", "Naguib"]),
    ("نزيه", ["Nazih", "Nazeeh"]),
    ("وضاح", ["Waddah", "Wadah"]),
]
FEMALE_EXTRA = [
    ("إيمان", ["Iman", "Eman"]),
    ("أسماء", ["Asmaa", "Asma"]),
    ("بتول", ["Batoul", "Batul"]),
    ("بشرى", ["Bushra", "Boushra"]),
    ("حنان", ["Hanan", "Hanane"]),
    ("حليمة", ["Halima", "Halimah"]),
    ("خلود", ["Kholoud", "Khulud"]),
    ("دلال", ["Dalal", "Dalaal"]),
    ("راما", ["Rama", "Raama"]),
    ("رشا", ["Rasha", "Racha"]),
    ("رغد", ["Raghad", "Raghd"]),
    ("رهف", ["Rahaf", "Rahef"]),
    ("روان", ["Rawan", "Rouan"]),
    ("ريما", ["Rima", "Reema"]),
    ("زهراء", ["Zahraa", "Zahra"]),
    ("سارة", ["Sara", "Sarah"]),
    ("سحر", ["Sahar", "Sahr"]),
    ("سلوى", ["Salwa", "Salwah"]),
    ("سناء", ["Sanaa", "Sana"]),
    ("سهام", ["Siham", "Suham"]),
    ("شهد", ["Shahd", "Chahd"]),
    ("صفاء", ["Safaa", "Safa"]),
    ("عبير", ["Abeer", "Abir"]),
    ("عفاف", ["Afaf", "Afaaf"]),
    ("علا", ["Ola", "Oula"]),
    ("غادة", ["Ghada", "Ghadah"]),
    ("فدوى", ["Fadwa", "Fadoua"]),
    ("فرح", ["Farah", "Farh"]),
    ("لانا", ["Lana", "Lanah"]),
    ("لمى", ["Lama", "Lamaa"]),
    ("لينا", ["Lina", "Leena"]),
    ("ماجدة", ["Majida", "Majda"]),
    ("منى", ["Mona", "Muna"]),
    ("مها", ["Maha", "Mahaa"]),
    ("ميساء", ["Maysaa", "Maisa"]),
    ("نادية", ["Nadia", "Nadya"]),
    ("نجلاء", ["Najlaa", "Najla"]),
    ("نسرين", ["Nisreen", "Nesrine"]),
    ("نهى", ["Noha", "Nuha"]),
    ("هالة", ["Hala", "Halah"]),
    ("هند", ["Hind", "Hend"]),
    ("وفاء", ["Wafaa", "Wafa"]),
    ("ولاء", ["Walaa", "Wala"]),
    ("يسرى", ["Yusra", "Yousra"]),
    ("ضحى", ["Duha", "Doha"]),
    ("سوسن", ["Sawsan", "Sausan"]),
    ("رحاب", ["Rehab", "Rihab"]),
    ("نوال", ["Nawal", "Nawaal"]),
    ("منال", ["Manal", "Menal"]),
    ("سميرة", ["Samira", "Sameera"]),
    ("نبيلة", ["Nabila", "Nabeela"]),
    ("جنى", ["Jana", "Janaa"]),
    ("تسنيم", ["Tasnim", "Tasneem"]),
    ("غنى", ["Ghina", "Ghena"]),
    ("كوثر", ["Kawthar", "Kaouthar"]),
    ("إسراء", ["Israa", "Esraa"]),
    ("هيفاء", ["Haifaa", "Haifa"]),
    ("وداد", ["Widad", "Wedad"]),
]
# common real family names, after the 36 of the narrow pool (``synthetic.FAMILY``)
MORE_FAMILY = [
    ("الخياط", ["al-Khayyat", "Khayat", "el-Khayat"]),
    ("الصباغ", ["al-Sabbagh", "Sabbagh", "el-Sabagh"]),
    ("الحلاق", ["al-Hallaq", "Hallak"]),
    ("اللحام", ["al-Lahham", "Lahham", "el-Laham"]),
    ("العطار", ["al-Attar", "Attar"]),
    ("القصاب", ["al-Qassab", "Kassab", "el-Kassab"]),
    ("الحموي", ["al-Hamwi", "Hamwi", "el-Hamawi"]),
    ("الحمصي", ["al-Homsi", "Homsi", "el-Homsi"]),
    ("الإدلبي", ["al-Idlibi", "Idlbi", "el-Idlibi"]),
    ("الديري", ["al-Deiri", "Deiri"]),
    ("الدمشقي", ["al-Dimashqi", "Dimashki"]),
    ("البيطار", ["al-Bitar", "Bitar", "el-Baytar"]),
    ("الأتاسي", ["al-Atassi", "Atassi"]),
    ("المحاميد", ["al-Mahamid", "Mahameed"]),
    ("المسالمة", ["al-Masalmeh", "Masalma"]),
    ("الحوراني", ["al-Hourani", "Hourani", "el-Horani"]),
    ("الكردي", ["al-Kurdi", "Kurdi", "el-Kurdy"]),
    ("التركماني", ["al-Turkmani", "Turkmani"]),
    ("العلي", ["al-Ali", "el-Ali", "Ali"]),
    ("الأحمد", ["al-Ahmad", "el-Ahmed", "Ahmad"]),
    ("المحمد", ["al-Mohammad", "el-Mohamed", "Mohammad"]),
    ("الحسن", ["al-Hasan", "el-Hassan", "Hassan"]),
    ("العمر", ["al-Omar", "el-Omar", "Omar"]),
    ("جبور", ["Jabbour", "Jabour"]),
    ("سطوف", ["Sattouf", "Sattuf"]),
    ("مخلوف", ["Makhlouf", "Makhluf"]),
    ("ديب", ["Dib", "Deeb"]),
    ("خضور", ["Khaddour", "Khadour"]),
    ("صقر", ["Saqr", "Sakr"]),
    ("نعسان", ["Naasan", "Nassan"]),
    ("قطان", ["Qattan", "Kattan"]),
    ("دباغ", ["Dabbagh", "Dabagh"]),
    ("سمان", ["Samman", "Saman"]),
    ("كيالي", ["Kayali", "Kayyali"]),
    ("حمامي", ["Hammami", "Hamami"]),
    ("طرابلسي", ["Trabulsi", "Tarabulsi"]),
    ("مارديني", ["Mardini", "Mardiny"]),
    ("عنتابي", ["Antabi", "Aintabi"]),
    ("ملا", ["Mulla", "Molla"]),
    ("الشهابي", ["al-Shehabi", "Chehabi"]),
    ("الجندي", ["al-Jundi", "Jundi"]),
    ("العلوش", ["al-Alloush", "Alloush"]),
    ("الدالاتي", ["al-Dalati", "Dalati"]),
    ("الفارس", ["al-Fares", "el-Faris"]),
    ("الخلف", ["al-Khalaf", "Khalaf"]),
    ("الشمري", ["al-Shammari", "Chammari"]),
    ("الجبوري", ["al-Jabouri", "Jabouri"]),
    ("العنزي", ["al-Anazi", "Anzi"]),
    ("البرازي", ["al-Barazi", "Barazi"]),
    ("الكيلاني", ["al-Kilani", "Keilani"]),
]

# Arabic consonants of invented roots and their Latin spellings (first is the commonest)
_ROOT = {
    "ب": ["b"],
    "ت": ["t"],
    "ج": ["j"],
    "ح": ["h"],
    "خ": ["kh"],
    "د": ["d"],
    "ر": ["r"],
    "ز": ["z"],
    "س": ["s"],
    "ش": ["sh", "ch"],
    "ط": ["t"],
    "ف": ["f"],
    "ق": ["q", "k"],
    "ك": ["k"],
    "ل": ["l"],
    "م": ["m"],
    "ن": ["n"],
}
_SINGLE = [c for c, v in _ROOT.items() if len(v[0]) == 1]  # doubled in faʿʿāl/faʿʿūl: one letter


def _pattern(root: tuple[str, str, str], kind: str, rng: random.Random) -> tuple[str, list[str]]:
    """A family name on ``root`` in the pattern ``kind``: Arabic and 2–3 Latin spellings."""
    a, b, c = root
    spellings = []
    for _ in range(3):
        la, lb, lc = (rng.choice(_ROOT[x]) for x in root)
        if kind == "trade":  # faʿʿāl: al-Najjar
            arabic, latin = f"ال{a}{b}ا{c}", f"{la}a{lb}{lb if rng.random() < 0.7 else ''}a{lc}"
        elif kind == "familiar":  # faʿʿūl: Qaddour
            arabic = f"{a}{b}و{c}"
            latin = f"{la}a{lb}{lb if rng.random() < 0.7 else ''}{rng.choice(('ou', 'u'))}{lc}"
        elif kind == "an":  # faʿlān: Hamdan
            arabic, latin = f"{a}{b}{c}ان", f"{la}a{lb}{lc}an"
        else:  # nisba faʿalī: al-Halabi
            arabic, latin = f"ال{a}{b}{c}ي", f"{la}a{lb}a{lc}{rng.choice(('i', 'y'))}"
        latin = latin.capitalize()
        if arabic.startswith("ال") and rng.random() < 0.7:
            latin = rng.choice(("al-", "el-")) + latin
        spellings.append(latin)
    return arabic, list(dict.fromkeys(spellings))


def invented_families(n: int, rng: random.Random) -> list[tuple[str, list[str]]]:
    """``n`` distinct invented family names on Arabic roots (see the module's docstring)."""
    letters = list(_ROOT)
    out: dict[str, list[str]] = {}
    while len(out) < n:
        kind = rng.choice(("trade", "familiar", "an", "nisba"))
        mid = rng.choice(_SINGLE) if kind in ("trade", "familiar") else rng.choice(letters)
        root = (rng.choice(letters), mid, rng.choice(letters))
        if len(set(root)) < 3:  # no repeated consonant: avoids shapes like Dadad
            continue
        arabic, latin = _pattern(root, kind, rng)
        if consistent((arabic, latin)):
            out.setdefault(arabic, latin)
    return list(out.items())


def nisba(place: tuple[str, str]) -> tuple[str, list[str]] | None:
    """A family named after a town: Jableh, جبلة → al-Jabli, الجبلي (None when the Latin name is not
    a transliteration of the Arabic one: Aleppo is حلب)."""
    latin, arabic = place
    word = arabic.split()[-1].removeprefix("ال")
    word = re.sub("(?:ية|ة|ا|ى)$", "", word)
    stem = latin.split()[-1].removeprefix("Al-").removeprefix("al-")
    stem = re.sub(r"(?:iy[ae]h|[ae]h|[aeiy])$", "", stem)
    out = f"ال{word}ي", [f"al-{stem}i", f"{stem}i"]
    return out if consistent(out) else None


def consistent(name: tuple[str, list[str]]) -> bool:
    """Every Latin spelling shares the Arabic one's phonetic key (an invented name's romanisation
    that reads as another letter — t+h as th — is the generator's slip, not a list's)."""
    from marsad.link.names import phonetic_key

    key = phonetic_key(name[0])
    return all(phonetic_key(x) == key for x in name[1])
