"""The store's side of encryption at rest, in-process on a real SQLite file: sealed values are bound to
their place, tampering is found, and the clean/extract stages skip testimonies while the key is locked."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update

from marsad.clean import run_clean
from marsad.ingest import Ingester
from marsad.protect import PLACEHOLDER, Credential, WrongKeyError
from marsad.protect.crypto import RecordCipher, is_token
from marsad.protect.keys import new_data_key
from marsad.store import Store
from marsad.store.schema import blob, document
from tests.protect.conftest import PASSPHRASE, PLANTS


def _two_testimonies(db: Path, settings) -> list[str]:  # type: ignore[no-untyped-def]
    with Store(str(db)) as s:
        s.init_data_key(Credential.passphrase(PASSPHRASE), scrypt_log2_n=14)
        Ingester(s, settings, sensitive=True).ingest(
            [PLANTS / "testimony_en.txt", PLANTS / "testimony_ar.txt"]
        )
        return [d.id for d in s.list_documents() if d.id]


def test_a_sealed_value_only_opens_where_it_was_sealed() -> None:
    cipher = RecordCipher(new_data_key())
    token = cipher.seal_text("document.text/a", "the witness said")
    assert is_token(token) and "witness" not in token
    assert cipher.open_text(token, "document.text/a") == "the witness said"
    with pytest.raises(WrongKeyError):
        cipher.open_text(token, "document.text/b")  # moved to another record
    forged = token.replace("document.text/a", "document.text/b")
    with pytest.raises(WrongKeyError):
        cipher.open_text(forged, "document.text/b")  # relabelled: the associated data no longer matches
    with pytest.raises(WrongKeyError):
        RecordCipher(new_data_key()).open_text(token)  # another installation's key
    assert token != cipher.seal_text("document.text/a", "the witness said")  # a fresh nonce every time


def test_swapped_or_edited_ciphertext_in_the_database_is_an_error(db: Path, settings) -> None:  # type: ignore[no-untyped-def]
    a, b = _two_testimonies(db, settings)
    with Store(str(db)) as s:
        with s.engine.begin() as conn:
            ta = conn.execute(select(document.c.text).where(document.c.id == a)).scalar_one()
            tb = conn.execute(select(document.c.text).where(document.c.id == b)).scalar_one()
            conn.execute(update(document).where(document.c.id == a).values(text=tb))
            conn.execute(update(document).where(document.c.id == b).values(text=ta))
        s.unlock([Credential.passphrase(PASSPHRASE)])
        with pytest.raises(WrongKeyError, match="altered"):
            s.get_document(a)
        with s.engine.begin() as conn:
            row = conn.execute(select(blob.c.sha256, blob.c.data)).first()
            sha, data = row.sha256, bytearray(row.data)
            data[-1] ^= 1
            conn.execute(update(blob).where(blob.c.sha256 == sha).values(data=bytes(data)))
        with pytest.raises(WrongKeyError):
            s.get_blob(sha)


def test_stages_wait_for_the_key_and_then_read_testimonies(db: Path, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("MARSAD_PASSPHRASE", raising=False)
    with Store(str(db)) as s:
        s.init_data_key(Credential.passphrase(PASSPHRASE), scrypt_log2_n=14)
        Ingester(s, settings, sensitive=True).ingest([PLANTS / "testimony_en.txt"])
        Ingester(s, settings).ingest([PLANTS / "public_report.txt"])
    with Store(str(db)) as locked:
        assert run_clean(locked, settings).cleaned == 1  # the public report only; nothing garbled
        sensitive = next(d for d in locked.list_documents() if d.sensitive)
        assert sensitive.clean_text == PLACEHOLDER or sensitive.clean_text is None
        assert sensitive.text == PLACEHOLDER and sensitive.clean_version is None
    with Store(str(db)) as opened:
        opened.unlock([Credential.passphrase(PASSPHRASE)])
        assert run_clean(opened, settings).cleaned == 1
        doc = next(d for d in opened.list_documents() if d.sensitive)
        assert "Qarawi-Hellenberg" in (doc.clean_text or "") and doc.lang is not None
        with opened.engine.begin() as conn:
            stored = conn.execute(select(document.c.clean_text).where(document.c.id == doc.id)).scalar_one()
        assert is_token(stored)
