r"""The allocation solver: budgets to (N, D) and loss, and the inverse questions.

Two layers:

* vectorised kernels over arrays of budgets (:func:`allocate`, :func:`predict_loss`,
  :func:`compute_for_loss`, :func:`optimum_with_repetition`, :func:`inference_optimum`);
* the planning calls that answer one question with a typed, frozen :class:`~planner.models.Plan`
  (:func:`plan`, :func:`plan_model`, :func:`plan_target_loss`, :func:`compare`). The CLI and the
  TUI call exactly these.

Closed forms are the implementation wherever they exist (the parametric law's optimum, its
frontier and its inverse). Elsewhere a bracketed vectorised bisection or a grid-then-golden
search is used; both report failure rather than return an unconverged number.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from planner import laws as k
from planner.checks import as_array, shown
from planner.errors import InfeasibleError, InputError, PlannerWarning, SolverError
from planner.hardware import budget_flops, check_mfu, hardware_report
from planner.kinds import LawKind, ParametricLaw
from planner.limits import (
    COMPUTE_RANGE_FLOPS,
    INFERENCE_TOKENS_RANGE,
    LOSS_RANGE,
    PARAMS_RANGE,
    TOKENS_RANGE,
)
from planner.models import (
    DEFAULT_MFU,
    Accelerator,
    Budget,
    HardwareReport,
    InferenceReport,
    LawPreset,
    Plan,
    RepetitionReport,
)
from planner.presets import DEFAULT_ACCELERATOR, DEFAULT_LAW, list_laws, load_accelerator, load_law
from planner.shapes import MAX_SHAPE_PARAMS, MIN_SHAPE_PARAMS, shape_for_params
from planner.units import (
    FLOPS_PER_PARAM_TOKEN,
    INFERENCE_FLOPS_PER_PARAM_TOKEN,
    format_count,
    format_flops,
    parse_quantity,
)

__all__ = [
    "COMPUTE_RANGE_FLOPS",
    "EXTRAPOLATION_FACTOR",
    "MUENNIGHOFF_R_D_STAR",
    "MUENNIGHOFF_R_N_STAR",
    "Allocation",
    "allocate",
    "compare",
    "compute_for_loss",
    "inference_optimum",
    "optimum_with_repetition",
    "plan",
    "plan_model",
    "plan_target_loss",
    "predict_loss",
    "resolve_law",
]

FloatArray = NDArray[np.float64]

EXTRAPOLATION_FACTOR = 10.0
"""A budget more than this factor outside a law's fitted compute range gets a warning."""

MUENNIGHOFF_R_D_STAR = 15.387756
"""R_D* of Muennighoff et al. 2023 (datablations ``parametric_fit.ipynb``), used for the decay of
repeated data when a law carries no repetition constants of its own."""
MUENNIGHOFF_R_N_STAR = 5.309743
"""R_N* of Muennighoff et al. 2023, as above."""

_GRID_POINTS = 481
_GRID_HALF_WIDTH = math.log(1e3)  # search N within 1e-3x..1e3x of the unconstrained optimum


class Allocation(NamedTuple):
    """Arrays of a vectorised allocation, all of the budget array's shape."""

    n_params: FloatArray
    n_tokens: FloatArray
    loss: FloatArray | None
    """None when the law publishes no loss model."""


# --------------------------------------------------------------------------- validation


def _check_range(name: str, value: ArrayLike, bounds: tuple[float, float], unit: str) -> FloatArray:
    arr = as_array(value, name)
    lo, hi = bounds
    bad = ~(np.isfinite(arr) & (arr >= lo) & (arr <= hi))
    if np.any(bad):
        first = arr[bad].flat[0] if arr.ndim else arr
        if not np.isfinite(first) or first <= 0:
            raise InputError(f"{name}: must be a finite number > 0, got {shown(float(first))}")
        raise InputError(f"{name}: must be between {lo:g} and {hi:g} {unit}, got {float(first):g}")
    return arr


def _check_compute(value: ArrayLike, name: str = "compute_flops") -> FloatArray:
    return _check_range(name, value, COMPUTE_RANGE_FLOPS, "FLOPs")


_PROBE_BUDGETS = np.logspace(
    math.log10(COMPUTE_RANGE_FLOPS[0]), math.log10(COMPUTE_RANGE_FLOPS[1]), 27
)


def law_defect(preset: LawPreset) -> str | None:
    """Why a law is physically meaningless over the planner's compute range, or None.

    The law's optimum and loss are evaluated at budgets from 1e9 to 1e35 FLOPs: N and D must be
    finite and positive, C = 6ND must hold, and the loss (where the law has one) must be finite,
    above the law's floor and falling with compute. Constants that overflow there (an
    exponent of 1e10, a coefficient of 1e300) are refused when the file is loaded.
    """
    spec = preset.law
    fields = ", ".join(k for k in type(spec).model_fields if k not in ("kind", "stderr", "loss"))
    c = _PROBE_BUDGETS
    with np.errstate(all="ignore"):
        try:
            n, d = (np.asarray(x) for x in _optimum(preset, c))
        except (ArithmeticError, ValueError) as exc:
            return f"law ({fields}): the allocation fails within 1e9-1e35 FLOPs: {exc}"
        ok = np.isfinite(n) & np.isfinite(d) & (n > 0) & (d > 0)
        if not np.all(ok):
            bad = float(c[~ok][0])
            return (
                f"law ({fields}): the compute-optimal N or D is not a finite positive number at "
                f"{bad:.0e} FLOPs; the constants overflow within 1e9-1e35 FLOPs"
            )
        if not np.allclose(FLOPS_PER_PARAM_TOKEN * n * d, c, rtol=1e-6):
            return f"law ({fields}): the allocation does not satisfy C = 6ND (numerical overflow)"
        model = _loss_model(preset)
        if model is None:
            return None
        loss = np.asarray(_loss(model, n, d))
        floor = model.floor
        if not np.all(np.isfinite(loss) & (loss > floor)):
            bad = float(c[~(np.isfinite(loss) & (loss > floor))][0])
            return f"law ({fields}): the loss is not finite above its floor at {bad:.0e} FLOPs"
        if np.any(np.diff(loss) > 1e-12 * np.abs(loss[1:])):
            return f"law ({fields}): the loss rises with compute along the frontier"
    return None


def resolve_law(law: str | Path | LawPreset, *, presets_dir: str | Path | None = None) -> LawPreset:
    """A :class:`~planner.models.LawPreset` from an id, a path to a law file, or itself."""
    if isinstance(law, LawPreset):
        return law
    if not isinstance(law, str | Path):
        raise InputError(f"law: expected an id, a law file or a LawPreset, got {shown(law)}")
    return load_law(law, presets_dir=presets_dir)


# --------------------------------------------------------------------------- kernels


def _optimum(law: LawPreset, c: FloatArray) -> tuple[FloatArray, FloatArray]:
    return law.law.optimum(c)


def _loss_model(law: LawPreset) -> LawKind | None:
    """The law's kind if it predicts a loss, else None."""
    return law.law if law.law.has_loss else None


def _require_loss_model(law: LawPreset, what: str) -> LawKind:
    model = _loss_model(law)
    if model is None:
        raise InfeasibleError(
            f"law {law.id!r} publishes no loss model, so it cannot {what}; "
            "use a law with one (e.g. besiroglu2024)"
        )
    return model


def _require_parametric(law: LawPreset, what: str) -> ParametricLaw:
    spec = law.law.parametric()
    if spec is not None:
        return spec
    raise InfeasibleError(
        f"{what} needs a parametric law L = E + A/N^alpha + B/D^beta of its own; "
        f"law {law.id!r} is of kind {law.law.kind!r} (use e.g. besiroglu2024 or muennighoff2023)"
    )


def _repetition_constants(spec: ParametricLaw) -> tuple[float, float]:
    if spec.repetition is not None:
        return spec.repetition.r_d_star, spec.repetition.r_n_star
    return MUENNIGHOFF_R_D_STAR, MUENNIGHOFF_R_N_STAR


def _repeated_loss(
    spec: ParametricLaw, n: FloatArray, d: FloatArray, unique: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Loss under repetition with the effective N', D'; returns (loss, N', D')."""
    r_d, r_n = _repetition_constants(spec)
    u_d = np.minimum(unique, d)
    d_eff = k.effective_tokens(d, u_d, r_d)
    u_n = k.parametric_optimal_params_for_tokens(u_d, spec.a, spec.b, spec.alpha, spec.beta)
    n_eff = k.effective_params(n, u_n, r_n)
    loss = k.parametric_loss(n_eff, d_eff, spec.e, spec.a, spec.b, spec.alpha, spec.beta)
    return np.asarray(loss), np.asarray(n_eff), np.asarray(d_eff)


def _loss(model: LawKind, n: ArrayLike, d: ArrayLike) -> FloatArray:
    return model.predict(n, d)


def allocate(compute_flops: ArrayLike, law: str | Path | LawPreset = DEFAULT_LAW) -> Allocation:
    """Compute-optimal (N, D) and predicted loss for an array of budgets, in one vectorised call.

    Parameters
    ----------
    compute_flops : array_like
        Training budgets in FLOPs, any shape, each in ``COMPUTE_RANGE_FLOPS``.
    law : str, Path or LawPreset
        Law id, law file, or a loaded preset.

    Returns
    -------
    Allocation
        ``n_params``, ``n_tokens`` and ``loss`` (None if the law has no loss model), each an
        array of the budgets' shape (0-d for a scalar). ``6 * n_params * n_tokens`` equals
        the budget.

    Raises
    ------
    InputError
        If a budget is not finite, not positive or outside ``COMPUTE_RANGE_FLOPS``.

    Examples
    --------
    >>> a = allocate([1e21, 5.88e23], "hoffmann2022-approach1")
    >>> [f"{n:.3g}" for n in a.n_params]
    ['2.82e+09', '6.85e+10']
    """
    preset = resolve_law(law)
    c = _check_compute(compute_flops)
    n, d = _optimum(preset, c)
    model = _loss_model(preset)
    loss = None if model is None else np.asarray(_loss(model, n, d))
    return Allocation(np.asarray(n), np.asarray(d), loss)


def predict_loss(
    n_params: ArrayLike,
    n_tokens: ArrayLike,
    law: str | Path | LawPreset = DEFAULT_LAW,
    *,
    unique_tokens: ArrayLike | None = None,
) -> FloatArray:
    """Predicted final loss of N parameters trained on D tokens (vectorised).

    With ``unique_tokens``, D tokens are drawn from that many unique tokens and repeated data is
    discounted by Muennighoff et al. 2023 (parametric laws only).

    Raises
    ------
    InfeasibleError
        If the law publishes no loss model, or repetition is asked of a non-parametric law.

    Examples
    --------
    >>> round(float(predict_loss(70e9, 1.4e12, "hoffmann2022-approach3")), 4)
    1.9367
    """
    preset = resolve_law(law)
    n = _check_range("n_params", n_params, PARAMS_RANGE, "parameters")
    d = _check_range("n_tokens", n_tokens, TOKENS_RANGE, "tokens")
    if unique_tokens is not None:
        spec = _require_parametric(preset, "a cap on unique tokens")
        u = _check_range("unique_tokens", unique_tokens, TOKENS_RANGE, "tokens")
        return _repeated_loss(spec, n, d, u)[0]
    model = _require_loss_model(preset, "predict a loss")
    return np.asarray(_loss(model, n, d))


def compute_for_loss(
    target_loss: ArrayLike, law: str | Path | LawPreset = DEFAULT_LAW
) -> FloatArray:
    """Minimum compute whose compute-optimal plan reaches ``target_loss`` (vectorised).

    Closed form for parametric laws; a bracketed bisection along the law's frontier otherwise.

    Raises
    ------
    InfeasibleError
        If a target is at or below the law's irreducible loss, is not reached within
        ``COMPUTE_RANGE_FLOPS``, or the law has no loss model.

    Examples
    --------
    >>> f"{float(compute_for_loss(1.93, 'hoffmann2022-approach3')):.3g}"
    '5.88e+23'
    """
    preset = resolve_law(law)
    model = _require_loss_model(preset, "find the compute for a target loss")
    ell = _check_range("target_loss", target_loss, LOSS_RANGE, "nats/token")
    floor = model.floor
    if np.any(ell <= floor):
        bad = float(ell[ell <= floor].flat[0]) if ell.ndim else float(ell)
        raise InfeasibleError(
            f"target_loss: {bad:g} is at or below the irreducible loss E = {floor:g} of law "
            f"{preset.id!r}; no amount of compute reaches it"
        )
    c, ok = model.compute_for_loss(ell)
    if not np.all(ok):
        bad = float(ell[~ok].flat[0]) if ell.ndim else float(ell)
        lo, hi = COMPUTE_RANGE_FLOPS
        raise InfeasibleError(
            f"target_loss: {bad:g} is not reached by law {preset.id!r} between "
            f"{lo:g} and {hi:g} FLOPs"
        )
    c = np.asarray(c)
    if np.any((c < COMPUTE_RANGE_FLOPS[0]) | (c > COMPUTE_RANGE_FLOPS[1])):
        bad = (
            float(ell[(c < COMPUTE_RANGE_FLOPS[0]) | (c > COMPUTE_RANGE_FLOPS[1])].flat[0])
            if ell.ndim
            else float(ell)
        )
        raise InfeasibleError(
            f"target_loss: {bad:g} needs compute outside {COMPUTE_RANGE_FLOPS[0]:g}-"
            f"{COMPUTE_RANGE_FLOPS[1]:g} FLOPs under law {preset.id!r}"
        )
    return c[()] if c.ndim == 0 else c


def optimum_with_repetition(
    compute_flops: ArrayLike,
    unique_tokens: ArrayLike,
    law: str | Path | LawPreset = "muennighoff2023",
    *,
    max_params: float | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Loss-minimising (N, D) for a budget when only ``unique_tokens`` tokens exist.

    Minimises Muennighoff et al.'s L(N', D') over N along C = 6ND (optionally N <= max_params):
    where the unconstrained optimum needs no repetition it is returned exactly (repetition only
    raises the loss); elsewhere a 241-point grid in log N within 1e3x of the unconstrained
    optimum, refined by golden-section search between the grid neighbours of the minimum.

    Returns
    -------
    n_params, n_tokens, loss : numpy.ndarray

    Raises
    ------
    SolverError
        If the minimum lies on the edge of the search interval (not bracketed).
    """
    preset = resolve_law(law)
    spec = _require_parametric(preset, "a cap on unique tokens")
    c = _check_compute(compute_flops)
    u = _check_range("unique_tokens", unique_tokens, TOKENS_RANGE, "tokens")
    c, u = np.broadcast_arrays(c, u)
    n0, d0 = k.parametric_optimum(c, spec.a, spec.b, spec.alpha, spec.beta)
    n0, d0 = np.asarray(n0), np.asarray(d0)
    cap = np.inf if max_params is None else float(max_params)

    def f(log_n: FloatArray) -> FloatArray:
        n = np.exp(log_n)
        d = (
            c[..., None] / (FLOPS_PER_PARAM_TOKEN * n)
            if log_n.ndim > c.ndim
            else c / (FLOPS_PER_PARAM_TOKEN * n)
        )
        uu = u[..., None] if log_n.ndim > c.ndim else u
        return _repeated_loss(spec, n, d, uu)[0]

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
    loss = _repeated_loss(spec, n, d, u)[0]
    return n, d, loss


def _least_unique_tokens(spec: ParametricLaw, c: float, u: float) -> float:
    """The least unique-token count whose repetition optimum at ``c`` FLOPs lies inside the
    planner's ranges (bisection in log U between ``u`` and the unconstrained optimum's D)."""
    _, d0 = k.parametric_optimum(c, spec.a, spec.b, spec.alpha, spec.beta)
    lo_n = max(math.log(PARAMS_RANGE[0]), math.log(c / (FLOPS_PER_PARAM_TOKEN * TOKENS_RANGE[1])))
    n0 = c / (FLOPS_PER_PARAM_TOKEN * float(d0))
    grid = np.linspace(lo_n, math.log(n0) + _GRID_HALF_WIDTH, _GRID_POINTS)
    n = np.exp(grid)
    d = c / (FLOPS_PER_PARAM_TOKEN * n)

    def feasible(uu: float) -> bool:
        values = _repeated_loss(spec, n, d, np.full_like(n, uu))[0]
        return int(np.argmin(values)) > 0

    lo, hi = math.log(u), math.log(float(d0))
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if feasible(math.exp(mid)) else (mid, hi)
    return math.exp(hi)


def inference_optimum(
    target_loss: ArrayLike, inference_tokens: ArrayLike, law: str | Path | LawPreset = DEFAULT_LAW
) -> tuple[FloatArray, FloatArray]:
    r"""(N, D) reaching ``target_loss`` at the least training + inference FLOPs.

    Sardana et al. 2024: minimise :math:`6 N D + 2 N T` subject to :math:`L(N, D) = \ell`.
    The stationarity condition is the root in D of

    .. math::
        (E - \ell) + B(1 + \beta/\alpha) D^{-\beta}
        + \frac{T \beta B}{3 \alpha} D^{-\beta-1} = 0,

    which is strictly decreasing in D on the feasible set, so a bracketed bisection finds it;
    then :math:`N = (A / (\ell - E - B D^{-\beta}))^{1/\alpha}`. With T = 0 this is the
    compute-optimal plan for the loss.

    Raises
    ------
    InfeasibleError
        If the target is at or below E, or the law is not parametric.
    """
    preset = resolve_law(law)
    spec = _require_parametric(preset, "the training + inference optimum")
    ell = _check_range("target_loss", target_loss, LOSS_RANGE, "nats/token")
    t = _check_range("inference_tokens", inference_tokens, (0.0, 1e22), "tokens")
    if not np.all(np.isfinite(ell)) or np.any(ell <= spec.e):
        raise InfeasibleError(
            f"target_loss: must exceed the irreducible loss E = {spec.e:g} of law {preset.id!r}, "
            f"got {target_loss!r}"
        )
    e, a, b, alpha, beta = spec.e, spec.a, spec.b, spec.alpha, spec.beta
    ell, t = np.broadcast_arrays(ell, t)
    d_min = (b / (ell - e)) ** (1.0 / beta)

    def h(d: FloatArray) -> FloatArray:
        return np.asarray(
            (e - ell)
            + b * (1.0 + beta / alpha) * d ** (-beta)
            + t * beta * b / (3.0 * alpha) * d ** (-beta - 1.0)
        )

    d, ok = k.bisect_log(h, 0.0, d_min * (1.0 + 1e-9), d_min * 1e30)
    if not np.all(ok):
        raise SolverError("training + inference optimum not bracketed")
    n = (a / (ell - e - b * d ** (-beta))) ** (1.0 / alpha)
    return np.asarray(n), np.asarray(d)


# --------------------------------------------------------------------------- planning calls


def _budget_to_flops(
    budget: Budget | float | int | str, presets_dir: str | Path | None
) -> tuple[float, Budget | None]:
    if isinstance(budget, Budget):
        return budget_flops(budget, presets_dir=presets_dir), budget
    return float(_check_compute(parse_quantity(budget, name="compute_flops"))), None


def _hardware(
    compute_flops: float,
    budget: Budget | None,
    accelerator: str | None,
    mfu: float | None,
    n_gpus: int | None,
    price_per_gpu_hour: float | None,
    presets_dir: str | Path | None,
) -> HardwareReport:
    if budget is not None:
        accelerator = accelerator or budget.accelerator
        mfu = budget.mfu if mfu is None else mfu
        n_gpus = budget.n_gpus if n_gpus is None else n_gpus
        price_per_gpu_hour = (
            budget.price_per_gpu_hour if price_per_gpu_hour is None else price_per_gpu_hour
        )
    mfu = check_mfu(DEFAULT_MFU if mfu is None else mfu)
    if accelerator is not None and not isinstance(accelerator, str):
        raise InputError(f"accelerator: expected an id, got {shown(accelerator)}")
    acc = load_accelerator(accelerator or DEFAULT_ACCELERATOR, presets_dir=presets_dir)
    return hardware_report(
        compute_flops, acc, mfu=mfu, n_gpus=n_gpus, price_per_gpu_hour=price_per_gpu_hour
    )


def _range_warnings(preset: LawPreset, compute_flops: float) -> list[str]:
    lo, hi = preset.fitted_compute_flops
    if compute_flops > hi * EXTRAPOLATION_FACTOR:
        return [
            f"{format_flops(compute_flops)} FLOPs is {compute_flops / hi:.0f}x the largest compute "
            f"{preset.id} was fitted on ({format_flops(hi)}): an extrapolation"
        ]
    if compute_flops < lo / EXTRAPOLATION_FACTOR:
        return [
            f"{format_flops(compute_flops)} FLOPs is {lo / compute_flops:.0f}x below the smallest "
            f"compute {preset.id} was fitted on ({format_flops(lo)}): an extrapolation"
        ]
    return []


SATURATED_REPETITIONS = 5.0
"""In units of R_D*: beyond 5 R_D* repetitions a further epoch is worth less than e^-5 < 1% of
a unique one (Muennighoff et al. 2023, D' = U + U R_D* (1 - exp(-R_D/R_D*)))."""


def _repetition_warnings(report: object) -> list[str]:
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


def _finish(
    preset: LawPreset,
    *,
    mode: str,
    n: float,
    d: float,
    loss: float | None,
    hardware: HardwareReport,
    notes: list[str],
    **extra: object,
) -> Plan:
    c = FLOPS_PER_PARAM_TOKEN * n * d
    has_shape = MIN_SHAPE_PARAMS <= n <= MAX_SHAPE_PARAMS
    shape_note = (
        []
        if has_shape
        else [
            f"no model shape: N = {format_count(n)} is outside the "
            f"{format_count(MIN_SHAPE_PARAMS)}-{MAX_SHAPE_PARAMS:.0e} parameters the shape rule "
            "covers"
        ]
    )
    loss_note = None
    if loss is None:
        loss_note = f"law {preset.id} publishes no loss model"
    result = Plan(
        mode=mode,  # type: ignore[arg-type]
        law=preset.id,
        law_name=preset.name,
        law_source=preset.source,
        parameter_convention=preset.parameter_convention,
        compute_flops=c,
        n_params=n,
        n_tokens=d,
        tokens_per_param=d / n,
        loss=loss,
        loss_scale=preset.loss_scale if loss is not None else None,
        loss_note=loss_note,
        hyperparameters=preset.law.hyperparameters(c),
        hardware=hardware,
        shape=shape_for_params(n, parameter_convention=preset.parameter_convention)
        if has_shape
        else None,
        notes=tuple(notes + preset.law.notes(c) + shape_note),
        warnings=tuple(
            _range_warnings(preset, c) + _repetition_warnings(extra.get("repetition"))
        ),
        **extra,  # type: ignore[arg-type]
    )
    for message in result.warnings:
        warnings.warn(message, PlannerWarning, stacklevel=3)
    return result


def _loss_and_repetition(
    preset: LawPreset, n: float, d: float, unique: float | None, notes: list[str]
) -> tuple[float | None, RepetitionReport | None]:
    """The loss of N on D tokens, with the repetition report when unique tokens are capped."""
    if unique is None:
        model = _loss_model(preset)
        return (None if model is None else float(_loss(model, n, d))), None
    spec = _require_parametric(preset, "a cap on unique tokens")
    loss, n_eff, d_eff = _repeated_loss(spec, np.asarray(n), np.asarray(d), np.asarray(unique))
    r_d, r_n = _repetition_constants(spec)
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


def _optional_positive(
    name: str, value: float | str | None, bounds: tuple[float, float], unit: str
) -> float | None:
    if value is None:
        return None
    return float(_check_range(name, parse_quantity(value, name=name), bounds, unit))


def _optimal_fields(preset: LawPreset, c: float) -> dict[str, float | None]:
    n0, d0 = _optimum(preset, np.asarray(c))
    model = _loss_model(preset)
    return {
        "optimal_n_params": float(n0),
        "optimal_n_tokens": float(d0),
        "optimal_loss": None if model is None else float(_loss(model, n0, d0)),
    }


def plan(
    budget: Budget | float | int | str,
    *,
    law: str | Path | LawPreset = DEFAULT_LAW,
    max_params: float | str | None = None,
    n_params: float | str | None = None,
    n_tokens: float | str | None = None,
    unique_tokens: float | str | None = None,
    inference_tokens: float | str | None = None,
    accelerator: str | None = None,
    mfu: float | None = None,
    n_gpus: int | None = None,
    price_per_gpu_hour: float | None = None,
    presets_dir: str | Path | None = None,
) -> Plan:
    """Plan a training budget: the split (N, D), the loss it reaches, and what it costs.

    Parameters
    ----------
    budget : Budget, float, int or str
        FLOPs (``5.76e23``, ``"1e24"``) or a :class:`~planner.models.Budget` in PF-days,
        GPU-hours or dollars (its accelerator, MFU, GPU count and price are used).
    law : str, Path or LawPreset
        Law id (``planner laws``), a law file, or a loaded preset. Default ``besiroglu2024``.
    max_params : float or str, optional
        Cap on N: the plan is the best split with N <= max_params.
    n_params : float or str, optional
        Train exactly this many parameters; D = C / (6 N).
    n_tokens : float or str, optional
        Train on exactly this many tokens; N = C / (6 D).
    unique_tokens : float or str, optional
        Only this many unique tokens exist: the loss-optimal split with repeated epochs
        (Muennighoff et al. 2023).
    inference_tokens : float or str, optional
        Expected lifetime inference tokens: the split that reaches the loss of the
        compute-optimal plan for ``budget`` at the least training + inference FLOPs
        (Sardana et al. 2024). Training FLOPs then exceed the budget; total FLOPs fall.
    accelerator, mfu, n_gpus, price_per_gpu_hour
        Hardware for GPU-hours, wall-clock days and cost (default H100 SXM at 40% MFU).

    Returns
    -------
    Plan
        Frozen result; ``compute_flops == 6 * n_params * n_tokens``.

    Raises
    ------
    InputError
        Bad budget or constraint values.
    InfeasibleError
        Contradictory constraints, or a constraint the law cannot model.
    PresetError
        Unknown or malformed law / accelerator.

    Examples
    --------
    >>> p = plan(5.76e23, law="hoffmann2022-approach1")
    >>> f"{p.n_params:.3g} {p.n_tokens:.3g} {p.tokens_per_param:.1f}"
    '6.78e+10 1.42e+12 20.9'
    """
    preset = resolve_law(law, presets_dir=presets_dir)
    c, budget_model = _budget_to_flops(budget, presets_dir)
    _check_compute(c)
    cap = _optional_positive("max_params", max_params, PARAMS_RANGE, "parameters")
    fixed_d = _optional_positive("n_tokens", n_tokens, TOKENS_RANGE, "tokens")
    fixed_n = _optional_positive("n_params", n_params, PARAMS_RANGE, "parameters")
    if fixed_n is not None:
        if fixed_d is not None:
            raise InfeasibleError(
                "n_params and n_tokens: with both fixed the budget is implied (6ND); "
                "use plan_model(n_params, n_tokens)"
            )
        fixed_d = c / (FLOPS_PER_PARAM_TOKEN * fixed_n)
        if not TOKENS_RANGE[0] <= fixed_d <= TOKENS_RANGE[1]:
            raise InfeasibleError(
                f"n_params: {fixed_n:g} parameters at {c:g} FLOPs leaves D = {fixed_d:g} tokens"
            )
    unique = _optional_positive("unique_tokens", unique_tokens, TOKENS_RANGE, "tokens")
    t_inf = _optional_positive(
        "inference_tokens", inference_tokens, INFERENCE_TOKENS_RANGE, "tokens"
    )
    hw = _hardware(c, budget_model, accelerator, mfu, n_gpus, price_per_gpu_hour, presets_dir)

    if cap is not None and (fixed_d is not None or fixed_n is not None):
        raise InfeasibleError(
            "max_params and n_tokens: give one with a budget (both fix the split); "
            "for a given model use plan_model(n_params, n_tokens)"
        )
    if t_inf is not None and (cap is not None or fixed_d is not None or unique is not None):
        raise InfeasibleError(
            "inference_tokens: cannot be combined with max_params, n_params, n_tokens or "
            "unique_tokens"
        )

    notes: list[str] = []
    n0, d0 = (float(x) for x in _optimum(preset, np.asarray(c)))

    if t_inf is not None:
        spec = _require_parametric(preset, "inference-aware planning")
        target = float(k.parametric_frontier_loss(c, spec.e, spec.a, spec.b, spec.alpha, spec.beta))
        notes.append(
            f"quality target: loss {target:.4f}, reached by the compute-optimal plan for "
            f"{format_flops(c)} FLOPs"
        )
        return _inference_plan(preset, target, t_inf, hw, notes, mode="inference")

    if fixed_d is not None:
        n, d = c / (FLOPS_PER_PARAM_TOKEN * fixed_d), fixed_d
        if fixed_n is not None:
            n = fixed_n
            constraint = f"fixed model size {format_count(n)}"
        else:
            constraint = f"fixed token count {format_count(d)}"
        if not PARAMS_RANGE[0] <= n <= PARAMS_RANGE[1]:
            raise InfeasibleError(
                f"n_tokens: {fixed_d:g} tokens at {c:g} FLOPs leaves N = {n:g} parameters"
            )
    elif cap is not None and n0 > cap:
        n, d = cap, c / (FLOPS_PER_PARAM_TOKEN * cap)
        constraint = f"max_params {format_count(cap)} binding (optimum {format_count(n0)})"
    else:
        n, d = n0, d0
        constraint = None

    if unique is not None:
        _require_parametric(preset, "a cap on unique tokens")
        if fixed_d is None:
            n_arr, d_arr, _ = optimum_with_repetition(c, unique, preset, max_params=cap)
            n, d = float(n_arr), float(d_arr)
            if d > unique:
                constraint = f"unique tokens {format_count(unique)}: {d / unique:.2f} epochs" + (
                    f", max_params {format_count(cap)}"
                    if cap is not None and n >= cap * (1 - 1e-9)
                    else ""
                )
    loss, repetition = _loss_and_repetition(preset, n, d, unique, notes)
    moved = constraint is not None
    return _finish(
        preset,
        mode="budget",
        n=n,
        d=d,
        loss=loss,
        hardware=hw,
        notes=notes,
        constraint=constraint,
        max_params=cap,
        fixed_tokens=fixed_d if fixed_n is None else None,
        repetition=repetition,
        **(_optimal_fields(preset, c) if moved else {}),
    )


def _inference_plan(
    preset: LawPreset,
    target: float,
    t_inf: float,
    hw: HardwareReport,
    notes: list[str],
    *,
    mode: str,
) -> Plan:
    spec = _require_parametric(preset, "inference-aware planning")
    n_arr, d_arr = inference_optimum(target, t_inf, preset)
    n, d = float(n_arr), float(d_arr)
    c_opt = float(
        k.parametric_compute_for_loss(target, spec.e, spec.a, spec.b, spec.alpha, spec.beta)
    )
    n0, d0 = (float(x) for x in k.parametric_optimum(c_opt, spec.a, spec.b, spec.alpha, spec.beta))
    train = FLOPS_PER_PARAM_TOKEN * n * d
    inference = INFERENCE_FLOPS_PER_PARAM_TOKEN * n * t_inf
    total_opt = FLOPS_PER_PARAM_TOKEN * n0 * d0 + INFERENCE_FLOPS_PER_PARAM_TOKEN * n0 * t_inf
    report = InferenceReport(
        inference_tokens=t_inf,
        target_loss=target,
        train_flops=train,
        inference_flops=inference,
        total_flops=train + inference,
        compute_optimal_n_params=n0,
        compute_optimal_n_tokens=d0,
        compute_optimal_total_flops=total_opt,
        saving=1.0 - (train + inference) / total_opt,
    )
    # the hardware figures are for the training run, which is larger than the budget here
    accelerator = Accelerator(
        id=hw.accelerator,
        name=hw.accelerator_name,
        peak_flops_per_s=hw.peak_flops_per_s,
        source=hw.source,
    )
    hw = hardware_report(
        train, accelerator, mfu=hw.mfu, n_gpus=hw.n_gpus, price_per_gpu_hour=hw.price_per_gpu_hour
    )
    return _finish(
        preset,
        mode=mode,
        n=n,
        d=d,
        loss=float(k.parametric_loss(n, d, spec.e, spec.a, spec.b, spec.alpha, spec.beta)),
        hardware=hw,
        notes=notes,
        inference=report,
        constraint=f"inference demand {format_count(t_inf)} tokens",
        optimal_n_params=n0,
        optimal_n_tokens=d0,
        optimal_loss=target,
    )


def plan_model(
    n_params: float | str,
    n_tokens: float | str,
    *,
    law: str | Path | LawPreset = DEFAULT_LAW,
    unique_tokens: float | str | None = None,
    accelerator: str | None = None,
    mfu: float | None = None,
    n_gpus: int | None = None,
    price_per_gpu_hour: float | None = None,
    presets_dir: str | Path | None = None,
) -> Plan:
    """A given model: N parameters on D tokens: its compute (6ND), loss and tokens per parameter.

    The plan also carries the compute-optimal split for the same compute
    (``optimal_n_params``, ``optimal_n_tokens``, ``optimal_loss``).

    Examples
    --------
    >>> p = plan_model("7B", "2T", law="hoffmann2022-approach3")
    >>> f"{p.compute_flops:.3g} {p.loss:.4f} {p.tokens_per_param:.0f}"
    '8.4e+22 2.0203 286'
    """
    preset = resolve_law(law, presets_dir=presets_dir)
    n = float(
        _check_range(
            "n_params", parse_quantity(n_params, name="n_params"), PARAMS_RANGE, "parameters"
        )
    )
    d = float(
        _check_range("n_tokens", parse_quantity(n_tokens, name="n_tokens"), TOKENS_RANGE, "tokens")
    )
    c = FLOPS_PER_PARAM_TOKEN * n * d
    _check_compute(c, "compute_flops (6 * n_params * n_tokens)")
    unique = _optional_positive("unique_tokens", unique_tokens, TOKENS_RANGE, "tokens")
    hw = _hardware(c, None, accelerator, mfu, n_gpus, price_per_gpu_hour, presets_dir)
    notes: list[str] = []
    loss, repetition = _loss_and_repetition(preset, n, d, unique, notes)
    return _finish(
        preset,
        mode="model",
        n=n,
        d=d,
        loss=loss,
        hardware=hw,
        notes=notes,
        repetition=repetition,
        **_optimal_fields(preset, c),
    )


def plan_target_loss(
    target_loss: float | str,
    *,
    law: str | Path | LawPreset = DEFAULT_LAW,
    max_params: float | str | None = None,
    inference_tokens: float | str | None = None,
    accelerator: str | None = None,
    mfu: float | None = None,
    n_gpus: int | None = None,
    price_per_gpu_hour: float | None = None,
    presets_dir: str | Path | None = None,
) -> Plan:
    """The least compute (and its N, D) that reaches ``target_loss``.

    With ``max_params``, N is capped and D grows to reach the loss; with ``inference_tokens``,
    training + inference FLOPs are minimised instead (Sardana et al. 2024).

    Raises
    ------
    InfeasibleError
        A target at or below the law's irreducible loss, or below what ``max_params`` can reach.

    Examples
    --------
    >>> p = plan_target_loss(2.0, law="hoffmann2022-approach3")
    >>> f"{p.compute_flops:.3g} {p.loss:.4f}"
    '1.11e+23 2.0000'
    """
    preset = resolve_law(law, presets_dir=presets_dir)
    ell = parse_quantity(target_loss, name="target_loss")
    if ell <= 0:
        raise InputError(f"target_loss: must be a finite number > 0, got {target_loss!r}")
    cap = _optional_positive("max_params", max_params, PARAMS_RANGE, "parameters")
    t_inf = _optional_positive(
        "inference_tokens", inference_tokens, INFERENCE_TOKENS_RANGE, "tokens"
    )
    if t_inf is not None:
        if cap is not None:
            raise InfeasibleError("inference_tokens: cannot be combined with max_params")
        c_opt = float(compute_for_loss(ell, preset))
        hw = _hardware(c_opt, None, accelerator, mfu, n_gpus, price_per_gpu_hour, presets_dir)
        return _inference_plan(preset, ell, t_inf, hw, [], mode="inference")

    c = float(compute_for_loss(ell, preset))
    n, d = (float(x) for x in _optimum(preset, np.asarray(c)))
    constraint = None
    extra: dict[str, float | None] = {}
    if cap is not None and n > cap:
        model = _require_loss_model(preset, "reach a target loss")
        limit = float(_loss(model, cap, TOKENS_RANGE[1]))
        if ell <= limit:
            raise InfeasibleError(
                f"target_loss: {ell:g} is out of reach for {format_count(cap)} parameters under "
                f"law {preset.id!r} (its loss with unlimited data is {limit:.4f})"
            )
        d_arr, ok = k.bisect_log(lambda dd: _loss(model, cap, dd), ell, 1.0, TOKENS_RANGE[1])
        if not bool(ok):
            raise SolverError("token count for the target loss not bracketed")
        n, d = cap, float(d_arr)
        constraint = f"max_params {format_count(cap)} binding"
        c = FLOPS_PER_PARAM_TOKEN * n * d
        extra = _optimal_fields(preset, c)
    hw = _hardware(c, None, accelerator, mfu, n_gpus, price_per_gpu_hour, presets_dir)
    model = _loss_model(preset)
    return _finish(
        preset,
        mode="target-loss",
        n=n,
        d=d,
        loss=None if model is None else float(_loss(model, n, d)),
        hardware=hw,
        notes=[f"target loss {ell:g} on {preset.loss_scale.id if preset.loss_scale else '?'}"],
        constraint=constraint,
        max_params=cap,
        **extra,
    )


def compare(
    budget: Budget | float | int | str,
    *,
    laws: tuple[str | Path | LawPreset, ...] | None = None,
    presets_dir: str | Path | None = None,
    **kwargs: object,
) -> tuple[Plan, ...]:
    """The same budget through every law (or ``laws``): one plan each, in registry order.

    Warnings are collected in each plan's ``warnings`` rather than emitted.

    Examples
    --------
    >>> rows = compare(5.88e23)
    >>> len(rows) >= 9
    True
    """
    chosen = laws if laws is not None else list_laws(presets_dir=presets_dir)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        return tuple(
            plan(budget, law=law, presets_dir=presets_dir, **kwargs)  # type: ignore[arg-type]
            for law in chosen
        )
