"""Tallies as series, kept apart from incidents: who reported which cumulative figure for which
scope on which date, and how the latest figure compares with the incidents documented in that scope.
"""

from __future__ import annotations

from typing import Any

from marsad.store import Store


def tally_series(store: Store, admin1: str | None = None) -> list[dict[str, Any]]:
    """One series per (scope, source): its points in date order and the documented-vs-reported gap."""
    series: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for t in store.tallies(admin1):
        scope = t.get("admin1") or "Syria"
        series.setdefault((scope, t["source"]), []).append(t)
    incidents = [i for i in store.incidents(limit=10**9) if i.get("status") not in ("rejected", "merged")]
    out = []
    for (scope, source), points in sorted(series.items()):
        latest = points[-1]
        start, end = (
            latest.get("event_date"),
            (latest.get("published") or latest.get("event_date") or "")[:10],
        )
        documented = sum(
            i.get("fatalities") or 0
            for i in incidents
            if (scope == "Syria" or i.get("admin1") == scope)
            and (not start or (i.get("date_start") or "") >= start)
            and (not end or (i.get("date_start") or "") <= end)
        )
        out.append(
            {
                "scope": scope,
                "source": source,
                "points": [
                    {
                        "reported_on": (p.get("published") or p.get("event_date") or "")[:10],
                        "period_start": p.get("event_date"),
                        "fatalities": p["fatalities"],
                        "fatalities_high": p["fatalities_high"],
                        "location": p.get("location"),
                        "evidence": p.get("evidence"),
                    }
                    for p in points
                ],
                "latest": latest["fatalities"],
                "documented_in_scope": documented,
                "gap": latest["fatalities"] - documented,
            }
        )
    return out
