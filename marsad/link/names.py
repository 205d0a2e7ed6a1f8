"""Person names for linkage: normal forms, a script-independent key, and nasab chains.

Builds on ``marsad.text.names`` (the keys the gazetteer uses): ``latin_key`` and ``arabic_key``
fold articles, apostrophes and spelling variants; here we add what is particular to people's names
(Mohammad/Muhammad/Mohamed/Mhd, Abd al-/Abdul, ibn/bin chains) and a **phonetic key** that an
Arabic and a Latin spelling of one name share (محمد, Mohammed, Muhammad → ``mhmd``), so that the
linker can compare a list written in Arabic with one written in Latin letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from marsad.text.names import ARTICLES, arabic_key, is_arabic, latin_key

# Latin spellings of the commonest given names and particles, folded to one form before keys
_GIVEN_FORMS = {
    **dict.fromkeys(
        (
            "mhd",
            "mohd",
            "muhd",
            "mohamad",
            "mohammad",
            "mohamed",
            "mohammed",
            "muhamad",
            "muhammad",
            "muhammed",
            "mouhamad",
            "mouhammad",
            "mohamet",
            "mehmet",
            "mahomed",
            "mo7amad",
        ),
        "muhammad",
    ),
    **dict.fromkeys(("ahmed", "ahmad", "ahmet", "ehmed", "a7mad"), "ahmad"),
    **dict.fromkeys(("mahmud", "mahmoud", "mahmood", "mahmod", "ma7moud", "mahmut"), "mahmud"),
    **dict.fromkeys(("husayn", "hussein", "husein", "husain", "hussain", "hossein", "hussin"), "husayn"),
}
# Names whose consonant skeleton is that of a commoner name (محمود/Mahmoud and محمد are both
# m-h-m-d, حسين/Hussein and حسن h-s-n): their long vowel is kept in the key, so that brothers
# Muhammad and Mahmoud, or Hassan and Hussein, do not share one. Keyed by the Latin given form
# and by the Arabic spelling (after ``arabic_key`` folding).
_MARKED_KEYS = {"mahmud": "mhmwd", "محمود": "mhmwd", "husayn": "hsyn", "حسين": "hsyn"}
# words that join a name to the next one: Abd al-Rahman, Abu Bakr, Nur al-Din
_JOIN_NEXT = frozenset(("abd", "abdul", "abdel", "abdal", "abdil", "abdul", "abu", "abou", "abo"))
_ABD_GLUED = re.compile(r"^abd(?:u|e|a|i|ou)?(?:l|([tdsznr])(?=\1))?(?=\w{3})")  # Abdulrahman, Abdurrahman
# "son of" / "daughter of": Ahmad bin Ali bin Hassan, أحمد بن علي
_SON_OF = frozenset(("bin", "ibn", "ben", "bint", "bn", "ibnat"))
_SON_OF_AR = frozenset(("بن", "ابن", "بنت", "إبن"))
_TOKENS = re.compile(r"[^\W\d_]+(?:['’ʿʾ`][^\W\d_]+)*", re.UNICODE)

# Arabic letters → the Latin consonant they are most often written with (vowels and ʿayn drop)
_AR_CONSONANT = {
    "ب": "b",
    "ت": "t",
    "ث": "t",
    "ج": "j",
    "ح": "h",
    "خ": "x",  # kh: kept apart from ح/ه (Khaled is not Haled), as x in Buckwalter's table
    "د": "d",
    "ذ": "z",  # Levantine speech and spelling: Moaz, Mouaz for معاذ
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "š",  # sh/ch: kept apart from س (Shadi is not Sadi)
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "غ": "g",
    "ف": "f",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ة": "h",
    "پ": "b",
    "چ": "j",
    "گ": "g",
    "ڤ": "f",
}
_AR_VOWELISH = frozenset("اأإآٱوؤيئىعء")
# Latin digraphs → one consonant, the same one the Arabic letter maps to
_LAT_DIGRAPHS = (
    ("kh", "x"),
    ("sh", "š"),
    ("ch", "š"),
    ("th", "t"),
    ("dh", "z"),  # ذ: Muadh = Moaz
    ("gh", "ġ"),  # غ, kept apart from a lone g, which is ج (Gamal = Jamal)
    ("ph", "f"),
    ("dj", "j"),
    ("7", "h"),
    ("3", ""),
    ("2", ""),
)
_LAT_MAP = str.maketrans({"q": "k", "c": "k", "v": "f", "p": "b", "g": "j", "ġ": "g"})


def _fold_given(tok: str) -> str:
    return _GIVEN_FORMS.get(tok, tok)


# A name that starts with ʿayn and a doubled consonant (Assad, Essam, Ezzat, Attar, Alloush) looks
# like a glued article to the place-name keys (Ezzor = az-Zor): for people the name is far commoner
# (عصام is Essam, not "al-Sam"), so the doubled letter is made single before those keys see it.
_AYN_DOUBLED = re.compile(r"(?<![\w'’])([aeAE])([tdsznrlTDSZNRL])\2(?=\w{2})")


# Abdullatif, Abdallah: the article's l is the name's own (al-Latif), not to be folded into "abdul"
# (which would read Abdul-atif, a name apart from Abdel Latif)
_ABD_LL = re.compile(r"(?<![^\W\d_])abd[aeiou]?ll(?=[^\W\d_])", re.I)


@lru_cache(maxsize=200_000)
def _latin_tokens(name: str) -> tuple[str, ...]:
    """Latin name → folded tokens, compounds joined (abd rahman → abdrahman), articles dropped."""
    key = latin_key(_ABD_LL.sub("abd l", _AYN_DOUBLED.sub(r"\1\2", name)))
    out: list[str] = []
    join = False
    for tok in key.split():
        if tok in _SON_OF:
            out.append("bin")
            join = False
            continue
        m = _ABD_GLUED.match(tok)
        if m and tok not in _GIVEN_FORMS:
            tok = "abd" + tok[m.end() :]
        tok = _fold_given(tok)
        if join and out:
            out[-1] += tok
            join = False
        else:
            out.append(tok)
        if tok in _JOIN_NEXT:
            out[-1] = "abd" if tok.startswith("abd") else "abu"
            join = True
    return tuple(out)


@lru_cache(maxsize=200_000)
def _arabic_tokens(name: str) -> tuple[str, ...]:
    out: list[str] = []
    join = False
    for tok in arabic_key(name).split():
        if tok in _SON_OF_AR or tok in ("بن", "ابن", "بنت"):
            out.append("بن")
            join = False
            continue
        if tok.startswith("عبدال") and len(tok) > 6:
            tok = "عبد" + tok[5:]  # glued عبدالرحمن = عبد الرحمن (the article drops as it does apart)
        if join and out:
            out[-1] += tok
            join = False
        else:
            out.append(tok)
        if tok in ("عبد", "ابو", "أبو", "ابي"):
            join = True
    return tuple(out)


def name_tokens(name: str | None) -> tuple[str, ...]:
    """Comparison tokens of a written name, in its own script ("bin"/"بن" kept as separators)."""
    if not name:
        return ()
    return _arabic_tokens(name) if is_arabic(name) else _latin_tokens(name)


def normal_name(name: str | None) -> str | None:
    """The comparison form of a name, same script as written; None when nothing is left."""
    toks = [t for t in name_tokens(name) if t not in ("bin", "بن")]
    return " ".join(toks) or None


_COMPOUND = re.compile("^(abd|abu|عبد|ابو|أبو)")


@lru_cache(maxsize=200_000)
def _phonetic_token(tok: str) -> str:
    if tok in _MARKED_KEYS:
        return _MARKED_KEYS[tok]
    compound = _COMPOUND.match(tok)
    if compound and len(tok) > len(compound[0]) + 1:
        # the compound's parts apart (Abd al-Hamid's d+h is not the dh of ذ; Abu Hussein keeps
        # Hussein's key); the second part's first letter is inside the word: a vowel drops
        rest = tok[len(compound[0]) :]
        key = _phonetic_token(rest)
        key = key[1:] if rest[0] in "aeiouwy" or rest[0] in _AR_VOWELISH else key
        key = re.sub(r"(.)\1+", r"\1", ("abd" if compound[0] in ("abd", "عبد") else "ab") + key)
        return key[:-1] if key.endswith("h") else key  # عبد الله = Abdullah
    if is_arabic(tok):
        first = tok[0]
        head = "a" if first in _AR_VOWELISH and first not in "وي" else {"و": "w", "ي": "y"}.get(first, "")
        letters = [head] if head else []
        for i, ch in enumerate(tok):
            if i == 0 and head:
                continue
            letters.append(_AR_CONSONANT.get(ch, ""))
        key = "".join(letters)
    else:
        t = tok
        for a, b in _LAT_DIGRAPHS:
            t = t.replace(a, b)
        t = t.translate(_LAT_MAP)
        if not t:
            return ""
        first = t[0]
        head = "a" if first in "aeiou" else first
        # a final h is dropped below, on the key, as for Arabic (Fatimah/فاطمة); dropping it here
        # too made Sheikh (kh → h) lose its last consonant and miss الشيخ
        rest = re.sub(r"[aeiouyw']$", "", t[1:]) if len(t) > 3 else t[1:]
        rest = re.sub(r"[aeiouyw]", "", rest)
        key = head + rest
    key = re.sub(r"(.)\1+", r"\1", key)
    if len(key) > 2 and key.endswith("h"):
        key = key[:-1]  # ta marbuta: Fatima/Fatimah/فاطمة
    return key


def phonetic_key(name: str | None) -> str | None:
    """Consonant skeleton shared by Arabic and Latin spellings: محمد, Mohammed, Mhd → ``mhmd``."""
    toks = [t for t in name_tokens(name) if t not in ("bin", "بن")]
    if not toks:
        return None
    keys = [_phonetic_token(t) for t in toks]
    return " ".join(k for k in keys if k) or None


@dataclass(slots=True, frozen=True)
class NameParts:
    """A full name split into the parts Arabic names carry."""

    first: str | None = None
    father: str | None = None
    grandfather: str | None = None
    family: str | None = None


_FAMILY_PREFIX_LAT = re.compile(r"^(al|el|ul|il)[-\s]", re.I)


def split_full_name(full: str | None) -> NameParts:
    """Split a written full name into first, father's, grandfather's and family name.

    "Ahmad bin Ali bin Hassan" is a nasab chain (first, father, grandfather); otherwise Syrian
    lists write "first father [grandfather] family": two words are first + family, three are
    first + father + family, four or more first + father + grandfather + family (the last word).
    Compounds (Abd al-Rahman, Abu Bakr) count as one word. Parts are returned as written.
    """
    if not full or not full.strip():
        return NameParts()
    words = _written_words(full)
    if not words:
        return NameParts()
    if any(_is_son_of(w) for w in words):
        chain: list[list[str]] = [[]]
        for w in words:
            if _is_son_of(w):
                if chain[-1]:
                    chain.append([])
                continue
            chain[-1].append(w)
        chain = [c for c in chain if c]
        first = chain[0][0] if chain else None
        rest_first = chain[0][1:]
        fam_from_first = " ".join(rest_first) or None
        father = chain[1][0] if len(chain) > 1 else None
        grandfather = chain[2][0] if len(chain) > 2 else None
        tail = chain[-1][1:] if len(chain) > 1 else []
        family = " ".join(tail) or (fam_from_first if len(chain) == 1 else None)
        return NameParts(first, father, grandfather, family)
    if len(words) == 1:
        return NameParts(first=words[0])
    if len(words) == 2:
        return NameParts(first=words[0], family=words[1])
    if len(words) == 3:
        return NameParts(first=words[0], father=words[1], family=words[2])
    return NameParts(first=words[0], father=words[1], grandfather=words[2], family=" ".join(words[3:]))


def _is_son_of(word: str) -> bool:
    w = word.casefold().strip(".")
    return w in _SON_OF or w in _SON_OF_AR


def _written_words(full: str) -> list[str]:
    """Words as written, with compounds (Abd al-Rahman, Abu Bakr) and articles kept on their name."""
    words: list[str] = []
    pending: list[str] = []
    for w in re.split(r"[\s\-‐]+", full.strip()):
        if not w:
            continue
        low = w.casefold().strip("'’")
        if low in ARTICLES or low in _JOIN_NEXT or w in ("عبد", "ابو", "أبو"):
            pending.append(w)
            continue
        words.append(" ".join([*pending, w]))
        pending = []
    if pending:
        words.append(" ".join(pending))
    return words
