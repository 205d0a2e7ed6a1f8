"""Sensitive columns of victim lists: which are sealed, how a row's values are taken apart before they
are stored, and what exports show.

Columns named ``witness_name``, ``witness_contact``, ``exact_address`` and ``notes`` (and any column the
operator names with ``--sensitive-column``) are sealed with the data key (AES-GCM, bound to the record
and column). A witness named in a row becomes a witness record (``marsad.protect.witness``) and the row
keeps only the pseudonym. None of these values is hashed in the clear either: the key that tells two
rows apart leaves them out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from marsad.protect.errors import ProtectError
from marsad.protect.witness import WitnessError, WitnessInput

__all__ = ["WitnessError", "sealed_columns", "take_sensitive"]

#: columns sealed whenever a list has them (the header, folded like Marsad's field names)
SENSITIVE_FIELDS = ("witness_name", "witness_contact", "exact_address", "notes")
WITNESS_NAME, WITNESS_CONTACT = "witness_name", "witness_contact"
MASK = "(sensitive: not written)"
SEALED = "(sealed)"


class SensitiveColumnError(ProtectError):
    """A ``--sensitive-column`` that names no column of the list."""

    code = "M036"


def fold(header: str) -> str:
    return header.casefold().strip().replace(" ", "_")


def sealed_columns(columns: list[tuple[str, str | None]], named: Iterable[str], path: Path) -> dict[str, str]:
    """Header → what it is sealed as: a witness field, ``notes``, or the column's own name."""
    headers = [h for h, _ in columns if h]
    wanted = [n.strip() for n in named]
    missing = [n for n in wanted if n not in headers and fold(n) not in {fold(h) for h in headers}]
    if missing:
        raise SensitiveColumnError(
            f"--sensitive-column names columns {path.name} does not have: {', '.join(missing)} "
            f"(columns are {', '.join(headers)})"
        )
    marked = {fold(n) for n in wanted}
    out: dict[str, str] = {}
    for h, f in columns:
        if not h:
            continue
        if f == "notes" or (f is None and fold(h) in SENSITIVE_FIELDS):
            out[h] = f if f == "notes" else fold(h)
        elif h in wanted or fold(h) in marked:
            if f is not None:
                raise SensitiveColumnError(
                    f"--sensitive-column {h!r}: the column is read as {f}, which linkage compares in the "
                    "clear; only notes and columns that are not Marsad fields can be sealed"
                )
            out[h] = h
    return out


def take_sensitive(record: dict[str, Any], sealed: dict[str, str], raw: dict[str, Any]) -> None:
    """Move a parsed row's sensitive values out of its fields and extra columns into
    ``record["sensitive"]`` (what the store seals), so nothing downstream sees them in the clear."""
    if not sealed:
        return
    taken: dict[str, str] = {}
    extra = record.get("data", {}).get("extra", {})
    for header, role in sealed.items():
        value = extra.pop(header, None)
        if role == "notes":
            value, record["notes"] = record.get("notes"), None
        if value is None:
            text = raw.get(header)
            value = str(text).strip() if text is not None and str(text).strip() else None
        if value:
            taken[role] = value
    if WITNESS_NAME in taken:  # checked here, so a bad one is a rejected row like any bad value
        WitnessInput.of(taken[WITNESS_NAME], taken.get(WITNESS_CONTACT), where="witness_name")
    if "data" in record and not extra:
        record["data"].pop("extra", None)
    if taken:
        record["sensitive"] = taken


def public_raw(raw: dict[str, Any], sealed: dict[str, str]) -> dict[str, Any]:
    """A row's cells without the sensitive ones (what the row key is hashed from)."""
    return {k: v for k, v in raw.items() if k not in sealed}


def mask_rejects(rejected: list[dict[str, Any]], sealed: dict[str, str]) -> None:
    """A rejects file is plain CSV on disk: sensitive cells are never written to it."""
    for r in rejected:
        row = r.get("row") or {}
        for h in sealed:
            if row.get(h):
                row[h] = MASK


def column_place(victim_id: str, column: str) -> str:
    """Where a sealed column lives (column names may hold spaces or Arabic: a hash of it stands in)."""
    return f"victim.sealed/{victim_id}/{hashlib.sha256(column.encode()).hexdigest()[:16]}"


def shown(row: dict[str, Any], opened: dict[str, str] | None = None) -> dict[str, Any]:
    """A victim record for printing: sealed values as ``(sealed)`` (or opened, when given), the
    witness by pseudonym only."""
    from marsad.protect.crypto import is_token

    out = dict(row)
    data = dict(out.get("data") or {})
    sealed = data.pop("sealed", None) or {}
    data.pop("witness_id", None)
    if is_token(out.get("notes")):
        out["notes"] = (opened or {}).get("notes", SEALED)
    for col in sealed:
        data.setdefault("extra", {})[col] = (opened or {}).get(col, SEALED)
    out["data"] = data
    return out


def add_to_export(
    store: Any, columns: list[str], rows: list[dict[str, Any]], reveal: bool
) -> tuple[list[str], list[dict[str, Any]]]:
    """The export's columns and rows with the witness pseudonym; with ``reveal`` (key unlocked, asked
    for by the operator) also every sealed value, opened. Without it sealed values are left out."""
    protected = store.victim_protected(reveal=reveal)
    extra = ["witness"]
    if reveal:
        found = {k for p in protected.values() for k in p if k != "witness"}
        first = ["witness_name", "witness_contact", "notes", "exact_address"]
        extra += [c for c in first if c in found] + sorted(found - set(first))
    for row in rows:
        p = protected.get(row["victim_id"], {})
        row.update({c: p.get(c) or "" for c in extra})
    return columns + extra, rows
