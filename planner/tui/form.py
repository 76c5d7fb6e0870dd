"""Turn the main form's text fields into one planning request, field by field.

Each field is validated on its own so the message appears beside the field that is wrong;
the numbers themselves come from the same library call ``planner plan`` uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from planner.defaults import BUDGET_UNITS, BudgetUnit
from planner.errors import PlannerError
from planner.io._files import shorten
from planner.limits import GOODPUT_RANGE, GPUS_MAX, MFU_RANGE, PRICE_MAX
from planner.planning._budgets import read_budget
from planner.planning._records import Budget, HardwareOptions
from planner.units import (
    StatedBudget,
    format_count,
    format_days,
    format_dollars,
    parse_budget_text,
    parse_quantity,
)

UNITS = BUDGET_UNITS
UNIT_LABELS = {
    "flops": "FLOPs",
    "pf-days": "PF-days",
    "gpu-hours": "GPU-hours",
    "dollars": "dollars",
}

FIELD_NAMES = {
    "n_gpus": "the GPUs field",
    "price_per_gpu_hour": "the $ per GPU-hour field",
    "days": "the Run tab's Days",
}
"""How the form calls what a budget may also state, for an error that names both."""


@dataclass
class Request:
    """A validated request, or the errors of the fields that are not."""

    budget: Budget | None = None
    unit: str | None = None
    """The budget's unit: the one typed with it (``$2M``), else the selector's."""
    accelerator: str | None = None
    """The budget's accelerator: the one typed with it (``512 H100 x 30 days``), else the
    selector's."""
    note: str = ""
    """What a budget stated with more than a unit was read as (:func:`budget_note`)."""
    kwargs: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _positive(
    name: str, text: str, *, optional: bool, integer: bool = False, upper: float | None = None
) -> float | None:
    text = text.strip()
    if not text:
        if optional:
            return None
        raise ValueError("required: enter a number > 0, e.g. 1e24")
    try:
        value = parse_quantity(text, name=name)
    except PlannerError as exc:
        raise ValueError(f"invalid: {str(exc).removeprefix(name + ': ')}") from None
    shown = shorten(text)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"invalid: must be > 0, got {shown}")
    if upper is not None and value > upper:
        raise ValueError(f"invalid: must be at most {upper:g}, got {shown}")
    if integer and value != int(value):
        raise ValueError(f"invalid: must be a whole number, got {shown}")
    return value


def budget_note(stated: StatedBudget, budget: Budget) -> str:
    """What a budget stated with more than a unit was read as, for the line beside the field.

    ``512 H100 x 30 days`` reads ``= 369K GPU-hours: 512 x h100-sxm for 30.0 d``; an amount with
    a unit alone (``1e24``, ``$2M``) needs no line (the unit selector shows the unit).
    """
    hw = budget.options
    if stated.n_gpus is not None and stated.days is not None:
        return (
            f"= {format_count(budget.value)} GPU-hours: {stated.n_gpus} x {hw.accelerator} "
            f"for {format_days(stated.days)}"
        )
    if stated.price_per_gpu_hour is not None:
        hours = budget.value / stated.price_per_gpu_hour
        return (
            f"= {format_count(hours)} {hw.accelerator} GPU-hours at "
            f"{format_dollars(stated.price_per_gpu_hour)}/GPU-hour"
        )
    if stated.accelerator is not None:
        return f"= {format_count(budget.value)} GPU-hours on {hw.accelerator}"
    return ""


def build_request(
    values: dict[str, str],
    unit: BudgetUnit,
    accelerator: str,
    *,
    days: str = "",
    presets_dir: Path | None = None,
) -> Request:
    """Validate the form; ``values`` maps field names to their text.

    ``unit`` and ``accelerator`` are the selectors' (chosen by hand): a budget that names its
    own (``$2M``, ``512 H100 x 30 days``) overrides them, and ``Request.unit`` and
    ``Request.accelerator`` say what the selectors should show. ``days`` is the Run tab's
    deadline, which a budget stated over days must agree with.
    """
    req = Request()

    def take(name: str, **kw: object) -> float | None:
        try:
            return _positive(name, values.get(name, ""), **kw)  # type: ignore[arg-type]
        except ValueError as exc:
            req.errors[name] = str(exc)
            return None

    mfu = take("mfu", optional=True, upper=MFU_RANGE[1])
    if mfu is not None and mfu < MFU_RANGE[0]:
        req.errors["mfu"] = f"invalid: must be at least {MFU_RANGE[0]:g}"
        mfu = None
    goodput = take("goodput", optional=True, upper=GOODPUT_RANGE[1])
    if goodput is not None and goodput < GOODPUT_RANGE[0]:
        req.errors["goodput"] = f"invalid: must be at least {GOODPUT_RANGE[0]:g}"
        goodput = None
    gpus = take("gpus", optional=True, integer=True, upper=GPUS_MAX)
    price = take("price", optional=True, upper=PRICE_MAX)
    for name in ("max_params", "unique_tokens", "inference_tokens"):
        value = take(name, optional=True)
        if value is not None:
            req.kwargs[name] = value
    for name in ("experts", "top_k"):  # a mixture of experts: the MoE law checks the routing
        value = take(name, optional=True, integer=True, upper=1_000_000)
        if value is not None:
            req.kwargs[name] = int(value)
    try:
        deadline = parse_quantity(days, name="days") if days.strip() else None
    except PlannerError:  # the Run tab says why, beside its own field
        deadline = None
    text = values.get("budget", "").strip()
    if not text:
        req.errors["budget"] = "required: enter a number > 0, e.g. 1e24"
        return req
    try:  # "1e24 FLOPs", "$2M", "512 H100 x 30 days": a unit typed with the number wins
        stated = parse_budget_text(text, unit)
        req.unit = stated.unit
        budget = read_budget(
            text,
            unit=unit,
            mfu=mfu,
            goodput=goodput,
            n_gpus=None if gpus is None else int(gpus),
            price_per_gpu_hour=price,
            days=deadline if deadline is not None and deadline > 0 else None,
            hardware=HardwareOptions(accelerator=accelerator),
            presets_dir=presets_dir,
            names=FIELD_NAMES,
        )
    except PlannerError as exc:
        field, _, why = str(exc).partition(": ")
        if field == "price_per_gpu_hour":
            if "price" not in req.errors:
                req.errors["price"] = (
                    "required for a budget in dollars: $ per GPU-hour (or '$5M at $2/h')"
                )
        else:
            req.errors["budget"] = f"invalid: {why if field in ('budget', 'Budget.value') else exc}"
        return req
    req.accelerator = budget.options.accelerator
    req.note = budget_note(stated, budget)
    if not req.errors:
        req.budget = budget
    return req
