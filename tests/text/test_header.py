"""A report's header gives its date and publisher when metadata does not; its body never does."""

from __future__ import annotations

import datetime as dt

import pytest

from marsad.text.header import header_date, header_outlet

CASES = [
    (
        "Ambush near Kassab\n\nKASSAB, Syria, April 3, 2025 (North Coast Wire) — Gunmen killed two farmers.",
        dt.date(2025, 4, 3),
        "North Coast Wire",
    ),
    (
        "Shelling in Ariha\n\nARIHA, Syria, 12 May 2025 (Idlib Herald via Gulf Daily) — "
        "Shelling wounded four.",
        dt.date(2025, 5, 12),
        "Idlib Herald",
    ),
    (
        "Weekly Casualty Digest\nBy a field reporter, The Orontes Gazette\nPublished: 2025-06-02\n\nText.",
        dt.date(2025, 6, 2),
        "The Orontes Gazette",
    ),
    (
        "HAMA RIGHTS NETWORK\nMonthly Report No. 2\nDate of issue: 1 July 2025\n\nIn June the network...",
        dt.date(2025, 7, 1),
        "Hama Rights Network",
    ),
    (
        "Flash Update No. 4\nIssued by the Northern Relief Working Group (Idlib)\nAs of 9 August 2025\n",
        dt.date(2025, 8, 9),
        "Northern Relief Working Group",
    ),
    (
        "مقتل مزارعين في ريف إدلب\n\nتاريخ النشر: ٥ أيار/مايو ٢٠٢٥ — شبكة أنباء الشمال\n\nقتل مزارعان...",
        dt.date(2025, 5, 5),
        "شبكة أنباء الشمال",
    ),
    (
        "انفجار في منبج\n\nمنبج، الثلاثاء ٤ تشرين الثاني/نوفمبر ٢٠٢٥ — انفجرت دراجة مفخخة...",
        dt.date(2025, 11, 4),
        None,
    ),
    ("قصف على أريحا\n\nأريحا — الأحد ١٤ أيلول/سبتمبر ٢٠٢٥\n\nقصفت...", dt.date(2025, 9, 14), None),
]


@pytest.mark.parametrize(("text", "day", "outlet"), CASES)
def test_header_date_and_outlet(text: str, day: dt.date, outlet: str | None) -> None:
    assert header_date(text) == day
    assert header_outlet(text) == outlet


def test_dates_and_names_in_the_body_are_not_taken_for_the_header() -> None:
    text = (
        "Families still search for the missing\n\n"
        "Relatives said the men were taken on March 9, 2025 from the village, and the Syrian Network "
        "for Human Rights said on 12 March 2025 that it had recorded 40 abductions."
    )
    assert header_date(text) is None
    assert header_outlet(text) is None


def test_impossible_dates_are_ignored() -> None:
    assert header_date("Published: 2025-02-30\n\nText") is None


def test_ingest_fills_missing_date_and_source_from_the_header(store, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from marsad.ingest import Ingester

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wire.txt").write_text(CASES[0][0], encoding="utf-8")
    (folder / "given.jsonl").write_text(
        '{"text": "KASSAB, Syria, April 3, 2025 (North Coast Wire) — Gunmen killed two farmers.", '
        '"published": "2025-04-04", "source": "Coast Monitor"}\n',
        encoding="utf-8",
    )
    Ingester(store, settings).ingest([folder])
    docs = store.list_documents(limit=10)
    assert len(docs) == 2
    read = next(d for d in docs if d.media_type == "text/plain")
    assert read.source == "North Coast Wire" and read.published == "2025-04-03"
    assert read.meta["source_from"] == read.meta["published_from"] == "text header"
    given = next(d for d in docs if d is not read)
    # metadata wins over the header
    assert given.source == "Coast Monitor" and given.published == "2025-04-04"
    assert "source_from" not in given.meta
    (folder / "bare.txt").write_text("Gunmen killed two farmers near Kassab on Friday.", encoding="utf-8")
    Ingester(store, settings).ingest([folder])
    bare = next(d for d in store.list_documents(limit=10) if d.sha256 not in {read.sha256, given.sha256})
    # nothing names the publisher: the installation's default, marked so each such document stands alone
    assert bare.source == settings.get("ingest", "default_source") and bare.meta["source_from"] == "default"
