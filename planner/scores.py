r"""Task scores from (N, D): bounded sigmoid curves calibrated on public base models.

For each task, the score a model of N parameters trained on D tokens should reach is

.. math::
    s(N, D) = f + (c - f)\,\sigma\big(a \ln(N/10^9) + b \ln(D/10^{12}) - x_0 + r\big),

with :math:`f` the task's chance score (random guessing; fitted where the task has none),
:math:`c \le 1` its ceiling and :math:`a, b \ge 0`, so a score never leaves :math:`[f, c]` and
never falls as N or D grows. The form is the sigmoid in log-compute measures with which Ruan et
al. 2024 (observational scaling laws, arXiv:2405.10938) and Owen 2024 (arXiv:2401.04757) predict
benchmark scores; here its inputs are the two quantities a plan has, with their weights fitted
(on MMLU, tokens weigh about twice as much as parameters: recipes that train longer score more
per FLOP). :math:`r` is the data recipe's offset (0 for ``general``; ``code``, fitted on the
five code-model families, lowers MMLU and raises HumanEval), see :data:`RECIPES`.

Intervals (80%) combine two parts in quadrature: the spread between model families (data
recipes) at equal (N, D), from the 10th and 90th percentiles of the calibration models'
residuals on the logit scale :math:`z = \mathrm{logit}((s - f)/(c - f))` added to the
predicted :math:`z`; and the coefficients' own uncertainty, from the 10th and 90th percentiles
of the score under refits on model families resampled with replacement
(``planner.score_fit.BOOTSTRAP`` of them), which grows where the curve extrapolates.

Calibration: :func:`planner.score_fit.calibrate` on the ObsScaling table (Ruan et al. 2024,
Apache-2.0), written to ``presets/scores/obsscaling2024.json`` by ``benchmarks/bench_scores.py``
with its leave-one-family-out validation (:func:`planner.score_fit.leave_one_family_out`).
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from planner.errors import InputError
from planner.models import LawPreset, Plan
from planner.numeric import first_crossing_log, quantile_last_axis, sigmoid
from planner.score_models import (
    EMERGED_MARGIN,
    INTERVAL,
    RECIPES,
    LikeReport,
    LofoReport,
    ScoreCalibration,
    ScoreCurve,
    TaskScore,
)

__all__ = [
    "EMERGED_MARGIN",
    "INTERVAL",
    "RECIPES",
    "LikeReport",
    "LofoReport",
    "ScoreCalibration",
    "ScoreCurve",
    "TaskScore",
    "compute_for_score",
    "curve_score",
    "family_id",
    "family_offset",
    "latent",
    "run_recipe",
    "task_scores",
]

FloatArray = NDArray[np.float64]

_SCALE_N, _SCALE_D = 1e9, 1e12


def latent(a: float, b: float, x0: float, n: FloatArray, d: FloatArray) -> FloatArray:
    """The curve's latent variable ``a ln(N/1e9) + b ln(D/1e12) - x0``.

    Parameters
    ----------
    a, b, x0 : float
        The curve's weights and offset.
    n, d : ndarray
        Total parameters and training tokens (broadcast).

    Returns
    -------
    ndarray
    """
    return np.asarray(a * np.log(n / _SCALE_N) + b * np.log(d / _SCALE_D) - x0)


def family_offset(curve: ScoreCurve, family: str) -> float:
    """The logit-scale offset of a calibrated family's recipe on one task.

    Parameters
    ----------
    curve : ScoreCurve
        A task's curve.
    family : str
        A family id or name (``qwen1.5``, ``Qwen1.5``).

    Returns
    -------
    float

    Raises
    ------
    InputError
        A family the calibration does not have for this task (the message lists them).
    """
    wanted = family_id(family) if isinstance(family, str) else ""
    if wanted in curve.family_ids:
        return curve.family_offsets[curve.family_ids.index(wanted)]
    known = ", ".join(curve.family_ids)
    raise InputError(f"like: no calibrated family {family!r} for {curve.task} (known: {known})")


def _recipe_index(curve: ScoreCurve, recipe: str) -> int | None:
    """Index into ``curve.recipe_ids`` (None for ``general``); refuses an unknown recipe."""
    if recipe == RECIPES[0]:
        return None
    if recipe in curve.recipe_ids:
        return curve.recipe_ids.index(recipe)
    if recipe in RECIPES:
        raise InputError(f"recipe: {curve.task} has no calibrated {recipe!r} recipe")
    raise InputError(f"recipe: must be one of {', '.join(RECIPES)}, got {recipe!r}")


def run_recipe(curve: ScoreCurve, like: str | None, recipe: str | None) -> str:
    """The recipe a prediction uses: the one stated, else the ``like`` family's, else general.

    Parameters
    ----------
    curve : ScoreCurve
        A task's curve.
    like : str or None
        A calibrated family.
    recipe : str or None
        One of :data:`RECIPES`.

    Returns
    -------
    str

    Raises
    ------
    InputError
        An unknown recipe, or one that contradicts the family's.
    """
    if recipe is not None and recipe not in RECIPES:
        raise InputError(f"recipe: must be one of {', '.join(RECIPES)}, got {recipe!r}")
    if like is None:
        return recipe or RECIPES[0]
    family_offset(curve, like)  # an unknown family is refused, listing the known ones
    i = curve.family_ids.index(family_id(like))
    own = curve.family_recipes[i] if curve.family_recipes else RECIPES[0]
    if recipe is not None and recipe != own:
        raise InputError(f"recipe: {recipe!r} contradicts like={like!r}, a {own!r} recipe")
    return own


def curve_score(
    curve: ScoreCurve,
    n_params: float | FloatArray,
    n_tokens: float | FloatArray,
    *,
    like: str | None = None,
    recipe: str | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The score of N parameters on D tokens, and its 80% interval.

    Parameters
    ----------
    curve : ScoreCurve
        A task's curve.
    n_params, n_tokens : float or ndarray
        Total parameters N and training tokens D (broadcast).
    like : str, optional
        A calibrated family whose data recipe the run follows: its offset moves the curve and
        the interval is the spread within a family instead of between families.
    recipe : str, optional
        One of :data:`RECIPES` (default ``general``, or the ``like`` family's): its fitted
        offset moves the curve.

    Returns
    -------
    score, low, high : ndarray
        Each in [floor, ceiling]; ``low <= score <= high``.
    """
    n = np.asarray(n_params, dtype=np.float64)
    d = np.asarray(n_tokens, dtype=np.float64)
    r = _recipe_index(curve, run_recipe(curve, like, recipe))
    shift = 0.0 if r is None else curve.recipe_offsets[r]
    q_low, q_high = curve.q_low, curve.q_high
    family = 0.0
    if like is not None:
        family = family_offset(curve, like)
        q_low, q_high = curve.q_low_within, curve.q_high_within
    z = latent(curve.a, curve.b, curve.x0, n, d) + shift + family
    span = curve.ceiling - curve.floor
    score = curve.floor + span * sigmoid(z)
    low = curve.floor + span * sigmoid(z + q_low)
    high = curve.floor + span * sigmoid(z + q_high)
    low, high = np.minimum(low, score), np.maximum(high, score)
    if curve.draws_a:  # the coefficients' uncertainty, added in quadrature (independent parts)
        fl, ce = np.asarray(curve.draws_floor), np.asarray(curve.draws_ceiling)
        da, db = np.asarray(curve.draws_a), np.asarray(curve.draws_b)
        dx = np.asarray(curve.draws_x0)
        ds = family + (0.0 if r is None else np.asarray(curve.draws_recipe_offsets)[:, r])
        ln_n = np.log(n / _SCALE_N)[..., None]
        ln_d = np.log(d / _SCALE_D)[..., None]
        sampled = fl + (ce - fl) * sigmoid(da * ln_n + db * ln_d - dx + ds)
        c_low, c_high = (quantile_last_axis(sampled, q) for q in INTERVAL)
        top = max(curve.ceiling, float(ce.max()))
        low = np.maximum(curve.floor, score - np.hypot(score - low, np.maximum(score - c_low, 0.0)))
        high = np.minimum(top, score + np.hypot(high - score, np.maximum(c_high - score, 0.0)))
    return np.asarray(score), np.asarray(low), np.asarray(high)


def family_id(name: str) -> str:
    """A model family's id: its name in lower case, other characters than ``a-z0-9.`` as ``-``.

    Parameters
    ----------
    name : str
        As in the ObsScaling table (``Qwen1.5``, ``GPT-Neo/J``).

    Returns
    -------
    str
        ``qwen1.5``, ``gpt-neo-j``.

    Examples
    --------
    >>> family_id("GPT-Neo/J"), family_id("Llama-3.1")
    ('gpt-neo-j', 'llama-3.1')
    """
    keep = (ch if (ch.isascii() and ch.isalnum()) or ch == "." else "-" for ch in name.lower())
    out = "".join(keep)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-.")


def _total_params(plan: Plan) -> tuple[float, str | None]:
    if plan.parameter_convention == "total":
        return plan.n_params, None
    if plan.shape is not None:
        return plan.shape.n_params_total, "N converted to total parameters by the plan's shape"
    return plan.n_params, "N is non-embedding (no shape to convert it): scores slightly low"


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
        One per task, in the calibration's order.

    Examples
    --------
    >>> from planner import plan_model
    >>> s = {t.task: t for t in task_scores(plan_model("7B", "2T"))}
    >>> s["mmlu"].low <= s["mmlu"].score <= s["mmlu"].high
    True
    """
    if calibration is None:
        from planner.presets import load_score_calibration

        calibration = load_score_calibration()
    if recipe is not None and recipe not in RECIPES:
        raise InputError(f"recipe: must be one of {', '.join(RECIPES)}, got {recipe!r}")
    return _task_scores(plan, calibration, like, recipe)


@functools.lru_cache(maxsize=64)
def _task_scores(
    plan: Plan, calibration: ScoreCalibration, like: str | None, recipe: str | None
) -> tuple[TaskScore, ...]:
    # cached: the capabilities and the JSON of one plan ask for the same scores
    n, note = _total_params(plan)
    if like is not None and not any(family_id(like) in c.family_ids for c in calibration.curve):
        family_offset(calibration.curve[0], like)  # raises, listing the families
    out = []
    for curve in calibration.curve:
        has = like is not None and family_id(like) in curve.family_ids
        used = run_recipe(curve, like if has else None, recipe)
        score, low, high = (
            float(x)
            for x in curve_score(curve, n, plan.n_tokens, like=like if has else None, recipe=used)
        )
        chance = None if curve.floor_fitted else curve.floor
        if has:
            method = (
                f"{calibration.id}: sigmoid in ln N, ln D, recipe like {family_id(like or '')} "
                f"({used}); 80% interval = spread within a family"
            )
        else:
            method = (
                f"{calibration.id}: sigmoid in ln N, ln D, {used} recipe; "
                "80% interval = family spread"
            )
        cut = None if chance is None else chance + EMERGED_MARGIN
        out.append(
            TaskScore(
                task=curve.task,
                score=score,
                low=low,
                high=high,
                chance=chance,
                emerged=None if cut is None else bool(score >= cut),
                sure=None if cut is None else bool(low >= cut or high < cut),
                status=(
                    None
                    if cut is None
                    else "emerged"
                    if low >= cut
                    else "not_yet"
                    if high < cut
                    else "near"
                ),
                calibration=method if note is None else f"{method}; {note}",
            )
        )
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

    Along the law's frontier (N(C), D(C)) the curve's lower bound rises with C (both weights are
    non-negative and N, D grow with C), so a vectorised grid search in log C between the
    planner's compute bounds (:func:`planner.numeric.first_crossing_log`) finds it.

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
    from planner.limits import COMPUTE_RANGE_FLOPS
    from planner.presets import load_score_calibration
    from planner.solve import resolve_law

    calibration = calibration if calibration is not None else load_score_calibration()
    curves = {c.task: c for c in calibration.curve}
    if task not in curves:
        raise InputError(f"task: {task!r} has no score curve (known: {', '.join(curves)})")
    if not isinstance(score, int | float) or isinstance(score, bool) or not 0 < score < 1:
        raise InputError(f"score: must be a number in (0, 1), got {score!r}")
    curve = curves[task]
    if like is not None and family_id(like) not in curve.family_ids:
        if not any(family_id(like) in c.family_ids for c in calibration.curve):
            family_offset(curve, like)  # raises, listing the families
        like = None  # a family not evaluated on this task: the family-spread curve, as in scores
    preset = resolve_law(law)

    convention = preset.parameter_convention

    def low_at(c: FloatArray) -> FloatArray:
        n, d = (np.asarray(x, dtype=np.float64) for x in preset.law.optimum(c))
        if convention != "total":  # as a plan does: N to total parameters by the plan's shape
            from planner.shapes import MAX_SHAPE_PARAMS, MIN_SHAPE_PARAMS, shape_for_params

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

    lo, hi = COMPUTE_RANGE_FLOPS
    root = first_crossing_log(low_at, score, lo, hi)  # 4 vectorised grids: 2e-6 in ln C
    if root is None:
        best = float(low_at(np.asarray(hi)))
        raise InfeasibleError(
            f"{task}: the 80% lower bound never reaches {score:.0%} below {hi:.0e} FLOPs under "
            f"{preset.id} (it reaches {best:.1%}; the curve's ceiling is {curve.ceiling:.1%})"
        )
    return root
