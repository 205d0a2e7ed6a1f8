"""JSON Lines batches: one report per line, each line checked on its own."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
from typing import Any

from marsad.ingest.readers.base import Item, Problem, ReadContext, Reader, readers
from marsad.model import QuarantineReason

FIELDS = ("text", "id", "title", "url", "published", "source", "lang")


def parse_published(value: str) -> str:
    """Normalise an ISO 8601 or RFC 2822 date; ValueError when it is neither."""
    value = value.strip()
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value).isoformat()
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"'published' is not an ISO 8601 date: {value!r}") from None


def _item(record: dict[str, Any], raw: bytes, n: int) -> Item:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('no "text" (a non-empty string is required)')
    for key in ("title", "url", "published", "source", "lang"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise ValueError(f'"{key}" must be a string, got {type(record[key]).__name__}')
    ext_id = record.get("id")
    if ext_id is not None and not isinstance(ext_id, (str, int)):
        raise ValueError(f'"id" must be a string or a number, got {type(ext_id).__name__}')
    published = parse_published(record["published"]) if record.get("published") else None
    return Item(
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        locator=f"line {n}",
        title=record.get("title") or None,
        url=record.get("url") or None,
        published=published,
        declared_lang=record.get("lang") or None,
        external_id=str(ext_id) if ext_id is not None else None,
        source=record.get("source") or None,
        meta={k: v for k, v in record.items() if k not in FIELDS},
    )


def read_jsonl(ctx: ReadContext) -> list[Item | Problem]:
    out: list[Item | Problem] = []
    objects = 0
    first_error: str | None = None
    data = ctx.data[3:] if ctx.data.startswith(b"\xef\xbb\xbf") else ctx.data
    for n, raw in enumerate(data.split(b"\n"), start=1):
        raw = raw.rstrip(b"\r")
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problem = f"line {n}: not UTF-8 (bad byte at column {exc.start + 1})"
        else:
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                problem = f"line {n}: invalid JSON ({exc.msg} at column {exc.colno})"
            else:
                if not isinstance(record, dict):
                    problem = f"line {n}: expected a JSON object, got {type(record).__name__}"
                else:
                    objects += 1
                    try:
                        out.append(_item(record, raw, n))
                        continue
                    except ValueError as exc:
                        problem = f"line {n}: {exc}"
        first_error = first_error or problem
        out.append(Problem(reason=QuarantineReason.MALFORMED_JSONL, message=problem, locator=f"line {n}"))
    if objects == 0:
        why = first_error or "no lines"
        return [
            Problem(
                reason=QuarantineReason.MALFORMED_JSONL,
                message=f"not JSON Lines: no line is a JSON object ({why})",
            )
        ]
    return out


readers.register("jsonl")(Reader(media_type="application/jsonl", read=read_jsonl))
