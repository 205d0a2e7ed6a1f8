"""RSS and Atom files: every entry becomes a document; the file itself is kept as the original."""

from __future__ import annotations

import calendar
import datetime as dt
import time
from typing import Any

import feedparser

from marsad.ingest.readers.base import Item, Problem, ReadContext, Reader, canonical_sha, readers
from marsad.model import QuarantineReason
from marsad.text.html import fragment_to_text

# feedparser flags these on feeds that are still perfectly readable
_BENIGN = (feedparser.CharacterEncodingOverride,)


def _iso(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC).isoformat()


def _entry_text(entry: Any) -> str:
    for content in entry.get("content") or []:
        if content.get("value"):
            return fragment_to_text(content["value"])
    return fragment_to_text(entry.get("summary") or "")


def read_feed(ctx: ReadContext) -> list[Item | Problem]:
    parsed = feedparser.parse(ctx.data)
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not parsed.entries:
        why = f": {error}" if error else " (no <item> or <entry> elements)"
        return [Problem(reason=QuarantineReason.MALFORMED_FEED, message=f"not a readable RSS/Atom feed{why}")]
    out: list[Item | Problem] = []
    broken = error is not None and not isinstance(error, _BENIGN)
    feed_title = parsed.feed.get("title") or None
    for n, entry in enumerate(parsed.entries, start=1):
        text = _entry_text(entry).strip()
        title = (entry.get("title") or "").strip() or None
        if not text and not title:
            if broken:
                continue  # a truncated feed: reported once below
            out.append(
                Problem(
                    reason=QuarantineReason.MALFORMED_FEED,
                    message=f"entry {n} has neither text nor title",
                    locator=f"item {n}",
                )
            )
            continue
        fields = {
            "id": entry.get("id"),
            "link": entry.get("link"),
            "title": title,
            "published": _iso(entry.get("published_parsed") or entry.get("updated_parsed")),
            "text": text or title,
        }
        out.append(
            Item(
                text=fields["text"],
                sha256=canonical_sha(fields),
                locator=f"item {n}",
                title=title,
                url=fields["link"],
                author=entry.get("author") or None,
                published=fields["published"],
                declared_lang=entry.get("language") or parsed.feed.get("language") or None,
                external_id=fields["id"],
                source=feed_title,
                meta={"feed": feed_title, "feed_link": parsed.feed.get("link")},
            )
        )
    if broken:
        good = sum(isinstance(o, Item) for o in out)
        if not good:
            return [
                Problem(
                    reason=QuarantineReason.MALFORMED_FEED, message=f"not a readable RSS/Atom feed: {error}"
                )
            ]
        out.append(
            Problem(
                reason=QuarantineReason.MALFORMED_FEED,
                locator="end",
                message=f"feed is malformed after {good} readable entries; "
                f"later entries may be missing: {error}",
            )
        )
    return out


readers.register("feed")(Reader(media_type="application/rss+xml", read=read_feed))
