"""Plain text files: one document each; the title is the first heading-like line."""

from __future__ import annotations

from marsad.ingest.decode import DecodeError, decode_text
from marsad.ingest.readers.base import Item, Problem, ReadContext, Reader, readers
from marsad.model import QuarantineReason
from marsad.text.titles import guess_title


def read_text(ctx: ReadContext) -> list[Item | Problem]:
    try:
        text, encoding = decode_text(ctx.data)
    except DecodeError as exc:
        return [Problem(reason=QuarantineReason.UNDECODABLE, message=str(exc))]
    if not text.strip():
        return [Problem(reason=QuarantineReason.EMPTY, message="no text (only whitespace)")]
    return [
        Item(
            text=text,
            sha256=ctx.sha256,
            title=guess_title(text, ctx.title_max_chars),
            meta={"encoding": encoding},
        )
    ]


readers.register("text")(Reader(media_type="text/plain", read=read_text))
