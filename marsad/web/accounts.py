"""Account rules shared by the CLI and the pages: names, passwords, the first admin."""

from __future__ import annotations

import re
import secrets

from marsad.errors import UsageError
from marsad.store import Store

NAME = re.compile(r"^[\w.@-]{1,100}$")
MIN_PASSWORD = 12


def check_name(name: str) -> None:
    if not NAME.match(name):
        raise UsageError(f"user name {name!r}: use 1–100 letters, digits or . _ @ -")


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"password: at least {MIN_PASSWORD} characters")


def random_password() -> str:
    return secrets.token_urlsafe(15)


def ensure_admin(store: Store) -> str | None:
    """On a database without users, create ``admin`` and return its random password (else None)."""
    from marsad.web.auth import hash_password

    if store.count_users():
        return None
    password = random_password()
    store.add_user("admin", "admin", hash_password(password))
    return password
