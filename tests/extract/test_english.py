"""English extraction: what a reader of the text would write down, with its evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.clean import CleanRules, clean_text
from marsad.config import load_defaults
from marsad.extract import Extractor
from tests.conftest import shared_file

D = dt.date(2025, 3, 10)  # a Monday


def _clean(text: str) -> str:
    c = load_defaults()["clean"]
    return clean_text(
        text, None, CleanRules.from_patterns(c["boilerplate"], c["title_max_chars"], c["repeat_min_words"])
    )[0]


def _one(events: list[dict[str, Any]]) -> dict[str, Any]:
    assert len(events) == 1, events
    return events[0]


def test_seed_article(extractor: Extractor) -> None:
    text = _clean(shared_file("corpus", "seed-article.txt").read_text(encoding="utf-8"))
    events = extractor.extract(text, dt.date(2025, 3, 9), "seed")
    tallies = [e for e in events if e["is_tally"]]
    assert len(tallies) == 1
    tally = tallies[0]
    assert (tally["fatalities"], tally["fatalities_low"], tally["fatalities_high"]) == (741, 741, None)
    assert tally["admin1"] == "Latakia"
    assert tally["source_attribution"] == ["Syrian Observatory for Human Rights"]
    assert tally["victim_community"] == ["Alawite"]
    displaced = [e for e in events if (e["displaced"] or 0) >= 200]
    assert displaced and {displaced[0]["admin1"], *displaced[0]["location_alternatives"]} >= {
        "Latakia",
        "Tartus",
    }
    assert not any("previous regime" in e["evidence"] for e in events)
    assert len({e["evidence"] for e in events}) == len(events)  # nothing twice from repeated paragraphs
    for e in events:
        assert text[e["span"][0] : e["span"][1]] == e["evidence"]


def test_a_sentence_with_counts_for_two_places_gives_two_events(extractor: Extractor) -> None:
    events = extractor.extract(
        "Gunmen killed 34 people in Baniyas and 15 in Jableh on Friday, residents said.", D
    )
    assert sorted((e["admin1"], e["fatalities"]) for e in events) == [("Latakia", 15), ("Tartus", 34)]
    assert {e["event_date"] for e in events} == {"2025-03-07"}


def test_conflicting_figures_keep_the_lowest_and_updates_the_latest(extractor: Extractor) -> None:
    text = (
        "Shelling killed four civilians in Maarat al-Numan on Sunday, SANA reported. "
        "Residents said at least six people died in the shelling of Maarat al-Numan."
    )
    e = _one(extractor.extract(text, D))
    assert (e["fatalities"], e["fatalities_low"], e["fatalities_high"]) == (4, 4, None)
    assert e["sub_event_type"] == "Shelling/artillery/missile attack"
    update = (
        "A car bomb killed nine people in Azaz on Saturday. "
        "The death toll from the Azaz car bomb later rose to 15, medics said."
    )
    e = _one(extractor.extract(update, D))
    assert e["fatalities"] == 15


def test_no_casualties_and_injuries_only(extractor: Extractor) -> None:
    e = _one(
        extractor.extract("A drone strike hit a farm near Saraqib yesterday; no casualties were reported.", D)
    )
    assert (e["fatalities"], e["fatalities_low"], e["fatalities_high"]) == (0, 0, 0)
    assert e["sub_event_type"] == "Air/drone strike" and e["event_date"] == "2025-03-09"
    e = _one(extractor.extract("Three civilians were wounded by a landmine in Tadmur on Sunday.", D))
    assert (e["fatalities"], e["injured"]) == (0, 3)
    assert e["sub_event_type"] == "Remote explosive/landmine/IED" and e["admin1"] == "Homs"


def test_history_threats_and_places_abroad_are_not_events(extractor: Extractor) -> None:
    for text in [
        "In 2013, government forces killed hundreds of people in Baniyas.",
        "The group threatened to attack villages around Masyaf if its demands were not met.",
        "Two people were killed in a gas cylinder explosion at a restaurant in Homs on Sunday.",
    ]:
        assert extractor.extract(text, D) == [], text


def test_tally_is_marked_and_dated_from_its_period(extractor: Extractor) -> None:
    text = (
        "The Syrian Network for Human Rights said 120 civilians were killed in Homs province since March 1."
    )
    e = _one(extractor.extract(text, D))
    assert e["is_tally"] and e["admin1"] == "Homs" and e["event_date"] == "2025-03-01"
    assert e["source_attribution"] == ["Syrian Network for Human Rights"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=3000))
def test_random_text_never_crashes(extractor: Extractor, text: str) -> None:
    for event in extractor.extract(text, D):
        assert text[event["span"][0] : event["span"][1]] == event["evidence"]


def test_garbage_never_crashes(extractor: Extractor) -> None:
    for text in [
        "killed " * 30_000,  # 5 MB of one word and longer fuzzing: `make fuzz`
        "at least 5 killed in Homs and " * 3000,
        "\x00\x01\ufffd" * 5000,
        "قتل 5 in Homs " * 500,
        "9" * 50_000,
    ]:
        assert isinstance(extractor.extract(text, D), list)


def _bulletin(total: int, rows: list[tuple[str, int]]) -> str:
    lines = "\n".join(f"{gov}: {n} civilians" for gov, n in rows)
    return (
        "DAILY BULLETIN No. 7\nPublished: 2025-03-10, 21:00 (Damascus time)\n\n"
        f"The group documented the killing of {total} civilians on Sunday, 9 March.\n\n"
        f"Civilian deaths by governorate, 9 March\n\n{lines}\n"
    )


def test_rows_under_a_day_toll_replace_it_when_they_add_up(extractor: Extractor) -> None:
    """Conventions §1: a total split completely by governorate is gold only as its parts."""
    rows = [("Tartus", 31), ("Hama", 9), ("Latakia", 12)]
    events = extractor.extract(_clean(_bulletin(52, rows)), D, "b")
    got = sorted((e["admin1"], e["fatalities"], e["is_tally"], e["event_date"]) for e in events)
    assert got == sorted((gov, n, True, "2025-03-09") for gov, n in rows)
    assert all(e["evidence"].startswith(e["admin1"]) for e in events)  # each row is its own evidence
    assert not any(e["admin1"] == "Damascus" for e in events)  # "(Damascus time)" is a time zone


def test_partial_rows_keep_the_toll_placed_at_its_first_governorate(extractor: Extractor) -> None:
    """A partial split keeps the total; a toll naming no place takes its breakdown's first governorate."""
    events = extractor.extract(_clean(_bulletin(80, [("Hama", 20), ("Tartus", 15)])), D, "b")
    total = [e for e in events if e["fatalities"] == 80]
    assert len(total) == 1 and total[0]["is_tally"] and total[0]["admin1"] == "Hama"
    assert sorted(e["fatalities"] for e in events) == [15, 20, 80]


def test_people_who_tell_are_not_counted_as_victims(extractor: Extractor) -> None:
    text = "Gunmen killed five men in the village of Barmaya on Sunday, according to three relatives."
    e = _one(extractor.extract(text, D, "t"))
    assert (e["fatalities"], e["location"]) == (5, "Barmaya")


def test_a_tally_takes_the_first_area_it_names(extractor: Extractor) -> None:
    """Conventions §5: "across the coast and Hama" is placed on the coast, Hama kept as an alternative."""
    text = "Monitors said the death toll across the coast and the Hama countryside since March 6 reached 930."
    e = _one(extractor.extract(text, D, "t"))
    assert e["is_tally"] and e["fatalities"] == 930
    assert (e["admin1"], e["location"]) == ("Latakia", "Syrian coast")
    assert "Hama" in e["location_alternatives"]


def test_two_reporters_tallies_stay_apart_and_a_split_by_category_stays_inside(extractor: Extractor) -> None:
    """Conventions §1: different reporters' tallies are different series; a category split is no event."""
    text = (
        "Death toll passes 600, monitors say\n\n"
        "HOMS, Syria, March 10, 2025 (Test Wire) — The number of people killed in three days of violence "
        "in Homs province has risen to 612, a monitor said.\n\n"
        "The Syrian Observatory for Human Rights said the toll in Homs since March 7 had reached 640. "
        "It said 410 of the dead were civilians. The Syrian Network for Human Rights said it had "
        "documented the killing of 575 people between March 7 and March 9."
    )
    events = extractor.extract(_clean(text), D, "t")
    assert all(e["is_tally"] for e in events), events
    assert sorted(e["fatalities"] for e in events) == [575, 612, 640]
    assert {e["admin1"] for e in events} == {"Homs"}


def test_a_nested_figure_does_not_hide_what_the_outer_one_counts(extractor: Extractor) -> None:
    text = "Eleven members of one family, among them four children, were killed on Sunday in Barmaya."
    e = _one(extractor.extract(text, D, "t"))
    assert (e["fatalities"], e["location"]) == (11, "Barmaya")


def test_an_indirect_question_is_not_a_hypothetical(extractor: Extractor) -> None:
    text = "In Barmaya on Sunday, gunmen asked him if he had served in the army, then shot him dead."
    e = _one(extractor.extract(text, D, "t"))
    assert (e["fatalities"], e["location"]) == (1, "Barmaya")
    assert not extractor.extract("Residents fear gunmen would kill them if they return to Barmaya.", D, "t")


def test_a_part_of_the_dead_does_not_replace_the_toll(extractor: Extractor) -> None:
    for text in (
        "Gunmen killed 27 civilians in Kafr Nabl on Sunday. Three women were among the dead.",
        "At least 27 people were killed in Kafr Nabl on Sunday, the monitor said. "
        "Medics said five children were also among the victims in Kafr Nabl.",
        "Twenty-seven people were killed in an attack on Kafr Nabl on Sunday; "
        "two nurses are among those killed.",
    ):
        event = _one(extractor.extract(text, D))
        assert (event["location"], event["fatalities"]) == ("Kafr Nabl", 27), text


def test_a_second_figure_for_a_nearby_village_is_its_own_event(extractor: Extractor) -> None:
    for text in (
        "The monitor said 31 people were killed in Baniyas and 12 in the nearby village of Al-Bayda "
        "on Saturday.",
        "Residents said 31 people were killed in Baniyas and 12 in the village of Al-Bayda on Saturday.",
    ):
        events = extractor.extract(text, D)
        assert sorted((e["location"], e["fatalities"]) for e in events) == [("Al-Bayda", 12), ("Baniyas", 31)]
        assert {e["event_date"] for e in events} == {"2025-03-08"}


def test_a_dateline_with_a_long_outlet_is_the_publication_date_not_the_event_date(
    extractor: Extractor,
) -> None:
    for outlet in ("Levant Wire", "Levant Wire via Gulf Morning Herald", "Coast Desk of the Orontes Post"):
        text = f"BANIYAS, Syria, March 8, 2025 ({outlet}) — Gunmen killed 14 civilians in Baniyas on Friday."
        event = _one(extractor.extract(text, dt.date(2025, 3, 8)))
        assert event["event_date"] == "2025-03-07", outlet


def test_a_place_described_as_coastal_is_not_a_tally_but_the_coast_is(extractor: Extractor) -> None:
    event = _one(extractor.extract("Gunmen killed 14 civilians in the coastal city of Baniyas on Friday.", D))
    assert (event["location"], event["is_tally"]) == ("Baniyas", False)
    tally = _one(
        extractor.extract("More than 300 civilians have been killed across the coast since Thursday.", D)
    )
    assert tally["is_tally"]


def test_a_later_sentence_without_deaths_does_not_retype_the_killing(extractor: Extractor) -> None:
    for later in (
        "Residents said fighters clashed with security forces in Baniyas later that day.",
        "Armed men later clashed with security forces in Baniyas, residents said.",
    ):
        event = _one(extractor.extract(f"Gunmen killed 14 civilians in Baniyas on Friday. {later}", D))
        assert (event["event_type"], event["fatalities"]) == ("Violence against civilians", 14), later


def test_a_toll_over_the_first_week_or_the_past_days_is_a_tally(extractor: Extractor) -> None:
    for text in (
        "More than 1,400 civilians were killed in Latakia in the first week, monitoring groups said.",
        "More than 200 people were killed in the past few days in Latakia.",
        "At least 50 people were killed in Latakia in the following weeks.",
    ):
        assert _one(extractor.extract(text, D))["is_tally"], text
    # a day and a background clause are not a period
    event = _one(
        extractor.extract("Gunmen killed 14 civilians in Baniyas on Friday, in the days after the ambush.", D)
    )
    assert not event["is_tally"]
