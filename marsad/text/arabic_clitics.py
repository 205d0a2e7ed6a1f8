"""Arabic words as the extractor reads them: folded spelling, and attached clitics split off.

Arabic writes conjunctions, prepositions and the article onto the word (وبانياس "and Baniyas",
بريف "in the countryside of", للمرصد "to the Observatory") and object/possessive pronouns onto its
end (جثتيهما "their two bodies"). Matching vocabulary and place names needs the bare word, and
evidence spans need offsets into the text as it was written; this module gives both. Our own
rules (no morphological analyser): a clitic is split only when a stem of at least two letters
remains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.text.normalize import _ARABIC_DIACRITICS, _ARABIC_FOLD

# Arabic-Indic and Persian digits, Arabic thousands/decimal separators → ASCII, one char for one
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٬٫", "01234567890123456789,.")
_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3\w]+")

# proclitics in the order they attach: conjunction, preposition, article
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك", "س")
# enclitic pronouns, longest first (folded spelling: ة is ه)
PRONOUNS = ("هما", "كما", "تها", "تهم", "هم", "هن", "ها", "كم", "نا", "ه", "ي", "ك")


def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(0x0600, 0x0700):
        if _ARABIC_DIACRITICS.fullmatch(chr(code)):
            table[code] = None
    for source in (_ARABIC_FOLD, _DIGITS):
        table.update({k: chr(v) if isinstance(v, int) else v for k, v in source.items()})
    return table


_FOLD = _table()


def fold(text: str) -> str:
    """Diacritics and tatweel removed, hamza forms, alif maqsura and ta marbuta folded, digits ASCII."""
    return text.translate(_FOLD)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each of its characters, the offset of the character it came from.

    The list has one extra entry (``len(text)``) so that an end offset maps too.
    """
    chars: list[str] = []
    offsets: list[int] = []
    get = _FOLD.get
    for i, ch in enumerate(text):
        f = get(ord(ch), ch)
        if f:
            chars.append(f)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(chars), offsets


@dataclass(frozen=True, slots=True)
class Token:
    """A written word, its offsets, and its parts once clitics are split (all folded)."""

    start: int
    end: int
    text: str  # folded, as written
    prefix: str  # e.g. "وب" of وبانياس, "بال" of بالرصاص
    stem: str  # without proclitics, article or pronoun suffix
    article: bool  # the word carried ال
    suffix: str


def split_clitics(word: str) -> tuple[str, bool, str, str]:
    """(proclitics, had article, stem, pronoun suffix) of one folded word.

    وبانياس → ("و", False, "بانياس", ""); للمرصد → ("ل", True, "مرصد", ""); بريف → ("ب", False, "ريف", "").
    A letter is split off only if at least three letters remain, which keeps بانياس, لبنان, كمين whole
    when a stem list decides (see ``stems``): this function proposes the most segmented reading.
    """
    prefix = ""
    rest = word
    if len(rest) > 3 and rest[0] in CONJUNCTIONS:
        prefix, rest = rest[0], rest[1:]
    article = False
    if len(rest) > 4 and rest.startswith("لل"):
        prefix, rest, article = prefix + "ل", rest[2:], True
    elif len(rest) > 3 and rest[0] in PREPOSITIONS and rest[1:3] == "ال" and len(rest) > 5:
        prefix, rest, article = prefix + rest[0], rest[3:], True
    elif len(rest) > 3 and rest[0] in PREPOSITIONS and not rest.startswith("ال"):
        prefix, rest = prefix + rest[0], rest[1:]
    if not article and len(rest) > 4 and rest.startswith("ال"):
        rest, article = rest[2:], True
    suffix = ""
    if not article:
        for p in PRONOUNS:
            if rest.endswith(p) and len(rest) - len(p) >= 3:
                suffix, rest = p, rest[: -len(p)]
                break
    return prefix, article, rest, suffix


def stems(word: str) -> list[str]:
    """Readings of a folded word from least to most segmented (for dictionary lookups).

    وبانياس → [وبانياس, بانياس]; بريف → [بريف, ريف]; القرية → [القريه, قريه].
    """
    out = [word]
    prefix, article, stem, suffix = split_clitics(word)
    out.extend(word[i:] for i in range(1, len(prefix) + 1))  # one clitic at a time: وبانياس → بانياس
    if article:
        out.append(stem + suffix)
    if suffix:
        out.append(stem)
    return list(dict.fromkeys(w for w in out if len(w) >= 2))


def tokens(text: str) -> list[Token]:
    """Words of a folded text with their clitics split (offsets are into ``text``)."""
    out = []
    for m in _WORD.finditer(text):
        w = m.group(0)
        prefix, article, stem, suffix = split_clitics(w)
        out.append(Token(m.start(), m.end(), w, prefix, stem, article, suffix))
    return out
