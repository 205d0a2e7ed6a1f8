"""Uploading a document file into the pipeline, from the upload page or ``POST /api/v1/documents``.

The file is ingested exactly like ``marsad ingest`` (the ingest package's ``Ingester``) and cleaned; the
answer is the ingest outcome. Files only: the server never fetches a URL it is given. The size limit is
enforced while the body arrives (``limits.BodyLimit``); the check here is the last word on the file part."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response

from marsad.protect.errors import ProtectError
from marsad.store import Store, sha256_hex
from marsad.web.auth import Permission, User, need
from marsad.web.deps import acting, store_of
from marsad.web.limits import upload_limit_bytes
from marsad.web.pages import render

router = APIRouter(include_in_schema=False)


def safe_name(raw: str | None) -> str:
    """The file's own name, without any folder a browser or script sent, control characters, or length."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()[:200]
    return name if name and name not in (".", "..") else "upload"


def read_upload(request: Request, file: UploadFile) -> tuple[str, bytes]:
    """The name and bytes of the uploaded file (already limited while it arrived)."""
    limit, what = upload_limit_bytes(request.app.state.settings)
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(413, f"the file is too large: uploads are limited to {what}")
    return safe_name(file.filename), data


def ingest_upload(
    request: Request, user: User, name: str, data: bytes, source: str | None, sensitive: bool
) -> dict[str, Any]:
    """Ingest one uploaded file as ``user`` and clean what is new; the outcome as the API answers it.
    Raises ``ProtectError`` when a sensitive file cannot be encrypted (no data key, or locked)."""
    from marsad.clean import run_clean
    from marsad.ingest import Ingester

    settings = request.app.state.settings
    if sensitive:
        store_of(request).ensure_can_seal()  # unlocks the shared store once; the copy below inherits it
    store: Store = acting(request, user)
    ingester = Ingester(store, settings, source=(source or "").strip() or None, sensitive=sensitive)
    ingester.summary.files += 1
    ingester.ingest_bytes(Path(name), data)
    summary = ingester.summary
    if summary.stored or summary.sealed:
        run_clean(store, settings)
    status = "stored" if summary.stored else "quarantined" if summary.quarantined else "already_ingested"
    return {
        "file": "(sensitive)" if sensitive else name,
        "sha256": sha256_hex(data),
        "size": len(data),
        "sensitive": sensitive,
        "status": status,
        "stored": summary.stored,
        "already_ingested": summary.known,
        "sealed": summary.sealed,
        "quarantined": summary.quarantined,
        "outcomes": [
            {
                "status": o.status,
                "message": o.message,
                "locator": o.locator,
                "document_id": o.document_id,
                "reason": str(o.reason) if o.reason else None,
            }
            for o in summary.outcomes
        ],
    }


def _page(request: Request, status: int = 200, **context: Any) -> Response:
    _, what = upload_limit_bytes(request.app.state.settings)
    context.setdefault("result", None)
    context.setdefault("problem", None)
    return render(request, "upload.html", status, limit=what, **context)


@router.get("/upload")
def upload_form(request: Request, _: Annotated[User, need(Permission.REVIEW)]) -> Response:
    return _page(request)


@router.post("/upload")
def upload_page(
    request: Request,
    user: Annotated[User, need(Permission.REVIEW)],
    file: Annotated[UploadFile, File()],
    source: Annotated[str | None, Form(max_length=200)] = None,
    sensitive: Annotated[bool, Form()] = False,
) -> Response:
    name, data = read_upload(request, file)
    try:
        result = ingest_upload(request, user, name, data, source, sensitive)
    except ProtectError as exc:
        return _page(request, 422, problem=exc.message)
    return _page(request, 201 if result["status"] == "stored" else 200, result=result)
