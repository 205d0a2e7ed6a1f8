"""The REST API under /api/v1, one router per area; every route declares its permission."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

ID_PATTERN = r"^[0-9a-fA-F-]+$"


class ErrorOut(BaseModel):
    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "no session or token"},
    403: {"model": ErrorOut, "description": "the role may not do this, or a CSRF token is missing"},
    404: {"model": ErrorOut, "description": "no such record"},
}


def validation_error(field: str, message: str, where: str = "body") -> Any:
    """A 422 in FastAPI's own shape (so it matches the schema), naming the field."""
    from fastapi.exceptions import RequestValidationError

    return RequestValidationError(
        [{"loc": (where, field), "msg": f"{field}: {message}", "type": "value_error", "input": None}]
    )
