"""What a reader returns, and the registry readers are found in by format name."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.model import QuarantineReason
from marsad.registry import Registry


@dataclass(slots=True, kw_only=True)
class ReadContext:
    path: Path
    data: bytes
    sha256: str
    source: str | None  # --source, which wins over what the file says
    title_max_chars: int = 200


@dataclass(slots=True, kw_only=True)
class Item:
    """One document found in a file."""

    text: str
    sha256: str
    locator: str | None = None
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    declared_lang: str | None = None
    external_id: str | None = None
    source: str | None = None  # what the file itself names as source
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Problem:
    """A part of a file (or the whole file) that cannot become a document."""

    reason: QuarantineReason
    message: str
    locator: str | None = None


@dataclass(slots=True)
class Reader:
    media_type: str
    read: Callable[[ReadContext], list[Item | Problem]]


readers: Registry[Reader] = Registry("reader")


def canonical_sha(fields: dict[str, Any]) -> str:
    """A stable hash for an item that has no bytes of its own (a feed entry)."""
    blob = json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()
