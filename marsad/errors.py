"""Errors a user can act on, each with a stable code (as spaCy does) for docs and scripts."""

from __future__ import annotations


class MarsadError(Exception):
    """An expected failure: printed as one line, never as a traceback."""

    code = "M000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class ConfigError(MarsadError):
    code = "M001"


class StoreError(MarsadError):
    code = "M002"


class NotFoundError(MarsadError):
    code = "M003"


class UsageError(MarsadError):
    code = "M004"
