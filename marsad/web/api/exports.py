"""Exports in the CLI's formats, with the same filters as the incident list; each is audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from marsad.store.web_queries import IncidentFilter
from marsad.web import redact
from marsad.web.api import ERRORS, INVALID
from marsad.web.auth import Permission, User, need
from marsad.web.deps import acting, store_of
from marsad.web.query import FILTER_OPENAPI, incident_filter

router = APIRouter(prefix="/api/v1", tags=["exports"], responses=ERRORS)

MEDIA = {
    "acled-csv": ("text/csv", "csv"),
    "hxl-csv": ("text/csv", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "jsonl": ("application/x-ndjson", "jsonl"),
}
CONTENT = {
    media: {"schema": {"type": "object"} if media.endswith("json") else {"type": "string"}}
    for media, _ in MEDIA.values()
}


def _formats() -> list[str]:
    from marsad.export import exporters

    return list(exporters)


@router.get(
    "/exports/{fmt}",
    summary="Export matching incidents (acled-csv, hxl-csv, geojson, jsonl)",
    response_class=Response,
    responses={200: {"content": CONTENT}, **INVALID},
    openapi_extra=FILTER_OPENAPI,
)
def export(
    request: Request,
    fmt: Annotated[str, Path(pattern="^(" + "|".join(MEDIA) + ")$", description="export format")],
    f: Annotated[IncidentFilter, Depends(incident_filter)],
    user: Annotated[User, need(Permission.READ)],
) -> Response:
    from marsad.export import write_export

    store = store_of(request)
    items, _ = store.incident_page(f, limit=10**9, with_claims=True)
    if not redact.may_read_sensitive(user):  # quotes from testimonies stay out of a viewer's export
        sensitive = store.sensitive_document_ids()
        items = [redact.incident(i, sensitive) for i in items]
    text, n = write_export(fmt, items)
    acting(request, user).record_export(fmt, n, "web")
    media, ext = MEDIA[fmt]
    return Response(
        text.encode("utf-8"),
        media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="marsad-incidents.{ext}"'},
    )
