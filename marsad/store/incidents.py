"""Incidents and which reports they group. Mixed into ``Store``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update

from marsad.ids import new_id
from marsad.model import AuditEntry
from marsad.store.base import StoreParts
from marsad.store.schema import document, incident, incident_report, override, report, source
from marsad.store.timeutil import utcnow


class IncidentStore(StoreParts):
    """Methods of ``Store`` for the resolve stage."""

    def claims(self, *, unassigned: bool = False, incident_id: str | None = None) -> list[dict[str, Any]]:
        """Incident reports (never tallies) with the source and date of their document."""
        q = (
            select(
                report.c.id,
                report.c.data,
                report.c.document_id,
                source.c.name.label("source"),
                document.c.published,
                document.c.meta["source_from"].as_string().label("source_from"),
                incident_report.c.incident_id,
            )
            .join(document, document.c.id == report.c.document_id)
            .join(source, source.c.id == document.c.source_id)
            .outerjoin(incident_report, incident_report.c.report_id == report.c.id)
            .where(report.c.is_tally.is_(False))
            .order_by(report.c.event_date, report.c.id)
        )
        if unassigned:
            q = q.where(incident_report.c.incident_id.is_(None))
        if incident_id:
            q = q.where(incident_report.c.incident_id == incident_id)
        with self._tx() as conn:
            return [
                {
                    **r.data,
                    "report_id": r.id,
                    "document_id": r.document_id,
                    "source": r.source,
                    "source_stated": r.source_from != "default",
                    "published": r.published,
                    "incident_id": r.incident_id,
                }
                for r in conn.execute(q)
            ]

    def save_incident(
        self, fields: dict[str, Any], report_ids: list[str], incident_id: str | None = None
    ) -> str:
        """Create or update one incident with its reconciled fields and newly joined reports, atomically."""
        return self.save_incidents([(fields, report_ids, incident_id)])[0]

    def save_incidents(self, items: list[tuple[dict[str, Any], list[str], str | None]]) -> list[str]:
        """Create or update several incidents in one transaction, each with its audit entry.

        One commit per batch rather than per incident is what makes a 100k-report run practical.
        """
        ids: list[str] = []
        with self._tx() as conn:
            for fields, report_ids, incident_id in items:
                ids.append(self._save_incident(conn, fields, report_ids, incident_id))
        return ids

    def _save_incident(
        self, conn: Any, fields: dict[str, Any], report_ids: list[str], incident_id: str | None
    ) -> str:
        now = utcnow()
        columns = {
            "event_type": fields["event_type"],
            "sub_event_type": fields.get("sub_event_type"),
            "date_start": fields.get("date_start"),
            "date_end": fields.get("date_end"),
            "admin1": fields.get("admin1"),
            "location": fields.get("location"),
            "geo_precision": fields.get("geo_precision"),
            "fatalities": fields.get("fatalities"),
            "data": fields,
        }
        if incident_id is None:
            incident_id = new_id()
            conn.execute(
                insert(incident),
                {"id": incident_id, "status": "machine", "created_at": now, "updated_at": now, **columns},
            )
            action = "resolve.create"
        else:
            conn.execute(
                update(incident).where(incident.c.id == incident_id).values(updated_at=now, **columns)
            )
            action = "resolve.update"
        if report_ids:
            conn.execute(
                insert(incident_report),
                [{"report_id": r, "incident_id": incident_id} for r in report_ids],
            )
        self._audit(
            conn,
            AuditEntry(
                action=action,
                subject=f"incident:{incident_id}",
                actor=self.actor,
                details={"reports": report_ids, "fatalities": fields.get("fatalities")},
            ),
        )
        return incident_id

    def drop_empty_incidents(self) -> int:
        """Machine incidents whose reports were all replaced by a new extraction."""
        with self._tx() as conn:
            empty = select(incident.c.id).where(
                incident.c.status == "machine",
                ~select(incident_report.c.report_id)
                .where(incident_report.c.incident_id == incident.c.id)
                .exists(),
            )
            ids = [r.id for r in conn.execute(empty)]
            if ids:
                conn.execute(delete(incident).where(incident.c.id.in_(ids)))
        return len(ids)

    def incidents(
        self,
        *,
        admin1: str | None = None,
        event_type: str | None = None,
        since: dt.date | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        q = select(incident).order_by(incident.c.date_start, incident.c.id).limit(limit).offset(offset)
        if admin1:
            q = q.where(func.lower(incident.c.admin1) == admin1.lower())
        if event_type:
            q = q.where(or_(incident.c.event_type == event_type, incident.c.sub_event_type == event_type))
        if since:
            q = q.where(incident.c.date_start >= since.isoformat())
        with self._tx() as conn:
            rows = conn.execute(q).all()
            decisions = self._overrides(conn, [r.id for r in rows])
        # evidence quoted from testimonies stays sealed in the incident; opened (or a placeholder) on reading
        return self.reveal(
            [_apply({"id": r.id, "status": r.status, **r.data}, decisions.get(r.id, [])) for r in rows]
        )

    def incident(self, ref: str) -> dict[str, Any] | None:
        with self._tx() as conn:
            rows = conn.execute(
                select(incident).where(or_(incident.c.id == ref, incident.c.id.startswith(ref))).limit(2)
            ).all()
            decisions = self._overrides(conn, [r.id for r in rows])
        if len(rows) != 1:
            return None
        r = rows[0]
        shown = _apply({"id": r.id, "status": r.status, **r.data}, decisions.get(r.id, []))
        return self.reveal({**shown, "claims": self.claims(incident_id=r.id)})

    def testimony_only(self, incident_ids: list[str]) -> set[str]:
        """Incidents every report of which comes from a sensitive document (a testimony)."""
        found: set[str] = set()
        with self._tx() as conn:
            for i in range(0, len(incident_ids), 900):
                chunk = incident_ids[i : i + 900]
                q = (
                    select(
                        incident_report.c.incident_id, func.min(document.c.sensitive).label("all_sensitive")
                    )
                    .join(report, report.c.id == incident_report.c.report_id)
                    .join(document, document.c.id == report.c.document_id)
                    .where(incident_report.c.incident_id.in_(chunk))
                    .group_by(incident_report.c.incident_id)
                )
                found.update(r.incident_id for r in conn.execute(q) if r.all_sensitive)
        return found

    def record_export(self, fmt: str, count: int, target: str) -> None:
        """An export leaves a trace in the audit log (who took which data where)."""
        with self._tx() as conn:
            self._audit(
                conn,
                AuditEntry(
                    action="export",
                    subject="incidents",
                    actor=self.actor,
                    details={"format": fmt, "incidents": count, "target": target},
                ),
            )

    def tallies(self, admin1: str | None = None) -> list[dict[str, Any]]:
        """Tally reports with the source and date of their document, oldest first."""
        q = (
            select(
                report.c.id,
                report.c.data,
                source.c.name.label("source"),
                document.c.published,
                document.c.ingested_at,
            )
            .join(document, document.c.id == report.c.document_id)
            .join(source, source.c.id == document.c.source_id)
            .where(report.c.is_tally.is_(True))
            .order_by(document.c.published, report.c.id)
        )
        if admin1:
            q = q.where(func.lower(report.c.admin1) == admin1.lower())
        with self._tx() as conn:
            # the day a figure was reported: the document's date, else the day it arrived
            return [
                {
                    **self.reveal(r.data),
                    "report_id": r.id,
                    "source": r.source,
                    "published": r.published or (r.ingested_at.date().isoformat() if r.ingested_at else None),
                }
                for r in conn.execute(q)
            ]

    # -- review ------------------------------------------------------------------------------

    def _overrides(self, conn: Any, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for i in range(0, len(ids), 900):
            q = (
                select(override)
                .where(override.c.incident_id.in_(ids[i : i + 900]))
                .order_by(override.c.at, override.c.id)
            )
            for r in conn.execute(q):
                out.setdefault(r.incident_id, []).append(
                    {
                        "action": r.action,
                        "field": r.field,
                        "value": r.value,
                        "machine_value": r.machine_value,
                        "note": r.note,
                        "actor": r.actor,
                        "at": r.at.isoformat() if r.at else None,
                    }
                )
        return out

    def decide(
        self,
        incident_id: str,
        action: str,
        *,
        field: str | None = None,
        value: Any = None,
        machine_value: Any = None,
        note: str | None = None,
        status: str | None = None,
    ) -> None:
        """Record a human decision (and the status it sets), with who and when, in the audit log too."""
        now = utcnow()
        with self._tx() as conn:
            conn.execute(
                insert(override),
                {
                    "id": new_id(),
                    "incident_id": incident_id,
                    "action": action,
                    "field": field,
                    "value": value,
                    "machine_value": machine_value,
                    "note": note,
                    "actor": self.actor,
                    "at": now,
                },
            )
            if status:
                conn.execute(
                    update(incident).where(incident.c.id == incident_id).values(status=status, updated_at=now)
                )
            self._audit(
                conn,
                AuditEntry(
                    action=f"review.{action}",
                    subject=f"incident:{incident_id}",
                    actor=self.actor,
                    details={"field": field, "value": value, "machine_value": machine_value, "note": note},
                ),
            )

    def incidents_raw(self, incident_id: str) -> dict[str, Any]:
        """The machine values of an incident, without human edits."""
        with self._tx() as conn:
            row = conn.execute(select(incident.c.data).where(incident.c.id == incident_id)).first()
        return dict(row.data) if row else {}

    def move_reports(self, report_ids: list[str], to_incident: str) -> None:
        with self._tx() as conn:
            conn.execute(
                update(incident_report)
                .where(incident_report.c.report_id.in_(report_ids))
                .values(incident_id=to_incident)
            )


def _apply(row: dict[str, Any], decisions: list[dict[str, Any]]) -> dict[str, Any]:
    """The displayed incident: machine values with human edits on top; both stay visible."""
    shown = dict(row)
    for d in decisions:
        if d["action"] == "edit" and d["field"]:
            shown[d["field"]] = d["value"]
    shown["overrides"] = decisions
    return shown
