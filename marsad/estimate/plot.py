"""A picture of the estimate: documented count, estimated total and its interval, per stratum."""

from __future__ import annotations

from pathlib import Path

from marsad.estimate.errors import EstimateOptionError
from marsad.estimate.result import Report

FORMATS = (".png", ".svg")


def check_plot_path(path: Path) -> None:
    """Refuse an unusable --plot target before spending time on estimation."""
    if path.suffix.lower() not in FORMATS:
        raise EstimateOptionError(f"--plot must name a .png or .svg file, not {path.name!r}")
    if not path.parent.exists():
        raise EstimateOptionError(f"--plot: folder {path.parent} does not exist")


def plot_report(report: Report, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [(str(s) if s is not None else "all", e) for s, e in report.strata.items()]
    if report.combined is not None:
        rows.append(("combined", report.combined))
    fig, ax = plt.subplots(figsize=(8, 2.0 + 0.6 * len(rows)))
    for i, (_, e) in enumerate(reversed(rows)):
        ax.barh(i, e.documented, color="#9aa5b1", height=0.5, label="documented" if i == 0 else None)
        ax.errorbar(
            e.estimate,
            i,
            xerr=[[e.estimate - e.lower], [e.upper - e.estimate]],
            fmt="o",
            color="#b03a2e",
            capsize=4,
            label="estimated total, 95% interval" if i == 0 else None,
        )
    ax.set_yticks(range(len(rows)), [label for label, _ in reversed(rows)])
    ax.set_xlabel("people")
    ax.set_xlim(0, 1.05 * max(e.upper for _, e in rows))
    ax.set_title(f"Multiple systems estimation ({report.method})")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, fontsize="small", frameon=False)
    fig.tight_layout()
    try:
        fig.savefig(path)
    except OSError as exc:
        raise EstimateOptionError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        plt.close(fig)
