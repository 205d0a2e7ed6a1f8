"""Backups: an encrypted snapshot holding no plaintext of a testimony; restore verifies everything
(chunks, SHA-256, SQLite integrity, custody chain) before replacing anything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.clean import run_clean
from marsad.ingest import Ingester
from marsad.protect import Credential
from marsad.store import Store
from tests.conftest import Run, assert_no_traceback
from tests.protect.conftest import PASSPHRASE, PLANTS, PUBLIC, SECRETS, key, leaks


@pytest.fixture
def filled(db: Path, settings) -> str:  # type: ignore[no-untyped-def]
    """A database with two testimonies and a public report, made in-process (fast), key unlocked."""
    with Store(str(db)) as s:
        s.init_data_key(Credential.passphrase(PASSPHRASE), scrypt_log2_n=14)
        Ingester(s, settings, sensitive=True).ingest(
            [PLANTS / "testimony_en.txt", PLANTS / "testimony_ar.txt"]
        )
        Ingester(s, settings).ingest([PLANTS / "public_report.txt"])
        run_clean(s, settings)
        return next(d.id for d in s.list_documents() if d.sensitive and "Qarawi" in d.text)


def test_backup_has_no_plaintext_and_restores_an_identical_verified_record(
    pm: Run, db: Path, tmp_path: Path, filled: str
) -> None:
    backup = tmp_path / "usb" / "marsad.mbak"
    backup.parent.mkdir()
    made = pm("backup", str(backup), "--json", extra_env=key())
    assert made.returncode == 0, made.stderr
    manifest = json.loads(made.stdout)
    assert manifest["key_mode"] == "data-key" and manifest["documents"] == 3
    assert leaks(backup, SECRETS) == []
    assert leaks(backup, [PUBLIC]) == []  # the whole snapshot is encrypted, not only testimonies

    target = tmp_path / "elsewhere" / "restored.sqlite"
    target.parent.mkdir()
    restored = pm("restore", str(backup), "--db", str(target), "--json", extra_env=key())
    assert restored.returncode == 0, restored.stderr
    result = json.loads(restored.stdout)
    assert result["snapshot_sha256"] == manifest["snapshot"]["sha256"]
    # the custody signing key travels inside the encryption and is put back, owner-only
    signing = Path(f"{target}.signing-key")
    assert result["signing_key"] == "restored" and result["logged"] is True
    assert signing.read_bytes() == Path(f"{db}.signing-key").read_bytes()
    assert signing.stat().st_mode & 0o077 == 0
    assert b"PRIVATE KEY" not in backup.read_bytes()
    original = json.loads(pm("docs", "show", filled, "--json", extra_env=key()).stdout)
    again = json.loads(
        pm("--db", str(target), "docs", "show", filled, "--json", extra_env=key(), use_db=False).stdout
    )
    assert again == original and SECRETS[0] in again["clean_text"]
    with Store(str(target)) as r, Store(str(db)) as o:
        assert r.verify_audit(o.audit_public_key()).ok  # verified with the installation's public key
        assert [e.action for e in r.audit_entries()][-2:] == ["backup", "restore"]  # the backup's own entry
    verified = pm("--db", str(target), "audit", "verify", use_db=False)
    assert verified.returncode == 0, verified.stderr + verified.stdout

    # a different signing key already beside a target is never overwritten without --force
    other = tmp_path / "other" / "restored.sqlite"
    other_key = Path(f"{other}.signing-key")
    with Store(str(tmp_path / "unrelated.sqlite"), signing_key=str(other_key)) as s:
        s.record_protect_event("backup", "test", {})  # makes that installation's own key
    theirs = other_key.read_bytes()
    clash = pm("restore", str(backup), "--db", str(other), extra_env=key())
    assert clash.returncode == 2 and "M034" in clash.stderr and "--force" in clash.stderr
    assert other_key.read_bytes() == theirs and not other.exists()
    forced = pm("restore", str(backup), "--db", str(other), "--force", "--json", extra_env=key())
    assert forced.returncode == 0 and json.loads(forced.stdout)["signing_key"] == "replaced"
    assert other_key.read_bytes() == Path(f"{db}.signing-key").read_bytes()

    # an existing database is never replaced without --force, and stays as it was
    kept = target.read_bytes()
    refused = pm("restore", str(backup), "--db", str(target), extra_env=key())
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert target.read_bytes() == kept

    # restoring over the live database (its signing key beside it): verified, replaced, and logged
    over = pm("restore", str(backup), "--force", "--json", extra_env=key())
    assert over.returncode == 0, over.stderr
    assert json.loads(over.stdout)["logged"] is True
    assert pm("audit", "verify").returncode == 0


def test_a_damaged_or_wrongly_unlocked_backup_replaces_nothing(
    pm: Run, db: Path, tmp_path: Path, filled: str
) -> None:
    backup = tmp_path / "b.mbak"
    assert pm("backup", str(backup), extra_env=key()).returncode == 0
    target = tmp_path / "t.sqlite"

    wrong = pm("restore", str(backup), "--db", str(target), extra_env=key("guess-guess-guess"))
    assert wrong.returncode == 2 and "M032" in wrong.stderr
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit flipped inside the sealed snapshot
    flipped = tmp_path / "flipped.mbak"
    flipped.write_bytes(bytes(data))
    truncated = tmp_path / "truncated.mbak"
    truncated.write_bytes(backup.read_bytes()[: len(data) - 100])
    header = backup.read_bytes().replace(b'"documents": 3', b'"documents": 9', 1)
    forged = tmp_path / "forged.mbak"
    forged.write_bytes(header)
    not_backup = tmp_path / "notes.txt"
    not_backup.write_text("hello")
    for bad, says in (
        (flipped, "altered"),
        (truncated, "truncated"),
        (forged, "altered"),
        (not_backup, "not a"),
    ):
        result = pm("restore", str(bad), "--db", str(target), extra_env=key())
        assert result.returncode == 2, bad
        assert says in result.stderr and "M034" in result.stderr, result.stderr
        assert_no_traceback(result)
        assert not target.exists()
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".t.sqlite")] == []
