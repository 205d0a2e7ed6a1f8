"""Ingest stage: files, folders, HTML, RSS/Atom and JSON Lines into the store, byte for byte."""

from marsad.ingest.pipeline import Ingester, IngestSummary, Outcome, iter_files

__all__ = ["IngestSummary", "Ingester", "Outcome", "iter_files"]
