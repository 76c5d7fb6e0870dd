"""Scaling laws.

The law kinds (``kinds``), their numpy kernels, a law file (``LawPreset``) and its registry, the
allocation solver, the inference-aware optimum and repeated data.

Public names, by the module that defines them:

- ``_hyperparameters``: ``HparamPrediction``, ``Hyperparameters`` (the one record of a batch
  size and learning rate: a law kind's and the run sheet's), ``given``
- ``_kernels``: ``bisect_log``, ``effective_params``, ``effective_tokens``, ``hyperparameter_law``,
  ``kaplan_frontier_params``, ``kaplan_loss``, ``parametric_compute_for_loss``,
  ``parametric_frontier_loss``, ``parametric_loss``, ``parametric_optimal_params_for_tokens``,
  ``parametric_optimum``, ``power_law``
- ``_numeric``: ``FloatArray``, ``first_crossing_log``, ``quantile_last_axis``, ``sigmoid``,
  ``standard_normal``
- ``_precision``: ``KUMAR2024_PRECISION``, ``PRECISION_BITS``, ``PrecisionLaw``,
  ``PrecisionLoss``, ``precision_loss`` (Kumar et al. 2024's training-precision loss)
- ``_preset``: ``LawPreset``, ``LossScoreCurve``, ``law_defect``
- ``_published``: ``LossScale``, ``PaperCheck``, ``PublishedAllocation``
- ``_registry``: ``list_laws``, ``load_law``, ``shipped_law_ids``, ``validate_new_law_id``
- ``_repetition``: ``SATURATED_REPETITIONS``, ``loss_and_repetition``,
  ``optimum_with_repetition``, ``repetition_warnings``
- ``_solve``: ``Allocation``, ``allocate``, ``check_compute``, ``check_range``,
  ``compute_for_loss``, ``inference_optimum``, ``loss_model``, ``predict_loss``,
  ``require_loss_model``, ``require_parametric``, ``resolve_law``
- ``kinds``: ``DeepSeekLaw``, ``GadreLaw``, ``GranularMoeLaw``, ``JointMoeLaw``, ``KaplanLaw``,
  ``LawKind``, ``MoeLaw``, ``ParametricLaw``, ``PowerLaw``, ``ScalingLaw``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._lazy import attach

if TYPE_CHECKING:
    from planner.laws._hyperparameters import HparamPrediction, Hyperparameters, given
    from planner.laws._kernels import (
        bisect_log,
        effective_params,
        effective_tokens,
        hyperparameter_law,
        kaplan_frontier_params,
        kaplan_loss,
        parametric_compute_for_loss,
        parametric_frontier_loss,
        parametric_loss,
        parametric_optimal_params_for_tokens,
        parametric_optimum,
        power_law,
    )
    from planner.laws._numeric import (
        FloatArray,
        first_crossing_log,
        quantile_last_axis,
        sigmoid,
        standard_normal,
    )
    from planner.laws._precision import (
        KUMAR2024_PRECISION,
        PRECISION_BITS,
        PrecisionLaw,
        PrecisionLoss,
        precision_loss,
    )
    from planner.laws._preset import (
        LawPreset,
        LossScoreCurve,
        law_defect,
    )
    from planner.laws._published import (
        LossScale,
        PaperCheck,
        PublishedAllocation,
    )
    from planner.laws._registry import (
        list_laws,
        load_law,
        shipped_law_ids,
        validate_new_law_id,
    )
    from planner.laws._repetition import (
        SATURATED_REPETITIONS,
        loss_and_repetition,
        optimum_with_repetition,
        repetition_warnings,
    )
    from planner.laws._solve import (
        Allocation,
        allocate,
        check_compute,
        check_range,
        compute_for_loss,
        inference_optimum,
        loss_model,
        predict_loss,
        require_loss_model,
        require_parametric,
        resolve_law,
    )
    from planner.laws.kinds import (
        DeepSeekLaw,
        GadreLaw,
        GranularMoeLaw,
        JointMoeLaw,
        KaplanLaw,
        LawKind,
        MoeLaw,
        ParametricLaw,
        PowerLaw,
        ScalingLaw,
    )

_NAMES = {
    "Allocation": "_solve",
    "DeepSeekLaw": "kinds",
    "GadreLaw": "kinds",
    "GranularMoeLaw": "kinds",
    "HparamPrediction": "_hyperparameters",
    "Hyperparameters": "_hyperparameters",
    "JointMoeLaw": "kinds",
    "KaplanLaw": "kinds",
    "LawKind": "kinds",
    "LawPreset": "_preset",
    "KUMAR2024_PRECISION": "_precision",
    "LossScale": "_published",
    "PRECISION_BITS": "_precision",
    "PrecisionLaw": "_precision",
    "PrecisionLoss": "_precision",
    "LossScoreCurve": "_preset",
    "MoeLaw": "kinds",
    "PaperCheck": "_published",
    "ParametricLaw": "kinds",
    "PowerLaw": "kinds",
    "PublishedAllocation": "_published",
    "SATURATED_REPETITIONS": "_repetition",
    "ScalingLaw": "kinds",
    "allocate": "_solve",
    "bisect_log": "_kernels",
    "check_compute": "_solve",
    "check_range": "_solve",
    "compute_for_loss": "_solve",
    "effective_params": "_kernels",
    "effective_tokens": "_kernels",
    "hyperparameter_law": "_kernels",
    "FloatArray": "_numeric",
    "first_crossing_log": "_numeric",
    "given": "_hyperparameters",
    "inference_optimum": "_solve",
    "kaplan_frontier_params": "_kernels",
    "kaplan_loss": "_kernels",
    "law_defect": "_preset",
    "list_laws": "_registry",
    "precision_loss": "_precision",
    "load_law": "_registry",
    "loss_and_repetition": "_repetition",
    "loss_model": "_solve",
    "optimum_with_repetition": "_repetition",
    "parametric_compute_for_loss": "_kernels",
    "parametric_frontier_loss": "_kernels",
    "parametric_loss": "_kernels",
    "parametric_optimal_params_for_tokens": "_kernels",
    "parametric_optimum": "_kernels",
    "power_law": "_kernels",
    "predict_loss": "_solve",
    "quantile_last_axis": "_numeric",
    "repetition_warnings": "_repetition",
    "require_loss_model": "_solve",
    "require_parametric": "_solve",
    "resolve_law": "_solve",
    "shipped_law_ids": "_registry",
    "sigmoid": "_numeric",
    "standard_normal": "_numeric",
    "validate_new_law_id": "_registry",
}

__all__ = [
    "KUMAR2024_PRECISION",
    "PRECISION_BITS",
    "SATURATED_REPETITIONS",
    "Allocation",
    "DeepSeekLaw",
    "FloatArray",
    "GadreLaw",
    "GranularMoeLaw",
    "HparamPrediction",
    "Hyperparameters",
    "JointMoeLaw",
    "KaplanLaw",
    "LawKind",
    "LawPreset",
    "LossScale",
    "LossScoreCurve",
    "MoeLaw",
    "PaperCheck",
    "ParametricLaw",
    "PowerLaw",
    "PrecisionLaw",
    "PrecisionLoss",
    "PublishedAllocation",
    "ScalingLaw",
    "allocate",
    "bisect_log",
    "check_compute",
    "check_range",
    "compute_for_loss",
    "effective_params",
    "effective_tokens",
    "first_crossing_log",
    "given",
    "hyperparameter_law",
    "inference_optimum",
    "kaplan_frontier_params",
    "kaplan_loss",
    "law_defect",
    "list_laws",
    "load_law",
    "loss_and_repetition",
    "loss_model",
    "optimum_with_repetition",
    "parametric_compute_for_loss",
    "parametric_frontier_loss",
    "parametric_loss",
    "parametric_optimal_params_for_tokens",
    "parametric_optimum",
    "power_law",
    "precision_loss",
    "predict_loss",
    "quantile_last_axis",
    "repetition_warnings",
    "require_loss_model",
    "require_parametric",
    "resolve_law",
    "shipped_law_ids",
    "sigmoid",
    "standard_normal",
    "validate_new_law_id",
]
__getattr__, __dir__ = attach(__name__, _NAMES)
