"""The settings a server runs with, and where each came from, for the admins' settings page.

Read-only by choice: every setting is read once when ``marsad serve`` starts (several, such as the
address, the workers or the signing key, cannot change in a running server at all), and a page that
edits some of them would make the file, the environment and the running server disagree. Change them
in ``marsad.toml`` or the environment and restart. Passwords inside database URLs are masked.
"""

from __future__ import annotations

import os
import re
import tomllib
from typing import Any

from marsad.config import Settings, env_name, load_defaults

SOURCES = ("default", "file", "environment", "command line")
_URL_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def _mask(value: Any) -> Any:
    return _URL_PASSWORD.sub(r"\1***@", value) if isinstance(value, str) else value


def effective_settings(
    settings: Settings,
    flags: dict[str, dict[str, Any]] | None = None,
    environ: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Every key with its value and its source: the command line (``flags``) over the environment over
    the config file over the packaged default, the order ``marsad.config`` applies them in."""
    env = os.environ if environ is None else environ
    file_layer: dict[str, Any] = {}
    if settings.config_file is not None:
        try:
            file_layer = tomllib.loads(settings.config_file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            file_layer = {}  # changed since the server read it: the value shown is still the one in use
    flags = flags or {}
    rows = []
    for section, table in load_defaults().items():
        for key, default in table.items():
            variable = env_name(section, key)
            in_file = key in file_layer.get(section, {})
            if key in flags.get(section, {}):
                source = "command line"
            elif variable in env:
                source = "environment"
            elif settings.get(section, key) != (file_layer[section][key] if in_file else default):
                source = "command line"  # a global option (e.g. `marsad --db … serve`)
            elif in_file:
                source = "file"
            else:
                source = "default"
            rows.append(
                {
                    "section": section,
                    "key": key,
                    "value": _mask(
                        flags[section][key] if key in flags.get(section, {}) else settings.get(section, key)
                    ),
                    "source": source,
                    "environment": variable,
                }
            )
    return rows
