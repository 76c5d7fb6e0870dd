"""The task scores of a plan, and the least compute at which a score is reached.

The calibrated curves of :mod:`planner.scores._curves` at the plan's (N, D), or the law's own curves
(``planner fit --task-col``) at its loss.

A law fitted with ``--task-col`` carries its tasks' scores as functions of its loss, on the
user's own scale (the two-step method, :mod:`planner.fit._task_curves`): for those tasks a plan
with the
law uses them instead of the public calibration, and says so in each score's ``calibration``.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from planner.errors import InputError
from planner.io._check_types import check_instance, check_score_options
from planner.laws._numeric import FloatArray, first_crossing_log
from planner.laws._preset import LawPreset, LossScoreCurve
from planner.planning._records import Plan
from planner.scores._curves import (
    check_recipe,
    curve_score,
    emergence_status,
    family_id,
    family_offset,
    loss_curve_score,
    run_recipe,
)
from planner.scores._records import (
    EMERGED_MARGIN,
    ScoreCalibration,
    ScoreCurve,
    TaskScore,
)
from planner.units import format_count

__all__ = ["compute_for_score", "emerged_tasks", "task_scores"]


def _total_params(plan: Plan) -> tuple[float, str | None]:
    if plan.parameter_convention == "total":
        return plan.n_params, None
    if plan.shape is not None:
        return plan.shape.n_params_total, "N converted to total parameters by the plan's shape"
    return plan.n_params, "N is non-embedding (no shape to convert it): scores slightly low"


def _outside_calibration(curve: ScoreCurve, n: float, d: float) -> str | None:
    """Which of N and D lie outside the calibration models', as a note (None: inside)."""
    out = []
    for what, value, span in (
        ("N", n, curve.params_range),
        ("D", d, curve.tokens_range),
    ):
        if span is None:
            continue
        if value > span[1]:
            out.append(f"{what} = {format_count(value)} is past the most ({format_count(span[1])})")
        elif value < span[0]:
            out.append(
                f"{what} = {format_count(value)} is below the fewest ({format_count(span[0])})"
            )
    if not out:
        return None
    return "extrapolated: " + " and ".join(out) + " of the calibration models"


# Issue 19 item 2's goal for the 80% interval: 75-90% of held-out models inside it.
_COVERAGE_GOAL = 0.75


def _reliability(calibration: ScoreCalibration, task: str) -> str | None:
    """Where the calibration's own validation missed issue 19's goals for a task, as a note.

    Read from the shipped validation (leave-one-family-out, out of time, newer models; written
    by ``benchmarks/bench_scores.py``): a held-out set whose 80% interval held fewer than 75% of
    its models, and an out-of-time P(emerged) whose Brier score does not beat a constant at the
    fitted models' base rate. None when every goal was met.
    """

    def models(which: str) -> str:
        return which if which.startswith("newer") else f"models {which}"

    missed = [
        f"{r.coverage:.0%} of held-out families' models"
        for r in calibration.validation
        if r.task == task and r.coverage < _COVERAGE_GOAL
    ]
    missed += [
        f"{r.coverage:.0%} of {models(r.which)}"
        + (f" (bias {r.bias_points:+.0f} points)" if abs(r.bias_points) >= 5 else "")
        for r in calibration.held_out
        if r.task == task and r.coverage < _COVERAGE_GOAL
    ]
    parts = [f"its 80% interval held {', '.join(missed)} (goal 75-90%)"] if missed else []
    parts += [
        f"P(emerged) on {models(r.which)} no better than a constant (Brier {r.brier:.3f} "
        f"against {r.brier_fit_rate:.3f})"
        for r in calibration.held_out
        if r.task == task
        and r.brier is not None
        and r.brier_fit_rate is not None
        and r.brier >= r.brier_fit_rate
    ]
    return None if not parts else "less reliable: " + "; ".join(parts)


def task_scores(
    plan: Plan,
    calibration: ScoreCalibration | None = None,
    *,
    like: str | None = None,
    recipe: str | None = None,
) -> tuple[TaskScore, ...]:
    """The scores a plan's (N, D) should reach on each calibrated task, with 80% intervals.

    Parameters
    ----------
    plan : Plan
        From :func:`planner.plan` (or ``plan_model`` / ``plan_target_loss``).
    calibration : ScoreCalibration, optional
        Default: the shipped ``obsscaling2024``.
    like : str, optional
        A calibrated family whose recipe the run follows (``qwen1.5``); tasks on which the
        family was not evaluated keep the family-spread interval.
    recipe : str, optional
        The run's data recipe, one of :data:`RECIPES` (default ``general``, or the ``like``
        family's).

    Returns
    -------
    tuple of TaskScore
        One per task, in the calibration's order, then the law's own tasks the calibration
        does not have. The plan's law (``plan.law_preset``, a law file's too) scores the
        tasks it has its own curves for (``task_curve``) at the plan's loss.

    Examples
    --------
    >>> from planner import plan_model
    >>> s = {t.task: t for t in task_scores(plan_model("7B", "2T"))}
    >>> s["mmlu"].low <= s["mmlu"].score <= s["mmlu"].high
    True
    """
    check_instance(plan, Plan, "plan")
    check_score_options(like, recipe)
    if calibration is None:
        from planner.scores._calibration import load_score_calibration

        calibration = load_score_calibration()
    check_instance(calibration, ScoreCalibration, "calibration")
    if recipe is not None:
        check_recipe(recipe)
    return _task_scores(plan, calibration, like, recipe, plan.law_preset.task_curve)


def emerged_tasks(p: Plan) -> tuple[str, ...]:
    """The tasks a plan's score curves call emerged (the whole 80% interval past the line).

    Parameters
    ----------
    p : Plan
        A plan (its law's own task curves included).

    Returns
    -------
    tuple of str
        Task ids, in the scores' order.
    """
    return tuple(s.task for s in task_scores(p) if s.status == "emerged")


def _score(
    task: str, score: float, low: float, high: float, chance: float | None, method: str
) -> TaskScore:
    cut = None if chance is None else chance + EMERGED_MARGIN
    status = None
    if cut is not None:
        status = str(emergence_status(low, high, cut))
    return TaskScore(
        task=task,
        score=score,
        low=low,
        high=high,
        chance=chance,
        emerged=None if cut is None else bool(score >= cut),
        sure=None if cut is None else bool(low >= cut or high < cut),
        status=status,  # type: ignore[arg-type]
        calibration=method,
    )


def _own_score(curve: LossScoreCurve, loss: float, law_id: str) -> TaskScore:
    score, low, high = (float(x) for x in loss_curve_score(curve, loss))
    method = (
        f"{law_id}'s own runs: sigmoid in the law's loss, fitted on {curve.n_runs} runs "
        f"({curve.column}); 80% interval = run spread and {len(curve.draws_k)} bootstrap refits"
    )
    if curve.note:
        method += f"; {curve.note}"
    if loss < curve.loss_range[0]:
        method += (
            f"; extrapolated: the plan's loss {loss:.3f} is below the runs' lowest "
            f"{curve.loss_range[0]:.3f}"
        )
    return _score(curve.task, score, low, high, None if curve.floor_fitted else curve.floor, method)


@functools.lru_cache(maxsize=64)
def _task_scores(
    plan: Plan,
    calibration: ScoreCalibration,
    like: str | None,
    recipe: str | None,
    own: tuple[LossScoreCurve, ...],
) -> tuple[TaskScore, ...]:
    # cached: the capabilities and the JSON of one plan ask for the same scores
    mine = {c.task: c for c in own} if plan.loss is not None else {}
    n, note = _total_params(plan)
    if like is not None and not any(family_id(like) in c.family_ids for c in calibration.curve):
        family_offset(calibration.curve[0], like)  # raises, listing the families
    out = []
    for curve in calibration.curve:
        if curve.task in mine:
            assert plan.loss is not None
            out.append(_own_score(mine.pop(curve.task), plan.loss, plan.law))
            continue
        has = like is not None and family_id(like) in curve.family_ids
        used = run_recipe(curve, like if has else None, recipe)
        score, low, high = (
            float(x)
            for x in curve_score(curve, n, plan.n_tokens, like=like if has else None, recipe=used)
        )
        shape = "saturating in N, D" if curve.form == "saturating" else "sigmoid in ln N, ln D"
        if has:
            method = (
                f"{calibration.id}: {shape}, recipe like {family_id(like or '')} "
                f"({used}); 80% interval = spread within a family"
            )
        else:
            method = (
                f"{calibration.id}: {shape}, {used} recipe; 80% interval = held-out family spread"
            )
        chance = None if curve.floor_fitted else curve.floor
        method = method if note is None else f"{method}; {note}"
        outside = _outside_calibration(curve, n, plan.n_tokens)
        method = method if outside is None else f"{method}; {outside}"
        # the notes measure the held-out family interval: not the --like one
        weak = None if has else _reliability(calibration, curve.task)
        method = method if weak is None else f"{method}; {weak}"
        out.append(_score(curve.task, score, low, high, chance, method))
    for extra in mine.values():
        assert plan.loss is not None
        out.append(_own_score(extra, plan.loss, plan.law))
    return tuple(out)


def compute_for_score(
    task: str,
    score: float,
    *,
    law: str | Path | LawPreset,
    calibration: ScoreCalibration | None = None,
    like: str | None = None,
    recipe: str | None = None,
) -> float:
    """The least compute whose compute-optimal plan's 80% lower bound reaches ``score``.

    By the law's own curve for the task if it has one (its loss along the frontier), else by
    the calibrated curve.

    Along the law's frontier (N(C), D(C)) the curve's score rises with C (it never falls as N or
    D grows, and both grow with C); its lower bound mostly does too, though the interval widens
    away from the calibration models, so a vectorised grid search in log C between the
    planner's compute bounds (:func:`planner.laws._numeric.first_crossing_log`) finds the first
    crossing.

    Parameters
    ----------
    task : str
        A calibrated task id (``mmlu``).
    score : float
        The score to reach, in (0, 1).
    law : str, Path or LawPreset
        The law whose allocation is followed.
    calibration : ScoreCalibration, optional
        Default: the shipped ``obsscaling2024``.
    like : str, optional
        A calibrated family whose data recipe the run follows.
    recipe : str, optional
        One of :data:`RECIPES` (default ``general``, or the ``like`` family's).

    Returns
    -------
    float
        FLOPs.

    Raises
    ------
    InputError
        An unknown task or a score outside (0, 1).
    InfeasibleError
        The lower bound never reaches ``score`` within the planner's compute range.

    Examples
    --------
    >>> c = compute_for_score("mmlu", 0.5, law="besiroglu2024")
    >>> 1e23 < c < 1e26
    True
    """
    from planner.errors import InfeasibleError
    from planner.laws._solve import resolve_law
    from planner.limits import COMPUTE_RANGE_FLOPS
    from planner.scores._calibration import load_score_calibration

    check_score_options(like, recipe)
    calibration = calibration if calibration is not None else load_score_calibration()
    if not isinstance(score, int | float) or isinstance(score, bool) or not 0 < score < 1:
        raise InputError(f"score: must be a number in (0, 1), got {score!r}")
    preset = resolve_law(law)
    lo, hi = COMPUTE_RANGE_FLOPS
    own = {c.task: c for c in preset.task_curve}
    if task in own:  # the law's own curve, at the law's compute-optimal loss
        mine = own[task]
        root = first_crossing_log(
            lambda c: loss_curve_score(mine, preset.law.frontier_loss(c))[1], score, lo, hi
        )
        if root is None:
            raise InfeasibleError(
                f"{task}: the 80% lower bound of {preset.id}'s own curve never reaches "
                f"{score:.0%} below {hi:.0e} FLOPs (its ceiling is {mine.ceiling:.1%})"
            )
        return root
    curves = {c.task: c for c in calibration.curve}
    if task not in curves:
        known = ", ".join([*curves, *own])
        raise InputError(f"task: {task!r} has no score curve (known: {known})")
    curve = curves[task]
    if like is not None and family_id(like) not in curve.family_ids:
        if not any(family_id(like) in c.family_ids for c in calibration.curve):
            family_offset(curve, like)  # raises, listing the families
        like = None  # a family not evaluated on this task: the family-spread curve, as in scores

    convention = preset.parameter_convention

    def low_at(c: FloatArray) -> FloatArray:
        n, d = (np.asarray(x, dtype=np.float64) for x in preset.law.optimum(c))
        if convention != "total":  # as a plan does: N to total parameters by the plan's shape
            from planner.planning._shapes import (
                MAX_SHAPE_PARAMS,
                MIN_SHAPE_PARAMS,
                shape_for_params,
            )

            # outside the shapes' range the embeddings' share is negligible (or N unplannable)
            n = np.asarray(
                [
                    shape_for_params(float(x), parameter_convention=convention).n_params_total
                    if MIN_SHAPE_PARAMS <= x <= MAX_SHAPE_PARAMS
                    else float(x)
                    for x in n.ravel()
                ]
            ).reshape(n.shape)
        return curve_score(curve, n, d, like=like, recipe=recipe)[1]

    root = first_crossing_log(low_at, score, lo, hi)  # 3 vectorised grids: 3.8e-6 in ln C
    if root is None:
        best = float(low_at(np.asarray(hi)))
        raise InfeasibleError(
            f"{task}: the 80% lower bound never reaches {score:.0%} below {hi:.0e} FLOPs under "
            f"{preset.id} (it reaches {best:.1%}; the curve's ceiling is {curve.ceiling:.1%})"
        )
    return root
