"""The resolve stage: incremental and deterministic.

New (unassigned) incident reports are taken in date order and each joins the best matching incident
or starts a new one; only the incidents that gained reports are reconciled again. Tallies never join
incidents. Matching: same governorate, compatible types (the same event type, or an attack and the
looting that came with it), dates within a window that widens with the claims' time precision, and
the same place or one place inside the other (a village report and its district's report); two
different precise places (neighbouring villages) never match.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from marsad.resolve.reconcile import reconcile
from marsad.store import Store
from marsad.text.names import latin_key

_WINDOW = {1: 1, 2: 3, 3: 15}  # days either side, by time_precision


@dataclass(slots=True)
class ResolveSummary:
    reports: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    changed: set[str] = field(default_factory=set)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def compatible(incident: dict[str, Any], claim: dict[str, Any]) -> bool:
    if incident.get("admin1") != claim.get("admin1"):
        return False
    kinds = {incident["event_type"], claim["event_type"]}
    if len(kinds) > 1 and kinds != {"Violence against civilians", "Strategic developments"}:
        return False
    start, end, day = (
        _date(incident.get("date_start")),
        _date(incident.get("date_end")),
        _date(claim.get("event_date")),
    )
    if start and end and day:
        window = _WINDOW.get(claim.get("time_precision") or 1, 1)
        if day < start - dt.timedelta(days=window) or day > end + dt.timedelta(days=window):
            return False
    a, b = latin_key(incident.get("location") or ""), latin_key(claim.get("location") or "")
    if a == b:
        return True
    # one place inside the other: the broader report names the district or city of the precise one
    pa, pb = incident.get("geo_precision") or 3, claim.get("geo_precision") or 3
    if pa == 1 and pb == 1:
        return False
    broader = claim if pb > pa else incident
    precise = incident if broader is claim else claim
    return latin_key(broader.get("location") or "") in {
        latin_key(precise.get("admin2") or ""),
        latin_key(precise.get("admin1") or ""),
    }


def run_resolve(store: Store) -> ResolveSummary:
    summary = ResolveSummary()
    summary.removed = store.drop_empty_incidents()
    new = store.claims(unassigned=True)
    if not new:
        return summary
    incidents = {i["id"]: i for i in store.incidents(limit=10**9)}
    # candidates are looked for in the same governorate only; new incidents are scanned from the most
    # recent back, and the scan stops once they are far older than the report (reports come in date order)
    by_admin1: dict[str | None, list[str]] = {}
    for iid, inc in incidents.items():
        if inc.get("status") not in ("rejected", "merged"):
            by_admin1.setdefault(inc.get("admin1"), []).append(iid)
    members: dict[str, list[dict[str, Any]]] = {}
    joined: dict[str, list[str]] = {}
    pending: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []  # new incidents: (fields, claims)
    pending_by_admin1: dict[str | None, list[int]] = {}
    for claim in new:
        summary.reports += 1
        target = next(
            (iid for iid in by_admin1.get(claim.get("admin1"), []) if compatible(incidents[iid], claim)), None
        )
        if target is not None:
            members.setdefault(target, store.claims(incident_id=target))
            members[target].append(claim)
            joined.setdefault(target, []).append(claim["report_id"])
            incidents[target] = {**incidents[target], **reconcile(members[target])}
            continue
        day = _date(claim.get("event_date"))
        match = None
        for index in reversed(pending_by_admin1.get(claim.get("admin1"), [])):
            fields, claims = pending[index]
            end = _date(fields.get("date_end"))
            if day and end and (day - end).days > 2 * max(_WINDOW.values()):
                break
            if compatible(fields, claim):
                match = pending[index]
                break
        if match is not None:
            match[1].append(claim)
            match[0].update(reconcile(match[1]))
        else:
            pending_by_admin1.setdefault(claim.get("admin1"), []).append(len(pending))
            pending.append((reconcile([claim]), [claim]))
    for iid, report_ids in joined.items():
        store.save_incident(reconcile(members[iid]), report_ids, incident_id=iid)
        summary.updated += 1
        summary.changed.add(iid)
    for fields, claims in pending:
        iid = store.save_incident(fields, [c["report_id"] for c in claims])
        summary.created += 1
        summary.changed.add(iid)
    return summary
