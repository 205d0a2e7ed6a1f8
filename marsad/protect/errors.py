"""Errors of encryption at rest, keys and backups (codes M030–M039)."""

from __future__ import annotations

from marsad.errors import MarsadError


class ProtectError(MarsadError):
    """A key, passphrase or encrypted value that cannot be used as asked."""

    code = "M030"


class KeyLockedError(ProtectError):
    """Sensitive data was asked for, but no passphrase or key file was given to unlock it."""

    code = "M031"


class WrongKeyError(ProtectError):
    """The passphrase or key file given does not unlock the data key (or the data was altered)."""

    code = "M032"


class NoDataKeyError(ProtectError):
    """The database has no data key yet: ``marsad keys init`` first."""

    code = "M033"


class BackupError(ProtectError):
    """A backup that cannot be written, read, decrypted or verified."""

    code = "M034"
