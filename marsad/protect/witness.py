"""Witnesses: who gave a testimony, sealed at rest and shown by a stable pseudonym.

A witness's name and contact are sealed with the data key like any testimony. To know whether a witness
is already recorded without keeping the name in the clear, the store keeps a keyed hash (HMAC-SHA256) of
the normalised name; the pseudonym ("Witness K7QF-2MXA") is another HMAC of it. A plain hash would not do:
anyone holding the database could hash a list of names and find the witness. The HMAC key (the *witness
key*) is random, kept in the database sealed under the data key, so it is only usable with the key
unlocked, and it survives both kinds of rotation (re-wrapping, and a new data key re-seals it): a
witness keeps their pseudonym for the life of the installation.

Normalisation is deliberately light: case, spacing, punctuation, Latin accents and Arabic spelling
variants (hamza forms, ta marbuta, alef maqsura, diacritics) are folded; transliteration variants are
not. Two spellings of one person may become two pseudonyms; two people never share one because their
names are similar.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

from marsad.protect.errors import ProtectError
from marsad.text.normalize import words

PREFIX = "Witness"
MAX_NAME = 300
MAX_CONTACT = 1000
# base32 in Crockford's alphabet (no I, L, O, U: nothing to misread when a pseudonym is read aloud)
_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHJKMNPQRSTVWXYZ", "=")


class WitnessError(ProtectError):
    """A witness name or contact that cannot be recorded (empty, too long, not text)."""

    code = "M035"


@dataclass(frozen=True, slots=True)
class WitnessInput:
    """A witness as given to ingest or a victim list: name, and optionally how to reach them."""

    name: str
    contact: str | None = None

    @classmethod
    def of(cls, name: object, contact: object = None, where: str = "the witness") -> WitnessInput:
        """Checked input; raises WitnessError with ``where`` in the message."""
        if not isinstance(name, str) or not name.strip():
            raise WitnessError(f"{where}: the witness name must be a non-empty text")
        if len(name) > MAX_NAME:
            raise WitnessError(f"{where}: the witness name is over {MAX_NAME} characters")
        if contact is not None and not isinstance(contact, str):
            raise WitnessError(f"{where}: the witness contact must be a text")
        if contact is not None and len(contact) > MAX_CONTACT:
            raise WitnessError(f"{where}: the witness contact is over {MAX_CONTACT} characters")
        if not normalise(name):
            raise WitnessError(f"{where}: the witness name has no letters or digits")
        contact = contact.strip() if contact else None
        return cls(" ".join(name.split()), contact or None)


def normalise(name: str) -> str:
    """The comparison form of a witness name (see the module's note on how light it is)."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(words(unicodedata.normalize("NFC", stripped)))


def new_witness_key() -> bytes:
    return secrets.token_bytes(32)


class WitnessKeys:
    """The keyed hashes of one installation: the lookup index and the pseudonym of a name."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ProtectError("the witness key has the wrong length (the database was altered?)")
        self._key = key

    def _mac(self, purpose: str, norm: str) -> bytes:
        return hmac.new(self._key, f"{purpose}\x00{norm}".encode(), hashlib.sha256).digest()

    def index(self, name: str) -> str:
        """What the store looks a witness up by: HMAC of the normalised name, hex."""
        return self._mac("marsad-witness-index/1", normalise(name)).hex()

    def pseudonym(self, name: str, attempt: int = 0) -> str:
        """``Witness XXXX-XXXX`` (40 bits, base32); ``attempt`` > 0 only after a collision."""
        purpose = "marsad-witness-pseudonym/1" + (f"/{attempt}" if attempt else "")
        code = base64.b32encode(self._mac(purpose, normalise(name))[:5]).decode().translate(_CROCKFORD)
        return f"{PREFIX} {code[:4]}-{code[4:8]}"


def is_pseudonym(text: str) -> bool:
    return text.startswith(PREFIX + " ") and len(text) == len(PREFIX) + 10
