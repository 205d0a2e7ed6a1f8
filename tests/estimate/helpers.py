"""Simulated capture tables for the estimation tests (invented populations, N known)."""

from __future__ import annotations

import numpy as np

from marsad.estimate import CaptureTable


def heterogeneous(
    rng: np.random.Generator,
    total: int,
    lists: int,
    hard: tuple[float, float] = (0.2, 0.4),
    easy: tuple[float, float] = (0.5, 0.8),
    hard_share: tuple[float, float] = (0.3, 0.6),
) -> CaptureTable:
    """A population in two groups, one harder for every list to record, each list recording independently."""
    is_hard = rng.random(total) < rng.uniform(*hard_share)
    probs = np.where(is_hard[:, None], rng.uniform(*hard, lists), rng.uniform(*easy, lists))
    seen = rng.random((total, lists)) < probs
    counts = np.bincount(seen @ (1 << np.arange(lists)), minlength=2**lists)
    counts[0] = 0
    return CaptureTable(tuple(f"list{j + 1}" for j in range(lists)), counts.astype(np.int64))


def write_counts(path, table: CaptureTable, stratum: tuple[str, str] | None = None) -> None:  # type: ignore[no-untyped-def]
    """Write a table as a --counts CSV (optionally with a stratum column), appending if it exists."""
    new = not path.exists()
    with open(path, "a", encoding="utf-8") as f:
        if new:
            f.write(",".join([*([stratum[0]] if stratum else []), *table.lists, "count"]) + "\n")
        for row in table.as_rows():
            if row["count"]:
                values = [str(row[name]) for name in table.lists]
                f.write(",".join([*([stratum[1]] if stratum else []), *values, str(row["count"])]) + "\n")
