"""Incidents and which reports they group. Mixed into ``Store``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update

from marsad.ids import new_id
from marsad.model import AuditEntry
from marsad.store.base import StoreParts
from marsad.store.schema import document, incident, incident_report, report, source
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
                    "published": r.published,
                    "incident_id": r.incident_id,
                }
                for r in conn.execute(q)
            ]

    def save_incident(
        self, fields: dict[str, Any], report_ids: list[str], incident_id: str | None = None
    ) -> str:
        """Create or update one incident with its reconciled fields and newly joined reports, atomically."""
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
        with self._tx() as conn:
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
            return [{"id": r.id, "status": r.status, **r.data} for r in conn.execute(q)]

    def incident(self, ref: str) -> dict[str, Any] | None:
        with self._tx() as conn:
            rows = conn.execute(
                select(incident).where(or_(incident.c.id == ref, incident.c.id.startswith(ref))).limit(2)
            ).all()
        if len(rows) != 1:
            return None
        r = rows[0]
        return {"id": r.id, "status": r.status, **r.data, "claims": self.claims(incident_id=r.id)}

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
