"""Normal forms of text: one for display (NFC, tidy whitespace) and one for comparison."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[^\S\n]+")  # whitespace other than newlines
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_WORD = re.compile(r"\w+", re.UNICODE)


def tidy(text: str) -> str:
    """NFC, unified newlines, no zero-width or control characters, single spaces, no trailing spaces."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


def fold_arabic(text: str) -> str:
    """Arabic letters folded the way spelling varies in practice (hamza forms, ta marbuta, tatweel)."""
    return _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_FOLD)


def comparison_key(text: str) -> str:
    """A form for equality tests: case and Arabic spelling folded, punctuation and spacing ignored."""
    return " ".join(words(text))


def words(text: str) -> list[str]:
    """Word tokens in comparison form (casefolded, Arabic folded, digits kept)."""
    return _WORD.findall(fold_arabic(unicodedata.normalize("NFKC", text)).casefold())
