"""`marsad keys rotate --new-data-key`: every sealed value is re-encrypted under a fresh data key, so the
old data key (say, leaked from a seized, unlocked laptop) opens none of them; everything reads with the
new one, and witnesses keep their pseudonyms."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from marsad.clean import run_clean
from marsad.config import Settings
from marsad.ingest import Ingester
from marsad.link.importer import import_victims
from marsad.protect import Credential, RecordCipher, WrongKeyError
from marsad.protect.crypto import BLOB_MAGIC
from marsad.protect.witness import WitnessInput
from marsad.store import Store
from tests.conftest import Run
from tests.protect.conftest import PASSPHRASE, PLANTS, SECRETS, key

NEW = "a-fresh-key-after-the-raid-31"
WITNESS = "Hadiya Selloumbrake"
TOKEN = re.compile(r"enc1:[A-Za-z0-9._/\-]+:[A-Za-z0-9+/=]+")


def _tokens(db: Path) -> list[str]:
    """Every sealed text in any column of any table, read with sqlite3 itself (a long value spans pages,
    so the file's bytes are not enough)."""
    found: set[str] = set()
    with closing(sqlite3.connect(db)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, str):
                        found.update(TOKEN.findall(value))
    return sorted(found)


def test_a_new_data_key_reencrypts_everything_and_the_old_key_opens_nothing(
    pm: Run, db: Path, tmp_path: Path, settings: Settings
) -> None:
    victims = tmp_path / "list.csv"
    victims.write_text(
        f"full_name,date_of_death,witness_name,notes\nKarim Wenthorpe,2025-03-07,{WITNESS},taken at night\n",
        encoding="utf-8",
    )
    with Store(str(db)) as s:
        s.init_data_key(Credential.passphrase(PASSPHRASE), scrypt_log2_n=14)
        Ingester(s, settings, sensitive=True, witness=WitnessInput.of(WITNESS)).ingest(
            [PLANTS / "testimony_en.txt", PLANTS / "testimony_ar.txt"]
        )
        run_clean(s, settings)
        import_victims(s, victims, "Committee")
        old_record = s.key_record()
        before = s.witness_pseudonyms(d.id for d in s.list_documents())
    old_key = old_record.unwrap(Credential.passphrase(PASSPHRASE))  # type: ignore[union-attr]
    old_tokens = _tokens(db)
    assert len(old_tokens) > 10 and all(RecordCipher(old_key).open_text(t) is not None for t in old_tokens)

    rotated = pm(
        "keys", "rotate", "--new-data-key", "--json", extra_env={**key(), "MARSAD_NEW_PASSPHRASE": NEW}
    )
    assert rotated.returncode == 0, rotated.stderr
    done = json.loads(rotated.stdout)
    assert done["new_data_key"] and done["key_id"] != old_record.key_id  # type: ignore[union-attr]
    assert done["resealed"]["document"] > 0 and done["resealed"]["blob"] == 2
    assert done["resealed"]["witness"] >= 1 and done["resealed"]["victim"] >= 1

    # the old wrapped key and its passphrase still give the old data key, which opens nothing now
    assert old_record.unwrap(Credential.passphrase(PASSPHRASE)) == old_key  # type: ignore[union-attr]
    new_tokens = _tokens(db)
    assert len(new_tokens) == len(old_tokens) and not set(new_tokens) & set(old_tokens)
    for t in new_tokens:
        with pytest.raises(WrongKeyError):
            RecordCipher(old_key).open_text(t)
    raw = db.read_bytes()
    assert raw.count(BLOB_MAGIC) >= 2 and not any(t[-40:].encode() in raw for t in old_tokens)  # wiped
    assert pm("docs", "list", "--json", extra_env=key()).returncode == 2  # old passphrase: M032

    # with the new passphrase everything reads as before; pseudonyms and witness lookups are stable
    with Store(str(db)) as s:
        s.unlock([Credential.passphrase(NEW)])
        docs = s.list_documents()
        texts = "\n".join(d.clean_text or "" for d in docs)
        assert SECRETS[2] in texts and SECRETS[5] in texts
        originals = {(PLANTS / n).read_bytes() for n in ("testimony_en.txt", "testimony_ar.txt")}
        assert {s.get_blob(d.blob_sha256).data for d in docs} == originals
        assert s.witness_pseudonyms(d.id for d in docs) == before
        assert {s.document_witness(d.id, identity=True)["name"] for d in docs} == {WITNESS}  # type: ignore[index]
        assert {p.get("notes") for p in s.victim_protected(reveal=True).values()} == {"taken at night"}
        later = tmp_path / "later.txt"
        later.write_text("Another interview, after the raid.\n", encoding="utf-8")
        Ingester(s, settings, sensitive=True, witness=WitnessInput.of(WITNESS.upper())).ingest([later])
        assert set(s.witness_pseudonyms(d.id for d in s.list_documents()).values()) == set(before.values())
        assert s.witness_count() == 1 and s.verify_audit().ok
        rotations = [e for e in s.audit_entries() if e.action == "keys.rotate"]
        assert rotations[-1].details["new_data_key"] is True
