"""``marsad geo`` as a user drives it: lookup, add, list, export, import, stats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import Run, assert_no_traceback, run_json, shared_file

KEYS = {
    "name",
    "feature_type",
    "admin1",
    "admin1_code",
    "admin2",
    "latitude",
    "longitude",
    "geo_precision",
    "score",
}


def test_lookup_prints_candidates_best_first(marsad: Run) -> None:
    found = run_json(marsad, "geo", "lookup", "Lattakia")
    assert found and set(found[0]) >= KEYS
    assert found[0]["admin1"] == "Latakia" and found[0]["admin1_code"] == "SY-LA"
    assert [c["score"] for c in found] == sorted((c["score"] for c in found), reverse=True)
    rural = run_json(marsad, "geo", "lookup", "Jableh", "--context", "in the countryside of Jableh")
    assert (rural[0]["admin1"], rural[0]["geo_precision"]) == ("Latakia", 2)
    table = marsad("geo", "lookup", "طرطوس")
    assert table.returncode == 0 and "Tartus" in table.stdout
    missing = marsad("geo", "lookup", "Qqqxzzy")
    assert missing.returncode == 1 and "no place matches" in missing.stderr


def test_user_place_is_added_listed_and_exported(marsad: Run) -> None:
    added = run_json(
        marsad,
        "geo",
        "add",
        "Al-Qusour",
        "--type",
        "neighbourhood",
        "--within",
        "Baniyas",
        "--ar",
        "حي القصور",
        "--variant",
        "Hai Al Kusour",
    )
    assert added["admin1"] == "Tartus" and added["feature_type"] == "neighbourhood"
    assert run_json(marsad, "geo", "lookup", "Hai al-Kusour")[0]["name"] == "Al-Qusour"
    listed = run_json(marsad, "geo", "list", "--source", "user")
    assert [p["name"] for p in listed] == ["Al-Qusour"]
    exported = marsad("geo", "export", "--source", "user")
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [r["name"] for r in rows] == ["Al-Qusour"] and "Hai Al Kusour" in rows[0]["variants"]
    geojson = json.loads(marsad("geo", "export", "--source", "user", "--format", "geojson").stdout)
    assert geojson["features"][0]["properties"]["name_ar"] == "حي القصور"


def test_bad_additions_and_imports_are_clear_errors(marsad: Run, tmp_path: Path) -> None:
    cases = [
        (("geo", "add", "X", "--type", "village", "--within", "Nowhereville"), "no place named"),
        (
            ("geo", "add", "X", "--type", "village", "--within", "Hama", "--lat", "48.1", "--lon", "11.5"),
            "outside Syria",
        ),
        (
            ("geo", "add", "X", "--type", "village", "--lat", "35.1", "--lon", "36.7"),
            "no boundaries imported",
        ),
        (("geo", "add", "X", "--type", "hamlet", "--within", "Hama"), "--type"),
        (("geo", "import", str(tmp_path / "missing.csv")), "does not exist"),
    ]
    bad_csv = tmp_path / "units.csv"
    bad_csv.write_text("pcode,name_en\nSY01,Damascus\n")
    cases.append((("geo", "import", str(bad_csv), "--format", "ocha-admin"), "missing column"))
    bad_json = tmp_path / "b.geojson"
    bad_json.write_text("{not json")
    cases.append((("geo", "import", str(bad_json)), "not valid JSON"))
    for args, message in cases:
        result = marsad(*args)
        assert_no_traceback(result)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)


def test_import_then_stats(marsad: Run) -> None:
    admin = shared_file("geo", "syr_admin_units.csv")
    before = run_json(marsad, "geo", "stats")
    imported = run_json(marsad, "geo", "import", str(admin))
    assert imported["format"] == "ocha-admin" and imported["skipped"] == []
    boundaries = run_json(marsad, "geo", "import", str(admin.parent / "syr_adm1_ocha.geojson"))
    assert boundaries["boundaries"] == 14
    after = run_json(marsad, "geo", "stats")
    assert after["places"] > before["places"] and after["boundaries"] == 14
    assert after["by_feature_type"]["district"] == 62
