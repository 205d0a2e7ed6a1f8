"""LCMCR: the Bayesian non-parametric latent class model of Manrique-Vallier (2016), by Gibbs sampling.

People fall in latent classes (a truncated stick-breaking Dirichlet process with K classes and a
Gamma(0.25, 0.25) prior on its concentration); within a class, lists record independently with
class-specific probabilities (Beta(1, 1) priors). Heterogeneity in who gets recorded is what the
classes absorb. The prior on N is ∝ 1/N, so N − n given the rest is negative binomial. Observed people
are handled per capture pattern (multinomial draws of class counts), so a sweep costs
O(patterns × K × lists), not O(people). Written from the paper; seeded with a NumPy Generator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from marsad.estimate.checks import diagnostics, prepare
from marsad.estimate.errors import EstimateOptionError
from marsad.estimate.mcmc import effective_sample_size, geweke
from marsad.estimate.result import LEVEL, Estimate
from marsad.estimate.table import CaptureTable

MIN_ESS = 100  # a common minimum for trusting the tails of a posterior summary


@dataclass
class Chain:
    """Kept draws: total N, DP concentration and classes holding at least 1% of the people, per kept sweep."""

    total: np.ndarray
    alpha: np.ndarray
    occupied: np.ndarray
    max_classes: int


def sample(
    table: CaptureTable,
    iterations: int = 10_000,
    burn_in: int = 5_000,
    thin: int = 10,
    max_classes: int = 10,
    seed: int | None = None,
    a_alpha: float = 0.25,
    b_alpha: float = 0.25,
) -> Chain:
    """Gibbs sampler: ``burn_in`` sweeps discarded, then ``iterations`` sweeps, keeping every ``thin``-th."""
    rng = np.random.default_rng(seed)
    k = max_classes
    x = table.patterns()[1:].astype(float)
    c = table.counts[1:]
    keep = c > 0
    x, c = x[keep], c[keep]
    n = table.n
    lists = x.shape[1]
    lam = rng.beta(1.0, 1.0, size=(k, lists))
    v = rng.beta(1.0, 1.0, size=k)
    v[-1] = 1.0
    alpha = 1.0
    log_pi = _log_sticks(v)
    kept = iterations // thin
    out_total = np.empty(kept, dtype=np.int64)
    out_alpha = np.empty(kept)
    out_occupied = np.empty(kept, dtype=np.int64)
    j = 0
    for it in range(burn_in + iterations):
        log_lam, log_1m = np.log(lam), np.log1p(-lam)
        miss_all = log_1m.sum(axis=1)
        # classes of the observed people, pattern by pattern
        lp = (log_pi + miss_all) + x @ (log_lam - log_1m).T
        lp -= lp.max(axis=1, keepdims=True)
        p = np.exp(lp)
        p /= p.sum(axis=1, keepdims=True)
        z = rng.multinomial(c, p)
        # the unobserved: how many, and their classes
        p0k = np.exp(log_pi + miss_all)
        p0 = float(p0k.sum())
        n0 = int(rng.negative_binomial(n, max(1.0 - p0, 1e-12)))
        z0 = rng.multinomial(n0, p0k / p0) if n0 else np.zeros(k, dtype=np.int64)
        nk = z.sum(axis=0) + z0
        ones = z.T @ x
        lam = rng.beta(1.0 + ones, 1.0 + nk[:, None] - ones)
        lam = np.clip(lam, 1e-12, 1 - 1e-12)
        # stick-breaking weights and the concentration
        later = np.cumsum(nk[::-1])[::-1] - nk
        v[:-1] = rng.beta(1.0 + nk[:-1], alpha + later[:-1])
        v[:-1] = np.clip(v[:-1], 1e-12, 1 - 1e-12)
        log_pi = _log_sticks(v)
        alpha = float(rng.gamma(a_alpha + k - 1, 1.0 / (b_alpha - np.sum(np.log1p(-v[:-1])))))
        if it >= burn_in and (it - burn_in) % thin == thin - 1 and j < kept:
            out_total[j] = n + n0
            out_alpha[j] = alpha
            out_occupied[j] = int(np.count_nonzero(nk >= 0.01 * (n + n0)))
            j += 1
    return Chain(out_total[:j], out_alpha[:j], out_occupied[:j], k)


def _log_sticks(v: np.ndarray) -> np.ndarray:
    """log π_k = log V_k + Σ_{h<k} log(1 − V_h), with V_K = 1."""
    log_rest = np.concatenate([[0.0], np.cumsum(np.log1p(-np.minimum(v[:-1], 1 - 1e-12)))])
    return np.log(np.maximum(v, 1e-300)) + log_rest


def lcmcr(
    table: CaptureTable,
    iterations: int = 10_000,
    burn_in: int = 5_000,
    thin: int = 10,
    max_classes: int = 10,
    seed: int | None = None,
    where: str = "",
) -> Estimate:
    """Posterior median and 95% equal-tailed interval of the total, with chain diagnostics."""
    if iterations < 100 or burn_in < 0 or thin < 1 or iterations // thin < 50:
        raise EstimateOptionError(
            "LCMCR needs at least 100 iterations, a burn-in of 0 or more "
            "and a thinning that keeps at least 50 draws"
        )
    if not 2 <= max_classes <= 100:
        raise EstimateOptionError("--max-classes must be between 2 and 100")
    table, notes = prepare(table, "lcmcr", where)
    chain = sample(table, iterations, burn_in, thin, max_classes, seed)
    total = chain.total.astype(float)
    lower, median, upper = np.quantile(total, [(1 - LEVEL) / 2, 0.5, (1 + LEVEL) / 2])
    ess = effective_sample_size(total)
    z = geweke(total)
    full = float(np.mean(chain.occupied >= max_classes))
    if ess < MIN_ESS:
        notes.append(
            f"the sampler's draws are strongly correlated (effective sample size {ess:.0f}): run it longer "
            "(--iterations) before relying on the interval"
        )
    if math.isfinite(z) and abs(z) > 2.58:
        notes.append(
            f"the start and end of the chain disagree (Geweke z = {z:.1f}): "
            "the sampler may not have settled; "
            "use a longer --burn-in"
        )
    if full > 0.1:
        notes.append(
            f"all {max_classes} latent classes often hold 1% or more of the people: raise --max-classes"
        )
    if upper > 100 * table.n:
        notes.append(
            "the interval reaches more than 100 times the documented count: the estimate is unstable"
        )
    diag = diagnostics(table)
    diag.update(
        {
            "prior_on_N": "proportional to 1/N (improper)",
            "max_classes": max_classes,
            "iterations": iterations,
            "burn_in": burn_in,
            "thin": thin,
            "seed": seed,
            "draws": len(total),
            "effective_sample_size": ess,
            "geweke_z": z,
            "posterior_mean": float(np.mean(total)),
            "occupied_classes_median": float(np.median(chain.occupied)),
            "alpha_median": float(np.median(chain.alpha)),
        }
    )
    return Estimate(
        method="lcmcr",
        documented=table.n,
        estimate=float(median),
        lower=float(lower),
        upper=float(upper),
        lists=list(table.lists),
        diagnostics=diag,
        warnings=notes,
        draws=total,
    )
