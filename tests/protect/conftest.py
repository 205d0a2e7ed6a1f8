"""Fixtures for encryption at rest: the real ``marsad`` command with a fast (but real) scrypt cost."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import DATA, Run

PASSPHRASE = "lantern-orchard-7-quiet"
PLANTS = DATA / "protect"
# invented people and words, planted in the testimonies; none of them may appear in a file at rest
SECRETS = [
    "Zaynab Qarawi-Hellenberg",
    "Qarawi",
    "gunmen in black uniforms shot her two brothers outside the Hellenberg bakery",
    "رُقيّة البرتقانيّ",
    "البرتقان",
    "قتلوا جارها أمام باب الفرن",
]
PUBLIC = "Oswin Farrowdale"  # in a report ingested without --sensitive: the grep must find it


def encodings(text: str) -> list[bytes]:
    """The forms a text may take in a file: UTF-8, and UTF-16 either way round (SQLite can store it so)."""
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def leaks(path: Path, needles: list[str]) -> list[str]:
    data = path.read_bytes()
    return [n for n in needles if any(form in data for form in encodings(n))]


@pytest.fixture
def pm(marsad: Run) -> Run:
    """``marsad`` with scrypt at N=2**14 (the lowest allowed) so the tests stay fast."""

    def run(
        *args: str, extra_env: dict[str, str] | None = None, **kw: object
    ) -> subprocess.CompletedProcess[str]:
        env = {"MARSAD_PROTECT_SCRYPT_LOG2_N": "14", **(extra_env or {})}
        return marsad(*args, extra_env=env, **kw)  # type: ignore[arg-type]

    return run


def key(passphrase: str = PASSPHRASE) -> dict[str, str]:
    return {"MARSAD_PASSPHRASE": passphrase}
