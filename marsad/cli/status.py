"""``marsad status``: what the store holds, and what was refused and why."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from marsad.cli.common import out, print_json, state


def status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """Documents by language and source, near-duplicates, dropped repeats, and the quarantine.

    Example: [bold]marsad status --json[/bold]
    """
    st = state(ctx)
    store = st.store
    counts = store.status()
    quarantine = store.list_quarantine()
    if as_json:
        counts["database"] = store.url
        counts["quarantine"] = [
            {
                "path": q.path,
                "locator": q.locator,
                "reason": str(q.reason),
                "message": q.message,
                "sha256": q.sha256,
                "at": q.at.isoformat() if q.at else None,
            }
            for q in quarantine
        ]
        print_json(counts)
        return
    out.print(f"[bold]database[/bold]: {store.url}")
    out.print(f"[bold]documents[/bold]: {counts['documents']}, near-duplicates: {counts['near_duplicates']}")
    langs = Table("language", "documents", title="by language")
    for lang, n in sorted(counts["by_language"].items()):
        langs.add_row(lang, str(n))
    out.print(langs)
    sources = Table("source", "documents", title="by source")
    for name, n in counts["by_source"].items():
        sources.add_row(name, str(n))
    out.print(sources)
    if counts["dropped_parts"]:
        out.print(
            "dropped by cleaning: "
            + ", ".join(
                f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(counts["dropped_parts"].items())
            )
        )
    if quarantine:
        table = Table("file", "where", "reason", "message", title=f"quarantine ({len(quarantine)})")
        for q in quarantine:
            table.add_row(q.path, q.locator or "", str(q.reason), q.message)
        out.print(table)
    else:
        out.print("quarantine: empty")


def register(app: typer.Typer) -> None:
    app.command(name="status")(status)
