"""Resolve stage: reports of one incident become one incident with reconciled counts; tallies stay apart."""

from marsad.resolve.reconcile import reconcile
from marsad.resolve.stage import ResolveSummary, run_resolve

__all__ = ["ResolveSummary", "reconcile", "run_resolve"]
