"""Calibrating the task score curves and validating them on models no fit saw.

:func:`calibrate` fits every task's curve to the ObsScaling table (Ruan et al. 2024,
arXiv:2405.10938, Apache-2.0) and validates it on families no fit saw
(:func:`leave_one_family_out`) and ``like=FAMILY`` on models no fit saw
(:func:`like_validation`); :func:`out_of_time` fits on the models released before a cut-off
and scores the later ones, and :func:`score_newer` scores newer public base models that no fit
saw (:func:`read_release_dates` and :func:`read_newer_models` parse their tables).
``benchmarks/bench_scores.py`` runs them all and writes ``presets/scores/obsscaling2024.json``.
Needs scipy (imported when fitting).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from planner.errors import InputError
from planner.laws._numeric import FloatArray
from planner.scores._curves import (
    EMERGED_MARGIN,
    RECIPES,
    HeldOutReport,
    LikeReport,
    LofoReport,
    ScoreCalibration,
    ScoreCurve,
    StatusCheck,
    curve_score,
    emergence_status,
    family_id,
    probability_past,
)
from planner.scores._fit import (
    BOOTSTRAP,
    OBSSCALING_TASKS,
    OVERTRAINED_TOKENS_PER_PARAM,
    ScoreData,
    fit_curve,
    read_obsscaling,
)
from planner.scores._forms import SHIPPED_FORM

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "NEWER_COLUMNS",
    "OUT_OF_TIME_CUTOFF",
    "calibrate",
    "leave_one_family_out",
    "like_validation",
    "out_of_time",
    "read_newer_models",
    "read_release_dates",
    "score_newer",
]


def _emerged(score: FloatArray, chance: float) -> NDArray[np.bool_]:
    return np.asarray(score >= chance + EMERGED_MARGIN)


def leave_one_family_out(
    data: ScoreData, chance: float | None, *, form: str = SHIPPED_FORM
) -> LofoReport:
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
    form : str
        The curve fitted (:data:`FIT_FORMS`).

    Returns
    -------
    LofoReport
    """
    n = np.asarray(data.n_params)
    d = np.asarray(data.n_tokens)
    y = np.asarray(data.score)
    families = np.asarray(data.family)
    recipe = data.recipes()
    pred, low, high = (np.full(y.shape, np.nan) for _ in range(3))
    for family in sorted(set(data.family)):
        held = families == family
        curve = fit_curve(data.subset(~held), chance, bootstrap=BOOTSTRAP, form=form)
        # the held-out family's recipe is what its user would state (general or code)
        pred[held], low[held], high[held] = curve_score(
            curve, n[held], d[held], recipe=str(recipe[held][0])
        )
    calls = over_calls = over_sure_misses = brier = brier_base = None
    statuses: list[StatusCheck] = []
    over = d / n > OVERTRAINED_TOKENS_PER_PARAM
    if chance is not None:
        did = _emerged(y, chance)
        # the status the planner shows (planner.scores._predict): by the interval, not the point
        shown = emergence_status(low, high, chance + EMERGED_MARGIN)
        for status in ("emerged", "near", "not_yet"):
            mine = shown == status
            statuses.append(
                StatusCheck(
                    status=status,
                    models=int(np.count_nonzero(mine)),
                    emerged=int(np.count_nonzero(mine & did)),
                )
            )
        happened = did.astype(np.float64)
        p_past = np.asarray(
            [
                probability_past(s, lo, hi, chance + EMERGED_MARGIN)
                for s, lo, hi in zip(pred, low, high, strict=True)
            ]
        )
        brier = float(np.mean((p_past - happened) ** 2))
        brier_base = float(np.mean((happened.mean() - happened) ** 2))
        right = _emerged(pred, chance) == did
        calls = float(np.mean(right))
        if over.any():
            over_calls = float(np.mean(right[over]))
            # emerged, yet called "not yet" with the whole interval below the line
            sure_miss = did & ~_emerged(high, chance)
            over_sure_misses = int(np.count_nonzero(sure_miss & over))
    return LofoReport(
        task=data.task,
        n_models=int(y.size),
        n_families=len(set(data.family)),
        mae_points=float(np.mean(np.abs(pred - y)) * 100),
        bias_points=float(np.mean(pred - y) * 100),
        median_width_points=float(np.median(high - low) * 100),
        form=form,
        coverage=float(np.mean((y >= low - 1e-12) & (y <= high + 1e-12))),
        calls_right=calls,
        overtrained_models=int(np.count_nonzero(over)),
        overtrained_calls_right=over_calls,
        overtrained_sure_misses=over_sure_misses,
        brier=brier,
        brier_base_rate=brier_base,
        statuses=tuple(statuses),
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
        curve = fit_curve(data.subset(np.arange(y.size) != i), chance, held_out=False)
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
        (a few minutes: each held-out fit measures its own held-out spread).

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
            f"Apache-2.0), fitted by planner.scores._validation.calibrate (form {SHIPPED_FORM}, "
            "bounded least squares; interval from the logit-scale errors of each family left "
            "out of the fit, and family-resampled refits)"
        ),
        data_sha256=sha,
        curve=tuple(curves),
        validation=tuple(reports),
        like_validation=tuple(like_reports),
    )


OUT_OF_TIME_CUTOFF = "2024-01-01"
"""Fit on the models released before this date, score those released from it on. Chosen before
any out-of-time figure was computed: the calendar year that splits the table's 2019-2024 models
into an older fitting set and a newer held-out set (Llama 3, Gemma, Qwen1.5, OLMo, DeepSeek-V2
came after it)."""

NEWER_COLUMNS = {
    "mmlu": "mmlu",
    "arc-challenge": "arc_challenge",
    "hellaswag": "hellaswag",
    "winogrande": "winogrande",
    "gsm8k": "gsm8k",
    "humaneval": "humaneval",
}
"""Task id -> column of ``newer-base-models.csv``."""


def _day(text: str, where: str) -> str:
    """A release date as ``YYYY-MM-DD`` (``YYYY-MM`` is read as its first day)."""
    import datetime as dt

    value = text.strip()
    full = f"{value}-01" if len(value) == 7 else value
    try:
        dt.date.fromisoformat(full)
    except ValueError:
        raise InputError(f"{where}: released must be YYYY-MM-DD or YYYY-MM, got {text!r}") from None
    return full


def read_release_dates(path: str | Path) -> dict[str, str]:
    """Release dates of the ObsScaling table's models (``model, released, source``).

    Parameters
    ----------
    path : str or Path
        ``obsscaling-release-dates.csv``.

    Returns
    -------
    dict of str to str
        ``Model`` -> ``YYYY-MM-DD``; rows without a date are left out.

    Raises
    ------
    InputError
        A date that is not ``YYYY-MM-DD`` or ``YYYY-MM``.
    """
    rows = csv.DictReader(Path(path).read_text(encoding="utf-8").splitlines())
    return {
        row["model"]: _day(row["released"], f"{path}: {row['model']}")
        for row in rows
        if (row.get("released") or "").strip()
    }


def _metrics(
    pred: FloatArray,
    low: FloatArray,
    high: FloatArray,
    y: FloatArray,
    chance: float | None,
    fitted: FloatArray,
) -> dict[str, float | None]:
    """MAE, bias, coverage, median width (points), Brier of P(emerged) and of two constants.

    The constants: the held-out models' own base rate, and that of the scores ``fitted`` on.
    """
    out: dict[str, float | None] = {
        "mae_points": float(np.mean(np.abs(pred - y)) * 100),
        "bias_points": float(np.mean(pred - y) * 100),
        "coverage": float(np.mean((y >= low - 1e-12) & (y <= high + 1e-12))),
        "median_width_points": float(np.median(high - low) * 100),
        "brier": None,
        "brier_base_rate": None,
        "brier_fit_rate": None,
    }
    if chance is not None:
        line = chance + EMERGED_MARGIN
        happened = (y >= line).astype(np.float64)
        p_past = np.asarray(
            [probability_past(s, lo, hi, line) for s, lo, hi in zip(pred, low, high, strict=True)]
        )
        out["brier"] = float(np.mean((p_past - happened) ** 2))
        out["brier_base_rate"] = float(np.mean((happened.mean() - happened) ** 2))
        out["brier_fit_rate"] = float(np.mean((np.mean(fitted >= line) - happened) ** 2))
    return out


def out_of_time(
    data: ScoreData,
    chance: float | None,
    released: dict[str, str],
    cutoff: str = OUT_OF_TIME_CUTOFF,
) -> HeldOutReport:
    """Fit on the models released before ``cutoff`` and score those released from it on.

    Each later model is predicted with its recipe and the 80% interval of the curve fitted on
    the earlier ones (with its bootstrap). Models without a release date take no part.

    Parameters
    ----------
    data : ScoreData
        The calibration models, with their names (``model``).
    chance : float or None
        The task's chance score.
    released : dict of str to str
        Model -> release date (:func:`read_release_dates`).
    cutoff : str
        ``YYYY-MM-DD``.

    Returns
    -------
    HeldOutReport

    Raises
    ------
    InputError
        Data without model names, or fewer than 8 earlier models.
    """
    if not data.model:
        raise InputError(f"{data.task}: out_of_time needs the models' names")
    when = np.asarray([released.get(m, "") for m in data.model])
    dated = when != ""
    before = dated & (when < cutoff)
    after = dated & (when >= cutoff)
    curve = fit_curve(data.subset(before), chance, bootstrap=BOOTSTRAP)
    n = np.asarray(data.n_params)[after]
    d = np.asarray(data.n_tokens)[after]
    y = np.asarray(data.score)[after]
    recipe = data.recipes()[after]
    pred, low, high = (np.empty(y.shape) for _ in range(3))
    for r in sorted(set(recipe)):
        mine = recipe == r
        pred[mine], low[mine], high[mine] = curve_score(curve, n[mine], d[mine], recipe=str(r))
    return HeldOutReport(
        task=data.task,
        which=f"released from {cutoff}",
        n_fitted=int(np.count_nonzero(before)),
        n_models=int(y.size),
        **_metrics(pred, low, high, y, chance, np.asarray(data.score)[before]),  # type: ignore[arg-type]
    )


def read_newer_models(path: str | Path) -> dict[str, ScoreData]:
    """The newer public base models held out of every fit, one :class:`ScoreData` per task.

    Parameters
    ----------
    path : str or Path
        ``newer-base-models.csv`` (model, family, released, params_b, tokens_t, recipe, then a
        column per task of :data:`NEWER_COLUMNS`, scores as fractions, empty where unknown).

    Returns
    -------
    dict of str to ScoreData
        By task id; a model enters the tasks it has a score for.

    Raises
    ------
    InputError
        A row without parameters or tokens, or with a recipe not in RECIPES.
    """
    rows = list(csv.DictReader(Path(path).read_text(encoding="utf-8").splitlines()))
    cols: dict[str, list[tuple[float, float, str, float, str, str]]] = {
        t: [] for t in NEWER_COLUMNS
    }
    for row in rows:
        where = f"{path}: {row.get('model', '?')}"
        try:
            n = float(row["params_b"]) * 1e9
            d = float(row["tokens_t"]) * 1e12
        except (KeyError, ValueError):
            raise InputError(f"{where}: needs params_b and tokens_t as numbers") from None
        recipe = (row.get("recipe") or "general").strip()
        if recipe not in RECIPES:
            raise InputError(f"{where}: recipe must be one of {', '.join(RECIPES)}, got {recipe!r}")
        for task, column in NEWER_COLUMNS.items():
            cell = (row.get(column) or "").strip()
            if cell:
                cols[task].append((n, d, row["family"], float(cell), recipe, row["model"]))
    return {
        task: ScoreData(
            task=task,
            n_params=tuple(x[0] for x in got),
            n_tokens=tuple(x[1] for x in got),
            family=tuple(x[2] for x in got),
            score=tuple(x[3] for x in got),
            recipe=tuple(x[4] for x in got),
            model=tuple(x[5] for x in got),
        )
        for task, got in cols.items()
        if got
    }


def score_newer(
    curve: ScoreCurve, data: ScoreData, chance: float | None, fitted: ScoreData
) -> HeldOutReport:
    """Score models no fit saw with a calibrated curve, each with its recipe.

    Parameters
    ----------
    curve : ScoreCurve
        The task's shipped curve.
    data : ScoreData
        The held-out models (:func:`read_newer_models`).
    chance : float or None
        The task's chance score.
    fitted : ScoreData
        The models the curve was fitted on (their base rate is a constant's P).

    Returns
    -------
    HeldOutReport
    """
    n, d, y = (np.asarray(x) for x in (data.n_params, data.n_tokens, data.score))
    recipe = data.recipes()
    pred, low, high = (np.empty(y.shape) for _ in range(3))
    for r in sorted(set(recipe)):
        mine = recipe == r
        pred[mine], low[mine], high[mine] = curve_score(curve, n[mine], d[mine], recipe=str(r))
    return HeldOutReport(
        task=data.task,
        which="newer base models",
        n_fitted=curve.n_models,
        n_models=int(y.size),
        **_metrics(pred, low, high, y, chance, np.asarray(fitted.score)),  # type: ignore[arg-type]
    )
