"""Settings: packaged defaults, then a marsad.toml, then environment variables, then flags.

Every key lives in ``default.toml`` (documented in ``docs/configuration.md``); a key the
defaults do not have is an error, so a typo never silently does nothing.
"""

from __future__ import annotations

import copy
import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_data_dir

from marsad.errors import ConfigError

# Short names kept for the variables people type most.
ENV_ALIASES = {"MARSAD_DB": ("store", "db")}


def env_name(section: str, key: str) -> str:
    """The environment variable that overrides ``[section] key``."""
    for name, (s, k) in ENV_ALIASES.items():
        if (s, k) == (section, key):
            return name
    return f"MARSAD_{section.upper()}_{key.upper()}"


def load_defaults() -> dict[str, dict[str, Any]]:
    text = resources.files("marsad").joinpath("default.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True, slots=True)
class Settings:
    """Merged settings plus where the config file came from (for ``marsad status``)."""

    values: dict[str, dict[str, Any]]
    config_file: Path | None

    def get(self, section: str, key: str) -> Any:
        return self.values[section][key]

    @property
    def db(self) -> str:
        """The database URL, with the per-user default filled in."""
        db = self.get("store", "db")
        if not db:
            db = str(Path(user_data_dir("marsad", appauthor=False)) / "marsad.sqlite")
        return db


def _check_type(section: str, key: str, value: Any, default: Any, origin: str) -> Any:
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, list):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    else:
        ok = isinstance(value, str)
    if not ok:
        raise ConfigError(f"{origin}: [{section}] {key} must be {type(default).__name__}, got {value!r}")
    return value


def _merge(values: dict[str, dict[str, Any]], layer: dict[str, Any], origin: str) -> None:
    for section, table in layer.items():
        if section not in values or not isinstance(table, dict):
            known = ", ".join(sorted(values))
            raise ConfigError(f"{origin}: unknown section [{section}] (known: {known})")
        for key, value in table.items():
            if key not in values[section]:
                known = ", ".join(sorted(values[section]))
                raise ConfigError(f"{origin}: unknown setting [{section}] {key} (known: {known})")
            values[section][key] = _check_type(section, key, value, values[section][key], origin)


def _parse_env(raw: str, default: Any) -> Any:
    if isinstance(default, str):
        return raw
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw  # reported as a type error by _check_type


def find_config_file(explicit: str | Path | None) -> Path | None:
    """--config, else MARSAD_CONFIG, else ./marsad.toml, else the per-user config file."""
    if explicit is None:
        explicit = os.environ.get("MARSAD_CONFIG") or None
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist")
        return path
    for candidate in (
        Path("marsad.toml"),
        Path(user_config_dir("marsad", appauthor=False)) / "marsad.toml",
    ):
        if candidate.is_file():
            return candidate
    return None


def load_settings(
    config: str | Path | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    defaults = load_defaults()
    values = copy.deepcopy(defaults)
    path = find_config_file(config)
    if path is not None:
        try:
            layer = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        _merge(values, layer, str(path))
    env = os.environ if environ is None else environ
    for section, table in defaults.items():
        for key, default in table.items():
            name = env_name(section, key)
            if name in env:
                _merge(values, {section: {key: _parse_env(env[name], default)}}, name)
    if overrides:
        _merge(values, overrides, "command line")
    return Settings(values=values, config_file=path)
