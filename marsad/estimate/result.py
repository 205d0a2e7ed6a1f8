"""What every method returns, and how strata are summed (assuming strata are independent)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

LEVEL = 0.95
INDEPENDENCE_CAVEAT = (
    "the combined figure sums the strata; its interval assumes the strata are estimated independently"
)


@dataclass
class Estimate:
    """An estimated total with a 95% interval, and the evidence a reader needs to judge it."""

    method: str
    documented: int
    estimate: float
    lower: float
    upper: float
    lists: list[str]
    diagnostics: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Draws from the (approximate) distribution of the total, used to sum strata; not printed.
    draws: np.ndarray | None = field(default=None, repr=False)

    @property
    def undocumented(self) -> float:
        return self.estimate - self.documented

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "documented": self.documented,
            "estimate": round(float(self.estimate), 1),
            "undocumented": round(float(self.undocumented), 1),
            "lower": round(float(self.lower), 1),
            "upper": round(float(self.upper), 1),
            "level": LEVEL,
            "lists": self.lists,
            "warnings": self.warnings,
            "diagnostics": _plain(self.diagnostics),
        }


@dataclass
class Report:
    """One estimate, or one per stratum plus their sum."""

    method: str
    strata: dict[str | None, Estimate]
    combined: Estimate | None = None

    @property
    def overall(self) -> Estimate:
        if self.combined is not None:
            return self.combined
        return next(iter(self.strata.values()))

    def as_dict(self) -> dict[str, Any]:
        if self.combined is None:
            return self.overall.as_dict()
        out = self.combined.as_dict()
        out["note"] = INDEPENDENCE_CAVEAT
        out["strata"] = [{"stratum": s, **e.as_dict()} for s, e in self.strata.items()]
        return out


def combine(method: str, estimates: dict[str | None, Estimate], seed: int | None) -> Estimate:
    """Sum strata: point estimates add; the interval comes from summing independent draws."""
    rng = np.random.default_rng(seed)
    size = 20_000
    total = np.zeros(size)
    for e in estimates.values():
        assert e.draws is not None and len(e.draws)
        total += rng.choice(e.draws, size=size, replace=True)
    lower, upper = np.quantile(total, [(1 - LEVEL) / 2, (1 + LEVEL) / 2])
    lists = sorted({name for e in estimates.values() for name in e.lists})
    warnings = [f"{s}: {w}" for s, e in estimates.items() for w in e.warnings]
    return Estimate(
        method=method,
        documented=sum(e.documented for e in estimates.values()),
        estimate=float(sum(e.estimate for e in estimates.values())),
        lower=float(lower),
        upper=float(upper),
        lists=lists,
        diagnostics={"strata": len(estimates), "assumption": INDEPENDENCE_CAVEAT},
        warnings=warnings,
        draws=total,
    )


def _plain(value: Any) -> Any:
    """NumPy scalars and arrays into JSON-ready Python values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        v = float(value)
        return round(v, 4) if np.isfinite(v) else None
    return value
