"""Public exports: what a testimony says may be published, but not where and when exactly.

An incident known only from testimonies (sensitive documents) could point at the witness: the
village and the day narrow the circle of people who saw it. ``--public`` coarsens those incidents to
their district (or governorate) and ISO week, drops coordinates and leaves out the sources' names.
Incidents reported by public sources are exported as they are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def coarsen(incident: dict[str, Any]) -> dict[str, Any]:
    """The incident at district/governorate and week level, without coordinates or source names."""
    out = dict(incident)
    place = incident.get("admin2") or incident.get("admin1")
    out.update(
        location=place,
        latitude=None,
        longitude=None,
        geo_precision=2 if incident.get("admin2") else 3,
        sources=["testimony"],
        attributed_to=[],
        actors=incident.get("actors") or [],
    )
    out.pop("claims", None)
    for key in ("date_start", "date_end"):
        day = _day(incident.get(key))
        if day is not None:
            monday = day - dt.timedelta(days=day.weekday())
            out[key] = (monday if key == "date_start" else monday + dt.timedelta(days=6)).isoformat()
    out["public_coarsened"] = True
    return out


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
