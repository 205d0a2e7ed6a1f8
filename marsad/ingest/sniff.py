"""What a file is, from its name and first bytes, before any parser touches it."""

from __future__ import annotations

import codecs
from pathlib import Path

# Formats people drop into a folder that are not reports we can read (yet).
_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF", "a PDF document; convert it to text or HTML first"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX/ODT); unpack or convert it first"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"\x7fELF", "an executable program"),
    (b"MZ", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document; convert it first"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg audio/video file"),
    (b"RIFF", "a RIFF media file (WAV/AVI/WEBP)"),
]

EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}
TABLES = {".csv", ".tsv", ".xlsx", ".xls", ".ods"}


def binary_kind(data: bytes) -> str | None:
    """A description of binary content, or None when it may be text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    nul = head.find(b"\x00")
    if nul >= 0:
        return f"binary data (a NUL byte at offset {nul})"
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if head and control / len(head) > 0.1:
        return "binary data (mostly control bytes)"
    return None


def detect_format(path: Path, data: bytes) -> str:
    """One of: text, html, feed, jsonl, table, unknown-json (a JSON document, not JSON Lines)."""
    ext = path.suffix.lower()
    if ext in TABLES:
        return "table"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    by_ext = EXTENSIONS.get(ext)
    if by_ext == "jsonl" and ext == ".json" and not head.startswith(b"{"):
        return "unknown-json"
    if by_ext in {"jsonl", "feed", "html"}:
        return by_ext
    if head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<rdf:rdf")):
        if any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf")):
            return "feed"
        if b"<html" in head:
            return "html"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if by_ext is None and head.startswith(b"{") and b'"text"' in data[:65536]:
        return "jsonl"
    return "text"
