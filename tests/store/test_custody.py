"""The custody log: `marsad audit verify` passes on an untouched store and names the first broken
entry after a row is edited, deleted, swapped or forged directly in SQLite."""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from marsad.store import custody
from tests.conftest import Run, assert_no_traceback


@pytest.fixture
def logged(marsad: Run, db: Path, tmp_path: Path) -> Path:
    """A database with a real history: ingest, extract, resolve, review, export."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Gunmen killed four farmers in the village of Snobar near Jableh on Friday, relatives said.",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "A landmine killed two shepherds near Tadmur on Saturday, residents said.", encoding="utf-8"
    )
    assert marsad("run", str(folder), "--source", "Test Wire").returncode == 0
    assert marsad("export", "--format", "jsonl", "-o", str(tmp_path / "x.jsonl")).returncode == 0
    ok = marsad("audit", "verify")
    assert ok.returncode == 0 and "audit log intact" in ok.stdout, ok.stderr
    return db


def _copy(db: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name / "marsad.sqlite"
    target.parent.mkdir()
    with sqlite3.connect(db) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    shutil.copy(f"{db}.signing-key", f"{target}.signing-key")
    return target


def _verify(marsad: Run, db: Path) -> dict:
    result = marsad("--db", str(db), "audit", "verify", "--json", use_db=False)
    assert_no_traceback(result)
    verdict = json.loads(result.stdout)
    assert (result.returncode == 0) == verdict["ok"]
    return verdict


def _rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, seq FROM audit_log ORDER BY id").fetchall()


def test_every_kind_of_tampering_is_caught_and_named(marsad: Run, logged: Path, tmp_path: Path) -> None:
    rows = _rows(logged)
    assert len(rows) >= 6 and [seq for _, seq in rows] == list(range(1, len(rows) + 1))
    middle_id, middle_seq = rows[len(rows) // 2]

    edited = _copy(logged, tmp_path, "edited")
    with sqlite3.connect(edited) as conn:
        conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = ?", (middle_id,))
    verdict = _verify(marsad, edited)
    assert not verdict["ok"] and verdict["broken_at_seq"] == middle_seq and "edited" in verdict["reason"]

    deleted = _copy(logged, tmp_path, "deleted")
    with sqlite3.connect(deleted) as conn:
        conn.execute("DELETE FROM audit_log WHERE id = ?", (middle_id,))
    verdict = _verify(marsad, deleted)
    assert not verdict["ok"] and verdict["broken_at_seq"] == middle_seq + 1 and "missing" in verdict["reason"]

    swapped = _copy(logged, tmp_path, "swapped")
    (a, _), (b, _) = rows[1], rows[2]
    with sqlite3.connect(swapped) as conn:
        cols = "seq, at, actor, action, subject, details, prev_hash, entry_hash, signature"
        ra = conn.execute(f"SELECT {cols} FROM audit_log WHERE id = ?", (a,)).fetchone()
        rb = conn.execute(f"SELECT {cols} FROM audit_log WHERE id = ?", (b,)).fetchone()
        conn.execute("UPDATE audit_log SET seq = NULL WHERE id IN (?, ?)", (a, b))  # the unique index
        sets = ", ".join(f"{c.strip()} = ?" for c in cols.split(","))
        conn.execute(f"UPDATE audit_log SET {sets} WHERE id = ?", (*rb, a))
        conn.execute(f"UPDATE audit_log SET {sets} WHERE id = ?", (*ra, b))
    verdict = _verify(marsad, swapped)
    assert not verdict["ok"] and verdict["broken_at_id"] == a and "out of order" in verdict["reason"]

    truncated = _copy(logged, tmp_path, "truncated")
    with sqlite3.connect(truncated) as conn:
        conn.execute("DELETE FROM audit_log WHERE id = ?", (rows[-1][0],))
    verdict = _verify(marsad, truncated)
    assert not verdict["ok"] and "removed from its end" in verdict["reason"]


def test_a_forged_entry_without_the_signing_key_fails(marsad: Run, logged: Path, tmp_path: Path) -> None:
    forged = _copy(logged, tmp_path, "forged")
    with sqlite3.connect(forged) as conn:
        seq, prev = conn.execute("SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        at = "2025-03-09 10:00:00.000000"
        details = {"note": "planted"}
        digest = custody.entry_hash(
            seq + 1,
            custody.dt.datetime.fromisoformat(at),
            "admin",
            "review.confirm",
            "incident:x",
            details,
            prev,
        )
        signature = base64.b64encode(Ed25519PrivateKey.generate().sign(bytes.fromhex(digest))).decode()
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, subject, details, seq, prev_hash, entry_hash, "
            "signature) VALUES (?, 'admin', 'review.confirm', 'incident:x', ?, ?, ?, ?, ?)",
            (at, json.dumps(details), seq + 1, prev, digest, signature),
        )
        # the forger also moves the recorded head, so only the signature can give it away
        conn.execute(
            "UPDATE kv SET value = ? WHERE key = 'audit.head'",
            (json.dumps({"seq": seq + 1, "hash": digest}),),
        )
    verdict = _verify(marsad, forged)
    assert not verdict["ok"] and verdict["broken_at_seq"] == seq + 1 and "signature" in verdict["reason"]


def test_bundle_verifies_offline_with_the_public_key(marsad: Run, logged: Path, tmp_path: Path) -> None:
    bundle, key = tmp_path / "custody.json", tmp_path / "installation.pub.pem"
    result = marsad("audit", "export", "-o", str(bundle))
    assert result.returncode == 0 and "document hashes" in result.stderr
    key.write_text(marsad("audit", "key").stdout, encoding="utf-8")
    data = json.loads(bundle.read_text(encoding="utf-8"))
    assert {d["original_sha256"] for d in data["documents"]} and data["entries"][0]["seq"] == 1
    checked = marsad("audit", "verify", "--bundle", str(bundle), "--public-key", str(key))
    assert checked.returncode == 0, checked.stderr
    data["entries"][1]["details"] = {"changed": True}
    bundle.write_text(json.dumps(data), encoding="utf-8")
    broken = marsad("audit", "verify", "--bundle", str(bundle), "--public-key", str(key))
    assert broken.returncode == 1 and "BROKEN at entry 2" in broken.stderr


def test_a_missing_signing_key_stops_writes_with_a_clear_message(
    marsad: Run, logged: Path, tmp_path: Path
) -> None:
    Path(f"{logged}.signing-key").rename(tmp_path / "elsewhere.pem")
    result = marsad("export", "--format", "jsonl", "-o", str(tmp_path / "y.jsonl"))
    assert (
        result.returncode == 2
        and "signing key" in result.stderr
        and "MARSAD_AUDIT_SIGNING_KEY" in result.stderr
    )
    assert_no_traceback(result)
    moved = marsad(
        "export",
        "--format",
        "jsonl",
        "-o",
        str(tmp_path / "y.jsonl"),
        extra_env={"MARSAD_AUDIT_SIGNING_KEY": str(tmp_path / "elsewhere.pem")},
    )
    assert moved.returncode == 0, moved.stderr


def test_entries_written_before_the_chain_existed_are_sealed(
    marsad: Run, logged: Path, tmp_path: Path
) -> None:
    old = _copy(logged, tmp_path, "old")
    Path(f"{old}.signing-key").unlink()
    with sqlite3.connect(old) as conn:  # as a database made by a version without the chain
        conn.execute("UPDATE audit_log SET seq = NULL, prev_hash = NULL, entry_hash = NULL, signature = NULL")
        conn.execute("DELETE FROM kv WHERE key LIKE 'audit.%'")
    n = len(_rows(old))
    assert (
        marsad(
            "--db", str(old), "export", "-f", "jsonl", "-o", str(tmp_path / "z.jsonl"), use_db=False
        ).returncode
        == 0
    )
    verdict = _verify(marsad, old)
    assert verdict["ok"] and verdict["entries"] == n + 1
