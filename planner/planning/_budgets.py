"""A budget as people state it (``512 H100 x 30 days``, ``$5M at $2/h``) read into one Budget.

The text is parsed once, here, where it enters (:func:`planner.units.parse_budget_text`): the
accelerator it names goes through the catalogue's aliases and "did you mean", and what it sets
(accelerator, GPU count, price, days) is checked against what the caller set explicitly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

from planner.defaults import BUDGET_UNITS, DEFAULT_ACCELERATOR, BudgetUnit
from planner.errors import InputError, PresetError
from planner.io._check_types import (
    check_instance,
    check_optional_path,
    check_text,
    check_text_map,
)
from planner.io._checks import check_mfu, check_price, check_real, check_whole, shown
from planner.limits import GPUS_MAX
from planner.planning._accelerators import load_accelerator
from planner.planning._records import Budget, HardwareOptions
from planner.units import parse_budget_text

__all__ = ["read_budget"]


def _accelerator_id(name: str, presets_dir: str | Path | None) -> str:
    """The catalogue id of a name as typed; ``H100s`` (a plural) is ``H100``."""
    try:
        return load_accelerator(name, presets_dir=presets_dir).id
    except PresetError:
        if name.lower().endswith("s") and len(name) > 1:
            try:
                return load_accelerator(name[:-1], presets_dir=presets_dir).id
            except PresetError:
                pass
        raise


def read_budget(
    text: str | float | int,
    *,
    unit: BudgetUnit = "flops",
    accelerator: str | None = None,
    mfu: float | None = None,
    n_gpus: int | None = None,
    price_per_gpu_hour: float | None = None,
    days: float | None = None,
    hardware: HardwareOptions | None = None,
    presets_dir: str | Path | None = None,
    names: Mapping[str, str] | None = None,
    goodput: float | None = None,
) -> Budget:
    r"""A :class:`~planner.planning._records.Budget` from a budget as people state it.

    Every form of :func:`planner.units.parse_budget_text`: ``1e24``, ``5 PF-days``,
    ``702K GPU-hours``, ``$2M``, ``512 H100 x 30 days`` (:math:`512 \times 30 \times 24`
    GPU-hours on 512 H100, the deadline 30 days), ``1M H100-hours``, ``$5M at $2/h``.

    Parameters
    ----------
    text : str, float or int
        The budget.
    unit : str
        The unit when the text names none (default FLOPs).
    accelerator, mfu, n_gpus, price_per_gpu_hour, days : optional
        What the caller set explicitly; where the text sets the same thing, the two must agree.
    goodput : float, optional
        Share of the GPU time that trains (default: ``hardware``'s, else 0.90), which a budget
        of GPU-hours or dollars buys FLOPs with.
    hardware : HardwareOptions, optional
        Settings the text may override (a form's accelerator selector, a plan's hardware).
    presets_dir : str or Path, optional
        Where the accelerator is looked up.
    names : mapping, optional
        How the caller calls each keyword in an error (``{"n_gpus": "--gpus"}``).

    Returns
    -------
    Budget
        With the hardware (accelerator id, MFU, GPU count, price) and the days.

    Raises
    ------
    InputError
        Text outside the grammar (one line naming ``budget`` and what is missing), an amount
        not > 0, a dollar budget without a price, or the text contradicting a keyword (naming
        both).
    PresetError
        An accelerator not in the catalogue (with "did you mean").

    Examples
    --------
    >>> b = read_budget("512 H100 x 30 days")
    >>> b.value, b.unit, b.options.accelerator, b.options.n_gpus, b.days
    (368640.0, 'gpu-hours', 'h100-sxm', 512, 30.0)
    >>> read_budget("$5M at $2/h").options.price_per_gpu_hour
    2.0
    >>> read_budget("512 x 30 days", n_gpus=256)
    Traceback (most recent call last):
    ...
    planner.errors.InputError: budget: '512 x 30 days' says 512 GPUs, n_gpus says 256: give one, or make them agree
    """  # noqa: E501
    unit = check_text(unit, "unit", choices=BUDGET_UNITS)  # type: ignore[assignment]
    if accelerator is not None:
        accelerator = check_instance(accelerator, str, "accelerator")  # the catalogue says more
    mfu = None if mfu is None else check_mfu(mfu)
    n_gpus = None if n_gpus is None else check_whole(n_gpus, "n_gpus", low=1, high=GPUS_MAX)
    if price_per_gpu_hour is not None:
        price_per_gpu_hour = check_price(price_per_gpu_hour)
    days = None if days is None else check_real(days, "days", low=0.0, low_open=True)
    if hardware is not None:
        check_instance(hardware, HardwareOptions, "hardware")
    presets_dir = check_optional_path(presets_dir, "presets_dir")
    label = check_text_map(names, "names") or {}
    stated = parse_budget_text(text, unit)

    def agree(key: str, said: object, given: object, what: str) -> None:
        if said is not None and given is not None and said != given:
            if (
                isinstance(said, float)
                and isinstance(given, int | float)
                and math.isclose(said, given, rel_tol=1e-9)
            ):
                return
            raise InputError(
                f"budget: {shown(text)} says {what.format(said)}, {label.get(key, key)} says "
                f"{given:g}: give one, or make them agree"
                if isinstance(given, int | float)
                else f"budget: {shown(text)} says {said}, {label.get(key, key)} says {given}: "
                "give one, or make them agree"
            )

    if not (math.isfinite(stated.value) and stated.value > 0):
        raise InputError(f"budget: must be a finite number > 0, got {shown(text)}")
    named = None
    if stated.accelerator is not None:
        named = _accelerator_id(stated.accelerator, presets_dir)
        if accelerator is not None:
            agree("accelerator", named, _accelerator_id(accelerator, presets_dir), "{}")
    agree("n_gpus", stated.n_gpus, n_gpus, "{} GPUs")
    agree("price_per_gpu_hour", stated.price_per_gpu_hour, price_per_gpu_hour, "${:g} per GPU-hour")
    agree("days", stated.days, days, "{:g} days")
    base = hardware if hardware is not None else HardwareOptions()
    price = stated.price_per_gpu_hour or price_per_gpu_hour or base.price_per_gpu_hour
    if stated.unit == "dollars" and price is None:
        raise InputError(
            "price_per_gpu_hour: required for a budget in dollars (or state it in the budget, "
            f"e.g. {shown(str(text).strip() + ' at $2/h')})"
        )
    options = HardwareOptions(  # checks each field, naming it
        accelerator=named or accelerator or base.accelerator or DEFAULT_ACCELERATOR,
        mfu=mfu if mfu is not None else base.mfu,
        n_gpus=stated.n_gpus or n_gpus or base.n_gpus,
        price_per_gpu_hour=price,
        goodput=goodput if goodput is not None else base.goodput,
    )
    return Budget(
        value=stated.value,
        unit=stated.unit,
        hardware=options,
        days=stated.days if stated.days is not None else days,
    )
