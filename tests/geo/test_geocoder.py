"""Placing names: spellings, context, unknown names, imports and user additions."""

from __future__ import annotations

import csv
from pathlib import Path

from marsad.geo import Geocoder, add_user_place, import_file
from marsad.model import FeatureType
from marsad.store import Store
from tests.conftest import DATA, shared_file

SPELLINGS = DATA / "geo" / "spellings.csv"


def _rows() -> list[dict[str, str]]:
    with open(SPELLINGS, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_spelling_table_is_broad() -> None:
    rows = _rows()
    assert len(rows) >= 150
    assert len({r["note"] for r in rows}) >= 60
    assert sum(1 for r in rows if any("\u0600" <= ch <= "\u06ff" for ch in r["spelling"])) >= 40


def test_every_spelling_resolves_to_its_governorate_with_builtin_data(geocoder: Geocoder) -> None:
    wrong = []
    for row in _rows():
        found = geocoder.lookup(row["spelling"])
        got = found[0].admin1 if found else None
        if got != row["admin1"]:
            wrong.append(f"{row['spelling']} ({row['note']}): expected {row['admin1']}, got {got}")
    assert wrong == []


def test_countryside_of_a_town_is_its_governorate_at_district_precision(geocoder: Geocoder) -> None:
    for text, name, admin1 in [
        ("Gunmen attacked villages in the countryside of Jableh on Friday.", "Jableh", "Latakia"),
        ("Shelling hit villages in rural Idlib overnight.", "Idlib", "Idlib"),
        ("قتل ثلاثة مدنيين في ريف حماة", "حماة", "Hama"),
    ]:
        [best, *_] = geocoder.lookup(name, text)
        assert (best.admin1, best.geo_precision) == (admin1, 2), text


def test_province_and_port_readings_of_one_name(geocoder: Geocoder) -> None:
    province = geocoder.lookup("Tartus", "Clashes were reported across Tartus province.")[0]
    port = geocoder.lookup("Tartus", "A boat was seized in the port of Tartus.")[0]
    assert (province.feature_type, province.geo_precision) == ("governorate", 3)
    assert port.feature_type in ("city", "town") and port.geo_precision == 1
    assert province.admin1 == port.admin1 == "Tartus"
    governorate = geocoder.lookup("حماة", "في محافظة حماة")[0]
    assert governorate.feature_type == "governorate"


def test_a_name_in_two_governorates_follows_the_other_places_in_the_text(geocoder: Geocoder) -> None:
    by_admin1: dict[str, set[str]] = {}
    for place in geocoder.places.values():
        if place.feature_type in (FeatureType.TOWN, FeatureType.VILLAGE, FeatureType.CITY):
            by_admin1.setdefault(place.name, set()).add(place.admin1 or "")
    shared = sorted(n for n, govs in by_admin1.items() if len(govs) >= 2 and len(n) > 4)
    assert shared, "the built-in data should hold at least one name used in two governorates"
    checked = 0
    for name in shared[:10]:
        for admin1 in sorted(by_admin1[name]):
            capital = next(
                p
                for p in geocoder.places.values()
                if p.feature_type is FeatureType.GOVERNORATE and p.admin1 == admin1
            )
            text = f"Residents of {name} fled toward {capital.name} after the attack."
            assert geocoder.lookup(name, text)[0].admin1 == admin1, text
            checked += 1
    assert checked >= 2


def test_unknown_village_is_unresolved_but_keeps_the_governorate_its_context_names(
    geocoder: Geocoder,
) -> None:
    for name, text, admin1 in [
        (
            "Khirbet Zanbaqiyeh",
            "Two men were shot in the village of Khirbet Zanbaqiyeh in rural Hama.",
            "Hama",
        ),
        (
            "Qutaylat al-Mawz",
            "A shepherd was killed near Qutaylat al-Mawz, in the Tartus countryside.",
            "Tartus",
        ),
    ]:
        [only] = geocoder.lookup(name, text)
        assert not only.resolved
        assert only.feature_type == "unresolved"
        assert (only.admin1, only.geo_precision) == (admin1, 2)
    assert geocoder.lookup("Zanbaqiyeh Fawqa") == []


def test_user_addition_is_found_by_its_spellings(builtin_store: Store) -> None:
    place = add_user_place(
        builtin_store,
        "Al-Qusour",
        FeatureType.NEIGHBOURHOOD,
        "Baniyas",
        name_ar="حي القصور",
        variants=["Qusour"],
    )
    assert place.admin1 == "Tartus"
    geocoder = Geocoder.from_store(builtin_store)
    for written in ("Hai Al Kusour", "al-Qusour", "القصور", "حي القصور"):
        best = geocoder.lookup(written, "in the Baniyas neighbourhood of " + written)[0]
        assert (best.name, best.feature_type, best.admin1) == ("Al-Qusour", "neighbourhood", "Tartus"), (
            written
        )
    assert [p.name for p in builtin_store.places(source="user")] == ["Al-Qusour"]


def test_ocha_admin_units_resolve_to_themselves(ocha_store: Store) -> None:
    geocoder = Geocoder.from_store(ocha_store)
    with open(shared_file("geo", "syr_admin_units.csv"), encoding="utf-8") as f:
        units = [r for r in csv.DictReader(f) if r["feature_type"] in ("district", "subdistrict")]
    assert len(units) == 334
    wrong_admin1, wrong_unit = [], []
    for r in units:
        admin1 = _admin1(r["admin1_pcode"])
        best = next(iter(geocoder.lookup(r["name_en"])), None)
        if best is None or best.admin1 != admin1:
            wrong_admin1.append(f"{r['pcode']} {r['name_en']}: {best.admin1 if best else None}")
        kind = FeatureType(r["feature_type"])
        unit = next(
            iter(geocoder.lookup(r["name_en"], f"{r['name_en']}, {admin1}", feature_types=[kind])), None
        )
        if unit is None or unit.pcode != r["pcode"]:
            wrong_unit.append(f"{r['pcode']} {r['name_en']}: {unit.pcode if unit else None}")
    # the bare name lands in its governorate, unless a bigger place elsewhere has the same name
    # (Suran in Aleppo vs the town of Suran in Hama): then the bigger place is the right first guess
    assert len(wrong_admin1) <= len(units) // 100, wrong_admin1
    # asked for that kind of unit, with its governorate named, the name finds exactly that unit
    assert wrong_unit == []


def _admin1(pcode: str) -> str:
    from marsad.geo.admin1 import BY_PCODE

    return BY_PCODE[pcode].name


def test_import_is_idempotent_and_enriches_builtin_rows(ocha_store: Store) -> None:
    before = ocha_store.gazetteer_stats()
    result = import_file(ocha_store, Path(shared_file("geo", "syr_admin_units.csv")))
    assert result.added == 0
    assert ocha_store.gazetteer_stats()["places"] == before["places"]
    districts = ocha_store.places(feature_type="district")
    assert len(districts) == 62
    assert all(d.pcode for d in districts)


def test_boundaries_place_points_in_governorates(ocha_store: Store) -> None:
    assert ocha_store.gazetteer_stats()["boundaries"] == 14
    place = add_user_place(
        ocha_store, "Test Farm", FeatureType.VILLAGE, None, latitude=35.14, longitude=36.75
    )
    assert place.admin1 == "Hama"


def test_geonames_dump_and_ocha_places_import(tmp_path: Path) -> None:
    with Store(str(tmp_path / "g.sqlite")) as store:
        from marsad.geo import ensure_builtin

        ensure_builtin(store)
        gn = import_file(store, DATA / "geo" / "geonames-sample.txt")
        assert (gn.format, gn.added) == (
            "geonames",
            2,
        )  # the mountain and the Lebanese town are not places we keep
        assert any("19" in s for s in gn.skipped)
        places = import_file(store, DATA / "geo" / "ocha-places-sample.csv")
        assert (places.format, places.added) == ("ocha-places", 2)
        assert places.skipped == ["line 4: needs a name, a P-code and a known admin1 P-code"]
        again = import_file(store, DATA / "geo" / "ocha-places-sample.csv")
        assert (again.added, again.updated) == (0, 2)
        geocoder = Geocoder.from_store(store)
        village = geocoder.lookup("قرية التجربة")[0]
        assert (village.name, village.admin1, village.feature_type) == (
            "Qaryat al-Tajriba",
            "Latakia",
            "village",
        )
        camp = geocoder.lookup("Amal camp")[0]
        assert (camp.feature_type, camp.admin1) == ("camp", "Idlib")
        community = geocoder.lookup("Dahr al-Tajriba")[0]
        assert (community.admin1, community.pcode, community.geo_precision) == ("Latakia", "C9901", 1)
