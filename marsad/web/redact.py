"""What viewers may not read: the words of sensitive documents (testimonies).

A viewer learns that a sensitive document exists, when it was published, which source holds it and
which reports and incidents it supports, under a pseudonymous label, and the pseudonym of its witness
("Witness K7QF-2MXA", see ``marsad.protect.witness``); never its text, title, URL, author, original
bytes, the evidence quoted from it, or the witness's name or contact. Analysts and admins see
everything (with the data key unlocked; otherwise the store shows a placeholder to them too). Every
answer that can carry such words (documents, reports, incidents' claims, tallies, pages) passes through here.
"""

from __future__ import annotations

import hashlib
from typing import Any

from marsad.web.auth import Permission, User

LABEL = "sensitive document"
WITHHELD_DOC_FIELDS = (
    "title",
    "url",
    "author",
    "external_id",
    "sha256",
    "blob_sha256",
    "locator",
    "meta",
    "witness_name",
    "witness_contact",
)


def may_read_sensitive(user: User | None) -> bool:
    return user is not None and user.can(Permission.SENSITIVE)


def label(doc_id: str) -> str:
    """A stable pseudonym: the same document always gets the same label, which says nothing about it."""
    return f"{LABEL} {hashlib.sha256(f'marsad-sensitive:{doc_id}'.encode()).hexdigest()[:8]}"


def document(d: dict[str, Any]) -> dict[str, Any]:
    """A sensitive document as a viewer sees it: that it exists, its label, no words."""
    out = {k: (None if k in WITHHELD_DOC_FIELDS else v) for k, v in d.items()}
    out.update(title=label(d["id"]), redacted=True)
    if "text" in out:
        out.update(text=None, clean_text=None, dropped=[])
    if "reports" in out:
        out["reports"] = [{**r, "span": None} for r in d["reports"]]
    return out


def claim(c: dict[str, Any]) -> dict[str, Any]:
    return {**c, "evidence": None, "span": None, "document_label": label(c["document_id"]), "redacted": True}


def report(r: dict[str, Any]) -> dict[str, Any]:
    return {**r, "evidence": None, "span": None, "redacted": True}


def incident(found: dict[str, Any], sensitive: frozenset[str]) -> dict[str, Any]:
    """An incident with the claims taken from sensitive documents stripped of their words."""
    claims = [claim(c) if c.get("document_id") in sensitive else c for c in found.get("claims", [])]
    return {**found, "claims": claims}


def tally_series(series: list[dict[str, Any]], sensitive: frozenset[str]) -> list[dict[str, Any]]:
    return [
        {
            **s,
            "points": [
                {**p, "evidence": None} if p.get("document_id") in sensitive else p for p in s["points"]
            ],
        }
        for s in series
    ]
