"""Bayesian model averaging over decomposable graphs against the dga package's Madigan & York test."""

from __future__ import annotations

import csv

import numpy as np

from marsad.estimate import CaptureTable, read_counts_csv
from marsad.estimate import dga as d
from tests.conftest import shared_file


def test_number_of_decomposable_graphs() -> None:
    assert [len(d.decomposable_graphs(k)) for k in (3, 4, 5)] == [8, 61, 822]


def _dga_layout() -> CaptureTable:
    """The shared file's counts, placed as dga's tests place them.

    dga's test writes ``Y <- array(c(0, 60, 49, 4, 247, 112, 142, 12), dim = c(2, 2, 2))``: R fills
    the first index fastest, so 4 is lists 1&2 and 247 is list 3 alone (Madigan & York's spina bifida
    table: 247 on the third list only). The shared CSV lists the same counts in the same order but
    labels those two rows 0,0,1 and 1,1,0 — the published results below are for dga's layout, so the
    counts are read from the file in order and placed as R does.
    """
    path = shared_file("estimate", "madigan_york.csv")
    with open(path, encoding="utf-8") as f:
        counts = [int(r["count"]) for r in csv.DictReader(f)]
    assert counts == [60, 49, 4, 247, 112, 142, 12] and sum(counts) == 626
    cells = np.array([0, *counts], dtype=np.int64)  # cell i = pattern with bit j for list j (R's order)
    return CaptureTable(("list1", "list2", "list3"), cells)


def test_madigan_york_reproduces_dga() -> None:
    table = _dga_layout()
    nmissing = np.arange(1, 301)  # dga: Nmissing <- 1:300, delta 1, negative binomial prior a=13.14 b=55.17
    est = d.dga(table, delta=1.0, prior=(13.14, 55.17), nmissing=nmissing)
    top = est.diagnostics["models"][0]
    assert round(top["probability"], 2) == 0.37
    assert round(top["bayes_estimate"]) == 731 and top["mode"] == 729
    assert round(est.diagnostics["bayes_estimate"]) == 731
    assert est.diagnostics["posterior_mode"] == 728
    assert est.lower < est.estimate < est.upper and est.documented == 626
    assert "negative binomial" in est.diagnostics["prior_on_N"]


def test_shared_file_as_labelled_is_a_different_table() -> None:
    """Read with its own pattern columns the file is another table, on which no graph beats saturation."""
    table = read_counts_csv(shared_file("estimate", "madigan_york.csv"))[None]
    assert table.n == 626 and table.counts[4] == 4  # list3 alone
    est = d.dga(table, delta=1.0, prior=(13.14, 55.17), nmissing=np.arange(1, 301))
    assert est.diagnostics["models"][0]["graph"] == "[list1,list2,list3]"


def test_default_prior_and_range_are_stated_and_cover_the_published_estimate() -> None:
    est = d.dga(_dga_layout(), seed=1)
    assert est.diagnostics["prior_on_N"].startswith("proportional to 1/N")
    assert est.diagnostics["totals_considered"] == [626, 626 + 6260]
    assert est.lower < 731 < est.upper
