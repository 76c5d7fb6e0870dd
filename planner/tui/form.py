"""Turn the main form's text fields into one planning request, field by field.

Each field is validated on its own so the message appears beside the field that is wrong;
the numbers themselves come from the same library call ``planner plan`` uses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from planner.defaults import BUDGET_UNITS, DEFAULT_MFU, BudgetUnit
from planner.errors import PlannerError
from planner.io._files import shorten
from planner.limits import GPUS_MAX, MFU_RANGE, PRICE_MAX
from planner.planning._records import Budget, HardwareOptions
from planner.units import parse_budget, parse_quantity

UNITS = BUDGET_UNITS
UNIT_LABELS = {
    "flops": "FLOPs",
    "pf-days": "PF-days",
    "gpu-hours": "GPU-hours",
    "dollars": "dollars",
}


@dataclass
class Request:
    """A validated request, or the errors of the fields that are not."""

    budget: Budget | None = None
    unit: str | None = None
    """The unit the budget was typed in (``$2M``), when it names one."""
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


def build_request(values: dict[str, str], unit: BudgetUnit, accelerator: str) -> Request:
    """Validate the form; ``values`` maps field names to their text."""
    req = Request()

    def take(name: str, **kw: object) -> float | None:
        try:
            return _positive(name, values.get(name, ""), **kw)  # type: ignore[arg-type]
        except ValueError as exc:
            req.errors[name] = str(exc)
            return None

    budget = None
    text = values.get("budget", "").strip()
    if not text:
        req.errors["budget"] = "required: enter a number > 0, e.g. 1e24"
    else:
        try:  # "1e24 FLOPs", "$2M", "5 PF-days": a unit typed with the number wins
            budget, unit = parse_budget(text, unit)
            req.unit = unit
            if not (math.isfinite(budget) and budget > 0):
                raise PlannerError(f"budget: must be > 0, got {shorten(text)}")
        except PlannerError as exc:
            req.errors["budget"] = f"invalid: {str(exc).removeprefix('budget: ')}"
            budget = None
    mfu = take("mfu", optional=True, upper=MFU_RANGE[1])
    if mfu is not None and mfu < MFU_RANGE[0]:
        req.errors["mfu"] = f"invalid: must be at least {MFU_RANGE[0]:g}"
        mfu = None
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
    if unit == "dollars" and price is None and "price" not in req.errors:
        req.errors["price"] = "required for a budget in dollars: $ per GPU-hour"
    if req.errors or budget is None:
        return req
    try:
        req.budget = Budget(
            value=budget,
            unit=unit,
            hardware=HardwareOptions(
                accelerator=accelerator,
                mfu=DEFAULT_MFU if mfu is None else mfu,
                price_per_gpu_hour=price,
                n_gpus=None if gpus is None else int(gpus),
            ),
        )
    except PlannerError as exc:  # Budget raises InputError naming the field
        req.errors["budget"] = f"invalid: {exc}"
    return req
