"""Ingest: files and folders in, originals and documents stored, refusals quarantined.

Each document is committed on its own with its original bytes, so an interrupted batch
leaves a consistent store and the same command finishes it (stored documents are
recognised by hash and skipped).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from marsad.config import Settings
from marsad.ingest.readers import Item, Problem, ReadContext, readers
from marsad.ingest.sniff import binary_kind, detect_format
from marsad.model import Blob, Document, QuarantineEntry, QuarantineReason
from marsad.protect.witness import WitnessError, WitnessInput
from marsad.store import Store, sha256_hex
from marsad.text.header import header_date, header_outlet


@dataclass(slots=True)
class Outcome:
    """What happened to one file or one item, for the CLI to print."""

    status: str  # stored | known | sealed | quarantined | warning
    path: str
    message: str
    locator: str | None = None
    document_id: str | None = None
    reason: QuarantineReason | None = None


@dataclass(slots=True)
class IngestSummary:
    files: int = 0
    stored: int = 0
    known: int = 0
    sealed: int = 0  # stored in the clear before, sealed in place now (re-ingested with --sensitive)
    quarantined: int = 0
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.quarantined > 0


def iter_files(paths: Iterable[Path], skip_hidden: bool) -> Iterator[Path]:
    """Every path given, with folders walked recursively in a stable (sorted) order."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not (skip_hidden and d.startswith(".")))
                for name in sorted(files):
                    if not (skip_hidden and name.startswith(".")):
                        yield Path(root) / name
        else:
            yield path


class Ingester:
    """Ingests paths into a store; ``on_outcome`` sees every result as it happens."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        source: str | None = None,
        on_outcome: Callable[[Outcome], None] | None = None,
        sensitive: bool = False,
        witness: WitnessInput | None = None,
    ) -> None:
        self.store = store
        self.source = source
        self.sensitive = sensitive  # testimonies: text and original bytes sealed with the data key
        self.witness = witness  # who gave every testimony of this run (a JSONL line may name its own)
        if witness is not None and not sensitive:
            raise WitnessError("a witness is only recorded with a testimony: ingest with --sensitive")
        self.default_source = settings.get("ingest", "default_source")
        self.max_bytes = int(settings.get("ingest", "max_file_mb") * 1024 * 1024)
        self.max_mb = settings.get("ingest", "max_file_mb")
        self.skip_hidden = settings.get("ingest", "skip_hidden")
        self.title_max_chars = settings.get("clean", "title_max_chars")
        self.on_outcome = on_outcome
        self.summary = IngestSummary()

    def _emit(self, outcome: Outcome) -> None:
        self.summary.outcomes.append(outcome)
        if outcome.status == "stored":
            self.summary.stored += 1
        elif outcome.status == "known":
            self.summary.known += 1
        elif outcome.status == "sealed":
            self.summary.sealed += 1
        elif outcome.status == "quarantined":
            self.summary.quarantined += 1
        if self.on_outcome:
            self.on_outcome(outcome)

    def _quarantine(
        self,
        path: Path,
        reason: QuarantineReason,
        message: str,
        *,
        data: bytes | None = None,
        sha: str | None = None,
        size: int | None = None,
        locator: str | None = None,
        media_type: str = "application/octet-stream",
    ) -> None:
        blob = None
        if data is not None and sha is not None:
            blob = Blob(sha256=sha, data=data, media_type=media_type, filename=str(path), source=self.source)
        self.store.add_quarantine(
            QuarantineEntry(
                path=str(path), reason=reason, message=message, sha256=sha, size=size, locator=locator
            ),
            blob,
            sensitive=self.sensitive,
        )
        self._emit(Outcome("quarantined", str(path), message, locator=locator, reason=reason))

    def ingest(self, paths: Iterable[Path]) -> IngestSummary:
        for path in iter_files(paths, self.skip_hidden):
            self.ingest_file(path)
        return self.summary

    def ingest_file(self, path: Path) -> None:
        self.summary.files += 1
        try:
            info = path.stat()
        except FileNotFoundError:
            what = "a broken link" if path.is_symlink() else "no such file or folder"
            self._quarantine(path, QuarantineReason.UNREADABLE, f"cannot read: {what}")
            return
        except OSError as exc:
            self._quarantine(path, QuarantineReason.UNREADABLE, f"cannot read: {exc.strerror}")
            return
        if not stat.S_ISREG(info.st_mode):
            self._quarantine(
                path, QuarantineReason.NOT_A_FILE, "not a regular file (a device, pipe or socket)", size=None
            )
            return
        if info.st_size > self.max_bytes:
            self._quarantine(
                path,
                QuarantineReason.TOO_LARGE,
                f"file is {info.st_size / 1048576:.1f} MB, over the {self.max_mb:g} MB limit "
                "(raise it with --max-file-mb or [ingest] max_file_mb)",
                size=info.st_size,
            )
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._quarantine(path, QuarantineReason.UNREADABLE, f"cannot read: {exc.strerror}")
            return
        self.ingest_bytes(path, data)

    def ingest_bytes(self, path: Path, data: bytes) -> None:
        sha = sha256_hex(data)
        size = len(data)
        if not data.strip(b" \t\r\n\x0b\x0c\xef\xbb\xbf"):
            self._quarantine(
                path,
                QuarantineReason.EMPTY,
                "empty file" if not data else "file holds only whitespace",
                size=size,
            )
            return
        if (known := self.store.document_id_by_sha(sha)) is not None:
            self._known(path, known, self.witness)
            return
        kind = binary_kind(data)
        if kind is not None:
            self._quarantine(
                path, QuarantineReason.BINARY, f"not a text report: {kind}", data=data, sha=sha, size=size
            )
            return
        fmt = detect_format(path, data)
        if fmt == "table":
            self._quarantine(
                path,
                QuarantineReason.UNSUPPORTED,
                "a table (CSV/spreadsheet), not a report: ingest reads text, HTML, RSS/Atom and JSON Lines",
                data=data,
                sha=sha,
                size=size,
            )
            return
        if fmt == "unknown-json":
            self._quarantine(
                path,
                QuarantineReason.UNSUPPORTED,
                'a JSON document, not JSON Lines: put one JSON object with a "text" field on each line',
                data=data,
                sha=sha,
                size=size,
            )
            return
        reader = readers.get(fmt)
        ctx = ReadContext(
            path=path, data=data, sha256=sha, source=self.source, title_max_chars=self.title_max_chars
        )
        results = reader.read(ctx)
        blob = Blob(
            sha256=sha, data=data, media_type=reader.media_type, filename=str(path), source=self.source
        )
        items = [r for r in results if isinstance(r, Item)]
        named = [i for i in items if WITNESS_FIELDS & i.meta.keys()]
        if named and not self.sensitive:  # never a witness's name in the clear, not even in quarantine
            self._quarantine(
                path,
                QuarantineReason.UNSUPPORTED,
                f"{named[0].locator or 'the file'} names a witness: ingest it with --sensitive so the name "
                "is encrypted (nothing of this file was stored)",
                size=size,
            )
            return
        known = self.store.known_shas([i.sha256 for i in items])
        stored_before = set(known)
        new = 0
        for result in results:
            problem: tuple[QuarantineReason, str] | None = None
            witness: WitnessInput | None = None
            if isinstance(result, Problem):
                problem = (result.reason, result.message)
            else:
                try:
                    witness = self._witness_of(result)
                except WitnessError as exc:
                    problem = (QuarantineReason.MALFORMED_JSONL, exc.message)
            if problem is not None:
                self._quarantine(
                    path,
                    *problem,
                    data=data,
                    sha=sha,
                    size=size,
                    locator=result.locator,
                    media_type=reader.media_type,
                )
                continue
            assert isinstance(result, Item)
            if result.sha256 in known:
                if self.sensitive and result.sha256 in stored_before:
                    doc_id = self.store.document_id_by_sha(result.sha256)
                    if doc_id is not None and self._known(path, doc_id, witness, result.locator, quiet=True):
                        continue
                if len(items) > 1:
                    continue  # reported once for the whole file below
                self._emit(Outcome("known", str(path), "already ingested", locator=result.locator))
                continue
            known.add(result.sha256)
            doc_id = self.store.add_document(self._document(result, reader.media_type, sha), blob, witness)
            new += 1
            self._emit(Outcome("stored", str(path), "stored", locator=result.locator, document_id=doc_id))
        skipped = len(items) - new - sealed_here(self.summary.outcomes, str(path))
        if len(items) > 1 and skipped > 0:
            self.summary.known += skipped - 1  # _emit below counts one
            what = "all" if not new else f"{skipped} of"
            self._emit(Outcome("known", str(path), f"{what} {len(items)} items already ingested"))

    def _known(
        self,
        path: Path,
        doc_id: str,
        witness: WitnessInput | None,
        locator: str | None = None,
        quiet: bool = False,
    ) -> bool:
        """A stored document met again; with --sensitive, one stored in the clear is sealed in place
        (never the reverse). True when something was done (and reported)."""
        if self.sensitive:
            done = self.store.seal_existing(doc_id, witness)
            if done["sealed"] or done["witness"]:
                what = "stored in the clear before: sealed now" if done["sealed"] else "witness recorded"
                self._emit(Outcome("sealed", str(path), what, locator=locator, document_id=doc_id))
                return True
        if not quiet:
            self._emit(Outcome("known", str(path), "already ingested", locator=locator, document_id=doc_id))
        return False

    def _witness_of(self, item: Item) -> WitnessInput | None:
        """The witness a JSONL line names (``witness``, ``witness_contact``), else the run's; the fields
        are taken out of the document's metadata so they are only ever kept in the witness record."""
        name = item.meta.pop("witness", None)
        contact = item.meta.pop("witness_contact", None)
        if name is None and contact is None:
            return self.witness
        if name is None:
            raise WitnessError(f'{item.locator or "the item"}: "witness_contact" without "witness"')
        return WitnessInput.of(name, contact, where=item.locator or "the item")

    def _document(self, item: Item, media_type: str, blob_sha: str) -> Document:
        # what the metadata does not say, the report's own header may: read only when missing,
        # and noted in meta so a reader can tell given values from ones read off the text
        meta = dict(item.meta or {})
        source = self.source or item.source
        if not source and (outlet := header_outlet(item.text)):
            source, meta["source_from"] = outlet, "text header"
        if not source:
            # named after the installation's default: each such document is a reporter of its own
            source, meta["source_from"] = self.default_source, "default"
        published = item.published
        if not published and (day := header_date(item.text)):
            published, meta["published_from"] = day.isoformat(), "text header"
        return Document(
            sha256=item.sha256,
            blob_sha256=blob_sha,
            media_type=media_type,
            source=source,
            text=item.text,
            locator=item.locator,
            external_id=item.external_id,
            title=item.title,
            url=item.url,
            author=item.author,
            published=published,
            declared_lang=item.declared_lang,
            meta=meta,
            sensitive=self.sensitive,
        )


WITNESS_FIELDS = frozenset(("witness", "witness_contact"))


def sealed_here(outcomes: list[Outcome], path: str) -> int:
    """How many items of this file were sealed in place during this call (they are not 'known')."""
    n = 0
    for o in reversed(outcomes):
        if o.path != path:
            break
        n += o.status == "sealed"
    return n
