"""Read queries the dashboard and API need beyond the stages' own: filtered, sorted, counted pages of
incidents, statistics, map points and boundaries. Mixed into ``Store``.

Filters and sorting apply to the *displayed* value: where a person edited a field (an override), the
edit counts, not the machine value. Overrides are rare, so the edited value is only looked up (a
correlated subquery) for fields that have any edit at all; other queries use the plain indexed columns.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, fields
from json.encoder import encode_basestring as _quote  # type: ignore[attr-defined]
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Text,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    select,
    type_coerce,
)

from marsad.store.base import StoreParts
from marsad.store.incidents import _apply
from marsad.store.schema import audit_log, boundary, document, incident, override, place

SORT_KEYS = ("date", "fatalities", "admin1", "event_type", "location", "updated")
GROUPINGS = ("day", "week", "month", "admin1", "community", "event_type")
# incidents a person set aside do not count in statistics, the map or the timeline
NOT_COUNTED = ("rejected", "merged")
NOT_STATED = None
# statements run on every request, built once (SQLAlchemy then also keeps their cache keys)
_VERSION = select(func.coalesce(func.max(audit_log.c.id), 0))
_EDITED = select(override.c.field).where(override.c.action == "edit").distinct()
_DECIDED = select(override.c.incident_id).distinct()
# text filters on indexed columns: matched against the stored spellings (see ``_spellings``)
_NAMED = (
    ("admin1", incident.c.admin1),
    ("event_type", incident.c.event_type),
    ("sub_event_type", incident.c.sub_event_type),
    ("location", incident.c.location),
)


@dataclass(slots=True, kw_only=True)
class IncidentFilter:
    """What a user can narrow incidents by; every field optional, all given fields must hold."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    community: str | None = None
    source: str | None = None
    status: str | None = None
    min_fatalities: int | None = None
    q: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class WebQueryStore(StoreParts):
    """Methods of ``Store`` for ``marsad/web``."""

    # -- building blocks ---------------------------------------------------------------------

    def _dialect(self) -> str:
        return self.engine.dialect.name  # type: ignore[attr-defined]

    def _json_scalar(self, expr: Any) -> ColumnElement[Any]:
        """A JSON value as plain SQL text/number (SQLite json_extract, PostgreSQL #>>)."""
        if self._dialect() == "sqlite":
            return func.json_extract(expr, "$")
        return expr.op("#>>")(literal("{}"))

    def _data_field(self, name: str) -> ColumnElement[Any]:
        if self._dialect() == "sqlite":
            return func.json_extract(incident.c.data, f"$.{name}")
        return incident.c.data.op("->>")(literal(name))

    def _version(self, conn: Any) -> int:
        """The data version (newest audit id): every change writes an audit entry in its transaction."""
        return self._version_on(conn.connection)

    def _version_on(self, dbapi_conn: Any) -> int:
        """The data version read on a DBAPI connection with the statement compiled once: it is read at
        least twice per request, and SQLAlchemy's execution around it cost three times the query."""
        sql: str | None = self.__dict__.get("_version_sql")
        if sql is None:
            compiled = _VERSION.compile(dialect=self.engine.dialect, compile_kwargs={"literal_binds": True})  # type: ignore[attr-defined]
            sql = self.__dict__["_version_sql"] = str(compiled)
        cur = dbapi_conn.cursor()
        try:
            cur.execute(sql)
            return int(cur.fetchone()[0])
        finally:
            cur.close()

    def _per_version(self, conn: Any, name: str, compute: Any, version: int | None = None) -> Any:
        """A small derived value (which fields have edits, which incidents have decisions…) computed
        once per data version: correct after any change, and one cheap query on every other call."""
        version = self._version(conn) if version is None else version
        cache: dict[str, tuple[int, Any]] = self.__dict__.setdefault("_web_per_version", {})
        hit = cache.get(name)
        if hit is None or hit[0] != version:
            hit = cache[name] = (version, compute())
        return hit[1]

    def _edited_fields(self, conn: Any, version: int | None = None) -> set[str]:
        return self._per_version(  # type: ignore[no-any-return]
            conn, "edited", lambda: frozenset(r.field for r in conn.execute(_EDITED) if r.field), version
        )

    def _decided_ids(self, conn: Any, version: int) -> frozenset[str]:
        """Incidents with any human decision: only their overrides are looked up for a page."""
        return self._per_version(  # type: ignore[no-any-return]
            conn, "decided", lambda: frozenset(r[0] for r in conn.execute(_DECIDED)), version
        )

    def _shown(self, name: str, machine: Any, edited: set[str]) -> Any:
        """The displayed value of a field: the latest edit when there is one, else the machine value."""
        if name not in edited:
            return machine
        cond = and_(
            override.c.incident_id == incident.c.id, override.c.action == "edit", override.c.field == name
        )
        latest = (
            select(self._json_scalar(override.c.value))
            .where(cond)
            .order_by(override.c.at.desc(), override.c.id.desc())
            .limit(1)
            .scalar_subquery()
            .correlate(incident)
        )
        # correlated explicitly: inside json_each (list filters, statistics per community) SQLAlchemy
        # would otherwise read every incident's edits, not this incident's
        return case((exists().where(cond).correlate(incident), latest), else_=machine)

    def _shown_list(self, name: str, edited: set[str]) -> Any:
        """A list field (JSON text) as displayed."""
        machine = (
            func.json_extract(incident.c.data, f"$.{name}")
            if self._dialect() == "sqlite"
            else incident.c.data.op("->")(literal(name))
        )
        if name not in edited:
            return machine
        cond = and_(
            override.c.incident_id == incident.c.id, override.c.action == "edit", override.c.field == name
        )
        latest = (
            select(override.c.value)
            .where(cond)
            .order_by(override.c.at.desc(), override.c.id.desc())
            .limit(1)
            .scalar_subquery()
            .correlate(incident)
        )
        # correlated explicitly: inside json_each (list filters, statistics per community) SQLAlchemy
        # would otherwise read every incident's edits, not this incident's
        return case((exists().where(cond).correlate(incident), latest), else_=machine)

    def _list_has(self, list_json: Any, name: str, value: str) -> ColumnElement[bool]:
        """Whether a JSON list holds a value (``_list_value`` of it, bound as ``name``)."""
        if self._dialect() == "sqlite":
            each = func.json_each(list_json).table_valued("value").alias()
            return exists(
                select(literal(1)).select_from(each).where(func.lower(each.c.value) == bindparam(name, value))
            )
        return cast(list_json, Text).like(bindparam(name, value), escape="\\")

    def _list_value(self, value: str) -> str:
        """What ``_list_has`` compares with: the value without regard to case (SQLite); elsewhere a pattern
        matching the JSON text of the list (same rule, without the case folding)."""
        if self._dialect() == "sqlite":
            return value.lower()
        return f"%{_like_escape(json.dumps(value))}%"

    def _spellings(self, conn: Any, column: Any, wanted: str, version: int | None = None) -> list[str]:
        """The stored spellings of ``wanted`` (ignoring case) in a column with few distinct values, so the
        comparison can use the column's index; the distinct values are cached per data version."""
        values = self._per_version(
            conn,
            f"distinct:{column.name}",
            lambda: [r[0] for r in conn.execute(select(column).where(column.is_not(None)).distinct())],
            version,
        )
        return [v for v in values if v.lower() == wanted.lower()]

    def _where(
        self,
        f: IncidentFilter,
        edited: set[str],
        *,
        counted_only: bool = False,
        conn: Any = None,
        version: int | None = None,
    ) -> list[Any]:
        values = self._filter_values(f, edited, conn=conn, version=version)
        return self._conditions(values, edited, counted_only=counted_only)

    def _filter_values(
        self, f: IncidentFilter, edited: set[str], *, conn: Any = None, version: int | None = None
    ) -> dict[str, Any]:
        """What a filter compares with, by bind parameter name. The names (with the edited fields and
        whether only counted incidents are wanted) decide which conditions ``_conditions`` builds; the
        values only fill them in, so a statement built once serves every request with the same names."""
        values: dict[str, Any] = {}
        if f.date_from:
            values["f_date_from"] = f.date_from.isoformat()
        if f.date_to:
            values["f_date_to"] = f.date_to.isoformat()
        for name, column in _NAMED:
            wanted = getattr(f, name)
            if not wanted:
                continue
            if conn is not None and name != "location" and name not in edited:
                values[f"f_{name}_in"] = self._spellings(conn, column, wanted, version)
            else:
                values[f"f_{name}"] = wanted.lower()
        if f.admin2:
            values["f_admin2"] = f.admin2.lower()
        if f.community:
            values["f_community"] = self._list_value(f.community)
        if f.source:
            values["f_source"] = self._list_value(f.source)
        if f.status:
            values["f_status"] = f.status
        if f.min_fatalities is not None:
            values["f_min_fatalities"] = f.min_fatalities
        if f.q:
            # the stored JSON escapes non-ASCII (\\uXXXX): search for the text escaped the same way
            values["f_q"] = f"%{_like_escape(json.dumps(f.q.strip())[1:-1])}%"
        return values

    def _conditions(self, values: dict[str, Any], edited: set[str], *, counted_only: bool) -> list[Any]:
        """The SQL conditions for ``_filter_values``, each value a named bind parameter."""

        def bound(name: str) -> Any:
            return bindparam(name, values[name], expanding=isinstance(values[name], list))

        conds: list[Any] = []
        date = self._shown("date_start", incident.c.date_start, edited)
        if "f_date_from" in values:
            conds.append(date >= bound("f_date_from"))
        if "f_date_to" in values:
            conds.append(date <= bound("f_date_to"))
        for name, column in _NAMED:
            if f"f_{name}_in" in values:
                conds.append(column.in_(bound(f"f_{name}_in")))
            elif f"f_{name}" in values:
                conds.append(func.lower(self._shown(name, column, edited)) == bound(f"f_{name}"))
        if "f_admin2" in values:
            conds.append(func.lower(self._data_field("admin2")) == bound("f_admin2"))
        if "f_community" in values:
            communities = self._shown_list("victim_community", edited)
            conds.append(self._list_has(communities, "f_community", values["f_community"]))
        if "f_source" in values:
            conds.append(self._list_has(self._shown_list("sources", set()), "f_source", values["f_source"]))
        if "f_status" in values:
            conds.append(incident.c.status == bound("f_status"))
        elif counted_only:
            conds.append(incident.c.status.not_in(NOT_COUNTED))
        if "f_min_fatalities" in values:
            conds.append(
                self._shown("fatalities", incident.c.fatalities, edited) >= bound("f_min_fatalities")
            )
        if "f_q" in values:
            conds.append(cast(incident.c.data, Text).ilike(bound("f_q"), escape="\\"))
        return conds

    # -- incidents ---------------------------------------------------------------------------

    def incident_page(
        self,
        f: IncidentFilter,
        *,
        sort: str = "date",
        descending: bool = False,
        limit: int = 50,
        offset: int = 0,
        with_claims: bool = False,
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of incidents as displayed (without their claims unless asked) and how many match."""
        rows, decisions, total = self._page(f, sort, descending, limit, offset, with_claims=with_claims)
        out = []
        for rid, status, stored in rows:
            data = json.loads(stored) if isinstance(stored, str | bytes) else stored
            if not with_claims:
                data.pop("claims", None)
            out.append(_apply({"id": rid, "status": status, **data}, decisions.get(rid, [])))
        return out, total

    def incident_page_json(
        self,
        f: IncidentFilter,
        *,
        sort: str = "date",
        descending: bool = False,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[str], int]:
        """The page ``incident_page`` gives, each incident as a JSON object text, for the API.

        An incident nobody decided on is its stored JSON as it is, with id, status and no decisions
        added (later keys win, as when ``incident_page`` merges them), never decoded in Python; its
        claims are still in it (the API's schema leaves them out). The few with decisions are decoded
        and shown with the edits on top, as ``incident_page`` does."""
        rows, decisions, total = self._page(f, sort, descending, limit, offset, with_claims=True)
        out = []
        # rows unpacked as tuples: a Row's attribute (``r.data``) costs about a microsecond, and a page
        # of 50 read them 250 times
        for rid, status, data in rows:
            if rid in decisions or not isinstance(data, str) or data[:2] != '{"' or data[-1:] != "}":
                data = json.loads(data) if isinstance(data, str | bytes) else data
                data.pop("claims", None)
                shown = _apply({"id": rid, "status": status, **data}, decisions.get(rid, []))
                out.append(json.dumps(shown, ensure_ascii=False))
            else:
                out.append(f'{{"id":{_quote(rid)},"status":{_quote(status)},{data[1:-1]},"overrides":[]}}')
        return out, total

    def _page(
        self, f: IncidentFilter, sort: str, descending: bool, limit: int, offset: int, *, with_claims: bool
    ) -> tuple[list[Any], dict[str, list[dict[str, Any]]], int]:
        """A page's rows (id, status, data as stored), the decisions on them, and how many match."""
        if sort not in SORT_KEYS:
            raise ValueError(f"sort must be one of {SORT_KEYS}")
        with self._tx() as conn:
            version = self._version(conn)
            edited = self._edited_fields(conn, version)
            values = self._filter_values(f, edited, conn=conn, version=version)
            # the statements are built once per shape (sort, which filters, which fields have edits)
            # and executed with this request's values: building them costs more than running them
            shape = (sort, descending, with_claims, frozenset(edited), tuple(sorted(values)))
            statements: dict[Any, tuple[Any, Any]] = self.__dict__.setdefault("_page_sql", {})
            built = statements.get(shape)
            if built is None:
                if len(statements) > 500:
                    statements.clear()
                built = self._page_statements(values, edited, sort, descending, with_claims)
                statements[shape] = built
            page_q, count_q = built
            rows = self._fetch(conn, page_q, {**values, "page_limit": limit, "page_offset": offset})
            total = self._count(conn, f, count_q, values, version)
            decided = self._decided_ids(conn, version)
            ids = [row[0] for row in rows if row[0] in decided]
            decisions = self._overrides(conn, ids) if ids else {}  # type: ignore[attr-defined]
        return rows, decisions, total

    def _fetch(self, conn: Any, compiled: Any, values: dict[str, Any]) -> list[tuple[Any, ...]]:
        """Rows of a statement compiled once, run on the connection's DBAPI cursor: for a page of 50,
        SQLAlchemy's execution and result objects cost more than SQLite's work. IN lists are expanded
        by SQLAlchemy's own ``construct_expanded_state``, and type processors applied, as it would."""
        state = compiled.construct_expanded_state(values)
        params = state.parameters
        for name, process in state.processors.items():
            if name in params and process is not None:
                params[name] = process(params[name])
        args = tuple(params[k] for k in state.positiontup) if compiled.positional else params
        cur = conn.connection.cursor()
        try:
            cur.execute(state.statement, args)
            return list(cur.fetchall())
        finally:
            cur.close()

    def _page_statements(
        self, values: dict[str, Any], edited: set[str], sort: str, descending: bool, with_claims: bool
    ) -> tuple[Any, Any]:
        """The statements for a page of incidents and for how many match, with bind parameters for the
        filter values (``_filter_values``) and for ``page_limit`` and ``page_offset``."""
        conds = self._conditions(values, edited, counted_only=False)
        key = {
            "date": self._shown("date_start", incident.c.date_start, edited),
            "fatalities": self._shown("fatalities", incident.c.fatalities, edited),
            "admin1": self._shown("admin1", incident.c.admin1, edited),
            "event_type": self._shown("event_type", incident.c.event_type, edited),
            "location": self._shown("location", incident.c.location, edited),
            "updated": incident.c.updated_at,
        }[sort]
        # the page's ids first, from an index where there is one (date, fatalities, updated: see
        # migration 0009), then only those rows' data: skipped rows (offset) are never read
        direction = (lambda c: c.desc()) if descending else (lambda c: c.asc())
        page = (
            select(incident.c.id.label("pid"), key.label("k"))
            .where(*conds)
            .order_by(direction(key), direction(incident.c.id))
            .limit(bindparam("page_limit", type_=Integer))
            .offset(bindparam("page_offset", type_=Integer))
            .subquery()
        )
        # the data as stored (text on SQLite); a list without claims (long evidence texts) has
        # SQLite drop them before Python sees them
        body: Any = type_coerce(incident.c.data, Text)
        if self._dialect() == "sqlite" and not with_claims:
            body = func.json_remove(incident.c.data, "$.claims")
        page_q = (
            select(incident.c.id, incident.c.status, body.label("data"))
            .join(page, page.c.pid == incident.c.id)
            .order_by(direction(page.c.k), direction(page.c.pid))
        )
        count_q = select(func.count()).select_from(incident).where(*conds)
        return page_q.compile(dialect=self.engine.dialect), count_q  # type: ignore[attr-defined]

    def _count(self, conn: Any, f: IncidentFilter, count_q: Any, values: dict[str, Any], version: int) -> int:
        """How many incidents match; the same on every page, so kept per filter and data version."""
        cache: dict[Any, tuple[int, int]] = self.__dict__.setdefault("_counts", {})
        key = tuple(sorted(f.as_dict().items()))
        hit = cache.get(key)
        if hit is None or hit[0] != version:
            if len(cache) > 1000:
                cache.clear()
            hit = cache[key] = (version, conn.execute(count_q, values).scalar_one())
        return hit[1]

    def incident_ids(self, f: IncidentFilter, limit: int) -> list[str]:
        """Ids of matching incidents by date, for exports (which need every field and claim)."""
        with self._tx() as conn:
            conds = self._where(f, self._edited_fields(conn), conn=conn)
            q = (
                select(incident.c.id)
                .where(*conds)
                .order_by(incident.c.date_start, incident.c.id)
                .limit(limit)
            )
            return [r.id for r in conn.execute(q)]

    def incident_stats(self, f: IncidentFilter, by: str) -> list[dict[str, Any]]:
        """Incidents and fatalities per day, ISO week (its Monday), month, governorate, community or type.

        Rejected and merged incidents are left out unless a status filter asks for them."""
        if by not in GROUPINGS:
            raise ValueError(f"by must be one of {GROUPINGS}")
        with self._tx() as conn:
            edited = self._edited_fields(conn)
            conds = self._where(f, edited, counted_only=True, conn=conn)
            date = self._shown("date_start", incident.c.date_start, edited)
            deaths = self._shown("fatalities", incident.c.fatalities, edited)
            sqlite = self._dialect() == "sqlite"
            if by == "community":
                return self._community_stats(conn, conds, deaths, edited)
            if by == "day":
                key: Any = date
            elif by == "week":
                key = (
                    func.date(date, "-6 days", "weekday 1")
                    if sqlite
                    else func.to_char(func.date_trunc("week", cast(date, Date)), "YYYY-MM-DD")
                )
            elif by == "month":
                key = func.substr(date, 1, 7)
            elif by == "admin1":
                key = self._shown("admin1", incident.c.admin1, edited)
            else:
                key = self._shown("event_type", incident.c.event_type, edited)
            k = key.label("key")
            q = (
                select(k, func.count().label("n"), func.coalesce(func.sum(deaths), 0).label("dead"))
                .where(*conds)
                .group_by(k)
                .order_by(k)
            )
            return [{"key": r.key, "incidents": r.n, "fatalities": int(r.dead)} for r in conn.execute(q)]

    def _community_stats(
        self, conn: Any, conds: list[Any], deaths: Any, edited: set[str]
    ) -> list[dict[str, Any]]:
        """Per victim community as the sources named it; incidents naming none are counted as not stated.
        An incident naming two communities counts once in each."""
        communities = self._shown_list("victim_community", edited)
        groups: dict[str | None, list[int]] = {}
        if self._dialect() == "sqlite":
            each = func.json_each(communities).table_valued("value").alias()
            named = (
                select(
                    each.c.value.label("c"),
                    func.count().label("n"),
                    func.coalesce(func.sum(deaths), 0).label("d"),
                )
                .select_from(incident)
                .join(each, literal(True))
                .where(*conds)
                .group_by(each.c.value)
            )
            for r in conn.execute(named):
                groups[r.c] = [r.n, int(r.d)]
            none = select(func.count(), func.coalesce(func.sum(deaths), 0)).where(
                *conds, func.coalesce(func.json_array_length(communities), 0) == 0
            )
            n, d = conn.execute(none).one()
            if n:
                groups[NOT_STATED] = [n, int(d)]
        else:
            q = select(communities.label("c"), deaths.label("dead")).where(*conds)
            for r in conn.execute(q):
                names = r.c if isinstance(r.c, list) else json.loads(r.c) if r.c else []
                for name in names or [NOT_STATED]:
                    g = groups.setdefault(name, [0, 0])
                    g[0] += 1
                    g[1] += int(r.dead or 0)
        order = sorted(groups, key=lambda n: (n is None, n or ""))
        return [{"key": n, "incidents": groups[n][0], "fatalities": groups[n][1]} for n in order]

    def map_points(self, f: IncidentFilter) -> list[dict[str, Any]]:
        """Incidents grouped by coordinates and type: one marker per place and type, so the map stays
        fast with 100,000 incidents (most share the coordinates of a town)."""
        with self._tx() as conn:
            edited = self._edited_fields(conn)
            conds = self._where(f, edited, counted_only=True, conn=conn)
            lat = self._data_field("latitude").label("lat")
            lon = self._data_field("longitude").label("lon")
            etype = self._shown("event_type", incident.c.event_type, edited).label("etype")
            deaths = self._shown("fatalities", incident.c.fatalities, edited)
            loc = func.min(self._shown("location", incident.c.location, edited)).label("loc")
            q = (
                select(
                    lat,
                    lon,
                    etype,
                    loc,
                    func.count().label("n"),
                    func.coalesce(func.sum(deaths), 0).label("dead"),
                    func.min(incident.c.id).label("first_id"),
                )
                .where(*conds, lat.is_not(None), lon.is_not(None))
                .group_by(lat, lon, etype)
            )
            return [
                {
                    "latitude": float(r.lat),
                    "longitude": float(r.lon),
                    "event_type": r.etype,
                    "location": r.loc,
                    "incidents": r.n,
                    "fatalities": int(r.dead),
                    "incident_id": r.first_id if r.n == 1 else None,
                }
                for r in conn.execute(q)
            ]

    def filter_choices(self) -> dict[str, list[str]]:
        """Values present in the data, for the filter form's drop-down lists."""
        with self._tx() as conn:

            def distinct(col: Any) -> list[str]:
                return [
                    r[0] for r in conn.execute(select(col).where(col.is_not(None)).distinct().order_by(col))
                ]

            return {
                "admin1": distinct(incident.c.admin1),
                "event_type": distinct(incident.c.event_type),
                "sub_event_type": distinct(incident.c.sub_event_type),
                "status": distinct(incident.c.status),
            }

    # -- places ------------------------------------------------------------------------------

    def boundary_features(self) -> list[dict[str, Any]]:
        """Imported admin boundaries as GeoJSON features named after their place."""
        q = select(
            boundary.c.place_id,
            boundary.c.geojson,
            place.c.name,
            place.c.name_ar,
            place.c.feature_type,
            place.c.pcode,
        ).join(place, place.c.id == boundary.c.place_id)
        with self._tx() as conn:
            return [
                {
                    "type": "Feature",
                    "id": r.place_id,
                    "geometry": r.geojson,
                    "properties": {
                        "name": r.name,
                        "name_ar": r.name_ar,
                        "feature_type": r.feature_type,
                        "pcode": r.pcode,
                    },
                }
                for r in conn.execute(q)
            ]

    # -- sensitive documents ------------------------------------------------------------------

    def sensitive_document_ids(self) -> frozenset[str]:
        """Ids of sensitive documents (testimonies), whose words only analysts and admins may read; few,
        and kept per data version so every answer can be checked against them cheaply."""
        q = select(document.c.id).where(document.c.sensitive.is_(True))
        with self._tx() as conn:
            return self._per_version(  # type: ignore[no-any-return]
                conn, "sensitive", lambda: frozenset(r[0] for r in conn.execute(q))
            )

    # -- caching -------------------------------------------------------------------------------

    def data_version(self) -> int:
        """Changes whenever anything is stored: every change writes an audit entry in its transaction,
        so the newest audit id is a cheap key for caches of derived figures.

        Read on a pooled DBAPI connection without a SQLAlchemy transaction around it (a quarter of the
        cost): every request reads it once to check its token or session, and it is one statement."""
        raw = self.engine.raw_connection()  # type: ignore[attr-defined]
        try:
            return self._version_on(raw)
        finally:
            raw.close()
