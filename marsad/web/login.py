"""The login form: password, then (for an enrolled user) a code from an authenticator app, and the pauses
after failed attempts.

A correct password of a user with a second factor yields only a *challenge* (a random cookie valid for a
few minutes on ``/login``, stored as its SHA-256), never a session; the session is made when a code is
accepted, in the same transaction that marks the code's time step as used, so a code works once even
across server processes. Wrong passwords and wrong codes count toward the same pauses: per user name
(counted from the custody log) and per client address (a short-lived table)."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from marsad.store import Store
from marsad.web.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Permission,
    digest,
    need,
    new_secret,
    verify_password,
)
from marsad.web.deps import store_of
from marsad.web.errors import TwoFactorLockedError
from marsad.web.i18n import LANG_COOKIE
from marsad.web.pages import error_page, render, safe_next

router = APIRouter(include_in_schema=False)

CHALLENGE_COOKIE = "marsad_login_2fa"
CHALLENGE_TTL = dt.timedelta(minutes=5)
TOTP_ROLES = frozenset({"admin", "analyst"})


@dataclass(frozen=True, slots=True)
class LoginRules:
    require_totp: bool
    per_name: int
    per_address: int
    window: dt.timedelta

    @classmethod
    def of(cls, request: Request) -> LoginRules:
        s = request.app.state.settings
        return cls(
            require_totp=bool(s.get("web", "require_totp")),
            per_name=int(s.get("web", "login_pause_failures")),
            per_address=int(s.get("web", "login_pause_failures_per_address")),
            window=dt.timedelta(minutes=float(s.get("web", "login_pause_minutes"))),
        )


def client_address(request: Request) -> str:
    """The peer's address as uvicorn reports it (a trusted proxy's ``X-Forwarded-For`` applied)."""
    return request.client.host if request.client else "unknown"


def _form(
    request: Request, status: int, failed: str | None, csrf: str, next_: str, step: str = "password"
) -> Any:
    return render(
        request, "login.html", status, next=safe_next(next_), login_csrf=csrf, failed=failed, step=step
    )


def _paused(store: Store, rules: LoginRules, name: str, client: str) -> bool:
    if store.recent_failed_logins(name, rules.window) >= rules.per_name:
        return True
    return store.recent_failed_logins_from(client, rules.window) >= rules.per_address


def _session(
    request: Request, store: Store, row: dict[str, Any], next_: str, **second: Any
) -> Response | None:
    """A new session and the redirect that sets its cookie; None when a code's step was used already."""
    session, csrf = new_secret(), new_secret()
    if not store.add_session(row["id"], digest(session), csrf, request.app.state.session_ttl, **second):
        return None
    response = RedirectResponse(safe_next(next_), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session,
        httponly=True,
        samesite="lax",
        secure=request.app.state.secure_cookies,
        max_age=int(request.app.state.session_ttl.total_seconds()),
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    response.delete_cookie(CHALLENGE_COOKIE, path="/login")
    return response


def _second_factor(
    request: Request,
    store: Store,
    row: dict[str, Any],
    code: str,
    csrf: str,
    next_: str,
    challenge: str | None,
) -> Response:
    from marsad.protect.errors import ProtectError
    from marsad.web.totp import matching_step

    name, client = row["name"], client_address(request)
    retry = "code" if challenge else "password"  # without a challenge (all in one post) start again
    try:
        secret = store.totp_secret(row["id"])
    except (TwoFactorLockedError, ProtectError):  # locked here, or sealed under another key
        store.record_failed_login(name, "second factor unavailable")
        return _form(request, 503, "login_totp_unavailable", csrf, next_)
    step = matching_step(secret, code) if secret else None
    if step is not None:
        done = _session(request, store, row, next_, totp_step=step, challenge_hash=challenge)
        if done is not None:
            return done
        store.record_failed_login(name, "code used already", client)
        return _form(request, 401, "login_code_used", csrf, next_, retry)
    store.record_failed_login(name, "wrong code", client)
    return _form(request, 401, "login_code_failed", csrf, next_, retry)


@router.get("/login")
def login_form(
    request: Request,
    _: Annotated[None, need(Permission.PUBLIC)],
    next: Annotated[str | None, Query(max_length=2000)] = None,
    lang: Annotated[Literal["en", "ar"] | None, Query()] = None,
) -> Response:
    if request.state.user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_secret()
    if lang:
        request.cookies[LANG_COOKIE] = lang
    response = _form(request, 200, None, token, next or "")
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login")
    if lang:
        response.set_cookie(LANG_COOKIE, lang, samesite="lax", max_age=365 * 86400)
    return response


@router.post("/login")
def login(
    request: Request,
    _: Annotated[None, need(Permission.PUBLIC)],
    csrf_token: Annotated[str, Form(max_length=200)],
    name: Annotated[str | None, Form(max_length=100)] = None,
    password: Annotated[str | None, Form(max_length=1000)] = None,
    code: Annotated[str | None, Form(max_length=20)] = None,
    next: Annotated[str, Form(max_length=2000)] = "/incidents",
) -> Response:
    """Either ``name`` and ``password`` (and ``code`` at once, if the user has a second factor and the
    client knows it), or ``code`` alone after a password step (its challenge cookie)."""
    store = store_of(request)
    rules = LoginRules.of(request)
    client = client_address(request)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not hmac.compare_digest(expected.encode(), csrf_token.encode()):
        return error_page(request, 403, "missing or wrong CSRF token: reload the login page and try again")
    challenge = request.cookies.get(CHALLENGE_COOKIE)
    if not name and password is None and code is not None:  # the code step
        row = store.login_challenge_user(digest(challenge)) if challenge else None
        if row is None:
            return _form(request, 401, "login_code_expired", expected, next)
        if _paused(store, rules, row["name"], client):
            store.record_failed_login(row["name"], "throttled")
            return _form(request, 429, "login_throttled", expected, next)
        return _second_factor(request, store, row, code, expected, next, digest(challenge or ""))
    if not name or password is None:
        return _form(request, 401, "login_failed", expected, next)
    # counted in the store, so the pauses hold across worker processes and restarts
    if _paused(store, rules, name, client):
        store.record_failed_login(name, "throttled")
        return _form(request, 429, "login_throttled", expected, next)
    found = store.user_login_row(name)
    ok = verify_password(found["password_hash"] if found else None, password)
    if not ok or found is None or found["disabled"]:
        reason = "disabled" if ok and found and found["disabled"] else "bad credentials"
        store.record_failed_login(name, reason, client)
        return _form(request, 401, "login_failed", expected, next)
    row = found
    if row["two_factor"]:
        if code:
            return _second_factor(request, store, row, code, expected, next, None)
        token = new_secret()
        store.add_login_challenge(row["id"], digest(token), CHALLENGE_TTL)
        response = _form(request, 200, None, expected, next, "code")
        response.set_cookie(
            CHALLENGE_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            path="/login",
            secure=request.app.state.secure_cookies,
            max_age=int(CHALLENGE_TTL.total_seconds()),
        )
        return response
    if rules.require_totp and row["role"] in TOTP_ROLES:
        store.record_failed_login(name, "second factor required")
        return _form(request, 403, "login_totp_required", expected, next)
    response = _session(request, store, row, next)
    assert response is not None  # without a code there is no step to have been used
    return response
