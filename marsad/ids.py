"""Identifiers: UUIDv7 strings, sortable by creation time and the same on every backend."""

from uuid6 import uuid7


def new_id() -> str:
    """A new globally unique id whose string order is its creation order."""
    return str(uuid7())
