"""The settings the server runs with and where each came from (admins only; read-only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request

from marsad.web.api import ERRORS
from marsad.web.auth import Permission, User, need
from marsad.web.schemas import SettingOut
from marsad.web.settings_view import effective_settings

router = APIRouter(prefix="/api/v1", tags=["settings"], responses=ERRORS)


@router.get("/settings", response_model=list[SettingOut], summary="Effective settings and their source")
def get_settings(request: Request, _: Annotated[User, need(Permission.ADMIN)]) -> list[dict]:
    return effective_settings(request.app.state.settings, request.app.state.setting_flags)
