"""Who is asking and what they may do.

Two layers, so that forgetting one check cannot open a route:

* ``AuthMiddleware`` authenticates every request before routing (a session cookie or an API token);
  without one, only the login page and static files answer: everything else is a 401 (API) or a
  redirect to the login page (pages), even paths that do not exist.
* ``need(permission)`` is a dependency every route must declare (``create_app`` refuses to start
  otherwise); it checks the role and, for state changes made with a session cookie, the CSRF token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, RedirectResponse

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

    from marsad.store import Store

SESSION_COOKIE = "marsad_session"
LOGIN_CSRF_COOKIE = "marsad_login_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
TOKEN_PREFIX = "msd_"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# paths answered without a session: the login form and files anyone may fetch
PUBLIC_EXACT = frozenset({"/login"})
PUBLIC_PREFIXES = ("/static/", "/vendor/")

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    VIEWER = "viewer"


class Permission(StrEnum):
    """What a route needs. Each role has its own and every lower role's permissions."""

    PUBLIC = "public"  # login page only
    READ = "read"  # viewer: look, filter, export
    REVIEW = "review"  # analyst: confirm, reject, edit, merge, split
    ADMIN = "admin"  # admin: users, settings
    # not a route's permission: who may read the words of sensitive documents (see web/redact.py)
    SENSITIVE = "sensitive"


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset({Permission.READ}),
    Role.ANALYST: frozenset({Permission.READ, Permission.REVIEW, Permission.SENSITIVE}),
    Role.ADMIN: frozenset({Permission.READ, Permission.REVIEW, Permission.SENSITIVE, Permission.ADMIN}),
}


@dataclass(frozen=True, slots=True)
class User:
    id: str
    name: str
    role: Role
    via: str  # session | token
    csrf: str | None = None  # the session's token; None for API tokens

    def can(self, permission: Permission) -> bool:
        return permission is Permission.PUBLIC or permission in GRANTS[self.role]


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Constant work whether or not the user exists, so timing does not reveal user names."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def digest(secret: str) -> str:
    """Sessions ids and tokens are long random strings: SHA-256 is enough to store them safely."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def is_public(path: str) -> bool:
    return path in PUBLIC_EXACT or path.startswith(PUBLIC_PREFIXES)


def wants_json(path: str) -> bool:
    return path.startswith("/api/") or path == "/openapi.json"


def _authenticate(store: Store, headers: dict[str, str], cookies: dict[str, str], touch: dt.timedelta) -> Any:
    auth = headers.get("authorization", "")
    if auth:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        row = store.token_user(digest(token.strip()), touch)
        return (User(row["id"], row["name"], Role(row["role"]), "token"), None) if row else None
    session = cookies.get(SESSION_COOKIE)
    if session:
        row = store.session_user(digest(session))
        if row:
            user = User(row["id"], row["name"], Role(row["role"]), "session", row["csrf"])
            return user, row["expires_at"]
    return None


class AuthCache:
    """Who a token or session cookie belongs to, remembered per data version (the newest audit id).

    Every change that could alter the answer (a user disabled, a token revoked, a logout, a login)
    writes an audit entry, so an entry is only reused while nothing has been stored since; a session's
    expiry is checked on every use, and entries are re-read after ``max_age`` at the latest (so a
    token's use is still recorded about once per ``touch``). Saves a join per request."""

    def __init__(self, max_age: float = 60.0, size: int = 1024) -> None:
        self.max_age = max_age
        self.size = size
        self._items: dict[tuple[str, str], tuple[int, float, User, dt.datetime | None]] = {}

    def _key(self, headers: dict[str, str], cookies: dict[str, str]) -> tuple[str, str]:
        auth = headers.get("authorization", "")
        return ("token", digest(auth)) if auth else ("session", digest(cookies.get(SESSION_COOKIE, "")))

    def _hit(self, key: tuple[str, str], version: int, now: float) -> User | None:
        hit = self._items.get(key)
        if hit is None or hit[0] != version or now - hit[1] >= self.max_age:
            return None
        expires = hit[3]
        return hit[2] if expires is None or expires > dt.datetime.now(dt.UTC) else None

    def remembered(self, store: Store, headers: dict[str, str], cookies: dict[str, str]) -> User | None:
        """The user when the answer is remembered and still valid, else None (then ``authenticate``).
        One indexed read (the data version) and no write: cheap enough for the event loop, where a
        trip to a worker thread and back would cost more than the read."""
        import time

        key = self._key(headers, cookies)
        return self._hit(key, store.data_version(), time.monotonic()) if key in self._items else None

    def authenticate(
        self, store: Store, headers: dict[str, str], cookies: dict[str, str], touch: dt.timedelta
    ) -> User | None:
        import time

        key = self._key(headers, cookies)
        version = store.data_version()
        now = time.monotonic()
        user = self._hit(key, version, now)
        if user is not None:
            return user
        found = _authenticate(store, headers, cookies, touch)
        if found is None:
            self._items.pop(key, None)
            return None
        user, expires = found
        if len(self._items) >= self.size:
            self._items.clear()
        # kept under the version read *before* the lookup: a change made meanwhile makes it a miss
        self._items[key] = (version, now, user, expires)
        return user


def _cookies(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in raw.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            out.setdefault(name, value)
    return out


class AuthMiddleware:
    """Authenticates every non-public request before it reaches a route (default deny)."""

    def __init__(self, app: ASGIApp, store: Store, touch: dt.timedelta) -> None:
        self.app = app
        self.store = store
        self.touch = touch
        self.cache = AuthCache()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        user = None
        if not is_public(path) or path == "/login":
            cookies = _cookies(headers.get("cookie", ""))
            if headers.get("authorization") or SESSION_COOKIE in cookies:
                user = self.cache.remembered(self.store, headers, cookies)
                if user is None:  # looked up in a worker thread: it may write (a token's last use)
                    user = await run_in_threadpool(
                        self.cache.authenticate, self.store, headers, cookies, self.touch
                    )
        scope.setdefault("state", {})["user"] = user
        if user is None and not is_public(path):
            if wants_json(path) or "authorization" in headers:
                response: Any = JSONResponse(
                    {"detail": "authentication required: log in or send 'Authorization: Bearer <token>'"},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
            else:
                target = path + (
                    ("?" + scope["query_string"].decode("latin-1")) if scope["query_string"] else ""
                )
                response = RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class Need:
    """The permission a route declares; also checks CSRF on state changes made with a cookie session."""

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    def __repr__(self) -> str:
        return f"Need({self.permission.value})"

    async def __call__(self, request: Request) -> User | None:
        user: User | None = request.state.user
        if self.permission is Permission.PUBLIC:
            return user
        if user is None:  # the middleware already refused; kept so the route is safe on its own
            raise HTTPException(401, "authentication required")
        if not user.can(self.permission):
            raise HTTPException(403, f"your role ({user.role}) may not do this; it needs {self.permission}")
        if request.method not in SAFE_METHODS and user.via == "session":
            sent = request.headers.get(CSRF_HEADER)
            if sent is None and request.headers.get("content-type", "").startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")
            ):
                form = await request.form()
                value = form.get(CSRF_FIELD)
                sent = value if isinstance(value, str) else None
            if not sent or not user.csrf or not hmac.compare_digest(sent, user.csrf):
                raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
        return user


def need(permission: Permission) -> Any:
    """``Depends`` on a permission; every route must have exactly one (see ``route_permission``)."""
    return Depends(Need(permission))


def route_permission(route: Any) -> Permission | None:
    """The permission a route declared, or None when it declared none (which ``create_app`` refuses)."""
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return None
    stack = list(dependant.dependencies)
    while stack:
        dep = stack.pop()
        if isinstance(dep.call, Need):
            return dep.call.permission
        stack.extend(dep.dependencies)
    return None
