"""The web dashboard and REST API (FastAPI): ``marsad serve``."""

from marsad.web.app import create_app

__all__ = ["create_app"]
