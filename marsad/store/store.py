"""The store: the one place with SQL. Stages call these methods with model records.

Every method that changes state runs in one transaction together with its audit entry
(``_audit``), so the log and the data can never disagree.
"""

from __future__ import annotations

import getpass
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    create_engine,
    event,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from marsad.errors import NotFoundError, StoreError
from marsad.ids import new_id
from marsad.model import (
    AuditEntry,
    Blob,
    Document,
    DroppedPart,
    Language,
    QuarantineEntry,
    QuarantineReason,
)
from marsad.protect.witness import WitnessInput
from marsad.store import blobs, custody
from marsad.store.audit import AuditStore
from marsad.store.gazetteer import GazetteerStore
from marsad.store.incidents import IncidentStore
from marsad.store.protect import ProtectStore
from marsad.store.reports import ReportStore
from marsad.store.schema import audit_log, document, minhash, quarantine, source
from marsad.store.timeutil import as_utc, utcnow
from marsad.store.users import UserStore
from marsad.store.victims import VictimStore
from marsad.store.web_queries import WebQueryStore
from marsad.store.witnesses import WitnessStore

SQLITE_POOL_SIZE = 40


def default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "unknown"


def to_url(db: str) -> str:
    """A bare path means an SQLite file; anything with ``://`` is an SQLAlchemy URL."""
    if "://" in db:
        return db
    path = Path(db).expanduser().resolve()
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _signing_key_path(url: Any, given: str | None) -> Path:
    """The custody log's key: as given, else MARSAD_AUDIT_SIGNING_KEY, else beside an SQLite file,
    else in the per-user data folder (named after the database URL)."""
    chosen = given or os.environ.get("MARSAD_AUDIT_SIGNING_KEY")
    if chosen:
        return Path(chosen).expanduser()
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(f"{url.database}.signing-key")
    name = hashlib.sha256(str(url).encode()).hexdigest()[:16]
    return Path(platformdirs.user_data_dir("marsad")) / f"audit-{name}.signing-key"


def _migrations_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "marsad.store:migrations")
    return cfg


class Store(
    AuditStore,
    GazetteerStore,
    ReportStore,
    IncidentStore,
    UserStore,
    WebQueryStore,
    VictimStore,
    ProtectStore,
    WitnessStore,
):
    """A database holding everything Marsad knows, migrated to the current schema on open."""

    def __init__(
        self, db: str, actor: str | None = None, signing_key: str | None = None, key_file: str | None = None
    ) -> None:
        self.url = to_url(db)
        self.actor = actor or default_actor()
        self.protect_key_file = key_file  # unlocks sensitive documents (see store/protect.py)
        try:
            url = make_url(self.url)
        except ArgumentError:
            raise StoreError(f"not a database path or URL: {db!r}") from None
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            parent = Path(url.database).parent
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create folder {parent} for the database: {exc}") from None
        self.signing_key = custody.SigningKey(_signing_key_path(url, signing_key))
        # an SQLite file: keep a connection per server thread (anyio runs up to 40) instead of opening a
        # new one, with its settings, schema and page cache, whenever more than 5 are busy at once
        file_db = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
        pool = {"pool_size": SQLITE_POOL_SIZE, "max_overflow": 10} if file_db else {}
        try:
            self.engine: Engine = create_engine(self.url, **pool)
        except Exception as exc:  # missing driver, bad URL parts
            raise StoreError(f"cannot use database {db!r}: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            self._migrate()
        except OperationalError as exc:
            raise StoreError(f"cannot open database {db!r}: {exc.orig}") from None

    # -- lifecycle -------------------------------------------------------------------

    def _migrate(self) -> None:
        cfg = _migrations_config()
        # Stages may add tables on branches of their own; every head is applied.
        script = ScriptDirectory.from_config(cfg)
        heads = set(script.get_heads())
        with self.engine.begin() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
            if current == heads:
                return
            # branches applied separately and later put in one line: a recorded revision that is now
            # an ancestor of another recorded one is implied by it, and alembic refuses to see both
            known = {x.revision for x in script.walk_revisions()}
            implied = {
                r.revision
                for top in current & known
                for r in script.iterate_revisions(top, "base")
                if r.revision != top
            } & current
            for revision in implied:
                conn.execute(text("DELETE FROM alembic_version WHERE version_num = :v"), {"v": revision})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    def _audit(self, conn: Connection, entry: AuditEntry) -> None:
        """Append to the audit log: the one writer of audit entries, each chained and signed."""
        self._append_audit(conn, entry)

    def _source_id(self, conn: Connection, name: str) -> str:
        row = conn.execute(select(source.c.id).where(source.c.name == name)).first()
        if row:
            return row.id
        sid = new_id()
        conn.execute(insert(source), dict(id=sid, name=name, created_at=utcnow()))
        return sid

    # -- ingest ----------------------------------------------------------------------

    def document_id_by_sha(self, sha256: str) -> str | None:
        with self._tx() as conn:
            row = conn.execute(select(document.c.id).where(document.c.sha256 == sha256)).first()
        return row.id if row else None

    def known_shas(self, shas: list[str]) -> set[str]:
        """Which of these document hashes are stored already."""
        found: set[str] = set()
        with self._tx() as conn:
            for i in range(0, len(shas), 500):
                chunk = shas[i : i + 500]
                found.update(
                    r.sha256
                    for r in conn.execute(select(document.c.sha256).where(document.c.sha256.in_(chunk)))
                )
        return found

    def add_document(self, doc: Document, blob: Blob, witness: WitnessInput | None = None) -> str:
        """Store a document with its original bytes (and its witness, sealed) and an audit entry, in one
        transaction."""
        doc_id = doc.id or new_id()
        pseudonym = None
        now = utcnow()
        seal = self._seal_document if doc.sensitive else lambda _id, values: values
        with self._tx() as conn:
            blobs.put_blob(conn, blob, self._seal_blob if doc.sensitive else None)
            conn.execute(
                insert(document),
                seal(
                    doc_id,
                    dict(
                        id=doc_id,
                        sha256=doc.sha256,
                        blob_sha256=doc.blob_sha256,
                        locator=doc.locator,
                        media_type=doc.media_type,
                        source_id=self._source_id(conn, doc.source),
                        external_id=doc.external_id,
                        title=doc.title,
                        url=doc.url,
                        author=doc.author,
                        published=doc.published,
                        declared_lang=doc.declared_lang,
                        ingested_at=now,
                        sensitive=doc.sensitive,
                        meta=doc.meta,
                        text=doc.text,
                    ),
                ),
            )
            if witness is not None:  # only testimonies carry one (the ingester checks)
                witness_id, pseudonym = self._witness_in(conn, witness)
                self._link_witness(conn, doc_id, witness_id)
            self._audit(
                conn,
                AuditEntry(
                    action="ingest",
                    subject=f"document:{doc_id}",
                    actor=self.actor,
                    at=now,
                    details={
                        "sha256": doc.sha256,
                        "blob": doc.blob_sha256,
                        "file": blob.filename if not doc.sensitive else "(sensitive)",
                        "locator": doc.locator,
                        **({"sensitive": True} if doc.sensitive else {}),
                        **({"witness": pseudonym} if pseudonym else {}),
                        "source": doc.source,
                    },
                ),
            )
        return doc_id

    def add_quarantine(
        self, entry: QuarantineEntry, blob: Blob | None = None, sensitive: bool = False
    ) -> bool:
        """Record a refused input (keeping its bytes, sealed when sensitive); False if known."""
        ident = entry.sha256 or f"{Path(entry.path).resolve()}:{entry.size}"
        key = f"{entry.reason}:{ident}:{entry.locator or ''}"[:200]
        with self._tx() as conn:
            if conn.execute(select(quarantine.c.id).where(quarantine.c.key == key)).first():
                return False
            if blob is not None:
                blobs.put_blob(conn, blob, self._seal_blob if sensitive else None)
            qid = new_id()
            conn.execute(
                insert(quarantine),
                dict(
                    id=qid,
                    key=key,
                    at=utcnow(),
                    path=entry.path,
                    locator=entry.locator,
                    sha256=entry.sha256 if blob is not None else None,
                    size=entry.size,
                    reason=str(entry.reason),
                    message=entry.message,
                ),
            )
            self._audit(
                conn,
                AuditEntry(
                    action="quarantine",
                    subject=f"quarantine:{qid}",
                    actor=self.actor,
                    details={
                        "path": entry.path,
                        "reason": str(entry.reason),
                        "sha256": entry.sha256,
                        "locator": entry.locator,
                    },
                ),
            )
        return True

    # -- clean -----------------------------------------------------------------------

    def pending_clean(self, version: int, limit: int) -> list[Document]:
        """Documents not yet cleaned at ``version``, oldest first."""
        q = _document_select().where(
            or_(document.c.clean_version.is_(None), document.c.clean_version < version)
        )
        if self._reader() is None:  # sensitive documents wait until the key is unlocked
            q = q.where(document.c.sensitive.is_(False))
        with self._tx() as conn:
            rows = conn.execute(q.order_by(document.c.id).limit(limit)).all()
        return [self._open_document(_document(r)) for r in rows]

    def count_pending_clean(self, version: int) -> int:
        with self._tx() as conn:
            q = select(func.count()).where(
                or_(document.c.clean_version.is_(None), document.c.clean_version < version)
            )
            if self._reader() is None:
                q = q.where(document.c.sensitive.is_(False))
            return conn.execute(q).scalar_one()

    def signatures(self, version: int) -> Iterator[tuple[str, str | None, bytes]]:
        """(id, near_duplicate_of, signature) of documents cleaned at ``version``, oldest first."""
        with self._tx() as conn:
            result = conn.execute(
                select(document.c.id, document.c.near_duplicate_of, minhash.c.signature)
                .join(minhash, minhash.c.document_id == document.c.id)
                .where(document.c.clean_version == version)
                .order_by(document.c.id)
            )
            for row in result:
                yield row.id, row.near_duplicate_of, bytes(row.signature)

    def save_cleaned(self, docs: list[Document], signatures: dict[str, bytes], num_perm: int) -> None:
        """Write the clean stage's results for a batch, atomically."""
        ids = [d.id for d in docs]
        with self._tx() as conn:
            conn.execute(
                update(document).where(document.c.id == bindparam("doc_id")),
                [
                    {
                        "doc_id": doc.id,
                        "lang": str(doc.lang) if doc.lang else None,
                        "near_duplicate_of": doc.near_duplicate_of,
                        "near_duplicate_score": doc.near_duplicate_score,
                        "clean_version": doc.clean_version,
                        **(self._seal_document if doc.sensitive else lambda _id, values: values)(
                            doc.id or "",
                            {
                                "clean_text": doc.clean_text,
                                "dropped": [_dropped_dict(d) for d in doc.dropped],
                            },
                        ),
                    }
                    for doc in docs
                ],
            )
            conn.execute(minhash.delete().where(minhash.c.document_id.in_(ids)))
            conn.execute(
                insert(minhash),
                [{"document_id": i, "num_perm": num_perm, "signature": signatures[i]} for i in ids],
            )
            self._audit(
                conn,
                AuditEntry(
                    action="clean",
                    subject="documents",
                    actor=self.actor,
                    details={
                        "version": docs[0].clean_version if docs else None,
                        "documents": [d.id for d in docs],
                        "near_duplicates": {d.id: d.near_duplicate_of for d in docs if d.near_duplicate_of},
                    },
                ),
            )

    # -- reading ---------------------------------------------------------------------

    def get_document(self, ref: str) -> Document:
        """By full id, unique id prefix (8+ characters) or SHA-256."""
        with self._tx() as conn:
            rows = conn.execute(
                _document_select().where(or_(document.c.id == ref, document.c.sha256 == ref.lower()))
            ).all()
            if not rows and len(ref) >= 8:
                rows = conn.execute(
                    _document_select().where(document.c.id.startswith(ref, autoescape=True)).limit(2)
                ).all()
        if not rows:
            raise NotFoundError(f"no document {ref!r} (see `marsad docs list`)")
        if len(rows) > 1:
            raise NotFoundError(f"{ref!r} matches several documents; give more of the id")
        return self._open_document(_document(rows[0]))

    def near_duplicates_of(self, doc_id: str) -> list[str]:
        with self._tx() as conn:
            return [
                r.id
                for r in conn.execute(
                    select(document.c.id)
                    .where(document.c.near_duplicate_of == doc_id)
                    .order_by(document.c.id)
                )
            ]

    def get_blob(self, sha256: str) -> Blob:
        with self._tx() as conn:
            found = blobs.get_blob(conn, sha256)
        if found is None:
            raise NotFoundError(f"no original stored with sha256 {sha256}")
        return self._open_blob(found)

    def list_documents(
        self,
        *,
        lang: str | None = None,
        source_name: str | None = None,
        near_duplicates: bool | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Document]:
        q = _document_select().order_by(document.c.id).limit(limit).offset(offset)
        if lang:
            q = q.where(document.c.lang == lang)
        if source_name:
            q = q.where(source.c.name == source_name)
        if near_duplicates is True:
            q = q.where(document.c.near_duplicate_of.is_not(None))
        elif near_duplicates is False:
            q = q.where(document.c.near_duplicate_of.is_(None))
        with self._tx() as conn:
            docs = [_document(r) for r in conn.execute(q)]
        return [self._open_document(d) for d in docs]

    def list_quarantine(self) -> list[QuarantineEntry]:
        with self._tx() as conn:
            rows = conn.execute(select(quarantine).order_by(quarantine.c.id)).all()
        return [
            QuarantineEntry(
                id=r.id,
                at=as_utc(r.at),
                path=r.path,
                locator=r.locator,
                sha256=r.sha256,
                size=r.size,
                reason=QuarantineReason(r.reason),
                message=r.message,
            )
            for r in rows
        ]

    def status(self) -> dict[str, Any]:
        """Counts a user checks after a batch: by language and source, duplicates, quarantine."""
        with self._tx() as conn:
            total = conn.execute(select(func.count()).select_from(document)).scalar_one()
            by_lang = {
                (r[0] or "not cleaned"): r[1]
                for r in conn.execute(select(document.c.lang, func.count()).group_by(document.c.lang))
            }
            by_source = {
                r[0]: r[1]
                for r in conn.execute(
                    select(source.c.name, func.count(document.c.id))
                    .join(document, document.c.source_id == source.c.id)
                    .group_by(source.c.name)
                    .order_by(source.c.name)
                )
            }
            near = conn.execute(
                select(func.count()).where(document.c.near_duplicate_of.is_not(None))
            ).scalar_one()
            dropped_docs = conn.execute(
                select(document.c.dropped).where(document.c.dropped.is_not(None))
            ).all()
            by_reason = {
                r[0]: r[1]
                for r in conn.execute(select(quarantine.c.reason, func.count()).group_by(quarantine.c.reason))
            }
        dropped: dict[str, int] = {}
        for (parts,) in dropped_docs:
            for part in parts or []:
                dropped[part["kind"]] = dropped.get(part["kind"], 0) + 1
        return {
            "documents": total,
            "by_language": by_lang,
            "by_source": by_source,
            "near_duplicates": near,
            "dropped_parts": dropped,
            "quarantined": sum(by_reason.values()),
            "quarantine_by_reason": by_reason,
        }

    def audit_entries(self, subject: str | None = None) -> list[AuditEntry]:
        q = select(audit_log).order_by(audit_log.c.id)
        if subject:
            q = q.where(audit_log.c.subject == subject)
        with self._tx() as conn:
            return [
                AuditEntry(
                    id=r.id,
                    at=as_utc(r.at),
                    actor=r.actor,
                    action=r.action,
                    subject=r.subject,
                    details=r.details,
                )
                for r in conn.execute(q)
            ]


def _document_select():  # type: ignore[no-untyped-def]
    return select(document, source.c.name.label("source_name")).join(
        source, source.c.id == document.c.source_id
    )


def _dropped_dict(part: DroppedPart) -> dict[str, Any]:
    return {
        "kind": part.kind,
        "text": part.text,
        "paragraph": part.paragraph,
        "duplicate_of": part.duplicate_of,
    }


def _document(r: Any) -> Document:
    return Document(
        id=r.id,
        sha256=r.sha256,
        blob_sha256=r.blob_sha256,
        locator=r.locator,
        media_type=r.media_type,
        source=r.source_name,
        external_id=r.external_id,
        title=r.title,
        url=r.url,
        author=r.author,
        published=r.published,
        declared_lang=r.declared_lang,
        ingested_at=as_utc(r.ingested_at),
        sensitive=r.sensitive,
        meta=r.meta or {},
        text=r.text,
        lang=Language(r.lang) if r.lang else None,
        clean_text=r.clean_text,
        dropped=[DroppedPart(**d) for d in (r.dropped or [])],
        near_duplicate_of=r.near_duplicate_of,
        near_duplicate_score=r.near_duplicate_score,
        clean_version=r.clean_version,
    )
