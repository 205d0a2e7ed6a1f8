"""The second factor over real HTTP, with real codes computed from the secret the CLI prints: no code no
session, a wrong code is refused and counted, the right one opens a session once, and `require_totp`."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pyotp
import pytest

from tests.conftest import MARSAD
from tests.web.conftest import PASSWORD, Server

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def cli(db: Path, *args: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MARSAD_")}
    return subprocess.run(
        [MARSAD, "--db", str(db), *args],
        capture_output=True,
        text=True,
        env={**env, **(extra or {})},
        timeout=120,
    )


def enrol(server: Server, name: str) -> pyotp.TOTP:
    """Enrolled through the store, as the CLI does (the CLI itself is run in the tests below)."""
    from marsad.web.totp import new_secret

    secret = new_secret()
    server.store.enable_totp(name, secret)
    return pyotp.TOTP(secret)


def enrol_with_cli(server: Server, name: str, extra: dict[str, str] | None = None) -> pyotp.TOTP:
    r = cli(server.db, "users", "totp", "enable", name, "--json", extra=extra)
    assert r.returncode == 0, r.stderr
    shown = json.loads(r.stdout)
    assert shown["uri"].startswith("otpauth://totp/") and shown["secret"] in shown["uri"]
    return pyotp.TOTP(shown["secret"])


class Browser:
    """A browser-like client on the login form."""

    def __init__(self, server: Server, address: str | None = None) -> None:
        headers = {"X-Forwarded-For": address} if address else {}
        self.c = httpx.Client(base_url=server.url, follow_redirects=False, timeout=30, headers=headers)
        self.csrf = CSRF.search(self.c.get("/login").text).group(1)  # type: ignore[union-attr]

    def password(self, name: str, password: str = PASSWORD, **extra: str) -> httpx.Response:
        return self.c.post(
            "/login", data={"name": name, "password": password, "csrf_token": self.csrf, **extra}
        )

    def code(self, code: str) -> httpx.Response:
        return self.c.post("/login", data={"code": code, "csrf_token": self.csrf})

    def me(self) -> int:
        return self.c.get("/api/v1/me").status_code


def failures(server: Server, name: str) -> list[str]:
    return [
        e.details.get("reason", "")
        for e in server.store.audit_entries()
        if e.action == "login.failed" and e.subject == f"user:{name}"
    ]


@pytest.fixture(scope="module")
def totp_server(start_server: Callable[..., Server]) -> Server:
    return start_server()


def test_a_password_alone_never_makes_a_session(totp_server: Server) -> None:
    totp = enrol_with_cli(totp_server, "analyst")
    b = Browser(totp_server)
    step = b.password("analyst")
    assert step.status_code == 200 and 'name="code"' in step.text and "6-digit code" in step.text
    assert "marsad_session" not in b.c.cookies and b.me() == 401
    challenge = next(h for h in step.headers.get_list("set-cookie") if h.startswith("marsad_login_2fa="))
    assert "HttpOnly" in challenge and "Path=/login" in challenge and "SameSite=strict" in challenge
    # no code or a wrong one: refused, no session; a wrong code is a failure in the custody log
    assert b.code("").status_code == 401
    wrong = f"{(int(totp.now()) + 1) % 10**6:06d}"
    refused = b.code(wrong)
    assert refused.status_code == 401 and "Wrong code" in refused.text and b.me() == 401
    assert failures(totp_server, "analyst").count("wrong code") == 1
    # the right code: a session
    code = totp.now()
    ok = b.code(code)
    assert ok.status_code == 303 and b.me() == 200
    assert b.c.get("/api/v1/me").json() == {"name": "analyst", "role": "analyst", "via": "session"}
    # the same code again, from another browser with the right password: refused as used
    other = Browser(totp_server)
    assert other.password("analyst").status_code == 200
    replay = other.code(code)
    assert replay.status_code == 401 and "used already" in replay.text and other.me() == 401
    assert "code used already" in failures(totp_server, "analyst")
    # the challenge cookie of one browser is worth nothing without the password step in it
    stranger = Browser(totp_server)
    assert stranger.code(totp.now()).status_code == 401 and stranger.me() == 401
    actions = [e.action for e in totp_server.store.audit_entries() if e.subject == "user:analyst"]
    assert "totp.enable" in actions and "login.password_ok" in actions


def test_codes_a_step_off_work_and_older_ones_do_not(totp_server: Server) -> None:
    totp = enrol(totp_server, "admin")
    b = Browser(totp_server)
    b.password("admin")
    assert b.code(totp.at(time.time() - 90)).status_code == 401  # three steps back: too old
    assert b.code(totp.at(time.time() - 30)).status_code == 303  # one step back: a phone a little slow
    # code and password in one request (a script's form post) work too, with a newer code
    later = Browser(totp_server)
    assert later.password("admin", code=totp.at(time.time() + 30)).status_code == 303 and later.me() == 200


def test_wrong_codes_count_toward_the_pause(totp_server: Server) -> None:
    totp = enrol(totp_server, "viewer")
    b = Browser(totp_server)
    assert b.password("viewer").status_code == 200
    wrong = f"{(int(totp.now()) + 7) % 10**6:06d}"
    for _ in range(5):
        assert b.code(wrong).status_code == 401
    paused = b.code(totp.now())
    assert paused.status_code == 429 and "wait a few minutes" in paused.text and b.me() == 401
    assert Browser(totp_server).password("viewer").status_code == 429  # the password step too


def test_the_secret_is_never_shown_after_enrolment(totp_server: Server) -> None:
    listed = totp_server.client("admin").get("/api/v1/users").json()
    flags = {u["name"]: u["two_factor"] for u in listed}
    assert flags["analyst"] is True
    raw = json.dumps(listed)
    assert "secret" not in raw and "otpauth" not in raw
    totp_server.store.disable_totp("analyst")
    again = cli(totp_server.db, "users", "totp", "disable", "analyst")
    assert again.returncode == 2 and "[M045]" in again.stderr and "no second factor" in again.stderr
    assert "Traceback" not in again.stderr
    actions = [e.action for e in totp_server.store.audit_entries() if e.subject == "user:analyst"]
    assert "totp.disable" in actions
    # back to a password alone
    b = Browser(totp_server)
    assert b.password("analyst").status_code == 303


def test_require_totp_blocks_an_unenrolled_analyst(
    start_server: Callable[..., Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARSAD_WEB_REQUIRE_TOTP", "true")
    server = start_server()
    b = Browser(server)
    refused = b.password("analyst")
    assert refused.status_code == 403 and "marsad users totp enable" in refused.text
    assert b.me() == 401 and "second factor required" in failures(server, "analyst")
    # a wrong password learns nothing about it
    assert Browser(server).password("analyst", "not the password!").status_code == 401
    # viewers are not bound by it
    v = Browser(server)
    assert v.password("viewer").status_code == 303 and v.me() == 200
    # enrolled, the analyst logs in with a code
    totp = enrol(server, "analyst")
    b2 = Browser(server)
    assert b2.password("analyst").status_code == 200
    assert b2.code(totp.now()).status_code == 303 and b2.me() == 200


def test_the_secret_is_sealed_when_the_database_has_a_data_key(
    start_server: Callable[..., Server], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marsad.protect.keys import Credential
    from marsad.store import Store
    from marsad.web.errors import TwoFactorLockedError

    keyfile = tmp_path / "data.key"

    def with_key(db: Path) -> None:
        with Store(str(db), actor="test") as store:
            store.init_data_key(Credential.key_file(keyfile, create=True))

    monkeypatch.setenv("MARSAD_PROTECT_KEY_FILE", str(keyfile))  # the server unlocks with it
    server = start_server(with_key)
    with Store(str(server.db), actor="test") as locked:  # a key file given to no one: locked
        locked.protect_key_file = None
        monkeypatch.delenv("MARSAD_PROTECT_KEY_FILE")
        with pytest.raises(TwoFactorLockedError, match="stored encrypted"):
            locked.enable_totp("analyst", "JBSWY3DPEHPK3PXP")
        monkeypatch.setenv("MARSAD_PROTECT_KEY_FILE", str(keyfile))
    totp = enrol_with_cli(server, "analyst", {"MARSAD_PROTECT_KEY_FILE": str(keyfile)})
    with sqlite3.connect(server.db) as conn:
        conn.execute("PRAGMA wal_checkpoint(FULL)")
        (stored,) = conn.execute("SELECT totp_secret FROM app_user WHERE name = 'analyst'").fetchone()
    assert stored.startswith("enc1:") and totp.secret not in stored
    raw = b"".join(p.read_bytes() for p in server.db.parent.glob(server.db.name + "*") if p.is_file())
    assert totp.secret.encode() not in raw
    b = Browser(server)
    assert b.password("analyst").status_code == 200
    assert b.code(totp.now()).status_code == 303 and b.me() == 200
