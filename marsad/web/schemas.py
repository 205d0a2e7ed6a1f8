"""Response and request bodies of the API. Declared as Pydantic models so the OpenAPI schema says
exactly what each answer holds (and schemathesis can check every answer against it)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from marsad.resolve.review import EDITABLE

Id = str  # UUIDv7 strings


class Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Override(Out):
    action: str
    field: str | None = None
    value: Any = None
    machine_value: Any = None
    note: str | None = None
    actor: str
    at: str | None = None


class IncidentSummary(Out):
    """An incident as displayed: machine values with people's edits on top (both in ``overrides``)."""

    id: Id
    status: str
    event_type: str | None = None
    sub_event_type: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    admin1: str | None = None
    admin1_code: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = Field(None, description="null: the sources give no upper bound")
    injured: int | None = None
    displaced: int | None = None
    victim_community: list[str] | str | None = Field(
        None, description="as the sources name it; never guessed"
    )
    actors: list[str] | str | None = None
    sources: list[str] = []
    attributed_to: list[str] = []
    n_sources: int | None = None
    n_reports: int | None = None
    confidence: float | None = None
    overrides: list[Override] = []


class Claim(Out):
    """What one source's report said, and the words (a span of the document's cleaned text) it came from."""

    report_id: Id
    document_id: Id
    source: str
    published: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    event_date: str | None = None
    admin1: str | None = None
    location: str | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured: int | None = None
    victim_community: list[str] = []
    span: list[int] | None = Field(None, description="[start, end) character offsets in the cleaned text")
    evidence: str | None = None
    document_label: str | None = Field(None, description="pseudonym of a sensitive document (viewers)")
    redacted: bool = Field(False, description="from a sensitive document: its words are withheld")


class IncidentDetail(IncidentSummary):
    claims: list[Claim] = []


class IncidentPage(Out):
    total: int = Field(description="incidents matching the filters, on all pages")
    limit: int
    offset: int
    sort: str
    items: list[IncidentSummary]


class SplitResult(Out):
    incident: IncidentDetail
    new_incident: IncidentDetail


class DocumentSummary(Out):
    id: Id
    sha256: str | None = Field(description="null when withheld (a sensitive document, for viewers)")
    source: str
    media_type: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    ingested_at: dt.datetime | None = None
    lang: str | None = None
    sensitive: bool = False
    near_duplicate_of: Id | None = None
    near_duplicate_score: float | None = None
    redacted: bool = Field(
        False, description="a sensitive document shown to a viewer: a pseudonymous title, no words"
    )
    witness: str | None = Field(
        None, description="pseudonym of the witness who gave a testimony (never the name)"
    )


class DocumentReport(Out):
    id: Id
    event_type: str | None = None
    is_tally: bool = False
    fatalities: int | None = None
    span: list[int] | None = None


class DocumentDetail(DocumentSummary):
    text: str | None = Field(description="text as extracted from the original, before cleaning")
    clean_text: str | None = Field(None, description="the text evidence spans point into")
    dropped: list[dict[str, Any]] = []
    near_duplicates: list[Id] = Field([], description="documents that are near-duplicates of this one")
    reports: list[DocumentReport] = []
    witness_name: str | None = Field(None, description="analysts and admins only, with the data key unlocked")
    witness_contact: str | None = Field(None, description="analysts and admins only")


class ReportOut(Out):
    id: Id
    document_id: Id
    extractor: str
    created_at: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    event_date: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured: int | None = None
    displaced: int | None = None
    victim_community: list[str] = []
    is_tally: bool = False
    span: list[int] | None = None
    evidence: str | None = None
    redacted: bool = Field(False, description="from a sensitive document: its words are withheld")


class TallyPoint(Out):
    reported_on: str | None = None
    period_start: str | None = None
    fatalities: int | None = None
    fatalities_high: int | None = None
    location: str | None = None
    evidence: str | None = None


class TallySeries(Out):
    scope: str
    source: str
    points: list[TallyPoint]
    latest: int | None = None
    documented_in_scope: int
    gap: int | None = None


class PlaceOut(Out):
    id: Id
    name: str
    name_ar: str | None = None
    feature_type: str
    admin1: str | None = None
    admin2: str | None = None
    pcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    source: str
    parent_id: Id | None = None


class FeatureCollection(Out):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[dict[str, Any]]


class StatRow(Out):
    key: str | None = Field(
        description="day, week (its Monday), month, governorate, community or type; "
        "null: not stated by the sources"
    )
    incidents: int
    fatalities: int


class Stats(Out):
    by: str
    rows: list[StatRow]


class MapPoint(Out):
    latitude: float
    longitude: float
    event_type: str | None = None
    location: str | None = None
    incidents: int
    fatalities: int
    incident_id: Id | None = Field(None, description="set when the marker stands for a single incident")


class MapData(Out):
    points: list[MapPoint]
    incidents: int


class UserOut(Out):
    id: Id
    name: str
    role: str
    disabled: bool = False
    created_at: dt.datetime | None = None
    created_by: str | None = None
    two_factor: bool = Field(False, description="logs in with a code from an authenticator app too")


class TokenOut(Out):
    token: str = Field(description="shown once; only its hash is stored")
    user: str
    label: str


class Me(Out):
    name: str
    role: str
    via: str


class SettingOut(Out):
    section: str
    key: str
    value: Any = Field(description="the value in use (passwords in database URLs masked)")
    source: Literal["default", "file", "environment", "command line"]
    environment: str = Field(description="the environment variable that sets it")


# -- request bodies ------------------------------------------------------------------------------

NoteText = Field(None, max_length=2000, description="why (kept with the decision)")


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NoteIn(In):
    note: str | None = NoteText


class EditIn(In):
    field: Literal[EDITABLE]  # type: ignore[valid-type]
    value: str = Field(max_length=500, description="the corrected value ('open' for no upper bound)")
    note: str | None = NoteText


class MergeIn(In):
    other: str = Field(
        min_length=8, max_length=36, pattern=r"^[0-9a-fA-F-]+$", description="incident merged in"
    )
    note: str | None = NoteText


class SplitIn(In):
    report_id: str = Field(min_length=8, max_length=36, pattern=r"^[0-9a-fA-F-]+$")
    note: str | None = NoteText


class UserIn(In):
    name: str = Field(min_length=1, max_length=100, pattern=r"^[\w.@-]+$")
    role: Literal["admin", "analyst", "viewer"]
    password: str = Field(min_length=12, max_length=1000)


class TokenIn(In):
    label: str = Field("api", min_length=1, max_length=100)


class UploadOutcome(Out):
    """What happened to one file, or one item of a feed or JSON Lines file."""

    status: str = Field(description="stored, known (already ingested), sealed, quarantined or warning")
    message: str
    locator: str | None = None
    document_id: str | None = None
    reason: str | None = Field(None, description="why it was quarantined (a stable code)")


class UploadOut(Out):
    """The ingest outcome of an uploaded file: new, already present, or quarantined with the reason."""

    file: str
    sha256: str
    size: int
    sensitive: bool
    status: Literal["stored", "already_ingested", "quarantined"]
    stored: int
    sealed: int = Field(0, description="stored in the clear before, sealed now (uploaded as sensitive)")
    already_ingested: int
    quarantined: int
    outcomes: list[UploadOutcome]
