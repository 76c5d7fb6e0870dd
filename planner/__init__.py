"""planner: compute allocation for language-model pre-training.

>>> from planner import plan
>>> p = plan(5.76e23, law="hoffmann2022-approach1")
>>> f"{p.n_params:.3g} params on {p.n_tokens:.3g} tokens"
'6.78e+10 params on 1.42e+12 tokens'

The main calls, one question each, one frozen record out:

- ``plan``, ``plan_model``, ``plan_target_loss``, ``compare``: a budget, a model size or a
  target loss to a :class:`Plan` (the split, the loss, the hardware); a :class:`Budget` in
  any unit and the :class:`HardwareOptions` it is bought on; ``read_budget``: a budget as
  people state it (``512 H100 x 30 days``, ``$5M at $2/h``) to a :class:`Budget`;
- ``task_scores`` (a plan's task scores with intervals, :class:`TaskScore`), ``capabilities``
  (task families against a plan, :class:`TaskAssessment`), ``mirage`` (the metric view);
- ``run_sheet``: a plan or a model to a :class:`RunSheet` (batch, learning rate, memory, layout,
  days, energy; :class:`EnergyOptions`);
- ``read_runs``, ``fit_runs``, ``fit_to_law``: a user's own runs to a fitted law.

The registry: ``load_law``, ``list_laws``, ``load_accelerator``, ``list_accelerators``,
``list_tasks``, ``DEFAULT_LAW``. The building blocks the main calls use, for scripts that want one
step: ``allocate``, ``predict_loss``, ``compute_for_loss``, ``inference_optimum``,
``optimum_with_repetition``, ``compute_to_emerge``, ``to_flops``, ``from_flops`` and the shape
helpers. Every room of the package (``planner.laws``, ``planner.planning``, ``planner.scores``,
``planner.tasks``, ``planner.fit``, ``planner.run``, ``planner.report``, ...) documents its own
public names in its ``__init__``; docs/ARCHITECTURE.md draws the layout.

The core never imports the terminal UI or the command line. Names are imported on first use
(PEP 562), so ``planner --help`` loads no numpy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._lazy import attach

if TYPE_CHECKING:  # for type checkers and IDEs; at run time see __getattr__
    from planner.defaults import DEFAULT_LAW
    from planner.errors import (
        InfeasibleError,
        InputError,
        PlannerError,
        PlannerWarning,
        PresetError,
        SolverError,
    )
    from planner.fit._lawfile import fit_to_law
    from planner.fit._parametric import fit_runs, read_runs
    from planner.laws._preset import LawPreset
    from planner.laws._registry import list_laws, load_law
    from planner.laws._repetition import optimum_with_repetition
    from planner.laws._solve import (
        Allocation,
        allocate,
        compute_for_loss,
        inference_optimum,
        predict_loss,
    )
    from planner.planning._accelerators import list_accelerators, load_accelerator
    from planner.planning._budgets import read_budget
    from planner.planning._hardware import from_flops, to_flops
    from planner.planning._planning import compare, plan, plan_model, plan_target_loss
    from planner.planning._records import Accelerator, Budget, HardwareOptions, Plan
    from planner.planning._shapes import (
        appendix_f_flops_per_token,
        params_from_shape,
        shape_for_params,
    )
    from planner.run._sheet import EnergyOptions, RunSheet, run_sheet
    from planner.scores._records import TaskScore
    from planner.tasks._emergence import capabilities, compute_to_emerge, list_tasks
    from planner.tasks._metric_view import mirage
    from planner.tasks._records import TaskAssessment
    from planner.tasks._score_view import task_scores

_LAZY = {
    "run_sheet": "run._sheet",
    "RunSheet": "run._sheet",
    "EnergyOptions": "run._sheet",
    "task_scores": "tasks._score_view",
    "TaskScore": "scores._records",
    "TaskAssessment": "tasks._records",
    "Accelerator": "planning._records",
    "capabilities": "tasks._emergence",
    "compute_to_emerge": "tasks._emergence",
    "list_tasks": "tasks._emergence",
    "InfeasibleError": "errors",
    "InputError": "errors",
    "PlannerError": "errors",
    "PlannerWarning": "errors",
    "PresetError": "errors",
    "SolverError": "errors",
    "fit_runs": "fit._parametric",
    "read_runs": "fit._parametric",
    "from_flops": "planning._hardware",
    "to_flops": "planning._hardware",
    "fit_to_law": "fit._lawfile",
    "mirage": "tasks._metric_view",
    "Budget": "planning._records",
    "HardwareOptions": "planning._records",
    "LawPreset": "laws._preset",
    "Plan": "planning._records",
    "compare": "planning._planning",
    "plan": "planning._planning",
    "plan_model": "planning._planning",
    "plan_target_loss": "planning._planning",
    "read_budget": "planning._budgets",
    "DEFAULT_LAW": "defaults",
    "list_accelerators": "planning._accelerators",
    "list_laws": "laws._registry",
    "load_accelerator": "planning._accelerators",
    "load_law": "laws._registry",
    "optimum_with_repetition": "laws._repetition",
    "appendix_f_flops_per_token": "planning._shapes",
    "params_from_shape": "planning._shapes",
    "shape_for_params": "planning._shapes",
    "Allocation": "laws._solve",
    "allocate": "laws._solve",
    "compute_for_loss": "laws._solve",
    "inference_optimum": "laws._solve",
    "predict_loss": "laws._solve",
}

__all__ = [
    "DEFAULT_LAW",
    "Accelerator",
    "Allocation",
    "Budget",
    "EnergyOptions",
    "HardwareOptions",
    "InfeasibleError",
    "InputError",
    "LawPreset",
    "Plan",
    "PlannerError",
    "PlannerWarning",
    "PresetError",
    "RunSheet",
    "SolverError",
    "TaskAssessment",
    "TaskScore",
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
    "read_budget",
    "read_runs",
    "run_sheet",
    "shape_for_params",
    "task_scores",
    "to_flops",
]

__version__ = "0.1.0"


__getattr__, __dir__ = attach(__name__, _LAZY)
