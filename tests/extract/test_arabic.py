"""Arabic extraction: the same contract as English, read from Arabic text by its own rules.

The reports here are invented for these tests (no real people); the development set in
``tests/data/extract/ar_dev/dev.jsonl`` is ours too. The blind gold set (``tests/gold/ar.jsonl``)
is only measured, in ``test_gold_ar.py``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.extract import Extractor
from marsad.extract.api import ARABIC_VERSION, EXTRACTOR_VERSION, language_segments
from marsad.extract.evaluate import evaluate, load_gold
from marsad.text.arabic_clitics import fold, fold_with_offsets, split_clitics, stems
from marsad.text.arabic_dates import find_dates
from marsad.text.arabic_numbers import find_counts, parse_number
from tests.conftest import ROOT, Run, assert_no_traceback

D = dt.date(2025, 3, 10)  # a Monday
DEV = ROOT / "tests" / "data" / "extract" / "ar_dev" / "dev.jsonl"
EXAMPLES = ROOT / "examples" / "reports" / "ar"


def _figures(e: dict[str, Any]) -> tuple[int, int, int | None]:
    return e["fatalities"], e["fatalities_low"], e["fatalities_high"]


# -- words: folding, clitics, numbers, dates ---------------------------------------------------


def test_folding_keeps_offsets_into_the_written_text() -> None:
    text = "قُتِلَ ٢٣ مدنياً"
    folded, offsets = fold_with_offsets(text)
    assert folded == "قتل 23 مدنيا"
    i = folded.index("23")
    assert text[offsets[i] : offsets[i + 2]] == "٢٣"


@pytest.mark.parametrize(
    ("word", "stem"),
    [("وبانياس", "بانياس"), ("بريف", "ريف"), ("للمرصد", "مرصد"), ("بالرصاص", "رصاص"), ("وبمحافظة", "محافظه")],
)
def test_attached_particles_and_article_come_off(word: str, stem: str) -> None:
    assert stem in stems(fold(word))


def test_a_pronoun_suffix_comes_off() -> None:
    assert split_clitics(fold("جثتيهما"))[2:] == ("جثتي", "هما")


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("ثلاثة", 3),
        ("ثلاث", 3),
        ("عشرين", 20),
        ("عشرون", 20),
        ("خمسة وعشرون", 25),
        ("مئة", 100),
        ("مائة", 100),
        ("مئتين", 200),
        ("ثلاثمئة وخمسة وعشرين", 325),
        ("ألف", 1000),
        ("ثلاثة آلاف", 3000),
        ("اثنا عشر", 12),
        ("١٣٨٣", 1383),
        ("1,383", 1383),
    ],
)
def test_number_words_in_every_gender_and_case(words: str, value: int) -> None:
    assert parse_number(fold(words)) == value


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("قُتل ١٢ شخصاً", (12, 12, 12)),
        ("ما لا يقل عن ٤٢ مدنياً", (42, 42, None)),
        ("أكثر من ٧٤٠ قتيلاً", (741, 741, None)),
        ("ما يزيد على ثلاثين جثة", (31, 31, None)),
        ("نحو ٣٠ جريحاً", (30, 24, 36)),
        ("قرابة عشرين رجلاً", (20, 16, 24)),
        ("عشرات الضحايا", (24, 24, 99)),
        ("مئات النازحين", (200, 200, 999)),
        ("آلاف المدنيين", (2000, 2000, 9999)),
        ("عدد من المدنيين", (3, 3, 9)),
        ("مقتل ما بين ١٠ و١٢ رجلاً", (10, 10, 12)),
        ("خمسة أشخاص على الأقل", (5, 5, None)),
        ("قتيلان", (2, 2, 2)),
        ("جثتي رجلين", (2, 2, 2)),
    ],
)
def test_counts_map_to_best_low_high_by_the_conventions(
    text: str, figures: tuple[int, int, int | None]
) -> None:
    counts = find_counts(fold(text))
    assert counts, text
    c = counts[0].count
    assert (c.best, c.low, c.high) == figures


@pytest.mark.parametrize(
    "text",
    ["(٦٣ عاماً)", "يوم الأحد ٩ آذار", "في عام 2013", "الساعة 8 صباحاً", "منازل عدة في القرية", "عائلة واحدة"],
)
def test_ages_dates_hours_and_things_are_not_counts_of_people(text: str) -> None:
    assert find_counts(fold(text)) == []


@pytest.mark.parametrize(
    ("text", "date", "period"),
    [
        ("يوم الأحد ٩ آذار/مارس", "2025-03-09", False),
        ("في التاسع من آذار", "2025-03-09", False),
        ("٧ مارس", "2025-03-07", False),
        ("يوم أمس الأحد", "2025-03-09", False),
        ("مساء أمس", "2025-03-09", False),
        ("فجر اليوم", "2025-03-10", False),
        ("يوم الجمعة", "2025-03-07", False),
        ("الإثنين الماضي", "2025-03-03", False),
        ("الأسبوع الماضي", "2025-03-03", True),
        ("خلال الأيام الثلاثة الماضية", "2025-03-08", True),
        ("منذ الخميس ٦ آذار", "2025-03-06", True),
        ("منذ مطلع الشهر الجاري", "2025-03-01", True),
        ("الشهر الماضي", "2025-02-01", True),
        ("في ٤ كانون الثاني/يناير", "2025-01-04", False),
        ("قبل يومين", "2025-03-08", False),
    ],
)
def test_dates_resolve_against_publication(text: str, date: str, period: bool) -> None:
    found = find_dates(fold(text), D)
    assert found, text
    assert (found[0].date.isoformat(), found[0].period) == (date, period)


def test_today_as_an_ordinal_day_of_a_story_is_not_a_date() -> None:
    assert find_dates(fold("في اليوم الرابع من موجة العنف"), D) == []


# -- events ------------------------------------------------------------------------------------


def test_two_villages_with_their_own_counts_are_two_events(extractor: Extractor) -> None:
    text = (
        "قُتل ٢٣ مدنياً في قرية برمايا و١٤ في قرية البيضا بريف بانياس يوم أمس السبت، "
        "وفق الشبكة السورية لحقوق الإنسان."
    )
    events = extractor.extract(text, dt.date(2025, 3, 9))
    assert sorted((e["location"], e["fatalities"]) for e in events) == [("Al-Bayda", 14), ("Barmaya", 23)]
    assert {e["admin1"] for e in events} == {"Tartus"}
    assert {e["event_date"] for e in events} == {"2025-03-08"}
    assert all(e["source_attribution"] == ["Syrian Network for Human Rights"] for e in events)


def test_countryside_of_a_town_is_precision_two(extractor: Extractor) -> None:
    text = "قُتل ستة مدنيين بإطلاق نار في ريف جبلة مساء أمس."
    e = extractor.extract(text, D)[0]
    assert (e["admin1"], e["location"], e["geo_precision"]) == ("Latakia", "Jableh", 2)


def test_nested_figures_do_not_replace_the_total(extractor: Extractor) -> None:
    text = "قُتل ما لا يقل عن ٤٢ مدنياً، بينهم ثلاثة أطفال وأربع نساء، في قرية الدالية يوم الجمعة."
    e = extractor.extract(text, D)[0]
    assert _figures(e) == (42, 42, None)
    assert "children" in e["victim_groups"] and "women" in e["victim_groups"]


def test_conflicting_sources_keep_the_lowest_and_an_update_the_latest(extractor: Extractor) -> None:
    conflict = (
        "قُتل أربعة مدنيين بانفجار دراجة نارية مفخخة في مدينة منبج صباح اليوم. "
        "ونقلت سانا أن الحصيلة ثلاثة قتلى، فيما تحدث ناشطون عن مقتل خمسة أشخاص على الأقل."
    )
    e = extractor.extract(conflict, D)[0]
    assert _figures(e) == (3, 3, None)
    update = "ارتفعت حصيلة ضحايا الانفجار في سوق مدينة عفرين يوم الجمعة إلى ١٥ قتيلاً، بعد أن كانت تسعة قتلى."
    assert extractor.extract(update, D)[0]["fatalities"] == 15


def test_no_casualties_and_injuries_only(extractor: Extractor) -> None:
    shelling = "سقطت قذائف هاون على حي الخالدية في مدينة حمص مساء أمس، من دون أن تُسجل إصابات."
    assert _figures(extractor.extract(shelling, D)[0]) == (0, 0, 0)
    grenade = "أسفر انفجار قنبلة يدوية في سوق مدينة القامشلي يوم أمس عن إصابة أربعة أشخاص."
    e = extractor.extract(grenade, D)[0]
    assert (e["sub_event_type"], _figures(e), e["injured"]) == ("Grenade", (0, 0, 0), 4)


@pytest.mark.parametrize(
    ("text", "sub_event_type", "admin1"),
    [
        (
            "قُتل خمسة أشخاص جراء غارة بطائرة مسيّرة استهدفت سيارة قرب مدينة الميادين اليوم.",
            "Air/drone strike",
            "Deir ez-Zor",
        ),
        (
            "قُتل طفلان بانفجار لغم من مخلفات الحرب في بلدة اللطامنة أمس.",
            "Remote explosive/landmine/IED",
            "Hama",
        ),
        (
            "قُتل ثلاثة مدنيين بقصف مدفعي على مدينة دوما بريف دمشق أمس.",
            "Shelling/artillery/missile attack",
            "Rural Damascus",
        ),
        ("قُتل عنصران من الأمن العام في اشتباكات مع مسلحين في مدينة جاسم أمس.", "Armed clash", "Daraa"),
        (
            "اختطف مسلحون مجهولون طبيباً من مدينة صلخد صباح اليوم.",
            "Abduction/forced disappearance",
            "As-Suwayda",
        ),
        ("اعتقلت قوى الأمن العام ١٢ شخصاً في حي التضامن بدمشق يوم الأحد.", "Arrests", "Damascus"),
        (
            "فرّقت قوات الأمن وقفة احتجاجية في مدينة نوى بالغاز المسيل للدموع يوم الجمعة.",
            "Protest with intervention",
            "Daraa",
        ),
        ("أقدم حشد غاضب على ضرب شاب حتى الموت في بلدة سراقب يوم الإثنين.", "Mob violence", "Idlib"),
        (
            "أحرق مسلحون خمسة منازل في بلدة الشيخ بدر مساء أمس من دون وقوع إصابات.",
            "Looting/property destruction",
            "Tartus",
        ),
    ],
)
def test_vocabulary_maps_to_acled_types(
    extractor: Extractor, text: str, sub_event_type: str, admin1: str
) -> None:
    events = extractor.extract(text, D)
    assert [(e["sub_event_type"], e["admin1"]) for e in events] == [(sub_event_type, admin1)]


@pytest.mark.parametrize(
    "text",
    [
        "حذّرت منظمات حقوقية من موجة عنف جديدة في ريف حمص.",
        "في عام ٢٠١٣ قُتل عشرات المدنيين في مدينة حمص.",
        "توفي ثلاثة أشخاص بحادث سير على طريق حمص – طرطوس مساء أمس.",
        "قالت مصادر محلية إن شائعات عن مقتل خمسة أشخاص في مدينة جبلة غير صحيحة.",
        "قُتل خمسة أشخاص في غارة على بلدة في جنوب لبنان أمس.",
        "أعلنت وزارة الداخلية فرض حظر تجول في مدينة اللاذقية.",
    ],
)
def test_threats_history_accidents_rumours_abroad_and_statements_are_not_events(
    extractor: Extractor, text: str
) -> None:
    assert extractor.extract(text, D) == []


def test_tallies_nationwide_and_by_governorate(extractor: Extractor) -> None:
    monthly = "وثقت الشبكة السورية لحقوق الإنسان مقتل ٨٩ مدنياً في مختلف المحافظات السورية خلال الشهر الماضي."
    e = extractor.extract(monthly, dt.date(2025, 12, 2))[0]
    assert (e["is_tally"], e["admin1"], e["location"], e["event_date"], e["time_precision"]) == (
        True, None, "Syria", "2025-11-01", 3,
    )  # fmt: skip
    split = "وثّقت الشبكة مقتل ١٥ مدنياً يوم الثلاثاء ١٨ آذار: ٩ في محافظة حمص و٦ في محافظة حماة."
    events = extractor.extract(split, dt.date(2025, 3, 20))
    assert sorted((e["admin1"], e["fatalities"], e["is_tally"]) for e in events) == [
        ("Hama", 6, True),
        ("Homs", 9, True),
    ]  # a total split completely by governorate is gold only as its parts


def test_communities_only_as_reported(extractor: Extractor) -> None:
    reported = "قُتل ثلاثة مدنيين من أبناء الطائفة العلوية برصاص مسلحين في حي الزهراء بمدينة حمص أمس."
    assert extractor.extract(reported, D)[0]["victim_community"] == ["Alawite"]
    fighters = "قُتل ثلاثة مسلحين دروز في اشتباكات مع قوات الأمن في مدينة السويداء أمس."
    assert extractor.extract(fighters, D)[0]["victim_community"] == []


def test_evidence_is_the_written_sentence_at_its_span(extractor: Extractor) -> None:
    for path in sorted(EXAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for e in extractor.extract(text, D, path.name):
            assert text[e["span"][0] : e["span"][1]] == e["evidence"]
            assert any("\u0600" <= ch <= "\u06ff" for ch in e["evidence"])


def test_every_arabic_example_report_gives_events(extractor: Extractor) -> None:
    from marsad.text.header import header_date

    empty = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if not extractor.extract(text, header_date(text) or D, path.name):
            empty.append(path.name)
    assert empty == []


def test_development_set(extractor: Extractor) -> None:
    """Our own development reports (not the blind gold): every convention, scored like the gold."""
    overall = evaluate(load_gold(DEV), extractor).as_dict()["overall"]
    assert overall["events"]["all"]["f1"] >= 0.9
    assert overall["fields"]["fatalities_exact"]["accuracy"] >= 0.9
    assert overall["fields"]["event_date"]["accuracy"] >= 0.9


# -- languages ---------------------------------------------------------------------------------


def test_a_mixed_page_reads_each_paragraph_in_its_language(extractor: Extractor) -> None:
    text = (
        "Two civilians were killed by a landmine near Tell Rifaat on Sunday, local sources said.\n\n"
        "وفي القامشلي، قُتل ثلاثة عناصر من قوات الأمن الداخلي في اشتباكات مع مسلحين يوم أمس الأحد."
    )
    assert [lang for lang, _, _ in language_segments(text)] == ["en", "ar"]
    events = extractor.extract(text, D)
    assert sorted(e["admin1"] for e in events) == ["Al-Hasakah", "Aleppo"]
    for e in events:
        assert text[e["span"][0] : e["span"][1]] == e["evidence"]


def test_a_document_in_one_language_is_one_segment() -> None:
    text = "قُتل شخصان.\n\nOCHA said aid was delayed.\n\nونزحت عائلات."
    assert language_segments(text, "ar") == [("ar", 0, len(text))]


def test_each_language_records_its_own_reader_version(tmp_path: Path, marsad: Run) -> None:
    ar = tmp_path / "ar.txt"
    ar.write_text(
        "تاريخ النشر: ٨ آذار/مارس ٢٠٢٥\n\nقُتل ١٧ مدنياً في قرية الدالية بريف جبلة يوم أمس.\n", "utf-8"
    )
    en = tmp_path / "en.txt"
    en.write_text("Published: 2025-03-08\n\nGunmen killed 12 civilians in Baniyas on Friday.\n", "utf-8")
    result = marsad("run", str(ar), str(en))
    assert result.returncode == 0, result.stderr
    reports = json.loads(marsad("reports", "list", "--json").stdout)
    assert sorted((r["extractor"], r["admin1"], r["fatalities"]) for r in reports) == [
        (ARABIC_VERSION, "Latakia", 17),
        (EXTRACTOR_VERSION, "Tartus", 12),
    ]


def test_extract_command_prints_arabic_events_as_jsonl(tmp_path: Path, marsad: Run) -> None:
    path = tmp_path / "report.txt"
    path.write_text("قُتل ثلاثة أشخاص برصاص مسلحين مجهولين في حي الزهراء بمدينة حمص مساء أمس.", "utf-8")
    result = marsad("extract", str(path), "--published", "2025-04-14", "--format", "jsonl")
    assert_no_traceback(result)
    assert result.returncode == 0
    (event,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (event["admin1"], event["fatalities"], event["event_date"]) == ("Homs", 3, "2025-04-13")
    assert "مسلحين" in event["evidence"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("قتلمدنيوبفكالةأإآ٠١٢٣٤٥٦٧٨٩ ،.:\n-0123456789")), max_size=300))
def test_random_arabic_never_crashes(extractor: Extractor, text: str) -> None:
    for e in extractor.extract(text, D):
        assert text[e["span"][0] : e["span"][1]] == e["evidence"]


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (
            "2025-03-14",
            "قتل أو جرح ١٤ شخصاً في قصف على بلدة كفرنبل بريف إدلب الجنوبي يوم الأربعاء.",
            [("Idlib", (0, 0, 14), None, "2025-03-12", False)],
        ),
        (
            "2025-03-16",
            "قُتل شابان وأصيب ثالث بجروح خطيرة برصاص قناص في حي بابا عمرو بمدينة حمص، مساء الجمعة الماضية.",
            [("Homs", (2, 2, 2), 1, "2025-03-14", False)],
        ),
        (
            "2025-05-30",
            "أطلقت قوات الأمن الرصاص الحي على محتجين في مدينة جبلة يوم الخميس، "
            "ما أسفر عن مقتل محتج وإصابة ثلاثة.",
            [("Latakia", (1, 1, 1), 3, "2025-05-29", False)],
        ),
        (
            "2025-08-11",
            "قتلت امرأة وطفلها إثر سقوط صاروخ على منزلهما في قرية قرب مدينة جسر الشغور مساء السبت.",
            [("Idlib", (2, 2, 2), None, "2025-08-09", False)],
        ),
        (
            "2025-03-09",
            "وثّق المرصد السوري خلال الساعات الـ24 الماضية مقتل ١٣٥ مدنياً في مناطق متفرقة من ريف اللاذقية "
            "وطرطوس، ليرتفع عدد الضحايا المدنيين منذ السادس من آذار إلى ٨٣٠ مدنياً.",
            [
                ("Latakia", (135, 135, 135), None, "2025-03-09", True),
                ("Latakia", (830, 830, 830), None, "2025-03-06", True),
            ],
        ),
        (
            "2025-06-20",
            "وثّق المرصد السوري لحقوق الإنسان منذ مطلع العام الجاري مقتل ٤١٢ شخصاً في مختلف المناطق السورية.",
            [(None, (412, 412, 412), None, "2025-01-01", True)],
        ),
        ("2025-05-30", "شارك المئات في مظاهرة سلمية في ساحة الكرامة بمدينة السويداء يوم الجمعة.", []),
        ("2025-07-20", "بلغ عدد النازحين من محافظة السويداء أكثر من ٨٧ ألف شخص منذ بدء الأحداث.", []),
    ],
)
def test_wordings_beyond_the_development_set(
    extractor: Extractor, published: str, text: str, expected: list[tuple[Any, ...]]
) -> None:
    events = extractor.extract(text, dt.date.fromisoformat(published))
    got = [(e["admin1"], _figures(e), e["injured"], e["event_date"], e["is_tally"]) for e in events]
    assert got == expected
