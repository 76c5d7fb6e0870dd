"""Capabilities.

Task families against a plan (emerged, near, not yet, needs), loss thresholds on a law's scale,
U-shaped and inverse tasks, and the metric view of Schaeffer et al.

Public names, by the module that defines them:

- ``_emergence``: ``COEFFICIENT_SAMPLES``, ``COMPUTE_NEAR_FACTOR``, ``capabilities``,
  ``compute_to_emerge``, ``list_tasks``, ``loss_threshold_ids``
- ``_files``: ``list_task_files``
- ``_metric_view``: ``emergence_score``, ``exact_match``, ``mirage``, ``token_edit_distance``
- ``_mirage_records``: ``MirageReport``, ``MirageRow``
- ``_needs``: ``mark_shared_thresholds``, ``needs_fields``
- ``_records``: ``ReferenceModel``, ``Task``, ``TaskAssessment``, ``TaskFile``, ``TaskStatus``,
  ``Threshold``
- ``_score_view``: ``emerged_probability``, ``score_view``, ``task_scores`` (the curves'
  scores with what each needed)
- ``_thresholds``: ``LossFn``, ``Placement``, ``past_probability``, ``place_threshold``,
  ``threshold_status``
- ``_ushaped``: ``SHAPE_KINDS``, ``MeasuredScore``, ``ScoreChange``, ``ShapeAssessment``,
  ``ShapePoint``, ``ShapePosition``, ``TaskShape``, ``assess_shape``, ``score_changes``,
  ``shape_fields``, ``shape_line``, ``shape_where``, ``validate_shape``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._lazy import attach

if TYPE_CHECKING:
    from planner.tasks._emergence import (
        COEFFICIENT_SAMPLES,
        COMPUTE_NEAR_FACTOR,
        capabilities,
        compute_to_emerge,
        list_tasks,
        loss_threshold_ids,
    )
    from planner.tasks._files import (
        list_task_files,
    )
    from planner.tasks._metric_view import (
        emergence_score,
        exact_match,
        mirage,
        token_edit_distance,
    )
    from planner.tasks._mirage_records import (
        MirageReport,
        MirageRow,
    )
    from planner.tasks._needs import (
        mark_shared_thresholds,
        needs_fields,
    )
    from planner.tasks._records import (
        ReferenceModel,
        Task,
        TaskAssessment,
        TaskFile,
        TaskStatus,
        Threshold,
    )
    from planner.tasks._score_view import (
        emerged_probability,
        score_view,
        task_scores,
    )
    from planner.tasks._thresholds import (
        LossFn,
        Placement,
        past_probability,
        place_threshold,
        threshold_status,
    )
    from planner.tasks._ushaped import (
        SHAPE_KINDS,
        MeasuredScore,
        ScoreChange,
        ShapeAssessment,
        ShapePoint,
        ShapePosition,
        TaskShape,
        assess_shape,
        score_changes,
        shape_fields,
        shape_line,
        shape_where,
        validate_shape,
    )

_NAMES = {
    "COEFFICIENT_SAMPLES": "_emergence",
    "COMPUTE_NEAR_FACTOR": "_emergence",
    "LossFn": "_thresholds",
    "MeasuredScore": "_ushaped",
    "MirageReport": "_mirage_records",
    "MirageRow": "_mirage_records",
    "Placement": "_thresholds",
    "ReferenceModel": "_records",
    "SHAPE_KINDS": "_ushaped",
    "ScoreChange": "_ushaped",
    "ShapeAssessment": "_ushaped",
    "ShapePoint": "_ushaped",
    "ShapePosition": "_ushaped",
    "Task": "_records",
    "TaskAssessment": "_records",
    "TaskFile": "_records",
    "TaskShape": "_ushaped",
    "TaskStatus": "_records",
    "Threshold": "_records",
    "assess_shape": "_ushaped",
    "capabilities": "_emergence",
    "compute_to_emerge": "_emergence",
    "emerged_probability": "_score_view",
    "emergence_score": "_metric_view",
    "exact_match": "_metric_view",
    "list_task_files": "_files",
    "list_tasks": "_emergence",
    "loss_threshold_ids": "_emergence",
    "mark_shared_thresholds": "_needs",
    "mirage": "_metric_view",
    "needs_fields": "_needs",
    "past_probability": "_thresholds",
    "place_threshold": "_thresholds",
    "score_changes": "_ushaped",
    "score_view": "_score_view",
    "task_scores": "_score_view",
    "shape_fields": "_ushaped",
    "shape_line": "_ushaped",
    "shape_where": "_ushaped",
    "threshold_status": "_thresholds",
    "token_edit_distance": "_metric_view",
    "validate_shape": "_ushaped",
}

__all__ = [
    "COEFFICIENT_SAMPLES",
    "COMPUTE_NEAR_FACTOR",
    "SHAPE_KINDS",
    "LossFn",
    "MeasuredScore",
    "MirageReport",
    "MirageRow",
    "Placement",
    "ReferenceModel",
    "ScoreChange",
    "ShapeAssessment",
    "ShapePoint",
    "ShapePosition",
    "Task",
    "TaskAssessment",
    "TaskFile",
    "TaskShape",
    "TaskStatus",
    "Threshold",
    "assess_shape",
    "capabilities",
    "compute_to_emerge",
    "emerged_probability",
    "emergence_score",
    "exact_match",
    "list_task_files",
    "list_tasks",
    "loss_threshold_ids",
    "mark_shared_thresholds",
    "mirage",
    "needs_fields",
    "past_probability",
    "place_threshold",
    "score_changes",
    "score_view",
    "shape_fields",
    "shape_line",
    "shape_where",
    "task_scores",
    "threshold_status",
    "token_edit_distance",
    "validate_shape",
]
__getattr__, __dir__ = attach(__name__, _NAMES)
