"""Readers for each input format; importing this package registers the built-in ones."""

from marsad.ingest.readers import feed, html, jsonl, text  # noqa: F401  (registration)
from marsad.ingest.readers.base import Item, Problem, ReadContext, Reader, readers

__all__ = ["Item", "Problem", "ReadContext", "Reader", "readers"]
