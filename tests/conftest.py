"""Shared fixtures: a real SQLite file per test and the real ``marsad`` command in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from marsad.config import load_settings
from marsad.store import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# Data we may not ship (the seed article, OCHA admin units, …) lives beside the checkout.
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
MARSAD = str(Path(sys.executable).with_name("marsad"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "marsad.sqlite"


@pytest.fixture
def store(db: Path):  # type: ignore[no-untyped-def]
    with Store(str(db)) as s:
        yield s


@pytest.fixture
def settings():  # type: ignore[no-untyped-def]
    return load_settings(environ={})


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A clean environment: no user config or data dirs of the developer leak into a test."""
    home = tmp_path / "home"
    home.mkdir()
    keep = {k: v for k, v in os.environ.items() if not k.startswith("MARSAD_")}
    return {
        **keep,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "COLUMNS": "200",
    }


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def marsad(db: Path, env: dict[str, str], tmp_path: Path) -> Run:
    """Run the installed ``marsad`` command against this test's database."""

    def run(
        *args: str, use_db: bool = True, extra_env: dict[str, str] | None = None, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        cmd = [MARSAD, *(["--db", str(db)] if use_db else []), *args]
        return subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**env, **(extra_env or {})},
            timeout=timeout,
        )

    return run


def run_json(marsad: Run, *args: str) -> Any:
    result = marsad(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


def shared_file(*parts: str) -> Path:
    """A file under ../shared/, or a skip saying where it was looked for."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: put shared/ beside the checkout or set MARSAD_SHARED")
    return path


@pytest.fixture(scope="session")
def extractor(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The real English extractor (spaCy model + built-in gazetteer), loaded once per test run."""
    from marsad.extract import Extractor

    with Store(str(tmp_path_factory.mktemp("extract") / "gazetteer.sqlite")) as s:
        yield Extractor.load(s)
