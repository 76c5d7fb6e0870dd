r"""Task scores from (N, D): bounded sigmoid curves calibrated on public base models.

For each task, the score a model of N parameters trained on D tokens should reach is

.. math::
    s(N, D) = f + (c - f)\,\sigma\big(a \ln(N/10^9) + b \ln(D/10^{12}) - x_0\big),

with :math:`f` the task's chance score (random guessing; fitted where the task has none),
:math:`c \le 1` its ceiling and :math:`a, b \ge 0`, so a score never leaves :math:`[f, c]` and
never falls as N or D grows. The form is the sigmoid in log-compute measures with which Ruan et
al. 2024 (observational scaling laws, arXiv:2405.10938) and Owen 2024 (arXiv:2401.04757) predict
benchmark scores; here its inputs are the two quantities a plan has, with their weights fitted
(on MMLU, tokens weigh about twice as much as parameters: recipes that train longer score more
per FLOP).

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
from typing import Annotated

import numpy as np
from numpy.typing import NDArray

from planner.errors import InputError
from planner.frozen import ID_PATTERN, Frozen, Ge, Le, MinLen, Pattern
from planner.models import LawPreset, Plan
from planner.numeric import quantile_last_axis, sigmoid

__all__ = [
    "EMERGED_MARGIN",
    "INTERVAL",
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
    "task_scores",
]

FloatArray = NDArray[np.float64]

INTERVAL = (0.10, 0.90)
"""Quantiles of the family-spread interval: an 80% interval."""
EMERGED_MARGIN = 0.05
"""A score counts as emerged when it is at least 5 points above chance (this project's
convention: the smallest gain the evaluation tables resolve reliably). A prediction is called
emerged by its point score; it is *sure* when its whole 80% interval is on that side. (Calling
by the interval's low end instead gets 72% of held-out MMLU models right, against 85%.)"""




_SCALE_N, _SCALE_D = 1e9, 1e12


class ScoreCurve(Frozen):
    """One task's calibrated score curve (see the module docstring for the form)."""

    task: Annotated[str, Pattern(ID_PATTERN)]
    floor: Annotated[float, Ge(0.0), Le(1.0)]
    """Chance score f, or the fitted floor where the task has no chance score."""
    floor_fitted: bool
    """Whether the floor was fitted (no chance score) rather than fixed at chance."""
    ceiling: Annotated[float, Ge(0.0), Le(1.0)]
    a: Annotated[float, Ge(0.0)]
    """Weight of ln(N / 1e9), N total parameters."""
    b: Annotated[float, Ge(0.0)]
    """Weight of ln(D / 1e12), D training tokens."""
    x0: float
    q_low: float
    """10th percentile of the logit-scale residuals (family spread)."""
    q_high: float
    """90th percentile of the logit-scale residuals."""
    n_models: int
    n_families: int
    q_low_within: float
    """10th percentile of the residuals less their family's offset (the spread within a recipe,
    used with ``like``; families of one model are left out)."""
    q_high_within: float
    family_ids: tuple[str, ...] = ()
    """The calibration's model families (``qwen1.5``, ``pythia``: the table's names, slugged)."""
    family_offsets: tuple[float, ...] = ()
    """Each family's mean logit-scale residual: > 0 scores more per (N, D) than the curve."""
    family_sizes: tuple[int, ...] = ()
    """Each family's models on this task."""
    draws_floor: tuple[float, ...] = ()
    """Refits on resampled families (cluster bootstrap), one entry per draw: the floor ..."""
    draws_ceiling: tuple[float, ...] = ()
    draws_a: tuple[float, ...] = ()
    draws_b: tuple[float, ...] = ()
    draws_x0: tuple[float, ...] = ()

    def _validate(self) -> None:
        if not self.floor < self.ceiling:
            raise ValueError(f"need floor < ceiling, got {self.floor}, {self.ceiling}")
        if not len(self.family_ids) == len(self.family_offsets) == len(self.family_sizes):
            raise ValueError("family_ids, family_offsets and family_sizes differ in length")
        draws = (self.draws_floor, self.draws_ceiling, self.draws_a, self.draws_b, self.draws_x0)
        if len({len(x) for x in draws}) > 1:
            raise ValueError("the draws_* arrays differ in length")
        if not self.q_low <= self.q_high:
            raise ValueError(f"need q_low <= q_high, got {self.q_low}, {self.q_high}")


class LofoReport(Frozen):
    """Leave-one-family-out validation of one task's curve."""

    task: str
    n_models: int
    n_families: int
    mae_points: float
    """Mean absolute error of the held-out scores, in points (score x 100)."""
    coverage: float
    """Share of held-out scores inside their 80% interval."""
    calls_right: float | None = None
    """Share of held-out models called right as emerged or not (None without a chance score)."""


class LikeReport(Frozen):
    """Validation of ``like=FAMILY`` on models no fit saw (families with 2+ models).

    Each model is predicted with its family's offset from the family's other models, the curve
    refitted without it.
    """

    task: str
    n_models: int
    mae_points: float
    """With the family offset."""
    mae_points_without: float
    """The same held-out models without it (the family-spread prediction)."""
    coverage: float
    """Share inside the within-family 80% interval."""


class ScoreCalibration(Frozen):
    """A calibration file in ``presets/scores/``: curves for several tasks, with provenance."""

    schema_version: int = 1
    id: Annotated[str, Pattern(ID_PATTERN)]
    source: str
    data_sha256: str
    """SHA-256 of the calibration table the curves were fitted to."""
    note: str = ""
    """How the file was written and is checked."""
    curve: Annotated[tuple[ScoreCurve, ...], MinLen(1)]
    validation: tuple[LofoReport, ...] = ()
    """Leave-one-family-out results of the same fit, per task."""
    like_validation: tuple[LikeReport, ...] = ()
    """Leave-one-model-out results of ``like=FAMILY``, per task."""


class TaskScore(Frozen):
    """The score a plan should reach on one task, with its 80% interval."""

    task: str
    score: float
    low: float
    high: float
    chance: float | None
    """Random-guess score; None where the task has none."""
    emerged: bool | None
    """Whether the score is at least EMERGED_MARGIN above chance (None without a chance)."""
    sure: bool | None
    """Whether the whole 80% interval is on the same side of chance + EMERGED_MARGIN."""
    calibration: str
    """Which data and method the curve comes from."""






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


def curve_score(
    curve: ScoreCurve,
    n_params: float | FloatArray,
    n_tokens: float | FloatArray,
    *,
    like: str | None = None,
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

    Returns
    -------
    score, low, high : ndarray
        Each in [floor, ceiling]; ``low <= score <= high``.
    """
    n = np.asarray(n_params, dtype=np.float64)
    d = np.asarray(n_tokens, dtype=np.float64)
    z = latent(curve.a, curve.b, curve.x0, n, d)
    q_low, q_high = curve.q_low, curve.q_high
    if like is not None:
        z = z + family_offset(curve, like)
        q_low, q_high = curve.q_low_within, curve.q_high_within
    span = curve.ceiling - curve.floor
    score = curve.floor + span * sigmoid(z)
    low = curve.floor + span * sigmoid(z + q_low)
    high = curve.floor + span * sigmoid(z + q_high)
    low, high = np.minimum(low, score), np.maximum(high, score)
    if curve.draws_a:  # the coefficients' uncertainty, added in quadrature (independent parts)
        shift = 0.0 if like is None else family_offset(curve, like)
        fl, ce = np.asarray(curve.draws_floor), np.asarray(curve.draws_ceiling)
        da, db = np.asarray(curve.draws_a), np.asarray(curve.draws_b)
        dx = np.asarray(curve.draws_x0)
        ln_n = np.log(n / _SCALE_N)[..., None]
        ln_d = np.log(d / _SCALE_D)[..., None]
        sampled = fl + (ce - fl) * sigmoid(da * ln_n + db * ln_d - dx + shift)
        c_low, c_high = (quantile_last_axis(sampled, q) for q in INTERVAL)
        top = max(curve.ceiling, float(ce.max()))
        low = np.maximum(
            curve.floor, score - np.hypot(score - low, np.maximum(score - c_low, 0.0))
        )
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
    plan: Plan, calibration: ScoreCalibration | None = None, *, like: str | None = None
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
    return _task_scores(plan, calibration, like)


@functools.lru_cache(maxsize=64)
def _task_scores(
    plan: Plan, calibration: ScoreCalibration, like: str | None
) -> tuple[TaskScore, ...]:
    # cached: the capabilities and the JSON of one plan ask for the same scores
    n, note = _total_params(plan)
    if like is not None and not any(
        family_id(like) in c.family_ids for c in calibration.curve
    ):
        family_offset(calibration.curve[0], like)  # raises, listing the families
    out = []
    for curve in calibration.curve:
        has = like is not None and family_id(like) in curve.family_ids
        score, low, high = (
            float(x) for x in curve_score(curve, n, plan.n_tokens, like=like if has else None)
        )
        chance = None if curve.floor_fitted else curve.floor
        if has:
            method = (
                f"{calibration.id}: sigmoid in ln N, ln D, recipe like {family_id(like or '')}; "
                "80% interval = spread within a family"
            )
        else:
            method = f"{calibration.id}: sigmoid in ln N, ln D; 80% interval = family spread"
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
) -> float:
    """The least compute whose compute-optimal plan's 80% lower bound reaches ``score``.

    Along the law's frontier (N(C), D(C)) the curve's lower bound rises with C (both weights are
    non-negative and N, D grow with C), so bisection in log C between the planner's compute
    bounds finds it.

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
    from planner import laws as k
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
    preset = resolve_law(law)

    def low_at(c: FloatArray) -> FloatArray:
        # a non-embedding N (kaplan2020, deepseek2024) is taken as total: slightly conservative
        n, d = preset.law.optimum(c)
        return curve_score(curve, np.asarray(n), np.asarray(d), like=like)[1]

    lo, hi = COMPUTE_RANGE_FLOPS
    if float(low_at(np.asarray(hi))) < score:
        best = float(low_at(np.asarray(hi)))
        raise InfeasibleError(
            f"{task}: the 80% lower bound never reaches {score:.0%} below {hi:.0e} FLOPs under "
            f"{preset.id} (it reaches {best:.1%}; the curve's ceiling is {curve.ceiling:.1%})"
        )
    if float(low_at(np.asarray(lo))) >= score:
        return float(lo)
    root, ok = k.bisect_log(lambda c: -low_at(c), -score, lo, hi)
    if not bool(ok):
        raise InfeasibleError(f"{task}: {score:.0%} not bracketed within the compute range")
    return float(root)
