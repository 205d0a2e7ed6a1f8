"""Original bytes, content-addressed by SHA-256.

The only module that reads or writes blob data: encrypting sensitive originals (or moving
them out of the database) later changes this file and nothing else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from sqlalchemy import Connection, insert, select

from marsad.model import Blob
from marsad.store.schema import blob as blob_table
from marsad.store.timeutil import as_utc, utcnow


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put_blob(conn: Connection, blob: Blob, seal: Callable[[Blob], Blob] | None = None) -> bool:
    """Store ``blob`` unless its hash is already there; True when it was new. ``seal`` encrypts a
    sensitive original (the hash stays that of the plain bytes, so it names and verifies them)."""
    if sha256_hex(blob.data) != blob.sha256:
        raise ValueError("blob bytes do not match their sha256")
    exists = conn.execute(select(blob_table.c.sha256).where(blob_table.c.sha256 == blob.sha256)).first()
    if exists:
        return False
    size = blob.size
    if seal is not None:
        blob = seal(blob)
    conn.execute(
        insert(blob_table),
        dict(
            sha256=blob.sha256,
            size=size,
            media_type=blob.media_type,
            filename=blob.filename,
            source=blob.source,
            ingested_at=blob.ingested_at or utcnow(),
            data=blob.data,
        ),
    )
    return True


def get_blob(conn: Connection, sha256: str) -> Blob | None:
    row = conn.execute(select(blob_table).where(blob_table.c.sha256 == sha256)).first()
    if row is None:
        return None
    return Blob(
        sha256=row.sha256,
        data=bytes(row.data),
        media_type=row.media_type,
        filename=row.filename,
        source=row.source,
        ingested_at=as_utc(row.ingested_at),
    )


def replace_blob_data(conn: Connection, blob: Blob) -> None:
    """Overwrite a stored original's bytes and file name (sealing one that was stored in the clear)."""
    from sqlalchemy import update

    conn.execute(
        update(blob_table)
        .where(blob_table.c.sha256 == blob.sha256)
        .values(data=blob.data, filename=blob.filename)
    )
