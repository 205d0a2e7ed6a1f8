"""Log-linear (Poisson GLM) models of the capture table, with selection and averaging by AIC or BIC.

Each model is a Poisson regression of the observed cells on list main effects and interaction
terms; its intercept is the log of the expected count of the unobserved cell (Fienberg 1972).
With up to 5 lists every hierarchical model (all interactions short of the k-way one, which cannot be
estimated) is fitted; with 6 to 8 lists a forward search adds interactions while the criterion
improves. Heterogeneity models of Rcapture (Rivest & Baillargeon 2007) are available by design.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from marsad.estimate.checks import diagnostics, prepare
from marsad.estimate.errors import EstimateOptionError, NotEstimable
from marsad.estimate.result import LEVEL, Estimate
from marsad.estimate.table import CaptureTable, pattern_index, pattern_matrix

MAX_LISTS = 8
EXHAUSTIVE_UP_TO = 5  # 6,893 hierarchical models at 5 lists; 6 lists would be millions
UNSTABLE_RATIO = 100.0  # more than 100 undocumented per documented person: the fit has run away

Term = frozenset[int]


@dataclass
class ModelFit:
    """One fitted log-linear model: its estimate of the total, standard error and fit criteria."""

    name: str
    n_params: int
    documented: int
    estimate: float
    se: float
    deviance: float
    df: int
    aic: float
    bic: float
    converged: bool
    terms: tuple[Term, ...] = ()
    design: np.ndarray | None = field(default=None, repr=False)

    @property
    def missing(self) -> float:
        return self.estimate - self.documented

    @property
    def stable(self) -> bool:
        return (
            self.converged
            and math.isfinite(self.estimate)
            and math.isfinite(self.se)
            and self.missing <= UNSTABLE_RATIO * max(self.documented, 1)
        )


# ---------------------------------------------------------------- designs


def term_column(k: int, term: Iterable[int]) -> np.ndarray:
    x = pattern_matrix(k)
    return np.prod(x[:, sorted(term)], axis=1).astype(float)


def design(k: int, terms: Sequence[Term] = (), extra: Sequence[np.ndarray] = ()) -> np.ndarray:
    """Full design over all 2**k cells (row 0 = unobserved): intercept, main effects, interactions, extras."""
    x = pattern_matrix(k).astype(float)
    cols = [np.ones(2**k), *x.T, *(term_column(k, t) for t in terms), *extra]
    return np.column_stack(cols)


def heterogeneity_column(k: int, kind: str, theta: float = 2.0) -> np.ndarray:
    """Rcapture's heterogeneity covariates of the number of captures s (0 for the unobserved cell).

    ``poisson``: theta**s - 1 (Mh/Mth Poisson2 with theta=2); ``darroch``: s**2/2;
    ``gamma``: -log(theta + s) + log(theta) (Gamma3.5 with theta=3.5).
    """
    s = pattern_matrix(k).sum(axis=1).astype(float)
    if kind == "poisson":
        return theta**s - 1
    if kind == "darroch":
        return s**2 / 2
    if kind == "gamma":
        return -np.log(theta + s) + np.log(theta)
    raise ValueError(f"unknown heterogeneity {kind!r} (poisson, darroch or gamma)")


def indicator_column(k: int, pattern: Sequence[int]) -> np.ndarray:
    """1 for one capture history, so that its cell is fitted exactly (e.g. the hares caught every time)."""
    col = np.zeros(2**k)
    col[pattern_index(pattern)] = 1.0
    return col


def term_name(lists: Sequence[str], term: Term) -> str:
    return ":".join(lists[j] for j in sorted(term))


def model_name(lists: Sequence[str], terms: Sequence[Term]) -> str:
    if not terms:
        return "independence"
    return " + ".join(term_name(lists, t) for t in sorted(terms, key=lambda t: (len(t), sorted(t))))


# ---------------------------------------------------------------- fitting


def fit_model(
    table: CaptureTable, x_full: np.ndarray, name: str = "custom", terms: tuple[Term, ...] = ()
) -> ModelFit:
    """Fit one Poisson log-linear model to the observed cells (statsmodels GLM).

    Standard error as in Rcapture: Var(N) = exp(b0) + exp(2 b0) Var(b0), i.e. the Poisson variance of
    the unobserved count plus the delta-method variance of its fitted mean.
    """
    import statsmodels.api as sm

    y = table.counts[1:].astype(float)
    x = x_full[1:]
    if np.linalg.matrix_rank(x) < x.shape[1]:
        raise NotEstimable(f"model {name} has more parameters than the table can identify")
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        res = sm.GLM(y, x, family=sm.families.Poisson()).fit()
        b0 = float(res.params[0])
        var_b0 = float(res.cov_params()[0, 0])
        f0 = math.exp(b0) if b0 < 700 else math.inf
        se = math.sqrt(f0 + f0 * f0 * var_b0) if math.isfinite(f0) and var_b0 >= 0 else math.inf
        llf = float(res.llf)
    p = x.shape[1]
    n = table.n
    return ModelFit(
        name=name,
        n_params=p,
        documented=n,
        estimate=n + f0,
        se=se,
        deviance=float(res.deviance),
        df=int(len(y) - p),
        aic=-2 * llf + 2 * p,
        bic=-2 * llf + p * math.log(n),
        converged=bool(getattr(res, "converged", True)),
        terms=terms,
        design=x_full,
    )


def profile_interval(table: CaptureTable, fit: ModelFit, level: float = LEVEL) -> tuple[float, float, float]:
    """Multinomial estimate and profile-likelihood interval of N (Cormack 1992), as Rcapture's closedpCI.

    For each candidate N the model is refitted to the complete table with N − n in the unobserved cell;
    the interval holds the N whose multinomial log-likelihood is within chi²(1, level)/2 of the maximum.
    The upper bound is ``inf`` when the likelihood stays flat (the data cannot bound the total).
    """
    import statsmodels.api as sm
    from scipy import optimize, special

    assert fit.design is not None
    n = table.n
    y_obs = table.counts.astype(float)
    const = float(np.sum(special.gammaln(y_obs[1:] + 1)))

    def loglik(total: float) -> float:
        y = y_obs.copy()
        y[0] = max(total - n, 0.0)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            mu = sm.GLM(y, fit.design, family=sm.families.Poisson()).fit().mu
        pos = y > 0
        return float(
            special.gammaln(total + 1) - special.gammaln(total - n + 1) - const
            + np.sum(y[pos] * np.log(mu[pos] / total))
        )  # fmt: skip

    spread = max(fit.missing + 4 * fit.se, 10.0)
    hi = n + 4 * spread
    best = optimize.minimize_scalar(
        lambda t: -loglik(t), bounds=(n, hi), method="bounded", options={"xatol": 1e-3}
    )
    n_hat, l_max = float(best.x), -float(best.fun)
    cut = l_max - special.chdtri(1, 1 - level) / 2

    def gap(t: float) -> float:
        return loglik(t) - cut

    lower = float(n) if gap(n) >= 0 else optimize.brentq(gap, n, n_hat, xtol=1e-3)
    upper = math.inf
    top = n_hat + spread
    for _ in range(30):
        if gap(top) < 0:
            upper = optimize.brentq(gap, n_hat, top, xtol=1e-3)
            break
        top = n + 2 * (top - n)
        if top > 1e9:
            break
    return n_hat, lower, upper


# ---------------------------------------------------------------- model spaces


def interaction_terms(k: int) -> list[Term]:
    """Interactions of 2 to k−1 lists (the k-way one is confounded with the unobserved cell)."""
    return [frozenset(c) for r in range(2, k) for c in itertools.combinations(range(k), r)]


def _allowed(term: Term, chosen: set[Term] | frozenset[Term]) -> bool:
    return len(term) == 2 or all(
        frozenset(s) in chosen for s in itertools.combinations(sorted(term), len(term) - 1)
    )


def hierarchical_models(k: int) -> list[tuple[Term, ...]]:
    """Every hierarchical model: a set of interactions closed under taking sub-interactions."""
    terms = interaction_terms(k)
    out: list[tuple[Term, ...]] = []

    def walk(i: int, chosen: set[Term]) -> None:
        if i == len(terms):
            out.append(tuple(sorted(chosen, key=lambda t: (len(t), sorted(t)))))
            return
        walk(i + 1, chosen)
        if _allowed(terms[i], chosen):
            chosen.add(terms[i])
            walk(i + 1, chosen)
            chosen.discard(terms[i])

    walk(0, set())
    return out


def _criterion(fit: ModelFit, criterion: str) -> float:
    return fit.aic if criterion == "aic" else fit.bic


def fit_all(table: CaptureTable, models: Iterable[tuple[Term, ...]]) -> list[ModelFit]:
    fits = []
    for terms in models:
        try:
            fits.append(fit_model(table, design(table.k, terms), model_name(table.lists, terms), terms))
        except NotEstimable:
            continue
    return fits


def forward_search(table: CaptureTable, criterion: str) -> list[ModelFit]:
    """Greedy search from independence, adding the interaction that most improves the criterion."""
    seen: dict[frozenset[Term], ModelFit] = {}

    def get(terms: frozenset[Term]) -> ModelFit | None:
        if terms not in seen:
            fits = fit_all(table, [tuple(sorted(terms, key=lambda t: (len(t), sorted(t))))])
            if not fits:
                return None
            seen[terms] = fits[0]
        return seen[terms]

    current: frozenset[Term] = frozenset()
    best = get(current)
    assert best is not None
    candidates = interaction_terms(table.k)
    while True:
        step: tuple[frozenset[Term], ModelFit] | None = None
        for term in candidates:
            if term in current or not _allowed(term, current):
                continue
            fit = get(current | {term})
            if fit is None or not fit.stable:
                continue
            score = _criterion(fit, criterion)
            if score < _criterion(best, criterion) - 1e-9 and (
                step is None or score < _criterion(step[1], criterion)
            ):
                step = (current | {term}, fit)
        if step is None:
            break
        current, best = step
    return list(seen.values())


# ---------------------------------------------------------------- averaging


def weights(fits: Sequence[ModelFit], criterion: str) -> np.ndarray:
    crit = np.array([_criterion(f, criterion) for f in fits])
    w = np.exp(-(crit - crit.min()) / 2)
    return w / w.sum()


def _lognormal(fit: ModelFit) -> tuple[float, float]:
    """Log-normal approximation of the undocumented count (Chao 1987): location and scale of its log."""
    f0 = max(fit.missing, 1e-9)
    return math.log(f0), math.sqrt(math.log1p((fit.se / f0) ** 2))


def mixture_interval(fits: Sequence[ModelFit], w: np.ndarray, level: float = LEVEL) -> tuple[float, float]:
    """Model-averaged tail-area interval (Turek & Fletcher 2012) over log-normal approximations."""
    from scipy import optimize, special

    locs, scales = np.array([_lognormal(f) for f in fits]).T
    scales = np.maximum(scales, 1e-9)

    def cdf(log_q: float) -> float:
        return float(np.sum(w * special.ndtr((log_q - locs) / scales)))

    lo, hi = float(np.min(locs - 12 * scales)), float(np.max(locs + 12 * scales))
    out = []
    for p in ((1 - level) / 2, (1 + level) / 2):
        out.append(fits[0].documented + math.exp(optimize.brentq(lambda q, p=p: cdf(q) - p, lo, hi)))
    return out[0], out[1]


def mixture_draws(
    fits: Sequence[ModelFit], w: np.ndarray, rng: np.random.Generator, size: int = 20_000
) -> np.ndarray:
    locs, scales = np.array([_lognormal(f) for f in fits]).T
    which = rng.choice(len(fits), size=size, p=w)
    return fits[0].documented + np.exp(locs[which] + scales[which] * rng.standard_normal(size))


def loglinear(
    table: CaptureTable,
    criterion: str = "aic",
    seed: int | None = None,
    where: str = "",
    top: int = 5,
) -> Estimate:
    """Average the estimates of all (or the searched) hierarchical log-linear models by AIC/BIC weight."""
    if criterion not in ("aic", "bic"):
        raise EstimateOptionError(f"--criterion must be aic or bic, not {criterion!r}")
    table, notes = prepare(table, "loglinear", where)
    if table.k > MAX_LISTS:
        raise NotEstimable(
            f"log-linear models are fitted for 2 to {MAX_LISTS} lists, and there are {table.k}: "
            "use --method lcmcr, or merge small lists"
        )
    if table.k == 2:
        notes.append(
            "with two lists the only possible model assumes the lists are independent; if people on one "
            "list are more (or less) likely to be on the other, the estimate is too low (or too high)"
        )
    exhaustive = table.k <= EXHAUSTIVE_UP_TO
    fits = fit_all(table, hierarchical_models(table.k)) if exhaustive else forward_search(table, criterion)
    stable = [f for f in fits if f.stable]
    if not stable:
        raise NotEstimable(
            "every log-linear model gives an unstable estimate "
            "(the fits run away to implausibly large totals): "
            "the lists overlap too little for this method"
        )
    all_w = weights(fits, criterion)
    best_all = fits[int(np.argmax(all_w))]
    if not best_all.stable:
        notes.append(
            f"the best-fitting model ({best_all.name}) gives an unstable estimate "
            "and was left out of the average; "
            "treat the result with caution"
        )
    w = weights(stable, criterion)
    order = np.argsort(-w)
    average = float(np.sum(w * [f.estimate for f in stable]))
    se = float(np.sum(w * np.sqrt([f.se**2 + (f.estimate - average) ** 2 for f in stable])))
    lower, upper = mixture_interval(stable, w)
    best = stable[int(order[0])]
    n_hat, p_lower, p_upper = profile_interval(table, best)
    if not math.isfinite(p_upper):
        notes.append("the likelihood of the best model does not bound the total from above: unstable fit")
    if w[order[0]] < 0.3:
        notes.append(
            f"no model stands out (the best has weight {w[order[0]]:.2f}): "
            "the averaged estimate carries that "
            "model uncertainty"
        )
    rng = np.random.default_rng(seed)
    diag = diagnostics(table)
    diag.update(
        {
            "criterion": criterion,
            "model_space": "all hierarchical models"
            if exhaustive
            else "forward search over hierarchical models",
            "models_fitted": len(fits),
            "models_unstable": len(fits) - len(stable),
            "standard_error": se,
            "interval": "model-averaged tail areas over log-normal approximations (Turek & Fletcher 2012)",
            "best_model": {
                "name": best.name,
                "estimate": best.estimate,
                "se": best.se,
                "deviance": best.deviance,
                "df": best.df,
                criterion: _criterion(best, criterion),
                "profile_estimate": n_hat,
                "profile_lower": p_lower,
                "profile_upper": p_upper if math.isfinite(p_upper) else None,
            },
            "models": [
                {
                    "name": stable[i].name,
                    "weight": float(w[i]),
                    "estimate": stable[i].estimate,
                    "se": stable[i].se,
                    "deviance": stable[i].deviance,
                    "df": stable[i].df,
                    criterion: _criterion(stable[i], criterion),
                }
                for i in order[:top]
            ],
        }
    )
    return Estimate(
        method="loglinear",
        documented=table.n,
        estimate=average,
        lower=lower,
        upper=upper,
        lists=list(table.lists),
        diagnostics=diag,
        warnings=notes,
        draws=mixture_draws(stable, w, rng),
    )
