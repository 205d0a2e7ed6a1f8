"""The review queue: uncertain pairs shown side by side, and human decisions on them."""

from __future__ import annotations

from typing import Any

from marsad.link.errors import NoLinkageRun, ReviewError

DECISIONS = ("same", "different")


def pending_pairs(
    store: Any, limit: int = 20, include_decided: bool = False
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Pairs of the latest run, least certain first, each with both records."""
    if store.latest_link_run() is None:
        raise NoLinkageRun("no linkage has been run yet: run `marsad victims link` first")
    pairs = store.review_pairs(pending=not include_decided, limit=limit)
    records = store.victims_by_id({p[k] for p in pairs for k in ("victim_a", "victim_b")})
    decisions = store.link_decisions()
    shown = [
        {
            "match_probability": round(p["match_probability"], 4),
            "decision": decisions.get((p["victim_a"], p["victim_b"])),
            "a": _brief(records[p["victim_a"]]),
            "b": _brief(records[p["victim_b"]]),
        }
        for p in pairs
    ]
    return shown, store.count_review_pairs()


def decide(store: Any, a: str, b: str, decision: str, note: str | None = None) -> dict[str, Any]:
    """Record a decision on any two records (queued or not); the next run obeys it."""
    if decision not in DECISIONS:
        raise ReviewError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    ids = []
    for ref in (a, b):
        found = store.resolve_victim_ref(ref)
        if found is None:
            raise ReviewError(
                f"no victim record {ref!r} (or the prefix is not unique; see `marsad victims list`)"
            )
        ids.append(found)
    if ids[0] == ids[1]:
        raise ReviewError("a record cannot be compared with itself")
    store.add_link_decision(ids[0], ids[1], decision, note)
    x, y = sorted(ids)
    return {"a": x, "b": y, "decision": decision, "note": note}


def _brief(r: dict[str, Any]) -> dict[str, Any]:
    keep = (
        "id",
        "source",
        "record_id",
        "line",
        "full_name",
        "first_name",
        "father_name",
        "grandfather_name",
        "family_name",
        "sex",
        "age",
        "birth_year",
        "date_of_death",
        "place_of_death",
        "admin1",
        "status",
    )
    return {k: r.get(k) for k in keep}
