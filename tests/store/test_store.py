"""The store: migrations match the schema, SQLite is set up safely, originals round-trip."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from marsad.errors import NotFoundError, StoreError
from marsad.model import Blob, Document
from marsad.store import Store, sha256_hex
from marsad.store.schema import metadata
from marsad.store.store import _migrations_config


def test_migrations_build_exactly_the_declared_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_sqlite_runs_with_wal_and_foreign_keys(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_reopening_keeps_data_and_does_not_migrate_again(db: Path) -> None:
    data = b"Two men were detained in Jableh."
    sha = sha256_hex(data)
    with Store(str(db)) as first:
        first.add_document(
            Document(sha256=sha, blob_sha256=sha, media_type="text/plain", source="test", text=data.decode()),
            Blob(sha256=sha, data=data, media_type="text/plain", filename="a.txt"),
        )
    with Store(str(db)) as again:
        [doc] = again.list_documents()
        assert again.get_blob(doc.blob_sha256).data == data
        assert again.get_document(doc.id[:30]).id == doc.id  # a unique prefix is enough
        assert again.get_document(sha).id == doc.id
    heads = set(ScriptDirectory.from_config(_migrations_config()).get_heads())
    with sqlite3.connect(db) as conn:
        assert {r for (r,) in conn.execute("SELECT version_num FROM alembic_version")} == heads


def test_a_database_migrated_on_parallel_branches_opens_after_they_are_put_in_line(db: Path) -> None:
    """Stages add tables on branches of their own; once the branches are chained, the older head that a
    database recorded is implied by the newer one and must not stop the database from opening."""
    Store(str(db)).close()
    script = ScriptDirectory.from_config(_migrations_config())
    [head] = script.get_heads()
    parent = script.get_revision(head).down_revision
    assert isinstance(parent, str)
    with sqlite3.connect(db) as conn:  # as a database upgraded while both were heads records them
        conn.execute("INSERT INTO alembic_version VALUES (?)", (parent,))
    Store(str(db)).close()
    with sqlite3.connect(db) as conn:
        assert {r for (r,) in conn.execute("SELECT version_num FROM alembic_version")} == {head}


def test_blob_bytes_must_match_their_hash(store: Store) -> None:
    with pytest.raises(ValueError, match="do not match"):
        store.add_document(
            Document(sha256="0" * 64, blob_sha256="0" * 64, media_type="text/plain", source="t", text="x"),
            Blob(sha256="0" * 64, data=b"x", media_type="text/plain", filename="x"),
        )
    assert store.list_documents() == []  # the failed transaction left nothing behind


def test_unknown_document_and_bad_database_are_clear_errors(store: Store, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no document"):
        store.get_document("01a2-nothing")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create folder"):
        Store(str(blocker / "sub" / "db.sqlite"))
    with pytest.raises(StoreError, match="cannot use database"):
        Store("nosuchdriver://host/db")
