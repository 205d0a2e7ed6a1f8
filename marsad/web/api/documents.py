"""Documents (original and cleaned text, near-duplicates) and the reports read from them."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response

from marsad.errors import NotFoundError
from marsad.web import redact
from marsad.web.api import ERRORS, ID_PATTERN
from marsad.web.auth import Permission, User, need
from marsad.web.deps import store_of
from marsad.web.schemas import DocumentDetail, DocumentSummary, ReportOut

router = APIRouter(prefix="/api/v1", tags=["documents"], responses=ERRORS)

DocId = Annotated[
    str, Path(min_length=8, max_length=64, pattern=ID_PATTERN, description="id, prefix or SHA-256")
]
ReportId = Annotated[str, Path(min_length=8, max_length=36, pattern=ID_PATTERN)]


def _summary(doc) -> dict:  # type: ignore[no-untyped-def]
    d = asdict(doc)
    d["lang"] = str(doc.lang) if doc.lang else None
    return d


def _shown(request: Request, d: dict) -> dict:
    """A document as the asking user may see it (a viewer gets a sensitive one without its words, and
    its witness by pseudonym only)."""
    if d.get("sensitive") and not redact.may_read_sensitive(request.state.user):
        return redact.document(d)
    return d


def document_detail(request: Request, ref: str) -> dict:
    store = store_of(request)
    doc = store.get_document(ref)
    reports = store.reports(document_id=doc.id, limit=10_000)
    detail = {**_summary(doc), "near_duplicates": store.near_duplicates_of(doc.id), "reports": reports}
    if doc.sensitive:
        reader = redact.may_read_sensitive(request.state.user)
        witness = store.document_witness(doc.id, identity=reader)
        if witness:
            detail["witness"] = witness["pseudonym"]
            if reader:
                detail.update(witness_name=witness["name"], witness_contact=witness["contact"])
    return _shown(request, detail)


def _reports_shown(request: Request, reports: list[dict]) -> list[dict]:
    if redact.may_read_sensitive(request.state.user):
        return reports
    sensitive = store_of(request).sensitive_document_ids()
    return [redact.report(r) if r.get("document_id") in sensitive else r for r in reports]


@router.get("/documents", response_model=list[DocumentSummary], summary="List documents")
def list_documents(
    request: Request,
    _: Annotated[User, need(Permission.READ)],
    lang: Annotated[Literal["en", "ar", "other"] | None, Query()] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    near_duplicates: Annotated[
        bool | None, Query(description="only (true) or no (false) near-duplicates")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> list[dict]:
    store = store_of(request)
    docs = store.list_documents(
        lang=lang, source_name=source, near_duplicates=near_duplicates, limit=limit, offset=offset
    )
    witnesses = store.witness_pseudonyms(d.id for d in docs if d.sensitive)
    return [_shown(request, {**_summary(d), "witness": witnesses.get(d.id)}) for d in docs]


@router.get("/documents/{document_id}", response_model=DocumentDetail, summary="One document, both texts")
def get_document(request: Request, document_id: DocId, _: Annotated[User, need(Permission.READ)]) -> dict:
    return document_detail(request, document_id)


@router.get(
    "/documents/{document_id}/original",
    summary="The original bytes, as a download",
    response_class=Response,
    responses={
        200: {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}
    },
)
def get_original(
    request: Request, document_id: DocId, user: Annotated[User, need(Permission.READ)]
) -> Response:
    store = store_of(request)
    doc = store.get_document(document_id)
    if doc.sensitive and not redact.may_read_sensitive(user):
        raise HTTPException(403, "a sensitive document: only analysts and admins may read its original")
    blob = store.get_blob(doc.blob_sha256)
    # always a download: an original HTML page must never run in the dashboard's origin
    return Response(
        blob.data,
        media_type="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{doc.blob_sha256[:16]}.bin"'},
    )


@router.get("/reports", response_model=list[ReportOut], summary="List extracted reports")
def list_reports(
    request: Request,
    _: Annotated[User, need(Permission.READ)],
    document_id: Annotated[str | None, Query(max_length=36)] = None,
    event_type: Annotated[str | None, Query(max_length=200)] = None,
    admin1: Annotated[str | None, Query(max_length=200)] = None,
    tally: Annotated[
        bool | None, Query(description="only tallies (true) or only incident reports (false)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> list[dict]:
    found = store_of(request).reports(
        document_id=document_id,
        event_type=event_type,
        admin1=admin1,
        tallies=tally,
        limit=limit,
        offset=offset,
    )
    return _reports_shown(request, found)


@router.get("/reports/{report_id}", response_model=ReportOut, summary="One report")
def get_report(request: Request, report_id: ReportId, _: Annotated[User, need(Permission.READ)]) -> dict:
    found = store_of(request).report(report_id)
    if found is None:
        raise NotFoundError(f"no report {report_id!r}")
    return _reports_shown(request, [found])[0]
