"""Human review of incidents: confirm, reject, edit a field, merge two incidents, split a report out.

Every decision is stored beside the machine values (which stay as computed), with who and when,
and in the audit log; a later automatic run recomputes machine values only, so decisions survive.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from marsad.errors import NotFoundError, UsageError
from marsad.resolve.reconcile import reconcile
from marsad.store import Store

INT_FIELDS = ("fatalities", "fatalities_low", "fatalities_high", "injured", "displaced")
TEXT_FIELDS = ("event_type", "sub_event_type", "admin1", "location", "actors")
DATE_FIELDS = ("date_start", "date_end")
LIST_FIELDS = ("victim_community",)
EDITABLE = INT_FIELDS + TEXT_FIELDS + DATE_FIELDS + LIST_FIELDS


def _incident(store: Store, ref: str) -> dict[str, Any]:
    found = store.incident(ref)
    if found is None:
        raise NotFoundError(f"no incident {ref!r} (see `marsad incidents list`)")
    return found


def confirm(store: Store, ref: str, note: str | None = None) -> None:
    store.decide(_incident(store, ref)["id"], "confirm", note=note, status="confirmed")


def reject(store: Store, ref: str, note: str | None = None) -> None:
    store.decide(_incident(store, ref)["id"], "reject", note=note, status="rejected")


def parse_value(field: str, raw: str) -> Any:
    if field not in EDITABLE:
        raise UsageError(f"cannot edit {field!r}; editable fields: {', '.join(EDITABLE)}")
    if field in INT_FIELDS:
        if raw.lower() in ("", "none", "null", "open"):
            return None
        if not raw.isdigit():
            raise UsageError(f"{field} takes a whole number (or 'open'), not {raw!r}")
        return int(raw)
    if field in DATE_FIELDS:
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            raise UsageError(f"{field} takes a date like 2025-03-07, not {raw!r}") from None
    if field in LIST_FIELDS:
        return [v.strip() for v in raw.split(",") if v.strip()]
    return raw


def edit(store: Store, ref: str, field: str, raw: str, note: str | None = None) -> Any:
    incident = _incident(store, ref)
    value = parse_value(field, raw)
    machine = store.incidents_raw(incident["id"]).get(field)
    store.decide(incident["id"], "edit", field=field, value=value, machine_value=machine, note=note)
    return value


def merge(store: Store, keep_ref: str, other_ref: str, note: str | None = None) -> None:
    """Move the other incident's reports into the kept one; the other is marked merged."""
    keep, other = _incident(store, keep_ref), _incident(store, other_ref)
    if keep["id"] == other["id"]:
        raise UsageError("an incident cannot be merged with itself")
    store.move_reports([c["report_id"] for c in other["claims"]], keep["id"])
    store.save_incident(reconcile(store.claims(incident_id=keep["id"])), [], incident_id=keep["id"])
    store.decide(keep["id"], "merge", value=other["id"], note=note)
    store.decide(other["id"], "merge", value=keep["id"], note=note, status="merged")


def split(store: Store, ref: str, report_id: str, note: str | None = None) -> str:
    """Take one report out of an incident into an incident of its own."""
    incident = _incident(store, ref)
    claim = next((c for c in incident["claims"] if c["report_id"].startswith(report_id)), None)
    if claim is None:
        raise NotFoundError(f"report {report_id!r} is not in incident {incident['id']}")
    if len(incident["claims"]) == 1:
        raise UsageError("the incident has only this report; nothing to split")
    new_id = store.save_incident(reconcile([claim]), [])
    store.move_reports([claim["report_id"]], new_id)
    store.save_incident(reconcile(store.claims(incident_id=incident["id"])), [], incident_id=incident["id"])
    store.decide(incident["id"], "split", value=claim["report_id"], note=note)
    store.decide(new_id, "split", value=incident["id"], note=note)
    return new_id
