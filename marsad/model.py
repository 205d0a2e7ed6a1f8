"""The records every stage speaks.

Stages exchange these plain dataclasses, never store rows or each other's internals, so a
stage can be replaced (or a store backend added) without touching its neighbours. Fields
follow ``../shared/DESIGN.md``; later issues extend them, always with defaults so older
callers keep working.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Language(StrEnum):
    """What the cleaner can tell apart without any download."""

    EN = "en"
    AR = "ar"
    OTHER = "other"


class QuarantineReason(StrEnum):
    """Stable codes for why an input was not ingested (used in the store and in ``--json``)."""

    UNREADABLE = "unreadable"
    NOT_A_FILE = "not_a_file"
    TOO_LARGE = "too_large"
    EMPTY = "empty"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    UNSUPPORTED = "unsupported"
    MALFORMED_HTML = "malformed_html"
    MALFORMED_FEED = "malformed_feed"
    MALFORMED_JSONL = "malformed_jsonl"


@dataclass(slots=True, kw_only=True)
class Source:
    """Who published or supplied a document (a newspaper, a monitor, a documenter)."""

    name: str
    id: str | None = None


@dataclass(slots=True, kw_only=True)
class Blob:
    """Original bytes exactly as they arrived; the evidence everything else is derived from."""

    sha256: str
    data: bytes
    media_type: str
    filename: str
    source: str | None = None
    ingested_at: dt.datetime | None = None

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(slots=True, kw_only=True)
class DroppedPart:
    """Text the cleaner removed, kept so a reviewer can see nothing was silently lost."""

    kind: str  # repeated_paragraph | repeated_title | boilerplate
    text: str
    paragraph: int  # index of the paragraph in the extracted text
    duplicate_of: int | None = None  # index of the paragraph it repeats


@dataclass(slots=True, kw_only=True)
class Document:
    """One report as ingested: a file, a feed item or a JSONL record."""

    sha256: str  # of this document's own original bytes (or canonical item form)
    blob_sha256: str  # the file it came from; equals ``sha256`` for single-document files
    media_type: str
    source: str
    text: str  # extracted text before cleaning
    id: str | None = None
    locator: str | None = None  # where in the file: "line 3", "item 2"
    external_id: str | None = None
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as precise as the source
    declared_lang: str | None = None
    ingested_at: dt.datetime | None = None
    sensitive: bool = False
    meta: dict[str, Any] = field(default_factory=dict)
    # set by the clean stage
    lang: Language | None = None
    clean_text: str | None = None
    dropped: list[DroppedPart] = field(default_factory=list)
    near_duplicate_of: str | None = None
    near_duplicate_score: float | None = None
    clean_version: int | None = None


@dataclass(slots=True, kw_only=True)
class QuarantineEntry:
    """An input that was refused, with the reason a person can act on."""

    path: str
    reason: QuarantineReason
    message: str
    sha256: str | None = None
    locator: str | None = None
    size: int | None = None
    id: str | None = None
    at: dt.datetime | None = None


@dataclass(slots=True, kw_only=True)
class Evidence:
    """The character span in a document's cleaned text that a value was read from."""

    document_id: str
    start: int
    end: int
    field: str


class FeatureType(StrEnum):
    """Kinds of places, from the widest to the most precise."""

    GOVERNORATE = "governorate"
    DISTRICT = "district"
    SUBDISTRICT = "subdistrict"
    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"
    NEIGHBOURHOOD = "neighbourhood"
    CAMP = "camp"
    LANDMARK = "landmark"

    @property
    def geo_precision(self) -> int:
        """ACLED's precision code for an event placed here: 1 town or finer, 2 district, 3 governorate."""
        if self is FeatureType.GOVERNORATE:
            return 3
        if self in (FeatureType.DISTRICT, FeatureType.SUBDISTRICT):
            return 2
        return 1


@dataclass(slots=True, kw_only=True)
class Place:
    """A gazetteer entry. ``admin1`` is the English governorate name of the extraction contract."""

    name: str
    feature_type: FeatureType
    source: str
    source_key: str
    id: str | None = None
    name_ar: str | None = None
    variants: list[str] = field(default_factory=list)  # other spellings, Latin and Arabic
    parent_id: str | None = None
    admin1: str | None = None
    admin1_code: str | None = None  # ISO 3166-2
    admin2: str | None = None
    admin3: str | None = None
    pcode: str | None = None  # OCHA P-code
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None
    created_by: str | None = None

    @property
    def all_names(self) -> list[str]:
        return [n for n in (self.name, self.name_ar, *self.variants) if n]


@dataclass(slots=True, kw_only=True)
class Report:
    """One event claim extracted from one document by one extractor version."""

    document_id: str
    extractor: str
    event_type: str
    sub_event_type: str | None = None
    id: str | None = None
    event_date: dt.date | None = None
    time_precision: int | None = None
    place_id: str | None = None
    location: str | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured: int | None = None
    displaced: int | None = None
    abducted: int | None = None
    victim_community: list[str] = field(default_factory=list)
    victim_groups: list[str] = field(default_factory=list)
    actor1: str | None = None
    source_attribution: list[str] = field(default_factory=list)
    is_tally: bool = False
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Incident:
    """A cluster of reports judged to describe one event, with reconciled figures."""

    report_ids: list[str]
    event_type: str
    id: str | None = None
    sub_event_type: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    place_id: str | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    status: str = "machine"  # machine | confirmed | rejected


@dataclass(slots=True, kw_only=True)
class Victim:
    """A person as one source listed them (linkage groups these into persons)."""

    source: str
    full_name: str
    id: str | None = None
    record_id: str | None = None
    sex: str | None = None
    age: int | None = None
    date_of_death: dt.date | None = None
    place_of_death: str | None = None
    status: str | None = None  # civilian | combatant | unknown, as reported
    incident_id: str | None = None


@dataclass(slots=True, kw_only=True)
class AuditEntry:
    """One state change, appended in the same transaction as the change itself."""

    action: str
    subject: str
    actor: str
    details: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    at: dt.datetime | None = None
