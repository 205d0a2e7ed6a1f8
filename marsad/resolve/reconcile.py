"""One incident's fields from its reports' claims, by the conventions (§3).

Within one source the latest document's figure wins (an update; documents that name no source are
each a source of their own); across sources the best figure is the lowest credible one (ACLED's
conservative rule), the low the lowest low, the high the highest stated figure (a claim with no upper
bound, "at least 30", does not open the range when others give one). Every claim stays listed with
its source, document, figure and evidence span.
"""

from __future__ import annotations

from collections import Counter
from typing import Any


def _latest_per_source(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    latest: dict[str, dict[str, Any]] = {}
    for c in sorted(claims, key=lambda c: (c.get("published") or "", c["report_id"])):
        # documents that name no source are not one reporter updating itself: each stands alone
        latest[c["source"] if c.get("source_stated", True) else f"document:{c['document_id']}"] = c
    return list(latest.values())


# event types whose 0 killed is a default for "no deaths mentioned", not a statement that none died
_NON_LETHAL_TYPES = frozenset(("Strategic developments", "Protests", "Riots"))
_NON_LETHAL_SUBTYPES = frozenset(
    ("Looting/property destruction", "Abduction/forced disappearance", "Arrests", "Disrupted weapons use")
)


def _speaks_of_deaths(claim: dict[str, Any]) -> bool:
    """False for a claim whose 0 killed is the conventions' default, not a statement: a non-lethal
    event, or a report of injuries alone ("60 wounded were treated overnight")."""
    if claim.get("injured") and not claim["fatalities"]:
        return False
    return (
        claim["event_type"] not in _NON_LETHAL_TYPES and claim["sub_event_type"] not in _NON_LETHAL_SUBTYPES
    )


def _figure(claims: list[dict[str, Any]], key: str) -> int | None:
    values = [c[key] for c in claims if c.get(key) is not None]
    return min(values) if values else None


def reconcile(claims: list[dict[str, Any]]) -> dict[str, Any]:
    """The incident record for a non-empty list of claims (report dicts with source and published)."""
    current = _latest_per_source(claims)
    # a claim that gives no figure at all (0, open) does not pull down one that does, nor does the
    # 0 of a looting or abduction report that never spoke of deaths (conventions §3)
    informative = [
        c for c in current if c["fatalities"] or (c["fatalities_high"] is not None and _speaks_of_deaths(c))
    ]
    counted = informative or current
    best = min(c["fatalities"] for c in counted)
    low = min(c["fatalities_low"] for c in counted)
    stated = [v for c in counted for v in (c["fatalities_high"], c["fatalities"]) if v is not None]
    high = max(stated) if stated else None
    types = Counter((c["event_type"], c["sub_event_type"]) for c in claims)
    (event_type, sub_event_type), _ = max(types.items(), key=lambda kv: (kv[1], kv[0]))
    place = min(claims, key=lambda c: (c.get("geo_precision") or 3, c["report_id"]))
    dates = sorted(c["event_date"] for c in claims if c.get("event_date"))
    sources = sorted({c["source"] for c in claims})
    return {
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "date_start": dates[0] if dates else None,
        "date_end": dates[-1] if dates else None,
        "admin1": place.get("admin1"),
        "admin1_code": place.get("admin1_code"),
        "admin2": place.get("admin2"),
        "location": place.get("location"),
        "latitude": place.get("latitude"),
        "longitude": place.get("longitude"),
        "geo_precision": place.get("geo_precision"),
        "fatalities": best,
        "fatalities_low": low,
        "fatalities_high": high,
        "injured": _figure(current, "injured"),
        "displaced": _figure(current, "displaced"),
        "victim_community": sorted({v for c in claims for v in c.get("victim_community") or []}),
        "actors": sorted({c["actor1"] for c in claims if c.get("actor1")}),
        "sources": sources,
        "n_sources": len(sources),
        "n_reports": len(claims),
        "attributed_to": sorted({a for c in claims for a in c.get("source_attribution") or []}),
        "confidence": round(min(1.0, 0.4 + 0.2 * len(sources)), 2),
        "claims": [
            {
                "report_id": c["report_id"],
                "document_id": c["document_id"],
                "source": c["source"],
                "fatalities": c["fatalities"],
                "fatalities_low": c["fatalities_low"],
                "fatalities_high": c["fatalities_high"],
                "span": c.get("span"),
                "evidence": c.get("evidence"),
            }
            for c in claims
        ],
    }
