"""When estimation is not meaningful: refusals and warnings in words a non-statistician understands."""

from __future__ import annotations

import numpy as np

from marsad.estimate.errors import NotEstimable
from marsad.estimate.table import CaptureTable

MIN_RECORDS = 20  # below this, no model can tell a small population from a poorly covered one
FEW_RECORDS = 100
SPARSE_CELL = 5


def prepare(table: CaptureTable, method: str, where: str = "") -> tuple[CaptureTable, list[str]]:
    """Drop empty lists (with a warning), refuse what cannot be estimated, and warn about what is weak."""
    warnings: list[str] = []
    at = f" in {where}" if where else ""
    sizes = table.list_sizes()
    empty = [name for name, size in sizes.items() if size == 0]
    if empty:
        keep = [j for j, name in enumerate(table.lists) if sizes[name] > 0]
        warnings.append(f"list(s) {', '.join(empty)} recorded nobody{at} and were left out")
        table = table.drop_lists(keep)
    if table.k < 2:
        raise NotEstimable(
            f"only {table.k} list has records{at}: estimating how many were missed needs at least two lists "
            "that recorded some of the same people"
        )
    if method == "lcmcr" and table.k < 3:
        raise NotEstimable(
            f"the latent class method (lcmcr) needs at least three lists, and there are {table.k}{at}; "
            "use --method loglinear, which with two lists must assume the lists are independent"
        )
    if table.n < MIN_RECORDS:
        raise NotEstimable(
            f"only {table.n} people are documented{at}: too few records to estimate how many were missed "
            f"(at least {MIN_RECORDS} are needed)"
        )
    only = table.only_on()
    sizes = table.list_sizes()
    isolated = [name for name in table.lists if sizes[name] == only[name]]
    if isolated:
        raise NotEstimable(
            f"list {', '.join(repr(n) for n in isolated)} shares no person with any other list{at}, "
            "so nothing "
            "tells how much of it the others miss: check the linkage or leave that list out"
        )
    overlaps = table.overlaps()
    if table.n < FEW_RECORDS:
        warnings.append(f"only {table.n} people are documented{at}: the estimate is very uncertain")
    weak = [pair for pair, v in overlaps.items() if v < SPARSE_CELL]
    if weak:
        warnings.append(
            f"few people are on both lists of {len(weak)} pair(s){at} ({', '.join(weak[:3])}"
            f"{'…' if len(weak) > 3 else ''}): estimates that lean on those overlaps are fragile"
        )
    zero = int(np.sum(table.counts[1:] == 0))
    if table.k >= 3 and zero > (len(table.counts) - 1) / 2:
        warnings.append(
            f"{zero} of {len(table.counts) - 1} list combinations are empty{at}: the models with many "
            "interactions cannot be told apart"
        )
    return table, warnings


def diagnostics(table: CaptureTable) -> dict[str, object]:
    """List sizes, overlaps and empty/sparse cells: what a reader checks before trusting a figure."""
    cells = table.counts[1:]
    return {
        "lists": list(table.lists),
        "list_sizes": table.list_sizes(),
        "only_on_one_list": table.only_on(),
        "pairwise_overlaps": table.overlaps(),
        "cells": len(cells),
        "empty_cells": int(np.sum(cells == 0)),
        "sparse_cells": int(np.sum((cells > 0) & (cells < SPARSE_CELL))),
    }
