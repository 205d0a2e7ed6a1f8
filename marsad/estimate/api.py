"""Estimation entry points: pick a method from the registry, run it per stratum, sum the strata."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from marsad.estimate.dga import dga
from marsad.estimate.errors import EstimateOptionError
from marsad.estimate.lcmcr import lcmcr
from marsad.estimate.loglinear import loglinear
from marsad.estimate.result import Estimate, Report, combine
from marsad.estimate.table import CaptureTable
from marsad.registry import Registry

Method = Callable[..., Estimate]
methods: Registry[Method] = Registry("estimation method")
methods.register("loglinear")(loglinear)
methods.register("dga")(dga)
methods.register("lcmcr")(lcmcr)

# Options each method accepts from the CLI (others are ignored for that method).
OPTIONS = {
    "loglinear": {"criterion", "seed"},
    "dga": {"seed", "delta"},
    "lcmcr": {"iterations", "burn_in", "thin", "max_classes", "seed"},
}


def estimate(
    tables: Mapping[str | None, CaptureTable],
    method: str = "loglinear",
    seed: int | None = None,
    **options: Any,
) -> Report:
    """Estimate each stratum (``None`` = unstratified); with several strata, also their sum."""
    if method not in methods:
        raise EstimateOptionError(f"--method must be one of {', '.join(methods)}, not {method!r}")
    run = methods.get(method)
    accepted = {k: v for k, v in options.items() if k in OPTIONS.get(method, set(options)) and v is not None}
    strata: dict[str | None, Estimate] = {}
    for i, (name, table) in enumerate(sorted(tables.items(), key=lambda kv: (kv[0] is None, str(kv[0])))):
        where = f"stratum {name!r}" if name is not None else ""
        strata[name] = run(table, seed=None if seed is None else seed + i, where=where, **accepted)
    combined = combine(method, strata, seed) if len(strata) > 1 else None
    return Report(method, strata, combined)
