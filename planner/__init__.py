"""planner: compute allocation for language-model pre-training.

>>> from planner import plan
>>> p = plan(5.76e23, law="hoffmann2022-approach1")
>>> f"{p.n_params:.3g} params on {p.n_tokens:.3g} tokens"
'6.78e+10 params on 1.42e+12 tokens'

The core never imports the terminal UI or the command line. Names are imported on first use
(PEP 562), so ``import planner.cli`` for ``planner --help`` loads no numpy or pydantic.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers and IDEs; at run time see __getattr__
    from planner.emergence import capabilities, compute_to_emerge, list_tasks
    from planner.errors import (
        InfeasibleError,
        InputError,
        PlannerError,
        PlannerWarning,
        PresetError,
        SolverError,
    )
    from planner.fit import fit_runs, read_runs
    from planner.hardware import from_flops, to_flops
    from planner.lawfile import fit_to_law
    from planner.metric_view import mirage
    from planner.models import Budget, LawPreset, Plan
    from planner.planning import compare, plan, plan_model, plan_target_loss
    from planner.presets import (
        DEFAULT_LAW,
        list_accelerators,
        list_laws,
        load_accelerator,
        load_law,
    )
    from planner.repetition import optimum_with_repetition
    from planner.shapes import appendix_f_flops_per_token, params_from_shape, shape_for_params
    from planner.solve import (
        Allocation,
        allocate,
        compute_for_loss,
        inference_optimum,
        predict_loss,
    )

_LAZY = {
    "capabilities": "planner.emergence",
    "compute_to_emerge": "planner.emergence",
    "list_tasks": "planner.emergence",
    "InfeasibleError": "planner.errors",
    "InputError": "planner.errors",
    "PlannerError": "planner.errors",
    "PlannerWarning": "planner.errors",
    "PresetError": "planner.errors",
    "SolverError": "planner.errors",
    "fit_runs": "planner.fit",
    "read_runs": "planner.fit",
    "from_flops": "planner.hardware",
    "to_flops": "planner.hardware",
    "fit_to_law": "planner.lawfile",
    "mirage": "planner.metric_view",
    "Budget": "planner.models",
    "LawPreset": "planner.models",
    "Plan": "planner.models",
    "compare": "planner.planning",
    "plan": "planner.planning",
    "plan_model": "planner.planning",
    "plan_target_loss": "planner.planning",
    "DEFAULT_LAW": "planner.presets",
    "list_accelerators": "planner.presets",
    "list_laws": "planner.presets",
    "load_accelerator": "planner.presets",
    "load_law": "planner.presets",
    "optimum_with_repetition": "planner.repetition",
    "appendix_f_flops_per_token": "planner.shapes",
    "params_from_shape": "planner.shapes",
    "shape_for_params": "planner.shapes",
    "Allocation": "planner.solve",
    "allocate": "planner.solve",
    "compute_for_loss": "planner.solve",
    "inference_optimum": "planner.solve",
    "predict_loss": "planner.solve",
}

__all__ = [
    "DEFAULT_LAW",
    "Allocation",
    "Budget",
    "InfeasibleError",
    "InputError",
    "LawPreset",
    "Plan",
    "PlannerError",
    "PlannerWarning",
    "PresetError",
    "SolverError",
    "allocate",
    "appendix_f_flops_per_token",
    "capabilities",
    "compare",
    "compute_for_loss",
    "compute_to_emerge",
    "fit_runs",
    "fit_to_law",
    "from_flops",
    "inference_optimum",
    "list_accelerators",
    "list_laws",
    "list_tasks",
    "load_accelerator",
    "load_law",
    "mirage",
    "optimum_with_repetition",
    "params_from_shape",
    "plan",
    "plan_model",
    "plan_target_loss",
    "predict_loss",
    "read_runs",
    "shape_for_params",
    "to_flops",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'planner' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names, for tab completion."""
    return sorted(set(globals()) | set(__all__))
