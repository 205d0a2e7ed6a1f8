"""Exports of incidents (ACLED-style CSV, GeoJSON, HXL CSV, JSON Lines, Parquet), found by name in
``exporters``.
"""

from marsad.export.formats import ACLED_COLUMNS, BINARY, exporters, write_export

__all__ = ["ACLED_COLUMNS", "BINARY", "exporters", "write_export"]
