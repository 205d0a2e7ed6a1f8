"""Bayesian model averaging over decomposable graphical models (Madigan & York 1997; R package dga).

Each decomposable graph on the lists is a log-linear model whose cliques are saturated. With a
hyper-Dirichlet prior (``delta`` prior observations per cell of the full table, so ``delta·2^(k−|C|)``
per cell of a clique margin) the marginal likelihood of the completed table factorises over cliques and
separators, and is evaluated for every candidate number of unobserved people. Multiplied by the
multinomial coefficient and the prior on N, and normalised over graphs × N, this gives the joint
posterior of model and total. Written from the paper's formulas (dga is GPL; no code is copied).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from marsad.estimate.checks import diagnostics, prepare
from marsad.estimate.errors import EstimateOptionError, NotEstimable
from marsad.estimate.result import LEVEL, Estimate
from marsad.estimate.table import CaptureTable, pattern_matrix

MIN_LISTS, MAX_LISTS = 3, 5
EXACT_UP_TO = 4000  # every integer up to this many unobserved, then log-spaced points
LOG_POINTS = 2000
RANGE_FACTOR = 10  # candidate totals go up to documented + 10 × documented (at least 1000 more)


@dataclass(frozen=True)
class Graph:
    """A decomposable graph: its maximal cliques and the separators of a perfect ordering of them."""

    edges: frozenset[tuple[int, int]]
    cliques: tuple[frozenset[int], ...]
    separators: tuple[frozenset[int], ...]

    def name(self, lists: Sequence[str]) -> str:
        return " ".join("[" + ",".join(lists[j] for j in sorted(c)) + "]" for c in self.cliques)


def _mcs_order(k: int, adj: list[set[int]]) -> list[int]:
    """Maximum cardinality search: number each vertex next to the most already-numbered ones."""
    order: list[int] = []
    weight = [0] * k
    left = set(range(k))
    while left:
        v = max(sorted(left), key=lambda u: weight[u])
        order.append(v)
        left.discard(v)
        for u in adj[v] & left:
            weight[u] += 1
    return order


def _decompose(k: int, edges: frozenset[tuple[int, int]]) -> Graph | None:
    """Cliques and separators if the graph is chordal (decomposable), else None."""
    adj: list[set[int]] = [set() for _ in range(k)]
    for a, b in edges:
        adj[a].add(b)
        adj[b].add(a)
    order = _mcs_order(k, adj)
    position = {v: i for i, v in enumerate(order)}
    for v in order:  # each vertex's earlier neighbours must be a clique (perfect elimination)
        earlier = [u for u in adj[v] if position[u] < position[v]]
        if any(b not in adj[a] for a, b in itertools.combinations(earlier, 2)):
            return None
    candidates = [frozenset([v, *(u for u in adj[v] if position[u] < position[v])]) for v in order]
    cliques = [c for c in candidates if not any(c < d for d in candidates)]
    unique: list[frozenset[int]] = []
    for c in cliques:  # already in a perfect order: by the MCS number of their last vertex
        if c not in unique:
            unique.append(c)
    separators = []
    seen: set[int] = set(unique[0])
    for c in unique[1:]:
        separators.append(frozenset(c & seen))
        seen |= c
    return Graph(edges, tuple(unique), tuple(separators))


@cache
def decomposable_graphs(k: int) -> tuple[Graph, ...]:
    """All decomposable graphs on k vertices (8, 61 and 822 for 3, 4 and 5 lists)."""
    pairs = list(itertools.combinations(range(k), 2))
    out = []
    for mask in range(2 ** len(pairs)):
        edges = frozenset(p for i, p in enumerate(pairs) if mask >> i & 1)
        g = _decompose(k, edges)
        if g is not None:
            out.append(g)
    return tuple(out)


def _subset_index(s: frozenset[int]) -> int:
    return sum(1 << j for j in s)


def _margin_terms(table: CaptureTable, nmissing: np.ndarray, delta: float) -> np.ndarray:
    """log marginal likelihood contribution of every margin (row = subset of lists) for every N."""
    from scipy.special import gammaln

    k = table.k
    x = pattern_matrix(k)
    total = nmissing + table.n
    big_a = delta * 2**k
    out = np.zeros((2**k, len(nmissing)))
    for mask in range(1, 2**k):
        cols = [j for j in range(k) if mask >> j & 1]
        alpha = delta * 2 ** (k - len(cols))
        cell = x[:, cols] @ (1 << np.arange(len(cols)))
        margin = np.bincount(cell, weights=table.counts, minlength=2 ** len(cols))
        d = np.repeat(margin[:, None], len(nmissing), axis=1)
        d[0] += nmissing  # the unobserved people fall in the all-zero cell of every margin
        out[mask] = np.sum(gammaln(d + alpha), axis=0) - len(margin) * gammaln(alpha)
        out[mask] += gammaln(big_a) - gammaln(total + big_a)
    return out  # row 0 (the empty margin) stays 0


def log_prior_n(total: np.ndarray, prior: str | tuple[float, float]) -> np.ndarray:
    """``"1/N"`` (dga's default, improper) or a negative binomial ``(a, b)`` as in dga's examples."""
    from scipy.special import gammaln

    if prior == "1/N":
        return -np.log(total)
    if isinstance(prior, tuple):
        a, b = prior
        return (
            total * math.log(b)
            - (total + a) * math.log1p(b)
            + gammaln(total + a)
            - gammaln(total + 1)
            - gammaln(a)
        )
    raise EstimateOptionError(f"unknown prior on N {prior!r}")


def posterior(
    table: CaptureTable,
    nmissing: np.ndarray,
    delta: float,
    prior: str | tuple[float, float] = "1/N",
    widths: np.ndarray | None = None,
) -> tuple[tuple[Graph, ...], np.ndarray]:
    """Joint posterior over (graph, number unobserved): rows = graphs, columns = ``nmissing``.

    ``widths`` is how many integers each grid point stands for (1 everywhere on an integer grid).
    """
    from scipy.special import gammaln

    graphs = decomposable_graphs(table.k)
    terms = _margin_terms(table, nmissing, delta)
    coef = np.zeros((len(graphs), 2**table.k))
    for i, g in enumerate(graphs):
        for c in g.cliques:
            coef[i, _subset_index(c)] += 1
        for s in g.separators:
            coef[i, _subset_index(s)] -= 1
    total = nmissing + table.n
    log_w = coef @ terms
    log_w += gammaln(total + 1) - np.sum(gammaln(table.counts[1:] + 1)) - gammaln(nmissing + 1)
    log_w += log_prior_n(total.astype(float), prior)
    log_w -= log_w.max()
    w = np.exp(log_w) * (1.0 if widths is None else widths)
    return graphs, w / w.sum()


def summarise(total: np.ndarray, mass: np.ndarray, level: float = LEVEL) -> dict[str, float]:
    """Median, equal-tailed interval, mode, mean and dga's Bayes estimate (loss ∝ (N−a)²/N²)."""
    mass = mass / mass.sum()
    cdf = np.cumsum(mass)

    def quantile(p: float) -> float:
        return float(total[min(int(np.searchsorted(cdf, p)), len(total) - 1)])

    return {
        "median": quantile(0.5),
        "lower": quantile((1 - level) / 2),
        "upper": quantile((1 + level) / 2),
        "mode": float(total[int(np.argmax(mass))]),
        "mean": float(np.sum(mass * total)),
        "bayes": float(np.sum(mass / total) / np.sum(mass / total**2)),
    }


def default_grid(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Candidate numbers of unobserved people, 0 … max(1000, 10·n), with the integers each point covers."""
    upper = max(1000, RANGE_FACTOR * n)
    exact = np.arange(0, min(upper, EXACT_UP_TO) + 1)
    if upper <= EXACT_UP_TO:
        return exact, np.ones(len(exact))
    tail = np.unique(np.round(np.geomspace(EXACT_UP_TO + 1, upper, LOG_POINTS)).astype(np.int64))
    grid = np.concatenate([exact, tail])
    widths = np.concatenate([np.ones(len(exact)), np.diff(np.concatenate([[EXACT_UP_TO], tail]))])
    return grid, widths


def dga(
    table: CaptureTable,
    delta: float | None = None,
    prior: str | tuple[float, float] = "1/N",
    nmissing: np.ndarray | None = None,
    seed: int | None = None,
    where: str = "",
    top: int = 5,
) -> Estimate:
    """Model-averaged posterior of the total; the estimate is the posterior median."""
    table, notes = prepare(table, "dga", where)
    if not MIN_LISTS <= table.k <= MAX_LISTS:
        raise NotEstimable(
            f"decomposable graphical models are averaged for {MIN_LISTS} to {MAX_LISTS} lists, and there are "
            f"{table.k}: use --method loglinear or --method lcmcr"
        )
    delta = 2.0**-table.k if delta is None else delta
    if delta <= 0:
        raise EstimateOptionError("delta (the prior count per cell) must be positive")
    if nmissing is None:
        grid, widths = default_grid(table.n)
    else:
        grid, widths = np.asarray(nmissing), np.ones(len(nmissing))
    graphs, w = posterior(table, grid, delta, prior, widths)
    tail = float(w[:, grid > 0.8 * grid[-1]].sum())
    if tail > 0.01:
        notes.append(
            f"{tail:.0%} of the posterior lies near the largest total considered "
            f"({int(grid[-1]) + table.n}): "
            "the data do not rule out much larger totals; treat the figure as unstable"
        )
    total = grid + table.n
    summary = summarise(total, w.sum(axis=0))
    model_w = w.sum(axis=1)
    order = np.argsort(-model_w)
    best = order[0]
    if model_w[best] < 0.3:
        notes.append(
            f"no graph stands out (the most probable has posterior probability {model_w[best]:.2f}): the "
            "estimate carries that model uncertainty"
        )
    rng = np.random.default_rng(seed)
    draws = rng.choice(total, size=20_000, p=w.sum(axis=0)).astype(float)
    diag = diagnostics(table)
    diag.update(
        {
            "prior_on_N": "proportional to 1/N (improper)"
            if prior == "1/N"
            else f"negative binomial with a={prior[0]}, b={prior[1]}",  # type: ignore[index]
            "delta": delta,
            "graphs": len(graphs),
            "totals_considered": [int(total[0]), int(total[-1])],
            "posterior_mode": summary["mode"],
            "posterior_mean": summary["mean"],
            "bayes_estimate": summary["bayes"],
            "models": [
                {
                    "graph": graphs[i].name(table.lists),
                    "probability": float(model_w[i]),
                    "median": summarise(total, w[i])["median"],
                    "mode": float(total[int(np.argmax(w[i]))]),
                    "bayes_estimate": summarise(total, w[i])["bayes"],
                }
                for i in order[:top]
            ],
        }
    )
    return Estimate(
        method="dga",
        documented=table.n,
        estimate=summary["median"],
        lower=summary["lower"],
        upper=summary["upper"],
        lists=list(table.lists),
        diagnostics=diag,
        warnings=notes,
        draws=draws,
    )
