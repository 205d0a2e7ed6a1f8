"""``marsad ingest``: store files, folders, HTML, feeds and JSONL; clean what is new."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from marsad.cli.common import err, out, print_json, progress, state
from marsad.errors import UsageError

if TYPE_CHECKING:
    from marsad.ingest import Outcome


def show_outcome(outcome: Outcome, verbose: bool = False) -> None:
    """A quarantined input always gets its line on stderr; the others only with --verbose."""
    where = escape(outcome.path + (f" ({outcome.locator})" if outcome.locator else ""))
    if outcome.status == "quarantined":
        err.print(f"[red]{where}[/red]: {escape(outcome.message)}")
    elif verbose:
        err.print(
            f"{where}: {escape(outcome.message)}"
            + (f" [dim]{outcome.document_id}[/dim]" if outcome.document_id else "")
        )


def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders (walked recursively).", show_default=False)
    ],
    source: Annotated[
        str | None,
        typer.Option("--source", "-s", help="Source name for every document (overrides what files say)."),
    ] = None,
    max_file_mb: Annotated[
        float | None,
        typer.Option(
            "--max-file-mb",
            min=0.001,
            help="Refuse files larger than this (default 20, [ingest] max_file_mb).",
        ),
    ] = None,
    clean: Annotated[
        bool,
        typer.Option(
            "--clean/--no-clean", help="Clean new documents right away (language, repeats, near-duplicates)."
        ),
    ] = True,
    sensitive: Annotated[
        bool,
        typer.Option(
            "--sensitive",
            help="Testimonies: encrypt text and original bytes with the data key (see `marsad keys`).",
        ),
    ] = False,
    witness: Annotated[
        str | None,
        typer.Option(
            "--witness",
            help="With --sensitive: who gave these testimonies; stored encrypted, shown as a pseudonym.",
        ),
    ] = None,
    witness_contact: Annotated[
        str | None,
        typer.Option("--witness-contact", help="How to reach the witness (encrypted like the name)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary on stdout.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print a line for every file.")] = False,
) -> None:
    """Ingest reports: plain text, HTML, RSS/Atom and JSON Lines, keeping the original bytes.

    Re-ingesting the same bytes does nothing. A bad file gets one line on stderr and is
    quarantined (see [bold]marsad status[/bold]); the rest of the batch continues and the
    command exits 1 at the end.

    Example: [bold]marsad ingest examples/reports --source "Coastal Monitor"[/bold]
    """
    # imported here so that other commands start without loading parsers and MinHash
    from marsad.clean import run_clean
    from marsad.ingest import Ingester, iter_files
    from marsad.protect.witness import WitnessInput

    st = state(ctx)
    if source is not None and not source.strip():
        raise UsageError("--source must not be empty")
    if (witness is not None or witness_contact is not None) and not sensitive:
        raise UsageError(
            "--witness and --witness-contact need --sensitive: a witness is never stored in the clear"
        )
    if witness_contact is not None and witness is None:
        raise UsageError("--witness-contact needs --witness (the name)")
    given = WitnessInput.of(witness, witness_contact, where="--witness") if witness is not None else None
    if max_file_mb is not None:
        st.overrides.setdefault("ingest", {})["max_file_mb"] = max_file_mb
    settings = st.settings
    store = st.store
    if sensitive:
        from marsad.cli.keys import unlock_for_sensitive

        unlock_for_sensitive(store)
    files = list(iter_files(paths, settings.get("ingest", "skip_hidden")))

    ingester = Ingester(
        store,
        settings,
        source=source,
        on_outcome=lambda o: show_outcome(o, verbose and not as_json),
        sensitive=sensitive,
        witness=given,
    )
    with progress(not as_json and err.is_terminal) as bar:
        task = bar.add_task("ingesting", total=len(files))
        for path in files:
            ingester.ingest_file(path)
            bar.advance(task)
    summary = ingester.summary
    if summary.sealed:  # plain text sealed in place: no old copy left in free pages
        store.wipe_free_space()
    cleaned = None
    if clean:
        with progress(not as_json and err.is_terminal) as bar:
            task = bar.add_task("cleaning", total=None)
            cleaned = run_clean(
                store, settings, lambda done, total: bar.update(task, completed=done, total=total)
            )
    result = {
        "files": summary.files,
        "stored": summary.stored,
        "already_ingested": summary.known,
        "sealed_in_place": summary.sealed,
        "quarantined": summary.quarantined,
        "cleaned": cleaned.cleaned if cleaned else 0,
        "near_duplicates": cleaned.near_duplicates if cleaned else 0,
        "problems": [
            {"path": o.path, "locator": o.locator, "reason": str(o.reason), "message": o.message}
            for o in summary.outcomes
            if o.status == "quarantined"
        ],
    }
    if as_json:
        print_json(result)
    else:
        line = (
            f"{summary.files} files: {summary.stored} new documents, "
            f"{summary.known} already ingested, {summary.quarantined} errors (quarantined)"
        )
        out.print(line)
        if summary.sealed:
            out.print(
                f"{summary.sealed} documents stored in the clear before are now sealed (sensitive), "
                "or got their witness"
            )
        if cleaned and cleaned.cleaned:
            out.print(
                f"cleaned {cleaned.cleaned} documents: {cleaned.near_duplicates} near-duplicates, "
                f"{cleaned.dropped_parts} repeated or boilerplate parts dropped"
            )
        if not summary.stored and not summary.quarantined and not summary.sealed:
            out.print("nothing new to ingest")
    if summary.failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command(name="ingest")(ingest)
