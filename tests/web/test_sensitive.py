"""Sensitive documents (testimonies) over real HTTP: viewers learn that one exists, under a pseudonymous
label, and never read its words (text, title, original, evidence), in the API, the pages or an export;
analysts and admins read them. The testimony goes through the real pipeline, encrypted with a key file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from marsad.config import load_settings
from marsad.store import Store
from tests.conftest import DATA
from tests.web.conftest import ROLES, Server

TESTIMONY = DATA / "web" / "testimonies" / "testimony-2025-09-03-masyaf.txt"
# words only the testimony holds: none may reach a viewer in any answer
WORDS = ("Deir Shamil", "pickup trucks", "Testimony recorded in Masyaf", "Gunmen attacked")
READERS = ("analyst", "admin")


@pytest.fixture(scope="module")
def served(
    start_server: Callable[..., Server], extractor: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Server, str, str]]:
    """A server whose database also holds the testimony; (server, document id, incident id)."""
    from marsad.clean import run_clean
    from marsad.extract.stage import run_extract
    from marsad.ingest import Ingester
    from marsad.protect.keys import Credential
    from marsad.resolve import run_resolve

    key = tmp_path_factory.mktemp("key") / "testimony.key"
    Credential.key_file(key, create=True)
    mp = pytest.MonkeyPatch()
    mp.setenv("MARSAD_PROTECT_KEY_FILE", str(key))  # the server unlocks with it, as `serve --key-file`

    def prepare(db: Path) -> None:
        settings = load_settings(environ={})
        with Store(str(db), actor="test", key_file=str(key)) as store:
            store.init_data_key(Credential.key_file(key))
            Ingester(store, settings, source="Field Interviews", sensitive=True).ingest_file(TESTIMONY)
            run_clean(store, settings)
            run_extract(store, extractor)
            run_resolve(store)

    server = start_server(prepare)
    with server.client("admin") as c:
        docs = c.get("/api/v1/documents", params={"source": "Field Interviews"}).json()
        assert len(docs) == 1 and docs[0]["sensitive"] is True
        doc_id = docs[0]["id"]
        reports = c.get("/api/v1/reports", params={"document_id": doc_id}).json()
        assert reports, "the extractor found no incident in the testimony"
        incidents = c.get("/api/v1/incidents", params={"source": "Field Interviews"}).json()["items"]
        assert incidents
    try:
        yield server, doc_id, incidents[0]["id"]
    finally:
        mp.undo()


def _leaks(text: str) -> list[str]:
    return [w for w in WORDS if w.lower() in text.lower()]


def test_viewers_see_a_label_never_the_words(served: tuple[Server, str, str]) -> None:
    server, doc_id, incident_id = served
    with server.client("viewer") as c:
        answers = {
            "document": c.get(f"/api/v1/documents/{doc_id}"),
            "documents": c.get("/api/v1/documents", params={"limit": 500}),
            "reports": c.get("/api/v1/reports", params={"document_id": doc_id}),
            "incident": c.get(f"/api/v1/incidents/{incident_id}"),
            "tallies": c.get("/api/v1/tallies"),
            "export": c.get("/api/v1/exports/jsonl"),
            "document page": c.get(f"/documents/{doc_id}"),
            "incident page": c.get(f"/incidents/{incident_id}"),
        }
        for name, r in answers.items():
            assert r.status_code == 200, (name, r.status_code)
            assert _leaks(r.text) == [], name
        doc = answers["document"].json()
        assert doc["redacted"] is True and doc["sensitive"] is True
        assert doc["title"].startswith("sensitive document ") and doc["text"] is None
        assert doc["clean_text"] is None and doc["sha256"] is None and doc["url"] is None
        assert all(r["span"] is None for r in doc["reports"])
        listed = next(d for d in answers["documents"].json() if d["id"] == doc_id)
        assert listed["title"] == doc["title"]  # the same pseudonym everywhere
        claims = [c for c in answers["incident"].json()["claims"] if c["document_id"] == doc_id]
        assert claims and all(
            c["redacted"]
            and c["evidence"] is None
            and c["span"] is None
            and c["document_label"] == doc["title"]
            for c in claims
        )
        assert claims[0]["fatalities"] is not None  # the figures a source claims stay visible
        assert all(r["evidence"] is None and r["redacted"] for r in answers["reports"].json())
        assert doc["title"] in answers["incident page"].text
        assert "only analysts and admins" in answers["document page"].text
        original = c.get(f"/api/v1/documents/{doc_id}/original")
        assert original.status_code == 403 and "sensitive" in original.json()["detail"]


@pytest.mark.parametrize("role", READERS)
def test_analysts_and_admins_read_the_testimony(served: tuple[Server, str, str], role: str) -> None:
    server, doc_id, incident_id = served
    with server.client(role) as c:
        doc = c.get(f"/api/v1/documents/{doc_id}").json()
        assert doc["redacted"] is False and "Deir Shamil" in doc["clean_text"]
        assert "pickup trucks" in c.get(f"/documents/{doc_id}").text
        claims = [
            x
            for x in c.get(f"/api/v1/incidents/{incident_id}").json()["claims"]
            if x["document_id"] == doc_id
        ]
        assert claims and claims[0]["evidence"] and not claims[0]["redacted"]
        assert "<mark" in c.get(f"/incidents/{incident_id}").text
        original = c.get(f"/api/v1/documents/{doc_id}/original")
        assert original.status_code == 200 and b"Deir Shamil" in original.content


def test_the_matrix_covers_sensitive_words_for_every_role(served: tuple[Server, str, str]) -> None:
    """Every role (and no credentials) against every route that can carry a document's words."""
    server, doc_id, incident_id = served
    paths = [
        f"/api/v1/documents/{doc_id}",
        f"/api/v1/documents/{doc_id}/original",
        f"/api/v1/reports?document_id={doc_id}",
        f"/api/v1/incidents/{incident_id}",
        f"/documents/{doc_id}",
        f"/incidents/{incident_id}",
    ]
    for role in (None, *ROLES):
        with server.client(role) as c:
            for path in paths:
                r = c.get(path)
                if role is None:
                    assert r.status_code in (401, 303), (role, path)
                elif role in READERS:
                    assert r.status_code == 200, (role, path)
                else:
                    assert r.status_code in (200, 403), (role, path)
                    assert _leaks(r.text) == [] and b"Deir Shamil" not in r.content, (role, path)
