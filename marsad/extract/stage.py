"""The extract stage over the store: incremental by extractor version, one transaction per document."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marsad.extract.api import Extractor
from marsad.store import Store


@dataclass(slots=True)
class ExtractSummary:
    documents: int = 0
    reports: int = 0
    tallies: int = 0


def published_date(published: str | None, ingested_at: Any) -> dt.date:
    """The date relative dates are resolved against: the document's own, else when it arrived."""
    if published:
        try:
            return dt.date.fromisoformat(published[:10])
        except ValueError:
            pass
    if isinstance(ingested_at, dt.datetime):
        return ingested_at.date()
    return dt.date.today()


def run_extract(
    store: Store, extractor: Extractor, progress: Callable[[int], None] | None = None, batch: int = 200
) -> ExtractSummary:
    """Extract events from every cleaned document its language's reader (version) has not read.

    English documents are read by the English reader and recorded with its version (``en-4``), Arabic
    ones by the Arabic reader (``ar-2``): changing one language's reader re-reads only its documents.
    """
    summary = ExtractSummary()
    for lang, version in extractor.versions.items():
        while rows := store.pending_extraction(version, (lang,), batch):
            for row in rows:
                events = extractor.extract(
                    row["clean_text"],
                    published_date(row["published"], row["ingested_at"]),
                    row["id"],
                    lang=row.get("lang") or lang,
                )
                store.save_reports(row["id"], version, events)
                summary.documents += 1
                summary.reports += len(events)
                summary.tallies += sum(1 for e in events if e["is_tally"])
                if progress:
                    progress(summary.documents)
    return summary
