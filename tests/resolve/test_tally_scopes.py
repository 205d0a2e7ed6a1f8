"""Tallies are series per scope (governorate, city, community) and reporter, compared with the
incidents documented in that same scope; documents without metadata are dated and attributed by
their own header (dateline, byline), so two outlets never collapse into one "unspecified" source.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run, run_json

REPORTS = {
    "qusour.txt": "BANIYAS, Syria, March 8, 2025 (Levant Wire) — Gunmen killed 12 Alawite civilians in the "
    "Al-Qusour neighbourhood of Baniyas on Friday, residents said.",
    "snobar.txt": "JABLEH, Syria, March 8, 2025 (Coast Daily) — Gunmen killed five people in the village of "
    "Snobar near Jableh on Friday, relatives said.",
    "market.txt": "BANIYAS, Syria, March 9, 2025 (Coast Daily) — Four Christian shopkeepers were shot dead "
    "in the market of Baniyas on Saturday, relatives said.",
    "city-toll.txt": "DAMASCUS, Syria, March 10, 2025 (Eastern Med Press) — The number of Alawite "
    "civilians killed in Baniyas since March 7 has risen to 60, the Syrian Observatory for Human Rights "
    "said on Monday.",
    "gov-toll.txt": "TARTUS, Syria, March 11, 2025 (Levant Wire) — The death toll in Tartus governorate "
    "since March 6 rose to 161, the Syrian Observatory for Human Rights said.",
    # one monitor's coast-wide figure, carried by two outlets (filed from a city it does not count)
    "coast-toll.txt": "DAMASCUS, Syria, March 10, 2025 (Eastern Med Press) — The death toll across the "
    "Syrian coast since March 6 has reached 400, the Syrian Network for Human Rights said on Monday.",
    "coast-toll-copy.txt": "HAMA, Syria, March 10, 2025 (Levant Wire) — The Syrian Network for Human "
    "Rights said on Monday that 400 people had been killed across the coast since March 6.",
}


def test_tally_scopes_reporters_and_header_metadata(marsad: Run, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert marsad("run", str(folder)).returncode == 0  # no --source: outlets come from the datelines
    incidents = run_json(marsad, "incidents", "list")
    by_place = {i["location"]: i for i in incidents}
    # the dateline says where the story was filed, not where the killing happened
    assert set(by_place) == {"Al-Qusour", "Snobar", "Baniyas"}
    # same city, next day, but victims reported as of different communities: two incidents
    assert by_place["Al-Qusour"]["victim_community"] == ["Alawite"]
    assert by_place["Baniyas"]["fatalities"] == 4
    assert {s for i in incidents for s in i["sources"]} == {"Levant Wire", "Coast Daily"}
    assert by_place["Snobar"]["date_start"] == "2025-03-07"  # "on Friday", from the dateline's date

    series = {s["scope"]: s for s in run_json(marsad, "tallies")}
    assert set(series) == {"Tartus", "Baniyas (Tartus) · Alawite", "Syrian coast"}
    governorate, city = series["Tartus"], series["Baniyas (Tartus) · Alawite"]
    # the figure is credited to the monitor that gave it, and the outlets that carried it are kept
    assert governorate["source"] == city["source"] == "Syrian Observatory for Human Rights"
    assert city["published_by"] == ["Eastern Med Press"] and city["points"][0]["reported_on"] == "2025-03-10"
    # documented in scope: every Tartus incident for the governorate; only the Alawite victims of
    # Baniyas (Al-Qusour is in Baniyas district) for the city's community tally
    assert governorate["documented_in_scope"] == 12 + 4
    assert city["documented_in_scope"] == 12
    assert city["gap"] == 60 - 12
    assert all(i["fatalities"] < 60 for i in incidents)  # tallies never become incidents
    # a region's tally counts the incidents of its governorates (Latakia and Tartus), and the same
    # figure carried by two outlets is one point of one series
    coast = series["Syrian coast"]
    assert coast["source"] == "Syrian Network for Human Rights"
    assert coast["published_by"] == ["Eastern Med Press", "Levant Wire"]
    assert [(p["fatalities"], p["copies"]) for p in coast["points"]] == [(400, 2)]
    assert coast["documented_in_scope"] == 12 + 5 + 4
