"""The data of the task score curves: constants, the curve, its calibration file and results.

The mathematics is in :mod:`planner.scores._curves` (which re-exports these), the fitting in
:mod:`planner.scores._fit`.
"""

from typing import Annotated, Literal

from planner.data._frozen import ID_PATTERN, Frozen, Ge, Le, MinLen, Pattern

FORMS = ("loglinear", "saturating")
"""The shapes a task's score curve can take (see :mod:`planner.scores._curves`): ``loglinear``, the
sigmoid of a weighted sum of ln N and ln D (the first calibration's), and ``saturating``, the
sigmoid of a Chinchilla-like capacity term, which at fixed N saturates in D."""

__all__ = [
    "EMERGED_MARGIN",
    "FORMS",
    "INTERVAL",
    "RECIPES",
    "HeldOutReport",
    "LikeReport",
    "LofoReport",
    "ScoreCalibration",
    "ScoreCurve",
    "StatusCheck",
    "TaskScore",
]

INTERVAL = (0.10, 0.90)
"""Quantiles of the family-spread interval: an 80% interval."""
EMERGED_MARGIN = 0.05
"""A score counts as emerged when it is at least 5 points above chance (this project's
convention: the smallest gain the evaluation tables resolve reliably). A prediction is called
emerged by its point score; it is *sure* when its whole 80% interval is on that side. (Calling
by the interval's low end instead gets 74% of held-out MMLU models right, against 87%.)"""


RECIPES = ("general", "code")
"""Data recipes a plan can state: ``general`` (web text, books, some code: the default) or
``code`` (trained mostly on source code, like StarCoder or DeepSeek-Coder). Each curve carries a
fitted logit-scale offset of ``code`` against ``general`` (lower on MMLU, higher on HumanEval);
on the held-out families it takes the ObsScaling MMLU error from 6.0 to 4.8 points."""


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
    """10th percentile of the leave-one-out deviations within families, (r - mean) k / (k - 1):
    each model's residual less the mean of its family's other models (the spread within a
    recipe, used with ``like``; families of one model are left out)."""
    q_high_within: float
    recipe_ids: tuple[str, ...] = ()
    """Recipes other than ``general`` seen in the calibration (see :data:`RECIPES`)."""
    recipe_offsets: tuple[float, ...] = ()
    """Each one's logit-scale offset against ``general``, fitted with the curve."""
    family_ids: tuple[str, ...] = ()
    """The calibration's model families (``qwen1.5``, ``pythia``: the table's names, slugged)."""
    family_offsets: tuple[float, ...] = ()
    """Each family's mean logit-scale residual: > 0 scores more per (N, D) than the curve."""
    family_sizes: tuple[int, ...] = ()
    """Each family's models on this task."""
    family_recipes: tuple[str, ...] = ()
    """Each family's recipe (its offset is measured from that recipe's curve)."""
    draws_floor: tuple[float, ...] = ()
    """Refits on resampled families (cluster bootstrap), one entry per draw: the floor ..."""
    draws_ceiling: tuple[float, ...] = ()
    draws_a: tuple[float, ...] = ()
    draws_b: tuple[float, ...] = ()
    draws_x0: tuple[float, ...] = ()
    draws_recipe_offsets: tuple[tuple[float, ...], ...] = ()
    """Per draw, the offsets of ``recipe_ids``."""
    params_range: tuple[float, float] | None = None
    """Fewest and most parameters N among the calibration models: outside, the curve
    extrapolates (and a plan's score says so)."""
    tokens_range: tuple[float, float] | None = None
    """Fewest and most training tokens D among the calibration models."""
    form: Literal["loglinear", "saturating"] = "loglinear"
    """The curve's shape (:data:`FORMS`); files without the field are ``loglinear``."""
    p: Annotated[float, Ge(0.0)] = 0.0
    """``saturating``: the parameters' capacity term P of P (N / 1e9)^-alpha."""
    q: Annotated[float, Ge(0.0)] = 0.0
    """``saturating``: the tokens' term Q of Q (D / 1e12)^-beta."""
    alpha: Annotated[float, Ge(0.0)] = 0.0
    """``saturating``: the parameters' exponent."""
    beta: Annotated[float, Ge(0.0)] = 0.0
    """``saturating``: the tokens' exponent."""
    draws_p: tuple[float, ...] = ()
    """``saturating``: P of each refit (as ``draws_a`` ...)."""
    draws_q: tuple[float, ...] = ()
    draws_alpha: tuple[float, ...] = ()
    draws_beta: tuple[float, ...] = ()
    z_spread_per_distance: Annotated[float, Ge(0.0)] = 0.0
    """How much the logit-scale interval widens per unit of distance past the calibration
    models in (ln N, ln D) (each 80% half-width grows by this times the distance, in
    quadrature); 0: no widening beyond the bootstrap's."""
    support: tuple[tuple[float, float], ...] = ()
    """(ln(N / 1e9), ln(D / 1e12)) of each calibration model: the distance to the nearest
    one of the plan's recipe widens the interval (``z_spread_per_distance``)."""
    support_recipes: tuple[str, ...] = ()
    """Each calibration model's recipe."""
    spread_clip: Annotated[float, Ge(0.0), Le(0.1)] = 0.0
    """The fraction (score - floor) / (ceiling - floor) was clipped to [clip, 1 - clip] when the
    spread was measured; the interval is applied from the latent clipped alike (0: unclipped)."""

    def _validate(self) -> None:
        spans = (("params_range", self.params_range), ("tokens_range", self.tokens_range))
        for name, span in spans:
            if span is not None and not 0 < span[0] <= span[1]:
                raise ValueError(f"{name}: need 0 < low <= high, got {span}")
        if not self.floor < self.ceiling:
            raise ValueError(f"need floor < ceiling, got {self.floor}, {self.ceiling}")
        if not len(self.family_ids) == len(self.family_offsets) == len(self.family_sizes):
            raise ValueError("family_ids, family_offsets and family_sizes differ in length")
        draws: tuple[tuple[float, ...], ...] = (
            self.draws_floor,
            self.draws_ceiling,
            self.draws_a,
            self.draws_b,
            self.draws_x0,
        )
        if self.form == "saturating":
            draws = (*draws, self.draws_p, self.draws_q, self.draws_alpha, self.draws_beta)
        if len({len(x) for x in draws}) > 1:
            raise ValueError("the draws_* arrays differ in length")
        if len(self.recipe_ids) != len(self.recipe_offsets) or not set(self.recipe_ids) <= set(
            RECIPES[1:]
        ):
            raise ValueError(f"recipe_ids must be some of {RECIPES[1:]}, one offset each")
        if self.family_recipes and len(self.family_recipes) != len(self.family_ids):
            raise ValueError("family_recipes and family_ids differ in length")
        if self.draws_recipe_offsets and (
            len(self.draws_recipe_offsets) != len(self.draws_a)
            or {len(x) for x in self.draws_recipe_offsets} != {len(self.recipe_ids)}
        ):
            raise ValueError("draws_recipe_offsets: one row per draw, one offset per recipe")
        if not self.q_low <= self.q_high:
            raise ValueError(f"need q_low <= q_high, got {self.q_low}, {self.q_high}")


class StatusCheck(Frozen):
    """Held-out models given one status, and how many of them had emerged."""

    status: Literal["emerged", "near", "not_yet"]
    models: int
    emerged: int
    """Of those, the models whose measured score is at least chance + EMERGED_MARGIN."""


class LofoReport(Frozen):
    """Leave-one-family-out validation of one task's curve."""

    task: str
    n_models: int
    n_families: int
    mae_points: float
    """Mean absolute error of the held-out scores, in points (score x 100)."""
    coverage: float
    """Share of held-out scores inside their 80% interval."""
    bias_points: float | None = None
    """Mean of predicted minus measured, in points (> 0: the curve predicts too high)."""
    median_width_points: float | None = None
    """Median width of the held-out models' 80% intervals, in points."""
    form: str = "loglinear"
    """The candidate curve validated (``planner.scores._fit.FIT_FORMS``)."""
    calls_right: float | None = None
    """Share of held-out models called right as emerged or not (None without a chance score)."""
    overtrained_models: int = 0
    """Held-out models trained on more than 100 tokens per parameter."""
    overtrained_calls_right: float | None = None
    """Share of those called right."""
    overtrained_sure_misses: int | None = None
    """Of those, how many had emerged yet were called "not yet" with the whole 80% interval
    below the line (a near-certain wrong call)."""
    brier: float | None = None
    """Mean squared error of the held-out P(emerged) (the capabilities' P, from the 80% interval
    as a split normal) against whether each model emerged: 0 is perfect, 0.25 a coin flip."""
    brier_base_rate: float | None = None
    """The same for a constant P, the held-out models' share that emerged (no skill)."""
    statuses: tuple[StatusCheck, ...] = ()
    """The held-out models by the status the planner shows (``emerged`` when the whole 80%
    interval clears chance + EMERGED_MARGIN, ``not_yet`` when it is all below, ``near``
    otherwise) and how many of each had emerged (empty without a chance score)."""


class HeldOutReport(Frozen):
    """One task's curve scored on models no fit saw: released after a cut-off, or newer ones."""

    task: str
    which: str
    """What was held out (``released from 2024-01-01``, ``newer base models``)."""
    n_fitted: int
    """Models the curve was fitted on."""
    n_models: int
    """Held-out models scored."""
    mae_points: float
    bias_points: float
    """Mean of predicted minus measured, in points."""
    coverage: float
    median_width_points: float
    brier: float | None = None
    """Of P(emerged), as in :class:`LofoReport`."""
    brier_base_rate: float | None = None
    """A constant P at the held-out models' own base rate (an oracle: it knows how many of them
    emerged; 0 when all or none did)."""
    brier_fit_rate: float | None = None
    """A constant P at the base rate of the models the curve was fitted on (what a forecaster
    without skill knows before the held-out models are seen)."""


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
    held_out: tuple[HeldOutReport, ...] = ()
    """Out-of-time validation (fit before a cut-off, score the later models) and the newer
    base models no fit saw, per task (:mod:`planner.scores._validation`)."""


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
    status: Literal["emerged", "near", "not_yet"] | None = None
    """``emerged`` when the whole 80% interval clears chance + EMERGED_MARGIN, ``not_yet`` when
    it is all below, ``near`` when it straddles the line (None without a chance score); the
    capabilities' status of the task (planner.tasks._score_view)."""
    calibration: str
    """Which data and method the curve comes from."""
    requires: tuple[str, ...] = ()
    """What the score needed beyond pre-training (the task file's ``requires``: GSM8K's were
    measured with few-shot chain of thought, ``("CoT prompting",)``), so an ``emerged`` score
    is never read as emerged from pre-training FLOPs alone (issue 19 item 4). Filled by
    :func:`planner.task_scores` (:func:`planner.tasks.task_scores`); empty from the curves
    alone (:func:`planner.scores.task_scores`)."""
