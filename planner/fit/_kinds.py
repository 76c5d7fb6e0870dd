r"""Fit any law kind to (N, D, loss) runs, from the parameters the kind declares.

A kind lists its parameters once (:attr:`planner.laws.kinds.LawKind.FIT_PARAMETERS`: name, whether
it is fitted as its log, start grid) and evaluates a batch of parameter sets with
``loss_from``. The recipe is the one of Hoffmann et al. 2022 (App. D.2) as corrected by
Besiroglu et al. 2024, for any form:

.. math:: \min_\theta \sum_i \mathrm{Huber}_\delta\big(\log \hat L_\theta(N_i, D_i)
          - \log L_i\big), \quad \delta = 10^{-3},

with the start grid screened in one vectorised pass (on an evenly spaced subsample above
20,000 runs), the best starts polished by L-BFGS-B and the best converged one polished on
every run. The Chinchilla form keeps its own faster fitter with analytic gradients
(:func:`planner.fit._parametric.fit_runs`); this module serves every other kind.
"""

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, cast, get_args

import numpy as np

if TYPE_CHECKING:
    from scipy.optimize import OptimizeResult

from planner.data._frozen import Frozen, field_default
from planner.errors import InputError, SolverError
from planner.fit._checks import NO_BETTER_THAN_CONSTANT, huber
from planner.fit._optimizer import HUBER_DELTA, polish_converged, screen_sample
from planner.fit._parametric import HoldoutReport
from planner.fit._runs import MIN_RUNS, Runs, distinct_points
from planner.io._checks import check_real
from planner.laws._numeric import FloatArray
from planner.laws.kinds import LawKind, ScalingLaw
from planner.limits import EXPONENT_RANGE

__all__ = ["KindFit", "fit_kind", "fittable_kinds", "kind_law"]

POLISH_TOP = 8
"""Grid starts polished by L-BFGS-B."""
_BAD_RESIDUAL = 10.0
"""Residual given to a parameter set whose prediction is not a positive finite loss."""


def _kinds() -> dict[str, type[LawKind]]:
    members = get_args(ScalingLaw)
    return {str(field_default(cls, "kind")): cls for cls in members}


def fittable_kinds() -> tuple[str, ...]:
    """Kinds that ``planner fit`` can fit: those that declare parameters and a loss.

    Returns
    -------
    tuple of str
        Kind names, e.g. ``("parametric", "gadre")``.
    """
    return tuple(name for name, cls in _kinds().items() if cls.FIT_PARAMETERS)


class KindFit(Frozen):
    """A law kind fitted to runs."""

    kind: str
    params: dict[str, float]
    """The fitted constants, by their names in a law file."""
    objective: float
    """Summed Huber objective at the optimum."""
    converged: bool
    message: str
    n_starts: int
    n_runs: int
    source: str
    sha256: str
    fitted_compute_flops: tuple[float, float]
    holdout: HoldoutReport | None = None
    warnings: tuple[str, ...] = ()
    degenerate: bool = False


def _theta_to_params(cls: type[LawKind], theta: FloatArray) -> dict[str, FloatArray]:
    out: dict[str, FloatArray] = {}
    for j, p in enumerate(cls.FIT_PARAMETERS):
        col = theta[:, j : j + 1]
        out[p.name] = np.exp(col) if p.log else col
    return out


def _objective(
    cls: type[LawKind], runs_n: FloatArray, runs_d: FloatArray, log_l: FloatArray, delta: float
) -> Callable[[FloatArray], FloatArray]:
    def f(theta: FloatArray) -> FloatArray:
        th = np.atleast_2d(theta)
        with np.errstate(all="ignore"):
            pred = cls.loss_from(_theta_to_params(cls, th), runs_n, runs_d)
            ok = np.isfinite(pred) & (pred > 0)
            r = np.where(ok, np.log(np.where(ok, pred, 1.0)) - log_l, _BAD_RESIDUAL)
        return np.asarray(huber(r, delta).sum(axis=-1))

    return f


def _polish(f: Callable[[FloatArray], FloatArray], x0: FloatArray) -> "OptimizeResult":
    from scipy.optimize import minimize

    def scalar(x: FloatArray) -> float:
        return float(f(x)[0])

    return minimize(
        scalar,
        x0,
        method="L-BFGS-B",
        options={"maxiter": 5_000, "maxfun": 50_000, "ftol": 1e-15, "gtol": 1e-10},
    )


def fit_kind(
    runs: Runs,
    kind: str,
    *,
    delta: float = HUBER_DELTA,
    holdout_fraction: float = 0.1,
) -> KindFit:
    """Fit law kind ``kind`` to ``runs`` by summed Huber on log residuals from its start grid.

    Parameters
    ----------
    runs : Runs
        From :func:`planner.fit._parametric.read_runs`.
    kind : str
        A kind from :func:`fittable_kinds` (e.g. ``"gadre"``).
    delta : float
        Huber delta (1e-3, Hoffmann et al. App. D.2).
    holdout_fraction : float
        Share of runs, by largest compute, left out of a second fit and predicted (0 to skip).

    Returns
    -------
    KindFit
        The constants, the objective, a hold-out check and warnings about degenerate fits.

    Raises
    ------
    InputError
        An unknown or unfittable kind, or too few distinct runs.
    SolverError
        No start converged.

    Examples
    --------
    A known Gadre et al. law is recovered from noiseless runs:

    >>> n = np.repeat(np.logspace(7, 9.5, 6), 6)
    >>> d = n * np.tile([5.0, 10, 20, 40, 80, 160], 6)
    >>> c, m = 6 * n * d, d / n
    >>> loss = 1.9 + (50 * m**0.12 + 400 * m**-0.12) * c**-0.12
    >>> runs = Runs(n_params=n, n_tokens=d, loss=loss, source="x.csv", sha256="0" * 64, n_rows=36)
    >>> fit = fit_kind(runs, "gadre", holdout_fraction=0)
    >>> {k: round(v, 3) for k, v in fit.params.items()}
    {'e': 1.9, 'a': 50.0, 'b': 400.0, 'eta': 0.12}
    """
    kinds = _kinds()
    if not isinstance(kind, str) or kind not in kinds or not kinds[kind].FIT_PARAMETERS:
        raise InputError(f"kind: must be one of {', '.join(fittable_kinds())}, got {kind!r}")
    if not isinstance(runs, Runs):
        raise InputError(f"runs: expected Runs (from read_runs), got {type(runs).__name__}")
    holdout_fraction = check_real(
        holdout_fraction, "holdout_fraction", low=0.0, high=1.0, high_open=True
    )
    if distinct_points(runs) < MIN_RUNS:
        raise InputError(f"runs: fewer than {MIN_RUNS} distinct (N, D) points")
    cls = kinds[kind]
    theta, objective, result, n_starts = _fit(cls, runs.n_params, runs.n_tokens, runs.loss, delta)
    params = {
        p.name: float(math.exp(x) if p.log else x)
        for p, x in zip(cls.FIT_PARAMETERS, theta, strict=True)
    }
    c = runs.compute_flops
    warnings, degenerate = _diagnose(cls, params, objective, runs, delta, result)
    return KindFit(
        kind=kind,
        params=params,
        objective=objective,
        converged=polish_converged(result),
        message=str(result.message),
        n_starts=n_starts,
        n_runs=len(runs.loss),
        source=runs.source,
        sha256=runs.sha256,
        fitted_compute_flops=(float(c.min()), float(c.max())),
        holdout=_holdout(cls, runs, holdout_fraction, delta) if holdout_fraction > 0 else None,
        warnings=warnings,
        degenerate=degenerate,
    )


def _fit(
    cls: type[LawKind], n: FloatArray, d: FloatArray, loss: FloatArray, delta: float
) -> "tuple[FloatArray, float, OptimizeResult, int]":
    log_l = np.log(loss)
    pick = screen_sample(np.log(n), np.log(d))
    f = _objective(cls, n[pick], d[pick], log_l[pick], delta)
    axes = [np.asarray(p.grid) for p in cls.FIT_PARAMETERS]
    grid = np.array(np.meshgrid(*axes, indexing="ij")).reshape(len(axes), -1).T
    f0 = np.concatenate([f(grid[i : i + 256]) for i in range(0, len(grid), 256)])
    starts = grid[np.argsort(f0, kind="stable")[:POLISH_TOP]]
    results = [_polish(f, x0) for x0 in starts]
    ok = [r for r in results if np.all(np.isfinite(r.x))]
    if not ok:
        raise SolverError(f"no start converged: {results[0].message}")
    best = min(ok, key=lambda r: float(r.fun))
    if pick.size < n.size:
        best = _polish(_objective(cls, n, d, log_l, delta), best.x)
    return best.x, float(best.fun), best, len(grid)


def _diagnose(
    cls: type[LawKind],
    params: Mapping[str, float],
    objective: float,
    runs: Runs,
    delta: float,
    result: "OptimizeResult",
) -> tuple[tuple[str, ...], bool]:
    out: list[str] = []
    log_l = np.log(runs.loss)
    constant = float(np.sum(huber(log_l - np.median(log_l), delta)))
    if constant <= 0:
        out.append("the losses do not vary: there is nothing to fit")
    elif objective > NO_BETTER_THAN_CONSTANT * constant:
        out.append(
            f"the residuals are no better than a constant loss (objective {objective:.3g} "
            f"against {constant:.3g}): the runs show no scaling"
        )
    for p in cls.FIT_PARAMETERS:
        if not p.log and not EXPONENT_RANGE[0] <= params[p.name] <= EXPONENT_RANGE[1]:
            out.append(f"{p.name} = {params[p.name]:.3g} is outside [1e-3, 10]: not a scaling law")
    if not polish_converged(result):
        out.append(f"the optimiser did not converge ({getattr(result, 'message', '')})")
    return tuple(out), bool(out)


def _holdout(cls: type[LawKind], runs: Runs, fraction: float, delta: float) -> HoldoutReport | None:
    c = runs.compute_flops
    n_hold = max(1, round(fraction * len(c)))
    if len(c) - n_hold < MIN_RUNS:
        return None
    order = np.argsort(c, kind="stable")
    held, kept = order[-n_hold:], order[:-n_hold]
    theta, *_ = _fit(cls, runs.n_params[kept], runs.n_tokens[kept], runs.loss[kept], delta)
    params = _theta_to_params(cls, np.atleast_2d(theta))
    pred = cls.loss_from(params, runs.n_params[held], runs.n_tokens[held])[0]
    actual = runs.loss[held]
    rel = np.abs(pred - actual) / actual
    return HoldoutReport(
        n_fit=len(kept),
        n_held_out=n_hold,
        compute_threshold=float(c[held].min()),
        mean_abs_rel_error=float(rel.mean()),
        max_abs_rel_error=float(rel.max()),
        rmse_log=float(np.sqrt(np.mean((np.log(pred) - np.log(actual)) ** 2))),
    )


def kind_law(fit: KindFit) -> ScalingLaw:
    """The fitted constants as a law of their kind (validated as a law file's would be).

    Parameters
    ----------
    fit : KindFit
        From :func:`fit_kind`.

    Returns
    -------
    ScalingLaw
        The kind's law with ``fit.params``; :func:`planner.fit._lawfile.fit_to_law` makes it a
        law preset.
    """
    return cast("ScalingLaw", _kinds()[fit.kind].model_validate({"kind": fit.kind, **fit.params}))
