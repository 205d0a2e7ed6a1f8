"""The issue's must-show, over real HTTP: witnesses and testimonies planted through the real ``marsad``
command are absent from the raw database file, its write-ahead log and a backup; with the key unlocked,
the running app shows an admin the witness's name and the testimony's words, and a viewer only the
witness's pseudonym."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from marsad.protect import Credential
from marsad.store import Store
from tests.conftest import Run
from tests.protect.conftest import PASSPHRASE, PLANTS, key, leaks

# invented witnesses, named nowhere in the testimonies' text: only the witness record can hold them
WITNESS_EN = "Ilyas Marrowgate-Qudsi"
WITNESS_AR = "سُلافة الزيتونجيّ"
CONTACT = "Signal +963 555 0147"
SENTENCE_EN = "gunmen in black uniforms shot her two brothers outside the Hellenberg bakery"
SENTENCE_AR = "قتلوا جارها أمام باب الفرن"
PLANTED = [WITNESS_EN, "Marrowgate", WITNESS_AR, "الزيتونج", CONTACT, SENTENCE_EN, SENTENCE_AR]


@pytest.fixture
def planted(pm: Run, db: Path, tmp_path: Path) -> dict[str, str]:
    """Two testimonies with their witnesses, through the CLI; document id → pseudonym."""
    with Store(str(db)) as s:
        s.init_data_key(Credential.passphrase(PASSPHRASE), scrypt_log2_n=14)
    for name, who, contact in (
        ("testimony_en.txt", WITNESS_EN, CONTACT),
        ("testimony_ar.txt", WITNESS_AR, None),
    ):
        args = [
            "ingest",
            "--sensitive",
            "--witness",
            who,
            *(["--witness-contact", contact] if contact else []),
        ]
        done = pm(*args, str(PLANTS / name), extra_env=key())
        assert done.returncode == 0, done.stderr
    listed = json.loads(pm("docs", "list", "--json").stdout)  # no key: pseudonyms only
    return {d["id"]: d["witness"] for d in listed}


@pytest.fixture
def served(db: Path, planted: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, dict]]:
    """The app on a random port, unlocked with the passphrase as `marsad serve` would be; (url, tokens)."""
    from marsad.web import create_app
    from marsad.web.auth import digest, hash_password, new_token

    monkeypatch.setenv("MARSAD_PASSPHRASE", key()["MARSAD_PASSPHRASE"])
    store = Store(str(db), actor="test")
    tokens = {}
    for role in ("admin", "viewer"):
        store.add_user(role, role, hash_password("correct horse battery staple"))
        tokens[role] = new_token()
        store.add_token(role, "tests", digest(tokens[role]))
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", tokens
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.close()


def test_nothing_planted_is_at_rest_and_the_app_shows_each_role_what_it_may(
    pm: Run, db: Path, tmp_path: Path, planted: dict[str, str], served: tuple[str, dict]
) -> None:
    assert len(planted) == 2 and all(
        re.fullmatch(r"Witness [0-9A-Z]{4}-[0-9A-Z]{4}", p) for p in planted.values()
    )
    assert len(set(planted.values())) == 2

    # the raw files: database, write-ahead log (before and after a checkpoint), and a backup
    for f in (db, Path(f"{db}-wal")):
        if f.exists():
            assert leaks(f, PLANTED) == [], f
    with Store(str(db)) as s:
        s.checkpoint()
    assert leaks(db, PLANTED) == []
    backup = tmp_path / "usb.mbak"
    assert pm("backup", str(backup), extra_env=key()).returncode == 0
    assert leaks(backup, PLANTED) == []
    with Store(str(db)) as s:
        log = json.dumps([(e.action, e.subject, e.details) for e in s.audit_entries()], ensure_ascii=False)
    assert not [p for p in PLANTED if p in log] and set(planted.values()) <= set(
        re.findall(r"Witness [0-9A-Z]{4}-[0-9A-Z]{4}", log)
    )

    url, tokens = served
    en = next(d for d in planted if _detail(url, tokens["admin"], d).get("witness_name") == WITNESS_EN)
    ar = next(d for d in planted if d != en)

    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {tokens['admin']}"}) as admin:
        page = admin.get(f"/documents/{en}").text
        assert WITNESS_EN in page and CONTACT in page and SENTENCE_EN in page and planted[en] in page
        page_ar = admin.get(f"/documents/{ar}").text
        assert WITNESS_AR in page_ar and SENTENCE_AR in page_ar
        doc = admin.get(f"/api/v1/documents/{en}").json()
        assert doc["witness"] == planted[en] and doc["witness_contact"] == CONTACT

    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {tokens['viewer']}"}) as viewer:
        for doc_id, pseudonym in planted.items():
            answers = [
                viewer.get(f"/documents/{doc_id}"),
                viewer.get(f"/api/v1/documents/{doc_id}"),
                viewer.get("/api/v1/documents", params={"limit": 500}),
                viewer.get("/api/v1/exports/jsonl"),
            ]
            for r in answers:
                assert r.status_code == 200, r.url
                assert [p for p in PLANTED if p in r.text] == [], r.url
            assert pseudonym in answers[0].text
            shown = answers[1].json()
            assert shown["witness"] == pseudonym and shown["witness_name"] is None and shown["redacted"]


def _detail(url: str, token: str, doc_id: str) -> dict:
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as c:
        return c.get(f"/api/v1/documents/{doc_id}").json()
