"""``marsad estimate``: how many victims the lists missed (multiple systems estimation)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from marsad.cli.common import err, out, print_json, state
from marsad.errors import MarsadError

if TYPE_CHECKING:
    from marsad.estimate import CaptureTable, Estimate, Report

NO_HISTORIES = (
    "no linked victim lists in this database: run `marsad victims link` first, or pass --counts FILE.csv"
)


def estimate(
    ctx: typer.Context,
    method: Annotated[
        str, typer.Option("--method", "-m", help="loglinear, dga or lcmcr.", show_default=True)
    ] = "loglinear",
    by: Annotated[
        str | None,
        typer.Option(
            "--by", help="Estimate per stratum (e.g. admin1), then sum; with --counts, a column name."
        ),
    ] = None,
    counts: Annotated[
        Path | None,
        typer.Option(
            "--counts", help="CSV: one 0/1 column per list and a 'count' column, one row per pattern."
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed (sampling, intervals of summed strata).")
    ] = 1,
    criterion: Annotated[str, typer.Option("--criterion", help="loglinear: aic or bic.")] = "aic",
    iterations: Annotated[
        int, typer.Option("--iterations", help="lcmcr: sweeps kept after burn-in.")
    ] = 10_000,
    burn_in: Annotated[int, typer.Option("--burn-in", help="lcmcr: sweeps discarded first.")] = 5_000,
    thin: Annotated[int, typer.Option("--thin", help="lcmcr: keep every n-th sweep.")] = 10,
    max_classes: Annotated[
        int, typer.Option("--max-classes", help="lcmcr: latent classes (truncation K).")
    ] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Also draw the estimates to FILE.png or FILE.svg.")
    ] = None,
) -> None:
    """Estimate the total number of victims, documented and undocumented, from overlapping lists.

    Example: [bold]marsad estimate --counts lists.csv --method lcmcr --json[/bold]
    """
    from marsad.estimate import estimate as run_estimate
    from marsad.estimate import read_counts_csv
    from marsad.estimate.plot import check_plot_path, plot_report

    if plot is not None:
        check_plot_path(plot)
    tables = read_counts_csv(counts, by=by) if counts is not None else _from_registry(ctx, by)
    report = run_estimate(
        tables,
        method,
        seed=seed,
        criterion=criterion,
        iterations=iterations,
        burn_in=burn_in,
        thin=thin,
        max_classes=max_classes,
    )
    if plot is not None:
        plot_report(report, plot)
        err.print(f"wrote {plot}")
    if as_json:
        print_json(report.as_dict())
    else:
        _print(report)


def _from_registry(ctx: typer.Context, by: str | None) -> dict[str | None, CaptureTable]:
    """Capture histories of linked persons from the victim registry (``marsad.link``), if present."""
    from marsad.estimate import CaptureTable, NoCaptureHistories

    try:
        from marsad.link.histories import capture_histories
    except ImportError:
        raise NoCaptureHistories(NO_HISTORIES) from None
    try:
        histories = capture_histories(state(ctx).store, by=by)
    except MarsadError as exc:
        if type(exc).__name__ == "NoLinkageRun":  # the linker's "nothing linked yet"
            raise NoCaptureHistories(NO_HISTORIES) from None
        raise
    except ValueError as exc:
        raise NoCaptureHistories(f"cannot read capture histories: {exc}") from None
    tables = {}
    for stratum, (lists, patterns) in (histories or {}).items():
        try:
            table = CaptureTable.from_patterns(lists, patterns)
        except ValueError as exc:
            raise NoCaptureHistories(f"the victim registry gave an unusable capture table: {exc}") from None
        if table.n:
            tables[stratum] = table
    if not tables:
        raise NoCaptureHistories(NO_HISTORIES)
    return tables


def _print(report: Report) -> None:
    from rich.table import Table

    table = Table(
        "stratum", "documented", "estimate", "undocumented", "95% interval", title=f"method: {report.method}"
    )
    rows: list[tuple[str, Estimate]] = [
        (str(s) if s is not None else "all", e) for s, e in report.strata.items()
    ]
    if report.combined is not None:
        rows.append(("combined*", report.combined))
    for name, e in rows:
        table.add_row(
            name,
            str(e.documented),
            f"{e.estimate:,.0f}",
            f"{e.undocumented:,.0f}",
            f"{e.lower:,.0f} – {e.upper:,.0f}",
        )
    out.print(table)
    if report.combined is not None:
        out.print("* the combined figure sums the strata; its interval assumes the strata are independent")
    for name, e in report.strata.items():
        _print_diagnostics("" if name is None else f"{name}: ", e.diagnostics)
    for e in [*report.strata.values()]:
        for w in e.warnings:
            out.print(f"[yellow]warning:[/yellow] {w}")


def _print_diagnostics(prefix: str, d: dict[str, Any]) -> None:
    sizes = ", ".join(f"{k} {v}" for k, v in d["list_sizes"].items())
    out.print(f"{prefix}list sizes: {sizes}")
    overlaps = ", ".join(f"{k} {v}" for k, v in d["pairwise_overlaps"].items())
    out.print(f"{prefix}overlaps: {overlaps}")
    out.print(
        f"{prefix}cells: {d['cells']} combinations, {d['empty_cells']} empty, {d['sparse_cells']} under 5"
    )
    if "models" in d:
        share = "weight" if "weight" in (d["models"] or [{}])[0] else "probability"
        key = "name" if share == "weight" else "graph"
        top = "; ".join(f"{m[key]} {m[share]:.2f}" for m in d["models"][:3])
        out.print(f"{prefix}top models ({share}): {top}")
    if "effective_sample_size" in d:
        out.print(
            f"{prefix}chain: {d['draws']} draws, effective sample size {d['effective_sample_size']:.0f}, "
            f"Geweke z {d['geweke_z']:.2f}"
        )
    if "prior_on_N" in d:
        out.print(f"{prefix}prior on N: {d['prior_on_N']}")


def register(app: typer.Typer) -> None:
    app.command(name="estimate")(estimate)
