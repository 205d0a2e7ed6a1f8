"""The cleaner: what it keeps, what it drops, and that it records every drop."""

from __future__ import annotations

import unicodedata

import pytest

from marsad.clean import CleanRules, clean_text, split_paragraphs
from marsad.config import load_defaults
from marsad.text.normalize import comparison_key
from tests.conftest import shared_file


@pytest.fixture(scope="module")
def rules() -> CleanRules:
    clean = load_defaults()["clean"]
    return CleanRules.from_patterns(clean["boilerplate"], clean["title_max_chars"], clean["repeat_min_words"])


def test_seed_article_loses_its_repeated_title_and_three_repeated_paragraphs(rules: CleanRules) -> None:
    raw = shared_file("corpus", "seed-article.txt").read_text(encoding="utf-8")
    cleaned, dropped = clean_text(raw, None, rules)
    kinds = sorted(p.kind for p in dropped)
    assert kinds == ["repeated_paragraph"] * 3 + ["repeated_title"]
    # every paragraph of the original survives exactly once
    originals = {comparison_key(p) for p in split_paragraphs(raw)}
    kept = [comparison_key(p) for p in cleaned.split("\n\n")]
    assert sorted(set(kept)) == sorted(originals)
    assert len(kept) == len(set(kept))
    # a drop points back at the paragraph it repeats
    for part in dropped:
        assert part.duplicate_of is not None and part.duplicate_of < part.paragraph
        assert comparison_key(split_paragraphs(raw)[part.duplicate_of]) == comparison_key(part.text)


def test_boilerplate_lines_are_dropped_and_recorded(rules: CleanRules) -> None:
    text = (
        "Shelling hits market in Maarat al-Numan\n\n"
        "Three people were wounded when shells struck the vegetable market on Sunday morning, "
        "the local council said.\n"
        "Share this article\n"
        "Advertisement\n"
        "© 2025 Idlib Daily News. All rights reserved.\n"
        "The council said the market had been closed for repairs until last week.\n"
        "We use cookies to improve your experience on our site."
    )
    cleaned, dropped = clean_text(text, None, rules)
    assert [p.kind for p in dropped] == ["boilerplate"] * 4
    assert "Share this" not in cleaned and "cookies" not in cleaned and "©" not in cleaned
    assert "vegetable market" in cleaned and "closed for repairs" in cleaned


def test_short_bulletin_lines_that_repeat_are_kept(rules: CleanRules) -> None:
    text = (
        "Daily toll, 9 March\nLatakia: 4 civilians\nTartus: 2 civilians\n\n"
        "Revised toll, 8 March\nLatakia: 4 civilians\nHama: 1 civilian"
    )
    cleaned, dropped = clean_text(text, None, rules)
    assert dropped == []
    assert cleaned.count("Latakia: 4 civilians") == 2


def test_hard_wrapped_paragraphs_are_joined_but_line_paragraphs_are_not(rules: CleanRules) -> None:
    wrapped = (
        "Residents of the village said the armed men arrived in three pickup\n"
        "trucks shortly before dawn and searched every house on the main road\n"
        "before leaving toward the highway an hour later.\n\n"
        "The council said two people were missing."
    )
    assert split_paragraphs(wrapped)[0].startswith(
        "Residents of the village said the armed men arrived in three pickup trucks"
    )
    assert len(split_paragraphs(wrapped)) == 2
    lines = "Short headline here\nA first paragraph that is on its own line and ends here.\nAnother one."
    assert len(split_paragraphs(lines)) == 3


def test_text_is_nfc_with_tidy_whitespace(rules: CleanRules) -> None:
    decomposed = unicodedata.normalize("NFD", "Café   owner\u200b killed\t in  Homs.\r\nSecond line.")
    cleaned, _ = clean_text(decomposed, None, rules)
    assert cleaned == "Café owner killed in Homs.\n\nSecond line."
    assert unicodedata.is_normalized("NFC", cleaned)


def test_arabic_repeated_paragraph_is_dropped_even_with_spelling_variants(rules: CleanRules) -> None:
    para = "قال المرصد إن ثلاثة مدنيين قتلوا في قرية قرب جبلة صباح اليوم وإن عدد الضحايا مرشح للارتفاع."
    variant = para.replace("إن", "ان")  # hamza dropped, as copied pages often do
    cleaned, dropped = clean_text(f"{para}\n\n{variant}", None, rules)
    assert [p.kind for p in dropped] == ["repeated_paragraph"]
    assert cleaned == para
