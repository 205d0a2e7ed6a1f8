"""Sealing values with the data key: AES-256-GCM, a fresh random 96-bit nonce per value, and the value's
place (table, column, record id) as associated data, so a sealed value moved to another record or column
no longer opens.

A sealed text is a self-describing string ``enc1:<place>:<base64(nonce | ciphertext | tag)>``: the store
(and anyone reading an export) can tell it from plain text, and ``reveal`` can open it wherever it was
copied to (an incident's list of claims carries its report's evidence). The place is not secret (ids and
column names); the text is. Sealed bytes (original files) are ``MARSADENC1`` + nonce + ciphertext.

With random nonces a key may seal about 2**32 values before a nonce repeats with any real chance; a
store holds orders of magnitude fewer sensitive values.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from marsad.protect.errors import KeyLockedError, WrongKeyError

PREFIX = "enc1:"
BLOB_MAGIC = b"MARSADENC1"
PLACEHOLDER = "(sensitive: key locked)"
_TOKEN = re.compile(r"^enc1:([A-Za-z0-9._/\-]+):([A-Za-z0-9+/=]+)$")
_PLACE = re.compile(r"^[A-Za-z0-9._/\-]+$")


def is_token(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX) and _TOKEN.match(value) is not None


def place(table: str, column: str, record: str) -> str:
    """Where a value lives, bound into its encryption: ``document.text/<id>``."""
    where = f"{table}.{column}/{record}"
    if not _PLACE.match(where):
        raise ValueError(f"not a usable place for a sealed value: {where!r}")
    return where


class RecordCipher:
    """Seals and opens values with one data key (held in memory only while the store is open)."""

    def __init__(self, data_key: bytes) -> None:
        self._aead = AESGCM(data_key)
        self._key = data_key

    def seal_text(self, where: str, text: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), where.encode())
        return f"{PREFIX}{where}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def open_text(self, token: str, expected: str | None = None) -> str:
        m = _TOKEN.match(token)
        if not m:
            raise WrongKeyError("not a sealed value (damaged?)")
        where = m.group(1)
        if expected is not None and where != expected:
            raise WrongKeyError(
                f"a sealed value of {where} was found at {expected}: the database was altered"
            )
        try:
            raw = base64.b64decode(m.group(2), validate=True)
            return self._aead.decrypt(raw[:12], raw[12:], where.encode()).decode("utf-8")
        except (InvalidTag, ValueError, binascii.Error):
            raise WrongKeyError(
                f"the sealed value at {where} does not open with this data key (altered, or another key)"
            ) from None

    def seal_bytes(self, where: str, data: bytes) -> bytes:
        nonce = secrets.token_bytes(12)
        return BLOB_MAGIC + nonce + self._aead.encrypt(nonce, data, where.encode())

    def open_bytes(self, where: str, data: bytes) -> bytes:
        if not data.startswith(BLOB_MAGIC):
            raise WrongKeyError(f"{where} is neither the original bytes nor sealed ones: it was altered")
        body = data[len(BLOB_MAGIC) :]
        try:
            return self._aead.decrypt(body[:12], body[12:], where.encode())
        except (InvalidTag, ValueError):
            raise WrongKeyError(
                f"the sealed bytes of {where} do not open with this data key (altered?)"
            ) from None

    def subkey(self, purpose: str, salt: bytes) -> bytes:
        """A key for another use (a backup file), derived so it never equals the data key itself."""
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=purpose.encode()).derive(self._key)


def reveal(value: Any, cipher: RecordCipher | None) -> Any:
    """``value`` (text, list or dict, as read from JSON) with every sealed text opened, or replaced by
    ``PLACEHOLDER`` when the key is locked: never ciphertext shown as text."""
    if isinstance(value, str):
        if not is_token(value):
            return value
        return cipher.open_text(value) if cipher is not None else PLACEHOLDER
    if isinstance(value, list):
        return [reveal(v, cipher) for v in value]
    if isinstance(value, dict):
        return {k: reveal(v, cipher) for k, v in value.items()}
    return value


def require(cipher: RecordCipher | None, what: str) -> RecordCipher:
    if cipher is None:
        raise KeyLockedError(
            f"{what} is sensitive and encrypted: unlock the data key (MARSAD_PASSPHRASE or --key-file)"
        )
    return cipher


def reseal(value: Any, old: RecordCipher, new: RecordCipher) -> tuple[Any, int]:
    """``value`` (text, list or dict, as read from JSON) with every sealed text opened with ``old`` and
    sealed again with ``new`` at the same place; and how many were. For a new data key."""
    if isinstance(value, str):
        m = _TOKEN.match(value) if value.startswith(PREFIX) else None
        return (new.seal_text(m.group(1), old.open_text(value)), 1) if m else (value, 0)
    if isinstance(value, list):
        pairs = [reseal(v, old, new) for v in value]
        return [v for v, _ in pairs], sum(n for _, n in pairs)
    if isinstance(value, dict):
        items = {k: reseal(v, old, new) for k, v in value.items()}
        return {k: v for k, (v, _) in items.items()}, sum(n for _, n in items.values())
    return value, 0
