"""The planner's defaults, each defined once: the law, the accelerator, the MFU, the units."""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "BUDGET_UNITS",
    "DEFAULT_ACCELERATOR",
    "DEFAULT_GOODPUT",
    "DEFAULT_LAW",
    "DEFAULT_MFU",
    "BudgetUnit",
]

DEFAULT_LAW = "besiroglu2024"
"""The default law: the corrected, reproducible refit of Chinchilla's own data (README, 'Laws')."""

DEFAULT_ACCELERATOR = "h100-sxm"
"""The accelerator GPU-hours are counted on unless told otherwise."""

DEFAULT_MFU = 0.40
"""Model FLOPs utilisation assumed when none is given: Llama 3 405B reached 38-43% on H100
(arXiv:2407.21783 Table 4); 30-50% is the common planning range."""

DEFAULT_GOODPUT = 0.90
"""Share of the job's GPU time that trains: Llama 3 405B, "higher than 90% effective
training time" (Dubey et al. 2024, arXiv:2407.21783, §3.3.4). A GPU-hour (or dollar) of a
budget buys MFU x goodput of the peak, and a plan's GPU-hours are C / (peak x MFU x goodput),
as the run sheet counts them and model cards report them (the whole job's GPU time)."""

BudgetUnit = Literal["flops", "pf-days", "gpu-hours", "dollars"]
"""The units a budget may be given in."""

BUDGET_UNITS: tuple[BudgetUnit, ...] = get_args(BudgetUnit)
"""The same units as a tuple, for choices and selectors."""
