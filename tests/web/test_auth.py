"""Who may do what, over real HTTP: every route × every role (and no credentials), CSRF, tokens."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from marsad.web.app import all_routes, check_permissions, create_app
from marsad.web.auth import Permission, Role, User, route_permission
from tests.web.conftest import PASSWORD, ROLES, Server

DUMMY = {
    "incident_id": "01a21104-0000-7000-8000-000000000000",
    "document_id": "01a21104-0000-7000-8000-000000000000",
    "report_id": "01a21104-0000-7000-8000-000000000000",
    "name": "nobody-here",
    "fmt": "jsonl",
    "code": "en",
}


def _routes(app: FastAPI) -> list[tuple[str, str, Permission]]:
    out = []
    for path, route in all_routes(app):
        perm = route_permission(route)
        for method in sorted(getattr(route, "methods", None) or []):
            if method != "HEAD" and perm is not None:
                out.append((method, path.format(**DUMMY), perm))
    return out


@pytest.fixture(scope="module")
def routes(server: Server) -> list[tuple[str, str, Permission]]:
    return _routes(create_app(server.store))


def test_every_route_declares_a_permission(server: Server) -> None:
    app = create_app(server.store)
    undeclared = [
        path for path, r in all_routes(app) if hasattr(r, "dependant") and route_permission(r) is None
    ]
    assert undeclared == []
    public = {(m, p) for m, p, perm in _routes(app) if perm is Permission.PUBLIC}
    assert public == {("GET", "/login"), ("POST", "/login")}
    mounts = [path for path, r in all_routes(app) if not hasattr(r, "dependant")]
    assert mounts and all(p.startswith(("/static", "/vendor/")) for p in mounts)


def test_an_undeclared_route_stops_the_app_from_starting(server: Server) -> None:
    app = create_app(server.store)

    @app.get("/forgotten")
    def forgotten() -> dict[str, str]:
        return {"secret": "x"}

    with pytest.raises(RuntimeError, match="/forgotten"):
        check_permissions(app)


def _send(client: Any, method: str, path: str) -> Any:
    return client.request(method, path)


def test_without_credentials_only_login_and_static_answer(server: Server, routes: list) -> None:
    with server.client() as c:
        for method, path, perm in routes:
            r = _send(c, method, path)
            if perm is Permission.PUBLIC:
                assert r.status_code not in (401, 303), (method, path, r.status_code)
            elif path.startswith("/api/") or path == "/openapi.json":
                assert r.status_code == 401, (method, path, r.status_code)
                assert "authentication required" in r.json()["detail"]
            else:
                assert r.status_code == 303, (method, path, r.status_code)
                assert r.headers["location"].startswith("/login?next="), (method, path)
        # unknown paths do not reveal what exists
        assert c.get("/api/v1/nothing-here").status_code == 401
        assert c.get("/admin").status_code == 303
        assert c.get("/static/marsad.css").status_code == 200
        assert c.get("/vendor/leaflet/leaflet.js").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_routes(server: Server, routes: list, role: str) -> None:
    user = User("x", role, Role(role), "token")
    with server.client(role) as c:
        for method, path, perm in routes:
            r = _send(c, method, path)
            assert r.status_code < 500, (role, method, path, r.status_code, r.text[:300])
            if user.can(perm):
                assert r.status_code not in (401, 403), (role, method, path, r.status_code, r.text[:300])
            else:
                assert r.status_code == 403, (role, method, path, r.status_code)


def test_a_wrong_or_malformed_token_is_refused(server: Server) -> None:
    for header in ("Bearer msd_not-a-real-token", "Basic YWRtaW46YWRtaW4=", "Bearer"):
        with server.client(headers={"Authorization": header}) as c:
            assert c.get("/api/v1/incidents").status_code == 401
            assert c.get("/incidents").status_code == 401


def test_token_auth_acts_as_its_user(server: Server) -> None:
    for role in ROLES:
        with server.client(role) as c:
            assert c.get("/api/v1/me").json() == {"name": role, "role": role, "via": "token"}


def _incident_id(server: Server) -> str:
    with server.client("viewer") as c:
        return c.get("/api/v1/incidents", params={"sort": "-fatalities"}).json()["items"][0]["id"]


def test_csrf_is_required_for_changes_made_with_a_session(server: Server) -> None:
    iid = _incident_id(server)
    c, csrf = server.login("analyst")
    with c:
        form = {"action": "reject", "note": "csrf test"}
        assert c.post(f"/incidents/{iid}/review", data=form).status_code == 403
        assert c.post(f"/incidents/{iid}/review", data={**form, "csrf_token": "wrong"}).status_code == 403
        assert c.post(f"/api/v1/incidents/{iid}/reject", json={"note": "x"}).status_code == 403
        bad = c.post(f"/api/v1/incidents/{iid}/reject", json={"note": "x"}, headers={"X-CSRF-Token": "nope"})
        assert bad.status_code == 403
        assert c.get(f"/api/v1/incidents/{iid}").json()["status"] != "rejected"  # nothing happened
        ok = c.post(f"/incidents/{iid}/review", data={**form, "csrf_token": csrf})
        assert ok.status_code == 303
        shown = c.get(f"/api/v1/incidents/{iid}").json()
        assert shown["status"] == "rejected"
        assert shown["overrides"][-1]["actor"] == "analyst"
        assert shown["overrides"][-1]["note"] == "csrf test"
        api = c.post(
            f"/api/v1/incidents/{iid}/confirm", json={"note": "checked"}, headers={"X-CSRF-Token": csrf}
        )
        assert api.status_code == 200 and api.json()["status"] == "confirmed"


def test_login_form_needs_its_csrf_cookie_and_right_password(server: Server) -> None:
    with server.client() as c:
        r = c.post("/login", data={"name": "viewer", "password": PASSWORD, "csrf_token": "forged"})
        assert r.status_code == 403
        page = c.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        r = c.post("/login", data={"name": "viewer", "password": "wrong password!", "csrf_token": token})
        assert r.status_code == 401 and "Wrong user name or password" in r.text
        r = c.post("/login", data={"name": "ghost", "password": PASSWORD, "csrf_token": token})
        assert r.status_code == 401
        assert "marsad_session" not in c.cookies
    audit = [e.action for e in server.store.audit_entries() if e.subject in ("user:viewer", "user:ghost")]
    assert audit.count("login.failed") >= 2


def test_logout_ends_the_session_and_open_redirects_are_refused(server: Server) -> None:
    c, csrf = server.login("viewer")
    with c:
        r = c.get("/login", params={"next": "https://example.org/phish"})
        assert r.status_code == 303 and r.headers["location"] == "/incidents"
        cookie = c.cookies["marsad_session"]
        assert c.post("/logout", data={"csrf_token": csrf}).status_code == 303
    with server.client() as other:
        other.cookies.set("marsad_session", cookie)
        assert other.get("/api/v1/me").status_code == 401


def test_disabling_a_user_stops_their_token_and_session_at_once(start_server: Any) -> None:
    srv: Server = start_server()
    c, _ = srv.login("viewer")
    with c, srv.client("admin") as admin, srv.client("viewer") as viewer:
        assert viewer.get("/api/v1/me").status_code == 200
        r = admin.post("/api/v1/users/viewer/disable")
        assert r.status_code == 200 and r.json()["disabled"] is True
        assert viewer.get("/api/v1/me").status_code == 401
        assert c.get("/api/v1/me").status_code == 401
        assert admin.post("/api/v1/users/admin/disable").status_code == 422  # not yourself


def test_an_internal_error_is_a_plain_500_without_internals(start_server: Any) -> None:
    def break_db(db: Path) -> None:
        with sqlite3.connect(db) as conn:
            conn.execute("DROP TABLE override")

    srv: Server = start_server(break_db)
    # after an unhandled error uvicorn closes the connection: one client per request
    with srv.client("viewer") as c:
        r = c.get("/api/v1/incidents")
    assert r.status_code == 500
    assert r.text == "internal error: see the server log"
    with srv.client("viewer") as c:
        r = c.get("/incidents")
    assert r.status_code == 500 and "Traceback" not in r.text and "override" not in r.text


def test_security_headers(server: Server) -> None:
    with server.client("viewer") as c:
        r = c.get("/incidents")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"


def test_failed_logins_pause_the_user_name(start_server: Any) -> None:
    """Counted in the audit log (so every worker process agrees): after 5 failures, even the right
    password waits; other user names are not affected."""
    server = start_server()
    c = httpx.Client(base_url=server.url, follow_redirects=False, timeout=30)
    with c:
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)  # type: ignore[union-attr]
        for _ in range(5):
            r = c.post("/login", data={"name": "viewer", "password": "wrong password!", "csrf_token": token})
            assert r.status_code == 401
        r = c.post("/login", data={"name": "viewer", "password": PASSWORD, "csrf_token": token})
        assert r.status_code == 429
        r = c.post("/login", data={"name": "analyst", "password": PASSWORD, "csrf_token": token})
        assert r.status_code == 303
