"""Planning.

A budget in, a frozen ``Plan`` out (``plan``, ``plan_model``, ``plan_target_loss``,
``compare``), with the hardware, cost and model shape of the run.

Public names, by the module that defines them:

- ``_accelerators``: ``list_accelerators``, ``load_accelerator``
- ``_budgets``: ``read_budget``
- ``_assemble``: ``budget_to_flops``, ``finish_plan``, ``full_flops_per_token``,
  ``inference_plan``, ``optimal_fields``, ``optional_positive``, ``paper_checks``,
  ``paper_warning``, ``range_warnings``
- ``_hardware``: ``budget_flops``, ``costed``, ``flops_of``, ``from_flops``,
  ``hardware_report``, ``resolve_hardware``, ``to_flops``
- ``_options``: ``check_seq_len``, ``dense_only``, ``moe_fields``, ``routed``,
  ``routing_refusal``, ``routing_refusals``
- ``_planning``: ``compare``, ``plan``, ``plan_model``, ``plan_target_loss``
- ``_records``: ``Accelerator``, ``Budget``, ``FlopsPerToken``, ``HardwareOptions``,
  ``HardwareReport``, ``InferenceReport``, ``ModelShape``, ``Plan``, ``Routing``
- ``_shapes``: ``DEFAULT_ASPECT_RATIO``, ``DEFAULT_SEQ_LEN``, ``DEFAULT_VOCAB_SIZE``,
  ``MAX_SHAPE_PARAMS``, ``appendix_f_flops_per_token``, ``deepseek_flops_per_token``,
  ``kaplan_flops_per_token``, ``params_from_shape``, ``shape_for_params``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._lazy import attach

if TYPE_CHECKING:
    from planner.planning._accelerators import (
        list_accelerators,
        load_accelerator,
    )
    from planner.planning._assemble import (
        budget_to_flops,
        finish_plan,
        full_flops_per_token,
        inference_plan,
        optimal_fields,
        optional_positive,
        paper_checks,
        paper_warning,
        range_warnings,
    )
    from planner.planning._budgets import read_budget
    from planner.planning._hardware import (
        budget_flops,
        costed,
        flops_of,
        from_flops,
        hardware_report,
        resolve_hardware,
        to_flops,
    )
    from planner.planning._options import (
        check_seq_len,
        dense_only,
        moe_fields,
        routed,
        routing_refusal,
        routing_refusals,
    )
    from planner.planning._planning import (
        compare,
        plan,
        plan_model,
        plan_target_loss,
    )
    from planner.planning._records import (
        Accelerator,
        Budget,
        FlopsPerToken,
        HardwareOptions,
        HardwareReport,
        InferenceReport,
        ModelShape,
        Plan,
        Routing,
    )
    from planner.planning._shapes import (
        DEFAULT_ASPECT_RATIO,
        DEFAULT_SEQ_LEN,
        DEFAULT_VOCAB_SIZE,
        MAX_SHAPE_PARAMS,
        appendix_f_flops_per_token,
        deepseek_flops_per_token,
        kaplan_flops_per_token,
        params_from_shape,
        shape_for_params,
    )

_NAMES = {
    "Accelerator": "_records",
    "Budget": "_records",
    "DEFAULT_ASPECT_RATIO": "_shapes",
    "DEFAULT_SEQ_LEN": "_shapes",
    "DEFAULT_VOCAB_SIZE": "_shapes",
    "FlopsPerToken": "_records",
    "HardwareOptions": "_records",
    "HardwareReport": "_records",
    "InferenceReport": "_records",
    "MAX_SHAPE_PARAMS": "_shapes",
    "ModelShape": "_records",
    "Plan": "_records",
    "Routing": "_records",
    "appendix_f_flops_per_token": "_shapes",
    "budget_flops": "_hardware",
    "costed": "_hardware",
    "flops_of": "_hardware",
    "resolve_hardware": "_hardware",
    "budget_to_flops": "_assemble",
    "check_seq_len": "_options",
    "compare": "_planning",
    "deepseek_flops_per_token": "_shapes",
    "dense_only": "_options",
    "moe_fields": "_options",
    "routed": "_options",
    "routing_refusal": "_options",
    "routing_refusals": "_options",
    "finish_plan": "_assemble",
    "from_flops": "_hardware",
    "full_flops_per_token": "_assemble",
    "hardware_report": "_hardware",
    "inference_plan": "_assemble",
    "kaplan_flops_per_token": "_shapes",
    "list_accelerators": "_accelerators",
    "load_accelerator": "_accelerators",
    "optimal_fields": "_assemble",
    "optional_positive": "_assemble",
    "paper_checks": "_assemble",
    "paper_warning": "_assemble",
    "params_from_shape": "_shapes",
    "plan": "_planning",
    "plan_model": "_planning",
    "plan_target_loss": "_planning",
    "range_warnings": "_assemble",
    "read_budget": "_budgets",
    "shape_for_params": "_shapes",
    "to_flops": "_hardware",
}

__all__ = [
    "DEFAULT_ASPECT_RATIO",
    "DEFAULT_SEQ_LEN",
    "DEFAULT_VOCAB_SIZE",
    "MAX_SHAPE_PARAMS",
    "Accelerator",
    "Budget",
    "FlopsPerToken",
    "HardwareOptions",
    "HardwareReport",
    "InferenceReport",
    "ModelShape",
    "Plan",
    "Routing",
    "appendix_f_flops_per_token",
    "budget_flops",
    "budget_to_flops",
    "check_seq_len",
    "compare",
    "costed",
    "deepseek_flops_per_token",
    "dense_only",
    "finish_plan",
    "flops_of",
    "from_flops",
    "full_flops_per_token",
    "hardware_report",
    "inference_plan",
    "kaplan_flops_per_token",
    "list_accelerators",
    "load_accelerator",
    "moe_fields",
    "optimal_fields",
    "optional_positive",
    "paper_checks",
    "paper_warning",
    "params_from_shape",
    "plan",
    "plan_model",
    "plan_target_loss",
    "range_warnings",
    "read_budget",
    "resolve_hardware",
    "routed",
    "routing_refusal",
    "routing_refusals",
    "shape_for_params",
    "to_flops",
]
__getattr__, __dir__ = attach(__name__, _NAMES)
