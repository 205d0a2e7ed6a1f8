"""Incident exports (CSV, GeoJSON, HXL, JSON Lines, Parquet).

Each format is a function registered by name, so adding one edits no caller.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO, TextIO

from marsad.registry import Registry

# ACLED's 31 columns, in ACLED's order; ours follow them.
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
MARSAD_COLUMNS = (
    "fatalities_low",
    "fatalities_high",
    "injured",
    "displaced",
    "victim_community",
    "n_sources",
    "marsad_id",
)

_DISORDER = {
    "Violence against civilians": "Political violence",
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Riots": "Political violence; Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}

Exporter = Callable[[Iterable[dict[str, Any]], TextIO], int]
exporters: Registry[Exporter] = Registry("export format")


def _precision(incident: dict[str, Any]) -> int:
    start, end = incident.get("date_start"), incident.get("date_end")
    if start and end and start != end:
        days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days
        return 2 if days <= 7 else 3
    return 1


def acled_row(i: dict[str, Any]) -> dict[str, Any]:
    """One incident as ACLED's columns (where Marsad knows them) plus Marsad's own."""
    date = i.get("date_start") or ""
    sources = i.get("sources") or []
    notes = (
        "; ".join(f"According to {', '.join(i.get('attributed_to') or sources)}" for _ in [0])
        if sources
        else ""
    )
    return {
        "event_id_cnty": f"SYR-{i['id']}",
        "event_date": date,
        "year": date[:4],
        "time_precision": _precision(i),
        "disorder_type": _DISORDER.get(i.get("event_type") or "", ""),
        "event_type": i.get("event_type"),
        "sub_event_type": i.get("sub_event_type"),
        "actor1": "; ".join(i.get("actors") or []),
        "assoc_actor_1": "",
        "inter1": "",
        "actor2": "Civilians (Syria)" if i.get("event_type") == "Violence against civilians" else "",
        "assoc_actor_2": "; ".join(i.get("victim_community") or []),
        "inter2": "",
        "interaction": "",
        "civilian_targeting": "Civilian targeting"
        if i.get("event_type") == "Violence against civilians"
        else "",
        "iso": 760,
        "region": "Middle East",
        "country": "Syria",
        "admin1": i.get("admin1") or "",
        "admin2": i.get("admin2") or "",
        "admin3": "",
        "location": i.get("location") or "",
        "latitude": i.get("latitude"),
        "longitude": i.get("longitude"),
        "geo_precision": i.get("geo_precision"),
        "source": "; ".join(sources),
        "source_scale": "",
        "notes": notes,
        "fatalities": i.get("fatalities"),
        "tags": "",
        "timestamp": int(dt.datetime.now(dt.UTC).timestamp()),
        "fatalities_low": i.get("fatalities_low"),
        "fatalities_high": i.get("fatalities_high"),
        "injured": i.get("injured"),
        "displaced": i.get("displaced"),
        "victim_community": "; ".join(i.get("victim_community") or []),
        "n_sources": i.get("n_sources"),
        "marsad_id": i["id"],
    }


@exporters.register("acled-csv")
def export_acled(incidents: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=[*ACLED_COLUMNS, *MARSAD_COLUMNS])
    writer.writeheader()
    n = 0
    for i in incidents:
        writer.writerow(acled_row(i))
        n += 1
    return n


_HXL = (
    ("event_date", "#date"),
    ("event_type", "#event+type"),
    ("sub_event_type", "#event+type+sub"),
    ("admin1", "#adm1+name"),
    ("admin1_code", "#adm1+code"),
    ("admin2", "#adm2+name"),
    ("location", "#loc+name"),
    ("latitude", "#geo+lat"),
    ("longitude", "#geo+lon"),
    ("fatalities", "#affected+killed"),
    ("fatalities_low", "#affected+killed+min"),
    ("fatalities_high", "#affected+killed+max"),
    ("injured", "#affected+injured"),
    ("displaced", "#affected+displaced"),
    ("source", "#meta+source"),
    ("marsad_id", "#meta+id"),
)


@exporters.register("hxl-csv")
def export_hxl(incidents: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow([c for c, _ in _HXL])
    writer.writerow([tag for _, tag in _HXL])
    n = 0
    for i in incidents:
        row = {
            **i,
            "event_date": i.get("date_start"),
            "source": "; ".join(i.get("sources") or []),
            "marsad_id": i["id"],
        }
        writer.writerow(["" if row.get(c) is None else row.get(c) for c, _ in _HXL])
        n += 1
    return n


@exporters.register("geojson")
def export_geojson(incidents: Iterable[dict[str, Any]], out: TextIO) -> int:
    features = []
    for i in incidents:
        props = {k: v for k, v in i.items() if k not in ("latitude", "longitude", "claims")}
        geometry = None
        if i.get("latitude") is not None and i.get("longitude") is not None:
            geometry = {"type": "Point", "coordinates": [i["longitude"], i["latitude"]]}
        features.append({"type": "Feature", "id": i["id"], "geometry": geometry, "properties": props})
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


@exporters.register("jsonl")
def export_jsonl(incidents: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for i in incidents:
        out.write(json.dumps(i, ensure_ascii=False) + "\n")
        n += 1
    return n


_PARQUET_TYPES = {
    "time_precision": "int8",
    "iso": "int16",
    "latitude": "float64",
    "longitude": "float64",
    "geo_precision": "int8",
    "fatalities": "int64",
    "timestamp": "int64",
    "fatalities_low": "int64",
    "fatalities_high": "int64",
    "injured": "int64",
    "displaced": "int64",
    "n_sources": "int32",
}
# formats that write bytes, not text
BINARY = {"parquet"}


@exporters.register("parquet")
def export_parquet(incidents: Iterable[dict[str, Any]], out: BinaryIO) -> int:  # type: ignore[override]
    """The ACLED-style columns with real types (integers stay integers, missing stays null)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = [
        pa.field(c, pa.type_for_alias(_PARQUET_TYPES.get(c, "string")))
        for c in (*ACLED_COLUMNS, *MARSAD_COLUMNS)
    ]
    rows = []
    for i in incidents:
        row = acled_row(i)
        rows.append({f.name: _typed(row[f.name], f.type) for f in fields})
    pq.write_table(pa.Table.from_pylist(rows, schema=pa.schema(fields)), out)
    return len(rows)


def _typed(value: Any, kind: Any) -> Any:
    if value is None or value == "":
        return None
    import pyarrow as pa

    if pa.types.is_string(kind):
        return str(value)
    return value


def write_export(
    fmt: str, incidents: Iterable[dict[str, Any]], out: TextIO | BinaryIO | None = None
) -> tuple[str | bytes, int]:
    """Run one exporter; returns the text or bytes (when no stream is given) and the number of incidents.

    Text formats take a text stream, the formats in ``BINARY`` a binary one.
    """
    exporter = exporters.get(fmt)
    buffer: Any = out if out is not None else (io.BytesIO() if fmt in BINARY else io.StringIO())
    n = exporter(incidents, buffer)
    return (buffer.getvalue() if out is None else ""), n
