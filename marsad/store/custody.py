"""The custody log's cryptography: each audit entry holds the SHA-256 of the one before it and an
Ed25519 signature by the installation's key, so an edited, deleted, reordered or forged row is found.

No SQL here (the store owns that); this module only canonicalises, hashes, signs and checks.
The signing key lives outside the database: whoever copies or seizes the database alone cannot
write entries that verify.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from marsad.errors import StoreError

GENESIS = "0" * 64


def canonical_details(details: Any) -> Any:
    """Details as they read back from the database (JSON types only), so hashes match after a round trip."""
    return json.loads(json.dumps(details, ensure_ascii=False, default=str))


def _timestamp(at: dt.datetime) -> str:
    at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def entry_hash(
    seq: int, at: dt.datetime, actor: str, action: str, subject: str, details: Any, prev: str
) -> str:
    body = json.dumps(
        {
            "seq": seq,
            "at": _timestamp(at),
            "actor": actor,
            "action": action,
            "subject": subject,
            "details": details,
            "prev": prev,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def fingerprint(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_public(pem: str | bytes) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    except ValueError as exc:
        raise StoreError(f"not a PEM public key: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise StoreError("the public key is not an Ed25519 key")
    return key


class SigningKey:
    """The installation's Ed25519 key, kept in a file readable only by its owner."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._key: Ed25519PrivateKey | None = None

    def exists(self) -> bool:
        return self.path.is_file()

    def load(self, create: bool) -> Ed25519PrivateKey:
        if self._key is not None:
            return self._key
        if self.path.is_file():
            try:
                key = serialization.load_pem_private_key(self.path.read_bytes(), password=None)
            except (ValueError, OSError) as exc:
                raise StoreError(f"cannot read the audit signing key {self.path}: {exc}") from None
            if not isinstance(key, Ed25519PrivateKey):
                raise StoreError(f"{self.path} is not an Ed25519 key")
            self._key = key
            return key
        if not create:
            raise StoreError(
                f"the audit signing key of this database is not at {self.path}: restore it there, or set "
                "MARSAD_AUDIT_SIGNING_KEY to where it is (entries signed with another key would not verify)"
            )
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(pem)
        except OSError as exc:
            raise StoreError(f"cannot create the audit signing key {self.path}: {exc}") from None
        self._key = key
        return key

    def sign(self, digest: str) -> str:
        return base64.b64encode(self.load(create=False).sign(bytes.fromhex(digest))).decode()


@dataclass(slots=True)
class Row:
    """One audit row as stored (what ``verify`` reads)."""

    id: int
    seq: int | None
    at: dt.datetime
    actor: str
    action: str
    subject: str
    details: Any
    prev_hash: str | None
    entry_hash: str | None
    signature: str | None


@dataclass(slots=True)
class Verdict:
    ok: bool
    entries: int
    head: str
    broken_at: int | None = None  # the row id of the first broken entry
    broken_seq: int | None = None
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "head": self.head,
            "broken_at_id": self.broken_at,
            "broken_at_seq": self.broken_seq,
            "reason": self.reason,
        }


def verify_rows(rows: Iterable[Row], key: Ed25519PublicKey) -> Verdict:
    """Walk the chain in row order; the first entry that breaks it is named with the reason."""
    prev, good = GENESIS, 0
    for r in rows:
        reason = _fault(r, good + 1, prev, key)
        if reason:
            return Verdict(False, good, prev, broken_at=r.id, broken_seq=r.seq, reason=reason)
        prev, good = r.entry_hash or GENESIS, good + 1
    return Verdict(True, good, prev)


def _fault(r: Row, expected_seq: int, prev: str, key: Ed25519PublicKey) -> str:
    """Why this entry breaks the chain, or "" when it holds."""
    if r.seq is None or r.entry_hash is None or r.signature is None:
        return "entry is not sealed (no sequence number, hash or signature)"
    if r.seq != expected_seq:
        what = (
            "entries before it are missing (deleted) or out of order"
            if r.seq > expected_seq
            else "out of order or repeated"
        )
        return f"sequence number {r.seq} where {expected_seq} was expected: {what}"
    if r.prev_hash != prev:
        return "does not point to the entry before it (rows removed, swapped or inserted)"
    digest = entry_hash(r.seq, r.at, r.actor, r.action, r.subject, r.details, r.prev_hash or GENESIS)
    if digest != r.entry_hash:
        return "its content does not match its hash (the row was edited)"
    try:
        key.verify(base64.b64decode(r.signature), bytes.fromhex(r.entry_hash))
    except (InvalidSignature, ValueError):
        return "its signature is not the installation key's (a forged or re-hashed entry)"
    return ""
