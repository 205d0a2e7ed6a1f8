"""What every command shares: settings, the store, consoles and JSON output."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from marsad.config import Settings, load_settings
from marsad.store import Store

# Piped output is not cut to 80 columns: tables stay readable in files and logs.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@dataclass
class State:
    """Global options, resolved lazily so ``--help`` never opens a database."""

    db: str | None = None
    config: str | None = None
    _settings: Settings | None = None
    _store: Store | None = None
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            overrides = dict(self.overrides)
            if self.db:
                overrides.setdefault("store", {})["db"] = self.db
            self._settings = load_settings(self.config, overrides)
        return self._settings

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(
                self.settings.db,
                signing_key=self.settings.get("audit", "signing_key") or None,
                key_file=self.settings.get("protect", "key_file") or None,
            )
        return self._store


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    assert isinstance(obj, State)
    return obj


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def progress(enabled: bool) -> Progress:
    """A progress bar on stderr, shown only on a terminal and never with --json."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not enabled,
    )
