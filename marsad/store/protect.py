"""Encryption at rest in the store: the wrapped data key (in ``kv``), unlocking it, sealing and opening
the values of sensitive documents, key events in the custody log, and a consistent snapshot for backups.

Mixed into ``Store``. The cryptography lives in ``marsad.protect``; this file only decides what is
sealed where. The data key is unlocked lazily, the first time a sensitive value is read or written, from
the key file (``--key-file``, ``[protect] key_file``, ``MARSAD_PROTECT_KEY_FILE``) or ``MARSAD_PASSPHRASE``:
commands that never touch sensitive data never run the (deliberately slow) key derivation.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, text, update
from sqlalchemy.engine import make_url

from marsad.errors import StoreError
from marsad.model import AuditEntry, Blob, Document, DroppedPart
from marsad.protect.crypto import PLACEHOLDER, RecordCipher, is_token, place, require, reveal
from marsad.protect.errors import KeyLockedError, NoDataKeyError, ProtectError
from marsad.protect.keys import Credential, KeyRecord, credential_from_env, new_data_key, wrap
from marsad.protect.witness import WitnessInput
from marsad.store.base import StoreParts
from marsad.store.schema import blob as blob_table
from marsad.store.schema import document, kv

KEY = "protect.key"
VICTIMS_SEALED = "protect.victims_sealed"
#: document columns a sensitive document keeps sealed (besides ``meta`` and the text of ``dropped`` parts)
SEALED_COLUMNS = ("text", "clean_text", "title", "author", "url")


class ProtectStore(StoreParts):
    """Methods of ``Store`` for sensitive data and its key."""

    url: str
    protect_key_file: str | None = None
    _cipher: RecordCipher | None = None
    _unlock_tried: bool = False

    # -- the key -------------------------------------------------------------------------------

    def key_record(self) -> KeyRecord | None:
        with self._tx() as conn:
            value = conn.execute(select(kv.c.value).where(kv.c.key == KEY)).scalar()
        return KeyRecord.from_dict(value, "the data key record in the database") if value else None

    @property
    def unlocked(self) -> bool:
        return self._cipher is not None

    def unlock(self, creds: list[Credential]) -> None:
        """Unwrap the data key with one of ``creds`` (the one of the kind it was wrapped under)."""
        record = self.key_record()
        if record is None:
            raise NoDataKeyError("this database has no data key yet: run `marsad keys init`")
        self._cipher = RecordCipher(record.unwrap_any(creds))
        self._unlock_tried = True

    def lock(self) -> None:
        self._cipher, self._unlock_tried = None, True
        self._witness_keys_cache = None

    def _reader(self) -> RecordCipher | None:
        """The cipher when the key is (or can be, from the environment) unlocked; None when locked.
        A credential that is given but wrong is an error, never silently "locked"."""
        if self._cipher is None and not self._unlock_tried:
            self._unlock_tried = True
            creds = credential_from_env(self.protect_key_file)
            record = self.key_record()
            if record is not None and any(c.kind == record.kind for c in creds):
                self._cipher = RecordCipher(record.unwrap_any(creds))
        return self._cipher

    def _writer(self, what: str) -> RecordCipher:
        cipher = self._reader()
        if cipher is None:
            if self.key_record() is None:
                raise NoDataKeyError(
                    f"cannot encrypt {what}: this database has no data key yet; "
                    "run `marsad keys init` first (nothing was stored)"
                )
            record = self.key_record()
            how = "set MARSAD_PASSPHRASE" if record and record.kind == "passphrase" else "give --key-file"
            raise KeyLockedError(f"cannot encrypt {what}: the data key is locked; {how} (nothing was stored)")
        assert cipher is not None
        return cipher

    def init_data_key(self, cred: Credential, scrypt_log2_n: int = 17) -> KeyRecord:
        """Make the data key and store it wrapped under ``cred``; refuses when there is one already."""
        if self.key_record() is not None:
            raise ProtectError(
                "this database has a data key already: `marsad keys rotate` changes what unlocks it"
            )
        data_key = new_data_key()
        record = wrap(data_key, cred, scrypt_log2_n=scrypt_log2_n)
        with self._tx() as conn:
            conn.execute(insert(kv), {"key": KEY, "value": record.as_dict()})
            self._key_event(conn, "keys.init", record, cred)
        self._cipher, self._unlock_tried = RecordCipher(data_key), True
        return record

    def rotate_data_key(
        self,
        new: Credential,
        old: list[Credential],
        *,
        data_key: bytes | None = None,
        scrypt_log2_n: int = 17,
    ) -> KeyRecord:
        """Re-wrap the same data key under ``new``: nothing sealed is rewritten. The current key comes
        from ``old`` credentials, or is given (opened from a recovery file)."""
        current = self.key_record()
        if current is None:
            raise NoDataKeyError("this database has no data key yet: run `marsad keys init`")
        key = data_key if data_key is not None else current.unwrap_any(old)
        record = wrap(
            key, new, key_id=current.key_id, created_at=current.created_at, scrypt_log2_n=scrypt_log2_n
        )
        with self._tx() as conn:
            conn.execute(delete(kv).where(kv.c.key == KEY))
            conn.execute(insert(kv), {"key": KEY, "value": record.as_dict()})
            self._key_event(
                conn, "keys.rotate", record, new, {"from": current.kind, "recovery": data_key is not None}
            )
        self._cipher, self._unlock_tried = RecordCipher(key), True
        return record

    def recovery_record(
        self, recovery: Credential, old: list[Credential], scrypt_log2_n: int = 17
    ) -> KeyRecord:
        """The data key wrapped under a separate recovery secret, for a file kept apart; logged."""
        current = self.key_record()
        if current is None:
            raise NoDataKeyError("this database has no data key yet: run `marsad keys init`")
        key = current.unwrap_any(old)
        record = wrap(
            key,
            recovery,
            key_id=current.key_id,
            created_at=current.created_at,
            scrypt_log2_n=scrypt_log2_n,
            purpose="recovery",
        )
        with self._tx() as conn:
            self._key_event(conn, "keys.export_recovery", record, recovery)
        return record

    def _key_event(
        self,
        conn: Connection,
        action: str,
        record: KeyRecord,
        cred: Credential,
        extra: dict[str, Any] | None = None,
    ) -> None:
        details = {"key_id": record.key_id, "kdf": record.kdf["name"], "credential": cred.kind}
        if "log2_n" in record.kdf:
            details["scrypt_log2_n"] = record.kdf["log2_n"]
        self._audit(
            conn,
            AuditEntry(
                action=action,
                subject=f"key:{record.key_id}",
                actor=self.actor,
                details={**details, **(extra or {})},
            ),
        )

    def record_protect_event(self, action: str, subject: str, details: dict[str, Any]) -> None:
        """A backup or restore in the custody log."""
        with self._tx() as conn:
            self._audit(conn, AuditEntry(action=action, subject=subject, actor=self.actor, details=details))

    def protect_status(self) -> dict[str, Any]:
        record = self.key_record()
        with self._tx() as conn:
            sensitive = conn.execute(
                select(func.count()).select_from(document).where(document.c.sensitive.is_(True))
            ).scalar_one()
        return {
            "data_key": record is not None,
            "key_id": record.key_id if record else None,
            "wrapped_under": record.kind if record else None,
            "kdf": {k: v for k, v in record.kdf.items() if k != "salt"} if record else None,
            "created_at": record.created_at if record else None,
            "wrapped_at": record.wrapped_at if record else None,
            "sensitive_documents": sensitive,
            "sealed_originals": self.sealed_blob_count(),
            "unlocked": self._cipher is not None,
        }

    # -- sealing documents ---------------------------------------------------------------------

    def reveal(self, value: Any) -> Any:
        """Any value read from the store with sealed texts opened (or shown as a placeholder when locked)."""
        return reveal(value, self._reader())

    def _seal_document(self, doc_id: str, values: dict[str, Any]) -> dict[str, Any]:
        cipher = self._writer(f"document {doc_id}")
        sealed = dict(values)
        for col in SEALED_COLUMNS:
            if sealed.get(col) is not None:
                sealed[col] = cipher.seal_text(place("document", col, doc_id), sealed[col])
        if sealed.get("meta"):
            import json

            sealed["meta"] = {
                "sealed": cipher.seal_text(place("document", "meta", doc_id), json.dumps(sealed["meta"]))
            }
        if sealed.get("dropped"):
            sealed["dropped"] = [
                {**d, "text": cipher.seal_text(place("document", "dropped", f"{doc_id}/{i}"), d["text"])}
                for i, d in enumerate(sealed["dropped"])
            ]
        return sealed

    def _open_document(self, doc: Document) -> Document:
        """Open a sensitive document's sealed fields in place; placeholders when the key is locked."""
        if not doc.sensitive:
            return doc
        cipher = self._reader()
        assert doc.id is not None
        for col in SEALED_COLUMNS:
            value = getattr(doc, col)
            if is_token(value):
                opened = cipher.open_text(value, place("document", col, doc.id)) if cipher else PLACEHOLDER
                setattr(doc, col, opened)
        if isinstance(doc.meta, dict) and is_token(doc.meta.get("sealed")):
            import json

            doc.meta = (
                json.loads(cipher.open_text(doc.meta["sealed"], place("document", "meta", doc.id)))
                if cipher
                else {"sealed": PLACEHOLDER}
            )
        doc.dropped = [
            DroppedPart(
                kind=p.kind,
                text=(
                    cipher.open_text(p.text, place("document", "dropped", f"{doc.id}/{i}"))
                    if cipher
                    else PLACEHOLDER
                )
                if is_token(p.text)
                else p.text,
                paragraph=p.paragraph,
                duplicate_of=p.duplicate_of,
            )
            for i, p in enumerate(doc.dropped)
        ]
        return doc

    def require_readable(self, doc: Document) -> None:
        """Raise a clear error (not a placeholder) when a sensitive document cannot be opened."""
        if doc.sensitive and self._reader() is None:
            raise KeyLockedError(
                f"document {doc.id} is a sensitive document (testimony), encrypted at rest: unlock its key "
                "with MARSAD_PASSPHRASE or --key-file to read it"
            )

    def _seal_blob(self, blob: Blob) -> Blob:
        cipher = self._writer(f"the original of {blob.filename}")
        return Blob(
            sha256=blob.sha256,
            data=cipher.seal_bytes(place("blob", "data", blob.sha256), blob.data),
            media_type=blob.media_type,
            filename=cipher.seal_text(place("blob", "filename", blob.sha256), blob.filename),
            source=blob.source,
            ingested_at=blob.ingested_at,
        )

    def _open_blob(self, blob: Blob, stored_size: int | None = None) -> Blob:
        """Original bytes: as stored when they hash to their name, else opened (sealed ones)."""
        from marsad.store.blobs import sha256_hex

        if sha256_hex(blob.data) == blob.sha256:
            return blob
        cipher = require(self._reader(), f"the original file {blob.sha256[:12]}")
        data = cipher.open_bytes(place("blob", "data", blob.sha256), blob.data)
        if sha256_hex(data) != blob.sha256:
            raise StoreError(f"the original {blob.sha256} does not match its hash: it was altered")
        name = blob.filename
        if is_token(name):
            name = cipher.open_text(name, place("blob", "filename", blob.sha256))
        return Blob(
            sha256=blob.sha256,
            data=data,
            media_type=blob.media_type,
            filename=name,
            source=blob.source,
            ingested_at=blob.ingested_at,
        )

    def _is_sensitive(self, conn: Connection, document_id: str) -> bool:
        return bool(conn.execute(select(document.c.sensitive).where(document.c.id == document_id)).scalar())

    # -- backups -------------------------------------------------------------------------------

    def sqlite_file(self) -> Path:
        url = make_url(self.url)
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            raise StoreError(
                "`marsad backup` snapshots SQLite databases; back up PostgreSQL with pg_dump and encrypt it"
            )
        return Path(url.database)

    def snapshot_to(self, target: Path) -> None:
        """A consistent copy of the live database (SQLite's online backup API: readers and writers
        may carry on; the copy is one committed state, WAL included)."""
        self.sqlite_file()
        raw = self.engine.raw_connection()  # type: ignore[attr-defined]
        try:
            dst = sqlite3.connect(target)
            try:
                raw.driver_connection.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                dst.close()
        finally:
            raw.close()

    def integrity_problems(self) -> list[str]:
        """SQLite's own check of every page and index; empty when the file is sound."""
        with self._tx() as conn:
            rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
        return [] if rows == ["ok"] else rows

    def checkpoint(self) -> None:
        """Move the write-ahead log into the database file (tests read the file's bytes after this)."""
        with self._tx() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))

    def sealed_blob_count(self) -> int:
        with self._tx() as conn:
            return conn.execute(
                select(func.count())
                .select_from(blob_table)
                .where(func.substr(blob_table.c.data, 1, 10) == b"MARSADENC1")
            ).scalar_one()

    def _seal_evidence(self, report_id: str, event: dict[str, Any]) -> dict[str, Any]:
        """A report of a sensitive document keeps its evidence sentence sealed."""
        if not event.get("evidence"):
            return event
        cipher = self._writer(f"the evidence of report {report_id}")
        return {
            **event,
            "evidence": cipher.seal_text(place("report", "evidence", report_id), event["evidence"]),
        }

    def ensure_can_seal(self, what: str = "sensitive documents") -> None:
        """Refuse up front (before any file is read) when sensitive values could not be encrypted."""
        self._writer(what)

    # -- sealing what was stored in the clear --------------------------------------------------

    def wipe_free_space(self) -> None:
        """Rebuild the SQLite file (VACUUM) so no free page or cell keeps an old value: text stored in
        the clear before it was sealed, or ciphertext under a replaced data key. Takes time and disk
        space proportional to the database; PostgreSQL is left to its own VACUUM."""
        if self.engine.dialect.name != "sqlite":  # type: ignore[attr-defined]
            return
        from sqlalchemy.exc import OperationalError

        try:
            self.checkpoint()
            engine = self.engine  # type: ignore[attr-defined]
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM")
            self.checkpoint()
        except OperationalError as exc:
            raise StoreError(
                f"the values are sealed, but the file could not be rebuilt to wipe old copies ({exc.orig}): "
                "stop other users of the database (marsad serve) and run `marsad keys compact`"
            ) from None

    @contextmanager
    def _wiping_tx(self) -> Iterator[Connection]:
        """A transaction whose overwritten and deleted values are zeroed on disk (SQLite's
        ``secure_delete``), followed by a checkpoint that truncates the write-ahead log: replacing a
        plain text (or a ciphertext under a leaked key) must not leave the old bytes in a free page."""
        sqlite = self.engine.dialect.name == "sqlite"  # type: ignore[attr-defined]
        with self.engine.connect() as conn:  # type: ignore[attr-defined]
            if sqlite:
                conn.exec_driver_sql("PRAGMA secure_delete=ON")
                conn.commit()
            try:
                with conn.begin():
                    yield conn
            finally:
                if sqlite:
                    conn.exec_driver_sql("PRAGMA secure_delete=OFF")
                    conn.commit()
        if sqlite:
            self.checkpoint()

    def seal_existing(self, document_id: str, witness: WitnessInput | None = None) -> dict[str, Any]:
        """Make a document stored in the clear a testimony, in place and in one audited transaction:
        text, title, meta, dropped parts, the original's bytes and name, the evidence of its reports
        (and where incidents quote it). Never unseals. With ``witness``, links one if it has none.
        Returns what was done: {"sealed": bool, "witness": pseudonym or None}."""
        from marsad.store import blobs
        from marsad.store.schema import document_witness, incident, incident_report, report

        self._writer(f"document {document_id}")  # refuse before reading anything when it cannot seal
        done: dict[str, Any] = {"sealed": False, "witness": None}
        with self._wiping_tx() as conn:
            row = conn.execute(select(document).where(document.c.id == document_id)).first()
            if row is None:
                raise StoreError(f"no document {document_id}")
            if (
                witness is not None
                and not conn.execute(
                    select(document_witness.c.witness_id).where(document_witness.c.document_id == document_id)
                ).first()
            ):
                wid, done["witness"] = self._witness_in(conn, witness)  # type: ignore[attr-defined]
                self._link_witness(conn, document_id, wid)  # type: ignore[attr-defined]
            if row.sensitive:
                if done["witness"]:
                    self._audit(
                        conn,
                        AuditEntry(
                            action="witness.link",
                            subject=f"document:{document_id}",
                            actor=self.actor,
                            details={"witness": done["witness"]},
                        ),
                    )
                return done
            values = self._seal_document(
                document_id,
                {**{c: getattr(row, c) for c in SEALED_COLUMNS}, "meta": row.meta, "dropped": row.dropped},
            )
            conn.execute(
                update(document).where(document.c.id == document_id).values(**values, sensitive=True)
            )
            stored = blobs.get_blob(conn, row.blob_sha256)
            blob_sealed = False
            if stored is not None and blobs.sha256_hex(stored.data) == stored.sha256:
                blobs.replace_blob_data(conn, self._seal_blob(stored))
                blob_sealed = True
            sealed_reports: dict[str, str] = {}
            for r in conn.execute(
                select(report.c.id, report.c.data).where(report.c.document_id == document_id)
            ):
                evidence = (r.data or {}).get("evidence")
                if evidence and not is_token(evidence):
                    data = self._seal_evidence(r.id, r.data)
                    conn.execute(update(report).where(report.c.id == r.id).values(data=data))
                    sealed_reports[r.id] = data["evidence"]
            quoted = 0
            if sealed_reports:
                q = (
                    select(incident.c.id, incident.c.data)
                    .join(incident_report, incident_report.c.incident_id == incident.c.id)
                    .where(incident_report.c.report_id.in_(list(sealed_reports)))
                    .distinct()
                )
                for inc in conn.execute(q).all():
                    data = dict(inc.data)
                    claims = [
                        {**c, "evidence": sealed_reports[c["report_id"]]}
                        if c.get("report_id") in sealed_reports and not is_token(c.get("evidence"))
                        else c
                        for c in data.get("claims", [])
                    ]
                    if claims != data.get("claims", []):
                        conn.execute(
                            update(incident)
                            .where(incident.c.id == inc.id)
                            .values(data={**data, "claims": claims})
                        )
                        quoted += 1
            self._audit(
                conn,
                AuditEntry(
                    action="protect.seal",
                    subject=f"document:{document_id}",
                    actor=self.actor,
                    details={
                        "reason": "re-ingested as sensitive",
                        "original_sealed": blob_sealed,
                        "reports": len(sealed_reports),
                        "incidents": quoted,
                        **({"witness": done["witness"]} if done["witness"] else {}),
                    },
                ),
            )
            done["sealed"] = True
        return done

    # -- sensitive columns of victim lists -----------------------------------------------------

    def _seal_victims(
        self, conn: Connection, rows: list[dict[str, Any]], values: list[dict[str, Any]]
    ) -> int:
        """Seal the sensitive values the importer took out of each row (``row["sensitive"]``) into
        the row about to be inserted; a named witness becomes a witness record. Count of values."""
        if not any(r.get("sensitive") for r in rows):
            return 0
        from marsad.protect.victims import WITNESS_CONTACT, WITNESS_NAME, column_place

        cipher = self._writer("the sensitive columns of the victim list")
        n = 0
        for r, v in zip(rows, values, strict=True):
            taken = dict(r.get("sensitive") or {})
            if not taken:
                continue
            vid, data = v["id"], dict(v["data"])
            name = taken.pop(WITNESS_NAME, None)
            if name:
                given = WitnessInput.of(name, taken.pop(WITNESS_CONTACT, None), where=f"line {r.get('line')}")
                data["witness_id"], data["witness"] = self._witness_in(conn, given)  # type: ignore[attr-defined]
                n += 1 + (given.contact is not None)
            if "notes" in taken:
                v["notes"] = cipher.seal_text(place("victim", "notes", vid), taken.pop("notes"))
                n += 1
            if taken:
                data["sealed"] = {c: cipher.seal_text(column_place(vid, c), t) for c, t in taken.items()}
                n += len(taken)
            v["data"] = data
        if conn.execute(select(kv.c.key).where(kv.c.key == VICTIMS_SEALED)).first() is None:
            conn.execute(insert(kv), {"key": VICTIMS_SEALED, "value": {"since": v["created_at"].isoformat()}})
        return n

    def victims_sealed(self) -> bool:
        """Whether any victim list had sensitive columns (exports then carry the witness column)."""
        with self._tx() as conn:
            return conn.execute(select(kv.c.key).where(kv.c.key == VICTIMS_SEALED)).first() is not None

    def victim_protected(self, reveal: bool = False) -> dict[str, dict[str, Any]]:
        """victim id → its witness pseudonym and, with ``reveal`` (the key must be unlocked), its sealed
        values opened: ``witness_name``, ``witness_contact``, ``notes`` and each sealed column."""
        from sqlalchemy import Text, cast, or_

        from marsad.protect.victims import column_place
        from marsad.store.schema import victim

        cipher = require(self._reader(), "revealing sealed victim columns") if reveal else None
        q = select(victim.c.id, victim.c.notes, victim.c.data).where(
            or_(
                victim.c.notes.startswith("enc1:"),
                cast(victim.c.data, Text).like('%"witness_id"%'),
                cast(victim.c.data, Text).like('%"sealed"%'),
            )
        )
        out: dict[str, dict[str, Any]] = {}
        witnesses: dict[str, dict[str, Any]] = {}
        with self._tx() as conn:
            rows = conn.execute(q).all()
        for r in rows:
            data = r.data or {}
            found: dict[str, Any] = {"witness": data.get("witness")}
            if cipher is not None:
                wid = data.get("witness_id")
                if wid:
                    if wid not in witnesses:
                        witnesses[wid] = self.witness_by_id(wid, identity=True) or {}  # type: ignore[attr-defined]
                    found["witness_name"] = witnesses[wid].get("name")
                    found["witness_contact"] = witnesses[wid].get("contact")
                if is_token(r.notes):
                    found["notes"] = cipher.open_text(r.notes, place("victim", "notes", r.id))
                for col, token in (data.get("sealed") or {}).items():
                    found[col] = cipher.open_text(token, column_place(r.id, col))
            out[r.id] = found
        return out

    # -- a new data key ------------------------------------------------------------------------

    def new_data_key(
        self,
        new: Credential,
        old: list[Credential],
        *,
        data_key: bytes | None = None,
        scrypt_log2_n: int = 17,
    ) -> tuple[KeyRecord, dict[str, int]]:
        """Replace the data key itself: every sealed value (documents, originals, evidence, incidents'
        quotes, witnesses, victim columns, the witness key) is opened with the old key and sealed with a
        fresh one, and the fresh one is wrapped under ``new`` — all in one transaction, so a failure
        leaves the old key and every value as they were. Old bytes are wiped (secure_delete)."""
        from marsad.protect.crypto import reseal
        from marsad.store import blobs
        from marsad.store.schema import incident, report, victim, witness

        current = self.key_record()
        if current is None:
            raise NoDataKeyError("this database has no data key yet: run `marsad keys init`")
        old_cipher = RecordCipher(data_key if data_key is not None else current.unwrap_any(old))
        fresh = new_data_key()
        cipher = RecordCipher(fresh)
        record = wrap(fresh, new, scrypt_log2_n=scrypt_log2_n)
        counts: dict[str, int] = {}
        # (table, key column, columns that may hold sealed texts, which rows)
        plan = [
            (
                document,
                document.c.id,
                ("text", "clean_text", "title", "author", "url", "meta", "dropped"),
                document.c.sensitive.is_(True),
            ),
            (report, report.c.id, ("data",), None),
            (incident, incident.c.id, ("data",), None),
            (victim, victim.c.id, ("notes", "data"), None),
            (witness, witness.c.id, ("name", "contact"), None),
            (kv, kv.c.key, ("value",), kv.c.key != KEY),
        ]
        with self._wiping_tx() as conn:
            for table, pk, cols, where in plan:
                q = select(pk, *(table.c[c] for c in cols))
                if where is not None:
                    q = q.where(where)
                n = 0
                for row in conn.execute(q).all():
                    changed: dict[str, Any] = {}
                    for c in cols:
                        value, k = reseal(getattr(row, c), old_cipher, cipher)
                        if k:
                            changed[c], n = value, n + k
                    if changed:
                        conn.execute(update(table).where(pk == row[0]).values(**changed))
                counts[table.name] = n
            n = 0
            shas = (
                conn.execute(
                    select(blob_table.c.sha256).where(func.substr(blob_table.c.data, 1, 10) == b"MARSADENC1")
                )
                .scalars()
                .all()
            )
            for sha in shas:
                stored = blobs.get_blob(conn, sha)
                assert stored is not None
                where = place("blob", "data", sha)
                name, _ = reseal(stored.filename, old_cipher, cipher)
                stored.data = cipher.seal_bytes(where, old_cipher.open_bytes(where, stored.data))
                stored.filename = name
                blobs.replace_blob_data(conn, stored)
                n += 1
            counts["blob"] = n
            conn.execute(delete(kv).where(kv.c.key == KEY))
            conn.execute(insert(kv), {"key": KEY, "value": record.as_dict()})
            self._key_event(
                conn,
                "keys.rotate",
                record,
                new,
                {"new_data_key": True, "previous_key_id": current.key_id, "resealed": counts},
            )
        self._cipher, self._unlock_tried = cipher, True
        self._witness_keys_cache = None
        self.wipe_free_space()  # old ciphertext, under the key that may have leaked, out of free pages
        return record, counts
