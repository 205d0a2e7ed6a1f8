"""Importers for gazetteers users download themselves, found by format name in ``importers``.

An imported admin unit that the gazetteer already has (same kind, same governorate, a shared
name) enriches that row (P-code, spellings, coordinates) instead of duplicating it; everything
else becomes a new place. Re-importing the same file updates rows, never adds them twice.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.errors import UsageError
from marsad.geo.admin1 import BY_GEONAMES, BY_ISO, BY_NAME, BY_PCODE, Governorate
from marsad.geo.gazetteer import derive_admin
from marsad.ids import new_id
from marsad.model import FeatureType, Place
from marsad.registry import Registry
from marsad.store import Store
from marsad.text.names import name_keys


@dataclass
class ImportResult:
    format: str
    added: int = 0
    updated: int = 0
    boundaries: int = 0
    skipped: list[str] = field(default_factory=list)  # "line 7: reason"


Importer = Callable[[Store, Path], ImportResult]
importers: Registry[Importer] = Registry("gazetteer format")


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text") from None


def _csv_rows(path: Path, required: set[str]) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(_read_text(path)))
    columns = set(reader.fieldnames or [])
    missing = required - columns
    if missing:
        raise UsageError(
            f"{path}: missing column(s) {', '.join(sorted(missing))} "
            f"(found: {', '.join(sorted(columns)) or 'none'})"
        )
    return list(reader)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    f = _float(value)
    return int(f) if f is not None else None


class _Matcher:
    """Finds the existing place an imported unit is the same as."""

    def __init__(self, store: Store) -> None:
        self.places = store.places()
        self.by_id = {p.id: p for p in self.places}
        self.governorates = {p.admin1: p for p in self.places if p.feature_type is FeatureType.GOVERNORATE}
        self.by_pcode = {p.pcode: p for p in self.places if p.pcode}
        self.keys = {p.id: {k for n in p.all_names for k in name_keys(n)[:1]} for p in self.places}

    def same(
        self, kind: FeatureType, admin1: str, names: list[str], admin2: str | None = None
    ) -> Place | None:
        keys = {k for n in names for k in name_keys(n)[:1]}
        for p in self.places:
            if p.feature_type is not kind or p.admin1 != admin1:
                continue
            if admin2 is not None and kind is FeatureType.SUBDISTRICT and p.admin2 and p.admin2 != admin2:
                continue
            if keys & self.keys[p.id]:
                return p
        return None


def _merge(existing: Place, incoming: Place) -> Place:
    """The existing row, enriched with what the import knows and it lacked."""
    existing.variants.extend(n for n in incoming.all_names if n not in existing.all_names)
    existing.pcode = existing.pcode or incoming.pcode
    if existing.latitude is None:
        existing.latitude, existing.longitude = incoming.latitude, incoming.longitude
    existing.population = existing.population or incoming.population
    return existing


@importers.register("ocha-admin")
def import_ocha_admin(store: Store, path: Path) -> ImportResult:
    """OCHA COD admin units as one CSV: pcode, name_en, name_ar, alt_names, feature_type, parents, point."""
    rows = _csv_rows(
        path, {"pcode", "name_en", "name_ar", "feature_type", "admin1_pcode", "latitude", "longitude"}
    )
    result = ImportResult("ocha-admin")
    match = _Matcher(store)
    existing_ids = store.place_ids("ocha-cod")
    by_pcode: dict[str, Place] = {}
    out: list[Place] = []
    order = {"governorate": 0, "district": 1, "subdistrict": 2}
    for line, row in sorted(enumerate(rows, start=2), key=lambda x: order.get(x[1]["feature_type"], 3)):
        kind_name = row["feature_type"].strip().lower()
        if kind_name not in order:
            result.skipped.append(
                f"line {line}: feature_type {kind_name!r} is not governorate/district/subdistrict"
            )
            continue
        kind = FeatureType(kind_name)
        gov = BY_PCODE.get(row["admin1_pcode"].strip())
        if gov is None:
            result.skipped.append(f"line {line}: unknown admin1_pcode {row['admin1_pcode']!r}")
            continue
        names = [
            row["name_en"].strip(),
            *[a.strip() for a in (row.get("alt_names") or "").split(";") if a.strip()],
        ]
        incoming = Place(
            source="ocha-cod",
            source_key=row["pcode"].strip(),
            name=row["name_en"].strip(),
            name_ar=row["name_ar"].strip() or None,
            feature_type=kind,
            variants=[n for n in names[1:] if n != row["name_en"].strip()],
            admin1=gov.name,
            admin1_code=gov.iso,
            pcode=row["pcode"].strip(),
            latitude=_float(row["latitude"]),
            longitude=_float(row["longitude"]),
            population=_int(row.get("population")),
        )
        parent_pcode = (
            (row.get("admin2_pcode") or "").strip() if kind is FeatureType.SUBDISTRICT else gov.pcode
        )
        parent = by_pcode.get(parent_pcode) or match.by_pcode.get(parent_pcode)
        if kind is FeatureType.GOVERNORATE:
            place = (
                _merge(match.governorates[gov.name], incoming) if gov.name in match.governorates else incoming
            )
        else:
            admin2 = parent.name if parent is not None and kind is FeatureType.SUBDISTRICT else None
            same = match.by_pcode.get(incoming.pcode) or match.same(
                kind, gov.name, incoming.all_names, admin2
            )
            place = _merge(same, incoming) if same is not None else incoming
            if kind is FeatureType.DISTRICT:
                place.admin2 = place.admin2 or place.name
                place.parent_id = place.parent_id or (
                    match.governorates.get(gov.name).id if gov.name in match.governorates else None
                )
            else:
                place.admin2 = place.admin2 or (parent.name if parent else (row.get("admin2_en") or None))
                place.admin3 = place.admin3 or place.name
                place.parent_id = place.parent_id or (parent.id if parent else None)
        if place.id is None:
            place.id = existing_ids.get(place.source_key) or new_id()
        by_pcode[incoming.pcode] = place  # type: ignore[index]
        out.append(place)
    result.added, result.updated = store.save_places(
        out, action="geo.import", details={"format": "ocha-admin", "file": str(path)}
    )
    derive_admin(store)
    return result


def _pick(row: dict[str, str], *names: str) -> str:
    lowered = {k.lower(): v for k, v in row.items() if k}
    for n in names:
        if n.lower() in lowered and lowered[n.lower()]:
            return lowered[n.lower()].strip()
    return ""


@importers.register("ocha-places")
def import_ocha_places(store: Store, path: Path) -> ImportResult:
    """OCHA populated places (admin4 communities and neighbourhoods) as CSV."""
    text = _read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    cols = {c.lower() for c in reader.fieldnames or []}
    need = [
        ("admin4name_en", "name_en"),
        ("admin4pcode", "pcode"),
        ("latitude", "lat", "y"),
        ("longitude", "lon", "long", "x"),
        ("admin1pcode", "admin1_pcode"),
    ]
    missing = [alts[0] for alts in need if not cols & set(alts)]
    if missing:
        raise UsageError(f"{path}: missing column(s) {', '.join(missing)} for OCHA populated places")
    result = ImportResult("ocha-places")
    match = _Matcher(store)
    existing = store.place_ids("ocha-places")
    out: list[Place] = []
    for line, row in enumerate(reader, start=2):
        gov = BY_PCODE.get(_pick(row, "admin1Pcode", "admin1_pcode"))
        name = _pick(row, "admin4Name_en", "name_en")
        pcode = _pick(row, "admin4Pcode", "pcode")
        if gov is None or not name or not pcode:
            result.skipped.append(f"line {line}: needs a name, a P-code and a known admin1 P-code")
            continue
        parent = (
            match.by_pcode.get(_pick(row, "admin3Pcode", "admin3_pcode"))
            or match.by_pcode.get(_pick(row, "admin2Pcode", "admin2_pcode"))
            or match.governorates.get(gov.name)
        )
        kind = (
            FeatureType.NEIGHBOURHOOD
            if "neighbo" in _pick(row, "type", "feature_type").lower()
            else FeatureType.VILLAGE
        )
        out.append(
            Place(
                id=existing.get(pcode) or new_id(),
                source="ocha-places",
                source_key=pcode,
                name=name,
                name_ar=_pick(row, "admin4Name_ar", "name_ar") or None,
                feature_type=kind,
                parent_id=parent.id if parent else None,
                admin1=gov.name,
                admin1_code=gov.iso,
                admin2=_pick(row, "admin2Name_en", "admin2_en") or None,
                admin3=_pick(row, "admin3Name_en", "admin3_en") or None,
                pcode=pcode,
                latitude=_float(_pick(row, "latitude", "lat", "y")),
                longitude=_float(_pick(row, "longitude", "lon", "long", "x")),
            )
        )
    result.added, result.updated = store.save_places(
        out, action="geo.import", details={"format": "ocha-places", "file": str(path)}
    )
    derive_admin(store)
    return result


_GEONAMES_CODES = {
    "PPLC": FeatureType.CITY,
    "PPLA": FeatureType.CITY,
    "PPLA2": FeatureType.TOWN,
    "PPLA3": FeatureType.TOWN,
    "PPL": FeatureType.VILLAGE,
    "PPLX": FeatureType.NEIGHBOURHOOD,
    "PPLL": FeatureType.VILLAGE,
    "PPLF": FeatureType.VILLAGE,
    "PPLQ": FeatureType.VILLAGE,
}


@importers.register("geonames")
def import_geonames(store: Store, path: Path) -> ImportResult:
    """A GeoNames country dump (``SY.txt``: 19 tab-separated columns); populated places and camps."""
    result = ImportResult("geonames")
    match = _Matcher(store)
    existing = store.place_ids("geonames")
    out: list[Place] = []
    for line, raw in enumerate(_read_text(path).splitlines(), start=1):
        if not raw.strip():
            continue
        cols = raw.split("\t")
        if len(cols) != 19:
            result.skipped.append(f"line {line}: {len(cols)} columns, a GeoNames dump has 19")
            if len(result.skipped) > 20 and not out:
                raise UsageError(f"{path} is not a GeoNames dump (lines of 19 tab-separated columns)")
            continue
        gid, name, ascii_name, alternates, lat, lon, fclass, fcode, country = cols[:9]
        if country != "SY" or fclass not in ("P", "S") or (fclass == "S" and fcode != "CMPRF"):
            continue
        gov = BY_GEONAMES.get(cols[10])
        if gov is None:
            result.skipped.append(f"line {line}: unknown admin1 code {cols[10]!r}")
            continue
        alts = [a for a in alternates.split(",") if a]
        arabic = [a for a in alts if any("\u0600" <= ch <= "\u06ff" for ch in a)]
        latin = [a for a in alts if all(ord(ch) < 0x0400 for ch in a)]
        kind = FeatureType.CAMP if fcode == "CMPRF" else _GEONAMES_CODES.get(fcode, FeatureType.VILLAGE)
        pop = _int(cols[14]) or None
        if kind is FeatureType.VILLAGE and pop and pop >= 20_000:
            kind = FeatureType.TOWN
        out.append(
            Place(
                id=existing.get(gid) or new_id(),
                source="geonames",
                source_key=gid,
                name=name,
                name_ar=arabic[0] if arabic else None,
                feature_type=kind,
                variants=[v for v in dict.fromkeys([ascii_name, *latin, *arabic[1:]]) if v and v != name],
                parent_id=match.governorates[gov.name].id if gov.name in match.governorates else None,
                admin1=gov.name,
                admin1_code=gov.iso,
                latitude=_float(lat),
                longitude=_float(lon),
                population=pop,
            )
        )
    result.added, result.updated = store.save_places(
        out, action="geo.import", details={"format": "geonames", "file": str(path)}
    )
    derive_admin(store)
    return result


def _governorate_of(props: dict[str, Any]) -> Governorate | None:
    lowered = {k.lower(): v for k, v in props.items()}
    for key in ("adm1_pcode", "admin1pcode", "pcode"):
        if isinstance(lowered.get(key), str) and lowered[key] in BY_PCODE:
            return BY_PCODE[lowered[key]]
    for key in ("iso", "iso_code", "shapeiso", "admin1_code"):
        if isinstance(lowered.get(key), str) and lowered[key] in BY_ISO:
            return BY_ISO[lowered[key]]
    for key in ("adm1_en", "name", "name_en", "shapename", "admin1name_en"):
        value = lowered.get(key)
        if isinstance(value, str):
            keys = set(name_keys(value))
            for g in BY_NAME.values():
                if keys & set(name_keys(g.name)):
                    return g
    return None


@importers.register("geojson")
def import_geojson(store: Store, path: Path) -> ImportResult:
    """Governorate boundary polygons (GeoJSON FeatureCollection); places get admin1 from them."""
    from shapely.geometry import shape

    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise UsageError(f"{path} is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise UsageError(f"{path} is not a GeoJSON FeatureCollection")
    result = ImportResult("geojson")
    govs = {p.admin1: p for p in store.places(feature_type=str(FeatureType.GOVERNORATE))}
    rows = []
    for n, feature in enumerate(data.get("features") or [], start=1):
        gov = _governorate_of(feature.get("properties") or {})
        geometry = feature.get("geometry")
        if gov is None or gov.name not in govs or not geometry:
            result.skipped.append(f"feature {n}: no governorate P-code, ISO code or name recognised")
            continue
        try:
            shape(geometry)
        except Exception as exc:  # shapely raises several types for broken geometry
            result.skipped.append(f"feature {n}: invalid geometry ({exc})")
            continue
        rows.append((govs[gov.name].id, f"{path.name}", geometry))
    if rows:
        store.set_boundaries(rows)
    result.boundaries = len(rows)
    derive_admin(store)
    return result


def detect_format(path: Path) -> str:
    """Guess the format from the file name and first line."""
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        return "geojson"
    head = _read_text(path).split("\n", 1)[0]
    if suffix == ".txt" or head.count("\t") >= 18:
        return "geonames"
    lowered = head.lower()
    if "admin4" in lowered:
        return "ocha-places"
    if "pcode" in lowered and "feature_type" in lowered:
        return "ocha-admin"
    raise UsageError(f"cannot tell the format of {path}; pass --format ({', '.join(importers)})")


def import_file(store: Store, path: Path, fmt: str | None = None) -> ImportResult:
    if not path.is_file():
        raise UsageError(f"{path} does not exist or is not a file")
    fmt = fmt or detect_format(path)
    if fmt not in importers:
        raise UsageError(f"unknown format {fmt!r} (known: {', '.join(importers)})")
    return importers.get(fmt)(store, path)
