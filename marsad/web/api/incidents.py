"""Incidents: filtered, sorted pages; one incident with every claim; review decisions."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from marsad.errors import NotFoundError, UsageError
from marsad.web import redact
from marsad.web.api import ERRORS, ID_PATTERN, INVALID, validation_error
from marsad.web.auth import Permission, User, need
from marsad.web.deps import acting, cache_of, json_adapter, store_of
from marsad.web.query import LIST_OPENAPI, ListQuery, list_query
from marsad.web.schemas import EditIn, IncidentDetail, IncidentPage, MergeIn, NoteIn, SplitIn, SplitResult

router = APIRouter(prefix="/api/v1/incidents", tags=["incidents"], responses=ERRORS)

IncidentId = Annotated[str, Path(min_length=8, max_length=36, pattern=ID_PATTERN, description="id or prefix")]


@router.get(
    "", response_model=IncidentPage, summary="List incidents", responses=INVALID, openapi_extra=LIST_OPENAPI
)
def list_incidents(
    request: Request,
    query: Annotated[ListQuery, Depends(list_query)],
    _: Annotated[User, need(Permission.READ)],
) -> Any:
    f, sort, limit, offset = query.filter, query.sort, query.limit, query.offset

    def page() -> bytes:
        # the stored JSON of each incident goes into the page as text, and the page is checked against
        # the declared schema (which also drops what it does not declare, like claims) and encoded by
        # pydantic-core in one pass: no per-incident decoding in Python
        items, total = store_of(request).incident_page_json(
            f, sort=sort.lstrip("-"), descending=sort.startswith("-"), limit=limit, offset=offset
        )
        head = {"total": total, "limit": limit, "offset": offset, "sort": sort}
        text = json.dumps(head)[:-1] + ',"items":[' + ",".join(items) + "]}"
        adapter = json_adapter(IncidentPage)
        return adapter.dump_json(adapter.validate_json(text))  # type: ignore[no-any-return]

    if request.app.state.page_cache:  # the same bytes until anything in the store changes
        key = ("incidents", tuple(sorted(f.as_dict().items())), sort, limit, offset)
        return Response(cache_of(request).get(store_of(request), key, page), media_type="application/json")
    return Response(page(), media_type="application/json")


def _get(request: Request, ref: str) -> dict:
    store = store_of(request)
    found = store.incident(ref)
    if found is None:
        raise NotFoundError(f"no incident {ref!r}")
    if not redact.may_read_sensitive(request.state.user):
        return redact.incident(found, store.sensitive_document_ids())
    return found


@router.get("/{incident_id}", response_model=IncidentDetail, summary="One incident with every source's claim")
def get_incident(
    request: Request, incident_id: IncidentId, _: Annotated[User, need(Permission.READ)]
) -> dict:
    return _get(request, incident_id)


@router.post("/{incident_id}/confirm", response_model=IncidentDetail, summary="Mark as checked by a person")
def confirm(
    request: Request,
    incident_id: IncidentId,
    user: Annotated[User, need(Permission.REVIEW)],
    body: NoteIn | None = None,
) -> dict:
    from marsad.resolve import review

    review.confirm(acting(request, user), incident_id, body.note if body else None)
    return _get(request, incident_id)


@router.post("/{incident_id}/reject", response_model=IncidentDetail, summary="Mark as not an event")
def reject(
    request: Request,
    incident_id: IncidentId,
    user: Annotated[User, need(Permission.REVIEW)],
    body: NoteIn | None = None,
) -> dict:
    from marsad.resolve import review

    review.reject(acting(request, user), incident_id, body.note if body else None)
    return _get(request, incident_id)


@router.post("/{incident_id}/edit", response_model=IncidentDetail, summary="Correct a field")
def edit(
    request: Request, incident_id: IncidentId, body: EditIn, user: Annotated[User, need(Permission.REVIEW)]
) -> dict:
    from marsad.resolve import review

    try:
        review.edit(acting(request, user), incident_id, body.field, body.value, body.note)
    except UsageError as exc:
        raise validation_error("value", exc.message) from None
    return _get(request, incident_id)


@router.post(
    "/{incident_id}/merge", response_model=IncidentDetail, summary="Merge another incident into this"
)
def merge(
    request: Request, incident_id: IncidentId, body: MergeIn, user: Annotated[User, need(Permission.REVIEW)]
) -> dict:
    from marsad.resolve import review

    try:
        review.merge(acting(request, user), incident_id, body.other, body.note)
    except UsageError as exc:
        raise validation_error("other", exc.message) from None
    return _get(request, incident_id)


@router.post(
    "/{incident_id}/split", response_model=SplitResult, summary="Take a report out into a new incident"
)
def split(
    request: Request, incident_id: IncidentId, body: SplitIn, user: Annotated[User, need(Permission.REVIEW)]
) -> dict:
    from marsad.resolve import review

    try:
        new = review.split(acting(request, user), incident_id, body.report_id, body.note)
    except UsageError as exc:
        raise validation_error("report_id", exc.message) from None
    return {"incident": _get(request, incident_id), "new_incident": _get(request, new)}
