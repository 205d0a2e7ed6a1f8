"""The incident list as the API answers it, without the page cache: each incident's stored JSON goes into
the page as text, and the statements are built once per kind of filter and reused with new values. It
must equal, item for item, the list as the store decodes it; pages in every sort must add up to the
whole list in that order; and both must follow people's edits (which change the statements' shape)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import TypeAdapter

from marsad.store.web_queries import SORT_KEYS, IncidentFilter
from marsad.web.schemas import IncidentPage
from tests.web.conftest import Server

PAGE = TypeAdapter(IncidentPage)
# each kind of filter, and the same kinds again with other values (the statements are reused)
FILTERS: list[dict[str, Any]] = [
    {},
    {"admin1": "Hama"},
    {"admin1": "homs"},
    {"admin1": "Nowhere"},
    {"admin2": "homs"},
    {"location": "tafas"},
    {"event_type": "Explosions/Remote violence"},
    {"sub_event_type": "Attack"},
    {"community": "alawite"},
    {"source": "Hawran Herald"},
    {"source": "Orontes Wire"},
    {"status": "machine"},
    {"min_fatalities": 3},
    {"min_fatalities": 1},
    {"date_from": "2025-06-01", "date_to": "2025-08-31"},
    {"date_from": "2025-05-01", "date_to": "2025-06-30"},
    {"q": "minibus"},
    {"q": "الزهراء"},
    {"admin1": "Hama", "min_fatalities": 1, "q": "a"},
]


def _filter(params: dict[str, Any]) -> IncidentFilter:
    dates = {k: dt.date.fromisoformat(v) for k, v in params.items() if k.startswith("date_")}
    return IncidentFilter(**{**params, **dates})


def _decoded(srv: Server, params: dict[str, Any], sort: str, limit: int, offset: int) -> dict[str, Any]:
    """The page the store decodes in Python (``incident_page``), as the API's schema renders it."""
    items, total = srv.store.incident_page(
        _filter(params), sort=sort.lstrip("-"), descending=sort.startswith("-"), limit=limit, offset=offset
    )
    page = {"total": total, "limit": limit, "offset": offset, "sort": sort, "items": items}
    return PAGE.dump_python(PAGE.validate_python(page), mode="json")  # type: ignore[no-any-return]


def _check_every_path(srv: Server, c: Any) -> None:
    """Every sort (with pages) without a filter; every filter in two of the sorts, in turn."""
    sorts = [s for key in SORT_KEYS for s in (key, f"-{key}")]
    cases = [({}, sort) for sort in sorts]
    cases += [(params, sorts[(n + k) % len(sorts)]) for n, params in enumerate(FILTERS[1:]) for k in (0, 7)]
    for params, sort in cases:
        whole = c.get("/api/v1/incidents", params={**params, "sort": sort, "limit": 500})
        assert whole.status_code == 200, whole.text
        assert whole.json() == _decoded(srv, params, sort, 500, 0), (params, sort)
        if params:
            continue
        # pages of two, one after the other, are the whole list in the same order
        items = whole.json()["items"]
        paged: list[dict[str, Any]] = []
        for offset in range(0, len(items) + 2, 2):
            page = c.get("/api/v1/incidents", params={"sort": sort, "limit": 2, "offset": offset}).json()
            assert page["total"] == len(items)
            paged += page["items"]
        assert paged == items, sort


def _in_order(items: list[dict[str, Any]], key: str) -> list[str]:
    """Ids sorted as the list sorts: by the displayed value (no value first), ties by id."""
    ordered = sorted(
        items,
        key=lambda i: (i[key] is not None, i[key] or 0 if key == "fatalities" else i[key] or "", i["id"]),
    )
    return [i["id"] for i in ordered]


@pytest.fixture(scope="module")
def srv(start_server: Any) -> Server:
    return start_server(page_cache=False)  # every request runs the query


def test_list_equals_decoded_list_for_every_filter_sort_and_page(srv: Server) -> None:
    with srv.client("viewer") as c:
        _check_every_path(srv, c)


def test_list_follows_edits_in_values_filters_and_order(srv: Server) -> None:
    with srv.client("analyst") as c:
        before = c.get("/api/v1/incidents", params={"limit": 500, "sort": "date"}).json()["items"]
        assert len(before) >= 4
        first, second, third = before[0], before[1], before[2]
        edits = [
            (first["id"], "fatalities", "57"),
            (second["id"], "admin1", "Latakia"),
            (second["id"], "location", "Jableh"),
            (third["id"], "date_start", "2024-01-02"),
            (third["id"], "victim_community", "Druze"),
        ]
        for ref, field, value in edits:
            r = c.post(f"/api/v1/incidents/{ref}/edit", json={"field": field, "value": value})
            assert r.status_code == 200, r.text
        assert c.post(f"/api/v1/incidents/{before[3]['id']}/confirm", json={}).status_code == 200

        after = {i["id"]: i for i in c.get("/api/v1/incidents", params={"limit": 500}).json()["items"]}
        assert after[first["id"]]["fatalities"] == 57
        assert after[first["id"]]["overrides"][-1]["machine_value"] == first["fatalities"]
        assert (after[second["id"]]["admin1"], after[second["id"]]["location"]) == ("Latakia", "Jableh")
        assert after[third["id"]]["date_start"] == "2024-01-02"
        assert after[before[3]["id"]]["status"] == "confirmed"
        untouched = [i for i in before[4:]]
        assert all(after[i["id"]] == i for i in untouched)  # the others are as before, as stored

        # filters and order follow the displayed (edited) values
        latakia = c.get("/api/v1/incidents", params={"admin1": "latakia"}).json()
        assert [i["id"] for i in latakia["items"]] == [second["id"]] and latakia["total"] == 1
        druze = c.get("/api/v1/incidents", params={"community": "Druze"}).json()["items"]
        assert [i["id"] for i in druze] == [third["id"]]
        per_community = c.get("/api/v1/stats", params={"by": "community"}).json()["rows"]
        assert [r["incidents"] for r in per_community if r["key"] == "Druze"] == [1]
        for key in ("date", "fatalities", "admin1", "location", "event_type"):
            field = "date_start" if key == "date" else key
            shown = c.get("/api/v1/incidents", params={"limit": 500, "sort": key}).json()["items"]
            assert [i["id"] for i in shown] == _in_order(list(after.values()), field), key
            desc = c.get("/api/v1/incidents", params={"limit": 500, "sort": f"-{key}"}).json()["items"]
            assert [i["id"] for i in desc] == [i["id"] for i in reversed(shown)], key
        _check_every_path(srv, c)
