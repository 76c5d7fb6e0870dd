r"""Limited unique data: the loss-optimal split when tokens must repeat (Muennighoff et al. 2023).

The repetition loss itself is the parametric kind's
(:meth:`planner.laws.kinds.ParametricLaw.repeated`);
this module finds the best split under a cap on unique tokens, says when the cap is too small
for the budget, and words the report and warnings of a plan with repeated data.
"""

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from planner.data._frozen import Frozen
from planner.errors import InfeasibleError, SolverError
from planner.io._checks import check_real
from planner.laws import _kernels as k
from planner.laws._numeric import FloatArray
from planner.laws._preset import LawPreset
from planner.laws._solve import (
    check_compute,
    check_range,
    loss_model,
    require_parametric,
    resolve_law,
)
from planner.laws.kinds import ParametricLaw
from planner.limits import PARAMS_RANGE, TOKENS_RANGE
from planner.units import FLOPS_PER_PARAM_TOKEN

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = [
    "SATURATED_REPETITIONS",
    "loss_and_repetition",
    "optimum_with_repetition",
    "repetition_warnings",
]

_GRID_POINTS = 481
_GRID_HALF_WIDTH = math.log(1e3)  # search N up to 1e3x above the unconstrained optimum


class RepetitionReport(Frozen):
    """What repeating data costs in a plan (Muennighoff et al. 2023)."""

    unique_tokens: float
    epochs: float
    effective_tokens: float
    effective_params: float
    r_d_star: float
    r_n_star: float


def optimum_with_repetition(
    compute_flops: "ArrayLike",
    unique_tokens: "ArrayLike",
    law: str | Path | LawPreset = "muennighoff2023",
    *,
    max_params: float | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Loss-minimising (N, D) for a budget when only ``unique_tokens`` tokens exist.

    Minimises Muennighoff et al.'s L(N', D') over N along C = 6ND (optionally N <= max_params):
    where the unconstrained optimum needs no repetition it is returned exactly (repetition only
    raises the loss); elsewhere a 241-point grid in log N within 1e3x of the unconstrained
    optimum, refined by golden-section search between the grid neighbours of the minimum.

    Parameters
    ----------
    compute_flops : array_like
        Budgets C (FLOPs).
    unique_tokens : array_like
        Unique tokens U available (broadcast against ``compute_flops``).
    law : str, Path or LawPreset
        A parametric law (its own repetition constants, else Muennighoff et al.'s).
    max_params : float, optional
        A cap on N.

    Returns
    -------
    n_params, n_tokens, loss : numpy.ndarray

    Raises
    ------
    SolverError
        If the minimum lies on the edge of the search interval (not bracketed).
    """
    preset = resolve_law(law)
    spec = require_parametric(preset, "a cap on unique tokens")
    c = check_compute(compute_flops)
    u = check_range("unique_tokens", unique_tokens, TOKENS_RANGE, "tokens")
    c, u = np.broadcast_arrays(c, u)
    n0, d0 = k.parametric_optimum(c, spec.a, spec.b, spec.alpha, spec.beta)
    n0, d0 = np.asarray(n0), np.asarray(d0)
    cap = (
        np.inf
        if max_params is None
        else check_real(max_params, "max_params", low=0.0, low_open=True)
    )

    def f(log_n: FloatArray) -> FloatArray:
        n = np.exp(log_n)
        d = (
            c[..., None] / (FLOPS_PER_PARAM_TOKEN * n)
            if log_n.ndim > c.ndim
            else c / (FLOPS_PER_PARAM_TOKEN * n)
        )
        uu = u[..., None] if log_n.ndim > c.ndim else u
        return spec.repeated(n, d, uu)[0]

    # the whole feasible range of N below the optimum (D <= TOKENS_RANGE[1]), 1e3x above it
    lo = np.maximum(
        math.log(PARAMS_RANGE[0]), np.log(c / (FLOPS_PER_PARAM_TOKEN * TOKENS_RANGE[1]))
    )
    hi = np.minimum(np.log(n0) + _GRID_HALF_WIDTH, math.log(cap))
    if np.any(hi <= lo):
        raise InfeasibleError(f"max_params: {cap:g} is below the search range for this budget")
    t = np.linspace(0.0, 1.0, _GRID_POINTS)
    grid = lo[..., None] + (hi - lo)[..., None] * t
    values = f(grid)
    i = np.argmin(values, axis=-1)
    at_low = i == 0
    at_cap = (i == _GRID_POINTS - 1) & np.isfinite(cap) & (hi < np.log(n0) + _GRID_HALF_WIDTH)
    at_high = (i == _GRID_POINTS - 1) & ~at_cap
    if np.any(at_low):
        j = np.flatnonzero(at_low.reshape(-1))[0]
        cc, uu = float(c.reshape(-1)[j]), float(u.reshape(-1)[j])
        least = _least_unique_tokens(spec, cc, uu)
        raise InfeasibleError(
            f"unique_tokens: {uu:g} unique tokens are too few for {cc:g} FLOPs under law "
            f"{preset.id!r}: the best split would need fewer than "
            f"{math.exp(float(lo.reshape(-1)[j])):g} parameters or more than "
            f"{TOKENS_RANGE[1]:g} tokens; this budget needs at least about {least:.3g} unique "
            "tokens (or plan a smaller budget)"
        )
    if np.any(at_high):
        raise SolverError(
            "repetition optimum not bracketed within 1e3x above the unconstrained optimum"
        )
    idx = np.arange(_GRID_POINTS)
    left = np.take_along_axis(grid, np.clip(i - 1, 0, None)[..., None], -1)[..., 0]
    right = np.take_along_axis(grid, np.clip(i + 1, None, idx[-1])[..., None], -1)[..., 0]
    # golden-section refinement on [left, right]
    ratio = (math.sqrt(5) - 1) / 2
    a_, b_ = left.copy(), right.copy()
    x1, x2 = b_ - ratio * (b_ - a_), a_ + ratio * (b_ - a_)
    f1, f2 = f(x1), f(x2)
    for _ in range(80):
        go_left = f1 < f2
        b_ = np.where(go_left, x2, b_)
        a_ = np.where(go_left, a_, x1)
        x2_new = np.where(go_left, x1, a_ + ratio * (b_ - a_))
        x1_new = np.where(go_left, b_ - ratio * (b_ - a_), x2)
        f1_new = np.where(go_left, f(x1_new), f2)
        f2_new = np.where(go_left, f1, f(x2_new))
        x1, x2, f1, f2 = x1_new, x2_new, f1_new, f2_new
        if np.all(b_ - a_ < 1e-12):
            break
    log_n = np.where(at_cap, math.log(cap) if np.isfinite(cap) else 0.0, 0.5 * (a_ + b_))
    no_repeat = (d0 <= u) & (n0 <= cap)
    n = np.where(no_repeat, n0, np.exp(log_n))
    d = c / (FLOPS_PER_PARAM_TOKEN * n)
    loss = spec.repeated(n, d, u)[0]
    return n, d, loss


def _least_unique_tokens(spec: ParametricLaw, c: float, u: float) -> float:
    """The least unique-token count whose repetition optimum at ``c`` FLOPs is in range.

    Bisection in log U between ``u`` and the unconstrained optimum's D.
    """
    _, d0 = k.parametric_optimum(c, spec.a, spec.b, spec.alpha, spec.beta)
    lo_n = max(math.log(PARAMS_RANGE[0]), math.log(c / (FLOPS_PER_PARAM_TOKEN * TOKENS_RANGE[1])))
    n0 = c / (FLOPS_PER_PARAM_TOKEN * float(d0))
    grid = np.linspace(lo_n, math.log(n0) + _GRID_HALF_WIDTH, _GRID_POINTS)
    n = np.exp(grid)
    d = c / (FLOPS_PER_PARAM_TOKEN * n)

    def feasible(uu: float) -> bool:
        values = spec.repeated(n, d, np.full_like(n, uu))[0]
        return int(np.argmin(values)) > 0

    lo, hi = math.log(u), math.log(float(d0))
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if feasible(math.exp(mid)) else (mid, hi)
    return math.exp(hi)


SATURATED_REPETITIONS = 5.0
"""In units of R_D*: beyond 5 R_D* repetitions a further epoch is worth less than e^-5 < 1% of
a unique one (Muennighoff et al. 2023, D' = U + U R_D* (1 - exp(-R_D/R_D*)))."""


def repetition_warnings(report: object) -> list[str]:
    """A warning when repeated data is past saturation (``SATURATED_REPETITIONS`` x R_D*).

    Muennighoff et al. 2023: beyond a few R_D* repetitions further epochs add almost nothing.

    Parameters
    ----------
    report : RepetitionReport or None
        The plan's repetition report (anything else gives no warning).

    Returns
    -------
    list of str
    """
    if not isinstance(report, RepetitionReport):
        return []
    repeats = report.epochs - 1.0
    if repeats <= SATURATED_REPETITIONS * report.r_d_star:
        return []
    return [
        f"{report.epochs:.3g} epochs: beyond {SATURATED_REPETITIONS * report.r_d_star:.0f} "
        f"repetitions (5 R_D*, R_D* = {report.r_d_star:.4g}) more epochs add < 1% of a unique "
        "epoch each: the data term is saturated, and the split rests on the law's extrapolation"
    ]


def loss_and_repetition(
    preset: LawPreset, n: float, d: float, unique: float | None, notes: list[str]
) -> tuple[float | None, RepetitionReport | None]:
    """The loss of N on D tokens, with the repetition report when unique tokens are capped.

    Parameters
    ----------
    preset : LawPreset
        The law.
    n, d : float
        Parameters and training tokens.
    unique : float or None
        Unique tokens available; None for unlimited data.
    notes : list of str
        Appended to with how the loss was obtained.

    Returns
    -------
    loss : float or None
        None for a law without a loss model.
    repetition : RepetitionReport or None
        Epochs, effective data and parameters when D exceeds ``unique``.
    """
    if unique is None:
        model = loss_model(preset)
        return (None if model is None else float(model.predict(n, d))), None
    spec = require_parametric(preset, "a cap on unique tokens")
    loss, n_eff, d_eff = spec.repeated(n, d, unique)
    r_d, r_n = spec.repetition_constants
    if spec.repetition is None:
        notes.append(
            f"repetition decay R_D* = {r_d:.4g}, R_N* = {r_n:.4g} from Muennighoff et al. "
            f"2023, applied to {preset.id}"
        )
    report = RepetitionReport(
        unique_tokens=unique,
        epochs=d / unique,
        effective_tokens=float(d_eff),
        effective_params=float(n_eff),
        r_d_star=r_d,
        r_n_star=r_n,
    )
    return float(loss), report
