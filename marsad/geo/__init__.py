"""Geocoding: a Syrian gazetteer in the store and a geocoder that reads names in context."""

from marsad.geo.gazetteer import add_user_place, derive_admin, ensure_builtin
from marsad.geo.geocoder import Candidate, Geocoder
from marsad.geo.importers import import_file, importers

__all__ = [
    "Candidate",
    "Geocoder",
    "add_user_place",
    "derive_admin",
    "ensure_builtin",
    "import_file",
    "importers",
]
