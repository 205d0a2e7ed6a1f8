"""The FastAPI application: API routers, pages, static files, error handlers, security headers."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Mount

from marsad.config import Settings, load_settings
from marsad.errors import MarsadError, NotFoundError, UsageError
from marsad.store import Store
from marsad.web.auth import AuthMiddleware, Permission, need, route_permission, wants_json
from marsad.web.deps import VersionedCache
from marsad.web.limits import BodyLimit

log = logging.getLogger("marsad.web")

HERE = Path(__file__).resolve().parent
# npm packages the pages use, served from node_modules (installed by `make setup`): no CDN
VENDOR = {
    "leaflet": "leaflet/dist",
    "markercluster": "leaflet.markercluster/dist",
    "topojson": "topojson-client/dist",
    "world-atlas": "world-atlas",
}
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


def find_node_modules(configured: str = "") -> Path | None:
    """node_modules from the setting, else the checkout's (beside the package), else the working folder's."""
    candidates = (
        [Path(configured)] if configured else [HERE.parents[1] / "node_modules", Path("node_modules")]
    )
    for c in candidates:
        if (c / "leaflet" / "dist" / "leaflet.js").is_file():
            return c.resolve()
    return None


class SecurityHeaders:
    """Adds CSP and friends to every response (static files cacheable, everything else no-store)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith(("/static/", "/vendor/"))

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for k, v in SECURITY_HEADERS:
                    if k == b"cache-control" and static:
                        v = b"private, max-age=3600"
                    if k not in present:
                        headers.append((k, v))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class DropEmptyQuery:
    """HTML filter forms send every field, empty ones too: on pages an empty field means no filter."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["query_string"] and not wants_json(scope["path"]):
            from urllib.parse import parse_qsl, urlencode

            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            kept = urlencode([(k, v) for k, v in pairs if v.strip()])
            scope = {**scope, "query_string": kept.encode("latin-1")}
        await self.app(scope, receive, send)


def _error(request: Request, status: int, detail: str) -> Any:
    if wants_json(request.url.path):
        return JSONResponse({"detail": detail}, status_code=status)
    from marsad.web.pages import error_page

    return error_page(request, status, detail)


def create_app(
    store: Store | str,
    *,
    session_hours: float = 12.0,
    secure_cookies: bool = False,
    node_modules: str = "",
    page_cache: bool = True,
    settings: Settings | None = None,
    setting_flags: dict[str, dict[str, Any]] | None = None,
) -> FastAPI:
    """The dashboard over one store. Refuses to start if any route lacks a permission declaration."""
    from marsad.web import login, pages, upload
    from marsad.web.api import documents, exports, figures, incidents, uploads, users
    from marsad.web.api import settings as settings_api

    if isinstance(store, str):
        store = Store(store)
    settings = settings if settings is not None else load_settings()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Routes that read the store run in worker threads. Python work in them is serialised by the
        # GIL, so many threads only add switching: a handful keeps SQLite busy and the CPU on requests.
        import anyio.to_thread

        threads = max(1, int(settings.get("web", "threads")))
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="Marsad API",
        version="1",
        description="Incidents of violence against civilians, with every source's claim and its evidence. "
        "Authenticate with `Authorization: Bearer <token>` (see `marsad users token`).",
        openapi_url=None,  # served below, behind authentication
        docs_url=None,  # Swagger UI needs a CDN: not offered
        redoc_url=None,
    )
    app.state.store = store
    app.state.cache = VersionedCache()
    app.state.page_cache = page_cache
    # what the admins' settings page shows (read-only): the settings and the command-line flags used
    app.state.settings = settings
    app.state.setting_flags = setting_flags or {}
    app.state.session_ttl = dt.timedelta(hours=session_hours)
    app.state.secure_cookies = secure_cookies

    routers = (incidents, documents, uploads, figures, exports, users, settings_api)
    for router in (r.router for r in routers):
        app.include_router(router)

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(_: Annotated[Any, need(Permission.READ)]) -> JSONResponse:
        return JSONResponse(app.openapi())

    app.include_router(login.router)
    app.include_router(pages.router)
    app.include_router(upload.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    modules = find_node_modules(node_modules)
    app.state.vendor = modules is not None
    if modules is not None:
        for name, sub in VENDOR.items():
            app.mount(f"/vendor/{name}", StaticFiles(directory=modules / sub), name=f"vendor-{name}")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Any:
        errors = []
        for e in exc.errors():
            loc = [str(x) for x in e.get("loc", ())]
            field = ".".join(loc[1:]) or (loc[0] if loc else "request")
            msg = str(e.get("msg", "invalid"))
            errors.append(
                {
                    "loc": loc,
                    "msg": msg if msg.startswith(f"{field}:") else f"{field}: {msg}",
                    "type": str(e.get("type", "value_error")),
                }
            )
        if not wants_json(request.url.path):
            return _error(request, 422, "; ".join(e["msg"] for e in errors))
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if exc.status_code == 400 and wants_json(request.url.path):  # e.g. a body that is not JSON
            detail = [{"loc": ["body"], "msg": f"body: {exc.detail}", "type": "value_error"}]
            return JSONResponse({"detail": detail}, status_code=422)
        response = _error(request, exc.status_code, str(exc.detail))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Any:
        return _error(request, 404, exc.message)

    @app.exception_handler(UsageError)
    async def usage(request: Request, exc: UsageError) -> Any:
        if not wants_json(request.url.path):
            return _error(request, 422, exc.message)
        detail = [{"loc": ["request"], "msg": exc.message, "type": "value_error"}]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(MarsadError)
    async def marsad_error(request: Request, exc: MarsadError) -> Any:
        log.error("%s %s: %s", request.method, request.url.path, exc)
        return PlainTextResponse("internal error: see the server log", status_code=500)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Any:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        # answered by Starlette's outermost middleware, outside SecurityHeaders: the headers go on here
        headers = {k.decode(): v.decode() for k, v in SECURITY_HEADERS}
        return PlainTextResponse("internal error: see the server log", status_code=500, headers=headers)

    check_permissions(app)
    app.add_middleware(DropEmptyQuery)
    app.add_middleware(BodyLimit, settings=app.state.settings)  # after authentication: no body read before
    app.add_middleware(AuthMiddleware, store=store, touch=dt.timedelta(hours=1))
    app.add_middleware(SecurityHeaders)
    return app


WORKER_ARGS = "MARSAD_SERVE_WORKER_ARGS"


def app_from_environment() -> FastAPI:
    """The application in a worker process of ``marsad serve --workers N`` (uvicorn starts each worker
    by importing this factory): the store and settings ``serve`` resolved, passed as JSON in the
    environment. Each worker has its own connections and caches; the caches are keyed by the data
    version, so a change made through one worker is seen by all."""
    import json
    import os

    args = json.loads(os.environ[WORKER_ARGS])
    store = Store(args.pop("db"), signing_key=args.pop("signing_key"), key_file=args.pop("key_file"))
    config_file = args.pop("config_file")
    settings = Settings(values=args.pop("settings"), config_file=Path(config_file) if config_file else None)
    return create_app(store, settings=settings, **args)


def all_routes(app: FastAPI) -> list[tuple[str, Any]]:
    """(full path, route) of every route, including those of included routers."""
    try:  # FastAPI >= 0.16x keeps included routers lazily
        from fastapi.routing import iter_route_contexts
    except ImportError:  # pragma: no cover - older FastAPI: routes are flat
        return [(getattr(r, "path", ""), r) for r in app.routes]
    return [(c.path or "", c.original_route) for c in iter_route_contexts(app.routes)]


def check_permissions(app: FastAPI) -> None:
    """Default deny: every route declares a permission; only static folders may be mounted."""
    missing = []
    for path, route in all_routes(app):
        if isinstance(route, APIRoute):
            if route_permission(route) is None:
                missing.append(path)
        elif isinstance(route, Mount):
            if not path.startswith(("/static", "/vendor/")):
                missing.append(path)
        else:
            missing.append(path or repr(route))
    if missing:
        raise RuntimeError(f"routes without a permission declaration: {', '.join(missing)}")
