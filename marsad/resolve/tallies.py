"""Tallies as series, kept apart from incidents: who reported which cumulative figure for which
scope (place, community, period) on which date, and how the latest figure compares with the sum of
incidents documented in that scope and period (the "documented vs reported" gap).
"""

from __future__ import annotations

from typing import Any

from marsad.store import Store
from marsad.text.names import latin_key


def _reporter(tally: dict[str, Any]) -> str:
    """A named organisation the figure is credited to ("according to SOHR"), else the publisher.

    Generic attributions ("residents", "activists") do not name a reporter.
    """
    named = [a for a in tally.get("source_attribution") or [] if a[:1].isupper()]
    return named[0] if named else tally["source"]


# areas wider than a governorate that tallies name (the extractor places them on their first
# governorate), with the governorates whose incidents they count
REGIONS = {latin_key("Syrian coast"): ("Syrian coast", ("Latakia", "Tartus"))}


def _place(tally: dict[str, Any]) -> str | None:
    """A place finer than the governorate when the tally names one (a city, a district), else None."""
    location, admin1 = tally.get("location"), tally.get("admin1")
    if not location or (tally.get("geo_precision") or 3) >= 3:
        return None
    return None if latin_key(location) == latin_key(admin1 or "") else location


def _scope(tally: dict[str, Any]) -> tuple[str | None, str | None]:
    """(governorate, finer place), or (None, region) for a tally of a region such as the coast."""
    region = REGIONS.get(latin_key(tally.get("location") or ""))
    if region:
        return None, region[0]
    return tally.get("admin1"), _place(tally)


def _in_scope(incident: dict[str, Any], scope: dict[str, Any]) -> bool:
    if scope["admin1"] and incident.get("admin1") != scope["admin1"]:
        return False
    region = REGIONS.get(latin_key(scope["place"] or "")) if not scope["admin1"] else None
    if region:
        if incident.get("admin1") not in region[1]:
            return False
    elif scope["place"]:
        key = latin_key(scope["place"])
        if key not in {latin_key(incident.get("location") or ""), latin_key(incident.get("admin2") or "")}:
            return False
    # a tally of one community's dead is compared with the incidents whose victims are reported as such
    victims = set(incident.get("victim_community") or [])
    return not scope["community"] or bool(set(scope["community"]) & victims)


def _point_key(p: dict[str, Any]) -> tuple[Any, ...]:
    return (
        (p.get("published") or p.get("event_date") or "")[:10],
        p.get("event_date"),
        p["fatalities"],
        p["fatalities_high"],
    )


def _label(admin1: str | None, place: str | None, community: tuple[str, ...]) -> str:
    where = f"{place} ({admin1})" if place and admin1 else place or admin1 or "Syria"
    return f"{where} · {', '.join(community)}" if community else where


def tally_series(store: Store, admin1: str | None = None) -> list[dict[str, Any]]:
    """One series per (scope, reporter): its points in date order and the documented-vs-reported gap.

    A point without a death figure (a tally of abductions, say) is left out of the killed series.
    """
    series: dict[tuple[str | None, str | None, tuple[str, ...], str], list[dict[str, Any]]] = {}
    for t in store.tallies(admin1):
        if not (t.get("fatalities") or t.get("fatalities_high")):
            continue
        community = tuple(sorted(t.get("victim_community") or []))
        series.setdefault((*_scope(t), community, _reporter(t)), []).append(t)
    incidents = [i for i in store.incidents(limit=10**9) if i.get("status") not in ("rejected", "merged")]
    out = []
    for (gov, place, community, reporter), points in sorted(
        series.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or "", kv[0][2], kv[0][3])
    ):
        # syndicated copies repeat a point: the same figure for the same period, reported the same day
        copies: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        for p in points:
            copies.setdefault(_point_key(p), []).append(p)
        carried_by = sorted({p["source"] for p in points})
        points = [same[0] for same in copies.values()]
        latest = points[-1]
        start = latest.get("event_date")
        end = (latest.get("published") or latest.get("event_date") or "")[:10]
        scope = {"admin1": gov, "place": place, "community": community}
        documented = sum(
            i.get("fatalities") or 0
            for i in incidents
            if _in_scope(i, scope)
            and (not start or (i.get("date_start") or "") >= start)
            and (not end or (i.get("date_start") or "") <= end)
        )
        out.append(
            {
                "scope": _label(gov, place, community),
                "admin1": gov,
                "place": place,
                "community": list(community),
                "source": reporter,
                "published_by": carried_by,
                "points": [
                    {
                        "reported_on": (p.get("published") or p.get("event_date") or "")[:10],
                        "period_start": p.get("event_date"),
                        "fatalities": p["fatalities"],
                        "fatalities_high": p["fatalities_high"],
                        "location": p.get("location"),
                        "source": p["source"],
                        "document_id": p.get("doc"),
                        "copies": len(copies[_point_key(p)]),
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
