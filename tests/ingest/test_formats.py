"""Each input format becomes the documents a user expects, with the metadata it carries."""

from __future__ import annotations

import json
from pathlib import Path

from marsad.clean import run_clean
from marsad.config import Settings
from marsad.ingest import Ingester
from marsad.model import Language
from marsad.store import Store, sha256_hex
from tests.conftest import DATA

FORMATS = DATA / "formats"

HTML = (FORMATS / "kafr-nabl.html").read_text(encoding="utf-8")

RSS = (FORMATS / "homs.rss").read_text(encoding="utf-8")

ATOM = (FORMATS / "notes.atom").read_text(encoding="utf-8")


def _ingest(store: Store, settings: Settings, *paths: Path, source: str | None = None) -> Ingester:
    ingester = Ingester(store, settings, source=source)
    ingester.ingest(list(paths))
    run_clean(store, settings)
    return ingester


def test_html_page_gives_main_text_and_metadata(store: Store, settings: Settings, tmp_path: Path) -> None:
    page = tmp_path / "kafr-nabl.html"
    page.write_text(HTML, encoding="utf-8")
    _ingest(store, settings, page)
    [doc] = store.list_documents()
    assert doc.title == "Shelling kills four in Kafr Nabl"
    assert doc.author == "Lina Haddad"
    assert doc.published == "2025-04-02"
    assert doc.source == "Idlib Echo"
    assert doc.lang is Language.EN
    assert doc.media_type == "text/html"
    assert "artillery shells struck a residential street" in doc.clean_text
    assert "only working generator" in doc.clean_text
    for chrome in ("Accept all", "Football league", "Privacy policy", "All rights reserved", "Sport"):
        assert chrome not in doc.clean_text
    assert store.get_blob(doc.blob_sha256).data == HTML.encode("utf-8")


def test_rss_items_become_documents_and_the_file_is_kept(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    feed = tmp_path / "homs.rss"
    feed.write_text(RSS, encoding="utf-8")
    _ingest(store, settings, feed)
    docs = store.list_documents()
    assert [d.title for d in docs] == [
        "Two shepherds killed by landmine east of Homs",
        "Gunmen abduct driver on Homs-Masyaf road",
        "Market reopens in Talkalakh",
    ]
    first = docs[0]
    assert first.source == "Homs Evening"
    assert first.url == "https://homs.example.org/a1"
    assert first.published == "2025-04-12T05:00:00+00:00"
    assert first.locator == "item 1"
    assert "<p>" not in first.clean_text and "landmine exploded near Al-Qaryatayn" in first.clean_text
    assert {d.blob_sha256 for d in docs} == {sha256_hex(RSS.encode())}


def test_atom_entries_keep_paragraphs_and_author(store: Store, settings: Settings, tmp_path: Path) -> None:
    feed = tmp_path / "notes.atom"
    feed.write_text(ATOM, encoding="utf-8")
    _ingest(store, settings, feed, source="Field team")
    [doc] = store.list_documents()
    assert doc.source == "Field team"  # --source wins over the feed title
    assert doc.author == "Documenter 7"
    assert doc.clean_text == "Residents described a night raid on three houses.\n\nOne man was taken."


def test_jsonl_records_carry_their_fields(store: Store, settings: Settings, tmp_path: Path) -> None:
    records = [
        {
            "id": "cm-101",
            "title": "Raid in Jableh",
            "url": "https://example.org/cm-101",
            "published": "2025-03-10",
            "source": "Coastal Monitor",
            "lang": "en",
            "text": "Three men were detained in a raid in Jableh on Sunday, relatives said.",
            "tags": ["raid"],
        },
        {
            "id": 102,
            "published": "2025-03-10T08:30:00+02:00",
            "text": "قتل مدنيان في قصف على قرية قرب جسر الشغور مساء أمس بحسب الدفاع المدني.",
        },
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    _ingest(store, settings, batch)
    first, second = store.list_documents()
    assert (first.external_id, first.title, first.url, first.source) == (
        "cm-101",
        "Raid in Jableh",
        "https://example.org/cm-101",
        "Coastal Monitor",
    )
    assert first.published == "2025-03-10"
    assert first.meta == {"tags": ["raid"]}
    assert first.locator == "line 1"
    assert second.external_id == "102"
    assert second.source == "unspecified"
    assert second.published == "2025-03-10T08:30:00+02:00"
    assert second.lang is Language.AR


def test_plain_text_headline_becomes_the_title(store: Store, settings: Settings, tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    text.write_text(
        "Shepherd killed near Salamiyah\n\nA shepherd was shot dead on Monday, his brother said.\n"
    )
    _ingest(store, settings, text)
    [doc] = store.list_documents()
    assert doc.title == "Shepherd killed near Salamiyah"
    assert doc.media_type == "text/plain"


def test_every_ingest_is_in_the_audit_log(store: Store, settings: Settings, tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    text.write_text("A shepherd was shot dead on Monday near Salamiyah, his brother said.\n")
    _ingest(store, settings, text)
    [doc] = store.list_documents()
    [entry] = store.audit_entries(f"document:{doc.id}")
    assert entry.action == "ingest"
    assert entry.details["sha256"] == sha256_hex(text.read_bytes())
    assert entry.actor
