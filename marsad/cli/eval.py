"""``marsad eval``: score the extractor against a gold file, as the shared reference scorer does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from marsad.cli.common import err, out, print_json, progress, state
from marsad.errors import UsageError

if TYPE_CHECKING:
    from marsad.extract.evaluate import Summary

# marsad.extract is imported inside the functions: importing the package loads spaCy, and
# `marsad --help` or another command should not wait for that.

_SHOW_FAILURES = 10  # on stderr; the JSON and --details list every one


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _breakdown(title: str, name: str, blocks: dict[str, Any]) -> Table:
    table = Table(name, "records", "precision", "recall", "F1", "tp/fp/fn", title=title)
    for key, block in blocks.items():
        e = block["events"]["all"]
        table.add_row(
            escape(key),
            str(block["records"]),
            _pct(e["precision"]),
            _pct(e["recall"]),
            _pct(e["f1"]),
            f"{e['tp']}/{e['fp']}/{e['fn']}",
        )
    return table


def print_summary(data: dict[str, Any], gold: str) -> None:
    """The summary as Rich tables: events, fields on matched pairs, then by style and language."""
    from marsad.extract.evaluate import FIELDS, SUBSETS

    out.print(
        f"[bold]{escape(gold)}[/bold]: {data['records']} records, {data['gold_events']} gold events, "
        f"{data['predicted_events']} predicted events, {data['failed_records']} failed records"
    )
    overall = data["overall"]
    events = Table("events", "precision", "recall", "F1", "tp", "fp", "fn", title="event detection")
    for subset in SUBSETS:
        e = overall["events"][subset]
        events.add_row(
            subset,
            _pct(e["precision"]),
            _pct(e["recall"]),
            _pct(e["f1"]),
            str(e["tp"]),
            str(e["fp"]),
            str(e["fn"]),
        )
    out.print(events)
    fields = Table("field", "accuracy", "correct", "pairs", title="fields on matched pairs")
    for name in FIELDS:
        f = overall["fields"][name]
        fields.add_row(name, _pct(f["accuracy"]), str(f["correct"]), str(f["n"]))
    out.print(fields)
    out.print(_breakdown("by style", "style", data["by_style"]))
    out.print(_breakdown("by language", "language", data["by_lang"]))
    if data["invalid_predictions"]:
        out.print(f"predictions that were not objects (skipped): {data['invalid_predictions']}")


def _write_details(path: Path, summary: Summary) -> None:
    try:
        with path.open("w", encoding="utf-8") as f:
            for row in summary.details():
                f.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None


def eval_gold(
    ctx: typer.Context,
    gold: Annotated[
        Path,
        typer.Argument(
            help="Gold file: JSON Lines, one report per line with id, published, text and gold events.",
            show_default=False,
        ),
    ],
    details: Annotated[
        Path | None,
        typer.Option(
            "--details",
            help="Also write each record's pairs, misses and false predictions to this JSONL file.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """Score the extractor against a gold file: event precision/recall/F1 and field accuracy.

    Events are paired within each report as the shared reference scorer pairs them, so figures compare.

    A record the extractor fails on counts as missed and is listed; the command then exits 1.

    Example: [bold]marsad eval tests/gold/en.jsonl[/bold]
    """
    from marsad.extract import Extractor
    from marsad.extract.evaluate import evaluate, load_gold

    records = load_gold(gold)  # a bad gold file stops here, before the extractor loads
    if details is not None and details.resolve() == gold.resolve():
        raise UsageError(f"--details {details} would overwrite the gold file")
    extractor = Extractor.load(state(ctx).store)
    with progress(not as_json and err.is_terminal) as bar:
        task = bar.add_task("extracting", total=len(records))
        summary = evaluate(records, extractor, progress=lambda _record: bar.advance(task))
    if details is not None:
        _write_details(details, summary)
    data = {"gold_file": str(gold), **summary.as_dict()}
    if as_json:
        print_json(data)
    else:
        print_summary(data, str(gold))
    failures = summary.failures
    for failure in failures[:_SHOW_FAILURES]:
        err.print(f"[red]{escape(failure.record.id)}[/red]: extraction failed: {escape(failure.error or '')}")
    if len(failures) > _SHOW_FAILURES:
        more = "; --details lists them all" if details is None else f"; see {details}"
        err.print(f"… and {len(failures) - _SHOW_FAILURES} more failed records{escape(more)}")
    if failures:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command(name="eval")(eval_gold)
