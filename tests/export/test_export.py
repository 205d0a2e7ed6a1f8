"""Exports as their consumers read them: pandas for the ACLED CSV, GeoJSON readers, HXL tools."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
from shapely.geometry import shape

from marsad.export import ACLED_COLUMNS
from tests.conftest import Run, run_json

TEXTS = {
    "a.txt": "Gunmen killed 31 people in the village of Al-Mukhtariyah in the Latakia countryside on Friday.",
    "b.txt": "A landmine killed two shepherds near Tadmur on Saturday, relatives said.",
    "c.txt": "Shelling wounded three civilians in Maarat al-Numan on Sunday; no deaths were reported.",
}


def _incidents(marsad: Run, tmp_path: Path) -> list[dict]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert marsad("run", str(folder), "--source", "Test Wire").returncode == 0
    incidents = run_json(marsad, "incidents", "list")
    assert len(incidents) == 3
    return incidents


def test_acled_csv_has_acleds_columns_in_order_and_loads_with_pandas(marsad: Run, tmp_path: Path) -> None:
    incidents = _incidents(marsad, tmp_path)
    out = tmp_path / "acled.csv"
    result = marsad("export", "--format", "acled-csv", "-o", str(out))
    assert result.returncode == 0 and "wrote 3 incidents" in result.stderr
    frame = pd.read_csv(out)
    assert list(frame.columns[:31]) == list(ACLED_COLUMNS)
    assert {"fatalities_low", "fatalities_high", "n_sources", "marsad_id"} <= set(frame.columns)
    assert sorted(frame["fatalities"]) == sorted(i["fatalities"] for i in incidents)
    assert set(frame["country"]) == {"Syria"} and set(frame["iso"]) == {760}
    only = run_json(marsad, "incidents", "list", "--admin1", "Homs")
    homs = pd.read_csv(io.StringIO(marsad("export", "--admin1", "Homs").stdout))
    assert len(homs) == len(only) == 1


def test_geojson_and_hxl(marsad: Run, tmp_path: Path) -> None:
    _incidents(marsad, tmp_path)
    collection = json.loads(marsad("export", "--format", "geojson").stdout)
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 3
    points = 0
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        if feature["geometry"] is None:
            continue  # a place the gazetteer has no coordinates for: valid GeoJSON, not placed on a map
        point = shape(feature["geometry"])
        assert point.geom_type == "Point" and 35 < point.x < 43 and 32 < point.y < 38
        points += 1
    assert points >= 2
    rows = list(csv.reader(io.StringIO(marsad("export", "--format", "hxl-csv").stdout)))
    assert rows[1][0] == "#date" and all(cell.startswith("#") for cell in rows[1])
    assert "#affected+killed" in rows[1] and len(rows) == 5


def test_bad_export_options_are_clear_errors(marsad: Run, tmp_path: Path) -> None:
    for args, message in [
        (("export", "--format", "xlsx"), "--format must be one of"),
        (("export", "--since", "last week"), "--since must be a date"),
        (("export", "-o", str(tmp_path / "no" / "such" / "dir.csv")), "cannot write"),
    ]:
        result = marsad(*args)
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)


def test_parquet_keeps_types_and_the_same_incidents(marsad: Run, tmp_path: Path) -> None:
    incidents = _incidents(marsad, tmp_path)
    out = tmp_path / "incidents.parquet"
    result = marsad("export", "--format", "parquet", "-o", str(out))
    assert result.returncode == 0 and "wrote 3 incidents" in result.stderr
    frame = pd.read_parquet(out)
    assert list(frame.columns[:31]) == list(ACLED_COLUMNS)
    assert sorted(frame["marsad_id"]) == sorted(i["id"] for i in incidents)
    # integers stay integers (pandas' nullable ints), missing values stay missing, not ""
    assert str(frame["fatalities"].dtype) == "int64"
    assert frame["latitude"].dtype.kind == "f"
    assert frame["admin3"].isna().all()
    by_id = {i["id"]: i for i in incidents}
    for row in frame.itertuples():
        assert row.fatalities == by_id[row.marsad_id]["fatalities"]
    homs = tmp_path / "homs.parquet"
    assert marsad("export", "--format", "parquet", "--admin1", "Homs", "-o", str(homs)).returncode == 0
    assert len(pd.read_parquet(homs)) == 1


def test_public_export_coarsens_incidents_known_only_from_testimonies(
    marsad: Run, tmp_path: Path, db: Path
) -> None:
    import sqlite3

    incidents = _incidents(marsad, tmp_path)
    testimony = next(i for i in incidents if i["admin1"] == "Latakia")
    with sqlite3.connect(db) as conn:  # as `ingest --sensitive` marks a testimony
        conn.execute(
            "UPDATE document SET sensitive = 1 WHERE id IN (SELECT r.document_id FROM report r "
            "JOIN incident_report ir ON ir.report_id = r.id WHERE ir.incident_id = ?)",
            (testimony["id"],),
        )
    rows = {r["marsad_id"]: r for r in csv.DictReader(io.StringIO(marsad("export", "--public").stdout))}
    hidden = rows[testimony["id"]]
    assert hidden["latitude"] == hidden["longitude"] == "" and hidden["source"] == "testimony"
    assert hidden["location"] != testimony["location"] and hidden["location"] in (
        testimony.get("admin2"),
        testimony["admin1"],
    )
    day = dt.date.fromisoformat(hidden["event_date"])
    assert day.weekday() == 0 and 0 <= (dt.date.fromisoformat(testimony["date_start"]) - day).days < 7
    assert int(hidden["fatalities"]) == testimony["fatalities"]  # what happened is still told
    # incidents from public reports are unchanged, and without --public nothing is coarsened
    for other in incidents:
        if other["id"] != testimony["id"]:
            assert rows[other["id"]]["location"] == other["location"]
    full = {r["marsad_id"]: r for r in csv.DictReader(io.StringIO(marsad("export").stdout))}
    assert full[testimony["id"]]["location"] == testimony["location"]
