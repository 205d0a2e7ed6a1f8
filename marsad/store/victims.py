"""Victim records, linkage runs, the review queue and human decisions. Mixed into ``Store``.

Memberships (record → person) and uncertain pairs are kept for the latest run only, so a store
linking a million records does not grow by a million rows per run; every run keeps its settings,
its trained model (Splink JSON) and its summary in ``link_run``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, tuple_

from marsad.ids import new_id
from marsad.model import AuditEntry
from marsad.store.base import StoreParts
from marsad.store.schema import link_decision, link_member, link_pair, link_run, victim, victim_file
from marsad.store.timeutil import as_utc, utcnow

VICTIM_COLUMNS = (
    "record_id",
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
    "place_id",
    "admin1",
    "admin2",
    "status",
    "incident_id",
    "notes",
)
_CHUNK = 500


class VictimStore(StoreParts):
    """Methods of ``Store`` for ``marsad/link``."""

    # -- import ------------------------------------------------------------------------------

    def victim_file_imported(self, sha256: str, source: str) -> bool:
        with self._tx() as conn:
            q = select(victim_file.c.id).where(victim_file.c.sha256 == sha256, victim_file.c.source == source)
            return conn.execute(q).first() is not None

    def known_victim_keys(self, source: str) -> set[str]:
        with self._tx() as conn:
            q = select(victim.c.record_key).where(victim.c.source == source)
            return {r.record_key for r in conn.execute(q)}

    def add_victims(
        self, *, source: str, sha256: str, filename: str, rows: list[dict[str, Any]], rejected: int
    ) -> int:
        """Store a file's accepted rows (those whose key is new for the source), atomically."""
        now = utcnow()
        file_id = new_id()
        with self._tx() as conn:
            conn.execute(
                insert(victim_file),
                dict(
                    id=file_id,
                    sha256=sha256,
                    source=source,
                    filename=filename,
                    imported_at=now,
                    rows=len(rows),
                    rejected=rejected,
                ),
            )
            values = [
                {
                    "id": new_id(),
                    "source": source,
                    "record_key": r["record_key"],
                    "file_id": file_id,
                    "line": r.get("line"),
                    "data": r.get("data") or {},
                    "created_at": now,
                    **{c: r.get(c) for c in VICTIM_COLUMNS},
                }
                for r in rows
            ]
            sealed = self._seal_victims(conn, rows, values)  # type: ignore[attr-defined]  # ProtectStore
            for i in range(0, len(values), 20_000):
                conn.execute(insert(victim), values[i : i + 20_000])
            self._audit(
                conn,
                AuditEntry(
                    action="victims.import",
                    subject=f"victim_file:{file_id}",
                    actor=self.actor,
                    at=now,
                    details={
                        "source": source,
                        "file": filename,
                        "sha256": sha256,
                        "added": len(values),
                        "rejected": rejected,
                        **({"sealed_values": sealed} if sealed else {}),
                    },
                ),
            )
        return len(values)

    # -- reading -----------------------------------------------------------------------------

    def iter_victims(self) -> Iterator[dict[str, Any]]:
        """Every victim record, oldest first, as plain dicts."""
        with self._tx() as conn:
            for r in conn.execute(select(victim).order_by(victim.c.id)):
                yield dict(r._mapping)

    def victims(
        self,
        *,
        source: str | None = None,
        person_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Records with the person the latest run put them in."""
        run = self._latest_run_id()
        q = select(victim, link_member.c.person_id, link_member.c.match_probability).outerjoin(
            link_member, (link_member.c.victim_id == victim.c.id) & (link_member.c.run_id == run)
        )
        if source:
            q = q.where(victim.c.source == source)
        if person_id:
            q = q.where(link_member.c.person_id == person_id)
        q = q.order_by(victim.c.id).limit(limit).offset(offset)
        with self._tx() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def victims_by_id(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        ids = list(ids)
        out: dict[str, dict[str, Any]] = {}
        with self._tx() as conn:
            for i in range(0, len(ids), _CHUNK):
                for r in conn.execute(select(victim).where(victim.c.id.in_(ids[i : i + _CHUNK]))):
                    out[r.id] = dict(r._mapping)
        return out

    def victim_counts(self) -> dict[str, int]:
        """Records per source."""
        with self._tx() as conn:
            q = select(victim.c.source, func.count()).group_by(victim.c.source).order_by(victim.c.source)
            return {r[0]: r[1] for r in conn.execute(q)}

    # -- linkage runs --------------------------------------------------------------------------

    def save_link_run(
        self,
        *,
        settings: dict[str, Any],
        model: dict[str, Any],
        summary: dict[str, Any],
        members: list[tuple[str, str, float | None]],
        pairs: list[tuple[str, str, float]],
    ) -> str:
        """A run with its memberships and review pairs; older runs keep only settings, model, summary."""
        run_id = new_id()
        now = utcnow()
        with self._tx() as conn:
            conn.execute(delete(link_member))
            conn.execute(delete(link_pair))
            conn.execute(
                insert(link_run),
                dict(id=run_id, at=now, actor=self.actor, settings=settings, model=model, summary=summary),
            )
            for i in range(0, len(members), 20_000):
                conn.execute(
                    insert(link_member),
                    [
                        {"run_id": run_id, "victim_id": v, "person_id": p, "match_probability": mp}
                        for v, p, mp in members[i : i + 20_000]
                    ],
                )
            for i in range(0, len(pairs), 20_000):
                conn.execute(
                    insert(link_pair),
                    [
                        {"run_id": run_id, "victim_a": a, "victim_b": b, "match_probability": p}
                        for a, b, p in pairs[i : i + 20_000]
                    ],
                )
            self._audit(
                conn,
                AuditEntry(
                    action="victims.link",
                    subject=f"link_run:{run_id}",
                    actor=self.actor,
                    at=now,
                    details={k: summary.get(k) for k in ("records", "persons", "review_pairs")},
                ),
            )
        return run_id

    def _latest_run_id(self) -> str | None:
        with self._tx() as conn:
            row = conn.execute(select(link_run.c.id).order_by(link_run.c.id.desc()).limit(1)).first()
        return row.id if row else None

    def latest_link_run(self) -> dict[str, Any] | None:
        with self._tx() as conn:
            row = conn.execute(select(link_run).order_by(link_run.c.id.desc()).limit(1)).first()
        if row is None:
            return None
        return {**dict(row._mapping), "at": as_utc(row.at)}

    def link_runs(self) -> list[dict[str, Any]]:
        with self._tx() as conn:
            q = select(link_run.c.id, link_run.c.at, link_run.c.actor, link_run.c.summary).order_by(
                link_run.c.id
            )
            return [{**dict(r._mapping), "at": as_utc(r.at)} for r in conn.execute(q)]

    def link_members(self, run_id: str) -> list[dict[str, Any]]:
        """Each record of a run with its person and the fields estimation stratifies on."""
        q = (
            select(
                link_member.c.victim_id,
                link_member.c.person_id,
                link_member.c.match_probability,
                victim.c.source,
                victim.c.record_id,
                victim.c.line,
                victim.c.full_name,
                victim.c.sex,
                victim.c.age,
                victim.c.birth_year,
                victim.c.date_of_death,
                victim.c.admin1,
                victim.c.place_of_death,
            )
            .join(victim, victim.c.id == link_member.c.victim_id)
            .where(link_member.c.run_id == run_id)
            .order_by(link_member.c.person_id, victim.c.id)
        )
        with self._tx() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def record_victim_export(self, fmt: str, count: int, target: str) -> None:
        """An export of victim records leaves a trace in the audit log."""
        with self._tx() as conn:
            self._audit(
                conn,
                AuditEntry(
                    action="export",
                    subject="victims",
                    actor=self.actor,
                    details={"format": fmt, "records": count, "target": target},
                ),
            )

    # -- review --------------------------------------------------------------------------------

    def review_pairs(self, *, pending: bool = True, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Uncertain pairs of the latest run, least certain first; ``pending`` hides decided ones."""
        run = self._latest_run_id()
        q = select(link_pair).where(link_pair.c.run_id == run)
        if pending:
            decided = select(link_decision.c.id).where(
                link_decision.c.victim_a == link_pair.c.victim_a,
                link_decision.c.victim_b == link_pair.c.victim_b,
            )
            q = q.where(~decided.exists())
        q = (
            q.order_by(func.abs(link_pair.c.match_probability - 0.5), link_pair.c.victim_a)
            .limit(limit)
            .offset(offset)
        )
        with self._tx() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def count_review_pairs(self) -> dict[str, int]:
        run = self._latest_run_id()
        with self._tx() as conn:
            total = conn.execute(
                select(func.count()).select_from(link_pair).where(link_pair.c.run_id == run)
            ).scalar_one()
            decided = conn.execute(
                select(func.count())
                .select_from(link_pair)
                .where(
                    link_pair.c.run_id == run,
                    select(link_decision.c.id)
                    .where(
                        link_decision.c.victim_a == link_pair.c.victim_a,
                        link_decision.c.victim_b == link_pair.c.victim_b,
                    )
                    .exists(),
                )
            ).scalar_one()
        return {"pairs": total, "decided": decided, "pending": total - decided}

    def add_link_decision(self, a: str, b: str, decision: str, note: str | None = None) -> str:
        """Record that two records are (or are not) one person; later runs obey it."""
        a, b = sorted((a, b))
        did = new_id()
        now = utcnow()
        with self._tx() as conn:
            conn.execute(
                insert(link_decision),
                dict(id=did, victim_a=a, victim_b=b, decision=decision, note=note, actor=self.actor, at=now),
            )
            self._audit(
                conn,
                AuditEntry(
                    action="victims.review",
                    subject=f"victim_pair:{a}:{b}",
                    actor=self.actor,
                    at=now,
                    details={"decision": decision, "note": note},
                ),
            )
        return did

    def link_decisions(self) -> dict[tuple[str, str], str]:
        """(a, b) → same | different: the latest decision on each pair."""
        out: dict[tuple[str, str], str] = {}
        with self._tx() as conn:
            q = select(link_decision).order_by(link_decision.c.at, link_decision.c.id)
            for r in conn.execute(q):
                out[(r.victim_a, r.victim_b)] = r.decision
        return out

    def resolve_victim_ref(self, ref: str) -> str | None:
        """A victim id from its full id or a unique prefix (8+ characters)."""
        with self._tx() as conn:
            rows = conn.execute(
                select(victim.c.id)
                .where(
                    or_(
                        victim.c.id == ref,
                        victim.c.id.startswith(ref, autoescape=True) if len(ref) >= 8 else False,
                    )
                )
                .limit(2)
            ).all()
        return rows[0].id if len(rows) == 1 else None

    def review_pair_known(self, a: str, b: str) -> bool:
        a, b = sorted((a, b))
        with self._tx() as conn:
            q = select(link_pair.c.run_id).where(tuple_(link_pair.c.victim_a, link_pair.c.victim_b) == (a, b))
            return conn.execute(q).first() is not None
