"""``marsad users`` and ``marsad serve`` as a user runs them."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import time
from typing import Any

import httpx

from tests.conftest import MARSAD, assert_no_traceback


def test_users_add_list_token_disable(marsad: Any) -> None:
    added = marsad("users", "add", "hala", "--role", "analyst")
    assert added.returncode == 0, added.stderr
    password = re.search(r"with password (\S+) \(shown only now\)", added.stdout)
    assert password and len(password.group(1)) >= 12
    listed = json.loads(marsad("users", "list", "--json").stdout)
    assert [(u["name"], u["role"], u["disabled"]) for u in listed] == [("hala", "analyst", False)]
    token = marsad("users", "token", "hala", "--label", "nightly")
    assert token.returncode == 0 and token.stdout.startswith("msd_")
    assert marsad("users", "disable", "hala").returncode == 0
    assert json.loads(marsad("users", "list", "--json").stdout)[0]["disabled"] is True
    refused = marsad("users", "token", "hala")
    assert refused.returncode == 2 and "disabled" in refused.stderr


def test_users_refuse_bad_input_in_one_line(marsad: Any) -> None:
    for args, words in [
        (("users", "add", "bad name!"), "user name"),
        (("users", "add", "sami", "--role", "owner"), "--role"),
        (("users", "disable", "nobody"), "no user 'nobody'"),
        (("users", "token", "nobody"), "no user 'nobody'"),
    ]:
        r = marsad(*args)
        assert r.returncode == 2, args
        assert words in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert_no_traceback(r)
    assert marsad("users", "add", "sami").returncode == 0
    dup = marsad("users", "add", "sami")
    assert dup.returncode == 2 and "exists already" in dup.stderr


def test_password_from_stdin_and_ensure_admin(
    marsad: Any, db: Any, env: dict[str, str], tmp_path: Any
) -> None:
    first = marsad("users", "ensure-admin")
    assert first.returncode == 0 and re.search(r"user: admin  password: \S{12,}", first.stdout)
    again = marsad("users", "ensure-admin")
    assert "users exist already" in again.stdout
    r = subprocess.run(
        [MARSAD, "--db", str(db), "users", "add", "lina", "--password-stdin"],
        input="a long enough passphrase\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert r.returncode == 0 and "password" not in r.stdout
    short = subprocess.run(
        [MARSAD, "--db", str(db), "users", "add", "rami", "--password-stdin"],
        input="short\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert short.returncode == 2 and "at least 12 characters" in short.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_creates_an_admin_once_and_answers(db: Any, env: dict[str, str], tmp_path: Any) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [MARSAD, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        password = re.search(r"created user admin with password (\S+)", line)
        assert password, line
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/login", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.2)
        assert r.status_code == 200 and 'name="password"' in r.text
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/incidents").status_code == 401
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as c:
            token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)  # type: ignore[union-attr]
            r = c.post("/login", data={"name": "admin", "password": password.group(1), "csrf_token": token})
            assert r.status_code == 303
            assert c.get("/api/v1/me").json()["role"] == "admin"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    try:
        r = subprocess.run(
            [MARSAD, "serve", "--db", str(db), "--port", str(busy.getsockname()[1])],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=60,
        )
    finally:
        busy.close()
    assert r.returncode != 0
    assert "created user admin" not in r.stdout  # only on the first start
    assert_no_traceback(r)
