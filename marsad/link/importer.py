"""Reading a victim list (CSV or XLSX) into the store, with every bad row reported and kept.

A row is rejected (with its line number and the reason, into a rejects CSV beside the run) when
it has no name or a value cannot be read as its field; nothing is dropped silently. Columns that
are not Marsad fields are kept with the record (``data``) and can be compared by the linker
(``[link] extra_fields``). Re-importing a file already imported for the same source is a no-op;
rows already stored for the source (same record id, or the same values) are skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.link.errors import MappingError, VictimFileError
from marsad.link.fields import (
    FIELDS,
    NAME_FIELDS,
    BadValue,
    clean_text,
    parse_age,
    parse_birth_year,
    parse_date,
    parse_sex,
    parse_status,
)
from marsad.link.names import split_full_name
from marsad.protect import victims as protect_victims


@dataclass(slots=True)
class ImportResult:
    """What an import did, for the CLI summary and tests."""

    file: str
    source: str
    rows: int = 0
    added: int = 0
    already_stored: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    rejects_file: str | None = None
    skipped_file: bool = False  # the same bytes were imported before for this source
    unknown_columns: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "source": self.source,
            "rows": self.rows,
            "added": self.added,
            "already_stored": self.already_stored,
            "rejected": len(self.rejected),
            "rejects_file": self.rejects_file,
            "skipped_file": self.skipped_file,
            "kept_as_extra": self.unknown_columns,
        }


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """``["Name=full_name", …]`` → {column: field}; a field may be given once only."""
    out: dict[str, str] = {}
    for pair in pairs:
        column, sep, target = pair.partition("=")
        column, target = column.strip(), target.strip()
        if not sep or not column or not target:
            raise MappingError(f"--map needs column=field, got {pair!r}")
        if target not in FIELDS:
            raise MappingError(f"--map {pair!r}: {target!r} is not a victim field ({', '.join(FIELDS)})")
        if target in out.values():
            raise MappingError(f"--map: field {target!r} is mapped twice")
        out[column] = target
    return out


def read_table(path: Path) -> tuple[list[str], Iterator[tuple[int, list[Any]]], str]:
    """Header, (line number, cells) rows and the SHA-256 of the file's bytes."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise VictimFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    sha = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return (*_read_xlsx(path, data), sha)
    if suffix in (".csv", ".tsv", ".txt"):
        return (*_read_csv(path, data), sha)
    raise VictimFileError(f"{path}: unsupported file type {suffix or '(none)'!r}; use .csv or .xlsx")


def _read_csv(path: Path, data: bytes) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    if b"\x00" in data[:4096]:
        raise VictimFileError(f"{path}: binary file, not a CSV")
    for encoding in ("utf-8-sig", "cp1256"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1256 decodes nearly everything
        raise VictimFileError(f"{path}: not UTF-8 or Windows-1256 text")
    if not text.strip():
        raise VictimFileError(f"{path}: empty file")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise VictimFileError(f"{path}: malformed CSV header ({exc})") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield reader.line_num, [_MalformedRow(str(exc))]
                continue
            if any(c.strip() for c in row):
                yield reader.line_num, row

    return header, rows()


def _read_xlsx(path: Path, data: bytes) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile/openpyxl raise many kinds for a broken file
        raise VictimFileError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__})") from None
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    try:
        header = [("" if c is None else str(c)) for c in next(it)]
    except StopIteration:
        raise VictimFileError(f"{path}: the first sheet is empty") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for n, row in enumerate(it, start=2):
            cells = [_xlsx_cell(c) for c in row]
            if any(c.strip() for c in cells):
                yield n, cells

    return header, rows()


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class LazyGeocoder:
    """The gazetteer, loaded (and the built-in one installed) at the first place looked up.

    Loading it takes seconds; a list without a place of death, or whose rows are all already
    stored, should not pay for it.
    """

    def __init__(self, store: Any) -> None:
        self.store = store
        self._geocoder: Any = None

    @property
    def loaded(self) -> bool:
        return self._geocoder is not None

    def lookup(self, mention: str, limit: int = 1) -> list[Any]:
        if self._geocoder is None:
            from marsad.geo import Geocoder, ensure_builtin

            ensure_builtin(self.store)
            self._geocoder = Geocoder.from_store(self.store)
        return self._geocoder.lookup(mention, limit=limit)


class _MalformedRow(str):
    """Stands for a CSV row the csv module could not parse."""


def import_victims(
    store: Any,
    path: Path,
    source: str,
    mapping: dict[str, str] | None = None,
    rejects: Path | None = None,
    geocoder: Any = None,
    today: dt.date | None = None,
    sensitive_columns: list[str] | None = None,
) -> ImportResult:
    """Import one list for ``source``; bad rows go to ``rejects`` (default ``<name>.rejects.csv``)."""
    source = (source or "").strip()
    if not source:
        raise MappingError("--source must name who made the list")
    header, rows, sha = read_table(path)
    result = ImportResult(file=str(path), source=source)
    if store.victim_file_imported(sha, source):
        result.skipped_file = True
        return result
    columns = _columns(header, mapping or {}, path)
    # witness, address and notes columns are sealed (marsad.protect.victims): refuse before anything
    # is written when the data key cannot seal them
    sealed = protect_victims.sealed_columns(columns, sensitive_columns or [], path)
    if sealed:
        store.ensure_can_seal(f"the sensitive columns of {path.name} ({', '.join(sealed)})")
    result.unknown_columns = [h for h, f in columns if f is None and h and h not in sealed]
    if not any(f in NAME_FIELDS for _, f in columns):
        raise MappingError(
            f"{path}: no name column (need one of {', '.join(NAME_FIELDS)}; "
            f"columns are {', '.join(h for h in header if h)}; use --map column=field)"
        )
    today = today or dt.date.today()
    known = store.known_victim_keys(source)
    accepted: list[dict[str, Any]] = []
    seen_ids: dict[str, int] = {}
    seen_hashes: dict[str, int] = {}
    places: dict[str, dict[str, Any]] = {}
    for line, cells in rows:
        result.rows += 1
        raw = {
            h or f"column {i + 1}": (cells[i] if i < len(cells) else "") for i, (h, _) in enumerate(columns)
        }
        if cells and isinstance(cells[0], _MalformedRow):
            result.rejected.append({"line": line, "reason": f"malformed CSV row ({cells[0]})", "row": {}})
            continue
        if len(cells) > len(columns) and any(str(c).strip() for c in cells[len(columns) :]):
            result.rejected.append({"line": line, "reason": "more cells than header columns", "row": raw})
            continue
        try:
            record = _record(columns, cells, today)
            protect_victims.take_sensitive(record, sealed, raw)
        except (BadValue, protect_victims.WitnessError) as exc:
            result.rejected.append({"line": line, "reason": str(exc), "row": raw})
            continue
        rid = record.get("record_id")
        if rid is not None:
            if rid in seen_ids:
                result.rejected.append(
                    {"line": line, "reason": f"record_id {rid!r} repeats line {seen_ids[rid]}", "row": raw}
                )
                continue
            seen_ids[rid] = line
            key = "id:" + hashlib.sha256(rid.encode()).hexdigest()[:40]
        else:
            public = protect_victims.public_raw(raw, sealed)  # never a plain hash of a sealed value
            canonical = json.dumps(public, sort_keys=True, ensure_ascii=False)
            digest = hashlib.sha256(canonical.encode()).hexdigest()
            seen_hashes[digest] = seen_hashes.get(digest, 0) + 1
            key = f"row:{digest[:40]}:{seen_hashes[digest]}"  # identical rows stay separate records
        record["record_key"] = key
        record["line"] = line
        if key in known:
            result.already_stored += 1
            continue
        if record.get("place_of_death") and geocoder is not None:
            record.update(_geocode(geocoder, record["place_of_death"], places))
        accepted.append(record)
    if result.rejected:
        target = rejects or Path.cwd() / f"{path.stem}.rejects.csv"
        protect_victims.mask_rejects(result.rejected, sealed)
        _write_rejects(target, result.rejected, [h for h, _ in columns])
        result.rejects_file = str(target)
    result.added = store.add_victims(
        source=source, sha256=sha, filename=path.name, rows=accepted, rejected=len(result.rejected)
    )
    return result


def _columns(header: list[str], mapping: dict[str, str], path: Path) -> list[tuple[str, str | None]]:
    """(column as written, field or None) for each header cell."""
    names = [clean_text(h) or "" for h in header]
    missing = [c for c in mapping if c not in names]
    if missing:
        raise MappingError(f"--map names columns {path.name} does not have: {', '.join(missing)}")
    out: list[tuple[str, str | None]] = []
    taken: set[str] = set(mapping.values())
    for h in names:
        if h in mapping:
            out.append((h, mapping[h]))
            continue
        f = h.casefold().replace(" ", "_")
        if f in FIELDS and f not in taken:
            taken.add(f)
            out.append((h, f))
        else:
            out.append((h, None))
    dup = [h for h in names if h and names.count(h) > 1]
    if dup:
        raise VictimFileError(f"{path}: column {dup[0]!r} appears twice in the header")
    return out


def _record(columns: list[tuple[str, str | None]], cells: list[Any], today: dt.date) -> dict[str, Any]:
    values: dict[str, str | None] = {}
    extra: dict[str, str] = {}
    for i, (h, f) in enumerate(columns):
        cell = clean_text(cells[i]) if i < len(cells) else None
        if f is None:
            if cell is not None and h:
                extra[h] = cell
        else:
            values[f] = cell
    if not any(values.get(f) for f in NAME_FIELDS):
        raise BadValue("no name (full_name and every name part are empty)")
    rec: dict[str, Any] = {f: values.get(f) for f in FIELDS}
    rec["sex"] = parse_sex(values.get("sex"))
    rec["age"] = parse_age(values.get("age"))
    rec["birth_year"] = parse_birth_year(values.get("birth_year"), today)
    rec["date_of_death"] = parse_date(values.get("date_of_death"), today)
    rec["status"] = parse_status(values.get("status"))
    data: dict[str, Any] = {"extra": extra} if extra else {}
    parts = ("first_name", "father_name", "grandfather_name", "family_name")
    if rec["full_name"] and not any(rec[p] for p in parts):
        split = split_full_name(rec["full_name"])
        rec["first_name"], rec["father_name"] = split.first, split.father
        rec["grandfather_name"], rec["family_name"] = split.grandfather, split.family
        data["parts_from_full_name"] = True
    elif not rec["full_name"]:
        rec["full_name"] = " ".join(rec[p] for p in parts if rec[p])
    rec["data"] = data
    return rec


def _geocode(geocoder: Any, place: str, cache: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if place not in cache:
        found = geocoder.lookup(place, limit=1)
        best = found[0] if found and found[0].resolved else None
        cache[place] = (
            {"place_id": best.place_id, "admin1": best.admin1, "admin2": best.admin2}
            if best is not None
            else {"place_id": None, "admin1": found[0].admin1 if found else None, "admin2": None}
        )
    return cache[place]


def _write_rejects(target: Path, rejected: list[dict[str, Any]], header: list[str]) -> None:
    cols = [h for h in header if h]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["line", "reason", *cols])
            for r in rejected:
                w.writerow([r["line"], r["reason"], *(r["row"].get(c, "") for c in cols)])
    except OSError as exc:
        raise VictimFileError(f"cannot write the rejects file {target}: {exc.strerror or exc}") from None
