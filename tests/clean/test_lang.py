"""Language detection without downloads, and decoding of Arabic text in old encodings."""

from __future__ import annotations

import pytest

from marsad.ingest.decode import DecodeError, decode_text
from marsad.model import Language
from marsad.text.lang import detect_language, normalise_declared

ARABIC = "قتل خمسة مدنيين بينهم طفلان في قصف استهدف حيا سكنيا في مدينة حمص مساء أمس بحسب مصادر محلية"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Five civilians, including two children, were killed when shells hit a residential area.",
            Language.EN,
        ),
        (ARABIC, Language.AR),
        (
            "Cinq civils, dont deux enfants, ont été tués lorsque des obus ont frappé un quartier.",
            Language.OTHER,
        ),
        (
            "Fünf Zivilisten, darunter zwei Kinder, wurden getötet, als Granaten ein Wohnviertel trafen.",
            Language.OTHER,
        ),
        (f"Reuters quoted the ministry: {ARABIC}", Language.AR),
        ("12345 6789", Language.OTHER),
    ],
)
def test_detect_language(text: str, expected: Language) -> None:
    assert detect_language(text) is expected


def test_declared_language_codes_are_normalised() -> None:
    assert normalise_declared("en-GB") is Language.EN
    assert normalise_declared("AR") is Language.AR
    assert normalise_declared("fr") is Language.OTHER
    assert normalise_declared(None) is None


def test_windows_1256_arabic_is_decoded() -> None:
    text, encoding = decode_text(ARABIC.encode("cp1256"))
    assert (text, encoding) == (ARABIC, "cp1256")


def test_utf8_with_bom_and_utf16_are_decoded() -> None:
    assert decode_text("\ufeffhello".encode())[0] == "hello"
    assert decode_text("مرحبا".encode("utf-16"))[0] == "مرحبا"


def test_latin1_text_is_refused_with_the_offending_byte() -> None:
    with pytest.raises(DecodeError, match=r"0xe9 at offset 3.*Windows-1256"):
        decode_text("Caf\u00e9 au lait, d\u00e9j\u00e0 vu".encode("latin-1"))
