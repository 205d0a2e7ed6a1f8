"""Witnesses of testimonies: sealed identity, keyed-hash lookup, stable pseudonym. Mixed into ``Store``.

The hashing and normalisation are in ``marsad.protect.witness``; this file decides what is stored: the
witness key (random, in ``kv`` sealed under the data key), one ``witness`` row per person (name and
contact sealed, HMAC index, pseudonym) and which document each testimony came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, func, insert, select, update

from marsad.ids import new_id
from marsad.model import AuditEntry
from marsad.protect.crypto import PLACEHOLDER, RecordCipher, is_token, place
from marsad.protect.keys import _b64, _unb64
from marsad.protect.witness import WitnessInput, WitnessKeys, new_witness_key
from marsad.store.base import StoreParts
from marsad.store.schema import document_witness, kv, witness
from marsad.store.timeutil import utcnow

WITNESS_KEY = "protect.witness_key"
WITNESS_KEY_PLACE = "kv.value/protect.witness_key"
_CHUNK = 500


class WitnessStore(StoreParts):
    """Methods of ``Store`` for witnesses (see ``ProtectStore`` for the data key they need)."""

    _witness_keys_cache: WitnessKeys | None = None

    if TYPE_CHECKING:  # implemented by ProtectStore

        def _reader(self) -> RecordCipher | None: ...

        def _writer(self, what: str) -> RecordCipher: ...

    # -- the witness key ---------------------------------------------------------------------------

    def _witness_keys(self, conn: Connection, cipher: RecordCipher) -> WitnessKeys:
        """The installation's witness key, made (and logged) the first time a witness is recorded."""
        if self._witness_keys_cache is not None:
            return self._witness_keys_cache
        value = conn.execute(select(kv.c.value).where(kv.c.key == WITNESS_KEY)).scalar()
        if value is None:
            raw = new_witness_key()
            token = cipher.seal_text(WITNESS_KEY_PLACE, _b64(raw))
            conn.execute(insert(kv), {"key": WITNESS_KEY, "value": {"sealed": token}})
            self._audit(
                conn,
                AuditEntry(
                    action="keys.witness_key",
                    subject="key:witness",
                    actor=self.actor,
                    details={"purpose": "HMAC index and pseudonyms of witnesses", "sealed": True},
                ),
            )
            return WitnessKeys(raw)  # cached only once read back: this transaction may yet roll back
        raw = _unb64(cipher.open_text(value["sealed"], WITNESS_KEY_PLACE))
        self._witness_keys_cache = WitnessKeys(raw)
        return self._witness_keys_cache

    # -- recording -----------------------------------------------------------------------------

    def _witness_in(self, conn: Connection, given: WitnessInput) -> tuple[str, str]:
        """(id, pseudonym) of this witness, recorded now if new; a new contact replaces the old one."""
        cipher = self._writer("the witness's name")
        keys = self._witness_keys(conn, cipher)
        index = keys.index(given.name)
        now = utcnow()
        row = conn.execute(select(witness).where(witness.c.name_index == index)).first()
        if row is not None:
            if given.contact and (
                row.contact is None
                or cipher.open_text(row.contact, place("witness", "contact", row.id)) != given.contact
            ):
                conn.execute(
                    update(witness)
                    .where(witness.c.id == row.id)
                    .values(
                        contact=cipher.seal_text(place("witness", "contact", row.id), given.contact),
                        updated_at=now,
                    )
                )
                self._audit(
                    conn,
                    AuditEntry(
                        action="witness.contact",
                        subject=f"witness:{row.id}",
                        actor=self.actor,
                        details={"pseudonym": row.pseudonym},
                    ),
                )
            return row.id, row.pseudonym
        wid = new_id()
        attempt = 0
        pseudonym = keys.pseudonym(given.name)
        while conn.execute(select(witness.c.id).where(witness.c.pseudonym == pseudonym)).first():
            attempt += 1  # two names on one 40-bit code: rare, resolved the same way every time
            pseudonym = keys.pseudonym(given.name, attempt)
        conn.execute(
            insert(witness),
            dict(
                id=wid,
                name_index=index,
                pseudonym=pseudonym,
                name=cipher.seal_text(place("witness", "name", wid), given.name),
                contact=cipher.seal_text(place("witness", "contact", wid), given.contact)
                if given.contact
                else None,
                created_at=now,
                updated_at=now,
            ),
        )
        self._audit(
            conn,
            AuditEntry(
                action="witness.add",
                subject=f"witness:{wid}",
                actor=self.actor,
                details={"pseudonym": pseudonym},
            ),
        )
        return wid, pseudonym

    def _link_witness(self, conn: Connection, document_id: str, witness_id: str) -> None:
        conn.execute(delete(document_witness).where(document_witness.c.document_id == document_id))
        conn.execute(insert(document_witness), {"document_id": document_id, "witness_id": witness_id})

    def add_witness(self, given: WitnessInput) -> tuple[str, str]:
        """Record a witness on its own (a victim list names them); (id, pseudonym)."""
        with self._tx() as conn:
            return self._witness_in(conn, given)

    # -- reading -------------------------------------------------------------------------------

    def witness_pseudonyms(self, document_ids: Iterable[str]) -> dict[str, str]:
        """document id → the pseudonym of its witness, for documents that have one (no key needed)."""
        ids = list(document_ids)
        out: dict[str, str] = {}
        with self._tx() as conn:
            for i in range(0, len(ids), _CHUNK):
                q = (
                    select(document_witness.c.document_id, witness.c.pseudonym)
                    .join(witness, witness.c.id == document_witness.c.witness_id)
                    .where(document_witness.c.document_id.in_(ids[i : i + _CHUNK]))
                )
                out.update({r.document_id: r.pseudonym for r in conn.execute(q)})
        return out

    def document_witness(self, document_id: str, identity: bool = False) -> dict[str, Any] | None:
        """The witness of a document: pseudonym always; with ``identity`` and the key unlocked, the
        name and contact too (a placeholder for them when the key is locked)."""
        with self._tx() as conn:
            row = conn.execute(
                select(witness)
                .join(document_witness, document_witness.c.witness_id == witness.c.id)
                .where(document_witness.c.document_id == document_id)
            ).first()
        if row is None:
            return None
        found: dict[str, Any] = {"id": row.id, "pseudonym": row.pseudonym}
        if identity:
            found.update(self._witness_identity(row))
        return found

    def witness_by_id(self, witness_id: str, identity: bool = False) -> dict[str, Any] | None:
        with self._tx() as conn:
            row = conn.execute(select(witness).where(witness.c.id == witness_id)).first()
        if row is None:
            return None
        found: dict[str, Any] = {"id": row.id, "pseudonym": row.pseudonym}
        if identity:
            found.update(self._witness_identity(row))
        return found

    def _witness_identity(self, row: Any) -> dict[str, Any]:
        cipher = self._reader()
        if cipher is None:
            return {"name": PLACEHOLDER, "contact": PLACEHOLDER if row.contact else None}
        return {
            "name": cipher.open_text(row.name, place("witness", "name", row.id)),
            "contact": cipher.open_text(row.contact, place("witness", "contact", row.id))
            if row.contact
            else None,
        }

    def witness_count(self) -> int:
        with self._tx() as conn:
            return conn.execute(select(func.count()).select_from(witness)).scalar_one()

    # -- re-encryption under a new data key ----------------------------------------------------

    def _reseal_witnesses(self, conn: Connection, old: RecordCipher, new: RecordCipher) -> int:
        """Open every sealed witness value with ``old`` and seal it again with ``new``; count."""
        n = 0
        value = conn.execute(select(kv.c.value).where(kv.c.key == WITNESS_KEY)).scalar()
        if value is not None:
            raw = old.open_text(value["sealed"], WITNESS_KEY_PLACE)
            conn.execute(
                update(kv)
                .where(kv.c.key == WITNESS_KEY)
                .values(value={"sealed": new.seal_text(WITNESS_KEY_PLACE, raw)})
            )
            n += 1
        for row in conn.execute(select(witness.c.id, witness.c.name, witness.c.contact)).all():
            values = {}
            for col in ("name", "contact"):
                token = getattr(row, col)
                if is_token(token):
                    where = place("witness", col, row.id)
                    values[col] = new.seal_text(where, old.open_text(token, where))
                    n += 1
            if values:
                conn.execute(update(witness).where(witness.c.id == row.id).values(**values))
        return n
