"""Encryption at rest for sensitive documents (testimonies), their keys, and encrypted backups.

No SQL here: ``keys`` derives and wraps keys, ``crypto`` seals and opens values, ``backup`` writes and
reads encrypted snapshot files. The store (``marsad/store/protect.py``) keeps the wrapped key in its
``kv`` table and calls these when it writes or reads a sensitive document.
"""

from marsad.protect.crypto import PLACEHOLDER, RecordCipher, is_token
from marsad.protect.errors import (
    BackupError,
    KeyLockedError,
    NoDataKeyError,
    ProtectError,
    WrongKeyError,
)
from marsad.protect.keys import Credential, KeyRecord

__all__ = [
    "PLACEHOLDER",
    "BackupError",
    "Credential",
    "KeyLockedError",
    "KeyRecord",
    "NoDataKeyError",
    "ProtectError",
    "RecordCipher",
    "WrongKeyError",
    "is_token",
]
