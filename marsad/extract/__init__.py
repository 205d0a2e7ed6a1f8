"""Event extraction: cleaned text in, ACLED-style event claims with evidence out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from marsad.extract.api import Extractor

__all__ = ["Extractor"]


def __getattr__(name: str) -> Any:
    # spaCy loads only when the extractor is asked for, not when marsad.extract.evaluate is imported
    if name == "Extractor":
        from marsad.extract.api import Extractor

        return Extractor
    raise AttributeError(name)
