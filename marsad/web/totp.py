"""Time-based one-time codes (RFC 6238, via pyotp) for the optional second factor of a login.

pyotp's ``verify`` says whether a code fits, not which time step it fits; the step is what makes a code
single-use (the store accepts a step only if it is newer than the last one used), so it is found here."""

from __future__ import annotations

import re
import time

import pyotp

ISSUER = "Marsad"
DRIFT = 1  # steps (of 30 s) before and after now that are accepted: a phone's clock a little off
CODE = re.compile(r"^\d{6}$")


def new_secret() -> str:
    """A random 160-bit secret in base32, as authenticator apps expect."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, user: str, issuer: str = ISSUER) -> str:
    """The ``otpauth://`` URI an authenticator app imports (typed in, or turned into a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=user, issuer_name=issuer)


def normalise(code: str) -> str:
    """Codes are often typed with a space or dash in the middle (``123 456``)."""
    return re.sub(r"[\s-]", "", code or "")


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step ``code`` is valid for (now, or ``DRIFT`` steps either side), else None."""
    code = normalise(code)
    if not CODE.match(code):
        return None
    totp = pyotp.TOTP(secret)
    at = time.time() if now is None else now
    current = totp.timecode(at)
    found = None
    for offset in range(-DRIFT, DRIFT + 1):  # every step is compared: the same work whichever matches
        if pyotp.utils.strings_equal(code, totp.generate_otp(current + offset)):
            found = current + offset
    return found
