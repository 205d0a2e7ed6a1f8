"""One row per input record with the person it was linked to (latest run)."""

from __future__ import annotations

from typing import Any

from marsad.link.errors import NoLinkageRun

COLUMNS = [
    "source",
    "source_record_id",
    "line",
    "person_id",
    "match_probability",
    "person_sources",
    "full_name",
    "sex",
    "age",
    "birth_year",
    "date_of_death",
    "place_of_death",
    "admin1",
    "victim_id",
]


def export_rows(store: Any) -> list[dict[str, Any]]:
    run = store.latest_link_run()
    if run is None:
        raise NoLinkageRun("no linkage has been run yet: run `marsad victims link` first")
    members = store.link_members(run["id"])
    sources: dict[str, set[str]] = {}
    for m in members:
        sources.setdefault(m["person_id"], set()).add(m["source"])
    return [
        {
            **m,
            "source_record_id": m["record_id"],
            "match_probability": "" if m["match_probability"] is None else round(m["match_probability"], 6),
            "person_sources": ";".join(sorted(sources[m["person_id"]])),
        }
        for m in members
    ]
