"""Reports of one incident become one incident; tallies never join; human-visible claims stay."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run, run_json

ARTICLES = {
    "coast-wire.txt": (
        "Levant Wire",
        "Gunmen killed 31 people in the village of Al-Mukhtariyah in the Latakia "
        "countryside on Friday, residents said.",
    ),
    "coast-daily.txt": (
        "Coast Daily",
        "At least 30 civilians were shot dead in Al-Mukhtariyah on Friday, according to a local monitor.",
    ),
    "monitor.txt": (
        "Orontes Monitor",
        "The monitor documented the killing of 33 people in Al-Mukhtariyah on Friday.",
    ),
    "other-village.txt": (
        "Levant Wire",
        "Gunmen killed four people in the village of Snobar near Jableh on Friday, relatives said.",
    ),
    "tallies.txt": (
        "Coastal Monitor",
        "The death toll across the coast since March 6 rose to 1,383, the monitor said.",
    ),
}


def _write(folder: Path, names: list[str]) -> None:
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_text(ARTICLES[name][1], encoding="utf-8")


def _ingest_each(marsad: Run, folder: Path, names: list[str]) -> None:
    for name in names:
        result = marsad("ingest", str(folder / name), "--source", ARTICLES[name][0])
        assert result.returncode == 0, result.stderr


def test_three_outlets_one_massacre(marsad: Run, tmp_path: Path) -> None:
    names = ["coast-wire.txt", "coast-daily.txt", "monitor.txt", "other-village.txt", "tallies.txt"]
    _write(tmp_path / "in", names)
    _ingest_each(marsad, tmp_path / "in", names)
    assert marsad("extract").returncode == 0
    assert marsad("resolve").returncode == 0
    incidents = run_json(marsad, "incidents", "list")
    by_place = {i["location"]: i for i in incidents}
    massacre = by_place["Al-Mukhtariyah"]
    assert (massacre["fatalities"], massacre["fatalities_low"], massacre["fatalities_high"]) == (30, 30, 33)
    assert massacre["n_sources"] == 3 and massacre["n_reports"] == 3
    assert by_place["Snobar"]["fatalities"] == 4  # the neighbouring village stays apart
    assert all(i["fatalities"] < 1000 for i in incidents)  # the tally is never an incident
    [series] = run_json(marsad, "tallies")
    assert (series["scope"], series["source"], series["latest"]) == ("Syrian coast", "Coastal Monitor", 1383)
    assert series["documented_in_scope"] == sum(
        i["fatalities"] for i in incidents if i["admin1"] in ("Latakia", "Tartus")
    )
    assert series["gap"] == 1383 - series["documented_in_scope"]
    shown = run_json(marsad, "incidents", "show", massacre["id"])
    assert sorted(c["source"] for c in shown["claims"]) == ["Coast Daily", "Levant Wire", "Orontes Monitor"]
    for claim in shown["claims"]:
        text = run_json(marsad, "docs", "show", claim["document_id"])["clean_text"]
        assert text[claim["span"][0] : claim["span"][1]] == claim["evidence"]

    again = marsad("resolve")
    assert "0 incidents created, 0 updated" in again.stdout
    assert run_json(marsad, "incidents", "list") == incidents


def test_a_later_article_updates_the_incident_in_place(marsad: Run, tmp_path: Path) -> None:
    _write(tmp_path / "in", ["coast-wire.txt", "coast-daily.txt", "monitor.txt"])
    _ingest_each(marsad, tmp_path / "in", ["coast-wire.txt", "coast-daily.txt"])
    assert marsad("run", str(tmp_path / "in" / "coast-wire.txt")).returncode == 0
    [before] = run_json(marsad, "incidents", "list")
    assert before["n_sources"] == 2
    result = marsad("run", str(tmp_path / "in" / "monitor.txt"), "--source", "Orontes Monitor")
    assert result.returncode == 0 and "1 updated" in result.stdout
    [after] = run_json(marsad, "incidents", "list")
    assert after["id"] == before["id"] and after["n_sources"] == 3 and after["fatalities_high"] == 33
