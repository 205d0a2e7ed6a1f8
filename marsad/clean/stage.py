"""The clean stage over the store: idempotent and incremental.

It processes documents not yet cleaned at ``CLEAN_VERSION`` (bump it when cleaning changes,
and old documents are re-cleaned on the next run), oldest first so that "first seen" is
well defined for near-duplicates, and commits in batches so an interruption loses at most
one batch of work, never data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from marsad.clean.neardup import NearDuplicateIndex, from_bytes, signature, to_bytes
from marsad.clean.paragraphs import CleanRules, clean_text
from marsad.config import Settings
from marsad.model import Language
from marsad.store import Store
from marsad.text.lang import detect_language, normalise_declared

CLEAN_VERSION = 1
BATCH = 500


@dataclass(slots=True)
class CleanSummary:
    cleaned: int = 0
    near_duplicates: int = 0
    dropped_parts: int = 0


def run_clean(
    store: Store, settings: Settings, progress: Callable[[int, int], None] | None = None
) -> CleanSummary:
    summary = CleanSummary()
    total = store.count_pending_clean(CLEAN_VERSION)
    if not total:
        return summary
    rules = CleanRules.from_patterns(
        settings.get("clean", "boilerplate"),
        settings.get("clean", "title_max_chars"),
        settings.get("clean", "repeat_min_words"),
    )
    num_perm = settings.get("neardup", "num_perm")
    shingle_words = settings.get("neardup", "shingle_words")
    arabic_min = settings.get("lang", "arabic_min_ratio")
    index = NearDuplicateIndex(settings.get("neardup", "threshold"), num_perm)
    for doc_id, dup_of, raw in store.signatures(CLEAN_VERSION):
        index.add(doc_id, from_bytes(raw), dup_of)
    while batch := store.pending_clean(CLEAN_VERSION, BATCH):
        sigs: dict[str, bytes] = {}
        for doc in batch:
            assert doc.id is not None
            doc.clean_text, doc.dropped = clean_text(doc.text, doc.title, rules)
            doc.lang = detect_language(doc.clean_text, arabic_min)
            if doc.lang is Language.OTHER:  # too short to tell, or really another language
                doc.lang = normalise_declared(doc.declared_lang) or doc.lang
            sig = signature(doc.clean_text, num_perm, shingle_words)
            found = index.match(sig)
            doc.near_duplicate_of, doc.near_duplicate_score = found if found else (None, None)
            index.add(doc.id, sig, doc.near_duplicate_of)
            doc.clean_version = CLEAN_VERSION
            sigs[doc.id] = to_bytes(sig)
            summary.cleaned += 1
            summary.near_duplicates += found is not None
            summary.dropped_parts += len(doc.dropped)
        store.save_cleaned(batch, sigs, num_perm)
        if progress:
            progress(summary.cleaned, total)
    return summary
