"""Encrypted backup files: a consistent SQLite snapshot, sealed in 1 MiB chunks (AES-256-GCM), behind a
manifest that says what is inside (SHA-256 of the snapshot, audit head, counts) and how to unlock it.

File layout: the line ``MARSAD-BACKUP/1``, the manifest as one line of JSON, then chunks (4-byte length +
sealed bytes). Every chunk's associated data binds the manifest's hash, the chunk's number and whether it
is the last, so an edited manifest, a reordered, dropped or truncated chunk all fail to open.

The file key is derived from the database's data key when it has one (the manifest carries the data key
wrapped as in the database, so the passphrase or key file of the day of the backup, or a recovery file,
opens it); otherwise it is a random key wrapped under the passphrase or key file itself.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from marsad.errors import MarsadError
from marsad.protect.crypto import RecordCipher
from marsad.protect.errors import BackupError
from marsad.protect.keys import Credential, KeyRecord, _b64, _unb64

MAGIC = b"MARSAD-BACKUP/1\n"
FORMAT = "marsad-backup/1"
CHUNK = 1 << 20
PURPOSE = "marsad-backup/1"
MAX_MANIFEST = 1 << 20
SIGNING_PURPOSE = b"marsad-backup/1 custody-signing-key"


def _aad(manifest_digest: bytes, index: int, last: bool) -> bytes:
    return manifest_digest + struct.pack(">QB", index, 1 if last else 0)


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def file_key(manifest: dict[str, Any], data_key: bytes) -> bytes:
    """The key that seals the chunks: derived from the data key, or the wrapped random key itself."""
    if manifest["key_mode"] == "data-key":
        return RecordCipher(data_key).subkey(PURPOSE, _unb64(manifest["salt"]))
    return data_key


def _signing_aead(fkey: bytes) -> AESGCM:
    """The key that seals the custody signing key inside a backup: derived, never a chunk's key."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=SIGNING_PURPOSE).derive(fkey))


def _seal_signing_key(fkey: bytes, pem: bytes, snapshot_sha: str) -> dict[str, str]:
    from marsad.store.custody import fingerprint

    nonce = secrets.token_bytes(12)
    sealed = _signing_aead(fkey).encrypt(nonce, pem, SIGNING_PURPOSE + snapshot_sha.encode())
    return {
        "nonce": _b64(nonce),
        "sealed": _b64(sealed),
        "fingerprint": fingerprint(_private(pem).public_key()),
    }


def _private(pem: bytes) -> Any:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 key")
    return key


def open_signing_key(manifest: dict[str, Any], fkey: bytes) -> bytes | None:
    """The custody signing key (PEM) sealed in a backup, or None when it holds none."""
    found = manifest.get("signing_key")
    if not found:
        return None
    try:
        pem = _signing_aead(fkey).decrypt(
            _unb64(found["nonce"]),
            _unb64(found["sealed"]),
            SIGNING_PURPOSE + manifest["snapshot"]["sha256"].encode(),
        )
        _private(pem)
    except (InvalidTag, KeyError, TypeError, ValueError):
        raise BackupError(
            "the custody signing key in the backup does not open: the file was altered"
        ) from None
    return pem


def write(
    snapshot: Path,
    target: Path,
    key_record: KeyRecord,
    data_key: bytes,
    key_mode: str,
    info: dict[str, Any],
    signing_pem: bytes | None = None,
) -> dict[str, Any]:
    """Seal ``snapshot`` (and the custody signing key, when given) into ``target`` (written beside it,
    then renamed into place)."""
    digest = hashlib.sha256()
    size = 0
    with snapshot.open("rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
            size += len(block)
    chunks = max(1, -(-size // CHUNK))
    manifest = {
        "format": FORMAT,
        **info,
        "snapshot": {"sha256": digest.hexdigest(), "bytes": size, "chunks": chunks, "chunk_bytes": CHUNK},
        "key_mode": key_mode,
        "key": key_record.as_dict(),
        "salt": _b64(secrets.token_bytes(16)),
        "nonce_prefix": _b64(secrets.token_bytes(8)),
        "cipher": "AES-256-GCM",
    }
    fkey = file_key(manifest, data_key)
    if signing_pem is not None:
        manifest["signing_key"] = _seal_signing_key(fkey, signing_pem, digest.hexdigest())
    line = json.dumps(manifest, sort_keys=True, ensure_ascii=True).encode() + b"\n"
    mdigest = hashlib.sha256(line).digest()
    aead = AESGCM(fkey)
    prefix = _unb64(manifest["nonce_prefix"])
    partial = target.with_name(target.name + ".partial")
    try:
        with snapshot.open("rb") as src, partial.open("wb") as out:
            out.write(MAGIC + line)
            for index in range(chunks):
                block = src.read(CHUNK)
                sealed = aead.encrypt(_nonce(prefix, index), block, _aad(mdigest, index, index == chunks - 1))
                out.write(struct.pack(">I", len(sealed)) + sealed)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot write backup {target}: {exc.strerror}") from None
    return manifest


@dataclass(slots=True)
class Opened:
    manifest: dict[str, Any]
    line: bytes
    stream: IO[bytes]


def read_manifest(path: Path) -> dict[str, Any]:
    with _open(path) as opened:
        return opened.manifest


class _open:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Opened:
        try:
            f = self.path.open("rb")
        except OSError as exc:
            raise BackupError(f"cannot read backup {self.path}: {exc.strerror}") from None
        self.f = f
        if f.read(len(MAGIC)) != MAGIC:
            f.close()
            raise BackupError(f"{self.path} is not a Marsad backup (made by `marsad backup`)")
        line = f.readline(MAX_MANIFEST)
        try:
            manifest = json.loads(line)
            if manifest.get("format") != FORMAT:
                raise ValueError(manifest.get("format"))
        except (ValueError, AttributeError) as exc:
            f.close()
            raise BackupError(f"{self.path}: the backup's manifest is damaged ({exc})") from None
        return Opened(manifest, line, f)

    def __exit__(self, *exc: object) -> None:
        self.f.close()


def _chunks(f: IO[bytes], path: Path) -> Iterator[tuple[bytes, bool]]:
    head = f.read(4)
    while head:
        if len(head) != 4:
            raise BackupError(f"{path} is truncated (a chunk header is cut)")
        (n,) = struct.unpack(">I", head)
        if n > CHUNK + 16:
            raise BackupError(f"{path} is damaged (a chunk of {n} bytes)")
        body = f.read(n)
        if len(body) != n:
            raise BackupError(f"{path} is truncated (a chunk is cut)")
        head = f.read(4)
        yield body, not head


def decrypt(
    path: Path, target: Path, creds: list[Credential], data_key: bytes | None = None
) -> dict[str, Any]:
    """Open ``path`` into ``target`` and check it against its manifest; raises BackupError on any fault.
    ``data_key`` (from a recovery file) is used instead of unwrapping the manifest's key with ``creds``."""
    with _open(path) as opened:
        m = opened.manifest
        try:
            record = KeyRecord.from_dict(m["key"], f"the key in {path}")
            key = data_key if data_key is not None else record.unwrap_any(creds)
            aead = AESGCM(file_key(m, key))
            prefix = _unb64(m["nonce_prefix"])
            expected = m["snapshot"]
        except (KeyError, TypeError, ValueError) as exc:
            raise BackupError(f"{path}: the backup's manifest is damaged ({exc})") from None
        mdigest = hashlib.sha256(opened.line).digest()
        digest = hashlib.sha256()
        count = 0
        with target.open("wb") as out:
            for index, (body, last) in enumerate(_chunks(opened.stream, path)):
                try:
                    block = aead.decrypt(_nonce(prefix, index), body, _aad(mdigest, index, last))
                except InvalidTag:
                    raise BackupError(
                        f"{path}: chunk {index + 1} does not open: the file was altered, truncated or "
                        "reordered (or the key is another installation's)"
                    ) from None
                digest.update(block)
                out.write(block)
                count += 1
    if count != expected["chunks"] or digest.hexdigest() != expected["sha256"]:
        raise BackupError(f"{path}: the snapshot does not match the SHA-256 in its manifest")
    return {**m, "_signing_pem": open_signing_key(m, file_key(m, key))}


def make_backup(
    store: Any, target: Path, creds: list[Credential], *, scrypt_log2_n: int, force: bool
) -> dict[str, Any]:
    """Snapshot the live database and seal it into ``target``; the backup itself is in the custody log
    (written before the snapshot, so the backup holds its own entry)."""
    import datetime as dt
    import tempfile

    from marsad.protect.keys import new_data_key, wrap

    source = store.sqlite_file()
    target = target.expanduser()
    if target.resolve() == source.resolve():
        raise BackupError("the backup file must not be the database itself")
    if target.exists() and not force:
        raise BackupError(f"{target} exists: pass --force to replace it")
    if not target.parent.is_dir():
        raise BackupError(f"folder {target.parent} does not exist")
    record = store.key_record()
    if record is not None:
        data_key, mode = record.unwrap_any(creds), "data-key"
    else:
        if not creds:
            raise BackupError(
                "a backup is encrypted: set MARSAD_PASSPHRASE or give --key-file (or run `marsad keys init`)"
            )
        data_key, mode = new_data_key(), "credential"
        record = wrap(data_key, creds[0], scrypt_log2_n=scrypt_log2_n, purpose="backup")
    store.record_protect_event("backup", f"backup:{target.name}", {"file": str(target), "key_mode": mode})
    verdict = store.verify_audit()
    status = store.status()
    info = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": source.name,
        "documents": status["documents"],
        "sensitive_documents": store.protect_status()["sensitive_documents"],
        "audit": {"entries": verdict.entries, "head": verdict.head, "verified": verdict.ok},
    }
    pem = None
    if store.signing_key.exists():  # so a restore on a new machine can go on extending the same log
        try:
            pem = store.signing_key.path.read_bytes()
        except OSError as exc:
            path = store.signing_key.path
            raise BackupError(f"cannot read the custody signing key {path}: {exc.strerror}") from None
    with tempfile.TemporaryDirectory(prefix=".marsad-backup-", dir=target.parent) as tmp:
        snap = Path(tmp) / "snapshot.sqlite"
        store.snapshot_to(snap)
        return write(snap, target, record, data_key, mode, info, pem)


def signing_key_for(target: Path, given: str | None) -> Path:
    import os

    chosen = given or os.environ.get("MARSAD_AUDIT_SIGNING_KEY")
    return Path(chosen).expanduser() if chosen else Path(f"{target}.signing-key")


def restore_backup(
    path: Path,
    target: Path,
    creds: list[Credential],
    *,
    force: bool,
    data_key: bytes | None = None,
    signing_key: str | None = None,
) -> dict[str, Any]:
    """Open and verify ``path`` (chunks, SHA-256, SQLite integrity, custody chain) into a file beside
    ``target``; only when all of it holds, replace ``target``. Nothing is touched on any failure."""
    import os

    from marsad.store import Store

    target = target.expanduser().resolve()
    if target.exists() and not force:
        raise BackupError(f"{target} exists: pass --force to replace it (its current content is lost)")
    if not target.parent.is_dir():
        raise BackupError(f"folder {target.parent} does not exist")
    tmp = target.with_name(f".{target.name}.restore-{secrets.token_hex(4)}")
    key_path = signing_key_for(target, signing_key)
    tmp_key = Path(f"{tmp}.signing-key")
    try:
        manifest = decrypt(path, tmp, creds, data_key)
        pem = manifest.pop("_signing_pem")
        key_action = _signing_key_plan(key_path, pem, force)
        if pem is not None:  # verify with the key the backup carries (checked against the database below)
            _write_private(tmp_key, pem)
        check = Store(str(tmp), signing_key=str(tmp_key if pem is not None else key_path))
        try:
            problems = check.integrity_problems()
            if problems:
                raise BackupError(f"{path}: the database in it fails SQLite's integrity check: {problems[0]}")
            verdict = check.verify_audit()
            if not verdict.ok:
                raise BackupError(
                    f"{path}: its custody log is broken at entry {verdict.broken_seq}: {verdict.reason}"
                )
            if pem is not None and not _matches_recorded(check, pem):
                raise BackupError(
                    f"{path}: the signing key in it is not the one its custody log records (altered backup)"
                )
            check.checkpoint()
        finally:
            check.close()
        for side in ("-wal", "-shm", "-journal"):
            Path(f"{target}{side}").unlink(missing_ok=True)
            Path(f"{tmp}{side}").unlink(missing_ok=True)
        os.replace(tmp, target)
        if key_action in ("restored", "replaced"):
            partial = key_path.with_name(f".{key_path.name}.partial")
            key_path.parent.mkdir(parents=True, exist_ok=True)
            _write_private(partial, pem)  # type: ignore[arg-type]
            os.replace(partial, key_path)
    finally:
        for side in ("", "-wal", "-shm", "-journal", ".signing-key"):
            Path(f"{tmp}{side}").unlink(missing_ok=True)
    result = {
        "restored": str(target),
        "from": str(path),
        "snapshot_sha256": manifest["snapshot"]["sha256"],
        "backup_created_at": manifest.get("created_at"),
        "documents": manifest.get("documents"),
        "audit_entries": verdict.entries,
        "verified_with": "signing key carried in the backup"
        if key_action != "none in backup"
        else ("installation key" if key_path.is_file() else "public key stored in the backup"),
        "signing_key": key_action,
        "signing_key_path": str(key_path),
        "logged": False,
    }
    try:
        with Store(str(target), signing_key=str(key_path)) as restored:
            restored.record_protect_event(
                "restore",
                f"backup:{path.name}",
                {"file": str(path), "snapshot_sha256": result["snapshot_sha256"]},
            )
        result["logged"] = True
    except MarsadError as exc:  # no signing key here: the restore stands, the log cannot be extended yet
        result["warning"] = f"restored, but not logged: {exc}"
    return result


def _signing_key_plan(key_path: Path, pem: bytes | None, force: bool) -> str:
    """What restore does with the signing key: restored (none there), kept (the same one there),
    replaced (another one there, with --force), or "none in backup". Refuses before anything changes."""
    if pem is None:
        return "none in backup"
    if not key_path.exists():
        return "restored"
    try:
        same = _private(key_path.read_bytes()).public_key() == _private(pem).public_key()
    except (OSError, ValueError):
        same = False
    if same:
        return "kept"
    if not force:
        raise BackupError(
            f"{key_path} holds another custody signing key than the backup's: pass --force to replace it "
            "(entries it signed would no longer verify with the installation key)"
        )
    return "replaced"


def _write_private(path: Path, pem: bytes) -> None:
    import os

    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)


def _matches_recorded(store: Any, pem: bytes) -> bool:
    from marsad.store.custody import load_public, public_pem

    recorded = store.audit_public_key()
    if not recorded:
        return True  # an empty log records no key yet
    return public_pem(load_public(recorded)) == public_pem(_private(pem).public_key())
