"""The admins' settings page: every setting with its value and where it came from; and ``serve --workers``."""

from __future__ import annotations

import re
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

from marsad.config import load_defaults, load_settings
from marsad.web.settings_view import effective_settings
from tests.conftest import MARSAD
from tests.web.conftest import Server


def _row(rows: list[dict[str, Any]], section: str, key: str) -> dict[str, Any]:
    return next(r for r in rows if (r["section"], r["key"]) == (section, key))


def test_each_setting_says_where_it_came_from(tmp_path: Path) -> None:
    config = tmp_path / "marsad.toml"
    config.write_text(
        '[web]\nport = 8123\n[store]\ndb = "postgresql://marsad:hunter2-secret@db.example/marsad"\n'
    )
    env = {"MARSAD_WEB_SESSION_HOURS": "2", "MARSAD_WEB_PORT": "8124"}
    settings = load_settings(config, environ=env)
    rows = effective_settings(settings, flags={"web": {"host": "0.0.0.0"}}, environ=env)
    assert {(r["section"], r["key"]) for r in rows} == {
        (s, k) for s, table in load_defaults().items() for k in table
    }
    assert _row(rows, "web", "session_hours") == {
        "section": "web",
        "key": "session_hours",
        "value": 2.0,
        "source": "environment",
        "environment": "MARSAD_WEB_SESSION_HOURS",
    }
    assert _row(rows, "web", "port")["source"] == "environment"  # the environment wins over the file
    assert _row(rows, "web", "port")["value"] == 8124
    assert _row(rows, "web", "host")["source"] == "command line"
    assert _row(rows, "web", "secure_cookies")["source"] == "default"
    given = load_settings(config, overrides={"web": {"node_modules": "/opt/npm"}}, environ=env)
    row = _row(effective_settings(given, environ=env), "web", "node_modules")  # a global option
    assert (row["value"], row["source"]) == ("/opt/npm", "command line")
    db = _row(rows, "store", "db")
    assert db["source"] == "file" and "hunter2" not in db["value"] and db["value"].startswith("postgresql://")


def test_admins_see_the_settings_page_and_api(server: Server) -> None:
    with server.client("admin") as c:
        rows = c.get("/api/v1/settings").json()
        assert _row(rows, "web", "session_hours")["source"] in ("default", "file", "environment")
        page = c.get("/settings")
        assert page.status_code == 200 and "[web] session_hours" in page.text
        assert 'href="/settings"' in c.get("/incidents").text
    for role in ("analyst", "viewer"):
        with server.client(role) as c:
            assert c.get("/api/v1/settings").status_code == 403
            assert c.get("/settings").status_code == 403
            assert 'href="/settings"' not in c.get("/incidents").text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_with_two_workers(built_db: Path, env: dict[str, str], tmp_path: Path) -> None:
    """Two processes over one database: a change made through either is seen through both."""
    db = tmp_path / "workers.sqlite"
    db.write_bytes(built_db.read_bytes())
    key = Path(f"{built_db}.signing-key")
    if key.exists():
        Path(f"{db}.signing-key").write_bytes(key.read_bytes())
    run_env = {**env, "MARSAD_WEB_SESSION_HOURS": "3"}
    token = subprocess.run(
        [MARSAD, "--db", str(db), "users", "token", "admin", "--label", "workers"],
        capture_output=True, text=True, env=run_env, cwd=tmp_path, check=True,
    ).stdout.strip()  # fmt: skip
    port = _free_port()
    proc = subprocess.Popen(
        [MARSAD, "serve", "--db", str(db), "--port", str(port), "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=run_env, cwd=tmp_path,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        assert "2 worker processes" in proc.stdout.readline()  # type: ignore[union-attr]
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/v1/me", headers=headers, timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and proc.poll() is None, "server did not start"
            time.sleep(0.3)
        rows = httpx.get(f"{url}/api/v1/settings", headers=headers).json()
        assert _row(rows, "web", "workers") | {"environment": ""} == {
            "section": "web", "key": "workers", "value": 2, "source": "command line", "environment": "",
        }  # fmt: skip
        assert _row(rows, "web", "session_hours")["value"] == 3.0
        before = httpx.get(f"{url}/api/v1/users", headers=headers).json()
        added = httpx.post(
            f"{url}/api/v1/users",
            json={"name": "rana", "role": "viewer", "password": "a long passphrase"},
            headers=headers,
        )
        assert added.status_code == 201
        for _ in range(8):  # a new connection each time: both workers answer some of them
            names = {u["name"] for u in httpx.get(f"{url}/api/v1/users", headers=headers).json()}
            assert names == {u["name"] for u in before} | {"rana"}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert not re.search(r"Traceback", proc.stderr.read() if proc.stderr else "")  # type: ignore[union-attr]
