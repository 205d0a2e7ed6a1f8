"""LCMCR: reproducible, diagnosed, and calibrated on simulated heterogeneous populations."""

from __future__ import annotations

import numpy as np
import pytest

from marsad.estimate import CaptureTable, NotEstimable
from marsad.estimate.lcmcr import lcmcr, sample
from marsad.estimate.mcmc import effective_sample_size, geweke
from tests.estimate.helpers import heterogeneous


def test_same_seed_same_chain_different_seed_different_chain() -> None:
    table = heterogeneous(np.random.default_rng(5), 800, 4)
    a = sample(table, iterations=300, burn_in=50, thin=1, seed=9)
    b = sample(table, iterations=300, burn_in=50, thin=1, seed=9)
    c = sample(table, iterations=300, burn_in=50, thin=1, seed=10)
    assert np.array_equal(a.total, b.total) and not np.array_equal(a.total, c.total)


def test_diagnostics_on_known_chains() -> None:
    rng = np.random.default_rng(0)
    white = rng.standard_normal(4000)
    assert 3000 < effective_sample_size(white) <= 4000 * 1.2
    sticky = np.zeros(4000)
    for i in range(1, 4000):
        sticky[i] = 0.95 * sticky[i - 1] + rng.standard_normal()
    assert effective_sample_size(sticky) < 300  # theory: 4000 × 0.05/1.95 ≈ 103
    assert abs(geweke(white)) < 3
    assert abs(geweke(np.linspace(0, 1, 4000) + 0.01 * white)) > 3  # a drifting chain is flagged


def test_two_lists_are_refused_in_plain_words() -> None:
    table = CaptureTable.from_patterns(["a", "b"], {(1, 0): 50, (0, 1): 40, (1, 1): 30})
    with pytest.raises(NotEstimable, match="at least three lists"):
        lcmcr(table)


def test_coverage_on_50_simulated_heterogeneous_populations(capsys: pytest.CaptureFixture[str]) -> None:
    """Two groups, one 2–3 times harder to record; 4–5 lists; short chains (1,300 sweeps each)."""
    rng = np.random.default_rng(2024)
    covered, errors = 0, []
    for i in range(50):
        total = int(rng.integers(500, 1500))
        table = heterogeneous(rng, total, int(rng.integers(4, 6)))
        est = lcmcr(table, iterations=1000, burn_in=300, thin=1, seed=i)
        covered += est.lower <= total <= est.upper
        errors.append(abs(est.estimate - total) / total)
    with capsys.disabled():
        print(
            f"\nLCMCR: 95% interval covers N in {covered}/50; median relative error {np.median(errors):.3f}"
        )
    assert covered >= 45
    assert np.median(errors) < 0.05
