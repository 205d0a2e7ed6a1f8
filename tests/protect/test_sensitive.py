"""Testimonies at rest: the database file (and its write-ahead log) holds none of a planted witness's
name or words, in any encoding; with the key the app shows them; a wrong key is a clear error; rotating
the key loses nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from marsad.protect import PLACEHOLDER, Credential
from marsad.store import Store
from tests.conftest import Run, assert_no_traceback
from tests.protect.conftest import PASSPHRASE, PLANTS, PUBLIC, SECRETS, key, leaks


def _docs(pm: Run, env: dict[str, str] | None = None) -> list[dict]:
    result = pm("docs", "list", "--json", extra_env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _show(pm: Run, doc_id: str, env: dict[str, str] | None = None) -> dict:
    result = pm("docs", "show", doc_id, "--json", extra_env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _testimonies(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name in ("testimony_en.txt", "testimony_ar.txt"):
        shutil.copy(PLANTS / name, folder / name)
    return folder


def test_testimonies_never_at_rest_in_plain_and_readable_with_the_key(
    pm: Run, db: Path, tmp_path: Path
) -> None:
    assert pm("keys", "init", extra_env=key()).returncode == 0
    # the whole pipeline (ingest, clean, extract, resolve) on testimonies, and a public report beside them
    ran = pm("run", "--sensitive", str(_testimonies(tmp_path)), extra_env=key())
    assert ran.returncode == 0, ran.stderr
    public = pm("ingest", str(PLANTS / "public_report.txt"))
    assert public.returncode == 0, public.stderr

    files = [db, Path(f"{db}-wal")]
    # before a checkpoint the newest pages are in the -wal; after it, in the database file
    for f in files:
        if f.exists():
            assert leaks(f, SECRETS) == [], f
    with Store(str(db)) as s:
        s.checkpoint()
    assert leaks(db, SECRETS) == []
    assert leaks(db, [PUBLIC]) == [PUBLIC]  # the same grep finds what was not marked sensitive
    for extra in db.parent.glob(f"{db.name}*"):
        assert leaks(extra, SECRETS) == [], extra

    with Store(str(db)) as s:
        ids = [d.id for d in s.list_documents() if d.sensitive]
    assert len(ids) == 2
    shown = {i: _show(pm, i, key()) for i in ids}
    texts = "\n".join(d["clean_text"] for d in shown.values())
    for secret in (SECRETS[0], SECRETS[2], SECRETS[3], SECRETS[5]):
        assert secret in texts
    en = next(d for d in shown.values() if SECRETS[0] in d["clean_text"])
    original = pm("docs", "show", en["id"], "--original", extra_env=key())
    assert original.stdout == (PLANTS / "testimony_en.txt").read_text(encoding="utf-8")

    # the pipeline read the testimony: its report quotes the witness, and only with the key
    with Store(str(db)) as s:
        assert all(r["evidence"] == PLACEHOLDER for r in s.reports(document_id=en["id"]))
        s.unlock([Credential.passphrase(PASSPHRASE)])
        evidence = [r["evidence"] for r in s.reports(document_id=en["id"])]
    assert evidence and any("black uniforms" in e for e in evidence)

    # without the key: a listing shows a placeholder, reading one is a clear one-line error
    listing = pm("docs", "list")
    assert listing.returncode == 0 and "sensitive: key locked" in listing.stdout
    assert not any(s in listing.stdout for s in SECRETS) and "enc1:" not in listing.stdout
    refused = pm("docs", "show", en["id"])
    assert refused.returncode == 2 and "M031" in refused.stderr and "sensitive" in refused.stderr
    assert SECRETS[0] not in refused.stdout + refused.stderr and "enc1:" not in refused.stdout
    assert_no_traceback(refused)

    # a wrong passphrase says so (it is not taken for "no key")
    wrong = pm("docs", "show", en["id"], extra_env=key("not-the-passphrase"))
    assert wrong.returncode == 2 and "M032" in wrong.stderr and "does not unlock" in wrong.stderr
    assert_no_traceback(wrong)

    # rotate: the old passphrase stops working, the new one reads the same text; nothing re-encrypted
    rotated = pm("keys", "rotate", extra_env={**key(), "MARSAD_NEW_PASSPHRASE": "a-new-river-stone-42"})
    assert rotated.returncode == 0, rotated.stderr
    assert pm("docs", "show", en["id"], extra_env=key()).returncode == 2
    assert _show(pm, en["id"], key("a-new-river-stone-42")) == en
    # and to a key file
    keyfile = tmp_path / "outside" / "marsad.key"
    moved = pm("keys", "rotate", "--new-key-file", str(keyfile), extra_env=key("a-new-river-stone-42"))
    assert moved.returncode == 0, moved.stderr
    assert keyfile.stat().st_mode & 0o077 == 0
    by_passphrase = pm("docs", "show", en["id"], extra_env=key("a-new-river-stone-42"))
    assert by_passphrase.returncode == 2 and "--key-file" in by_passphrase.stderr
    assert json.loads(pm("--key-file", str(keyfile), "docs", "show", en["id"], "--json").stdout) == en


def test_ingesting_testimony_without_a_data_key_refuses_and_stores_nothing(pm: Run, tmp_path: Path) -> None:
    refused = pm("ingest", "--sensitive", str(_testimonies(tmp_path)))
    assert refused.returncode == 2
    assert "M033" in refused.stderr and "marsad keys init" in refused.stderr
    assert_no_traceback(refused)
    assert _docs(pm) == []
    assert pm("keys", "init", extra_env=key()).returncode == 0
    locked = pm("ingest", "--sensitive", str(_testimonies(tmp_path)))  # a key, but locked
    assert locked.returncode == 2 and "M031" in locked.stderr and "MARSAD_PASSPHRASE" in locked.stderr
    assert _docs(pm) == []


def test_key_operations_are_in_the_custody_log_and_recovery_works(pm: Run, tmp_path: Path) -> None:
    assert pm("keys", "init", extra_env=key()).returncode == 0
    stored = pm("ingest", "--sensitive", str(_testimonies(tmp_path)), extra_env=key())
    assert stored.returncode == 0, stored.stderr
    recovery = tmp_path / "usb" / "recovery.json"
    recovery.parent.mkdir()
    same = pm(
        "keys",
        "export-recovery",
        str(recovery),
        extra_env={**key(), "MARSAD_RECOVERY_PASSPHRASE": PASSPHRASE},
    )
    assert same.returncode == 2 and "must differ" in same.stderr
    rec_env = {**key(), "MARSAD_RECOVERY_PASSPHRASE": "kept-in-a-drawer-far-away"}
    assert pm("keys", "export-recovery", str(recovery), extra_env=rec_env).returncode == 0
    assert PASSPHRASE not in recovery.read_text() and recovery.stat().st_mode & 0o077 == 0
    again = pm("keys", "export-recovery", str(recovery), extra_env=rec_env)
    assert again.returncode == 2 and "--force" in again.stderr

    # the passphrase is forgotten: the recovery file sets a new one, and the testimony reads as before
    forgot = pm(
        "keys",
        "rotate",
        "--recovery",
        str(recovery),
        extra_env={
            "MARSAD_RECOVERY_PASSPHRASE": "kept-in-a-drawer-far-away",
            "MARSAD_NEW_PASSPHRASE": "fresh-start-99x",
        },
    )
    assert forgot.returncode == 0, forgot.stderr
    doc = _docs(pm, key("fresh-start-99x"))[0]
    assert any(s in _show(pm, doc["id"], key("fresh-start-99x"))["clean_text"] for s in SECRETS)

    status = json.loads(pm("keys", "status", "--json").stdout)
    assert (
        status["data_key"] and status["wrapped_under"] == "passphrase" and status["sensitive_documents"] == 2
    )
    log = pm("audit", "log", "--json", "--limit", "1000")
    actions = [e["action"] for e in json.loads(log.stdout)]
    assert actions.count("keys.init") == 1 and actions.count("keys.export_recovery") == 1
    assert actions.count("keys.rotate") == 1
    for secret in [PASSPHRASE, "kept-in-a-drawer-far-away", "fresh-start-99x", *SECRETS]:
        assert secret not in log.stdout
    assert pm("audit", "verify").returncode == 0
