r"""From a plan's predicted loss to capabilities: task families against emergence thresholds.

Two views, never mixed silently:

* **Loss view** (Du et al. 2024). Emergent abilities leave random-guess level once the
  pre-training loss falls below a threshold (~2.2 on Du et al.'s corpus and tokenizer). A loss
  threshold is only meaningful on the scale it was measured on, so it is placed on the selected
  law's scale by an explicit method, named in every output:

  - ``same scale``: the law's loss scale is the threshold's (e.g. a law fitted on the same
    corpus and tokenizer); the threshold and its band are used as they are;
  - ``reference models``: the threshold is represented by published models known to sit on
    either side of it (their N and D). Each is evaluated under the law; the threshold lies
    between the worst model that has the ability and the best one that does not. Assumption:
    an ability depends on (N, D) only through the pre-training loss (Du et al.'s finding), so a
    model's side of the threshold does not depend on the corpus its loss is measured on;
  - ``user``: a threshold the user measured on the law's own scale, or an offset from the
    threshold's scale that the user vouches for.

  Where none applies, no loss threshold is invented: the task falls back to the compute view.

* **Compute view** (Wei et al. 2022 Table 1): the training FLOPs of the smallest model in which
  each ability was observed. Those are FLOPs of particular (not compute-optimal) models.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
import numpy as np

from planner.errors import InfeasibleError, InputError, PlannerWarning, PresetError
from planner.io._checks import (
    check_files,
    check_id,
    check_real,
    check_thresholds,
    check_whole,
    shown,
)
from planner.laws._numeric import FloatArray
from planner.laws._preset import LawPreset
from planner.laws._solve import compute_for_loss, resolve_law
from planner.planning._records import Plan
from planner.tasks._files import list_task_files
from planner.tasks._needs import mark_shared_thresholds, needs_fields
from planner.tasks._records import (
    Task,
    TaskAssessment,
    TaskFile,
    Threshold,
)
from planner.tasks._thresholds import (
    LossFn,
    Placement,
    past_probability,
    place_threshold,
    threshold_status,
)
from planner.tasks._ushaped import shape_fields

if TYPE_CHECKING:
    from planner.scores._curves import TaskScore

__all__ = [
    "COEFFICIENT_SAMPLES",
    "COMPUTE_NEAR_FACTOR",
    "capabilities",
    "compute_to_emerge",
    "list_tasks",
    "loss_threshold_ids",
]

COEFFICIENT_SAMPLES = 2000
"""Draws of the law's coefficients from their published standard errors."""
COMPUTE_NEAR_FACTOR = 10**0.5
"""In the compute view, 'near' means within half a decade below the emergence FLOPs: the
typical spacing of the model ladders (GPT-3, Gopher, LaMDA, PaLM) behind Wei et al. Table 1."""


class _Entry(msgspec.Struct, frozen=True):
    task: Task
    file: TaskFile

    @property
    def threshold(self) -> Threshold | None:
        if self.task.threshold is not None:
            return self.task.threshold
        return self.file.threshold if self.task.kind == "emergent" else None


def _entries(task_files: tuple[str | Path, ...], presets_dir: str | Path | None) -> list[_Entry]:
    task_files = check_files(task_files, "task_files")
    return [
        _Entry(t, f) for f in list_task_files(task_files, presets_dir=presets_dir) for t in f.task
    ]


def list_tasks(
    task_files: tuple[str | Path, ...] = (), *, presets_dir: str | Path | None = None
) -> tuple[Task, ...]:
    """Every task family in the registry, then those of ``task_files``.

    Parameters
    ----------
    task_files : tuple of str or Path
        Extra task files.
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    tuple of Task

    Raises
    ------
    PresetError
        A malformed file, or two files defining the same task id.

    Examples
    --------
    >>> ids = [t.id for t in list_tasks()]
    >>> "mmlu" in ids and "wei2022-wic" in ids
    True
    """
    return tuple(e.task for e in _entries(task_files, presets_dir))


def loss_threshold_ids(
    task_files: tuple[str | Path, ...] = (), *, presets_dir: str | Path | None = None
) -> frozenset[str]:
    """Ids of the tasks that have a loss threshold, their own or their file's.

    Parameters
    ----------
    task_files : tuple of str or Path
        Extra task files.
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> ids = loss_threshold_ids()
    >>> "mmlu" in ids, "wei2022-big-bench-many" in ids
    (True, False)
    """
    return frozenset(e.task.id for e in _entries(task_files, presets_dir) if e.threshold)


# --------------------------------------------------------------------------- coefficients


def _loss_fn(preset: LawPreset, samples: int, seed: int) -> tuple[LossFn | None, LossFn | None]:
    """(point loss function, sampled loss function or None) for the law's loss model."""
    spec = preset.law
    if not spec.has_loss:
        return None, None
    return spec.predict, spec.coefficient_draws(samples, seed)


def _floor(preset: LawPreset) -> float:
    return preset.law.floor


# --------------------------------------------------------------------------- the assessment


def _compute_view(
    entry: _Entry, by_id: Mapping[str, Task], compute: float, reason: str
) -> dict[str, object]:
    task = entry.task
    stand_in = by_id.get(task.compute_view_task) if task.compute_view_task else None
    source = task if task.emergence_flops is not None else stand_in
    if source is None or source.emergence_flops is None:
        return {"view": "none", "status": "unknown", "note": reason}
    flops = source.emergence_flops
    status = _wei_status(compute, flops)
    seen = f"first seen in {source.model_family}"
    if source.emergence_params:
        seen += f" {source.emergence_params / 1e9:g}B"
    note = (
        f"compute view: {seen} at {flops:.2g} training FLOPs (Wei et al. Table 1; FLOPs of that "
        "model, not of a compute-optimal run)"
    )
    if source is not task:
        note += f", via {source.id}; loss view unavailable: {reason}"
    return {
        "view": "compute",
        "status": status,
        "compute_flops_to_emerge": flops,
        "emergence_flops": flops,
        "emergence_params": source.emergence_params,
        "model_family": source.model_family,
        "note": note,
    }


def capabilities(
    plan: Plan,
    *,
    task_files: tuple[str | Path, ...] = (),
    thresholds: Mapping[str, float] | None = None,
    threshold_offset: float | None = None,
    samples: int = COEFFICIENT_SAMPLES,
    seed: int = 0,
    presets_dir: str | Path | None = None,
    like: str | None = None,
    recipe: str | None = None,
) -> tuple[TaskAssessment, ...]:
    """Every task family against a plan: emerged or not, by what margin, and at what compute.

    Parameters
    ----------
    plan : Plan
        The result of :func:`planner.plan` (or ``plan_model`` / ``plan_target_loss``); its law
        (``plan.law_preset``, a law file's too) gives the loss scale, the thresholds' view and
        its own task curves.
    task_files : tuple of paths
        Extra task files on top of the registry.
    thresholds : mapping of task id to loss, optional
        Thresholds the user measured on the law's own loss scale (method ``user``).
    threshold_offset : float, optional
        Offset from each threshold's scale to the law's scale, vouched for by the user.
    samples, seed : int
        Coefficient draws from the law's standard errors (where published), reproducible.
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).
    like : str, optional
        A calibrated family whose data recipe the estimated scores assume
        (:func:`planner.scores._curves.task_scores`).
    recipe : str, optional
        The run's data recipe (:data:`planner.scores._curves.RECIPES`; default ``general``).

    Returns
    -------
    tuple of TaskAssessment
        In registry order. ``probability`` rises with the budget; statuses flip
        not_yet -> near -> emerged, once each, as the budget grows.

    Examples
    --------
    >>> from planner import plan
    >>> rows = {r.task: r for r in capabilities(plan(5.76e23))}
    >>> rows["mmlu"].status, rows["mmlu"].view
    ('emerged', 'score')
    >>> rows["mmlu"].loss_status, rows["mmlu"].compute_status  # the cross-checks
    ('emerged', 'emerged')
    """
    if not isinstance(plan, Plan):
        raise InputError(f"plan: expected a Plan (from planner.plan), got {shown(plan)}")
    preset = plan.law_preset
    overrides = check_thresholds(thresholds)
    if threshold_offset is not None:
        threshold_offset = check_real(threshold_offset, "threshold_offset", low=-100, high=100)
    samples = check_whole(samples, "samples", low=0, high=100_000)
    seed = check_whole(seed, "seed", low=0, high=2**63 - 1)
    entries = _entries(task_files, presets_dir)
    by_id = {e.task.id: e.task for e in entries}
    unknown = sorted(set(overrides) - set(by_id))
    if unknown:
        raise PresetError(f"unknown task {shown(unknown[0])} in thresholds (see `planner tasks`)")
    point, sampled = _loss_fn(preset, samples, seed)
    if plan.repetition is not None:
        n_eff, d_eff = plan.repetition.effective_params, plan.repetition.effective_tokens
    else:
        n_eff, d_eff = plan.n_params, plan.n_tokens
    loss_s = sampled(n_eff, d_eff) if sampled is not None and plan.loss is not None else None
    floor = _floor(preset) if point is not None else 0.0
    law_scale = preset.loss_scale.id if preset.loss_scale else None
    from planner.scores._predict import task_scores

    # tasks with a calibrated score curve take their status from it (planner.tasks._score_view): the
    # same numbers as the plan's score table; the loss and compute views stay as cross-checks
    curve_scores = {s.task: s for s in task_scores(plan, like=like, recipe=recipe)}

    out = []
    for entry in entries:
        task = entry.task
        base: dict[str, object] = {
            "task": task.id,
            "name": task.name,
            "family": task.family,
            "kind": task.kind,
            "random_baseline": task.random_baseline,
            "source": entry.file.source,
            "table": entry.file.table,
        }
        stand_in = by_id.get(task.compute_view_task) if task.compute_view_task else None
        wei = task if task.emergence_flops is not None else stand_in
        fields: dict[str, object]
        if task.shape is not None:  # u_shaped or inverse: its measured fall (tasks._ushaped)
            fields = shape_fields(task.kind, task.shape, plan.compute_flops)
        elif task.kind == "smooth" and task.id not in overrides:
            fields = {
                "view": "none",
                "status": "smooth",
                "note": "improves smoothly as loss falls, with no threshold (Du et al. 2024)",
            }
        elif point is None or plan.loss is None:
            fields = _compute_view(
                entry, by_id, plan.compute_flops, f"law {preset.id} has no loss model"
            )
        else:
            placed = place_threshold(
                entry.threshold,
                entry.file.loss_scale,
                preset,
                point,
                sampled,
                overrides.get(task.id),
                threshold_offset,
            )
            if isinstance(placed, str):
                fields = _compute_view(entry, by_id, plan.compute_flops, placed)
            else:
                fields = _loss_view(placed, plan.loss, loss_s, floor, preset, samples)
                fields["loss_scale"] = law_scale
                if stand_in is not None:
                    fields.update(
                        emergence_flops=stand_in.emergence_flops,
                        emergence_params=stand_in.emergence_params,
                        model_family=stand_in.model_family,
                    )
        score = curve_scores.get(task.id)
        if score is not None and score.chance is not None and task.id not in overrides:
            fields = _beside_score_view(fields, score, preset, like, recipe)
        elif score is not None:
            fields["estimated_score"] = score.score
            fields["score_low"], fields["score_high"] = score.low, score.high
        if wei is not None and wei.emergence_flops is not None:
            fields["compute_status"] = _wei_status(plan.compute_flops, wei.emergence_flops)
        if task.requires:
            fields = needs_fields(fields, task)
        out.append(TaskAssessment(**base, **fields))  # type: ignore[arg-type]
    shared = [
        (e.task, e.file) if e.task.threshold is None and e.threshold else None for e in entries
    ]
    return mark_shared_thresholds(shared, out)


def _wei_status(compute: float, flops: float) -> str:
    if compute >= flops:
        return "emerged"
    return "near" if compute >= flops / COMPUTE_NEAR_FACTOR else "not_yet"


def _loss_view(
    placed: Placement,
    loss: float,
    loss_s: FloatArray | None,
    floor: float,
    preset: LawPreset,
    samples: int,
) -> dict[str, object]:
    """The loss-view fields: the plan's loss against the threshold placed on its scale."""
    if loss_s is not None:
        lo_s = placed.lo_s if placed.lo_s is not None else placed.lo
        hi_s = placed.hi_s if placed.hi_s is not None else placed.hi
        probability = past_probability(loss_s, lo_s, hi_s)
        p_note = (
            f"threshold uniform on its band; {samples} draws of {preset.id}'s coefficients "
            "from their published standard errors (independent; correlations unpublished)"
        )
    else:
        probability = past_probability(np.asarray([loss]), placed.lo, placed.hi)
        p_note = "threshold uniform on its band; the law publishes no coefficient uncertainty"
    mid = placed.mid
    note = None
    to_emerge: float | None = None
    if mid > floor:
        to_emerge = float(compute_for_loss(mid, preset))
    else:
        note = f"threshold {mid:.4f} is at or below the law's irreducible loss {floor:g}: never"
    return {
        "view": "loss",
        "status": threshold_status(loss, placed.lo, placed.hi),
        "threshold_loss": mid,
        "threshold_band": (placed.lo, placed.hi),
        "translation": placed.method,
        "margin": mid - loss,
        "compute_flops_to_emerge": to_emerge,
        "probability": probability,
        "probability_note": p_note,
        "note": note,
    }


def _beside_score_view(
    fields: dict[str, object],
    score: TaskScore,
    preset: LawPreset,
    like: str | None,
    recipe: str | None,
) -> dict[str, object]:
    """The score view's fields, with the loss view's (if any) kept as its cross-check."""
    out = dict(fields)
    view = fields.get("view")
    if view in ("loss", "none"):
        out["loss_status"] = fields["status"]
    if view == "loss":
        out["loss_probability"] = fields["probability"]
        out["loss_compute_flops_to_emerge"] = fields["compute_flops_to_emerge"]
    for key in ("probability_note", "compute_flops_to_emerge", "probability"):
        out.pop(key, None)
    if fields.get("note"):
        out["note"] = f"{view} view: {fields['note']}"
    from planner.tasks._score_view import score_view

    out.update(score_view(score, preset, like=like, recipe=recipe))
    return out


def compute_to_emerge(
    task: str,
    *,
    law: str | Path | LawPreset,
    task_files: tuple[str | Path, ...] = (),
    thresholds: Mapping[str, float] | None = None,
    threshold_offset: float | None = None,
    presets_dir: str | Path | None = None,
    like: str | None = None,
    recipe: str | None = None,
) -> float:
    """The least compute at which ``task`` emerges under ``law``.

    In the task's view (:func:`capabilities`): the compute at which its score's 80% lower bound
    reaches chance + 5 points (score view), whose optimal plan reaches the threshold (loss
    view), or the task's emergence FLOPs (compute view).

    Parameters
    ----------
    task : str
        A task id (``mmlu``; see :func:`list_tasks`).
    law : str, Path or LawPreset
        The law planned with.
    task_files : tuple of str or Path
        Extra task files.
    thresholds : mapping of str to float, optional
        Measured thresholds (task id to loss on the law's scale) overriding the file's.
    threshold_offset : float, optional
        Offset from each threshold's loss scale to the law's.
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).
    like, recipe : str, optional
        The run's data recipe, for the score view (:func:`planner.scores._curves.task_scores`).

    Returns
    -------
    float
        FLOPs.

    Raises
    ------
    PresetError
        Unknown task id.
    InfeasibleError
        A smooth task, a threshold at or below the law's irreducible loss, or no view at all.
    """
    from planner.planning._planning import plan as make_plan

    task = check_id(task, "task")
    preset = resolve_law(law, presets_dir=presets_dir)
    ids = [t.id for t in list_tasks(task_files, presets_dir=presets_dir)]
    if task not in ids:
        raise PresetError(f"unknown task {shown(task)} (see `planner tasks`)")
    with warnings.catch_warnings():  # the probe's budget is arbitrary: no extrapolation warning
        warnings.simplefilter("ignore", PlannerWarning)
        probe = make_plan(1e21, law=preset, presets_dir=presets_dir)
    row = next(
        r
        for r in capabilities(
            probe,
            task_files=task_files,
            thresholds=thresholds,
            threshold_offset=threshold_offset,
            samples=0,
            presets_dir=presets_dir,
            like=like,
            recipe=recipe,
        )
        if r.task == task
    )
    if row.view == "shape":  # u_shaped or inverse
        raise InfeasibleError(f"task {task!r} is {row.kind}: its score falls with scale")
    if row.kind == "smooth" and row.view == "none":
        raise InfeasibleError(f"task {task!r} improves smoothly with loss: no emergence point")
    if row.compute_flops_to_emerge is None:
        raise InfeasibleError(
            f"task {task!r} does not emerge under law {preset.id!r}: {row.note or 'no threshold'}"
        )
    return row.compute_flops_to_emerge
