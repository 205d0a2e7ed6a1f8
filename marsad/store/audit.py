"""The custody log in the store: appending chained, signed entries, verifying them, exporting a bundle.

Mixed into ``Store``; ``Store._audit`` (the one writer of audit entries) calls ``_append_audit``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from marsad.errors import StoreError
from marsad.model import AuditEntry
from marsad.store import custody
from marsad.store.base import StoreParts
from marsad.store.schema import audit_log, document, kv, source
from marsad.store.timeutil import as_utc, utcnow

_PUBLIC_KEY = "audit.public_key"
_HEAD = "audit.head"


class AuditStore(StoreParts):
    signing_key: custody.SigningKey

    def _append_audit(self, conn: Connection, entry: AuditEntry) -> None:
        # take the write lock before reading the head, so two writers queue (busy timeout) rather
        # than both reading the same head; a no-op in a transaction that has written already
        conn.execute(update(kv).where(kv.c.key == _HEAD).values(value=kv.c.value))
        head = conn.execute(
            select(audit_log.c.seq, audit_log.c.entry_hash)
            .where(audit_log.c.seq.is_not(None))
            .order_by(audit_log.c.seq.desc())
            .limit(1)
        ).first()
        if head is None:
            head = self._start_chain(conn)
        seq, prev = (head.seq + 1, head.entry_hash) if head else (1, custody.GENESIS)
        self._insert_sealed(conn, None, seq, prev, entry.at or utcnow(), entry)

    def _insert_sealed(
        self, conn: Connection, row_id: int | None, seq: int, prev: str, at: Any, entry: AuditEntry
    ) -> str:
        details = custody.canonical_details(entry.details)
        digest = custody.entry_hash(seq, at, entry.actor, entry.action, entry.subject, details, prev)
        sealed = {
            "seq": seq,
            "prev_hash": prev,
            "entry_hash": digest,
            "signature": self.signing_key.sign(digest),
        }
        if row_id is None:
            values = {"at": at, "actor": entry.actor, "action": entry.action, "subject": entry.subject}
            conn.execute(insert(audit_log), {**values, "details": details, **sealed})
        else:
            conn.execute(update(audit_log).where(audit_log.c.id == row_id).values(**sealed))
        conn.execute(delete(kv).where(kv.c.key == _HEAD))
        conn.execute(insert(kv), {"key": _HEAD, "value": {"seq": seq, "hash": digest}})
        return digest

    def _start_chain(self, conn: Connection) -> Any:
        """First entry of this database: make (or find) the key, then seal entries written before
        the chain existed (a database made by an older version), oldest first."""
        key = self.signing_key.load(create=True)
        known = conn.execute(select(kv.c.value).where(kv.c.key == _PUBLIC_KEY)).scalar()
        pem = custody.public_pem(key.public_key())
        if known and known != pem:
            raise StoreError(
                f"{self.signing_key.path} is not the key this database was signed with: restore the right key"
            )
        if not known:
            conn.execute(insert(kv), {"key": _PUBLIC_KEY, "value": pem})
        prev, seq = custody.GENESIS, 0
        for r in conn.execute(
            select(audit_log).where(audit_log.c.seq.is_(None)).order_by(audit_log.c.id)
        ).all():
            seq += 1
            entry = AuditEntry(action=r.action, subject=r.subject, actor=r.actor, details=r.details)
            prev = self._insert_sealed(conn, r.id, seq, prev, as_utc(r.at), entry)
        return None if seq == 0 else _Head(seq, prev)

    # -- reading -------------------------------------------------------------------------------

    def _custody_rows(self, conn: Connection) -> list[custody.Row]:
        return [
            custody.Row(
                id=r.id,
                seq=r.seq,
                at=as_utc(r.at),
                actor=r.actor,
                action=r.action,
                subject=r.subject,
                details=r.details,
                prev_hash=r.prev_hash,
                entry_hash=r.entry_hash,
                signature=r.signature,
            )
            for r in conn.execute(select(audit_log).order_by(audit_log.c.id))
        ]

    def audit_public_key(self) -> str | None:
        """The public key recorded with this database's chain (PEM), if it has one."""
        with self._tx() as conn:
            return conn.execute(select(kv.c.value).where(kv.c.key == _PUBLIC_KEY)).scalar()

    def verify_audit(self, public_key_pem: str | None = None) -> custody.Verdict:
        """Check every entry against the installation key (or the public key an investigator holds).

        The key stored in the database is only a fallback: whoever can rewrite the database can
        rewrite that too, so a verdict against it says less (``marsad audit verify`` says so).
        """
        if public_key_pem:
            key = custody.load_public(public_key_pem)
        elif self.signing_key.exists():
            key = self.signing_key.load(create=False).public_key()
        else:
            stored = self.audit_public_key()
            if not stored:
                with self._tx() as conn:
                    count = conn.execute(select(func.count()).select_from(audit_log)).scalar_one()
                return custody.Verdict(count == 0, 0, custody.GENESIS, reason="" if count == 0 else "no key")
            key = custody.load_public(stored)
        with self._tx() as conn:
            rows = self._custody_rows(conn)
            head = conn.execute(select(kv.c.value).where(kv.c.key == _HEAD)).scalar()
        verdict = custody.verify_rows(rows, key)
        if verdict.ok and head and (head.get("seq") != verdict.entries or head.get("hash") != verdict.head):
            last = rows[-1] if rows else None
            return custody.Verdict(
                False,
                verdict.entries,
                verdict.head,
                broken_at=last.id if last else None,
                broken_seq=head.get("seq"),
                reason=f"the log ends at entry {verdict.entries} but entry {head.get('seq')} was written: "
                "entries were removed from its end",
            )
        return verdict

    def audit_bundle(self) -> dict[str, Any]:
        """What an investigator needs to check the record offline: every entry with its hash and
        signature, the public key, and the hash of every original file."""
        with self._tx() as conn:
            rows = self._custody_rows(conn)
            docs = conn.execute(
                select(
                    document.c.id,
                    document.c.sha256,
                    document.c.blob_sha256,
                    document.c.ingested_at,
                    document.c.published,
                    source.c.name.label("source"),
                ).join(source, source.c.id == document.c.source_id)
            ).all()
        pem = self.audit_public_key()
        return {
            "format": "marsad-custody-bundle/1",
            "exported_at": utcnow().isoformat(),
            "public_key": pem,
            "fingerprint": custody.fingerprint(custody.load_public(pem)) if pem else None,
            "entries": [
                {
                    "id": r.id,
                    "seq": r.seq,
                    "at": r.at.isoformat(),
                    "actor": r.actor,
                    "action": r.action,
                    "subject": r.subject,
                    "details": r.details,
                    "prev_hash": r.prev_hash,
                    "entry_hash": r.entry_hash,
                    "signature": r.signature,
                }
                for r in rows
            ],
            "documents": [
                {
                    "id": d.id,
                    "sha256": d.sha256,
                    "original_sha256": d.blob_sha256,
                    "source": d.source,
                    "published": d.published,
                    "ingested_at": as_utc(d.ingested_at).isoformat() if d.ingested_at else None,
                }
                for d in docs
            ],
        }


class _Head:
    def __init__(self, seq: int, entry_hash: str) -> None:
        self.seq, self.entry_hash = seq, entry_hash


def verify_bundle(path: Path, public_key_pem: str | None = None) -> custody.Verdict:
    """Check an exported bundle, with the investigator's own copy of the public key when given."""
    import datetime as dt

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pem = public_key_pem or data["public_key"]
        rows = [
            custody.Row(
                id=e["id"],
                seq=e["seq"],
                at=dt.datetime.fromisoformat(e["at"]),
                actor=e["actor"],
                action=e["action"],
                subject=e["subject"],
                details=e["details"],
                prev_hash=e["prev_hash"],
                entry_hash=e["entry_hash"],
                signature=e["signature"],
            )
            for e in data["entries"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{path} is not a readable custody bundle: {exc}") from None
    if not pem:
        raise StoreError(f"{path} has no public key: pass --public-key FILE")
    return custody.verify_rows(rows, custody.load_public(pem))
