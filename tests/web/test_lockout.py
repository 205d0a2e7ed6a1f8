"""Login pauses per user name and per client address, and the security headers and cookie flags on
every kind of answer (errors, redirects, static files, the login page)."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from tests.web.conftest import PASSWORD, Server

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _login(server: Server, name: str, password: str, address: str) -> httpx.Response:
    # the test server trusts X-Forwarded-For from 127.0.0.1, as `marsad serve` does behind a local proxy
    with httpx.Client(base_url=server.url, headers={"X-Forwarded-For": address}, timeout=30) as c:
        token = CSRF.search(c.get("/login").text).group(1)  # type: ignore[union-attr]
        return c.post("/login", data={"name": name, "password": password, "csrf_token": token})


def test_many_names_from_one_address_pause_that_address(
    start_server: Callable[..., Server], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARSAD_WEB_LOGIN_PAUSE_FAILURES_PER_ADDRESS", "4")
    server = start_server()
    spraying = "192.0.2.10"
    for name in ("admin", "analyst", "nobody-1", "nobody-2"):  # one try per name: no name is paused
        assert _login(server, name, "Password123456", spraying).status_code == 401
    paused = _login(server, "viewer", PASSWORD, spraying)
    assert paused.status_code == 429 and "wait a few minutes" in paused.text
    # the same right password from another address works: the pause is the address's
    assert _login(server, "viewer", PASSWORD, "192.0.2.20").status_code == 303
    # the custody log names the user names tried, never the addresses
    failed = [e for e in server.store.audit_entries() if e.action == "login.failed"]
    assert {e.subject for e in failed} >= {"user:admin", "user:nobody-1", "user:viewer"}
    assert all(spraying not in str(e.details) for e in failed)


def _assert_headers(r: httpx.Response) -> None:
    what = (r.request.method, r.request.url.path, r.status_code)
    assert "default-src 'self'" in r.headers.get("content-security-policy", ""), what
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"], what
    assert r.headers.get("x-frame-options") == "DENY", what
    assert r.headers.get("x-content-type-options") == "nosniff", what
    assert r.headers.get("referrer-policy") == "same-origin", what


def test_every_kind_of_answer_carries_the_security_headers(server: Server) -> None:
    with server.client() as anonymous:
        answers = [
            anonymous.get("/login"),  # 200 page
            anonymous.get("/incidents"),  # 303 to the login page
            anonymous.get("/api/v1/incidents"),  # 401
            anonymous.get("/static/marsad.css"),  # a static file
            anonymous.get("/static/no-such-file.css"),  # 404 of the static folder
            anonymous.post("/login", data={"name": "x", "password": "y", "csrf_token": "forged"}),  # 403
        ]
    with server.client("viewer") as viewer:
        answers += [
            viewer.get("/api/v1/no-such-route"),  # 404 JSON
            viewer.get("/no-such-page"),  # 404 page
            viewer.get("/api/v1/incidents", params={"limit": "many"}),  # 422
            viewer.get("/api/v1/users"),  # 403
        ]
    statuses = [r.status_code for r in answers]
    assert statuses == [200, 303, 401, 200, 404, 403, 404, 404, 422, 403]
    for r in answers:
        _assert_headers(r)
    assert answers[3].headers["cache-control"].startswith("private")  # static: cacheable
    assert answers[0].headers["cache-control"] == "no-store"


def test_session_cookies_are_http_only_same_site_and_secure_when_set(
    start_server: Callable[..., Server],
) -> None:
    server = start_server(secure_cookies=True)
    with httpx.Client(base_url=server.url, timeout=30) as c:
        page = c.get("/login")
        login_csrf = page.headers["set-cookie"]
        assert "HttpOnly" in login_csrf and "SameSite=strict" in login_csrf and "Path=/login" in login_csrf
        token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
        r = c.post("/login", data={"name": "viewer", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 303
    [session] = [h for h in r.headers.get_list("set-cookie") if h.startswith("marsad_session=")]
    assert "HttpOnly" in session and "SameSite=lax" in session and "Secure" in session


def test_an_internal_error_carries_the_security_headers_too(start_server: Callable[..., Server]) -> None:
    import sqlite3
    from pathlib import Path

    def break_db(db: Path) -> None:
        with sqlite3.connect(db) as conn:
            conn.execute("DROP TABLE override")

    server = start_server(break_db)
    for path in ("/api/v1/incidents", "/incidents"):
        with server.client("viewer") as c:  # uvicorn closes the connection after an unhandled error
            r = c.get(path)
        assert r.status_code == 500 and "Traceback" not in r.text
        _assert_headers(r)
