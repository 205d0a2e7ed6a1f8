"""Errors of the victim registry and linkage (codes M010–M019)."""

from __future__ import annotations

from marsad.errors import MarsadError


class LinkError(MarsadError):
    """Linkage cannot run as asked (no records, bad settings)."""

    code = "M010"


class NoLinkageRun(MarsadError):
    """Something needs a linkage run and there is none yet."""

    code = "M011"


class VictimFileError(MarsadError):
    """A victim list file cannot be read at all (format, encoding, header)."""

    code = "M012"


class MappingError(MarsadError):
    """A ``--map column=field`` does not make sense for this file."""

    code = "M013"


class ReviewError(MarsadError):
    """A review decision names unknown records or an unknown decision."""

    code = "M014"
