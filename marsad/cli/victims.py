"""``marsad victims``: import victim lists, link them into persons, review, export, list."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from marsad.cli.common import err, out, print_json, state
from marsad.errors import UsageError

app = typer.Typer(
    help="Victim lists: import, link records into persons, review, export.", no_args_is_help=True
)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx list, one victim per row, header first.")],
    source: Annotated[str, typer.Option("--source", "-s", help="Who made the list (required).")],
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map", "-m", help="column=field, for columns not named like Marsad's fields (repeat)."
        ),
    ] = None,
    rejects: Annotated[
        Path | None, typer.Option("--rejects", help="Where bad rows go (default: ./NAME.rejects.csv).")
    ] = None,
    sensitive_column: Annotated[
        list[str] | None,
        typer.Option(
            "--sensitive-column",
            help="Seal this column too (repeat); witness_name, witness_contact, exact_address and notes "
            "always are. Needs the data key (`marsad keys init`).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Import a victim list; bad rows are reported with their line and kept in a rejects file.

    Example: [bold]marsad victims import list.csv --source "Local committee" --map Name=full_name[/bold]
    """
    from marsad.link.importer import LazyGeocoder, import_victims, parse_mapping

    pairs = parse_mapping(mapping or [])
    store = state(ctx).store
    result = import_victims(
        store,
        file,
        source,
        pairs,
        rejects=rejects,
        geocoder=LazyGeocoder(store),
        sensitive_columns=sensitive_column,
    )
    for r in result.rejected:
        err.print(f"{file}:{r['line']}: rejected: {r['reason']}")
    if as_json:
        print_json(result.as_dict())
    elif result.skipped_file:
        out.print(f"{file} was already imported for {source!r}: nothing to do")
    else:
        out.print(
            f"{file}: {result.added} records added for {source!r}, {result.already_stored} already stored, "
            f"{len(result.rejected)} rejected"
            + (f" (see {result.rejects_file})" if result.rejects_file else "")
        )
        if result.unknown_columns:
            out.print(f"kept as extra columns: {', '.join(result.unknown_columns)}")
    if result.rejected:
        raise typer.Exit(1)


@app.command("link")
def link(
    ctx: typer.Context,
    threshold: Annotated[
        float | None, typer.Option("--threshold", "-t", help="Match probability to join two records.")
    ] = None,
    review_threshold: Annotated[
        float | None, typer.Option("--review-threshold", help="Pairs from here to --threshold go to review.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Link every stored record into unique persons (Splink on DuckDB) and save the run.

    Example: [bold]marsad victims link --threshold 0.95 --json[/bold]
    """
    from marsad.link.model import LinkOptions
    from marsad.link.run import link_victims

    st = state(ctx)
    opts = LinkOptions.from_settings(
        st.settings, match_threshold=threshold, review_threshold=review_threshold
    )
    summary = link_victims(st.store, opts)
    if as_json:
        print_json(summary)
        return
    out.print(
        f"{summary['records']} records → {summary['persons']} persons "
        f"({summary['pairs_matched']} pairs matched, {summary['review_pairs']} to review) "
        f"in {summary['seconds']} s; run {summary['run_id']}"
    )
    out.print(
        "persons by number of lists: "
        + ", ".join(f"{k}: {v}" for k, v in summary["persons_by_number_of_sources"].items())
    )
    names = list(summary["overlap"])
    out.print("overlap (persons in both lists):")
    for a in names:
        out.print(f"  {a}: " + ", ".join(f"{b} {summary['overlap'][a][b]}" for b in names))


@app.command("review")
def review(
    ctx: typer.Context,
    record_a: Annotated[str | None, typer.Argument(help="First record id (to decide a pair).")] = None,
    record_b: Annotated[str | None, typer.Argument(help="Second record id.")] = None,
    same: Annotated[bool, typer.Option("--same", help="They are the same person.")] = False,
    different: Annotated[bool, typer.Option("--different", help="They are not the same person.")] = False,
    note: Annotated[str | None, typer.Option("--note", help="Why (kept with the decision).")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Pairs to list.")] = 20,
    show_all: Annotated[bool, typer.Option("--all", help="List decided pairs too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """List uncertain pairs, or decide one: later runs always obey decisions.

    Example: [bold]marsad victims review[/bold], then
    [bold]marsad victims review 01a2… 01a3… --different[/bold]
    """
    from marsad.link.review import decide, pending_pairs

    store = state(ctx).store
    if record_a is None and record_b is None:
        if same or different:
            raise UsageError("give the two record ids to decide: marsad victims review A B --same")
        pairs, counts = pending_pairs(store, limit=limit, include_decided=show_all)
        if as_json:
            print_json({"counts": counts, "pairs": pairs})
            return
        out.print(f"{counts['pending']} pairs to review ({counts['decided']} decided) in the latest run")
        for p in pairs:
            out.print(f"p={p['match_probability']:.3f}")
            for side in ("a", "b"):
                r = p[side]
                out.print(
                    f"  {r['id']}  {r['source']}#{r.get('record_id') or r.get('line')}: {r['full_name']} | "
                    f"{r.get('date_of_death') or '?'} | {r.get('place_of_death') or '?'} | "
                    f"{r.get('sex') or '?'} | age {r.get('age') or '?'}"
                )
        return
    if record_a is None or record_b is None:
        raise UsageError("a decision needs two record ids")
    if same == different:
        raise UsageError("say --same or --different")
    result = decide(store, record_a, record_b, "same" if same else "different", note)
    if as_json:
        print_json(result)
    else:
        out.print(
            f"recorded: {result['a']} and {result['b']} are {result['decision']}; run `marsad victims link`"
        )


@app.command("export")
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv (one row per input record).")] = "csv",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    reveal: Annotated[
        bool,
        typer.Option(
            "--reveal",
            help="Include sealed columns (witness name and contact, address, notes) in the clear; needs "
            "the data key, and is recorded in the custody log. Without it: the witness pseudonym only.",
        ),
    ] = False,
) -> None:
    """Export every record with its person and match probability (latest run).

    Example: [bold]marsad victims export --format csv -o persons.csv[/bold]
    """
    from marsad.link.export import COLUMNS, export_rows

    if fmt != "csv":
        raise UsageError(f"--format must be csv, not {fmt!r}")
    store = state(ctx).store
    rows = export_rows(store)
    columns = list(COLUMNS)
    if reveal or store.victims_sealed():
        from marsad.protect.victims import add_to_export

        columns, rows = add_to_export(store, columns, rows, reveal)
    if output is None:
        _write_csv(sys.stdout, columns, rows)
    else:
        try:
            with open(output, "w", encoding="utf-8", newline="") as f:
                _write_csv(f, columns, rows)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror}") from None
    what = "csv (sealed columns revealed)" if reveal else "csv"
    store.record_victim_export(what, len(rows), str(output) if output else "stdout")
    if output:
        err.print(f"wrote {len(rows)} records to {output}")


@app.command("list")
def list_(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Option("--source", help="Only this list.")] = None,
    person: Annotated[str | None, typer.Option("--person", help="Only records of this person.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show.")] = 50,
    offset: Annotated[int, typer.Option("--offset", help="Rows to skip.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """List victim records with the person the latest run put them in.

    Example: [bold]marsad victims list --source "Local committee" --limit 20[/bold]
    """
    store = state(ctx).store
    from marsad.protect.victims import shown

    # sealed values as "(sealed)", the witness by pseudonym: `victims export --reveal` opens them
    rows = [shown(r) for r in store.victims(source=source, person_id=person, limit=limit, offset=offset)]
    if as_json:
        print_json(rows)
        return
    counts = store.victim_counts()
    out.print(f"{sum(counts.values())} records: " + ", ".join(f"{s} {n}" for s, n in counts.items()))
    for r in rows:
        out.print(
            f"{r['id']}  {r['source']}  {r['full_name']}  {r['date_of_death'] or '?'}  "
            f"{r['place_of_death'] or '?'}  person {r['person_id'] or '-'}"
        )


def _write_csv(f: Any, columns: list[str], rows: list[dict[str, Any]]) -> None:
    w = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)


def register(main: typer.Typer) -> None:
    main.add_typer(app, name="victims")
