"""A real database built by the real pipeline, and real uvicorn servers on 127.0.0.1 (random free ports)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from marsad.config import load_settings
from marsad.store import Store
from tests.conftest import DATA

REPORTS = DATA / "web" / "reports"
SOURCES = {
    "wire-2025-05-02-salamiyah-shooting.txt": "Orontes Wire",
    "wire-2025-05-02-salamiyah-shooting-syndicated.txt": "Levant Daily",
    "wire-2025-06-14-daraa-shelling.txt": "Hawran Herald",
    "wire-2025-07-20-idlib-landmine.txt": "Northern Observer",
    "news-2025-08-11-homs-gunmen-ar.txt": "شبكة العاصي",
}
ARABIC_CLAIM = (
    "قتل مسلحون مجهولون أربعة مدنيين علويين بينهم امرأة في قرية الزهراء بريف حمص الشمالي مساء الأحد"
)
PASSWORD = "correct horse battery staple"
ROLES = ("admin", "analyst", "viewer")


def _arabic_report(store: Store) -> None:
    """The extractor reads English only: the Arabic story's claim is written here, its span found in
    the cleaned text (so the page must highlight exactly these words)."""
    from marsad.resolve import run_resolve

    [doc] = [d for d in store.list_documents(lang="ar")]
    text = doc.clean_text or ""
    start = text.index(ARABIC_CLAIM)
    event = {
        "event_type": "Violence against civilians",
        "sub_event_type": "Attack",
        "event_date": "2025-08-10",
        "time_precision": 1,
        "admin1": "Homs",
        "admin1_code": "SY-HI",
        "admin2": "Homs",
        "location": "Az-Zahraa",
        "latitude": 34.8021,
        "longitude": 36.7512,
        "geo_precision": 1,
        "fatalities": 4,
        "fatalities_low": 4,
        "fatalities_high": 4,
        "injured": None,
        "displaced": None,
        "abducted": None,
        "victim_community": ["Alawite"],
        "victim_groups": ["civilians"],
        "actor1": None,
        "source_attribution": ["residents"],
        "is_tally": False,
        "evidence": ARABIC_CLAIM,
        "span": [start, start + len(ARABIC_CLAIM)],
    }
    store.save_reports(doc.id, "test-ar", [event])
    run_resolve(store)


def build_database(path: Path, extractor: Any) -> None:
    from marsad.clean import run_clean
    from marsad.extract.stage import run_extract
    from marsad.ingest import Ingester
    from marsad.resolve import run_resolve
    from marsad.web.auth import hash_password

    settings = load_settings(environ={})
    with Store(str(path), actor="test") as store:
        for name, source in SOURCES.items():
            Ingester(store, settings, source=source).ingest_file(REPORTS / name)
        run_clean(store, settings)
        run_extract(store, extractor)
        run_resolve(store)
        _arabic_report(store)
        hashed = hash_password(PASSWORD)
        for role in ROLES:
            store.add_user(role, role, hashed)


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory, extractor: Any) -> Path:
    path = tmp_path_factory.mktemp("web") / "built.sqlite"
    build_database(path, extractor)
    return path


@dataclass
class Server:
    url: str
    db: Path
    tokens: dict[str, str]
    store: Store

    def client(self, role: str | None = None, headers: dict[str, str] | None = None) -> httpx.Client:
        auth = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        return httpx.Client(
            base_url=self.url, headers={**auth, **(headers or {})}, follow_redirects=False, timeout=30
        )

    def login(self, role: str) -> tuple[httpx.Client, str]:
        """A browser-like client logged in through the form; returns it and its CSRF token."""
        import re

        c = httpx.Client(base_url=self.url, follow_redirects=False, timeout=30)
        page = c.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token, page.text
        r = c.post("/login", data={"name": role, "password": PASSWORD, "csrf_token": token.group(1)})
        assert r.status_code == 303, r.text
        page = c.get("/incidents")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert csrf
        fresh = httpx.Client(base_url=self.url, cookies=c.cookies, follow_redirects=False, timeout=30)
        c.close()
        return fresh, csrf.group(1)


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="session")
def start_server(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Server]]:
    """Start a uvicorn server (in a thread, on a random free port) over a fresh copy of the database."""
    from marsad.web import create_app
    from marsad.web.auth import digest, new_token

    running: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(prepare: Callable[[Path], None] | None = None, **app_options: Any) -> Server:
        db = tmp_path_factory.mktemp("served") / "marsad.sqlite"
        shutil.copy(built_db, db)
        key = Path(f"{built_db}.signing-key")  # the audit log's signing key lives beside the database
        if key.exists():
            shutil.copy(key, f"{db}.signing-key")
        if prepare:
            prepare(db)
        store = Store(str(db), actor="test")
        tokens = {}
        for role in ROLES:
            tokens[role] = new_token()
            store.add_token(role, "tests", digest(tokens[role]))
        sock = _free_socket()
        port = sock.getsockname()[1]
        config = uvicorn.Config(create_app(store, **app_options), log_level="warning", lifespan="off")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        running.append((server, thread))
        return Server(f"http://127.0.0.1:{port}", db, tokens, store)

    yield start
    for server, thread in running:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(start_server: Callable[..., Server]) -> Server:
    """The shared server: tests on it only read, or change what no other test looks at."""
    return start_server()
