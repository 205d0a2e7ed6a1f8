"""Event extraction: cleaned text in, ACLED-style event claims with evidence out."""

from marsad.extract.api import Extractor

__all__ = ["Extractor"]
