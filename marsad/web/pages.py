"""Server-rendered pages (Jinja2): no front-end build, small plain scripts for the map and timeline."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from marsad.errors import NotFoundError, UsageError
from marsad.store.web_queries import SORT_KEYS, IncidentFilter
from marsad.web import redact
from marsad.web.api import ID_PATTERN
from marsad.web.auth import (
    CSRF_FIELD,
    SESSION_COOKIE,
    Permission,
    User,
    digest,
    hash_password,
    need,
)
from marsad.web.deps import acting, store_of
from marsad.web.i18n import LANG_COOKIE, LANGS, RTL, pick, translator
from marsad.web.query import incident_filter

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(__import__("pathlib").Path(__file__).parent / "templates"))

PageId = Annotated[str, Path(min_length=8, max_length=64, pattern=ID_PATTERN)]
PAGE_SIZE = 50


def safe_next(target: str | None) -> str:
    """Only paths of this site: never an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/incidents"


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = pick(request.cookies.get(LANG_COOKIE))
    user: User | None = request.state.user
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return templates.TemplateResponse(
        request,
        name,
        {
            "lang": lang,
            "dir": "rtl" if lang in RTL else "ltr",
            "other_lang": next(x for x in LANGS if x != lang),
            "t": translator(lang),
            "user": user,
            "csrf": user.csrf if user else None,
            "can_review": bool(user and user.can(Permission.REVIEW)),
            "is_admin": bool(user and user.can(Permission.ADMIN)),
            "here": here,
            **context,
        },
        status_code=status,
    )


def error_page(request: Request, status: int, detail: str) -> HTMLResponse:
    title = {404: "not_found", 403: "forbidden"}.get(status, "error")
    if not hasattr(request.state, "user"):
        request.state.user = None
    return render(request, "error.html", status=status, title=title, detail=detail, status_code=status)


def highlight(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The text cut into (piece, highlighted) parts; overlapping spans are joined."""
    merged: list[list[int]] = []
    for s, e in sorted((max(0, s), min(len(text), e)) for s, e in spans if s < e):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def _span_ok(text: str | None, claim: dict[str, Any]) -> bool:
    span = claim.get("span")
    if not text or not span or len(span) != 2:
        return False
    s, e = span
    if not (0 <= s < e <= len(text)):
        return False
    # the span is the evidence; the stored quote must lie within it (a check the text was not changed)
    evidence = (claim.get("evidence") or "").strip()
    return not evidence or evidence in text[s:e]


# -- login (the form and its checks are in login.py) ----------------------------------------------


@router.post("/logout")
def logout(request: Request, _: Annotated[User, need(Permission.READ)]) -> Response:
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        store_of(request).end_session(digest(session))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/")
def home(_: Annotated[User, need(Permission.READ)]) -> Response:
    return RedirectResponse("/incidents", status_code=303)


@router.get("/lang/{code}")
def switch_language(
    code: Literal["en", "ar"],
    _: Annotated[User, need(Permission.READ)],
    next: Annotated[str | None, Query(max_length=2000)] = None,
) -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(LANG_COOKIE, code, samesite="lax", max_age=365 * 86400)
    return response


# -- incidents -----------------------------------------------------------------------------------


@router.get("/incidents")
def incidents_page(
    request: Request,
    f: Annotated[IncidentFilter, Depends(incident_filter)],
    _: Annotated[User, need(Permission.READ)],
    sort: Annotated[str, Query(max_length=20)] = "-date",
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> Response:
    store = store_of(request)
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        sort, key = "-date", "date"
    items, total = store.incident_page(
        f, sort=key, descending=sort.startswith("-"), limit=PAGE_SIZE, offset=offset
    )
    params = {k: str(v) for k, v in f.as_dict().items()}

    def page_link(new_offset: int) -> str:
        return "/incidents?" + urlencode({**params, "sort": sort, "offset": new_offset})

    return render(
        request,
        "incidents.html",
        items=items,
        total=total,
        f=params,
        sort=sort,
        sort_keys=SORT_KEYS,
        choices=store.filter_choices(),
        prev_link=page_link(max(0, offset - PAGE_SIZE)) if offset > 0 else None,
        next_link=page_link(offset + PAGE_SIZE) if offset + PAGE_SIZE < total else None,
        offset=offset,
        export_query=urlencode(params),
    )


def _incident_context(request: Request, ref: str) -> dict[str, Any]:
    store = store_of(request)
    found = store.incident(ref)
    if found is None:
        raise NotFoundError(f"no incident {ref!r}")
    if not redact.may_read_sensitive(request.state.user):
        found = redact.incident(found, store.sensitive_document_ids())
    docs: dict[str, Any] = {}
    claims = []
    for c in found["claims"]:
        if c["document_id"] not in docs:
            doc = store.get_document(c["document_id"])
            dups = store.near_duplicates_of(doc.id)
            docs[doc.id] = {"doc": doc, "near_duplicates": dups}
        doc = docs[c["document_id"]]["doc"]
        if c.get("redacted"):  # a viewer: the claim's figures, not the testimony's words
            claims.append({**c, "parts": None, "doc": docs[c["document_id"]]})
            continue
        ok = _span_ok(doc.clean_text, c)
        parts = highlight(doc.clean_text or "", [tuple(c["span"])]) if ok else None
        claims.append({**c, "parts": parts, "doc": docs[c["document_id"]]})
    from marsad.resolve.review import EDITABLE

    return {"i": found, "claims": claims, "editable": EDITABLE}


@router.get("/incidents/{incident_id}")
def incident_page(
    request: Request, incident_id: PageId, _: Annotated[User, need(Permission.READ)]
) -> Response:
    return render(request, "incident.html", **_incident_context(request, incident_id), problem=None)


@router.post("/incidents/{incident_id}/review")
def review_incident(
    request: Request,
    incident_id: PageId,
    user: Annotated[User, need(Permission.REVIEW)],
    action: Annotated[Literal["confirm", "reject", "edit", "merge", "split"], Form()],
    field: Annotated[str | None, Form(max_length=60)] = None,
    value: Annotated[str | None, Form(max_length=500)] = None,
    other: Annotated[str | None, Form(max_length=64)] = None,
    report_id: Annotated[str | None, Form(max_length=64)] = None,
    note: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    from marsad.resolve import review

    store = acting(request, user)
    note = (note or "").strip() or None
    target = incident_id
    try:
        if action == "confirm":
            review.confirm(store, incident_id, note)
        elif action == "reject":
            review.reject(store, incident_id, note)
        elif action == "edit":
            review.edit(store, incident_id, field or "", value or "", note)
        elif action == "merge":
            review.merge(store, incident_id, (other or "").strip(), note)
        else:
            target = review.split(store, incident_id, (report_id or "").strip(), note)
    except (UsageError, NotFoundError) as exc:
        context = _incident_context(request, incident_id)
        return render(request, "incident.html", 422, **context, problem=exc.message)
    return RedirectResponse(f"/incidents/{target}", status_code=303)


@router.get("/documents/{document_id}")
def document_page(
    request: Request, document_id: PageId, _: Annotated[User, need(Permission.READ)]
) -> Response:
    store = store_of(request)
    doc = store.get_document(document_id)
    reports = store.reports(document_id=doc.id, limit=10_000)
    reader = redact.may_read_sensitive(request.state.user)
    witness = store.document_witness(doc.id, identity=reader) if doc.sensitive else None
    if doc.sensitive and not reader:
        # a viewer learns that the testimony exists and what it supports, under a pseudonym
        shown = redact.document({"id": doc.id, "source": doc.source, "published": doc.published})
        withheld = {**shown, "near_duplicate_of": doc.near_duplicate_of, "near_duplicate_score": None}
        return render(
            request,
            "document.html",
            doc=withheld,
            parts=[],
            reports=reports,
            near_duplicates=store.near_duplicates_of(doc.id),
            witness={"pseudonym": witness["pseudonym"]} if witness else None,
        )
    text = doc.clean_text or ""
    spans = [tuple(r["span"]) for r in reports if r.get("span") and _span_ok(text, r)]
    return render(
        request,
        "document.html",
        doc=doc,
        parts=highlight(text, spans),  # type: ignore[arg-type]
        reports=reports,
        near_duplicates=store.near_duplicates_of(doc.id),
        witness=witness,
    )


@router.get("/map")
def map_page(request: Request, _: Annotated[User, need(Permission.READ)]) -> Response:
    return render(
        request, "map.html", vendor=request.app.state.vendor, choices=store_of(request).filter_choices()
    )


@router.get("/timeline")
def timeline_page(request: Request, _: Annotated[User, need(Permission.READ)]) -> Response:
    return render(request, "timeline.html")


# -- users (admins) ------------------------------------------------------------------------------


@router.get("/users")
def users_page(request: Request, _: Annotated[User, need(Permission.ADMIN)]) -> Response:
    store = store_of(request)
    return render(request, "users.html", users=store.users(), tokens=store.tokens(), problem=None)


@router.post("/users")
def users_add(
    request: Request,
    user: Annotated[User, need(Permission.ADMIN)],
    name: Annotated[str, Form(min_length=1, max_length=100, pattern=r"^[\w.@-]+$")],
    role: Annotated[Literal["admin", "analyst", "viewer"], Form()],
    password: Annotated[str, Form(min_length=12, max_length=1000)],
) -> Response:
    store = acting(request, user)
    try:
        store.add_user(name, role, hash_password(password))
    except UsageError as exc:
        return render(
            request, "users.html", 422, users=store.users(), tokens=store.tokens(), problem=exc.message
        )
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{name}/disable")
def users_disable(
    request: Request,
    name: Annotated[str, Path(max_length=100)],
    user: Annotated[User, need(Permission.ADMIN)],
) -> Response:
    store = acting(request, user)
    if name == user.name:
        problem = "you cannot disable yourself"
        return render(request, "users.html", 422, users=store.users(), tokens=store.tokens(), problem=problem)
    store.set_user_disabled(name)
    return RedirectResponse("/users", status_code=303)


@router.get("/settings")
def settings_page(request: Request, _: Annotated[User, need(Permission.ADMIN)]) -> Response:
    from marsad.web.settings_view import effective_settings

    rows = effective_settings(request.app.state.settings, request.app.state.setting_flags)
    return render(request, "settings.html", rows=rows)


__all__ = ["CSRF_FIELD", "error_page", "router"]
