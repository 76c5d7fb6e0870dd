"""Does a fit mean anything? Diagnostics shared by every fitter.

A fit is *degenerate* when it means nothing as a scaling law: losses that do not vary,
residuals no better than a constant loss, exponents at or below 0 or beyond the start grid,
fewer than three distinct N or D, or an optimiser that did not converge. Rows that repeat an
(N, D) point are flagged but not degenerate (repeated seeds are legitimate data).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from planner.fit._runs import Runs, distinct_points
from planner.laws._numeric import FloatArray
from planner.limits import EXPONENT_RANGE


class FitSummary(Protocol):
    """What the diagnostics read of a fit (an ``Approach3Fit`` has all of it)."""

    @property
    def delta(self) -> float:
        """The Huber threshold the fit used."""

    @property
    def objective(self) -> float:
        """The fit's Huber objective at its optimum."""

    @property
    def alpha(self) -> float:
        """The fitted exponent of N."""

    @property
    def beta(self) -> float:
        """The fitted exponent of D."""

    @property
    def converged(self) -> bool:
        """Whether the optimiser reported success."""

    @property
    def message(self) -> str:
        """The optimiser's message."""


__all__ = [
    "GRID_EXPONENT_MAX",
    "MIN_DISTINCT_AXIS",
    "NO_BETTER_THAN_CONSTANT",
    "FitSummary",
    "fit_diagnostics",
    "huber",
]

NO_BETTER_THAN_CONSTANT = 0.8
"""A fit whose objective is above this share of a constant loss's objective explains next to
nothing of the losses: it is flagged as degenerate."""


GRID_EXPONENT_MAX = 2.0
"""The largest exponent of Hoffmann et al.'s start grid; a fitted exponent beyond it is not
pinned down by the runs."""


MIN_DISTINCT_AXIS = 3
"""Distinct model sizes (and token counts) needed to identify alpha (and beta)."""


def fit_diagnostics(runs: Runs, fit: FitSummary) -> tuple[tuple[str, ...], bool]:
    """Warnings about a fit, and whether it is degenerate (means nothing as a law).

    Degenerate: not converged; alpha or beta at or below 0 (the loss does not fall with N or
    D) or beyond the start grid's 0-2; fewer than three distinct N or D; losses that do not
    vary; an objective no better than a constant loss's. Flagged but not degenerate: rows that
    repeat an (N, D) point (each still counts as a run: repeated seeds are legitimate data).

    Parameters
    ----------
    runs : Runs
        The runs fitted.
    fit : FitSummary
        Their fit (an ``Approach3Fit``).

    Returns
    -------
    warnings : tuple of str
    degenerate : bool
    """
    out: list[str] = []
    bad = False
    log_l = np.log(runs.loss)
    constant = float(np.sum(huber(log_l - np.median(log_l), fit.delta)))
    if constant <= 0.0:
        out.append("the losses do not vary: there is nothing to fit")
        bad = True
    elif fit.objective > NO_BETTER_THAN_CONSTANT * constant:
        out.append(
            f"the residuals are no better than a constant loss (objective {fit.objective:.3g} "
            f"against {constant:.3g}): the runs show no scaling"
        )
        bad = True
    for name, value, axis in (("alpha", fit.alpha, "N"), ("beta", fit.beta, "D")):
        if value <= EXPONENT_RANGE[0]:
            out.append(
                f"{name} = {value:.3g}: the loss does not fall with {axis} in these runs "
                "(exponent at or below 0); this is not a scaling law"
            )
            bad = True
        elif value > GRID_EXPONENT_MAX:
            out.append(
                f"{name} = {value:.3g} is beyond the start grid's 0-{GRID_EXPONENT_MAX:g}: the "
                f"runs do not pin down how the loss falls with {axis}"
            )
            bad = True
    axes = (("model sizes", runs.n_params, "alpha"), ("token counts", runs.n_tokens, "beta"))
    for axis, values, name in axes:
        distinct = np.unique(values).size
        if distinct < MIN_DISTINCT_AXIS:
            out.append(f"only {distinct} distinct {axis}: {name} is not identified")
            bad = True
    if not fit.converged:
        out.append(f"the optimiser did not converge ({fit.message})")
        bad = True
    repeats = len(runs.loss) - distinct_points(runs)
    if repeats:
        out.append(
            f"{repeats} of {len(runs.loss)} runs repeat an (N, D) point already seen; each "
            "counts as a run (repeated seeds?)"
        )
    return tuple(out), bad


def huber(r: FloatArray, delta: float) -> FloatArray:
    r"""The Huber loss of residuals (Hoffmann et al. 2022 App. D.2).

    Parameters
    ----------
    r : ndarray
        Residuals (log loss).
    delta : float
        Where the quadratic turns linear.

    Returns
    -------
    ndarray
        :math:`r^2/2` for :math:`|r| \le \delta`, else :math:`\delta (|r| - \delta/2)`.
    """
    a = np.abs(r)
    return np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta))
