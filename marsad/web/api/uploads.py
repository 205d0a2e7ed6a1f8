"""Uploading a document file (multipart): ingested like ``marsad ingest``; analysts and admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from marsad.protect.errors import ProtectError
from marsad.web.api import ERRORS, ErrorOut, validation_error
from marsad.web.auth import Permission, User, need
from marsad.web.deps import model_json
from marsad.web.schemas import UploadOut
from marsad.web.upload import ingest_upload, read_upload

router = APIRouter(prefix="/api/v1", tags=["documents"], responses=ERRORS)


@router.post(
    "/documents",
    response_model=UploadOut,
    status_code=201,
    summary="Upload a document file and ingest it",
    description="A report file (text, HTML, RSS/Atom, JSON Lines) is ingested like `marsad ingest` and "
    "cleaned: 201 when something new was stored, 200 when it was known already or quarantined (the "
    "reason is in `outcomes`). Files only: the server never fetches a URL. Over the size limit: 413.",
    responses={
        200: {"model": UploadOut, "description": "nothing new: already ingested, or quarantined"},
        413: {"model": ErrorOut, "description": "the file is over the upload limit"},
    },
)
def upload_document(
    request: Request,
    user: Annotated[User, need(Permission.REVIEW)],
    file: Annotated[UploadFile, File(description="the document file")],
    source: Annotated[
        str | None, Form(max_length=200, description="source name (else what the file says)")
    ] = None,
    sensitive: Annotated[
        bool, Form(description="a testimony: encrypted at rest (the server needs the data key)")
    ] = False,
) -> Response:
    name, data = read_upload(request, file)
    try:
        result = ingest_upload(request, user, name, data, source, sensitive)
    except ProtectError as exc:
        raise validation_error("sensitive", exc.message) from None
    response = model_json(UploadOut, result)
    response.status_code = 201 if result["status"] == "stored" else 200
    return response
