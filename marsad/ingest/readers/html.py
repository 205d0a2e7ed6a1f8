"""HTML pages: trafilatura finds the main text and the page's title, date, author and site."""

from __future__ import annotations

import trafilatura

from marsad.ingest.decode import DecodeError, declared_html_charset, decode_text
from marsad.ingest.readers.base import Item, Problem, ReadContext, Reader, readers
from marsad.model import QuarantineReason


def read_html(ctx: ReadContext) -> list[Item | Problem]:
    try:
        html, encoding = decode_text(ctx.data, declared_html_charset(ctx.data))
    except DecodeError as exc:
        return [Problem(reason=QuarantineReason.UNDECODABLE, message=str(exc))]
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # lxml raises on documents it cannot build a tree from
        return [
            Problem(
                reason=QuarantineReason.MALFORMED_HTML,
                message=f"HTML could not be parsed ({type(exc).__name__}: {exc})",
            )
        ]
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        return [
            Problem(
                reason=QuarantineReason.MALFORMED_HTML,
                message="HTML page without readable main text (empty, script-only or broken markup)",
            )
        ]
    return [
        Item(
            text=text,
            sha256=ctx.sha256,
            title=doc.title or None,
            url=doc.url or None,
            author=doc.author or None,
            published=doc.date or None,
            declared_lang=doc.language or None,
            source=doc.sitename or None,
            meta={"encoding": encoding, **({"description": doc.description} if doc.description else {})},
        )
    ]


readers.register("html")(Reader(media_type="text/html", read=read_html))
