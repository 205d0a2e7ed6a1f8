"""The web dashboard and REST API (FastAPI): ``marsad serve``."""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # imported on first use, so that ``marsad.web.errors`` (used by the store) does not load FastAPI
    if name == "create_app":
        from marsad.web.app import create_app

        return create_app
    raise AttributeError(f"module 'marsad.web' has no attribute {name!r}")
