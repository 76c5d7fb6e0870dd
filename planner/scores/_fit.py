"""Fitting the task score curves of :mod:`planner.scores._curves` to a table of public models.

:func:`read_obsscaling` reads the ObsScaling table (Ruan et al. 2024, arXiv:2405.10938,
Apache-2.0) and :func:`fit_curve` fits one task's curve (any form of
:data:`planner.scores._forms.FIT_FORMS`); :mod:`planner.scores._validation` calibrates every task
and validates the curves on models no fit saw. Needs scipy (imported when fitting).
"""

import csv
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from planner.data._frozen import Frozen
from planner.errors import InputError
from planner.laws._numeric import FloatArray, sigmoid
from planner.scores._curve_fit import bounded_fit, logit_residuals
from planner.scores._curves import INTERVAL, RECIPES, ScoreCurve, family_id
from planner.scores._forms import (
    FIT_FORMS,
    HELD_OUT_CLIP,
    SHIPPED_FORM,
    form_latent,
    form_parameters,
    form_values,
    held_out_spread,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "BOOTSTRAP",
    "CODE_FAMILIES",
    "FIT_FORMS",
    "OBSSCALING_TASKS",
    "OVERTRAINED_TOKENS_PER_PARAM",
    "SHIPPED_FORM",
    "ScoreData",
    "bounded_fit",
    "fit_curve",
    "logit_residuals",
    "read_obsscaling",
]

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
    """Each model's data recipe (:data:`planner.scores._curves.RECIPES`); empty: all ``general``."""
    model: tuple[str, ...] = ()
    """Each model's name (the table's ``Model``); empty where not known."""

    def recipes(self) -> "NDArray[np.str_]":
        """Each model's recipe, ``general`` where none is given.

        Returns
        -------
        ndarray of str
        """
        return np.asarray(self.recipe or ("general",) * len(self.score))

    def subset(self, keep: "NDArray[np.bool_]") -> "ScoreData":
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
            model=tuple(np.asarray(self.model)[keep]) if self.model else (),
        )


def read_obsscaling(path: str | Path) -> "tuple[dict[str, ScoreData], str]":
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
    names: dict[str, list[str]] = {task: [] for task in OBSSCALING_TASKS}
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
                names[task].append(row["Model"])
    data = {
        task: ScoreData(
            task=task,
            n_params=tuple(ns),
            n_tokens=tuple(ds),
            family=tuple(fs),
            score=tuple(ys),
            recipe=tuple(recipes[task]),
            model=tuple(names[task]),
        )
        for task, (ns, ds, fs, ys) in out.items()
    }
    return data, hashlib.sha256(raw).hexdigest()


def fit_curve(
    data: "ScoreData",
    chance: float | None,
    *,
    bootstrap: int = 0,
    seed: int = 0,
    form: str = SHIPPED_FORM,
    held_out: bool = True,
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
    form : str
        One of :data:`planner.scores._forms.FIT_FORMS` (default ``SHIPPED_FORM``).
    held_out : bool
        Measure the interval's spread on each family's out-of-family errors
        (:func:`planner.scores._forms.held_out_spread`, one refit per family); else on the
        in-sample residuals.

    Returns
    -------
    ScoreCurve
        With the logit-residual quantiles of :data:`INTERVAL`.

    Raises
    ------
    InputError
        Fewer than 8 models, an unknown recipe or form.
    SolverError
        The fit did not converge.
    """
    from scipy.optimize import least_squares

    if form not in FIT_FORMS:
        raise InputError(f"form: must be one of {', '.join(FIT_FORMS)}, got {form!r}")
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
    names, x_start, lower, upper = form_parameters(form, k, y)
    m = len(names)

    def unpack(p: FloatArray) -> tuple[dict[str, float], FloatArray]:
        floor = float(chance) if fixed else float(p[m])  # type: ignore[arg-type]
        return form_values(form, names, p, floor), p[m - k : m]

    def z_of(p: FloatArray, rows: "NDArray[np.intp] | slice") -> FloatArray:
        v, shifts = unpack(p)
        return np.asarray(form_latent(form, v, n[rows], d[rows]) + shifts @ is_other[:, rows])

    def residual(p: FloatArray, rows: "NDArray[np.intp] | slice" = slice(None)) -> FloatArray:
        v, _ = unpack(p)
        return np.asarray(
            v["floor"] + (v["ceiling"] - v["floor"]) * sigmoid(z_of(p, rows)) - y[rows]
        )

    if "ceiling" in names:
        lower[0] = (chance or 0.0) + 0.05
    if not fixed:
        x_start, lower, upper = [*x_start, 0.0], [*lower, 0.0], [*upper, float(y.min())]
    resamples: list[NDArray[np.intp]] = []
    if bootstrap > 0:
        # a cluster bootstrap (models of one family are not independent), stratified by
        # recipe so that every refit sees each recipe it has an offset for
        rng = np.random.default_rng(seed)
        names_f = np.asarray(data.family)
        strata = [
            [np.flatnonzero(names_f == f) for f in sorted(set(names_f[recipe == r]))]
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
    v, shifts = unpack(params)
    # near the floor the logit scale turns a 1-point miss into many logits: clipped as the
    # held-out spread is (HELD_OUT_CLIP), so a family at chance gets no large offset
    resid = logit_residuals(
        y,
        v["floor"],
        v["ceiling"],
        z_of(params, slice(None)),
        clip=HELD_OUT_CLIP,
    )
    q_low, q_high = (float(q) for q in np.quantile(resid, INTERVAL))
    widen = 0.0
    pts = np.stack([np.log(n / 1e9), np.log(d / 1e12)], axis=1)  # the curves' scales
    if held_out:

        def refit(keep: "NDArray[np.intp]") -> tuple[float, float, FloatArray]:
            top = [*upper[:-1], float(y[keep].min())] if not fixed else upper
            begin = np.minimum(np.maximum(params, lower), np.asarray(top) - 1e-9)
            got = least_squares(residual, begin, bounds=(lower, top), x_scale="jac", args=(keep,))
            fitted, _ = unpack(got.x)
            return fitted["floor"], fitted["ceiling"], z_of(got.x, slice(None))

        q_low, q_high, widen = held_out_spread(pts, y, np.asarray(data.family), recipe, refit)
    # the spread within a family on the unclipped scale: a family at chance shows there how
    # far its models scatter around it (clipped, they would all look alike)
    raw = logit_residuals(y, v["floor"], v["ceiling"], z_of(params, slice(None)))
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
            size = int(mine.sum())
            within.append((raw[mine] - raw[mine].mean()) * size / (size - 1))
    spread = np.concatenate(within) if within else resid
    q_low_w, q_high_w = (float(q) for q in np.quantile(spread, INTERVAL))

    def col(key: str) -> tuple[float, ...]:
        return tuple(x[0][key] for x in draws)

    saturating = not form.startswith("loglinear")
    return ScoreCurve(
        task=data.task,
        form="saturating" if saturating else "loglinear",
        floor=v["floor"],
        floor_fitted=not fixed,
        ceiling=v["ceiling"],
        a=v["a"],
        b=v["b"],
        x0=v["x0"],
        p=v["p"],
        q=v["q"],
        alpha=v["alpha"],
        beta=v["beta"],
        q_low=q_low,
        q_high=q_high,
        n_models=int(y.size),
        n_families=len(set(data.family)),
        q_low_within=q_low_w,
        q_high_within=q_high_w,
        recipe_ids=tuple(others),
        recipe_offsets=tuple(float(x) for x in shifts),
        family_ids=tuple(o[0] for o in offsets),
        family_offsets=tuple(o[1] for o in offsets),
        family_sizes=tuple(o[2] for o in offsets),
        family_recipes=tuple(o[3] for o in offsets),
        draws_floor=col("floor"),
        draws_ceiling=col("ceiling"),
        draws_a=col("a"),
        draws_b=col("b"),
        draws_x0=col("x0"),
        draws_p=col("p") if saturating else (),
        draws_q=col("q") if saturating else (),
        draws_alpha=col("alpha") if saturating else (),
        draws_beta=col("beta") if saturating else (),
        draws_recipe_offsets=tuple(tuple(float(x) for x in dr[1]) for dr in draws),
        params_range=(float(n.min()), float(n.max())),
        tokens_range=(float(d.min()), float(d.max())),
        z_spread_per_distance=widen,
        support=tuple((float(a), float(b)) for a, b in pts) if held_out else (),
        support_recipes=tuple(str(r) for r in recipe) if held_out else (),
        spread_clip=HELD_OUT_CLIP,
    )
