"""Errors of the estimation stage (codes M020–M029), each printed as one line by the CLI."""

from __future__ import annotations

from marsad.errors import MarsadError


class CountsFileError(MarsadError):
    """A ``--counts`` file that cannot be read as a table of capture patterns."""

    code = "M020"


class NotEstimable(MarsadError):
    """The data cannot support an estimate (too few lists or records, a list linked to no other…)."""

    code = "M021"


class NoCaptureHistories(MarsadError):
    """The database holds no linked victim lists to estimate from."""

    code = "M022"


class EstimateOptionError(MarsadError):
    """An estimation option out of range (iterations, classes, plot format…)."""

    code = "M023"
