"""Query parameters read by hand: the incident filters, and the list's sort and page.

FastAPI solves each declared query parameter through pydantic, field by field; for the 15 parameters
of the incident list that cost more server CPU than running the page's SQL. These parameters are
plain (strings, whole numbers, days, a choice), so each is declared once here as a ``QueryParam``
that both checks a request's value (a 422 naming the field, in FastAPI's shape) and describes itself
in the OpenAPI schema (``openapi_extra``), so the docs and schemathesis still see every parameter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import Request
from fastapi.exceptions import RequestValidationError

from marsad.store.web_queries import SORT_KEYS, IncidentFilter

Kind = Literal["str", "int", "date", "choice"]
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INT = re.compile(r"[+-]?[0-9]+")
MAX_TEXT = 200
STATUSES = ("machine", "confirmed", "rejected", "merged")
SORTS = tuple(k for key in SORT_KEYS for k in (key, f"-{key}"))


@dataclass(frozen=True, slots=True)
class QueryParam:
    """One optional query parameter: how it is checked and how the OpenAPI schema shows it."""

    name: str
    kind: Kind
    description: str | None = None
    default: Any = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = MAX_TEXT

    def parse(self, raw: str) -> Any:
        """The value, or ``ValueError`` with pydantic's wording (the field name is added by the caller)."""
        if self.kind == "str":
            if len(raw) > self.max_length:
                raise ValueError(f"String should have at most {self.max_length} characters")
            return raw
        if self.kind == "choice":
            if raw not in self.choices:
                quoted = [f"'{c}'" for c in self.choices]
                raise ValueError(f"Input should be {', '.join(quoted[:-1])} or {quoted[-1]}")
            return raw
        if self.kind == "date":
            try:
                if _DAY.fullmatch(raw):
                    return dt.date.fromisoformat(raw)
            except ValueError:
                pass
            raise ValueError("Input should be a valid date in the format YYYY-MM-DD")
        text = raw.strip()
        if not _INT.fullmatch(text):
            raise ValueError("Input should be a valid integer, unable to parse string as an integer")
        # a number too long to be in range is out of range (and never fed to int(): no 4,300-digit parse)
        value = int(text) if len(text) <= 20 else (-1 if text[0] == "-" else 1) * 10**21
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"Input should be greater than or equal to {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"Input should be less than or equal to {self.maximum}")
        return value

    def openapi(self) -> dict[str, Any]:
        """The parameter as FastAPI would have documented it."""
        if self.kind == "str":
            schema: dict[str, Any] = {"type": "string", "maxLength": self.max_length}
        elif self.kind == "choice":
            schema = {"type": "string", "enum": list(self.choices)}
        elif self.kind == "date":
            schema = {"type": "string", "format": "date"}
        else:
            schema = {"type": "integer"}
            if self.minimum is not None:
                schema["minimum"] = self.minimum
            if self.maximum is not None:
                schema["maximum"] = self.maximum
        if self.default is None:
            schema = {"anyOf": [schema, {"type": "null"}]}
        else:
            schema["default"] = self.default
        schema["title"] = self.name.replace("_", " ").title()
        out: dict[str, Any] = {"name": self.name, "in": "query", "required": False, "schema": schema}
        if self.description:
            schema["description"] = out["description"] = self.description
        return out


FILTER_PARAMS = (
    QueryParam("date_from", "date", "incidents on or after this day"),
    QueryParam("date_to", "date", "incidents on or before this day"),
    QueryParam("admin1", "str", "governorate (English name)"),
    QueryParam("admin2", "str", "district"),
    QueryParam("location", "str", "place name as shown"),
    QueryParam("event_type", "str"),
    QueryParam("sub_event_type", "str"),
    QueryParam("community", "str", "victim community as sources name it"),
    QueryParam("source", "str", "a source among the incident's sources"),
    QueryParam("status", "choice", choices=STATUSES),
    QueryParam("min_fatalities", "int", minimum=0, maximum=10**9),
    QueryParam("q", "str", "free text in any field or evidence"),
)
PAGE_PARAMS = (
    QueryParam("sort", "choice", "field; a leading '-' sorts descending", default="date", choices=SORTS),
    QueryParam("limit", "int", default=50, minimum=1, maximum=500),
    QueryParam("offset", "int", default=0, minimum=0, maximum=10**9),
)
_TEXT_FILTERS = tuple(p.name for p in FILTER_PARAMS if p.kind == "str")


def read_params(request: Request, params: tuple[QueryParam, ...]) -> dict[str, Any]:
    """Each parameter's value (its default when absent; the last one when repeated, as FastAPI does);
    every bad one is reported at once in a 422, each naming its field."""
    query = request.query_params
    values: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    for p in params:
        raw = query.get(p.name)
        if raw is None:
            values[p.name] = p.default
            continue
        try:
            values[p.name] = p.parse(raw)
        except ValueError as exc:
            errors.append({"loc": ("query", p.name), "msg": str(exc), "type": "value_error", "input": raw})
    if errors:
        raise RequestValidationError(errors)
    return values


def openapi_parameters(*groups: tuple[QueryParam, ...]) -> dict[str, Any]:
    """``openapi_extra`` for a route that reads these parameters by hand."""
    return {"parameters": [p.openapi() for group in groups for p in group]}


def filter_from(values: dict[str, Any]) -> IncidentFilter:
    """The incident filter; blank text means no filter (HTML forms send every field)."""
    text = {n: (values[n].strip() or None) if values[n] else None for n in _TEXT_FILTERS}
    return IncidentFilter(
        date_from=values["date_from"],
        date_to=values["date_to"],
        status=values["status"],
        min_fatalities=values["min_fatalities"],
        **text,
    )


async def incident_filter(request: Request) -> IncidentFilter:
    """The incident filters of a request (a dependency; declare ``FILTER_OPENAPI`` on the route).
    ``async`` so FastAPI runs it on the event loop, not in a worker thread: it only reads the query."""
    return filter_from(read_params(request, FILTER_PARAMS))


@dataclass(frozen=True, slots=True)
class ListQuery:
    """What the incident list was asked for: the filters, the order and the page."""

    filter: IncidentFilter
    sort: str
    limit: int
    offset: int


async def list_query(request: Request) -> ListQuery:
    """The incident list's parameters (a dependency; declare ``LIST_OPENAPI`` on the route)."""
    values = read_params(request, PAGE_PARAMS + FILTER_PARAMS)
    return ListQuery(filter_from(values), values["sort"], values["limit"], values["offset"])


FILTER_OPENAPI = openapi_parameters(FILTER_PARAMS)
LIST_OPENAPI = openapi_parameters(PAGE_PARAMS, FILTER_PARAMS)
