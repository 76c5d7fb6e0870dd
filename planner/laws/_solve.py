r"""The allocation solver: budgets to (N, D) and loss, and the inverse questions.

Two layers:

* vectorised kernels over arrays of budgets (:func:`allocate`, :func:`predict_loss`,
  :func:`compute_for_loss`, :func:`optimum_with_repetition`, :func:`inference_optimum`);
* the planning calls that answer one question with a typed, frozen
:class:`~planner.planning._records.Plan`
  (:func:`plan`, :func:`plan_model`, :func:`plan_target_loss`, :func:`compare`). The CLI and the
  TUI call exactly these.

Closed forms are the implementation wherever they exist (the parametric law's optimum, its
frontier and its inverse). Elsewhere a bracketed vectorised bisection or a grid-then-golden
search is used; both report failure rather than return an unconverged number.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from planner.defaults import DEFAULT_LAW
from planner.errors import InfeasibleError, InputError, SolverError
from planner.io._checks import as_array, shown
from planner.laws import _kernels as k
from planner.laws._numeric import FloatArray
from planner.laws._preset import LawPreset
from planner.laws._registry import load_law
from planner.laws.kinds import LawKind, ParametricLaw
from planner.limits import (
    COMPUTE_RANGE_FLOPS,
    EXTRAPOLATION_FACTOR,
    LOSS_RANGE,
    PARAMS_RANGE,
    TOKENS_RANGE,
)

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

__all__ = [
    "COMPUTE_RANGE_FLOPS",
    "EXTRAPOLATION_FACTOR",
    "Allocation",
    "allocate",
    "check_compute",
    "check_range",
    "compute_for_loss",
    "inference_optimum",
    "loss_model",
    "predict_loss",
    "require_loss_model",
    "require_parametric",
    "resolve_law",
]


class Allocation(NamedTuple):
    """Arrays of a vectorised allocation, all of the budget array's shape."""

    n_params: FloatArray
    n_tokens: FloatArray
    loss: FloatArray | None
    """None when the law publishes no loss model."""


# --------------------------------------------------------------------------- validation


def check_range(name: str, value: ArrayLike, bounds: tuple[float, float], unit: str) -> FloatArray:
    """Values checked to be finite and within ``bounds`` (inclusive).

    Parameters
    ----------
    name : str
        The field, for the error message.
    value : array_like
    bounds : (float, float)
    unit : str
        For the error message.

    Returns
    -------
    ndarray

    Raises
    ------
    InputError
        Naming the field and the first bad value.
    """
    lo, hi = bounds
    if type(value) is float and lo <= value <= hi:  # the common scalar case, without numpy
        return np.asarray(value)
    arr = as_array(value, name)
    bad = ~(np.isfinite(arr) & (arr >= lo) & (arr <= hi))
    if np.any(bad):
        first = arr[bad].flat[0] if arr.ndim else arr
        if not np.isfinite(first) or first <= 0:
            raise InputError(f"{name}: must be a finite number > 0, got {shown(float(first))}")
        raise InputError(f"{name}: must be between {lo:g} and {hi:g} {unit}, got {float(first):g}")
    return arr


def check_compute(value: ArrayLike, name: str = "compute_flops") -> FloatArray:
    """Compute checked against ``COMPUTE_RANGE_FLOPS`` (see :func:`check_range`).

    Parameters
    ----------
    value : array_like
        FLOPs.
    name : str
        The field, for the error message.

    Returns
    -------
    ndarray
    """
    return check_range(name, value, COMPUTE_RANGE_FLOPS, "FLOPs")


def resolve_law(law: str | Path | LawPreset, *, presets_dir: str | Path | None = None) -> LawPreset:
    """A :class:`~planner.laws._preset.LawPreset` from an id, a path to a law file, or itself.

    Parameters
    ----------
    law : str, Path or LawPreset
        A law id (``hoffmann2022-approach3``), a path to a law file, or a loaded preset.
    presets_dir : str or Path, optional
        The preset folder ids are looked up in (see :func:`planner.data._registry.preset_dir`).

    Returns
    -------
    LawPreset

    Raises
    ------
    PresetError
        An unknown id, or a file that is missing or does not validate.
    """
    if isinstance(law, LawPreset):
        return law
    if not isinstance(law, str | Path):
        raise InputError(f"law: expected an id, a law file or a LawPreset, got {shown(law)}")
    return load_law(law, presets_dir=presets_dir)


# --------------------------------------------------------------------------- kernels


def loss_model(law: LawPreset) -> LawKind | None:
    """The law's kind if it predicts a loss, else None.

    Parameters
    ----------
    law : LawPreset
        A loaded law.

    Returns
    -------
    LawKind or None
        ``law.law`` when ``has_loss``; None for laws that publish only an allocation.
    """
    return law.law if law.law.has_loss else None


def require_loss_model(law: LawPreset, what: str) -> LawKind:
    """The law's loss model, or an error saying it has none.

    Parameters
    ----------
    law : LawPreset
    what : str
        What needed the loss, for the message.

    Returns
    -------
    LawKind

    Raises
    ------
    InfeasibleError
        The law publishes no loss model.
    """
    model = loss_model(law)
    if model is None:
        raise InfeasibleError(
            f"law {law.id!r} publishes no loss model, so it cannot {what}; "
            "use a law with one (e.g. besiroglu2024)"
        )
    return model


def require_parametric(law: LawPreset, what: str) -> ParametricLaw:
    """The Chinchilla form behind the law, or an error saying it has none.

    Parameters
    ----------
    law : LawPreset
    what : str
        What needed it, for the message.

    Returns
    -------
    ParametricLaw

    Raises
    ------
    InfeasibleError
        The law is not of (or carries no) parametric form.
    """
    if isinstance(law.law, ParametricLaw):
        return law.law
    raise InfeasibleError(
        f"{what} needs a parametric law L = E + A/N^alpha + B/D^beta of its own; "
        f"law {law.id!r} is of kind {law.law.kind!r} (use e.g. besiroglu2024 or muennighoff2023)"
    )


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
    c = check_compute(compute_flops)
    n, d = preset.law.optimum(c)
    model = loss_model(preset)
    # the frontier loss: L(N_opt, D_opt) for most kinds, Kaplan's Eq. 1.3 for Kaplan
    loss = None if model is None else np.asarray(model.frontier_loss(c))
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

    Parameters
    ----------
    n_params, n_tokens : array_like
        Parameters N and training tokens D (broadcast).
    law : str, Path or LawPreset
        A law id (``hoffmann2022-approach3``), a path to a law file, or a loaded preset.
    unique_tokens : array_like, optional
        Unique tokens the D tokens are drawn from (repeated epochs).

    Returns
    -------
    ndarray
        Loss on the law's scale (``LawPreset.loss_scale``).

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
    n = check_range("n_params", n_params, PARAMS_RANGE, "parameters")
    d = check_range("n_tokens", n_tokens, TOKENS_RANGE, "tokens")
    if unique_tokens is not None:
        spec = require_parametric(preset, "a cap on unique tokens")
        u = check_range("unique_tokens", unique_tokens, TOKENS_RANGE, "tokens")
        return spec.repeated(n, d, u)[0]
    model = require_loss_model(preset, "predict a loss")
    return np.asarray(model.predict(n, d))


def compute_for_loss(
    target_loss: ArrayLike, law: str | Path | LawPreset = DEFAULT_LAW
) -> FloatArray:
    """Minimum compute whose compute-optimal plan reaches ``target_loss`` (vectorised).

    Closed form for parametric laws; a bracketed bisection along the law's frontier otherwise.

    Parameters
    ----------
    target_loss : array_like
        Losses on the law's scale.
    law : str, Path or LawPreset
        A law id (``hoffmann2022-approach3``), a path to a law file, or a loaded preset.

    Returns
    -------
    ndarray
        C in FLOPs, same shape as ``target_loss``.

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
    model = require_loss_model(preset, "find the compute for a target loss")
    ell = check_range("target_loss", target_loss, LOSS_RANGE, "nats/token")
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

    Parameters
    ----------
    target_loss : array_like
        Losses ℓ on the law's scale.
    inference_tokens : array_like
        T, tokens the model will process at inference over its life.
    law : str, Path or LawPreset
        A law id (``hoffmann2022-approach3``), a path to a law file, or a loaded preset.

    Returns
    -------
    n_params, n_tokens : ndarray
        N and D, broadcast over the inputs.

    Raises
    ------
    InfeasibleError
        If the target is at or below E, or the law is not parametric.
    """
    preset = resolve_law(law)
    spec = require_parametric(preset, "the training + inference optimum")
    ell = check_range("target_loss", target_loss, LOSS_RANGE, "nats/token")
    t = check_range("inference_tokens", inference_tokens, (0.0, 1e22), "tokens")
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
