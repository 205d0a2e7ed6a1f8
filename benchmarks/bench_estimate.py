"""Estimation at scale: LCMCR on 4 lists × 10,000 documented people, and log-linear averaging on 5 lists.

Synthetic populations (two groups, one harder for every list to record) are drawn with a fixed seed.
Baseline in the same run: one Poisson GLM fit of the independence model on the same table — the
cheapest estimate there is — so the ratios say how many such fits each method costs.

Usage: python benchmarks/bench_estimate.py [--iterations 10000] [--burn-in 1000] [--observed 10000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from marsad.estimate import CaptureTable
from marsad.estimate.lcmcr import lcmcr
from marsad.estimate.loglinear import design, fit_model, loglinear


def population(rng: np.random.Generator, lists: int, observed: int) -> tuple[CaptureTable, int]:
    """Draw people until exactly ``observed`` are on some list; returns the table and the true total."""
    size = observed * 4
    hard = rng.random(size) < 0.5
    probs = np.where(hard[:, None], rng.uniform(0.15, 0.35, lists), rng.uniform(0.4, 0.7, lists))
    seen = rng.random((size, lists)) < probs
    on_any = np.flatnonzero(seen.any(axis=1))
    assert len(on_any) >= observed, "population too small"
    total = int(on_any[observed - 1]) + 1
    seen = seen[:total]
    counts = np.bincount(seen @ (1 << np.arange(lists)), minlength=2**lists)
    counts[0] = 0
    return CaptureTable(tuple(f"list{j + 1}" for j in range(lists)), counts.astype(np.int64)), total


def baseline(table: CaptureTable, repeat: int = 20) -> float:
    """Seconds for one independence-model GLM fit (best of ``repeat``)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fit_model(table, design(table.k), "independence")
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--burn-in", type=int, default=1_000)
    parser.add_argument("--observed", type=int, default=10_000)
    args = parser.parse_args()
    rng = np.random.default_rng(8)

    table, truth = population(rng, 4, args.observed)
    base = baseline(table)
    t0 = time.perf_counter()
    est = lcmcr(table, iterations=args.iterations, burn_in=args.burn_in, thin=10, seed=1)
    took = time.perf_counter() - t0
    sweeps = args.iterations + args.burn_in
    print(
        f"lcmcr      4 lists, {table.n} documented (true N {truth}): {sweeps} sweeps in {took:.2f} s "
        f"({sweeps / took:,.0f}/s); estimate {est.estimate:,.0f} [{est.lower:,.0f}, {est.upper:,.0f}], "
        f"ESS {est.diagnostics['effective_sample_size']:.0f}; "
        f"baseline GLM {base * 1000:.2f} ms; ratio {took / base:,.0f}"
    )

    table, truth = population(rng, 5, args.observed)
    base = baseline(table)
    t0 = time.perf_counter()
    est = loglinear(table)
    took = time.perf_counter() - t0
    fitted = est.diagnostics["models_fitted"]
    print(
        f"loglinear  5 lists, {table.n} documented (true N {truth}): {fitted} hierarchical models in "
        f"{took:.2f} s ({took / fitted * 1000:.2f} ms/model); estimate {est.estimate:,.0f} "
        f"[{est.lower:,.0f}, {est.upper:,.0f}]; baseline GLM {base * 1000:.2f} ms; ratio {took / base:,.0f}"
    )


if __name__ == "__main__":
    main()
