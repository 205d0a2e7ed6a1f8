"""Importing lists: the gazetteer is loaded only when a row names a place of death."""

from __future__ import annotations

from pathlib import Path

from marsad.geo import builtin
from marsad.link.importer import LazyGeocoder, import_victims
from marsad.store import Store
from tests.link.conftest import LINK_DATA


def test_a_list_without_places_does_not_load_the_gazetteer(tmp_path: Path) -> None:
    no_places = tmp_path / "names_only.csv"
    no_places.write_text(
        "record_id,full_name,sex,date_of_death\nN1,Samir Adel Haddad,male,2012-08-20\n", encoding="utf-8"
    )
    with Store(str(tmp_path / "m.sqlite")) as store:
        geocoder = LazyGeocoder(store)
        res = import_victims(store, no_places, "Committee", geocoder=geocoder, rejects=tmp_path / "r.csv")
        assert res.added == 1
        assert not geocoder.loaded
        assert store.kv_get(builtin.KV_KEY) is None  # the built-in gazetteer was not even installed
        # a list that names places loads it once, and its places are geocoded
        res = import_victims(store, LINK_DATA / "hard_a.csv", "List A", geocoder=geocoder)
        assert res.added == 4 and geocoder.loaded
        admin1 = {r["admin1"] for r in store.victims(source="List A", limit=10)}
        assert admin1 == {"Tartus", "Latakia"}  # Baniyas, Jableh
