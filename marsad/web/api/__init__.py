"""The REST API under /api/v1, one router per area; every route declares its permission."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

ID_PATTERN = r"^[0-9a-fA-F-]+$"


class ErrorOut(BaseModel):
    detail: str


class Problem(BaseModel):
    loc: list[str | int] = Field(description="where: e.g. ['query', 'min_fatalities']")
    msg: str = Field(description="the field's name, a colon, and what is wrong with it")
    type: str


class ValidationErrorOut(BaseModel):
    detail: list[Problem]


# routes whose query parameters are read by hand (``web/query.py``) declare their 422 themselves
INVALID: dict[int | str, dict[str, Any]] = {
    422: {"model": ValidationErrorOut, "description": "a parameter is not valid; each problem names it"}
}
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
