"""Keys for Arabic names in Latin transliteration and in Arabic script.

The same place is written al-Ladhiqiyah, Lattakia and اللاذقية; the same family el-Hasan and
al-Hassan. These keys fold the variation that carries no meaning (articles and sun-letter
assimilation, apostrophes and ʿayn marks, doubled letters, ou/u, Deir/Dayr, hamza forms, ta
marbuta) so that one dictionary lookup finds them. The geocoder and the victim linker share them.
"""

from __future__ import annotations

import re
import unicodedata

from marsad.text.normalize import fold_arabic

ARTICLES = frozenset("al el il ul ad ed adh an en ar er as es ash esh at et ath az ez".split())
# whole-token spellings of the same word
_TOKEN_FORMS = {
    **dict.fromkeys(("deir", "dayr", "dair", "deyr", "der", "dier"), "dayr"),
    **dict.fromkeys(("tal", "tell", "tel", "til", "tall"), "tal"),
    **dict.fromkeys(("ain", "ayn", "ein", "ayin", "aïn", "eyn"), "ayn"),
    **dict.fromkeys(("jisr", "jsr", "jeser", "jiser"), "jisr"),
    **dict.fromkeys(("kafr", "kfar", "kefr", "kafar", "kfr"), "kafr"),
    **dict.fromkeys(("beit", "bayt", "bait", "bet", "beyt"), "bayt"),
    **dict.fromkeys(("abu", "abou", "abo"), "abu"),
    **dict.fromkeys(("ras", "rass"), "ras"),
    **dict.fromkeys(("sheikh", "shaykh", "shaikh", "cheikh", "sheik", "shekh"), "shaykh"),
    **dict.fromkeys(("umm", "um", "om", "omm"), "umm"),
    **dict.fromkeys(("bab",), "bab"),
}
# generic words that precede a neighbourhood's name and are often left out
GENERIC = frozenset(("hay", "hai", "hayy", "hayi", "haiy"))
_APOSTROPHES = re.compile("['’‘`´ʿʾʼʻ]")
_SEPARATORS = re.compile(r"[-_.,/()]+")
_GLUED_ARTICLE = re.compile(r"^[ae]([tdsznrl])\1(?=\w{2})")  # Ezzor, Arraqqa, Assuwayda


def _fold_latin(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _APOSTROPHES.sub("", text.casefold())


def _token(tok: str) -> str:
    tok = _GLUED_ARTICLE.sub(r"\1", tok)
    tok = _TOKEN_FORMS.get(tok, tok)
    tok = tok.replace("ou", "u").replace("oo", "u").replace("ee", "i").replace("q", "k").replace("ph", "f")
    tok = re.sub(r"(.)\1+", r"\1", tok)  # doubled letters
    if len(tok) > 3 and tok.endswith("h") and tok[-2] in "aeiy":
        tok = tok[:-1]  # Hamah/Hama, Jableh/Jable
    return tok


def latin_key(name: str) -> str:
    """The comparison form of a Latin-script name."""
    tokens = [t for t in _SEPARATORS.sub(" ", _fold_latin(name)).split() if t]
    kept = [t for t in tokens if t not in ARTICLES and t not in GENERIC]
    return " ".join(_token(t) for t in (kept or tokens))


def skeleton(key: str) -> str:
    """Consonants of a latin key, each word keeping its first letter: Jableh/Jablah/Jebleh → jbl."""
    out = []
    for tok in key.split():
        rest = re.sub(r"[aeiouyw]", "", tok[1:])
        out.append(re.sub(r"(.)\1+", r"\1", tok[0] + rest))
    return " ".join(out)


def arabic_key(name: str) -> str:
    """The comparison form of an Arabic-script name: letters folded, the article dropped from each word."""
    words = fold_arabic(unicodedata.normalize("NFKC", name)).split()
    out = []
    for w in words:
        w = re.sub(r"[^\w]", "", w)
        if w.startswith("ال") and len(w) > 3:
            w = w[2:]
        if w:
            out.append(w)
    return " ".join(out)


_PROCLITICS = "وفبلك"


def arabic_prefix_variants(name: str) -> list[str]:
    """The name, then the name with one or two attached particles removed (وبانياس → بانياس)."""
    variants = [name]
    current = name.strip()
    for _ in range(2):
        if len(current) > 3 and current[0] in _PROCLITICS:
            current = current[1:]
            variants.append(current)
        else:
            break
    return variants


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def name_keys(name: str) -> list[str]:
    """Every exact-match key a written name can be looked up under (best first)."""
    keys = [arabic_key(v) for v in arabic_prefix_variants(name)] if is_arabic(name) else [latin_key(name)]
    seen: list[str] = []
    for k in keys:
        if k and k not in seen:
            seen.append(k)
    return seen
