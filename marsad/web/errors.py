"""Errors of the web dashboard's accounts and uploads (codes M045–M049)."""

from __future__ import annotations

from marsad.errors import MarsadError


class TwoFactorError(MarsadError):
    """A second factor that cannot be enrolled or removed as asked (already on, not on, no such user)."""

    code = "M045"


class TwoFactorLockedError(TwoFactorError):
    """The TOTP secret is sealed with the data key, and the key is not unlocked here."""

    code = "M046"
