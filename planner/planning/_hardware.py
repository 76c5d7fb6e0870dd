r"""FLOPs and hardware: PF-days, GPU-hours at an MFU and a goodput, dollars, wall-clock days.

.. math:: \text{GPU-hours} = C / (\text{peak} \times \text{MFU} \times \text{goodput}
    \times 3600)

reference-numbers §12's conversion, C / (peak x MFU x 3600), with the share of the job's GPU
time that trains (goodput, 90% by default: Llama 3 405B, arXiv:2407.21783 §3.3.4). A budget of
GPU-hours or dollars pays for the whole job, failures and restarts included, as model cards
count it (Llama 3 405B: 30.84M H100-hours for 3.8e25 FLOPs); the run sheet counts the same, so a
plan's GPU-hours, its run sheet's and a budget's agree. ``goodput=1`` gives §12's figures.
Conversions are vectorised and exact inverses of each other.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from planner.defaults import BUDGET_UNITS, DEFAULT_ACCELERATOR, DEFAULT_GOODPUT, DEFAULT_MFU
from planner.errors import InputError
from planner.io._check_types import check_instance
from planner.io._checks import (
    as_array,
    check_goodput,
    check_mfu,
    check_price,
    check_real,
    check_whole,
    finite,
    shown,
)
from planner.limits import GPUS_MAX
from planner.planning._accelerators import load_accelerator
from planner.planning._records import Accelerator, Budget, HardwareOptions, HardwareReport
from planner.units import PF_DAY_FLOPS, SECONDS_PER_HOUR

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

__all__ = [
    "BUDGET_UNITS",
    "budget_flops",
    "check_mfu",
    "check_price",
    "costed",
    "flops_of",
    "from_flops",
    "hardware_report",
    "resolve_hardware",
    "to_flops",
]


def _flops_per_gpu_hour(peak_flops_per_s: float | None, mfu: float, goodput: float) -> float:
    if peak_flops_per_s is None:
        raise InputError("accelerator: needed to convert GPU-hours or dollars")
    peak = check_real(peak_flops_per_s, "peak_flops_per_s", low=1e6, high=1e20)
    return peak * check_mfu(mfu) * check_goodput(goodput) * SECONDS_PER_HOUR


def _scale(
    unit: str,
    peak_flops_per_s: float | None,
    mfu: float,
    price_per_gpu_hour: float | None,
    goodput: float,
) -> float:
    """FLOPs per one ``unit``."""
    if not isinstance(unit, str):
        raise InputError(f"unit: must be one of {', '.join(BUDGET_UNITS)}, got {shown(unit)}")
    if unit == "flops":
        return 1.0
    if unit == "pf-days":
        return PF_DAY_FLOPS
    if unit == "gpu-hours":
        return _flops_per_gpu_hour(peak_flops_per_s, mfu, goodput)
    if unit == "dollars":
        if price_per_gpu_hour is None:
            raise InputError("price_per_gpu_hour: required for a budget in dollars")
        return _flops_per_gpu_hour(peak_flops_per_s, mfu, goodput) / check_price(price_per_gpu_hour)
    raise InputError(f"unit: must be one of {', '.join(BUDGET_UNITS)}, got {shown(unit)}")


def _array(value: ArrayLike, name: str) -> NDArray[np.float64]:
    """Amounts of compute (or of what buys it): finite and not negative."""
    v = as_array(value, name)
    if not np.all(np.isfinite(v)):
        raise InputError(f"{name}: must be finite, got {shown(value)}")
    if np.any(v < 0):
        raise InputError(f"{name}: an amount of compute cannot be negative, got {shown(value)}")
    return v


def to_flops(
    value: ArrayLike,
    unit: str,
    *,
    peak_flops_per_s: float | None = None,
    mfu: float = DEFAULT_MFU,
    price_per_gpu_hour: float | None = None,
    goodput: float = DEFAULT_GOODPUT,
) -> NDArray[np.float64]:
    """Convert an amount in ``unit`` to FLOPs.

    Parameters
    ----------
    value : array_like
        Amounts in ``unit``.
    unit : str
        ``flops``, ``pf-days`` (8.64e19 FLOPs), ``gpu-hours`` or ``dollars``.
    peak_flops_per_s : float, optional
        The accelerator's dense BF16 peak; required for GPU-hours and dollars.
    mfu : float
        Model FLOPs utilisation in (0, 1] (default 0.40).
    price_per_gpu_hour : float, optional
        Dollars per GPU-hour; required for dollars.
    goodput : float
        Share of the GPU time that trains, in [0.01, 1] (default 0.90, Llama 3 405B,
        arXiv:2407.21783 §3.3.4); 1 gives reference-numbers §12's conversion.

    Returns
    -------
    ndarray
        FLOPs. One GPU-hour is ``3600 * peak_flops_per_s * mfu * goodput`` FLOPs; a dollar
        buys ``1 / price_per_gpu_hour`` GPU-hours.

    Raises
    ------
    InputError
        A negative or non-finite value, an unknown unit, a missing peak or price, or a result
        that overflows.

    Examples
    --------
    >>> float(to_flops(1, "pf-days"))
    8.64e+19
    >>> h100 = {"peak_flops_per_s": 989.4e12, "mfu": 0.4}
    >>> f"{float(to_flops(4.13e5, 'gpu-hours', **h100, goodput=1.0)):.3g}"  # §12
    '5.88e+23'
    >>> f"{float(to_flops(4.13e5, 'gpu-hours', **h100)):.3g}"  # 90% of the time training
    '5.3e+23'
    """
    v = _array(value, "value")
    with np.errstate(over="ignore"):
        out = np.asarray(v * _scale(unit, peak_flops_per_s, mfu, price_per_gpu_hour, goodput))
    if not np.all(np.isfinite(out)):
        raise InputError(f"value: {shown(value)} {unit} overflows as FLOPs")
    return out


def from_flops(
    flops: ArrayLike,
    unit: str,
    *,
    peak_flops_per_s: float | None = None,
    mfu: float = DEFAULT_MFU,
    price_per_gpu_hour: float | None = None,
    goodput: float = DEFAULT_GOODPUT,
) -> NDArray[np.float64]:
    """Convert FLOPs to an amount in ``unit``; the inverse of :func:`to_flops`.

    Parameters
    ----------
    flops : array_like
        FLOPs.
    unit : str
        ``flops``, ``pf-days`` (8.64e19 FLOPs), ``gpu-hours`` or ``dollars``.
    peak_flops_per_s : float, optional
        The accelerator's dense BF16 peak; required for GPU-hours and dollars.
    mfu : float
        Model FLOPs utilisation in (0, 1] (default 0.40).
    price_per_gpu_hour : float, optional
        Dollars per GPU-hour; required for dollars.
    goodput : float
        Share of the GPU time that trains, in [0.01, 1] (default 0.90); 1 gives
        reference-numbers §12's conversion.

    Returns
    -------
    ndarray
        Amounts in ``unit``.

    Examples
    --------
    >>> a100 = {"peak_flops_per_s": 312e12, "mfu": 0.4, "goodput": 1.0}
    >>> f"{float(from_flops(5.88e23, 'gpu-hours', **a100)):.3g}"  # reference-numbers §12
    '1.31e+06'
    """
    f = _array(flops, "flops")
    with np.errstate(over="ignore"):
        out = np.asarray(f / _scale(unit, peak_flops_per_s, mfu, price_per_gpu_hour, goodput))
    if not np.all(np.isfinite(out)):
        raise InputError(f"flops: {shown(flops)} overflows in {unit}")
    return out


def budget_flops(budget: Budget, *, presets_dir: str | Path | None = None) -> float:
    """The FLOPs of a :class:`~planner.planning._records.Budget`.

    Parameters
    ----------
    budget : Budget
        An amount, its unit and the hardware assumptions that convert it.
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    float
        FLOPs: ``value`` times the unit's FLOPs (``to_flops``).

    Raises
    ------
    InputError
        If the result is not a finite number of FLOPs.
    PresetError
        If the accelerator is unknown.
    """
    check_instance(budget, Budget, "budget")
    return flops_of(budget, presets_dir=presets_dir)


def flops_of(budget: Budget, *, presets_dir: str | Path | None = None) -> float:
    r"""The FLOPs of a Budget checked when it was built: nothing is parsed or checked again.

    ``value`` times the unit's FLOPs: 1, 8.64e19 (a PF-day), :math:`3600\,\text{peak}\,
    \text{MFU}\,\text{goodput}` (a GPU-hour) or that over the price (a dollar), the arithmetic
    of :func:`to_flops`.

    Parameters
    ----------
    budget : Budget
        A budget (its fields were checked on construction).
    presets_dir : str or Path, optional
        Where the accelerator of a GPU-hour or dollar budget is looked up.

    Returns
    -------
    float
        FLOPs.

    Raises
    ------
    InputError
        The result overflows.
    PresetError
        The accelerator is unknown.
    """
    hw = budget.options
    scale = 1.0 if budget.unit == "flops" else PF_DAY_FLOPS
    if budget.unit in ("gpu-hours", "dollars"):
        peak = load_accelerator(hw.accelerator, presets_dir=presets_dir).peak_flops_per_s
        scale = peak * hw.mfu * hw.goodput * SECONDS_PER_HOUR
        if budget.unit == "dollars":
            assert hw.price_per_gpu_hour is not None  # a dollar Budget refuses none
            scale = scale / hw.price_per_gpu_hour
    flops = budget.value * scale
    if not math.isfinite(flops):
        raise InputError(f"value: {shown(budget.value)} {budget.unit} overflows as FLOPs")
    return flops


def hardware_report(
    compute_flops: float,
    accelerator: Accelerator,
    *,
    mfu: float = DEFAULT_MFU,
    n_gpus: int | None = None,
    price_per_gpu_hour: float | None = None,
    goodput: float = DEFAULT_GOODPUT,
) -> HardwareReport:
    """GPU-hours, wall-clock days on ``n_gpus`` and cost of ``compute_flops`` on an accelerator.

    Parameters
    ----------
    compute_flops : float
        The run's FLOPs.
    accelerator : Accelerator
        Its dense peak and data-sheet source.
    mfu : float
        Model FLOPs utilisation in (0, 1].
    n_gpus : int, optional
        GPUs, for the wall clock.
    price_per_gpu_hour : float, optional
        Dollars per GPU-hour, for the cost.
    goodput : float
        Share of the GPU time that trains, in [0.01, 1] (default 0.90, Llama 3 405B).

    Returns
    -------
    HardwareReport
        GPU-hours ``C / (3600 * peak * mfu * goodput)``; days on ``n_gpus`` and dollars where
        given.

    Examples
    --------
    >>> from planner import load_accelerator
    >>> h100 = load_accelerator("h100-sxm")
    >>> r = hardware_report(5.88e23, h100, mfu=0.4, n_gpus=1024, goodput=1.0)  # §12
    >>> f"{r.gpu_hours:.3g} {r.wall_clock_days:.3g}"
    '4.13e+05 16.8'
    >>> f"{hardware_report(5.88e23, h100, mfu=0.4).gpu_hours:.3g}"  # 90% of the time training
    '4.59e+05'
    """
    hours = float(
        from_flops(
            compute_flops,
            "gpu-hours",
            peak_flops_per_s=accelerator.peak_flops_per_s,
            mfu=mfu,
            goodput=goodput,
        )
    )
    if n_gpus is not None:
        n_gpus = check_whole(n_gpus, "n_gpus", low=1, high=GPUS_MAX)
    if price_per_gpu_hour is not None:
        price_per_gpu_hour = check_price(price_per_gpu_hour)
        finite(hours * price_per_gpu_hour, "cost_dollars (gpu_hours x price_per_gpu_hour)")
    return HardwareReport(
        accelerator=accelerator.id,
        accelerator_name=accelerator.name,
        peak_flops_per_s=accelerator.peak_flops_per_s,
        mfu=mfu,
        gpu_hours=hours,
        n_gpus=n_gpus,
        wall_clock_days=None if n_gpus is None else hours / n_gpus / 24.0,
        price_per_gpu_hour=price_per_gpu_hour,
        cost_dollars=None if price_per_gpu_hour is None else hours * price_per_gpu_hour,
        source=accelerator.source,
        goodput=goodput,
    )


def resolve_hardware(
    *,
    budget: Budget | None = None,
    hardware: HardwareOptions | None = None,
    accelerator: str | None = None,
    mfu: float | None = None,
    n_gpus: int | None = None,
    price_per_gpu_hour: float | None = None,
    goodput: float | None = None,
    presets_dir: str | Path | None = None,
) -> HardwareOptions:
    """The hardware of a planning call, checked once where the call enters.

    Explicit keywords win, then ``hardware``, then the budget's, then the defaults (H100 SXM,
    40% MFU, 90% goodput). The accelerator is looked up here, so an unknown one is refused at
    the edge.

    Parameters
    ----------
    budget : Budget, optional
        The call's budget (its :attr:`~planner.planning._records.Budget.options`).
    hardware : HardwareOptions, optional
        Settings built elsewhere (the CLI, the TUI form, a plan's ``hardware.options``).
    accelerator, mfu, n_gpus, price_per_gpu_hour, goodput : optional
        The library call's keywords.
    presets_dir : str or Path, optional
        Where the accelerator is looked up.

    Returns
    -------
    HardwareOptions

    Raises
    ------
    InputError
        A bad MFU, GPU count or price, naming it.
    PresetError
        An unknown accelerator.
    """
    if hardware is not None:
        check_instance(hardware, HardwareOptions, "hardware")
    base = hardware or (budget.options if budget is not None else None)
    given = (accelerator, mfu, n_gpus, price_per_gpu_hour, goodput)
    if base is not None:
        accelerator = accelerator or base.accelerator
        mfu = base.mfu if mfu is None else mfu
        n_gpus = base.n_gpus if n_gpus is None else n_gpus
        goodput = base.goodput if goodput is None else goodput
        if price_per_gpu_hour is None:
            price_per_gpu_hour = base.price_per_gpu_hour
    if accelerator is not None and not isinstance(accelerator, str):
        raise InputError(f"accelerator: expected an id, got {shown(accelerator)}")
    accelerator = accelerator or DEFAULT_ACCELERATOR
    load_accelerator(accelerator, presets_dir=presets_dir)  # an unknown one is refused here
    if base is not None and given == (None, None, None, None, None):
        return base  # checked when it was built
    return HardwareOptions(  # checks each field, naming it
        accelerator=accelerator,
        mfu=DEFAULT_MFU if mfu is None else mfu,
        n_gpus=n_gpus,
        price_per_gpu_hour=price_per_gpu_hour,
        goodput=DEFAULT_GOODPUT if goodput is None else goodput,
    )


def costed(
    options: HardwareOptions, compute_flops: float, *, presets_dir: str | Path | None = None
) -> HardwareReport:
    """GPU-hours, wall-clock days and cost of ``compute_flops`` on checked settings.

    The settings and the compute were checked where they entered (:func:`resolve_hardware`,
    the planning call), so nothing is checked again: the arithmetic of :func:`hardware_report`.

    Parameters
    ----------
    options : HardwareOptions
        From :func:`resolve_hardware`.
    compute_flops : float
        The run's FLOPs.
    presets_dir : str or Path, optional
        Where the accelerator is looked up.

    Returns
    -------
    HardwareReport
    """
    acc = load_accelerator(options.accelerator, presets_dir=presets_dir)
    hours = compute_flops / (
        acc.peak_flops_per_s * options.mfu * options.goodput * SECONDS_PER_HOUR
    )
    price, gpus = options.price_per_gpu_hour, options.n_gpus
    if price is not None:
        finite(hours * price, "cost_dollars (gpu_hours x price_per_gpu_hour)")
    return HardwareReport(
        accelerator=acc.id,
        accelerator_name=acc.name,
        peak_flops_per_s=acc.peak_flops_per_s,
        mfu=options.mfu,
        gpu_hours=hours,
        n_gpus=gpus,
        wall_clock_days=None if gpus is None else hours / gpus / 24.0,
        price_per_gpu_hour=price,
        cost_dollars=None if price is None else hours * price,
        source=acc.source,
        goodput=options.goodput,
    )
