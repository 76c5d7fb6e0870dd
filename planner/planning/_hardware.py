r"""FLOPs and hardware: PF-days, GPU-hours at an MFU, dollars, wall-clock days.

.. math:: \text{GPU-hours} = C / (\text{peak} \times \text{MFU} \times 3600)

(reference-numbers §12). Conversions are vectorised and exact inverses of each other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, NDArray

from planner.defaults import BUDGET_UNITS, DEFAULT_ACCELERATOR, DEFAULT_MFU
from planner.errors import InputError
from planner.io._check_types import check_instance
from planner.io._checks import (
    as_array,
    check_mfu,
    check_price,
    check_real,
    check_whole,
    finite,
    shown,
)
from planner.limits import GPUS_MAX
from planner.planning._accelerators import load_accelerator
from planner.planning._records import Accelerator, Budget, HardwareReport
from planner.units import PF_DAY_FLOPS, SECONDS_PER_HOUR

__all__ = [
    "BUDGET_UNITS",
    "HardwareOptions",
    "budget_flops",
    "check_mfu",
    "check_price",
    "from_flops",
    "hardware_report",
    "to_flops",
]


def _flops_per_gpu_hour(peak_flops_per_s: float | None, mfu: float) -> float:
    if peak_flops_per_s is None:
        raise InputError("accelerator: needed to convert GPU-hours or dollars")
    peak = check_real(peak_flops_per_s, "peak_flops_per_s", low=1e6, high=1e20)
    return peak * check_mfu(mfu) * SECONDS_PER_HOUR


def _scale(
    unit: str, peak_flops_per_s: float | None, mfu: float, price_per_gpu_hour: float | None
) -> float:
    """FLOPs per one ``unit``."""
    if not isinstance(unit, str):
        raise InputError(f"unit: must be one of {', '.join(BUDGET_UNITS)}, got {shown(unit)}")
    if unit == "flops":
        return 1.0
    if unit == "pf-days":
        return PF_DAY_FLOPS
    if unit == "gpu-hours":
        return _flops_per_gpu_hour(peak_flops_per_s, mfu)
    if unit == "dollars":
        if price_per_gpu_hour is None:
            raise InputError("price_per_gpu_hour: required for a budget in dollars")
        return _flops_per_gpu_hour(peak_flops_per_s, mfu) / check_price(price_per_gpu_hour)
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

    Returns
    -------
    ndarray
        FLOPs. One GPU-hour is ``3600 * peak_flops_per_s * mfu`` FLOPs; a dollar buys
        ``1 / price_per_gpu_hour`` GPU-hours.

    Raises
    ------
    InputError
        A negative or non-finite value, an unknown unit, a missing peak or price, or a result
        that overflows.

    Examples
    --------
    >>> float(to_flops(1, "pf-days"))
    8.64e+19
    >>> f"{float(to_flops(4.13e5, 'gpu-hours', peak_flops_per_s=989.4e12, mfu=0.4)):.3g}"
    '5.88e+23'
    """
    v = _array(value, "value")
    with np.errstate(over="ignore"):
        out = np.asarray(v * _scale(unit, peak_flops_per_s, mfu, price_per_gpu_hour))
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

    Returns
    -------
    ndarray
        Amounts in ``unit``.

    Examples
    --------
    >>> f"{float(from_flops(5.88e23, 'gpu-hours', peak_flops_per_s=312e12, mfu=0.4)):.3g}"
    '1.31e+06'
    """
    f = _array(flops, "flops")
    with np.errstate(over="ignore"):
        out = np.asarray(f / _scale(unit, peak_flops_per_s, mfu, price_per_gpu_hour))
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
    peak = None
    if budget.unit in ("gpu-hours", "dollars"):
        peak = load_accelerator(budget.accelerator, presets_dir=presets_dir).peak_flops_per_s
    flops = float(
        to_flops(
            budget.value,
            budget.unit,
            peak_flops_per_s=peak,
            mfu=budget.mfu,
            price_per_gpu_hour=budget.price_per_gpu_hour,
        )
    )
    if not math.isfinite(flops):
        raise InputError(f"budget: {budget.value!r} {budget.unit} is not a finite number of FLOPs")
    return flops


def hardware_report(
    compute_flops: float,
    accelerator: Accelerator,
    *,
    mfu: float = DEFAULT_MFU,
    n_gpus: int | None = None,
    price_per_gpu_hour: float | None = None,
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

    Returns
    -------
    HardwareReport
        GPU-hours ``C / (3600 * peak * mfu)``; days on ``n_gpus`` and dollars where given.

    Examples
    --------
    >>> from planner import load_accelerator
    >>> r = hardware_report(5.88e23, load_accelerator("h100-sxm"), mfu=0.4, n_gpus=1024)
    >>> f"{r.gpu_hours:.3g} {r.wall_clock_days:.3g}"
    '4.13e+05 16.8'
    """
    hours = float(
        from_flops(
            compute_flops, "gpu-hours", peak_flops_per_s=accelerator.peak_flops_per_s, mfu=mfu
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
    )


@dataclass(frozen=True)
class HardwareOptions:
    """The hardware a plan is costed on: resolved and validated once, passed as one object.

    Build it with :meth:`resolve`; :meth:`report` gives the GPU-hours, days and cost of any
    compute on it.
    """

    accelerator: Accelerator
    mfu: float
    n_gpus: int | None = None
    price_per_gpu_hour: float | None = None

    @classmethod
    def resolve(
        cls,
        *,
        budget: Budget | None = None,
        accelerator: str | None = None,
        mfu: float | None = None,
        n_gpus: int | None = None,
        price_per_gpu_hour: float | None = None,
        presets_dir: str | Path | None = None,
    ) -> HardwareOptions:
        """Options from explicit arguments, else a budget's, else the defaults (H100, 40% MFU).

        Raises
        ------
        InputError
            A bad MFU, GPU count or price, naming it.
        PresetError
            An unknown accelerator.
        """
        if budget is not None:
            accelerator = accelerator or budget.accelerator
            mfu = budget.mfu if mfu is None else mfu
            n_gpus = budget.n_gpus if n_gpus is None else n_gpus
            if price_per_gpu_hour is None:
                price_per_gpu_hour = budget.price_per_gpu_hour
        if accelerator is not None and not isinstance(accelerator, str):
            raise InputError(f"accelerator: expected an id, got {shown(accelerator)}")
        acc = load_accelerator(accelerator or DEFAULT_ACCELERATOR, presets_dir=presets_dir)
        return cls(
            accelerator=acc,
            mfu=check_mfu(DEFAULT_MFU if mfu is None else mfu),
            n_gpus=None if n_gpus is None else check_whole(n_gpus, "n_gpus", low=1, high=GPUS_MAX),
            price_per_gpu_hour=(
                None if price_per_gpu_hour is None else check_price(price_per_gpu_hour)
            ),
        )

    def report(self, compute_flops: float) -> HardwareReport:
        """GPU-hours, wall-clock days and cost of ``compute_flops`` on these options."""
        return hardware_report(
            compute_flops,
            self.accelerator,
            mfu=self.mfu,
            n_gpus=self.n_gpus,
            price_per_gpu_hour=self.price_per_gpu_hour,
        )
