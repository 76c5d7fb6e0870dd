"""Calibrating and validating the task score curves of :mod:`planner.scores`.

:func:`calibrate` fits every task's curve to the ObsScaling table (Ruan et al. 2024,
arXiv:2405.10938, Apache-2.0) and validates it on families no fit saw
(:func:`leave_one_family_out`) and ``like=FAMILY`` on models no fit saw
(:func:`like_validation`). ``benchmarks/bench_scores.py`` runs it and writes
``presets/scores/obsscaling2024.json``. Needs scipy (imported when fitting).
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from planner.curve_fit import bounded_fit, logit_residuals
from planner.errors import InputError
from planner.frozen import Frozen
from planner.numeric import sigmoid
from planner.scores import (
    EMERGED_MARGIN,
    INTERVAL,
    RECIPES,
    LikeReport,
    LofoReport,
    ScoreCalibration,
    ScoreCurve,
    StatusCheck,
    curve_score,
    emergence_status,
    family_id,
    latent,
    probability_past,
)

__all__ = [
    "BOOTSTRAP",
    "CODE_FAMILIES",
    "OBSSCALING_TASKS",
    "OVERTRAINED_TOKENS_PER_PARAM",
    "ScoreData",
    "bounded_fit",
    "calibrate",
    "fit_curve",
    "leave_one_family_out",
    "like_validation",
    "logit_residuals",
    "read_obsscaling",
]

FloatArray = NDArray[np.float64]

OBSSCALING_TASKS: dict[str, tuple[str, float | None, str]] = {
    "mmlu": ("MMLU", 0.25, "4 answer choices"),
    "arc-challenge": ("ARC-C", 0.25, "4 answer choices (a few questions have 3 or 5)"),
    "hellaswag": ("HellaSwag", 0.25, "4 candidate endings"),
    "winogrande": ("Winograd", 0.5, "2 options"),
    "gsm8k": ("GSM8K", 0.0, "exact match on a free-form number"),
    "humaneval": ("HumanEval", 0.0, "pass@1 on generated code"),
    "truthfulqa": (
        "TruthfulQA",
        None,
        "the table's multiple-choice score has no single guessing rate: its floor is fitted",
    ),
}
"""Task id -> (ObsScaling column, chance score or None, why that chance)."""


CODE_FAMILIES: dict[str, str] = {
    "CodeLlama": "Roziere et al. 2023, Code Llama, arXiv:2308.12950: Llama 2 trained on 500B "
    "further tokens, 85% code",
    "StarCoder": "Li et al. 2023, StarCoder, arXiv:2305.06161: The Stack (source code)",
    "StarCoder2": "Lozhkov et al. 2024, StarCoder 2, arXiv:2402.19173: The Stack v2",
    "DeepSeek-Coder": "Guo et al. 2024, DeepSeek-Coder, arXiv:2401.14196: 87% code, 13% text",
    "DeepSeek-Coder-V2": "DeepSeek-AI 2024, DeepSeek-Coder-V2, arXiv:2406.11931: 6T further "
    "tokens on DeepSeek-V2, 60% code",
}
"""The ObsScaling families trained mostly on source code (recipe ``code``), each with the
paper that says so. Every other family is ``general`` (``codegen-*-nl`` is CodeGen's natural-
language model, trained on the Pile: Nijkamp et al. 2022, arXiv:2203.13474)."""


OVERTRAINED_TOKENS_PER_PARAM = 100.0
"""Issue 11 item 3's line: models trained on more tokens per parameter than this (5x
Chinchilla's ~20) are over-trained; the validation reports their calls separately."""

BOOTSTRAP = 40
"""Family-resampled refits per curve (its coefficients' uncertainty), in calibration and in
each leave-one-family-out fit alike."""


class ScoreData(Frozen):
    """Models with N, D, family and one task's scores (e.g. the ObsScaling table)."""

    task: str
    n_params: tuple[float, ...]
    n_tokens: tuple[float, ...]
    family: tuple[str, ...]
    score: tuple[float, ...]
    recipe: tuple[str, ...] = ()
    """Each model's data recipe (:data:`planner.scores.RECIPES`); empty: all ``general``."""

    def recipes(self) -> NDArray[np.str_]:
        """Each model's recipe, ``general`` where none is given.

        Returns
        -------
        ndarray of str
        """
        return np.asarray(self.recipe or ("general",) * len(self.score))

    def subset(self, keep: NDArray[np.bool_]) -> ScoreData:
        """The models where ``keep`` is true (a fit's training set when others are held out).

        Parameters
        ----------
        keep : ndarray of bool
            One entry per model.

        Returns
        -------
        ScoreData
        """
        return ScoreData(
            task=self.task,
            n_params=tuple(np.asarray(self.n_params)[keep]),
            n_tokens=tuple(np.asarray(self.n_tokens)[keep]),
            family=tuple(np.asarray(self.family)[keep]),
            score=tuple(np.asarray(self.score)[keep]),
            recipe=tuple(self.recipes()[keep]),
        )


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
    fixes = {
        "cerebras/btlm-3b-8k-base": ("tokens", 0.627),
        "openlm-research/open_llama_7b_v2": ("params", 7.0),
    }
    out: dict[str, tuple[list[float], list[float], list[str], list[float]]] = {
        task: ([], [], [], []) for task in OBSSCALING_TASKS
    }
    recipes: dict[str, list[str]] = {task: [] for task in OBSSCALING_TASKS}
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
                recipes[task].append("code" if row["Model Family"] in CODE_FAMILIES else "general")
    data = {
        task: ScoreData(
            task=task,
            n_params=tuple(ns),
            n_tokens=tuple(ds),
            family=tuple(fs),
            score=tuple(ys),
            recipe=tuple(recipes[task]),
        )
        for task, (ns, ds, fs, ys) in out.items()
    }
    return data, hashlib.sha256(raw).hexdigest()


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
    n = np.asarray(data.n_params)
    d = np.asarray(data.n_tokens)
    y = np.asarray(data.score)
    if y.size < 8:
        raise InputError(f"{data.task}: needs at least 8 models with scores, got {y.size}")
    recipe = data.recipes()
    unknown = sorted(set(recipe) - set(RECIPES))
    if unknown:
        known = ", ".join(RECIPES)
        raise InputError(f"{data.task}: unknown recipe {unknown[0]!r} (known: {known})")
    others = [r for r in RECIPES[1:] if r in set(recipe)]  # offsets against ``general``
    is_other = np.stack([recipe == r for r in others]) if others else np.zeros((0, y.size), bool)
    fixed = chance is not None
    k = len(others)

    def unpack(p: FloatArray) -> tuple[float, float, float, float, float, FloatArray]:
        floor = float(chance) if fixed else float(p[4 + k])  # type: ignore[arg-type]
        return floor, float(p[0]), float(p[1]), float(p[2]), float(p[3]), p[4 : 4 + k]

    def z_of(p: FloatArray, rows: NDArray[np.intp] | slice) -> FloatArray:
        _, _, a, b, x0, shifts = unpack(p)
        return np.asarray(latent(a, b, x0, n[rows], d[rows]) + shifts @ is_other[:, rows])

    def residual(p: FloatArray, rows: NDArray[np.intp] | slice = slice(None)) -> FloatArray:
        floor, ceiling, *_ = unpack(p)
        return np.asarray(floor + (ceiling - floor) * sigmoid(z_of(p, rows)) - y[rows])

    x_start = [min(1.0, float(y.max()) + 0.05), 1.0, 1.0, 0.0] + [0.0] * k
    lower = [(chance or 0.0) + 0.05, 0.0, 0.0, -30.0] + [-10.0] * k
    upper = [1.0, 20.0, 20.0, 30.0] + [10.0] * k
    if not fixed:
        x_start, lower, upper = [*x_start, 0.0], [*lower, 0.0], [*upper, float(y.min())]
    resamples: list[NDArray[np.intp]] = []
    if bootstrap > 0:
        # a cluster bootstrap (models of one family are not independent), stratified by
        # recipe so that every refit sees each recipe it has an offset for
        rng = np.random.default_rng(seed)
        names = np.asarray(data.family)
        strata = [
            [np.flatnonzero(names == f) for f in sorted(set(names[recipe == r]))]
            for r in RECIPES
            if r in set(recipe)
        ]
        for _ in range(bootstrap):
            resamples.append(
                np.concatenate([g[i] for g in strata for i in rng.integers(0, len(g), len(g))])
            )
    params, refits = bounded_fit(
        residual, x_start, lower, upper, y=y, floor_fitted=not fixed, resamples=resamples,
        what=data.task,
    )  # fmt: skip
    draws = [unpack(r) for r in refits]
    floor, ceiling, a, b, x0, shifts = unpack(params)
    resid = logit_residuals(y, floor, ceiling, z_of(params, slice(None)))
    q_low, q_high = (float(q) for q in np.quantile(resid, INTERVAL))
    families = np.asarray([family_id(f) for f in data.family])
    offsets: list[tuple[str, float, int, str]] = []
    within = []
    for family in sorted(set(families)):
        mine = families == family
        offsets.append(
            (str(family), float(resid[mine].mean()), int(mine.sum()), str(recipe[mine][0]))
        )
        if mine.sum() >= 2:
            # leave-one-out deviations, (r - mean) k / (k - 1): the error of predicting a model
            # from its family's other models, not the smaller in-sample spread
            k = int(mine.sum())
            within.append((resid[mine] - resid[mine].mean()) * k / (k - 1))
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
        recipe_ids=tuple(others),
        recipe_offsets=tuple(float(v) for v in shifts),
        family_ids=tuple(o[0] for o in offsets),
        family_offsets=tuple(o[1] for o in offsets),
        family_sizes=tuple(o[2] for o in offsets),
        family_recipes=tuple(o[3] for o in offsets),
        draws_floor=tuple(x[0] for x in draws),
        draws_ceiling=tuple(x[1] for x in draws),
        draws_a=tuple(x[2] for x in draws),
        draws_b=tuple(x[3] for x in draws),
        draws_x0=tuple(x[4] for x in draws),
        draws_recipe_offsets=tuple(tuple(float(v) for v in x[5]) for x in draws),
        params_range=(float(n.min()), float(n.max())),
        tokens_range=(float(d.min()), float(d.max())),
    )


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
    recipe = data.recipes()
    pred, low, high = (np.full(y.shape, np.nan) for _ in range(3))
    for family in sorted(set(data.family)):
        held = families == family
        curve = fit_curve(data.subset(~held), chance, bootstrap=BOOTSTRAP)
        # the held-out family's recipe is what its user would state (general or code)
        pred[held], low[held], high[held] = curve_score(
            curve, n[held], d[held], recipe=str(recipe[held][0])
        )
    calls = over_calls = over_sure_misses = brier = brier_base = None
    statuses: list[StatusCheck] = []
    over = d / n > OVERTRAINED_TOKENS_PER_PARAM
    if chance is not None:
        did = _emerged(y, chance)
        # the status the planner shows (planner.plan_scores): by the interval, not the point
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
        curve = fit_curve(data.subset(np.arange(y.size) != i), chance)
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
