"""Convergence diagnostics for one chain: effective sample size and Geweke's z-score."""

from __future__ import annotations

import math

import numpy as np


def autocorrelation(x: np.ndarray) -> np.ndarray:
    """Sample autocorrelation at every lag, by FFT."""
    x = np.asarray(x, dtype=float) - np.mean(x)
    n = len(x)
    if n < 2 or not np.any(x):
        return np.ones(1)
    f = np.fft.rfft(x, 2 * n)
    acov = np.fft.irfft(f * np.conj(f))[:n]
    return acov / acov[0]


def effective_sample_size(x: np.ndarray) -> float:
    """Geyer's initial monotone sequence estimator: n / (1 + 2 Σ ρ_t) over positive, decreasing pair sums."""
    n = len(x)
    rho = autocorrelation(x)
    if len(rho) < 3:
        return float(n)
    pairs = rho[: (len(rho) - 1) // 2 * 2].reshape(-1, 2).sum(axis=1)  # Γ_m = ρ_2m + ρ_2m+1
    keep = []
    for g in pairs:
        if g <= 0:
            break
        keep.append(min(g, keep[-1]) if keep else g)
    tau = -1 + 2 * sum(keep) if keep else 1.0
    return float(n / max(tau, 1e-9)) if tau > 0 else float(n)


def geweke(x: np.ndarray, first: float = 0.1, last: float = 0.5) -> float:
    """z-score comparing the means of the first 10% and last 50% of the chain (|z| > 2: not settled)."""
    x = np.asarray(x, dtype=float)
    a, b = x[: int(first * len(x))], x[int((1 - last) * len(x)) :]
    if len(a) < 5 or len(b) < 5:
        return math.nan
    var_a = np.var(a, ddof=1) / effective_sample_size(a)
    var_b = np.var(b, ddof=1) / effective_sample_size(b)
    if var_a + var_b == 0:
        return 0.0
    return float((np.mean(a) - np.mean(b)) / math.sqrt(var_a + var_b))
