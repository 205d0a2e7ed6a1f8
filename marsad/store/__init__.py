"""Persistence: SQLAlchemy Core over SQLite (default) or PostgreSQL, migrated by Alembic."""

from marsad.store.blobs import sha256_hex
from marsad.store.store import Store, to_url

__all__ = ["Store", "sha256_hex", "to_url"]
