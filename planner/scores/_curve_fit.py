"""Bounded least squares of a score curve with its bootstrap refits, and logit residuals.

Shared by the public calibration (:func:`planner.scores._fit.fit_curve`) and a user's own task
curves (:func:`planner.fit._task_curves.fit_loss_curve`). Needs scipy (imported when fitting).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from planner.errors import SolverError
from planner.laws._numeric import FloatArray

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["bounded_fit", "logit_residuals"]


def bounded_fit(
    residual: Callable[..., FloatArray],
    start: list[float],
    lower: list[float],
    upper: list[float],
    *,
    y: FloatArray,
    floor_fitted: bool,
    resamples: Sequence[NDArray[np.intp]] = (),
    what: str,
) -> tuple[FloatArray, list[FloatArray]]:
    """Bounded least squares of a score curve, then one refit per resample (its bootstrap).

    The start is moved 1e-9 inside the bounds. When the floor is fitted (the last parameter)
    its upper bound is the lowest score each fit sees. Refits start from the fit. Shared by the
    public calibration (:func:`planner.scores._fit.fit_curve`) and a user's own task curves
    (:func:`planner.fit._task_curves.fit_loss_curve`).

    Parameters
    ----------
    residual : callable
        ``residual(params, rows=slice(None))``: the curve minus the scores of ``rows``.
    start, lower, upper : list of float
        Start and bounds; the floor last when it is fitted.
    y : ndarray
        The scores (for the fitted floor's bound).
    floor_fitted : bool
        Whether the last parameter is the floor.
    resamples : sequence of index arrays
        Rows of each bootstrap refit.
    what : str
        What is fitted, for the error message.

    Returns
    -------
    params : ndarray
    refits : list of ndarray

    Raises
    ------
    SolverError
        The fit did not converge.
    """
    from scipy.optimize import least_squares

    start = [
        min(max(v, lo + 1e-9), hi - 1e-9) for v, lo, hi in zip(start, lower, upper, strict=True)
    ]
    result = least_squares(residual, start, bounds=(lower, upper), x_scale="jac")
    if not result.success:
        raise SolverError(f"{what}: score curve did not converge: {result.message}")
    refits = []
    for pick in resamples:
        upper_b = [*upper[:-1], float(y[pick].min())] if floor_fitted else upper
        begin = np.minimum(np.maximum(result.x, lower), np.asarray(upper_b) - 1e-9)
        refit = least_squares(residual, begin, bounds=(lower, upper_b), x_scale="jac", args=(pick,))
        refits.append(np.asarray(refit.x))
    return np.asarray(result.x), refits


def logit_residuals(
    y: FloatArray, floor: float, ceiling: float, z: FloatArray, *, clip: float | None = None
) -> FloatArray:
    r"""Residuals on the logit scale, :math:`\mathrm{logit}((y - f)/(c - f)) - z`.

    The fraction is clipped to [1e-4, 1 - 1e-4] (a score at its floor or ceiling stays finite);
    with ``clip``, the fraction and the curve's own, sigmoid(z), are both clipped to
    [clip, 1 - clip] (a score within ``clip`` of the floor counts as at the floor).

    Parameters
    ----------
    y : ndarray
        Scores.
    floor, ceiling : float
        The curve's f and c.
    z : ndarray
        The fitted latent values.
    clip : float, optional
        The clip of both fractions.

    Returns
    -------
    ndarray
    """
    edge = 1e-4 if clip is None else clip
    frac = np.clip((y - floor) / (ceiling - floor), edge, 1 - edge)
    if clip is None:
        return np.asarray(np.log(frac / (1 - frac)) - z)
    from planner.laws._numeric import sigmoid

    own = np.clip(sigmoid(z), clip, 1 - clip)
    return np.asarray(np.log(frac / (1 - frac)) - np.log(own / (1 - own)))
