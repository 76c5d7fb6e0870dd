"""Task scores.

Bounded score curves in (N, D) calibrated on public models, fitted and validated on models no
fit saw, and a plan's scores with their intervals.

Public names, by the module that defines them:

- ``_calibration``: ``load_score_calibration``
- ``_ceiling``: ``CallCeiling``, ``monotone_call_ceiling``
- ``_curve_fit``: ``bounded_fit``, ``logit_residuals``
- ``_curves``: ``Z90``, ``check_recipe``, ``curve_latent``, ``curve_score``, ``distance``,
  ``emergence_status``, ``family_id``, ``family_offset``, ``latent``, ``loss_curve_score``,
  ``probability_past``, ``run_recipe``, ``saturating_latent``
- ``_fit``: ``BOOTSTRAP``, ``CODE_FAMILIES``, ``OBSSCALING_TASKS``,
  ``OVERTRAINED_TOKENS_PER_PARAM``, ``ScoreData``, ``fit_curve``, ``read_obsscaling``
- ``_forms``: ``FIT_FORMS``, ``HELD_OUT_CLIP``, ``SHIPPED_FORM``, ``form_latent``,
  ``form_parameters``, ``form_values``, ``held_out_spread``
- ``_predict``: ``compute_for_score``, ``emerged_tasks``, ``task_scores``
- ``_records``: ``EMERGED_MARGIN``, ``FORMS``, ``HeldOutReport``, ``INTERVAL``, ``LikeReport``,
  ``LofoReport``, ``RECIPES``, ``ScoreCalibration``, ``ScoreCurve``, ``StatusCheck``,
  ``TaskScore``
- ``_validation``: ``NEWER_COLUMNS``, ``OUT_OF_TIME_CUTOFF``, ``calibrate``,
  ``leave_one_family_out``, ``like_validation``, ``out_of_time``, ``read_newer_models``,
  ``read_release_dates``, ``score_newer``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._lazy import attach

if TYPE_CHECKING:
    from planner.scores._calibration import (
        load_score_calibration,
    )
    from planner.scores._ceiling import (
        CallCeiling,
        monotone_call_ceiling,
    )
    from planner.scores._curve_fit import (
        bounded_fit,
        logit_residuals,
    )
    from planner.scores._curves import (
        Z90,
        check_recipe,
        curve_latent,
        curve_score,
        distance,
        emergence_status,
        family_id,
        family_offset,
        latent,
        loss_curve_score,
        probability_past,
        run_recipe,
        saturating_latent,
    )
    from planner.scores._fit import (
        BOOTSTRAP,
        CODE_FAMILIES,
        OBSSCALING_TASKS,
        OVERTRAINED_TOKENS_PER_PARAM,
        ScoreData,
        fit_curve,
        read_obsscaling,
    )
    from planner.scores._forms import (
        FIT_FORMS,
        HELD_OUT_CLIP,
        SHIPPED_FORM,
        form_latent,
        form_parameters,
        form_values,
        held_out_spread,
    )
    from planner.scores._predict import (
        compute_for_score,
        emerged_tasks,
        task_scores,
    )
    from planner.scores._records import (
        EMERGED_MARGIN,
        FORMS,
        INTERVAL,
        RECIPES,
        HeldOutReport,
        LikeReport,
        LofoReport,
        ScoreCalibration,
        ScoreCurve,
        StatusCheck,
        TaskScore,
    )
    from planner.scores._validation import (
        NEWER_COLUMNS,
        OUT_OF_TIME_CUTOFF,
        calibrate,
        leave_one_family_out,
        like_validation,
        out_of_time,
        read_newer_models,
        read_release_dates,
        score_newer,
    )

_NAMES = {
    "BOOTSTRAP": "_fit",
    "CODE_FAMILIES": "_fit",
    "CallCeiling": "_ceiling",
    "EMERGED_MARGIN": "_records",
    "FIT_FORMS": "_forms",
    "FORMS": "_records",
    "HELD_OUT_CLIP": "_forms",
    "HeldOutReport": "_records",
    "INTERVAL": "_records",
    "LikeReport": "_records",
    "LofoReport": "_records",
    "NEWER_COLUMNS": "_validation",
    "OBSSCALING_TASKS": "_fit",
    "OUT_OF_TIME_CUTOFF": "_validation",
    "OVERTRAINED_TOKENS_PER_PARAM": "_fit",
    "RECIPES": "_records",
    "SHIPPED_FORM": "_forms",
    "ScoreCalibration": "_records",
    "ScoreCurve": "_records",
    "ScoreData": "_fit",
    "StatusCheck": "_records",
    "TaskScore": "_records",
    "Z90": "_curves",
    "bounded_fit": "_curve_fit",
    "calibrate": "_validation",
    "check_recipe": "_curves",
    "compute_for_score": "_predict",
    "curve_latent": "_curves",
    "curve_score": "_curves",
    "distance": "_curves",
    "emerged_tasks": "_predict",
    "emergence_status": "_curves",
    "family_id": "_curves",
    "family_offset": "_curves",
    "fit_curve": "_fit",
    "form_latent": "_forms",
    "form_parameters": "_forms",
    "form_values": "_forms",
    "held_out_spread": "_forms",
    "latent": "_curves",
    "leave_one_family_out": "_validation",
    "like_validation": "_validation",
    "load_score_calibration": "_calibration",
    "logit_residuals": "_curve_fit",
    "loss_curve_score": "_curves",
    "monotone_call_ceiling": "_ceiling",
    "out_of_time": "_validation",
    "probability_past": "_curves",
    "read_newer_models": "_validation",
    "read_obsscaling": "_fit",
    "read_release_dates": "_validation",
    "run_recipe": "_curves",
    "saturating_latent": "_curves",
    "score_newer": "_validation",
    "task_scores": "_predict",
}

__all__ = [
    "BOOTSTRAP",
    "CODE_FAMILIES",
    "EMERGED_MARGIN",
    "FIT_FORMS",
    "FORMS",
    "HELD_OUT_CLIP",
    "INTERVAL",
    "NEWER_COLUMNS",
    "OBSSCALING_TASKS",
    "OUT_OF_TIME_CUTOFF",
    "OVERTRAINED_TOKENS_PER_PARAM",
    "RECIPES",
    "SHIPPED_FORM",
    "Z90",
    "CallCeiling",
    "HeldOutReport",
    "LikeReport",
    "LofoReport",
    "ScoreCalibration",
    "ScoreCurve",
    "ScoreData",
    "StatusCheck",
    "TaskScore",
    "bounded_fit",
    "calibrate",
    "check_recipe",
    "compute_for_score",
    "curve_latent",
    "curve_score",
    "distance",
    "emerged_tasks",
    "emergence_status",
    "family_id",
    "family_offset",
    "fit_curve",
    "form_latent",
    "form_parameters",
    "form_values",
    "held_out_spread",
    "latent",
    "leave_one_family_out",
    "like_validation",
    "load_score_calibration",
    "logit_residuals",
    "loss_curve_score",
    "monotone_call_ceiling",
    "out_of_time",
    "probability_past",
    "read_newer_models",
    "read_obsscaling",
    "read_release_dates",
    "run_recipe",
    "saturating_latent",
    "score_newer",
    "task_scores",
]
__getattr__, __dir__ = attach(__name__, _NAMES)
