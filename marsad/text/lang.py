"""Language identification that needs no download: script counting for Arabic, then py3langid."""

from __future__ import annotations

import py3langid

from marsad.model import Language


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic script."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    arabic = sum(
        1
        for ch in letters
        if "\u0600" <= ch <= "\u06ff"
        or "\u0750" <= ch <= "\u077f"
        or "\u08a0" <= ch <= "\u08ff"
        or "\ufb50" <= ch <= "\ufdff"
        or "\ufe70" <= ch <= "\ufeff"
    )
    return arabic / len(letters)


def detect_language(text: str, arabic_min_ratio: float = 0.3) -> Language:
    if arabic_ratio(text) >= arabic_min_ratio:
        return Language.AR
    sample = text[:2000]
    if not any(ch.isalpha() for ch in sample):
        return Language.OTHER
    code, _score = py3langid.classify(sample)
    return Language.EN if code == "en" else Language.OTHER


def normalise_declared(code: str | None) -> Language | None:
    """A language a source declared ("en", "en-GB", "ar", "Arabic") as one of ours."""
    if not code:
        return None
    code = code.strip().lower()
    if code in {"en", "eng", "english"} or code.startswith("en-") or code.startswith("en_"):
        return Language.EN
    if code in {"ar", "ara", "arabic"} or code.startswith("ar-") or code.startswith("ar_"):
        return Language.AR
    return Language.OTHER
