"""What the store's mixins (gazetteer, reports) need from ``Store``: a transaction and the audit writer."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from marsad.model import AuditEntry


class StoreParts:
    """Declared here, implemented by ``Store``, so each mixin stays a small file of its own SQL."""

    actor: str

    def _tx(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _audit(self, conn: Connection, entry: AuditEntry) -> None:
        raise NotImplementedError
