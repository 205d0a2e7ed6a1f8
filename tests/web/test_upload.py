"""Uploading a document over real HTTP: ingested like `marsad ingest`, the outcome answered, the size
limit enforced while the body arrives (413, headers included), JSON bodies capped, roles enforced."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.conftest import DATA
from tests.web.conftest import Server

REPORT = DATA / "web" / "upload" / "wire-2025-09-03-hama-raid.txt"
MB = 2**20


@pytest.fixture(scope="module")
def upload_server(start_server: Callable[..., Server]) -> Iterator[Server]:
    """Small limits (1 MB uploads, 64 KB other bodies), so going over them is quick."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MARSAD_WEB_MAX_UPLOAD_MB", "1")
        mp.setenv("MARSAD_WEB_MAX_BODY_KB", "64")
        yield start_server()


def assert_security_headers(r: httpx.Response) -> None:
    assert "default-src 'self'" in r.headers["content-security-policy"], r.status_code
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"


def test_an_analyst_uploads_a_report_and_gets_the_ingest_outcome(upload_server: Server) -> None:
    data = REPORT.read_bytes()
    with upload_server.client("analyst") as c:
        first = c.post(
            "/api/v1/documents", files={"file": ("raid.txt", data)}, data={"source": "Orontes Wire"}
        )
        assert first.status_code == 201, first.text
        body = first.json()
        assert body["status"] == "stored" and body["stored"] == 1 and body["file"] == "raid.txt"
        [outcome] = body["outcomes"]
        doc = c.get(f"/api/v1/documents/{outcome['document_id']}").json()
        assert doc["source"] == "Orontes Wire" and "Kafr Buhum" in doc["clean_text"]  # cleaned too
        again = c.post("/api/v1/documents", files={"file": ("copy-of-raid.txt", data)})
        assert again.status_code == 200 and again.json()["status"] == "already_ingested"
        assert again.json()["outcomes"][0]["document_id"] == outcome["document_id"]
        png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
        refused = c.post("/api/v1/documents", files={"file": ("photo.txt", png)})
        assert refused.status_code == 200
        assert (
            refused.json()["status"] == "quarantined" and refused.json()["outcomes"][0]["reason"] == "binary"
        )
    ingests = [
        e for e in upload_server.store.audit_entries() if e.actor == "analyst" and "ingest" in e.action
    ]
    assert ingests, "the upload is in the custody log under the analyst's name"


def test_a_file_name_cannot_climb_out_of_its_folder(upload_server: Server) -> None:
    text = REPORT.read_bytes().replace(b"two farm workers", b"two shepherds")
    with upload_server.client("admin") as c:
        r = c.post("/api/v1/documents", files={"file": ("../../etc/passwd.txt", text)})
    assert r.status_code == 201 and r.json()["file"] == "passwd.txt"


def test_viewers_and_strangers_cannot_upload(upload_server: Server) -> None:
    files = {"file": ("raid.txt", REPORT.read_bytes())}
    with upload_server.client("viewer") as c:
        assert c.post("/api/v1/documents", files=files).status_code == 403
        assert c.get("/upload").status_code == 403
    with upload_server.client() as c:
        assert c.post("/api/v1/documents", files=files).status_code == 401
        assert c.post("/upload", files=files).status_code == 303


def test_a_sensitive_upload_needs_the_data_key(upload_server: Server) -> None:
    with upload_server.client("analyst") as c:
        r = c.post(
            "/api/v1/documents", files={"file": ("t.txt", b"a testimony\n")}, data={"sensitive": "true"}
        )
    assert r.status_code == 422
    assert r.json()["detail"][0]["msg"].startswith("sensitive:") and "key" in r.json()["detail"][0]["msg"]


def test_over_the_limit_is_a_413_before_the_body_is_read(upload_server: Server) -> None:
    big = b"x" * (3 * MB)
    with upload_server.client("viewer") as c:
        before = len(c.get("/api/v1/documents", params={"limit": 500}).json())
    with upload_server.client("analyst") as c:
        declared = c.post("/api/v1/documents", files={"file": ("big.txt", big)})
        assert declared.status_code == 413, declared.text
        assert "limited to 1 MB ([web] max_upload_mb)" in declared.json()["detail"]
        assert_security_headers(declared)

    def chunks() -> Iterator[bytes]:  # no Content-Length: cut off while it arrives
        yield b'--b0\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        for _ in range(40):
            yield b"y" * MB
        yield b"\r\n--b0--\r\n"

    headers = {
        "Authorization": f"Bearer {upload_server.tokens['analyst']}",
        "Content-Type": "multipart/form-data; boundary=b0",
    }
    streamed = httpx.post(
        f"{upload_server.url}/api/v1/documents", content=chunks(), headers=headers, timeout=60
    )
    assert streamed.status_code == 413 and "too large" in streamed.json()["detail"]
    assert_security_headers(streamed)
    with upload_server.client("viewer") as c:  # nothing was stored
        assert len(c.get("/api/v1/documents", params={"limit": 500}).json()) == before


def test_json_bodies_of_other_routes_are_capped(upload_server: Server) -> None:
    with upload_server.client("viewer") as c:
        iid = c.get("/api/v1/incidents").json()["items"][0]["id"]
    with upload_server.client("analyst") as c:
        r = c.post(f"/api/v1/incidents/{iid}/confirm", json={"note": "n" * (100 * 1024)})
        assert r.status_code == 413 and "[web] max_body_kb" in r.json()["detail"]
        assert_security_headers(r)
        assert c.get(f"/api/v1/incidents/{iid}").json()["status"] != "confirmed"


def test_the_upload_page(upload_server: Server) -> None:
    browser, csrf = upload_server.login("analyst")
    with browser:
        page = browser.get("/upload")
        assert (
            page.status_code == 200 and 'enctype="multipart/form-data"' in page.text and "1 MB" in page.text
        )
        assert 'href="/upload"' in page.text
        text = REPORT.read_bytes().replace(b"Tuesday night", b"Wednesday morning")
        forged = browser.post("/upload", files={"file": ("raid.txt", text)})
        assert forged.status_code == 403  # no CSRF token
        done = browser.post("/upload", files={"file": ("raid-2.txt", text)}, data={"csrf_token": csrf})
        assert done.status_code == 201 and "stored" in done.text
        doc_id = re.search(r'href="/documents/([0-9a-f-]+)"', done.text)
        assert doc_id and browser.get(f"/documents/{doc_id.group(1)}").status_code == 200
        big = browser.post("/upload", files={"file": ("big.txt", b"z" * (2 * MB))}, data={"csrf_token": csrf})
        assert big.status_code == 413 and "limited to 1 MB" in big.text and "<html" in big.text
        assert_security_headers(big)
