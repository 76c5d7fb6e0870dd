r"""Task scores from (N, D): bounded sigmoid curves calibrated on public base models.

For each task, the score a model of N parameters trained on D tokens should reach is

.. math::
    s(N, D) = f + (c - f)\,\sigma\big(x_0 - P\,(N/10^9)^{-\alpha} - Q\,(D/10^{12})^{-\beta}
    + r\big)

(``form = "saturating"``, the shipped one), with :math:`f` the task's chance score (random
guessing; fitted where the task has none), :math:`c` its ceiling (the benchmark's maximum, 1) and
:math:`P, Q, \alpha, \beta \ge 0`: the score never leaves :math:`[f, c]`, never falls as N or D
grows, and at fixed N saturates in D at :math:`x_0 - P (N/10^9)^{-\alpha}`, a level that rises
with N (Chinchilla's loss form, Hoffmann et al. 2022 Eq. 2, through a sigmoid, as Ruan et al.
2024, arXiv:2405.10938, and Owen 2024, arXiv:2401.04757, map compute measures to benchmark
scores). Curves written before it (``form = "loglinear"``) take
:math:`\sigma(a \ln(N/10^9) + b \ln(D/10^{12}) - x_0 + r)` instead. :math:`r` is the data
recipe's offset (0 for ``general``; ``code``, fitted on the five code-model families, lowers
MMLU and raises HumanEval), see :data:`RECIPES`. The candidate forms and why this one ships:
:mod:`planner.scores._forms`.

Intervals (80%) combine two parts in quadrature: the spread between model families on the logit
scale :math:`z = \mathrm{logit}((s - f)/(c - f))`, measured on each training family's errors
when it was left out of the fit (:func:`planner.scores._forms.held_out_spread`), widened by
:math:`\sqrt{1 + (g\,\delta)^2}` with :math:`\delta` the distance in (ln N, ln D) to the nearest
calibration model of the recipe (:func:`distance`; :math:`g` fitted on those errors, 0 where they
do not grow); and the coefficients' own uncertainty, from the 10th and 90th percentiles of the
score under refits on model families resampled with replacement
(``planner.scores._fit.BOOTSTRAP`` of them), which grows where the curve extrapolates.

Calibration: :func:`planner.scores._validation.calibrate` on the ObsScaling table (Ruan et al.
2024, Apache-2.0), written to ``presets/scores/obsscaling2024.json`` by
``benchmarks/bench_scores.py`` with its validation on models no fit saw
(:mod:`planner.scores._validation`).
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

import numpy as np

from planner.errors import InputError
from planner.laws._numeric import FloatArray, quantile_last_axis, sigmoid
from planner.laws._preset import LossScoreCurve
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

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "EMERGED_MARGIN",
    "FORMS",
    "INTERVAL",
    "RECIPES",
    "Z90",
    "HeldOutReport",
    "LikeReport",
    "LofoReport",
    "ScoreCalibration",
    "ScoreCurve",
    "StatusCheck",
    "TaskScore",
    "check_recipe",
    "curve_latent",
    "curve_score",
    "distance",
    "emergence_status",
    "family_id",
    "family_offset",
    "latent",
    "loss_curve_score",
    "probability_past",
    "run_recipe",
    "saturating_latent",
]

_SCALE_N, _SCALE_D = 1e9, 1e12

Z90 = 1.2815515655446004
"""The standard normal's 90th percentile, :math:`\\Phi^{-1}(0.9)`."""


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


def saturating_latent(
    x0: float | FloatArray,
    p: float | FloatArray,
    q: float | FloatArray,
    alpha: float | FloatArray,
    beta: float | FloatArray,
    n: FloatArray,
    d: FloatArray,
) -> FloatArray:
    r"""The saturating curve's latent variable.

    .. math:: x_0 - P\,(N/10^9)^{-\alpha} - Q\,(D/10^{12})^{-\beta}

    Chinchilla's loss form (Hoffmann et al. 2022, Eq. 2,
    :math:`E + A N^{-\alpha} + B D^{-\beta}`) turned into a score: at fixed N it rises with D
    to :math:`x_0 - P (N/10^9)^{-\alpha}`, a limit that rises with N; at N, D -> inf it reaches
    :math:`x_0`.

    Parameters
    ----------
    x0, p, q, alpha, beta : float or ndarray
        The curve's limit, capacity terms and exponents (broadcast: draws on the last axis).
    n, d : ndarray
        Total parameters and training tokens (broadcast).

    Returns
    -------
    ndarray
    """
    return np.asarray(x0 - p * np.power(n / _SCALE_N, -alpha) - q * np.power(d / _SCALE_D, -beta))


def curve_latent(curve: ScoreCurve, n: FloatArray, d: FloatArray) -> FloatArray:
    """A curve's latent variable at (N, D), before recipe or family offsets, by its form.

    Parameters
    ----------
    curve : ScoreCurve
        A task's curve.
    n, d : ndarray
        Total parameters and training tokens (broadcast).

    Returns
    -------
    ndarray
    """
    if curve.form == "saturating":
        return saturating_latent(curve.x0, curve.p, curve.q, curve.alpha, curve.beta, n, d)
    return latent(curve.a, curve.b, curve.x0, n, d)


def _draws_latent(curve: ScoreCurve, n: FloatArray, d: FloatArray) -> FloatArray:
    """Each bootstrap refit's latent at (N, D): draws on a new last axis."""
    dx = np.asarray(curve.draws_x0)
    if curve.form == "saturating":
        return saturating_latent(
            dx,
            np.asarray(curve.draws_p),
            np.asarray(curve.draws_q),
            np.asarray(curve.draws_alpha),
            np.asarray(curve.draws_beta),
            n[..., None],
            d[..., None],
        )
    ln_n = np.log(n / _SCALE_N)[..., None]
    ln_d = np.log(d / _SCALE_D)[..., None]
    return np.asarray(np.asarray(curve.draws_a) * ln_n + np.asarray(curve.draws_b) * ln_d - dx)


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


def check_recipe(recipe: object) -> str:
    """A recipe of :data:`RECIPES`, or a clear error.

    Parameters
    ----------
    recipe : object
        The value to check.

    Returns
    -------
    str

    Raises
    ------
    InputError
        Naming ``recipe`` and the known ones.
    """
    if not isinstance(recipe, str) or recipe not in RECIPES:
        raise InputError(f"recipe: must be one of {', '.join(RECIPES)}, got {recipe!r}")
    return recipe


def _recipe_index(curve: ScoreCurve, recipe: str) -> int | None:
    """Index into ``curve.recipe_ids`` (None for ``general``); refuses an unknown recipe."""
    if check_recipe(recipe) == RECIPES[0]:
        return None
    if recipe in curve.recipe_ids:
        return curve.recipe_ids.index(recipe)
    raise InputError(f"recipe: {curve.task} has no calibrated {recipe!r} recipe")


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
    if recipe is not None:
        check_recipe(recipe)
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
    z = curve_latent(curve, n, d) + shift + family
    span = curve.ceiling - curve.floor
    score = curve.floor + span * sigmoid(z)
    where = run_recipe(curve, like, recipe)
    grow = np.sqrt(1.0 + (curve.z_spread_per_distance * distance(curve, n, d, recipe=where)) ** 2)
    # the spread is measured on fractions clipped to [clip, 1 - clip] (near the floor a model
    # counts as at the floor), so it is applied from the clipped latent too
    edge = math.log(curve.spread_clip / (1.0 - curve.spread_clip)) if curve.spread_clip else -np.inf
    zc = np.clip(z, edge, -edge)
    low = curve.floor + span * sigmoid(zc + q_low * grow)
    high = curve.floor + span * sigmoid(zc + q_high * grow)
    low, high = np.minimum(low, score), np.maximum(high, score)
    if curve.draws_a:  # the coefficients' uncertainty, added in quadrature (independent parts)
        fl, ce = np.asarray(curve.draws_floor), np.asarray(curve.draws_ceiling)
        ds = family + (0.0 if r is None else np.asarray(curve.draws_recipe_offsets)[:, r])
        sampled = fl + (ce - fl) * sigmoid(_draws_latent(curve, n, d) + ds)
        top = max(curve.ceiling, float(ce.max()))
        low, high = _with_draws(score, low, high, sampled, curve.floor, top)
    return np.asarray(score), np.asarray(low), np.asarray(high)


def distance(
    curve: ScoreCurve, n_params: float | FloatArray, n_tokens: float | FloatArray, *, recipe: str
) -> FloatArray:
    """Distance in (ln N, ln D) to the nearest calibration model of the recipe (0: none kept).

    Parameters
    ----------
    curve : ScoreCurve
        A task's curve (its ``support``).
    n_params, n_tokens : float or ndarray
        Total parameters and training tokens (broadcast).
    recipe : str
        The run's recipe; the recipe's own models, or all where it has none.

    Returns
    -------
    ndarray
        Of the broadcast shape.
    """
    n = np.asarray(n_params, dtype=np.float64)
    d = np.asarray(n_tokens, dtype=np.float64)
    if not curve.support:
        return np.zeros(np.broadcast(n, d).shape)
    pts = _support_points(curve.support, curve.support_recipes, recipe)
    dn = np.log(n / _SCALE_N)[..., None] - pts[:, 0]
    dd = np.log(d / _SCALE_D)[..., None] - pts[:, 1]
    # the root of the least square, not the least np.hypot: one root per point instead of one
    # per (point, model), 2.6x faster (the compute a score needs asks 64 points at a time);
    # no overflow to guard against, the differences are of logarithms
    return np.asarray(np.sqrt(np.min(dn * dn + dd * dd, axis=-1)))


@functools.lru_cache(maxsize=256)
def _support_points(
    support: tuple[tuple[float, float], ...], recipes: tuple[str, ...], recipe: str
) -> FloatArray:
    """The support's (ln N, ln D) points of ``recipe`` (all where it has none), as an array.

    Cached per curve and recipe: a plan asks each curve several times (its score, the compute
    a score needs), and building the arrays from the tuples was most of :func:`distance`'s
    time (2.2 ms of ``planner plan``). The array is read-only, being shared.
    """
    pts = np.asarray(support, dtype=np.float64)
    mine = np.asarray(recipes) == recipe
    pts = pts[mine] if mine.any() else pts
    pts.flags.writeable = False
    return pts


def _with_draws(
    score: FloatArray,
    low: FloatArray,
    high: FloatArray,
    sampled: FloatArray,
    floor: float,
    top: float,
) -> tuple[FloatArray, FloatArray]:
    """The spread interval widened by the draws' 80% range, the two added in quadrature."""
    c_low, c_high = (quantile_last_axis(sampled, q) for q in INTERVAL)
    low = np.maximum(floor, score - np.hypot(score - low, np.maximum(score - c_low, 0.0)))
    high = np.minimum(top, score + np.hypot(high - score, np.maximum(c_high - score, 0.0)))
    return np.asarray(low), np.asarray(high)


def loss_curve_score(
    curve: LossScoreCurve, loss: float | FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""A task's score at a loss by a curve fitted on the user's runs, with its 80% interval.

    :math:`s(L) = f + (c - f)\,\sigma(k (L_0 - L))`; the interval combines the runs' residual
    spread and the bootstrap refits in quadrature, as :func:`curve_score` does.

    Parameters
    ----------
    curve : LossScoreCurve
        From ``planner fit --task-col`` (:func:`planner.fit._task_curves.fit_loss_curve`).
    loss : float or ndarray
        Losses on the runs' scale.

    Returns
    -------
    score, low, high : ndarray
        Each in [floor, ceiling]; ``low <= score <= high``.
    """
    x = np.asarray(loss, dtype=np.float64)
    z = curve.k * (curve.l0 - x)
    span = curve.ceiling - curve.floor
    score = curve.floor + span * sigmoid(z)
    low = np.minimum(curve.floor + span * sigmoid(z + curve.q_low), score)
    high = np.maximum(curve.floor + span * sigmoid(z + curve.q_high), score)
    if curve.draws_k:
        fl, ce = np.asarray(curve.draws_floor), np.asarray(curve.draws_ceiling)
        dk, dl = np.asarray(curve.draws_k), np.asarray(curve.draws_l0)
        sampled = fl + (ce - fl) * sigmoid(dk * (dl - x[..., None]))
        top = max(curve.ceiling, float(ce.max()))
        low, high = _with_draws(score, low, high, sampled, curve.floor, top)
    return np.asarray(score), np.asarray(low), np.asarray(high)


def emergence_status(
    low: float | FloatArray, high: float | FloatArray, line: float
) -> NDArray[np.str_]:
    """The status an 80% interval gives: ``emerged``, ``near`` or ``not_yet``.

    ``emerged`` when the whole interval clears the line (``low >= line``), ``not_yet`` when it
    is all below (``high < line``), ``near`` when it straddles it. The line is chance +
    :data:`EMERGED_MARGIN` for emergence.

    Parameters
    ----------
    low, high : float or ndarray
        The interval's ends (broadcast).
    line : float
        The line to be past.

    Returns
    -------
    ndarray of str
        Of the broadcast shape (0-d for scalars).

    Examples
    --------
    >>> emergence_status(0.31, 0.5, 0.3), emergence_status(0.2, 0.31, 0.3)
    (array('emerged', dtype='<U7'), array('near', dtype='<U7'))
    """
    lo, hi = np.asarray(low), np.asarray(high)
    return np.where(lo >= line, "emerged", np.where(hi >= line, "near", "not_yet"))


def probability_past(score: float, low: float, high: float, line: float) -> float:
    r"""P(score >= line), an 80% interval read as a split normal.

    :math:`P = \Phi((s - t)/\sigma)` with :math:`t` the line and :math:`\sigma = (s - \ell)/z_{0.9}`
    when the score is above the line, else :math:`(h - s)/z_{0.9}` (the interval's ends as
    the 10th and 90th percentiles); a zero-width half gives 0 or 1.

    Parameters
    ----------
    score, low, high : float
        The score and its 80% interval.
    line : float
        The line to be past (chance + :data:`EMERGED_MARGIN` for emergence).

    Returns
    -------
    float
        In [0, 1]; 0.5 exactly on the line.

    Examples
    --------
    >>> round(probability_past(0.35, 0.30, 0.40, 0.30), 3)
    0.9
    """
    gap = score - line
    width = (score - low) if gap >= 0 else (high - score)
    sigma = width / Z90
    if sigma <= 0.0:
        return 1.0 if gap >= 0 else 0.0
    return 0.5 * (1.0 + math.erf(gap / (sigma * math.sqrt(2.0))))


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
