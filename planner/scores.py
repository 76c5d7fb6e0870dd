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
of the score under refits on model families resampled with replacement (``BOOTSTRAP`` of them),
which grows where the curve extrapolates.

Calibration: :func:`calibrate` on the ObsScaling table (Ruan et al. 2024, Apache-2.0), written
to ``presets/scores/obsscaling2024.json`` by ``benchmarks/bench_scores.py``, which also reports
the leave-one-family-out validation (:func:`leave_one_family_out`).
"""

from __future__ import annotations

import csv
import functools
import hashlib
from pathlib import Path
from typing import Annotated

import numpy as np
from numpy.typing import NDArray

from planner.errors import InputError, SolverError
from planner.frozen import ID_PATTERN, Frozen, Ge, Le, MinLen, Pattern
from planner.models import LawPreset, Plan

__all__ = [
    "BOOTSTRAP",
    "EMERGED_MARGIN",
    "INTERVAL",
    "OBSSCALING_TASKS",
    "LikeReport",
    "LofoReport",
    "ScoreCalibration",
    "ScoreCurve",
    "ScoreData",
    "TaskScore",
    "calibrate",
    "compute_for_score",
    "curve_score",
    "family_id",
    "family_offset",
    "fit_curve",
    "leave_one_family_out",
    "like_validation",
    "read_obsscaling",
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

OBSSCALING_TASKS: dict[str, tuple[str, float | None, str]] = {
    "mmlu": ("MMLU", 0.25, "4 answer choices"),
    "arc-challenge": ("ARC-C", 0.25, "4 answer choices (a few questions have 3 or 5)"),
    "hellaswag": ("HellaSwag", 0.25, "4 candidate endings"),
    "winogrande": ("Winograd", 0.5, "2 options"),
    "gsm8k": ("GSM8K", 0.0, "exact match on a free-form number"),
    "humaneval": ("HumanEval", 0.0, "pass@1 on generated code"),
    "truthfulqa": ("TruthfulQA", None, "the table's multiple-choice score has no single "
                   "guessing rate: its floor is fitted"),
}
"""Task id -> (ObsScaling column, chance score or None, why that chance)."""

BOOTSTRAP = 40
"""Family-resampled refits per curve (its coefficients' uncertainty), in calibration and in
each leave-one-family-out fit alike."""

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


class ScoreData(Frozen):
    """Models with N, D, family and one task's scores (e.g. the ObsScaling table)."""

    task: str
    n_params: tuple[float, ...]
    n_tokens: tuple[float, ...]
    family: tuple[str, ...]
    score: tuple[float, ...]


def read_obsscaling(path: str | Path) -> tuple[dict[str, ScoreData], str]:
    """The ObsScaling evaluation table as one :class:`ScoreData` per task.

    Rows without parameters or tokens are left out, as are a task's missing scores. The two
    known typos of the source are corrected (``btlm-3b-8k-base``: 0.627 T tokens, not 627;
    ``open_llama_7b_v2``: 7 B parameters, not 13).

    Parameters
    ----------
    path : str or Path
        ``obsscaling-base-llm-eval.csv`` (Ruan et al. 2024, Apache-2.0).

    Returns
    -------
    data : dict of str to ScoreData
        By task id (see :data:`OBSSCALING_TASKS`).
    sha256 : str
        Of the file.
    """
    raw = Path(path).read_bytes()
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines()))
    fixes = {"cerebras/btlm-3b-8k-base": ("tokens", 0.627), "openlm-research/open_llama_7b_v2":
             ("params", 7.0)}
    out: dict[str, tuple[list[float], list[float], list[str], list[float]]] = {
        task: ([], [], [], []) for task in OBSSCALING_TASKS
    }
    for row in rows:
        try:
            n = float(row["Model Size (B)"])
            d = float(row["Pretraining Data Size (T)"])
        except (KeyError, ValueError):
            continue
        what, value = fixes.get(row["Model"], ("", 0.0))
        n = value if what == "params" else n
        d = value if what == "tokens" else d
        for task, (column, _, _) in OBSSCALING_TASKS.items():
            cell = row.get(column, "")
            if cell:
                ns, ds, fs, ys = out[task]
                ns.append(n * 1e9)
                ds.append(d * 1e12)
                fs.append(row["Model Family"])
                ys.append(float(cell))
    data = {
        task: ScoreData(
            task=task, n_params=tuple(ns), n_tokens=tuple(ds), family=tuple(fs), score=tuple(ys)
        )
        for task, (ns, ds, fs, ys) in out.items()
    }
    return data, hashlib.sha256(raw).hexdigest()


def _latent(a: float, b: float, x0: float, n: FloatArray, d: FloatArray) -> FloatArray:
    return np.asarray(a * np.log(n / _SCALE_N) + b * np.log(d / _SCALE_D) - x0)


def _sigmoid(z: FloatArray) -> FloatArray:
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * z)))  # no overflow for large |z|


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
    z = _latent(curve.a, curve.b, curve.x0, n, d)
    q_low, q_high = curve.q_low, curve.q_high
    if like is not None:
        z = z + family_offset(curve, like)
        q_low, q_high = curve.q_low_within, curve.q_high_within
    span = curve.ceiling - curve.floor
    score = curve.floor + span * _sigmoid(z)
    low = curve.floor + span * _sigmoid(z + q_low)
    high = curve.floor + span * _sigmoid(z + q_high)
    low, high = np.minimum(low, score), np.maximum(high, score)
    if curve.draws_a:  # the coefficients' uncertainty, added in quadrature (independent parts)
        shift = 0.0 if like is None else family_offset(curve, like)
        fl, ce = np.asarray(curve.draws_floor), np.asarray(curve.draws_ceiling)
        da, db = np.asarray(curve.draws_a), np.asarray(curve.draws_b)
        dx = np.asarray(curve.draws_x0)
        ln_n = np.log(n / _SCALE_N)[..., None]
        ln_d = np.log(d / _SCALE_D)[..., None]
        sampled = fl + (ce - fl) * _sigmoid(da * ln_n + db * ln_d - dx + shift)
        c_low, c_high = np.quantile(sampled, INTERVAL, axis=-1)
        top = max(curve.ceiling, float(ce.max()))
        low = np.maximum(
            curve.floor, score - np.hypot(score - low, np.maximum(score - c_low, 0.0))
        )
        high = np.minimum(top, score + np.hypot(high - score, np.maximum(c_high - score, 0.0)))
    return np.asarray(score), np.asarray(low), np.asarray(high)


def fit_curve(
    data: ScoreData, chance: float | None, *, bootstrap: int = 0, seed: int = 0
) -> ScoreCurve:
    """Fit one task's curve to models' (N, D, score) by bounded least squares.

    Parameters
    ----------
    data : ScoreData
        At least 8 models.
    chance : float or None
        The task's chance score (the curve's floor), or None to fit the floor.
    bootstrap : int
        Refits on model families resampled with replacement (a cluster bootstrap: models of
        one family are not independent), kept as the curve's ``draws``.
    seed : int
        Seed of the resampling.

    Returns
    -------
    ScoreCurve
        With the logit-residual quantiles of :data:`INTERVAL` over the same models.

    Raises
    ------
    InputError
        Fewer than 8 models.
    SolverError
        The fit did not converge.
    """
    from scipy.optimize import least_squares

    n = np.asarray(data.n_params)
    d = np.asarray(data.n_tokens)
    y = np.asarray(data.score)
    if y.size < 8:
        raise InputError(f"{data.task}: needs at least 8 models with scores, got {y.size}")
    fixed = chance is not None

    def unpack(p: FloatArray) -> tuple[float, float, float, float, float]:
        floor = float(chance) if fixed else float(p[4])  # type: ignore[arg-type]
        return floor, float(p[0]), float(p[1]), float(p[2]), float(p[3])

    def residual(p: FloatArray) -> FloatArray:
        floor, ceiling, a, b, x0 = unpack(p)
        return np.asarray(floor + (ceiling - floor) * _sigmoid(_latent(a, b, x0, n, d)) - y)

    x_start = [min(1.0, float(y.max()) + 0.05), 1.0, 1.0, 0.0] + ([] if fixed else [0.0])
    lower = [(chance or 0.0) + 0.05, 0.0, 0.0, -30.0] + ([] if fixed else [0.0])
    upper = [1.0, 20.0, 20.0, 30.0] + ([] if fixed else [float(y.min())])
    x_start = [min(max(v, lo + 1e-9), hi - 1e-9) for v, lo, hi in zip(x_start, lower, upper,
                                                                       strict=True)]
    result = least_squares(residual, x_start, bounds=(lower, upper), x_scale="jac")
    if not result.success:
        raise SolverError(f"{data.task}: score curve did not converge: {result.message}")
    draws: list[tuple[float, float, float, float, float]] = []
    if bootstrap > 0:
        rng = np.random.default_rng(seed)
        names = np.asarray(data.family)
        groups = [np.flatnonzero(names == f) for f in sorted(set(data.family))]
        full_y = y
        for _ in range(bootstrap):
            pick = np.concatenate([groups[i] for i in rng.integers(0, len(groups), len(groups))])

            def resampled(p: FloatArray, pick: NDArray[np.intp] = pick) -> FloatArray:
                fl, ce, aa, bb, xx = unpack(p)
                z_p = _latent(aa, bb, xx, n[pick], d[pick])
                return np.asarray(fl + (ce - fl) * _sigmoid(z_p) - full_y[pick])

            upper_b = upper if fixed else [*upper[:4], float(full_y[pick].min())]
            start = np.minimum(np.maximum(result.x, lower), np.asarray(upper_b) - 1e-9)
            refit = least_squares(resampled, start, bounds=(lower, upper_b), x_scale="jac")
            fl, ce, aa, bb, xx = unpack(refit.x)
            draws.append((fl, ce, aa, bb, xx))
    floor, ceiling, a, b, x0 = unpack(result.x)
    span = ceiling - floor
    frac = np.clip((y - floor) / span, 1e-4, 1 - 1e-4)
    resid = np.log(frac / (1 - frac)) - _latent(a, b, x0, n, d)
    q_low, q_high = (float(q) for q in np.quantile(resid, INTERVAL))
    families = np.asarray([family_id(f) for f in data.family])
    offsets: list[tuple[str, float, int]] = []
    within = []
    for family in sorted(set(families)):
        mine = resid[families == family]
        offsets.append((str(family), float(mine.mean()), int(mine.size)))
        if mine.size >= 2:
            within.append(mine - mine.mean())
    spread = np.concatenate(within) if within else resid
    q_low_w, q_high_w = (float(q) for q in np.quantile(spread, INTERVAL))
    return ScoreCurve(
        task=data.task,
        floor=floor,
        floor_fitted=not fixed,
        ceiling=ceiling,
        a=a,
        b=b,
        x0=x0,
        q_low=q_low,
        q_high=q_high,
        n_models=int(y.size),
        n_families=len(set(data.family)),
        q_low_within=q_low_w,
        q_high_within=q_high_w,
        family_ids=tuple(o[0] for o in offsets),
        family_offsets=tuple(o[1] for o in offsets),
        family_sizes=tuple(o[2] for o in offsets),
        draws_floor=tuple(x[0] for x in draws),
        draws_ceiling=tuple(x[1] for x in draws),
        draws_a=tuple(x[2] for x in draws),
        draws_b=tuple(x[3] for x in draws),
        draws_x0=tuple(x[4] for x in draws),
    )


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


def _emerged(score: FloatArray, chance: float) -> NDArray[np.bool_]:
    return np.asarray(score >= chance + EMERGED_MARGIN)


def leave_one_family_out(data: ScoreData, chance: float | None) -> LofoReport:
    """Validate a task's curve on model families no fit saw.

    For each family: fit on every other family, predict the family's models with their 80%
    interval. Reported: mean absolute error in points, the share of scores inside their
    interval, and (with a chance score) the share called right as emerged or not (at least
    :data:`EMERGED_MARGIN` above chance: the predicted score against the measured one).

    Parameters
    ----------
    data : ScoreData
        The calibration models.
    chance : float or None
        The task's chance score.

    Returns
    -------
    LofoReport
    """
    n = np.asarray(data.n_params)
    d = np.asarray(data.n_tokens)
    y = np.asarray(data.score)
    families = np.asarray(data.family)
    pred, low, high = (np.full(y.shape, np.nan) for _ in range(3))
    for family in sorted(set(data.family)):
        held = families == family
        train = ScoreData(
            task=data.task,
            n_params=tuple(n[~held]),
            n_tokens=tuple(d[~held]),
            family=tuple(families[~held]),
            score=tuple(y[~held]),
        )
        curve = fit_curve(train, chance, bootstrap=BOOTSTRAP)
        pred[held], low[held], high[held] = curve_score(curve, n[held], d[held])
    calls = None
    if chance is not None:
        calls = float(np.mean(_emerged(pred, chance) == _emerged(y, chance)))
    return LofoReport(
        task=data.task,
        n_models=int(y.size),
        n_families=len(set(data.family)),
        mae_points=float(np.mean(np.abs(pred - y)) * 100),
        coverage=float(np.mean((y >= low - 1e-12) & (y <= high + 1e-12))),
        calls_right=calls,
    )


def like_validation(data: ScoreData, chance: float | None) -> LikeReport:
    """Validate ``like=FAMILY`` on models no fit saw (leave one model out, in its family).

    For each model of a family with at least two models: refit the curve without it, take the
    family's offset from its other models under that fit, and predict it with the
    within-family interval; also without the offset, for comparison.

    Parameters
    ----------
    data : ScoreData
        The calibration models.
    chance : float or None
        The task's chance score.

    Returns
    -------
    LikeReport
    """
    n = np.asarray(data.n_params)
    d = np.asarray(data.n_tokens)
    y = np.asarray(data.score)
    fams = np.asarray([family_id(f) for f in data.family])
    errors, plain, inside = [], [], []
    for i in range(y.size):
        if np.count_nonzero(fams == fams[i]) < 2:
            continue
        keep = np.arange(y.size) != i
        curve = fit_curve(
            ScoreData(
                task=data.task,
                n_params=tuple(n[keep]),
                n_tokens=tuple(d[keep]),
                family=tuple(np.asarray(data.family)[keep]),
                score=tuple(y[keep]),
            ),
            chance,
        )
        score, low, high = (float(v) for v in curve_score(curve, n[i], d[i], like=fams[i]))
        errors.append(abs(score - y[i]))
        plain.append(abs(float(curve_score(curve, n[i], d[i])[0]) - y[i]))
        inside.append(low - 1e-12 <= y[i] <= high + 1e-12)
    return LikeReport(
        task=data.task,
        n_models=len(errors),
        mae_points=float(np.mean(errors) * 100),
        mae_points_without=float(np.mean(plain) * 100),
        coverage=float(np.mean(inside)),
    )


def calibrate(path: str | Path, *, validate: bool = True) -> ScoreCalibration:
    """Fit every task's curve to the ObsScaling table (and validate leave-one-family-out).

    Parameters
    ----------
    path : str or Path
        ``obsscaling-base-llm-eval.csv``.
    validate : bool
        Also run :func:`leave_one_family_out` and :func:`like_validation` for each task
        (about ten seconds).

    Returns
    -------
    ScoreCalibration
        Id ``obsscaling2024``.
    """
    data, sha = read_obsscaling(path)
    curves = []
    reports = []
    like_reports = []
    for task, (_, chance, _) in OBSSCALING_TASKS.items():
        curves.append(fit_curve(data[task], chance, bootstrap=BOOTSTRAP))
        if validate:
            reports.append(leave_one_family_out(data[task], chance))
            like_reports.append(like_validation(data[task], chance))
    return ScoreCalibration(
        id="obsscaling2024",
        source=(
            "Ruan et al. 2024, Observational Scaling Laws and the Predictability of Language "
            "Model Performance, arXiv:2405.10938: the evaluation table of public base models "
            "(ryoungj/ObsScaling @ 4d6e1e43, eval_results/base_llm_benchmark_eval.csv, "
            "Apache-2.0), fitted by planner.scores.calibrate (bounded least squares; interval "
            "from the logit-scale residuals)"
        ),
        data_sha256=sha,
        curve=tuple(curves),
        validation=tuple(reports),
        like_validation=tuple(like_reports),
    )


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
