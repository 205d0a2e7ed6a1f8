"""Exports of incidents: ACLED-style CSV, GeoJSON, HXL CSV, JSON Lines — found by name in ``exporters``."""

from marsad.export.formats import ACLED_COLUMNS, exporters, write_export

__all__ = ["ACLED_COLUMNS", "exporters", "write_export"]
