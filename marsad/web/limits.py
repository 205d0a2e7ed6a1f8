"""Request body limits, checked while the body arrives: a declared ``Content-Length`` over the limit is
refused before anything is read, and a body that grows past it (chunked, or lying about its length) is
cut off at the limit. Nothing beyond the limit is held in memory or written to disk.

Uploads (``POST /api/v1/documents`` and the upload page) get ``[web] max_upload_mb``; every other request
body ``[web] max_body_kb``."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse

from marsad.web.auth import wants_json

UPLOAD_PATHS = frozenset({"/api/v1/documents", "/upload"})
FORM_SLACK = 64 * 1024  # multipart headers and the small fields beside the file
DRAIN_LIMIT = 8 * 2**20  # read and drop at most this much more, so the client sees the answer


class BodyTooLarge(Exception):
    """Raised into the application when the body passes its limit (the answer is a 413 regardless)."""


def upload_limit_bytes(settings: Any) -> tuple[int, str]:
    """The largest upload and the setting that sets it: the smaller of the web and ingest limits."""
    web = float(settings.get("web", "max_upload_mb"))
    ingest = float(settings.get("ingest", "max_file_mb"))
    if ingest < web:
        return int(ingest * 2**20), f"{ingest:g} MB ([ingest] max_file_mb)"
    return int(web * 2**20), f"{web:g} MB ([web] max_upload_mb)"


class BodyLimit:
    """ASGI middleware: 413 for a body over its limit, on every route."""

    def __init__(self, app: Any, settings: Any) -> None:
        self.app = app
        self.upload_bytes, upload_what = upload_limit_bytes(settings)
        kb = int(settings.get("web", "max_body_kb"))
        self.body_bytes = kb * 1024
        self.upload_message = f"the file is too large: uploads are limited to {upload_what}"
        self.body_message = f"the request body is too large: at most {kb} KB ([web] max_body_kb)"

    def _limit(self, scope: Any) -> tuple[int, str]:
        if scope["method"] == "POST" and scope["path"] in UPLOAD_PATHS:
            return self.upload_bytes + FORM_SLACK, self.upload_message
        return self.body_bytes, self.body_message

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit, message = self._limit(scope)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, message, drain=int(declared) <= limit + DRAIN_LIMIT)
            return
        received, over, started = 0, False, False

        async def limited_receive() -> Any:
            nonlocal received, over
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > limit:
                    over = True
                    raise BodyTooLarge(message)
            return msg

        async def guarded_send(msg: Any) -> None:
            nonlocal started
            if over:
                return  # whatever the application made of the cut-off body: the answer is ours
            started = started or msg["type"] == "http.response.start"
            await send(msg)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not over:
                raise
        if over and not started:
            await self._refuse(scope, receive, send, message, drain=True)

    async def _refuse(self, scope: Any, receive: Any, send: Any, message: str, drain: bool) -> None:
        # a client still sending would not read an answer cut short: drop up to DRAIN_LIMIT more bytes
        # (never kept) so it can; beyond that the connection is closed after the answer
        more = True
        dropped = 0
        while drain and more and dropped <= DRAIN_LIMIT:
            msg = await receive()
            if msg["type"] != "http.request":
                break
            dropped += len(msg.get("body", b""))
            more = msg.get("more_body", False)
        headers = {"Connection": "close"}
        response: Any
        if wants_json(scope["path"]):
            response = JSONResponse({"detail": message}, status_code=413, headers=headers)
        else:
            from starlette.requests import Request

            from marsad.web.pages import error_page

            response = error_page(Request(scope, receive), 413, message)
            response.headers.update(headers)
        await response(scope, receive, send)
