"""Marsad: from raw reports of violence against civilians to a verified, evidenced record."""

__version__ = "0.1.0"
