"""Extracted reports and the extract stage's watermark. Mixed into ``Store``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, or_, select

from marsad.ids import new_id
from marsad.model import AuditEntry
from marsad.store.base import StoreParts
from marsad.store.schema import document, extraction, report
from marsad.store.timeutil import utcnow

if TYPE_CHECKING:
    pass


class ReportStore(StoreParts):
    """Methods of ``Store`` for the extract stage."""

    def pending_extraction(self, extractor: str, langs: tuple[str, ...], limit: int) -> list[dict[str, Any]]:
        """Cleaned documents in these languages that this extractor version has not read yet."""
        q = (
            select(
                document.c.id,
                document.c.clean_text,
                document.c.published,
                document.c.ingested_at,
                document.c.lang,
                document.c.sensitive,
            )
            .outerjoin(extraction, extraction.c.document_id == document.c.id)
            .where(document.c.clean_text.is_not(None), document.c.lang.in_(langs))
            .where(or_(extraction.c.extractor.is_(None), extraction.c.extractor != extractor))
            .order_by(document.c.id)
            .limit(limit)
        )
        if self._reader() is None:  # sensitive documents wait until the data key is unlocked
            q = q.where(document.c.sensitive.is_(False))
        with self._tx() as conn:
            rows = [dict(r._mapping) for r in conn.execute(q)]
        for row in rows:
            if row.pop("sensitive"):
                row["clean_text"] = self.reveal(row["clean_text"])
        return rows

    def save_reports(self, document_id: str, extractor: str, events: list[dict[str, Any]]) -> list[str]:
        """Replace this document's reports with a new extraction, atomically, with an audit entry."""
        now = utcnow()
        ids = [new_id() for _ in events]
        with self._tx() as conn:
            if events and self._is_sensitive(conn, document_id):  # a testimony's evidence is its words
                events = [self._seal_evidence(rid, e) for rid, e in zip(ids, events, strict=True)]
            conn.execute(delete(report).where(report.c.document_id == document_id))
            if events:
                conn.execute(
                    insert(report),
                    [
                        {
                            "id": rid,
                            "document_id": document_id,
                            "extractor": extractor,
                            "event_type": e["event_type"],
                            "sub_event_type": e.get("sub_event_type"),
                            "event_date": e.get("event_date"),
                            "admin1": e.get("admin1"),
                            "location": e.get("location"),
                            "fatalities": e.get("fatalities"),
                            "is_tally": bool(e.get("is_tally")),
                            "span_start": e["span"][0] if e.get("span") else None,
                            "span_end": e["span"][1] if e.get("span") else None,
                            "data": e,
                            "created_at": now,
                        }
                        for rid, e in zip(ids, events, strict=True)
                    ],
                )
            conn.execute(delete(extraction).where(extraction.c.document_id == document_id))
            conn.execute(insert(extraction), {"document_id": document_id, "extractor": extractor, "at": now})
            self._audit(
                conn,
                AuditEntry(
                    action="extract",
                    subject=f"document:{document_id}",
                    actor=self.actor,
                    details={"extractor": extractor, "reports": ids},
                ),
            )
        return ids

    def reports(
        self,
        *,
        document_id: str | None = None,
        event_type: str | None = None,
        admin1: str | None = None,
        tallies: bool | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        q = select(report).order_by(report.c.event_date, report.c.id).limit(limit).offset(offset)
        if document_id:
            q = q.where(report.c.document_id == document_id)
        if event_type:
            q = q.where(report.c.event_type == event_type)
        if admin1:
            q = q.where(func.lower(report.c.admin1) == admin1.lower())
        if tallies is not None:
            q = q.where(report.c.is_tally.is_(tallies))
        with self._tx() as conn:
            found = [_report(r) for r in conn.execute(q)]
        return [self.reveal(r) for r in found]

    def report(self, ref: str) -> dict[str, Any] | None:
        with self._tx() as conn:
            rows = conn.execute(
                select(report).where(or_(report.c.id == ref, report.c.id.startswith(ref))).limit(2)
            ).all()
        return self.reveal(_report(rows[0])) if len(rows) == 1 else None

    def report_counts(self) -> dict[str, int]:
        with self._tx() as conn:
            return dict(
                conn.execute(select(report.c.event_type, func.count()).group_by(report.c.event_type)).all()
            )


def _report(r: Any) -> dict[str, Any]:
    created = r.created_at
    if isinstance(created, dt.datetime) and created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    return {
        "id": r.id,
        "document_id": r.document_id,
        "extractor": r.extractor,
        "created_at": created.isoformat() if created else None,
        **r.data,
    }
