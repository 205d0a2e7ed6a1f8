"""Derived figures: statistics, map markers, tallies, places and boundaries (cached until data changes)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from marsad.store.web_queries import GROUPINGS, IncidentFilter
from marsad.web import redact
from marsad.web.api import ERRORS, INVALID
from marsad.web.auth import Permission, User, need
from marsad.web.deps import cached_json, store_of
from marsad.web.query import FILTER_OPENAPI, incident_filter
from marsad.web.schemas import FeatureCollection, MapData, PlaceOut, Stats, TallySeries

router = APIRouter(prefix="/api/v1", tags=["figures"], responses=ERRORS)

Grouping = Literal[GROUPINGS]  # type: ignore[valid-type]


def _key(f: IncidentFilter) -> tuple:
    return tuple(sorted(f.as_dict().items()))


@router.get(
    "/stats",
    response_model=Stats,
    summary="Incidents and fatalities per day, week, month, place…",
    responses=INVALID,
    openapi_extra=FILTER_OPENAPI,
)
def stats(
    request: Request,
    f: Annotated[IncidentFilter, Depends(incident_filter)],
    _: Annotated[User, need(Permission.READ)],
    by: Annotated[
        Grouping, Query(description="how to group; rejected and merged incidents are left out")
    ] = "day",
) -> Any:
    store = store_of(request)
    return cached_json(
        request, ("stats", by, _key(f)), lambda: {"by": by, "rows": store.incident_stats(f, by)}, Stats
    )


@router.get(
    "/map",
    response_model=MapData,
    summary="Map markers: incidents grouped by place and type",
    responses=INVALID,
    openapi_extra=FILTER_OPENAPI,
)
def map_points(
    request: Request,
    f: Annotated[IncidentFilter, Depends(incident_filter)],
    _: Annotated[User, need(Permission.READ)],
) -> Any:
    store = store_of(request)

    def compute() -> dict:
        points = store.map_points(f)
        return {"points": points, "incidents": sum(p["incidents"] for p in points)}

    return cached_json(request, ("map", _key(f)), compute, MapData)


@router.get("/tallies", response_model=list[TallySeries], summary="Cumulative tolls as reported, per scope")
def tallies(
    request: Request,
    _: Annotated[User, need(Permission.READ)],
    admin1: Annotated[str | None, Query(max_length=200)] = None,
) -> Any:
    from marsad.resolve.tallies import tally_series

    store = store_of(request)
    if redact.may_read_sensitive(request.state.user):
        compute = lambda: tally_series(store, admin1 or None)  # noqa: E731
    else:  # viewers: no words quoted from sensitive documents
        compute = lambda: redact.tally_series(  # noqa: E731
            tally_series(store, admin1 or None), store.sensitive_document_ids()
        )
    key = ("tallies", admin1, redact.may_read_sensitive(request.state.user))
    return cached_json(request, key, compute, list[TallySeries])


@router.get("/places", response_model=list[PlaceOut], summary="Gazetteer places")
def places(
    request: Request,
    _: Annotated[User, need(Permission.READ)],
    feature_type: Annotated[str | None, Query(max_length=40)] = None,
    admin1: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> list[dict]:
    rows = store_of(request).places(feature_type=feature_type, admin1=admin1, limit=limit, offset=offset)
    return [{**asdict(p), "feature_type": str(p.feature_type)} for p in rows]


@router.get("/boundaries", response_model=FeatureCollection, summary="Imported admin boundaries as GeoJSON")
def boundaries(request: Request, _: Annotated[User, need(Permission.READ)]) -> Any:
    store = store_of(request)

    def compute() -> dict:
        return {"type": "FeatureCollection", "features": store.boundary_features()}

    return cached_json(request, ("boundaries",), compute, FeatureCollection)
