r"""Fit your own runs: Approach 3 (parametric) and Approach 2 (iso-FLOP) fits, with bootstrap.

Approach 3 follows Hoffmann et al. 2022 (App. D.2) as corrected by Besiroglu et al. 2024:

.. math::
    \min_{a, b, e, \alpha, \beta} \sum_i \mathrm{Huber}_\delta\big(
        \mathrm{LSE}(a - \alpha \log N_i,\; b - \beta \log D_i,\; e) - \log L_i \big),
    \quad \delta = 10^{-3},

then :math:`A, B, E = e^a, e^b, e^e`. The objective is **summed** over runs (a mean loses
precision and stops the optimiser early, the cause of the original paper's error). The full
start grid of Hoffmann et al. (4500 points) is evaluated in one vectorised pass, the best starts
are refined together by a vectorised Adam, and the best few are polished by L-BFGS-B with
analytic gradients; the best *converged* polish wins (the optimiser is
:mod:`planner.fit._optimizer`; this module holds the results, the bootstrap and the hold-out).
"""

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    pass

from planner.data._frozen import Frozen
from planner.errors import InputError, SolverError
from planner.fit._checks import fit_diagnostics
from planner.fit._isoflop import IsoFlopFit, fit_approach2
from planner.fit._optimizer import (
    HUBER_DELTA,
    SCREEN_RUNS,
    chunked_objective,
    fit_theta,
    fit_units,
    hoffmann_grid,
    huber_lse_objective,
    polish,
    polish_converged,
    screen_sample,
)
from planner.fit._runs import MIN_RUNS, Runs, distinct_points, read_runs
from planner.io._check_types import check_instance
from planner.io._checks import check_flag, check_real, check_whole
from planner.laws._numeric import FloatArray
from planner.progress import Ticker

__all__ = [
    "HUBER_DELTA",
    "MIN_RUNS",
    "SCREEN_RUNS",
    "Approach3Fit",
    "BootstrapSummary",
    "FitReport",
    "HoldoutReport",
    "Runs",
    "check_fit_options",
    "fit_approach3",
    "fit_runs",
    "hoffmann_grid",
    "huber_lse_objective",
    "polish_converged",
    "read_runs",
    "screen_sample",
]

REPORT_BUDGETS = (1e21, 1e23, 5.88e23, 1e25)
"""Budgets at which tokens per parameter are reported (5.88e23 = 6 x 70B x 1.4T, Chinchilla)."""


# --------------------------------------------------------------------------- results


class Approach3Fit(Frozen):
    """A fitted L(N, D) = E + A/N^alpha + B/D^beta."""

    e: float
    """E (nats/token)."""
    a: float
    """A."""
    b: float
    """B."""
    alpha: float
    beta: float
    log_a: float
    log_b: float
    log_e: float
    objective: float
    """Summed Huber objective at the optimum."""
    converged: bool
    message: str
    n_starts: int
    """Grid starts screened."""
    n_polished: int
    """Starts polished by L-BFGS-B."""
    delta: float
    allocation_exponent: float
    """a = beta / (alpha + beta): N_opt grows as C^a."""
    tokens_per_param: tuple[tuple[float, float], ...]
    """(budget FLOPs, D/N of the compute-optimal plan) at a few budgets."""


class BootstrapSummary(Frozen):
    """Resampled refits of the runs."""

    n_resamples: int
    seed: int
    level: float
    """Coverage of the percentile intervals, e.g. 0.95."""
    n_failed: int
    """Resamples whose refit did not converge (left out)."""
    stderr: dict[str, float]
    ci: dict[str, tuple[float, float]]
    """Percentile interval [low, high] per coefficient and derived quantity."""


class HoldoutReport(Frozen):
    """Fit without the largest-compute runs, predict them."""

    n_fit: int
    n_held_out: int
    compute_threshold: float
    """Runs at or above this compute were held out."""
    mean_abs_rel_error: float
    max_abs_rel_error: float
    rmse_log: float


class FitReport(Frozen):
    """Everything ``planner fit`` reports."""

    approach3: Approach3Fit
    bootstrap: BootstrapSummary | None = None
    holdout: HoldoutReport | None = None
    approach2: IsoFlopFit | None = None
    n_runs: int
    n_dropped: int
    source: str
    sha256: str
    fitted_compute_flops: tuple[float, float]
    warnings: tuple[str, ...] = ()
    """What a user must know before trusting the fit (degenerate exponents, no better than a
    constant, too few distinct points, repeated rows, no convergence)."""
    degenerate: bool = False
    """Whether the fit means nothing as a scaling law; ``fit_to_law`` refuses it by default."""


# --------------------------------------------------------------------------- fitting


def _logs(runs: Runs) -> tuple[FloatArray, FloatArray, FloatArray]:
    return (
        np.log(np.asarray(runs.n_params)),
        np.log(np.asarray(runs.n_tokens)),
        np.log(np.asarray(runs.loss)),
    )


def _derived(theta: FloatArray) -> dict[str, float]:
    a, b, e, alpha, beta = (float(x) for x in theta)
    return {"E": math.exp(e), "A": math.exp(a), "B": math.exp(b), "alpha": alpha, "beta": beta}


def _tokens_per_param(theta: FloatArray, budgets: Sequence[float]) -> list[float]:
    from planner.laws._kernels import parametric_optimum

    d = _derived(theta)
    if not (d["alpha"] > 0 and d["beta"] > 0):
        return [math.nan for _ in budgets]
    n, tok = parametric_optimum(np.asarray(budgets), d["A"], d["B"], d["alpha"], d["beta"])
    return list(np.asarray(tok) / np.asarray(n))


def _allocation_exponent(alpha: float, beta: float) -> float:
    """The allocation exponent a = beta / (alpha + beta).

    NaN-free: 0.5 when both exponents vanish (a degenerate fit).
    """
    total = alpha + beta
    return beta / total if abs(total) > 1e-12 else 0.5


def fit_approach3(
    runs: Runs,
    *,
    delta: float = HUBER_DELTA,
    grid: FloatArray | None = None,
    refine_top: int = 256,
    refine_steps: int = 60,
    polish_top: int = 4,
    tick: Callable[[], None] | None = None,
) -> Approach3Fit:
    """Fit L(N, D) = E + A/N^alpha + B/D^beta to runs by the Huber/LSE recipe.

    Parameters
    ----------
    runs : Runs
        From :func:`read_runs`.
    delta : float
        Huber delta (Hoffmann et al. App. D.2: 1e-3).
    grid : ndarray, shape (k, 5), optional
        Starts (a, b, e, alpha, beta) (default :func:`~planner.fit._optimizer.hoffmann_grid`).
    refine_top, refine_steps, polish_top : int
        Starts refined by Adam, its steps, and starts polished by L-BFGS-B.
    tick : callable, optional
        Called once per unit of work (:func:`~planner.fit._optimizer.fit_units` in all).

    Returns
    -------
    Approach3Fit
        E, A, B, alpha, beta, the objective, convergence and the allocation exponent.

    Raises
    ------
    SolverError
        No start converged.

    Examples
    --------
    A known law, sampled without noise on a grid of N and D, is recovered:

    >>> n = np.repeat(np.logspace(7, 10, 7), 5)
    >>> d = n * np.tile(np.logspace(0.7, 2.3, 5), 7)
    >>> loss = 1.69 + 406.4 / n**0.34 + 410.7 / d**0.28
    >>> runs = Runs(n_params=tuple(n), n_tokens=tuple(d), loss=tuple(loss), source="x.csv",
    ...             sha256="0" * 64, n_rows=35)
    >>> fit = fit_approach3(runs)
    >>> f"E={fit.e:.3f} alpha={fit.alpha:.3f} beta={fit.beta:.3f}"
    'E=1.690 alpha=0.340 beta=0.280'
    """
    check_instance(runs, Runs, "runs")
    grid = hoffmann_grid() if grid is None else grid
    log_n, log_d, log_l = _logs(runs)
    best, polished = fit_theta(
        log_n,
        log_d,
        log_l,
        delta=delta,
        grid=grid,
        refine_top=refine_top,
        refine_steps=refine_steps,
        polish_top=polish_top,
        tick=tick,
    )
    theta = best.x
    d = _derived(theta)
    tpp = _tokens_per_param(theta, REPORT_BUDGETS)
    return Approach3Fit(
        e=d["E"],
        a=d["A"],
        b=d["B"],
        alpha=d["alpha"],
        beta=d["beta"],
        log_a=float(theta[0]),
        log_b=float(theta[1]),
        log_e=float(theta[2]),
        objective=float(best.fun),
        converged=polish_converged(best),
        message=str(best.message),
        n_starts=len(grid),
        n_polished=polished,
        delta=delta,
        allocation_exponent=_allocation_exponent(d["alpha"], d["beta"]),
        tokens_per_param=tuple(
            (c, t) for c, t in zip(REPORT_BUDGETS, tpp, strict=True) if math.isfinite(t)
        ),
    )


def _bootstrap(
    runs: Runs,
    fit: Approach3Fit,
    resamples: int,
    seed: int,
    level: float,
    delta: float,
    tick: Callable[[], None],
    cancelled: Callable[[], bool] | None,
) -> BootstrapSummary:
    log_n, log_d, log_l = _logs(runs)
    n = len(log_n)
    rng = np.random.default_rng(seed)
    x0 = np.array([fit.log_a, fit.log_b, fit.log_e, fit.alpha, fit.beta])
    draws: list[list[float]] = []
    failed = 0
    for _ in range(resamples):
        if cancelled is not None and cancelled():
            raise SolverError("bootstrap cancelled")
        counts = np.bincount(rng.integers(0, n, n), minlength=n).astype(np.float64)

        res = polish(chunked_objective(log_n, log_d, log_l, delta=delta, weights=counts), x0)
        if not polish_converged(res):
            failed += 1
        else:
            d = _derived(res.x)
            tpp = _tokens_per_param(res.x, [5.88e23])[0]
            draws.append(
                [
                    d["E"],
                    d["A"],
                    d["B"],
                    d["alpha"],
                    d["beta"],
                    _allocation_exponent(d["alpha"], d["beta"]),
                    tpp,
                    res.x[2],
                    res.x[0],
                    res.x[1],
                ]
            )
        tick()
    if len(draws) < 2:
        raise SolverError(f"bootstrap: only {len(draws)} of {resamples} refits converged")
    arr = np.asarray(draws)
    names = [
        "E",
        "A",
        "B",
        "alpha",
        "beta",
        "a",
        "tokens_per_param_at_5.88e23",
        "log_E",
        "log_A",
        "log_B",
    ]
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    finite = np.isfinite(arr)
    stderr = {k: float(np.std(arr[finite[:, j], j], ddof=1)) for j, k in enumerate(names)}
    ci = {
        k: (
            float(np.quantile(arr[finite[:, j], j], lo_q)),
            float(np.quantile(arr[finite[:, j], j], hi_q)),
        )
        for j, k in enumerate(names)
    }
    return BootstrapSummary(
        n_resamples=resamples, seed=seed, level=level, n_failed=failed, stderr=stderr, ci=ci
    )


def _holdout(
    runs: Runs, fraction: float, delta: float, tick: Callable[[], None]
) -> HoldoutReport | None:
    c = runs.compute_flops
    n_hold = max(1, round(fraction * len(c)))
    if len(c) - n_hold < MIN_RUNS:
        return None
    order = np.argsort(c, kind="stable")
    held, kept = order[-n_hold:], order[:-n_hold]
    sub = runs.subset(kept)
    fit = fit_approach3(sub, delta=delta, tick=tick)
    from planner.laws._kernels import parametric_loss

    pred = parametric_loss(
        np.asarray(runs.n_params)[held],
        np.asarray(runs.n_tokens)[held],
        fit.e,
        fit.a,
        fit.b,
        fit.alpha,
        fit.beta,
    )
    actual = np.asarray(runs.loss)[held]
    rel = np.abs(pred - actual) / actual
    return HoldoutReport(
        n_fit=len(kept),
        n_held_out=n_hold,
        compute_threshold=float(c[held].min()),
        mean_abs_rel_error=float(rel.mean()),
        max_abs_rel_error=float(rel.max()),
        rmse_log=float(np.sqrt(np.mean((np.log(pred) - np.log(actual)) ** 2))),
    )


def check_fit_options(
    *, bootstrap: object = 0, seed: object = 0, level: object = 0.95, holdout_fraction: object = 0.1
) -> tuple[int, int, float, float]:
    """Check the options of :func:`fit_runs` (the CLI calls this before reading the runs).

    Parameters
    ----------
    bootstrap : object
        Resamples: 0 (none) or 2 to 10**7.
    seed : object
        Seed, a whole number >= 0.
    level : object
        Interval coverage in (0, 1).
    holdout_fraction : object
        Share of runs held out, in [0, 1).

    Returns
    -------
    bootstrap, seed : int
    level, holdout_fraction : float

    Raises
    ------
    InputError
        Naming the option and its value.
    """
    boot = check_whole(bootstrap, "bootstrap", low=0, high=10**7)
    if boot == 1:
        raise InputError("bootstrap: needs at least 2 resamples, got 1")
    return (
        boot,
        check_whole(seed, "seed", low=0, high=2**63 - 1),
        check_real(level, "level", low=0.0, high=1.0, low_open=True, high_open=True),
        check_real(holdout_fraction, "holdout_fraction", low=0.0, high=1.0, high_open=True),
    )


def fit_runs(
    runs: Runs,
    *,
    bootstrap: int = 0,
    seed: int = 0,
    level: float = 0.95,
    holdout_fraction: float = 0.1,
    approach2: bool = False,
    delta: float = HUBER_DELTA,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> FitReport:
    """The whole fit: Approach 3, optional bootstrap, hold-out check, optional Approach 2.

    Parameters
    ----------
    runs : Runs
        From :func:`read_runs`.
    bootstrap : int
        Resamples of the runs (with replacement), each refitted warm-started from the fit.
    seed : int
        Seed of the resampling; the same seed gives the same intervals.
    level : float
        Coverage of the percentile intervals.
    holdout_fraction : float
        Share of runs, by largest compute, left out of a second fit and predicted (0 to skip).
    approach2 : bool
        Also fit Approach 2 (iso-FLOP minima and their power laws, :mod:`planner.fit._isoflop`).
    delta : float
        Huber delta (Hoffmann et al. App. D.2: 1e-3).
    progress : callable, optional
        ``progress(done, total)`` in units of work (fit steps, then bootstrap refits): never
        decreasing, the last call at ``done == total`` (:mod:`planner.progress`).
    cancelled : callable, optional
        Polled between resamples; if it returns True the fit stops with ``SolverError``.

    Returns
    -------
    FitReport
        The fit, its intervals, hold-out errors, diagnostics and (optionally) Approach 2.
    """
    check_instance(runs, Runs, "runs")
    bootstrap, seed, level, holdout_fraction = check_fit_options(
        bootstrap=bootstrap, seed=seed, level=level, holdout_fraction=holdout_fraction
    )
    approach2 = check_flag(approach2, "approach2")
    delta = check_real(delta, "delta", low=0.0, high=10.0, low_open=True)
    for name, fn in (("progress", progress), ("cancelled", cancelled)):
        if fn is not None and not callable(fn):
            raise InputError(f"{name}: expected a function, got {type(fn).__name__}")
    if distinct_points(runs) < MIN_RUNS:
        raise InputError(
            f"runs: {distinct_points(runs)} distinct (N, D) points; five coefficients need at "
            f"least {MIN_RUNS}"
        )
    units = fit_units(len(hoffmann_grid()), 60, 4)  # fit_approach3's defaults
    ticker = Ticker(progress, units * (2 if holdout_fraction > 0 else 1) + bootstrap)
    fit = fit_approach3(runs, delta=delta, tick=ticker.tick)
    diagnostics, degenerate = fit_diagnostics(runs, fit)
    boot = (
        _bootstrap(runs, fit, bootstrap, seed, level, delta, ticker.tick, cancelled)
        if bootstrap
        else None
    )
    hold = _holdout(runs, holdout_fraction, delta, ticker.tick) if holdout_fraction > 0 else None
    ticker.finish()
    iso = fit_approach2(runs) if approach2 else None
    c = runs.compute_flops
    return FitReport(
        approach3=fit,
        bootstrap=boot,
        holdout=hold,
        approach2=iso,
        n_runs=len(runs.loss),
        n_dropped=runs.dropped,
        source=runs.source,
        sha256=runs.sha256,
        fitted_compute_flops=(float(c.min()), float(c.max())),
        warnings=diagnostics,
        degenerate=degenerate,
    )
