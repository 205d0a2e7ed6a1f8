"""``marsad extract`` (files, or the store's documents) and ``marsad reports``."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from marsad.cli.common import err, out, print_json, state
from marsad.errors import NotFoundError, UsageError

reports_app = typer.Typer(
    help="Extracted event reports: list and show, with their evidence.", no_args_is_help=True
)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--published must be a date like 2025-03-09, not {value!r}") from None


def _file_items(path: Path, published: dt.date | None) -> list[tuple[str, dt.date | None, str]]:
    """(text, published, doc) for each document in a file, as the extraction contract reads files."""
    from marsad.ingest.decode import DecodeError, decode_text
    from marsad.ingest.readers import ReadContext, readers
    from marsad.ingest.sniff import binary_kind, detect_format
    from marsad.store import sha256_hex

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from None
    kind = binary_kind(data)
    if kind:
        raise UsageError(f"{path}: not a text report ({kind})")
    fmt = detect_format(path, data)
    if fmt == "jsonl":
        items = []
        for n, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UsageError(f"{path} line {n}: invalid JSON ({exc.msg})") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise UsageError(f'{path} line {n}: needs an object with a "text" string')
            own = _date(record["published"][:10]) if isinstance(record.get("published"), str) else None
            items.append((record["text"], own or published, str(record.get("id", f"{path.name}:{n}"))))
        return items
    if fmt == "html":
        results = readers.get("html").read(
            ReadContext(path=path, data=data, sha256=sha256_hex(data), source=None)
        )
        texts = [r for r in results if hasattr(r, "text")]
        if not texts:
            raise UsageError(f"{path}: HTML page without readable main text")
        item = texts[0]
        own = _date(item.published[:10]) if item.published else None  # type: ignore[union-attr]
        return [(item.text, published or own, path.name)]  # type: ignore[union-attr]
    try:
        text, _ = decode_text(data)
    except DecodeError as exc:
        raise UsageError(f"{path}: {exc}") from None
    from marsad.text.header import header_date

    # as at ingest: a report that states its date in its header ("BANIYAS, Syria, March 8, 2025 —") is read
    # against that date, not against today
    return [(text, published or header_date(text), path.name)]


def extract(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files to read (text, HTML, JSONL); none: the store.", show_default=False),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date of the files, YYYY-MM-DD (default: the date a report's header states, "
            "else today).",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl (one event per line) or table.")] = "table",
) -> None:
    """Extract events. With files: print them (the evaluation contract). Without: the store's new documents.

    Example: [bold]marsad extract report.txt --published 2025-03-09 --format jsonl[/bold]
    """
    from marsad.clean import CleanRules, clean_text
    from marsad.extract import Extractor

    if fmt not in ("jsonl", "table"):
        raise UsageError(f"--format must be jsonl or table, not {fmt!r}")
    st = state(ctx)
    pub = _date(published)
    extractor = Extractor.load(st.store)
    if not paths:
        from marsad.extract.stage import run_extract

        summary = run_extract(st.store, extractor)
        out.print(
            f"extracted {summary.reports} reports ({summary.tallies} tallies) from {summary.documents} "
            f"documents with {extractor.version}"
        )
        return
    settings = st.settings
    rules = CleanRules.from_patterns(
        settings.get("clean", "boilerplate"),
        settings.get("clean", "title_max_chars"),
        settings.get("clean", "repeat_min_words"),
    )
    failed = 0
    rows: list[dict[str, Any]] = []
    for path in paths:
        try:
            items = _file_items(path, pub)
        except UsageError as exc:
            err.print(f"[red]error:[/red] {escape(exc.message)}")
            failed += 1
            continue
        for text, when, doc in items:
            cleaned, _ = clean_text(text, None, rules)
            for event in extractor.extract(cleaned, when or dt.date.today(), doc):
                if fmt == "jsonl":
                    sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
                else:
                    rows.append(event)
    if fmt == "table":
        _table(rows)
    if failed:
        raise typer.Exit(1)


def _table(rows: list[dict[str, Any]]) -> None:
    table = Table("doc", "date", "type", "admin1", "location", "killed", "range", "tally", "according to")
    for e in rows:
        high = "open" if e["fatalities_high"] is None else e["fatalities_high"]
        table.add_row(
            str(e["doc"]),
            e["event_date"],
            e["sub_event_type"] or e["event_type"],
            e["admin1"] or "",
            e["location"] or "",
            str(e["fatalities"]),
            f"{e['fatalities_low']}–{high}",
            "yes" if e["is_tally"] else "",
            ", ".join(e["source_attribution"]),
        )
    out.print(table)
    if not rows:
        out.print("no events")


@reports_app.command("list")
def list_reports(
    ctx: typer.Context,
    document: Annotated[str | None, typer.Option("--doc", help="Only reports from this document id.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="Only this ACLED event type.")] = None,
    admin1: Annotated[str | None, typer.Option("--admin1", help="Only this governorate.")] = None,
    tallies: Annotated[
        bool | None,
        typer.Option("--tallies/--incidents", help="Only tallies, or only incidents.", show_default=False),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """List extracted reports, by event date.

    Example: [bold]marsad reports list --admin1 Latakia --incidents[/bold]
    """
    rows = state(ctx).store.reports(
        document_id=document, event_type=event_type, admin1=admin1, tallies=tallies, limit=limit
    )
    if as_json:
        print_json(rows)
    else:
        _table(rows)


@reports_app.command("show")
def show_report(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Report id (or a unique prefix).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """One report with every field and the sentence it was read from.

    Example: [bold]marsad reports show 01a2b3c4 --json[/bold]
    """
    row = state(ctx).store.report(ref)
    if row is None:
        raise NotFoundError(f"no report {ref!r} (see `marsad reports list`)")
    if as_json:
        print_json(row)
        return
    for key, value in row.items():
        if key != "evidence":
            out.print(f"[bold]{key}[/bold]: {escape(str(value))}")
    out.print(f"[bold]evidence[/bold] (characters {row['span'][0]}–{row['span'][1]}):")
    out.print(row["evidence"], markup=False)


def register(app: typer.Typer) -> None:
    app.command(name="extract")(extract)
    app.add_typer(reports_app, name="reports")
