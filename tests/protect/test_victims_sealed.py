"""Sensitive columns of victim lists through the real ``marsad victims`` commands: sealed at rest (and
kept out of the rejects file), refused without a data key before anything is written, shown as a
pseudonym or "(sealed)", and exported in the clear only with the key and ``--reveal``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from marsad.protect import Credential
from marsad.protect.victims import SensitiveColumnError, sealed_columns
from marsad.store import Store
from tests.conftest import Run, assert_no_traceback
from tests.protect.conftest import PASSPHRASE, key, leaks

WITNESS = "Ilyas Marrowgate-Qudsi"
CONTACT = "+963 555 0147"
ADDRESS = "12 Olive Lane behind the Quennel mill"
NOTES = "Seen taken at the Quennel mill by men in a grey van"
PHONE = "0999 731 552"
HIDDEN = [WITNESS, "Marrowgate", CONTACT, ADDRESS, NOTES, PHONE]
LIST = f"""full_name,date_of_death,sex,witness_name,witness_contact,exact_address,notes,Family phone
Karim Dabbous Wenthorpe,2025-03-07,male,{WITNESS},{CONTACT},{ADDRESS},{NOTES},{PHONE}
Samir Wenthorpe,2025-03-07,male,ilyas  MARROWGATE-qudsi,,,,
Bad Row,notadate,male,{WITNESS},,{ADDRESS},,
"""


def _export(pm: Run, *args: str, env: dict[str, str] | None = None) -> list[dict[str, str]]:
    result = pm("victims", "export", *args, extra_env=env)
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_sensitive_columns_are_sealed_refused_without_a_key_and_revealed_only_on_request(
    pm: Run, db: Path, tmp_path: Path
) -> None:
    listing = tmp_path / "committee.csv"
    listing.write_text(LIST, encoding="utf-8")
    rejects = tmp_path / "rejects.csv"

    refused = pm("victims", "import", str(listing), "--source", "Committee", "--rejects", str(rejects))
    assert refused.returncode == 2 and "M033" in refused.stderr and "witness_name" in refused.stderr
    assert_no_traceback(refused)
    assert not rejects.exists()
    with Store(str(db)) as s:
        assert s.victim_counts() == {}
        s.init_data_key(Credential.passphrase(PASSPHRASE), scrypt_log2_n=14)

    wrong = pm("victims", "import", str(listing), "-s", "Committee", "--sensitive-column", "full_name")
    assert wrong.returncode == 2 and "M036" in wrong.stderr and "linkage" in wrong.stderr
    with pytest.raises(SensitiveColumnError, match="does not have: Phone no"):
        sealed_columns([("full_name", "full_name"), ("Family phone", None)], ["Phone no"], listing)

    args = ["--source", "Committee", "--rejects", str(rejects), "--sensitive-column", "family PHONE"]
    done = pm("victims", "import", str(listing), *args, extra_env=key())
    assert done.returncode == 1 and "2 records added" in done.stdout and "1 rejected" in done.stdout
    assert "Family phone" not in done.stdout  # not "kept as extra columns": sealed
    assert leaks(rejects, HIDDEN) == [] and "Bad Row" in rejects.read_text(encoding="utf-8")
    with Store(str(db)) as s:
        s.checkpoint()
        ids = [r["id"] for r in s.victims(limit=10)]
        # a linkage run (each record its own person) so that `victims export` has something to export
        s.save_link_run(settings={}, model={}, summary={}, members=[(i, i, None) for i in ids], pairs=[])
        s.checkpoint()
    for f in db.parent.glob(f"{db.name}*"):
        if not f.name.endswith("signing-key"):
            assert leaks(f, HIDDEN) == [], f

    shown = pm("victims", "list", "--json")
    assert shown.returncode == 0 and not [h for h in HIDDEN if h in shown.stdout]
    rows = json.loads(shown.stdout)
    first = next(r for r in rows if r["full_name"].startswith("Karim"))
    assert first["notes"] == "(sealed)" and first["data"]["extra"]["Family phone"] == "(sealed)"
    assert "enc1:" not in shown.stdout
    pseudonyms = {r["data"].get("witness") for r in rows}
    assert len(pseudonyms) == 1 and next(iter(pseudonyms)).startswith("Witness ")  # one person, one name

    plain = _export(pm, env=key())  # the key is there, but not --reveal: the pseudonym only
    assert {r["witness"] for r in plain} == pseudonyms and "notes" not in plain[0]
    assert not [h for h in HIDDEN if any(h in v for r in plain for v in r.values())]
    locked = pm("victims", "export", "--reveal")
    assert locked.returncode == 2 and "M031" in locked.stderr and WITNESS not in locked.stdout
    revealed = {r["full_name"]: r for r in _export(pm, "--reveal", env=key())}
    karim = revealed["Karim Dabbous Wenthorpe"]
    assert (karim["witness_name"], karim["witness_contact"], karim["exact_address"]) == (
        WITNESS,
        CONTACT,
        ADDRESS,
    )
    assert karim["notes"] == NOTES and karim["Family phone"] == PHONE
    assert revealed["Samir Wenthorpe"]["witness_name"] == WITNESS  # as first recorded
    with Store(str(db)) as s:
        log = json.dumps([(e.action, e.details) for e in s.audit_entries()], ensure_ascii=False)
    assert "sealed columns revealed" in log and not [h for h in HIDDEN if h in log]
