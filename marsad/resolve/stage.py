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
from functools import lru_cache
from typing import Any

from marsad.resolve.reconcile import reconcile
from marsad.store import Store
from marsad.text.names import latin_key as _latin_key

_WINDOW = {1: 1, 2: 3, 3: 15}  # days either side, by time_precision
latin_key = lru_cache(maxsize=100_000)(_latin_key)


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
    # victims reported as of different communities are different incidents (neither side guessed)
    ours, theirs = set(incident.get("victim_community") or []), set(claim.get("victim_community") or [])
    if ours and theirs and not ours & theirs:
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


class _Candidates:
    """Incidents of one run indexed by governorate and day, so a report is compared only with
    incidents whose dates could match it (plus undated ones), not with every incident.
    """

    def __init__(self) -> None:
        self.days: dict[tuple[str | None, int], list[int]] = {}
        self.undated: dict[str | None, list[int]] = {}
        self.every: dict[str | None, list[int]] = {}
        self.span: dict[int, tuple[int, int] | None] = {}

    def add(self, rank: int, fields: dict[str, Any]) -> None:
        self.every.setdefault(fields.get("admin1"), []).append(rank)
        self.span[rank] = None
        self.update(rank, fields)

    def update(self, rank: int, fields: dict[str, Any]) -> None:
        """Register the days an incident covers now (a range only ever widens)."""
        admin1 = fields.get("admin1")
        start, end = _date(fields.get("date_start")), _date(fields.get("date_end"))
        if not (start and end):
            if rank not in self.undated.get(admin1, []):
                self.undated.setdefault(admin1, []).append(rank)
            return
        old = self.span[rank]
        lo, hi = start.toordinal(), end.toordinal()
        for day in range(lo, hi + 1):
            if old is None or not old[0] <= day <= old[1]:
                self.days.setdefault((admin1, day), []).append(rank)
        self.span[rank] = (min(lo, old[0]), max(hi, old[1])) if old else (lo, hi)

    def near(self, claim: dict[str, Any]) -> set[int]:
        admin1 = claim.get("admin1")
        day = _date(claim.get("event_date"))
        if day is None:
            return set(self.every.get(admin1, []))
        window = _WINDOW.get(claim.get("time_precision") or 1, 1)
        found = set(self.undated.get(admin1, []))
        for d in range(day.toordinal() - window, day.toordinal() + window + 1):
            found.update(self.days.get((admin1, d), ()))
        return found


def run_resolve(store: Store, batch: int = 500) -> ResolveSummary:
    """Place every unassigned report; save in batches of ``batch`` incidents per transaction."""
    summary = ResolveSummary()
    summary.removed = store.drop_empty_incidents()
    new = store.claims(unassigned=True)
    if not new:
        return summary
    # ranks: existing incidents first (store order), then the ones this run creates
    fields: list[dict[str, Any]] = []
    ids: list[str | None] = []
    members: dict[int, list[dict[str, Any]]] = {}
    joined: dict[int, list[str]] = {}
    index = _Candidates()
    for inc in store.incidents(limit=10**9):
        if inc.get("status") in ("rejected", "merged"):
            continue
        index.add(len(fields), inc)
        fields.append(inc)
        ids.append(inc["id"])
    existing = len(fields)
    for claim in new:
        summary.reports += 1
        near = index.near(claim)
        # an existing incident is preferred (oldest first), then this run's newest
        order = sorted(r for r in near if r < existing) + sorted(
            (r for r in near if r >= existing), reverse=True
        )
        target = next((r for r in order if compatible(fields[r], claim)), None)
        if target is None:
            target = len(fields)
            fields.append(reconcile([claim]))
            ids.append(None)
            members[target] = [claim]
            joined[target] = [claim["report_id"]]
            index.add(target, fields[target])
            continue
        if target not in members:
            members[target] = store.claims(incident_id=ids[target])
        members[target].append(claim)
        joined.setdefault(target, []).append(claim["report_id"])
        fields[target] = {**fields[target], **reconcile(members[target])}
        index.update(target, fields[target])
    ranks = sorted(joined)
    for start in range(0, len(ranks), batch):
        chunk = ranks[start : start + batch]
        saved = store.save_incidents([(reconcile(members[r]), joined[r], ids[r]) for r in chunk])
        for rank, iid in zip(chunk, saved, strict=True):
            if ids[rank] is None:
                summary.created += 1
            else:
                summary.updated += 1
            summary.changed.add(iid)
    return summary
