"""The data key and how it is wrapped: a random 256-bit key, encrypted (AES-GCM) under a key-encryption
key derived from a passphrase (scrypt) or a key file (HKDF-SHA256).

Only the wrapped form is ever stored. Changing the passphrase re-wraps the same data key, so nothing
encrypted with it has to be rewritten; a recovery file is the same key wrapped under another secret.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from marsad.protect.errors import KeyLockedError, ProtectError, WrongKeyError

FORMAT = "marsad-key/1"
PASSPHRASE_ENV = "MARSAD_PASSPHRASE"
NEW_PASSPHRASE_ENV = "MARSAD_NEW_PASSPHRASE"
RECOVERY_PASSPHRASE_ENV = "MARSAD_RECOVERY_PASSPHRASE"
KEY_FILE_ENV = "MARSAD_PROTECT_KEY_FILE"
MIN_PASSPHRASE = 10
MIN_KEY_FILE_BYTES = 32
SCRYPT_R, SCRYPT_P = 8, 1
SCRYPT_LOG2_N_RANGE = (14, 22)  # 16 MiB … 4 GiB of memory per guess


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


@dataclass(frozen=True, slots=True)
class Credential:
    """A passphrase or the contents of a key file; ``label`` says which, for messages (never the secret)."""

    kind: str  # "passphrase" | "key-file"
    secret: bytes = field(repr=False)
    label: str

    @classmethod
    def passphrase(cls, text: str, label: str = "the passphrase", check_strength: bool = False) -> Credential:
        if check_strength and len(text) < MIN_PASSPHRASE:
            raise ProtectError(f"{label} is too short: use at least {MIN_PASSPHRASE} characters")
        if not text:
            raise ProtectError(f"{label} is empty")
        return cls("passphrase", text.encode("utf-8"), label)

    @classmethod
    def key_file(cls, path: str | Path, create: bool = False) -> Credential:
        """Read a key file; with ``create``, make one (32 random bytes, base64, owner-only) if missing."""
        p = Path(path).expanduser()
        if create and not p.exists():
            create_key_file(p)
        try:
            raw = p.read_bytes().strip()
        except FileNotFoundError:
            raise ProtectError(f"key file {p} does not exist") from None
        except OSError as exc:
            raise ProtectError(f"cannot read key file {p}: {exc.strerror}") from None
        if len(raw) < MIN_KEY_FILE_BYTES:
            raise ProtectError(
                f"key file {p} holds {len(raw)} bytes; a key file needs at least {MIN_KEY_FILE_BYTES} "
                "random bytes (`marsad keys init --key-file NEW` makes one)"
            )
        return cls("key-file", raw, f"key file {p}")


def create_key_file(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(_b64(secrets.token_bytes(32)) + "\n")
    except OSError as exc:
        raise ProtectError(f"cannot create key file {path}: {exc.strerror}") from None


def credential_from_env(key_file: str | None, env: dict[str, str] | None = None) -> list[Credential]:
    """Every credential available without asking: the key file (option, setting or
    MARSAD_PROTECT_KEY_FILE) and MARSAD_PASSPHRASE. The key record says which one it needs."""
    env = os.environ if env is None else env
    found: list[Credential] = []
    path = key_file or env.get(KEY_FILE_ENV)
    if path:
        found.append(Credential.key_file(path))
    if env.get(PASSPHRASE_ENV):
        found.append(Credential.passphrase(env[PASSPHRASE_ENV], f"the passphrase in {PASSPHRASE_ENV}"))
    return found


def _kek(cred: Credential, kdf: dict[str, Any]) -> bytes:
    salt = _unb64(kdf["salt"])
    if kdf["name"] == "scrypt":
        if cred.kind != "passphrase":
            raise WrongKeyError(
                f"this key is wrapped under a passphrase, not a key file (set {PASSPHRASE_ENV})"
            )
        return Scrypt(
            salt=salt, length=32, n=2 ** int(kdf["log2_n"]), r=int(kdf["r"]), p=int(kdf["p"])
        ).derive(cred.secret)
    if kdf["name"] == "hkdf-sha256":
        if cred.kind != "key-file":
            raise WrongKeyError("this key is wrapped under a key file, not a passphrase (give --key-file)")
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=FORMAT.encode()).derive(cred.secret)
    raise ProtectError(f"unknown key derivation {kdf['name']!r} (made by a newer Marsad?)")


@dataclass(slots=True)
class KeyRecord:
    """The data key wrapped under one credential, as stored in ``kv`` or in a recovery file."""

    key_id: str
    kdf: dict[str, Any]
    nonce: str
    wrapped: str
    created_at: str
    wrapped_at: str
    purpose: str = "store"  # "store" | "recovery"

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "key_id": self.key_id,
            "kdf": self.kdf,
            "nonce": self.nonce,
            "wrapped": self.wrapped,
            "created_at": self.created_at,
            "wrapped_at": self.wrapped_at,
            "purpose": self.purpose,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "the key record") -> KeyRecord:
        try:
            if data.get("format") != FORMAT:
                raise ProtectError(f"{where} is not a Marsad key ({data.get('format')!r})")
            return cls(
                key_id=str(data["key_id"]),
                kdf=dict(data["kdf"]),
                nonce=str(data["nonce"]),
                wrapped=str(data["wrapped"]),
                created_at=str(data["created_at"]),
                wrapped_at=str(data["wrapped_at"]),
                purpose=str(data.get("purpose", "store")),
            )
        except (AttributeError, KeyError, TypeError) as exc:
            raise ProtectError(f"{where} is damaged: missing {exc}") from None

    def _aad(self) -> bytes:
        return f"{FORMAT}:{self.key_id}:{self.kdf['name']}".encode()

    @property
    def kind(self) -> str:
        return "passphrase" if self.kdf.get("name") == "scrypt" else "key-file"

    def unwrap(self, cred: Credential) -> bytes:
        kek = _kek(cred, self.kdf)
        try:
            key = AESGCM(kek).decrypt(_unb64(self.nonce), _unb64(self.wrapped), self._aad())
        except (InvalidTag, ValueError):
            raise WrongKeyError(f"{cred.label} does not unlock this data key") from None
        if len(key) != 32:
            raise WrongKeyError("the unwrapped data key has the wrong length")
        return key

    def unwrap_any(self, creds: list[Credential]) -> bytes:
        """Unwrap with the credential of the right kind among those available."""
        fitting = [c for c in creds if c.kind == self.kind]
        if not fitting:
            how = (
                f"set {PASSPHRASE_ENV}"
                if self.kind == "passphrase"
                else f"give --key-file, [protect] key_file or {KEY_FILE_ENV}"
            )
            raise KeyLockedError(f"sensitive data is encrypted and the data key is locked: {how}")
        return self.unwrap(fitting[0])


def wrap(
    data_key: bytes,
    cred: Credential,
    *,
    key_id: str | None = None,
    created_at: str | None = None,
    scrypt_log2_n: int = 17,
    purpose: str = "store",
) -> KeyRecord:
    """Wrap ``data_key`` under ``cred`` with a fresh salt and nonce."""
    lo, hi = SCRYPT_LOG2_N_RANGE
    if not lo <= scrypt_log2_n <= hi:
        raise ProtectError(f"[protect] scrypt_log2_n must be from {lo} to {hi}, got {scrypt_log2_n}")
    salt = _b64(secrets.token_bytes(16))
    if cred.kind == "passphrase":
        kdf: dict[str, Any] = {
            "name": "scrypt",
            "salt": salt,
            "log2_n": scrypt_log2_n,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
        }
    else:
        kdf = {"name": "hkdf-sha256", "salt": salt}
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    record = KeyRecord(
        key_id=key_id or secrets.token_hex(8),
        kdf=kdf,
        nonce=_b64(secrets.token_bytes(12)),
        wrapped="",
        created_at=created_at or now,
        wrapped_at=now,
        purpose=purpose,
    )
    record.wrapped = _b64(AESGCM(_kek(cred, kdf)).encrypt(_unb64(record.nonce), data_key, record._aad()))
    return record
