"""Witnesses through the real ``marsad ingest``: stable pseudonyms across spellings of one name, lines
and runs; a witness is never stored in the clear (no --sensitive: refused, nothing kept); re-ingesting a
plain file as sensitive seals it in place, and the reverse never unseals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from marsad.config import Settings
from marsad.ingest import Ingester
from marsad.protect import PLACEHOLDER, Credential
from marsad.protect.witness import WitnessInput
from marsad.store import Store
from tests.conftest import Run, assert_no_traceback
from tests.protect.conftest import PASSPHRASE, PLANTS, SECRETS, key, leaks

NAME = "Hadiya Selloumbrake"
NAME_AR = "رُقيّة البرتقانيّ"


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_one_person_one_pseudonym_across_spellings_lines_and_runs(
    pm: Run, db: Path, tmp_path: Path, settings: Settings
) -> None:
    batch = _jsonl(
        tmp_path / "interviews.jsonl",
        [
            {
                "title": "t1",
                "text": "Shelling hit the market.",
                "witness": NAME,
                "witness_contact": "call 0101",
            },
            {"title": "t2", "text": "The school was hit.", "witness": "  hadiya   SELLOUMBRAKE "},
            {"title": "t3", "text": "Two men were taken.", "witness": NAME_AR},
            {"title": "t4", "text": "The bakery burned.", "witness": "رقية البرتقاني"},  # no diacritics
            {"title": "t5", "text": "Nobody came back.", "witness": "Someone Else Entirely"},
        ],
    )
    later = tmp_path / "later.txt"
    later.write_text("A second interview about the checkpoint.\n", encoding="utf-8")
    with Store(str(db)) as s:
        s.init_data_key(Credential.passphrase(PASSPHRASE), scrypt_log2_n=14)
        Ingester(s, settings, sensitive=True).ingest([batch])
    with Store(str(db)) as s:  # another run, unlocked anew: the witness key is read back, not remade
        s.unlock([Credential.passphrase(PASSPHRASE)])
        Ingester(s, settings, sensitive=True, witness=WitnessInput.of(NAME.lower())).ingest([later])

    listed = pm("docs", "list", "--json")  # without the key: pseudonyms, never names
    assert listed.returncode == 0, listed.stderr
    assert NAME not in listed.stdout and "Hadiya" not in listed.stdout
    with Store(str(db)) as s:
        s.unlock([Credential.passphrase(PASSPHRASE)])
        titles = {d.id: d.title for d in s.list_documents()}
        seen = {titles[d["id"]]: d["witness"] for d in json.loads(listed.stdout)}
        s.checkpoint()
        assert s.witness_count() == 3
    assert seen["t1"] == seen["t2"] == seen[None]
    assert seen["t3"] == seen["t4"] != seen["t1"]
    assert len({seen["t1"], seen["t3"], seen["t5"]}) == 3
    assert leaks(db, [NAME, "Selloumbrake", "SELLOUMBRAKE", NAME_AR, "البرتقان", "call 0101"]) == []

    # the identity, with the key: the later run added no second record and kept the contact
    t2 = next(i for i, t in titles.items() if t == "t2")
    shown = json.loads(pm("docs", "show", t2, "--json", extra_env=key()).stdout)
    assert shown["witness"] == seen["t1"] and shown["witness_name"] == NAME
    assert shown["witness_contact"] == "call 0101"
    log = pm("audit", "log", "--json", "--limit", "1000").stdout
    assert NAME not in log and "Selloumbrake" not in log and seen["t1"] in log


def test_a_witness_is_never_stored_in_the_clear(pm: Run, db: Path, tmp_path: Path) -> None:
    usage = pm("ingest", "--witness", NAME, str(PLANTS / "public_report.txt"))
    assert usage.returncode == 2 and "--sensitive" in usage.stderr
    assert_no_traceback(usage)
    batch = _jsonl(
        tmp_path / "mixed.jsonl",
        [{"text": "A public line."}, {"text": "A testimony.", "witness": NAME}],
    )
    refused = pm("ingest", "--no-clean", str(batch))
    assert refused.returncode == 1 and "line 2 names a witness" in refused.stderr
    assert "--sensitive" in refused.stderr
    with Store(str(db)) as s:
        assert s.list_documents() == []  # nothing of the file, not even its first line
        s.checkpoint()
        s.init_data_key(Credential.passphrase(PASSPHRASE), scrypt_log2_n=14)
    assert leaks(db, [NAME]) == []

    bad = _jsonl(
        tmp_path / "bad.jsonl",
        [
            {"text": "ok", "witness": "Fine Name"},
            {"text": "x", "witness": 7},
            {"text": "y", "witness_contact": "z"},
        ],
    )
    partly = pm("ingest", "--sensitive", "--no-clean", str(bad), extra_env=key())
    assert partly.returncode == 1
    assert "line 2: the witness name must be a non-empty text" in partly.stderr
    assert 'line 3: "witness_contact" without "witness"' in partly.stderr
    assert_no_traceback(partly)


def test_reingesting_as_sensitive_seals_in_place_and_never_unseals(
    pm: Run, db: Path, settings: Settings, extractor: Any
) -> None:
    from marsad.clean import run_clean
    from marsad.extract.stage import run_extract
    from marsad.resolve import run_resolve

    testimony = PLANTS / "testimony_en.txt"
    with Store(str(db)) as s:  # in the clear, read by the real pipeline
        Ingester(s, settings).ingest([testimony])
        run_clean(s, settings)
        run_extract(s, extractor)
        run_resolve(s)
        [doc] = s.list_documents()
        assert any(SECRETS[2] in (r["evidence"] or "") for r in s.reports(document_id=doc.id))
        assert any(SECRETS[2] in (c["evidence"] or "") for i in s.incidents() for c in i["claims"])
        s.checkpoint()
        s.init_data_key(Credential.passphrase(PASSPHRASE), scrypt_log2_n=14)
    assert SECRETS[0] in leaks(db, SECRETS)  # the same grep finds it while it is in the clear

    sealed = pm("ingest", "--sensitive", "--witness", NAME, str(testimony), "--json", extra_env=key())
    assert sealed.returncode == 0, sealed.stderr
    assert json.loads(sealed.stdout)["sealed_in_place"] == 1
    for f in db.parent.glob(f"{db.name}*"):  # database and write-ahead log: old pages wiped too
        if not f.name.endswith("signing-key"):
            assert leaks(f, [*SECRETS, NAME]) == [], f
    with Store(str(db)) as s:
        [doc] = s.list_documents()  # locked: placeholders, never plain text
        assert doc.sensitive and doc.clean_text == PLACEHOLDER
        assert all(r["evidence"] == PLACEHOLDER for r in s.reports(document_id=doc.id))
        claims = [c for i in s.incidents() for c in i["claims"]]
        assert claims and all(c["evidence"] == PLACEHOLDER for c in claims)
        s.unlock([Credential.passphrase(PASSPHRASE)])
        assert SECRETS[0] in (s.get_document(doc.id).clean_text or "")
        assert s.get_blob(doc.blob_sha256).data == testimony.read_bytes()
        assert any(SECRETS[2] in (c["evidence"] or "") for i in s.incidents() for c in i["claims"])
        assert (s.document_witness(doc.id, identity=True) or {}).get("name") == NAME
        assert [e for e in s.audit_entries(f"document:{doc.id}") if e.action == "protect.seal"]

    # without --sensitive the same file is "already ingested", and stays sealed
    back = pm("ingest", "--no-clean", str(testimony), "--json")
    assert back.returncode == 0 and json.loads(back.stdout)["already_ingested"] == 1
    with Store(str(db)) as s:
        s.checkpoint()
        assert s.list_documents()[0].sensitive and s.verify_audit().ok
    assert leaks(db, SECRETS) == []
