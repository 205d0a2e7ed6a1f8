"""Keeping the gazetteer in the store: built-in data, user additions, admin fields from geometry."""

from __future__ import annotations

import math
from typing import Any

from marsad.errors import NotFoundError, UsageError
from marsad.geo import builtin
from marsad.geo.admin1 import BY_NAME
from marsad.ids import new_id
from marsad.model import FeatureType, Place
from marsad.store import Store
from marsad.text.names import name_keys

ADMIN_TYPES = (FeatureType.GOVERNORATE, FeatureType.DISTRICT, FeatureType.SUBDISTRICT)
USER_SOURCE = "user"


def ensure_builtin(store: Store) -> bool:
    """Load (or refresh) the built-in gazetteer; True when it was (re)loaded."""
    if builtin.is_current(store.kv_get(builtin.KV_KEY)):
        return False
    curated = builtin.curated_places()
    ids = store.place_ids(builtin.SOURCE)
    for place, _parent in curated:
        place.id = ids.get(place.source_key) or new_id()
    by_key = {p.source_key: p for p, _ in curated}
    for place, parent in curated:
        place.parent_id = by_key[parent].id if parent else None
    towns, merged = builtin.geonames_places([p for p, _ in curated])
    governorates = {p.admin1: p.id for p, _ in curated if p.feature_type is FeatureType.GOVERNORATE}
    for town in towns:
        town.parent_id = governorates.get(town.admin1)
    for place, _ in curated:
        place.variants.extend(n for n in merged.get(place.source_key, []) if n not in place.variants)
    places = [p for p, _ in curated] + towns
    store.save_places(places, action="geo.builtin", details={"version": builtin.BUILTIN_VERSION})
    derive_admin(store)
    store.kv_set(builtin.KV_KEY, builtin.BUILTIN_VERSION)
    return True


def find_within(store: Store, name: str) -> Place:
    """The place a user means by ``--within``: an exact name match, admin units and cities first."""
    keys = set(name_keys(name))
    rank = {FeatureType.GOVERNORATE: 3, FeatureType.CITY: 0, FeatureType.DISTRICT: 1, FeatureType.TOWN: 2}
    matches = [p for p in store.places() if keys & {k for n in p.all_names for k in name_keys(n)}]
    if not matches:
        raise NotFoundError(f"no place named {name!r} in the gazetteer (see `marsad geo list`)")
    matches.sort(key=lambda p: (rank.get(p.feature_type, 4), -(p.population or 0)))
    return matches[0]


def add_user_place(
    store: Store,
    name: str,
    feature_type: FeatureType,
    within: str | None,
    *,
    name_ar: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    variants: list[str] | None = None,
    population: int | None = None,
) -> Place:
    """A place the user knows and the gazetteer lacks (a neighbourhood, a camp, a checkpoint)."""
    if not name.strip():
        raise UsageError("the place needs a name")
    if (latitude is None) != (longitude is None):
        raise UsageError("give both --lat and --lon, or neither")
    if latitude is not None and not (32.0 <= latitude <= 37.5 and 35.5 <= longitude <= 42.5):  # type: ignore[operator]
        raise UsageError(f"{latitude}, {longitude} is outside Syria")
    if within:
        parent = find_within(store, within)
    elif latitude is not None:
        parent = governorate_at(store, latitude, longitude)  # type: ignore[arg-type]
    else:
        raise UsageError("say where the place is: --within PLACE, or --lat and --lon")
    place = Place(
        source=USER_SOURCE,
        source_key=f"{parent.id}:{name.strip().casefold()}",
        name=name.strip(),
        name_ar=name_ar,
        feature_type=feature_type,
        variants=list(variants or []),
        parent_id=parent.id,
        admin1=parent.admin1,
        admin1_code=parent.admin1_code,
        admin2=parent.admin2 if parent.feature_type is not FeatureType.DISTRICT else parent.name,
        admin3=parent.admin3 if parent.feature_type is not FeatureType.SUBDISTRICT else parent.name,
        latitude=latitude if latitude is not None else parent.latitude,
        longitude=longitude if longitude is not None else parent.longitude,
        population=population,
        created_by=store.actor,
    )
    store.save_places([place], action="geo.add", details={"name": place.name, "within": parent.id})
    return place


def governorate_at(store: Store, latitude: float, longitude: float) -> Place:
    """The governorate whose imported boundary contains a point."""
    polygons = _polygons(store)
    if not polygons:
        raise UsageError(
            "no boundaries imported: give --within, or run `marsad geo import` with "
            "governorate polygons (GeoJSON) first"
        )
    name = _containing(polygons, longitude, latitude)
    if name is None:
        raise UsageError(f"{latitude}, {longitude} is inside no imported governorate boundary")
    return next(p for p in store.places(feature_type=str(FeatureType.GOVERNORATE)) if p.admin1 == name)


def _km(a: Place, b: Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))  # type: ignore[arg-type]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def derive_admin(store: Store, max_km: float = 40.0) -> int:
    """Fill admin1 from boundaries, then admin2/admin3 from the nearest district/subdistrict point.

    Towns from GeoNames or users come without districts; the nearest subdistrict (else district)
    representative point in the same governorate is a fair guess, and is only used when no source
    gave one. Returns how many places changed.
    """
    places = store.places()
    changes: dict[str, dict[str, Any]] = {}
    polygons = _polygons(store)
    if polygons:
        for p in places:
            if p.latitude is None or p.feature_type in ADMIN_TYPES:
                continue
            gov = _containing(polygons, p.longitude, p.latitude)  # type: ignore[arg-type]
            if gov is not None and gov != p.admin1 and gov.lower() in BY_NAME:
                g = BY_NAME[gov.lower()]
                changes.setdefault(p.id, {})  # type: ignore[arg-type]
                changes[p.id].update(admin1=g.name, admin1_code=g.iso, admin2=None, admin3=None)  # type: ignore[index]
                p.admin1, p.admin1_code, p.admin2, p.admin3 = g.name, g.iso, None, None
    for kind, field in ((FeatureType.SUBDISTRICT, "admin3"), (FeatureType.DISTRICT, "admin2")):
        units = [u for u in places if u.feature_type is kind and u.latitude is not None]
        for p in places:
            if p.feature_type in ADMIN_TYPES or p.latitude is None or getattr(p, field):
                continue
            near = [(u, _km(p, u)) for u in units if u.admin1 == p.admin1]
            if not near:
                continue
            unit, dist = min(near, key=lambda x: x[1])
            if dist > max_km:
                continue
            update = {field: unit.name}
            if kind is FeatureType.SUBDISTRICT and not p.admin2:
                update["admin2"] = unit.admin2
                p.admin2 = unit.admin2
            setattr(p, field, unit.name)
            changes.setdefault(p.id, {}).update(update)  # type: ignore[arg-type]
    if changes:
        store.update_place_admin([{"id": pid, **vals} for pid, vals in changes.items()])
    return len(changes)


def _polygons(store: Store) -> list[tuple[str, Any]]:
    rows = store.boundaries()
    if not rows:
        return []
    from shapely.geometry import shape
    from shapely.prepared import prep

    by_id = {p.id: p for p in store.places(feature_type=str(FeatureType.GOVERNORATE))}
    return [(by_id[pid].admin1, prep(shape(geom))) for pid, geom in rows if pid in by_id]


def _containing(polygons: list[tuple[str, Any]], lon: float, lat: float) -> str | None:
    from shapely.geometry import Point

    pt = Point(lon, lat)
    for name, poly in polygons:
        if poly.contains(pt):
            return name
    return None
