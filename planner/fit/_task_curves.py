r"""Task score curves on a user's own runs: the second step of the two-step method.

Bhagia et al. 2024 ("Establishing task scaling laws via compute-efficient model ladders",
arXiv:2412.04403) predict a task's accuracy in two steps: a loss law :math:`L(N, D)` fitted on
small runs, then the accuracy as a sigmoid of the loss fitted on the same runs,

.. math:: s(L) = f + (c - f)\,\sigma\big(k\,(L_0 - L)\big),

with :math:`f` the task's chance score (or fitted where none is known), :math:`c \le 1` the
ceiling and :math:`k \ge 0`, so the score never falls as the loss falls. Their OLMo 2 7B
prediction: MMLU 0.513 against 0.516 measured, 6.0% mean relative error over 8 tasks.
``planner fit --task-col TASK=COLUMN`` fits one such curve per task on the runs' measured loss
(bounded least squares; bootstrap refits on resampled runs for the interval) and writes them
with the law, so that plans with that law predict scores on the user's own scale
(:func:`planner.scores._curves.loss_curve_score`). Needs scipy (imported when fitting).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from planner.errors import InputError
from planner.laws._numeric import FloatArray, sigmoid
from planner.laws._preset import LossScoreCurve
from planner.scores._records import EMERGED_MARGIN, INTERVAL

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["KNOWN_CHANCE", "MIN_TASK_RUNS", "TASK_BOOTSTRAP", "fit_loss_curve"]

KNOWN_CHANCE: dict[str, float] = {
    "mmlu": 0.25,  # 4 answer choices (Hendrycks et al. 2021)
    "arc-challenge": 0.25,  # 4 answer choices (Clark et al. 2018)
    "arc-easy": 0.25,  # 4 answer choices (Clark et al. 2018)
    "hellaswag": 0.25,  # 4 candidate endings (Zellers et al. 2019)
    "winogrande": 0.5,  # 2 options (Sakaguchi et al. 2020)
    "piqa": 0.5,  # 2 solutions (Bisk et al. 2020)
    "boolq": 0.5,  # yes / no (Clark et al. 2019)
    "gsm8k": 0.0,  # exact match on a free-form number
    "humaneval": 0.0,  # pass@1 on generated code
}
"""Chance scores of common tasks by id: a task fitted under one of these ids keeps its curve's
floor at chance; any other id has its floor fitted."""

TASK_BOOTSTRAP = 200
"""Bootstrap refits behind each task curve's interval (a few milliseconds each)."""

MIN_TASK_RUNS = 8
"""Fewer runs than this cannot pin a three- or four-parameter curve."""


def fit_loss_curve(
    task: str,
    column: str,
    loss: FloatArray,
    score: FloatArray,
    *,
    bootstrap: int = 0,
    seed: int = 0,
) -> LossScoreCurve:
    """Fit a task's score as a sigmoid of the loss (see the module docstring).

    Parameters
    ----------
    task : str
        The task id (its chance score is :data:`KNOWN_CHANCE`'s, else fitted).
    column : str
        The CSV column the scores came from (recorded).
    loss, score : ndarray
        Each run's measured loss and score (a fraction in [0, 1]).
    bootstrap : int
        Refits on runs resampled with replacement, kept as the curve's draws.
    seed : int
        Seed of the resampling.

    Returns
    -------
    LossScoreCurve

    Raises
    ------
    InputError
        Fewer than :data:`MIN_TASK_RUNS` runs, or arrays of different lengths.
    SolverError
        The fit did not converge.

    Examples
    --------
    >>> loss = np.linspace(2.5, 4.0, 12)
    >>> acc = 0.25 + 0.5 / (1 + np.exp(-3.0 * (3.0 - loss)))
    >>> c = fit_loss_curve("hellaswag", "acc", loss, acc)
    >>> round(c.k, 3), round(c.l0, 3), round(c.ceiling, 3)
    (3.0, 3.0, 0.75)
    """
    from planner.scores._curve_fit import bounded_fit, logit_residuals

    x = np.asarray(loss, dtype=np.float64).reshape(-1)
    y = np.asarray(score, dtype=np.float64).reshape(-1)
    if x.shape != y.shape:
        raise InputError(f"{task}: {x.size} losses but {y.size} scores")
    if x.size < MIN_TASK_RUNS:
        raise InputError(f"{task}: needs at least {MIN_TASK_RUNS} runs with scores, got {x.size}")
    chance = KNOWN_CHANCE.get(task)
    fixed = chance is not None

    def unpack(p: FloatArray) -> tuple[float, float, float, float]:
        floor = float(chance) if chance is not None else float(p[3])
        return floor, float(p[0]), float(p[1]), float(p[2])

    def residual(p: FloatArray, rows: NDArray[np.intp] | slice = slice(None)) -> FloatArray:
        floor, ceiling, k, l0 = unpack(p)
        return np.asarray(floor + (ceiling - floor) * sigmoid(k * (l0 - x[rows])) - y[rows])

    base = chance if chance is not None else 0.0
    spread = float(np.ptp(x)) or 1.0
    lower = [min(base + 0.02, 0.99), 0.0, float(x.min()) - 5 * spread]
    upper = [1.0, 100.0 / spread, float(x.max()) + 5 * spread]
    start = [min(1.0, float(y.max()) + 0.05), 4.0 / spread, float(np.median(x))]
    if not fixed:
        lower, upper, start = [*lower, 0.0], [*upper, float(y.min())], [*start, 0.0]
    resamples = []
    if bootstrap > 0:
        rng = np.random.default_rng(seed)
        resamples = [rng.integers(0, x.size, x.size) for _ in range(bootstrap)]
    params, refits = bounded_fit(
        residual, start, lower, upper, y=y, floor_fitted=not fixed, resamples=resamples, what=task
    )
    draws = [unpack(r) for r in refits]
    floor, ceiling, k, l0 = unpack(params)
    resid = logit_residuals(y, floor, ceiling, k * (l0 - x))
    q_low, q_high = (float(q) for q in np.quantile(resid, INTERVAL))
    note = ""
    if float(y.max()) < floor + EMERGED_MARGIN:
        note = (
            f"the runs' scores stay within {EMERGED_MARGIN * 100:.0f} points of chance (best "
            f"{float(y.max()):.1%}): the curve cannot place its rise and predicts about chance "
            "at any loss"
        )
    return LossScoreCurve(
        task=task,
        column=column,
        floor=floor,
        floor_fitted=not fixed,
        ceiling=ceiling,
        k=k,
        l0=l0,
        q_low=q_low,
        q_high=q_high,
        n_runs=int(x.size),
        loss_range=(float(x.min()), float(x.max())),
        mae_points=float(np.mean(np.abs(residual(params))) * 100),
        note=note,
        draws_floor=tuple(d[0] for d in draws),
        draws_ceiling=tuple(d[1] for d in draws),
        draws_k=tuple(d[2] for d in draws),
        draws_l0=tuple(d[3] for d in draws),
    )
