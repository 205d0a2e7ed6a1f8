"""``marsad resolve``, ``marsad incidents list|show`` and ``marsad run`` (the main job)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from marsad.cli.common import out, print_json, state
from marsad.errors import NotFoundError

app = typer.Typer(help="Incidents: one event from many reports, with every claim kept.", no_args_is_help=True)

LIST_KEYS = (
    "id", "event_type", "sub_event_type", "date_start", "date_end", "admin1", "admin1_code", "location",
    "latitude", "longitude", "geo_precision", "fatalities", "fatalities_low", "fatalities_high", "injured",
    "displaced", "victim_community", "sources", "n_sources", "n_reports", "status",
)  # fmt: skip


def _table(rows: list[dict[str, Any]]) -> None:
    table = Table("date", "place", "admin1", "type", "killed", "low–high", "sources", "reports", "id")
    for r in rows:
        high = "open" if r["fatalities_high"] is None else r["fatalities_high"]
        table.add_row(
            r["date_start"] or "",
            r["location"] or "",
            r["admin1"] or "",
            r["sub_event_type"] or "",
            str(r["fatalities"]),
            f"{r['fatalities_low']}–{high}",
            str(r["n_sources"]),
            str(r["n_reports"]),
            r["id"],
        )
    out.print(table)
    if not rows:
        out.print("no incidents")


def resolve(ctx: typer.Context) -> None:
    """Group new incident reports into incidents (tallies stay apart), updating incidents in place.

    Example: [bold]marsad resolve[/bold]
    """
    from marsad.resolve import run_resolve

    s = run_resolve(state(ctx).store)
    out.print(f"resolved {s.reports} new reports: {s.created} incidents created, {s.updated} updated")


@app.command("list")
def list_incidents(
    ctx: typer.Context,
    admin1: Annotated[str | None, typer.Option("--admin1", help="Only this governorate.")] = None,
    event_type: Annotated[
        str | None, typer.Option("--type", help="Only this event or sub-event type.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 100,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many first.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """List incidents by date.

    Example: [bold]marsad incidents list --admin1 Tartus --json[/bold]
    """
    rows = state(ctx).store.incidents(admin1=admin1, event_type=event_type, limit=limit, offset=offset)
    if as_json:
        print_json([{k: r.get(k) for k in LIST_KEYS} for r in rows])
    else:
        _table(rows)


@app.command("show")
def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Incident id (or a unique prefix).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """One incident with every source's claim and the words it came from.

    Example: [bold]marsad incidents show 01a2b3c4[/bold]
    """
    row = state(ctx).store.incident(ref)
    if row is None:
        raise NotFoundError(f"no incident {ref!r} (see `marsad incidents list`)")
    if as_json:
        print_json(row)
        return
    _table([row])
    for c in row["claims"]:
        high = "open" if c["fatalities_high"] is None else c["fatalities_high"]
        out.print(
            f"[bold]{escape(c['source'])}[/bold] ({c['fatalities']}, {c['fatalities_low']}–{high}), "
            f"document {c['document_id']} characters {c['span'][0]}–{c['span'][1]}:"
        )
        out.print(f"  {c['evidence']}", markup=False)


Note = Annotated[str | None, typer.Option("--note", help="Why (kept with the decision).")]


@app.command("confirm")
def confirm(
    ctx: typer.Context, ref: Annotated[str, typer.Argument(help="Incident id.")], note: Note = None
) -> None:
    """Mark an incident as checked by a person.

    Example: [bold]marsad incidents confirm 01a2b3c4 --note "matches our field report"[/bold]
    """
    from marsad.resolve import review

    review.confirm(state(ctx).store, ref, note)
    out.print("confirmed")


@app.command("reject")
def reject(
    ctx: typer.Context, ref: Annotated[str, typer.Argument(help="Incident id.")], note: Note = None
) -> None:
    """Mark an incident as not an event (it stays listed, with who rejected it and why).

    Example: [bold]marsad incidents reject 01a2b3c4 --note "historical mention"[/bold]
    """
    from marsad.resolve import review

    review.reject(state(ctx).store, ref, note)
    out.print("rejected")


@app.command("edit")
def edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Incident id.")],
    field: Annotated[str, typer.Argument(help="Field to correct, e.g. fatalities, location, date_start.")],
    value: Annotated[str, typer.Argument(help="The corrected value ('open' for no upper bound).")],
    note: Note = None,
) -> None:
    """Correct a field; the machine value is kept beside yours and later runs never overwrite it.

    Example: [bold]marsad incidents edit 01a2b3c4 fatalities 32 --note "names list of 32"[/bold]
    """
    from marsad.resolve import review

    review.edit(state(ctx).store, ref, field, value, note)
    out.print(f"{field} set to {value}")


@app.command("merge")
def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="Incident to keep.")],
    other: Annotated[str, typer.Argument(help="Incident whose reports move into it.")],
    note: Note = None,
) -> None:
    """Merge two incidents that are one event.

    Example: [bold]marsad incidents merge 01a2b3c4 01a2b3d9[/bold]
    """
    from marsad.resolve import review

    review.merge(state(ctx).store, keep, other, note)
    out.print("merged")


@app.command("split")
def split(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Incident id.")],
    report: Annotated[str, typer.Argument(help="Report id (or prefix) to take out.")],
    note: Note = None,
) -> None:
    """Take a report out of an incident into a new incident of its own.

    Example: [bold]marsad incidents split 01a2b3c4 01a2b3f0[/bold]
    """
    from marsad.resolve import review

    new = review.split(state(ctx).store, ref, report, note)
    out.print(f"split into {new}")


def run(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders to ingest first.", show_default=False)
    ],
    source: Annotated[
        str | None, typer.Option("--source", "-s", help="Source name for every document.")
    ] = None,
    sensitive: Annotated[
        bool, typer.Option("--sensitive", help="Testimonies: encrypt them at rest (see `marsad keys`).")
    ] = False,
) -> None:
    """The main job: ingest → clean → extract → resolve, then a summary.

    Example: [bold]marsad run examples/reports[/bold]
    """
    from marsad.clean import run_clean
    from marsad.extract import Extractor
    from marsad.extract.stage import run_extract
    from marsad.ingest import Ingester, iter_files
    from marsad.resolve import run_resolve

    st = state(ctx)
    store, settings = st.store, st.settings
    from marsad.cli.ingest import show_outcome

    if sensitive:
        from marsad.cli.keys import unlock_for_sensitive

        unlock_for_sensitive(store)
    ingester = Ingester(store, settings, source=source, on_outcome=show_outcome, sensitive=sensitive)
    for path in iter_files(paths, settings.get("ingest", "skip_hidden")):
        ingester.ingest_file(path)
    if ingester.summary.sealed:  # plain text sealed in place: no old copy left in free pages
        store.wipe_free_space()
    cleaned = run_clean(store, settings)
    extracted = run_extract(store, Extractor.load(store))
    resolved = run_resolve(store)
    s = ingester.summary
    out.print(
        f"{s.files} files: {s.stored} new documents, {s.known} already ingested, {s.quarantined} errors "
        f"(quarantined); "
        f"cleaned {cleaned.cleaned}; extracted {extracted.reports} reports ({extracted.tallies} tallies) "
        f"from {extracted.documents} documents; "
        f"{resolved.created} incidents created, {resolved.updated} updated"
    )
    if s.failed:
        raise typer.Exit(1)


def tallies(
    ctx: typer.Context,
    admin1: Annotated[str | None, typer.Option("--admin1", help="Only tallies for this governorate.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """Cumulative tolls as reported, per scope and source, never added to incidents; with the gap
    between the latest reported figure and the incidents documented in its scope and period.

    Example: [bold]marsad tallies --admin1 Latakia[/bold]
    """
    from marsad.resolve.tallies import tally_series

    rows = tally_series(state(ctx).store, admin1)
    if as_json:
        print_json(rows)
        return
    table = Table("scope", "reported by", "reported (date: killed)", "latest", "documented", "gap")
    for r in rows:
        points = ", ".join(f"{p['reported_on'] or '?'}: {_figure(p)}" for p in r["points"])
        table.add_row(
            r["scope"], r["source"], points, str(r["latest"]), str(r["documented_in_scope"]), str(r["gap"])
        )
    out.print(table)
    if not rows:
        out.print("no tallies")


def _figure(point: dict[str, Any]) -> str:
    low, high = point["fatalities"], point.get("fatalities_high")
    if high is None:
        return f"{low}+"
    return str(low) if high == low else f"{low}–{high}"


def register(main: typer.Typer) -> None:
    main.command(name="tallies")(tallies)
    main.command(name="resolve")(resolve)
    main.command(name="run")(run)
    main.add_typer(app, name="incidents")
