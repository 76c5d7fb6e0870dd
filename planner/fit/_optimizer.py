r"""The Huber/LSE objective and the multi-start optimiser behind the parametric fit.

Hoffmann et al. 2022 App. D.2, as corrected by Besiroglu et al. 2024: the summed Huber loss of
log residuals of :math:`\mathrm{LSE}(a - \alpha \log N, b - \beta \log D, e)`, minimised from
the 4500-point start grid. The grid is screened in one vectorised pass (on at most
``SCREEN_RUNS`` runs), the best starts refined together by a vectorised Adam, the best few
polished by L-BFGS-B with analytic gradients; the best *converged* polish wins, and when the
screen used a subsample it is polished once more on every run (``CHUNK_RUNS`` at a time).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from planner.errors import SolverError
from planner.laws._numeric import FloatArray
from planner.laws.kinds import ParametricLaw

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from scipy.optimize import OptimizeResult

__all__ = [
    "CHUNK_RUNS",
    "GRADIENT_TOLERANCE",
    "HUBER_DELTA",
    "SCREEN_RUNS",
    "adam",
    "chunked_objective",
    "fit_theta",
    "fit_units",
    "hoffmann_grid",
    "huber_lse_objective",
    "polish",
    "polish_converged",
    "screen_sample",
]

HUBER_DELTA = 1e-3
"""Huber delta of Hoffmann et al. 2022 App. D.2 (larger overfits the low-compute runs)."""


@functools.cache
def hoffmann_grid() -> FloatArray:
    """The 4500 starts of Hoffmann et al. 2022 App. D.2, columns (a, b, e, alpha, beta).

    6 x 6 x 5 x 5 x 5: alpha, beta in {0, 0.5, ..., 2}; e in {-1, -0.5, ..., 1}; a, b in
    {0, 5, ..., 25}, from the parametric kind's declared fit parameters (one source for the
    grid). Built on first use, not at import (the CLI's plan path never needs it).

    Returns
    -------
    ndarray, shape (4500, 5)
        Read-only.
    """
    axes = [np.asarray(p.grid) for p in ParametricLaw.FIT_PARAMETERS]
    grid = np.array(np.meshgrid(*axes, indexing="ij")).reshape(len(axes), -1).T
    grid.setflags(write=False)
    return grid


def huber_lse_objective(
    theta: FloatArray,
    log_n: FloatArray,
    log_d: FloatArray,
    log_loss: FloatArray,
    *,
    weights: FloatArray | None = None,
    delta: float = HUBER_DELTA,
) -> tuple[FloatArray, FloatArray]:
    r"""The summed Huber objective and its analytic gradient, for a batch of parameter vectors.

    Parameters
    ----------
    theta : ndarray, shape (k, 5)
        Rows (a, b, e, alpha, beta), with a, b, e the logs of A, B, E.
    log_n, log_d, log_loss : ndarray, shape (n,)
        Logs of the runs' N, D and loss.
    weights : ndarray, shape (n,) or (k, n), optional
        Run multiplicities (bootstrap resamples).
    delta : float
        Huber delta (Hoffmann et al. 2022 App. D.2: 1e-3).

    Returns
    -------
    f : ndarray, shape (k,)
    grad : ndarray, shape (k, 5)

    Notes
    -----
    With :math:`t_1 = a - \alpha \log N`, :math:`t_2 = b - \beta \log D`, :math:`t_3 = e`,
    softmax weights :math:`w_j`, residual :math:`r` and :math:`h = \mathrm{clip}(r, -\delta,
    \delta)`: :math:`\partial f/\partial a = \sum h w_1`, :math:`\partial f/\partial \alpha =
    -\sum h w_1 \log N`, and likewise for b, beta (w_2) and e (w_3).
    """
    th = np.atleast_2d(theta)
    a, b, e, alpha, beta = (th[:, i : i + 1] for i in range(5))
    t1 = a - alpha * log_n
    t2 = b - beta * log_d
    m = np.maximum(np.maximum(t1, t2), e)
    e1, e2, e3 = np.exp(t1 - m), np.exp(t2 - m), np.exp(e - m)
    s = e1 + e2 + e3
    r = m + np.log(s) - log_loss
    ar = np.abs(r)
    hub = np.where(ar <= delta, 0.5 * r * r, delta * (ar - 0.5 * delta))
    dh = np.clip(r, -delta, delta)
    if weights is not None:
        hub = hub * weights
        dh = dh * weights
    f = hub.sum(axis=-1)
    dh1, dh2 = dh * (e1 / s), dh * (e2 / s)
    grad = np.stack(
        [
            dh1.sum(-1),
            dh2.sum(-1),
            (dh * (e3 / s)).sum(-1),
            -(dh1 * log_n).sum(-1),
            -(dh2 * log_d).sum(-1),
        ],
        axis=-1,
    )
    return f, grad


def adam(
    fg: Callable[[FloatArray], tuple[FloatArray, FloatArray]],
    theta: FloatArray,
    steps: int,
    lr: float = 0.02,
    tick: Callable[[], None] | None = None,
) -> FloatArray:
    r"""Vectorised Adam over a batch of starts, keeping each start's best point.

    Kingma & Ba 2015, Algorithm 1 with :math:`\beta_1 = 0.9`, :math:`\beta_2 = 0.999`,
    :math:`\epsilon = 10^{-12}`, every row of ``theta`` a separate start.

    Parameters
    ----------
    fg : callable
        ``fg(theta) -> (f, grad)`` for a batch, shapes (k,) and (k, p).
    theta : ndarray, shape (k, p)
        The starts.
    steps : int
        Adam steps.
    lr : float
        Step size.
    tick : callable, optional
        Called after each step (progress).

    Returns
    -------
    ndarray, shape (k, p)
        For each start, the point with the lowest objective seen.
    """
    x = theta.copy()
    m = np.zeros_like(x)
    v = np.zeros_like(x)
    best_x = x.copy()
    best_f, _ = fg(x)
    for t in range(1, steps + 1):
        f, g = fg(x)
        better = f < best_f
        best_f = np.where(better, f, best_f)
        best_x[better] = x[better]
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        x = x - lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-12)
        if tick is not None:
            tick()
    f, _ = fg(x)
    better = f < best_f
    best_x[better] = x[better]
    return best_x


def polish(
    fg: Callable[[FloatArray], tuple[FloatArray, FloatArray]], x0: FloatArray
) -> OptimizeResult:
    """One L-BFGS-B run from ``x0`` with the analytic gradient, to machine precision.

    Parameters
    ----------
    fg : callable
        ``fg(theta) -> (f, grad)`` for a batch (called with one row).
    x0 : ndarray, shape (p,)
        The start.

    Returns
    -------
    scipy.optimize.OptimizeResult
        See :func:`polish_converged` for when it is accepted.
    """
    from scipy.optimize import minimize

    def scalar(x: FloatArray) -> tuple[float, FloatArray]:
        f, g = fg(x)
        return float(f[0]), g[0]

    return minimize(
        scalar,
        x0,
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": 10_000, "maxfun": 20_000, "ftol": 1e-15, "gtol": 1e-12},
    )


GRADIENT_TOLERANCE = 1e-7
"""A polish that stops on a failed line search is accepted when every gradient component is
below this: the objective no longer changes at machine precision (common with Huber's kinks)."""


def polish_converged(res: OptimizeResult) -> bool:
    """Whether a polish is accepted: finite, and converged or flat to ``GRADIENT_TOLERANCE``.

    Parameters
    ----------
    res : scipy.optimize.OptimizeResult
        From :func:`polish` (or any gradient-based scipy minimiser).

    Returns
    -------
    bool
    """
    if not np.all(np.isfinite(res.x)):
        return False
    return bool(res.success) or float(np.max(np.abs(res.jac))) < GRADIENT_TOLERANCE


SCREEN_RUNS = 20_000
"""Runs used to screen the start grid and refine the best starts. Above this many runs the grid
is screened on an evenly spaced subsample (by compute, so every scale is represented) and only
the final polish sees every run: the screen picks a basin, it does not decide the optimum.
At or below it (every published ladder, and the shared Chinchilla data) nothing changes."""


CHUNK_RUNS = 1 << 16
"""Runs per chunk of the full-data objective: temporaries stay a few MB whatever the size."""


def chunked_objective(
    log_n: FloatArray,
    log_d: FloatArray,
    log_l: FloatArray,
    *,
    delta: float,
    weights: FloatArray | None = None,
) -> Callable[[FloatArray], tuple[FloatArray, FloatArray]]:
    """``fg(theta)`` summed over chunks of the runs (one chunk for up to 65,536 runs).

    Parameters
    ----------
    log_n, log_d, log_l : ndarray, shape (n,)
        Logs of the runs' N, D and loss.
    delta : float
        Huber delta.
    weights : ndarray, shape (n,) or (k, n), optional
        Run multiplicities (bootstrap resamples).

    Returns
    -------
    callable
        ``fg(theta) -> (f, grad)``: :func:`huber_lse_objective` summed over every run.
    """
    n = log_n.shape[0]
    if n <= CHUNK_RUNS:

        def whole(th: FloatArray) -> tuple[FloatArray, FloatArray]:
            return huber_lse_objective(th, log_n, log_d, log_l, weights=weights, delta=delta)

        return whole

    def chunked(th: FloatArray) -> tuple[FloatArray, FloatArray]:
        f_total: FloatArray | None = None
        g_total: FloatArray | None = None
        for i in range(0, n, CHUNK_RUNS):
            sl = slice(i, i + CHUNK_RUNS)
            f, g = huber_lse_objective(
                th,
                log_n[sl],
                log_d[sl],
                log_l[sl],
                weights=None if weights is None else weights[..., sl],
                delta=delta,
            )
            f_total = f if f_total is None else f_total + f
            g_total = g if g_total is None else g_total + g
        assert f_total is not None and g_total is not None
        return f_total, g_total

    return chunked


def screen_sample(log_n: FloatArray, log_d: FloatArray) -> NDArray[np.intp]:
    """Indices of at most ``SCREEN_RUNS`` runs, evenly spaced in compute order.

    Parameters
    ----------
    log_n, log_d : ndarray, shape (n,)
        Logs of the runs' N and D (compute order is the order of log N + log D).

    Returns
    -------
    ndarray of int
        Sorted indices; every run when there are at most ``SCREEN_RUNS``.
    """
    n = log_n.shape[0]
    if n <= SCREEN_RUNS:
        return np.arange(n)
    order = np.argsort(log_n + log_d, kind="stable")
    return np.sort(order[np.linspace(0, n - 1, SCREEN_RUNS).round().astype(np.intp)])


def fit_theta(
    log_n: FloatArray,
    log_d: FloatArray,
    log_l: FloatArray,
    *,
    delta: float,
    grid: FloatArray,
    refine_top: int,
    refine_steps: int,
    polish_top: int,
    tick: Callable[[], None] | None = None,
) -> tuple[OptimizeResult, int]:
    """Minimise the Huber/LSE objective from a grid of starts (the recipe in the module doc).

    Parameters
    ----------
    log_n, log_d, log_l : ndarray, shape (n,)
        Logs of the runs' N, D and loss.
    delta : float
        Huber delta.
    grid : ndarray, shape (k, 5)
        Starts (a, b, e, alpha, beta), e.g. :func:`hoffmann_grid`.
    refine_top, refine_steps, polish_top : int
        Starts refined by Adam, its steps, and refined starts polished by L-BFGS-B.
    tick : callable, optional
        Called once per progress unit, :func:`fit_units` times in all (a screening pass, an
        Adam step, a polished start, the full-data polish).

    Returns
    -------
    best : scipy.optimize.OptimizeResult
        The best converged polish.
    n_polished : int
        How many starts were polished.

    Raises
    ------
    SolverError
        No polish converged.
    """
    step = tick if tick is not None else _no_tick
    pick = screen_sample(log_n, log_d)
    fg = chunked_objective(log_n[pick], log_d[pick], log_l[pick], delta=delta)
    # chunks keep the temporaries (rows x runs) in cache: ~4x faster than one 4500-row pass
    f0 = np.concatenate(
        [
            _ticked(fg(grid[i : i + SCREEN_CHUNK])[0], step)
            for i in range(0, len(grid), SCREEN_CHUNK)
        ]
    )
    order = np.argsort(f0, kind="stable")
    starts = grid[order[: min(refine_top, len(grid))]]
    refined = adam(fg, starts, refine_steps, tick=step) if refine_steps > 0 else starts
    f1, _ = fg(refined)
    candidates = refined[np.argsort(f1, kind="stable")[:polish_top]]
    results = [_ticked(polish(fg, x0), step) for x0 in candidates]
    for _ in range(polish_top - len(results)):  # fewer starts than asked: keep the count
        step()
    ok = [r for r in results if polish_converged(r)]
    if not ok:
        raise SolverError(f"no start converged: {results[0].message}")
    best = min(ok, key=lambda r: float(r.fun))
    if pick.size < log_n.size:  # polish the subsample's optimum on every run
        full = polish(chunked_objective(log_n, log_d, log_l, delta=delta), best.x)
        if not polish_converged(full):
            raise SolverError(f"the full-data polish did not converge: {full.message}")
        best = full
    step()  # the full-data polish (done, or not needed)
    return best, len(results)


SCREEN_CHUNK = 256
"""Starts screened per pass of :func:`fit_theta` (one progress unit)."""

_R = TypeVar("_R")


def _no_tick() -> None:
    """No progress report."""


def _ticked(value: _R, tick: Callable[[], None]) -> _R:
    """``value``, after one progress unit."""
    tick()
    return value


def fit_units(n_starts: int, refine_steps: int, polish_top: int) -> int:
    """Progress units of one :func:`fit_theta` call (what its ``tick`` is called).

    Parameters
    ----------
    n_starts : int
        Rows of the start grid.
    refine_steps, polish_top : int
        As :func:`fit_theta` takes them.

    Returns
    -------
    int
        Screening passes + Adam steps + polished starts + 1 (the full-data polish).
    """
    return -(-n_starts // SCREEN_CHUNK) + max(refine_steps, 0) + polish_top + 1
