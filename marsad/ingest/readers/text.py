"""Plain text files: one document each; the title is the first heading-like line."""

from __future__ import annotations

from marsad.ingest.decode import DecodeError, decode_text
from marsad.ingest.readers.base import Item, Problem, ReadContext, Reader, readers
from marsad.model import QuarantineReason

_FINAL = tuple('.!?؟:;,،…"”»')


def guess_title(text: str, max_chars: int) -> str | None:
    """The first of the opening three lines that looks like a headline (short, no final stop)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:3]
    for line in lines:
        if len(line) <= max_chars and not line.endswith(_FINAL) and len(line.split()) >= 2:
            return line
    return None


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
