"""Bytes to text, in the order Syrian sources need: UTF-8 (with or without BOM), UTF-16 with a
BOM, then Windows-1256 (older Arabic Windows text), else a clear refusal."""

from __future__ import annotations

import codecs
import re

from marsad.text.lang import arabic_ratio


class DecodeError(Exception):
    """The bytes are not text in any encoding we accept."""


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def declared_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes, if Python knows it."""
    found = _META_CHARSET.search(data[:4096])
    if not found:
        return None
    name = found.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name) or raise DecodeError saying what was tried."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", "utf-16")
    if declared and declared not in {"utf-8", "utf_8"}:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    text = data.decode("cp1256", errors="replace")
    non_ascii = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
    if "\ufffd" not in text and non_ascii and arabic_ratio("".join(non_ascii)) >= 0.8:
        return text, "cp1256"
    raise DecodeError(
        f"not valid UTF-8 (bad byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start})"
        " and not Windows-1256 Arabic; re-save the file as UTF-8"
    )


def _strict(data: bytes, codec: str, label: str) -> tuple[str, str]:
    try:
        return data.decode(codec), label
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"declares {label} with a byte-order mark but is not valid {label} (offset {exc.start})"
        ) from None
