"""``marsad export``: incidents as ACLED-style CSV, GeoJSON, HXL CSV, JSON Lines or Parquet."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from marsad.cli.common import err, state
from marsad.errors import UsageError


def export(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="acled-csv, geojson, hxl-csv, jsonl or parquet.")
    ] = "acled-csv",
    since: Annotated[
        str | None, typer.Option("--since", help="Only incidents on or after this date.")
    ] = None,
    admin1: Annotated[str | None, typer.Option("--admin1", help="Only this governorate.")] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="Only this event or sub-event type.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help="For publication: incidents known only from testimonies are given at district and "
            "week level, without coordinates or source names.",
        ),
    ] = False,
) -> None:
    """Export incidents (every export is recorded in the audit log).

    Example: [bold]marsad export --format acled-csv --since 2025-03-01 -o incidents.csv[/bold]
    """
    from marsad.export import BINARY, exporters, write_export

    if fmt not in exporters:
        raise UsageError(f"--format must be one of {', '.join(exporters)}, not {fmt!r}")
    try:
        day = dt.date.fromisoformat(since) if since else None
    except ValueError:
        raise UsageError(f"--since must be a date like 2025-03-01, not {since!r}") from None
    binary = fmt in BINARY
    if output is None and binary and sys.stdout.isatty():
        raise UsageError(f"{fmt} is a binary format: write it to a file with -o FILE")
    store = state(ctx).store
    incidents = store.incidents(admin1=admin1, event_type=event_type, since=day, limit=10**9)
    if public:
        from marsad.export.public import coarsen

        hidden = store.testimony_only([i["id"] for i in incidents])
        incidents = [coarsen(i) if i["id"] in hidden else i for i in incidents]
    if output is None:
        _, n = write_export(fmt, incidents, sys.stdout.buffer if binary else sys.stdout)
    else:
        try:
            with open(output, "wb") if binary else open(output, "w", encoding="utf-8", newline="") as f:
                _, n = write_export(fmt, incidents, f)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror}") from None
        err.print(f"wrote {n} incidents to {output}")
    store.record_export(fmt + (" (public)" if public else ""), n, str(output) if output else "stdout")


def register(app: typer.Typer) -> None:
    app.command(name="export")(export)
