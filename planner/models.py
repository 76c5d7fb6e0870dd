"""The models: the preset files (laws, accelerators, task families) and the frozen results.

Frozen dataclasses (:class:`planner.frozen.Frozen`): user files are validated by pydantic at
the I/O boundary, shipped presets and results are built directly; the kernels in
:mod:`planner.laws` take plain floats. Every model is hashable, refuses unknown keys (when
validated) and NaN/inf (always).
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from planner.checks import check_id, check_mfu, check_price, check_real, check_whole
from planner.checks import shown as describe_value
from planner.defaults import BUDGET_UNITS, DEFAULT_ACCELERATOR, DEFAULT_MFU, BudgetUnit
from planner.errors import InputError
from planner.frozen import (
    ID_PATTERN,
    Frozen,
    Ge,
    Le,
    Lt,
    MinLen,
    Pattern,
    PositiveFloat,
    build,
    describe_validation_error,
    validate_id,
)
from planner.kinds import (
    DeepSeekLaw,
    GadreLaw,
    Hyperparameters,
    KaplanLaw,
    ParametricLaw,
    ParametricStderr,
    PowerLaw,
    Repetition,
    ScalingLaw,
)
from planner.limits import GPUS_MAX
from planner.mirage_models import MirageReport, MirageRow
from planner.score_models import LossScoreCurve
from planner.ushaped import ShapeAssessment, ShapePosition, TaskShape, validate_shape

__all__ = [
    "DEFAULT_MFU",
    "Accelerator",
    "Budget",
    "BudgetUnit",
    "DeepSeekLaw",
    "Frozen",
    "GadreLaw",
    "HardwareReport",
    "Hyperparameters",
    "InferenceReport",
    "KaplanLaw",
    "LawPreset",
    "LossScale",
    "MirageReport",
    "MirageRow",
    "ModelShape",
    "ParametricLaw",
    "ParametricStderr",
    "Plan",
    "PowerLaw",
    "ReferenceModel",
    "Repetition",
    "RepetitionReport",
    "ScalingLaw",
    "Task",
    "TaskAssessment",
    "TaskFile",
    "TaskStatus",
    "Threshold",
    "build",
    "describe_validation_error",
    "validate_id",
]


class LossScale(Frozen):
    """The scale a loss is measured on. Losses on different scales are not comparable."""

    id: Annotated[str, Pattern(ID_PATTERN)]
    """Stable identifier, e.g. ``massivetext-sp32k``; two losses compare only if ids match."""
    corpus: str
    """Evaluation corpus, e.g. ``MassiveText``."""
    tokenizer: str
    """Tokenizer and vocabulary, e.g. ``SentencePiece, 32k vocabulary``."""
    unit: Literal["nats/token"] = "nats/token"
    """Unit of the loss: cross-entropy per token, natural log."""


class LawPreset(Frozen):
    """One law file in ``presets/laws/``: the law, its citation and its conventions."""

    schema_version: Literal[1] = 1
    id: Annotated[str, Pattern(ID_PATTERN)]
    """Stable id, e.g. ``hoffmann2022-approach3``; equals the file name without ``.toml``."""
    name: str
    """Short human name."""
    source: str
    """Citation: paper, arXiv id, table or equation."""
    notes: str = ""
    """Caveats a user should read."""
    parameter_convention: Literal["total", "non-embedding"]
    """Whether N counts embedding parameters."""
    flop_convention: str
    """How compute is counted, e.g. ``6ND, total parameters``."""
    fitted_compute_flops: tuple[PositiveFloat, PositiveFloat]
    """The range of training compute (FLOPs) the law was fitted on."""
    loss_scale: LossScale | None = None
    """The scale of the law's losses; required when the law predicts a loss."""
    law: ScalingLaw
    task_curve: tuple[LossScoreCurve, ...] = ()
    """Task scores as functions of this law's loss, fitted on the same runs (``planner fit
    --task-col``): plans with the law predict these tasks on the user's own scale."""

    def _validate(self) -> None:
        lo, hi = self.fitted_compute_flops
        if self.task_curve and not self.has_loss:
            raise ValueError("task_curve needs a law that predicts a loss")
        if not lo < hi:
            raise ValueError(
                f"fitted_compute_flops must be [low, high] with low < high, got {lo}, {hi}"
            )
        if self.has_loss and self.loss_scale is None:
            raise ValueError("loss_scale is required for a law that predicts a loss")
        from planner.solve import law_defect

        defect = law_defect(self)
        if defect:
            raise ValueError(defect)

    @property
    def has_loss(self) -> bool:
        """Whether the law predicts a loss."""
        return self.law.has_loss


class Accelerator(Frozen):
    """One accelerator of the hardware catalogue (``presets/hardware/``)."""

    schema_version: Literal[1] = 1
    id: Annotated[str, Pattern(ID_PATTERN)]
    name: str
    peak_flops_per_s: PositiveFloat
    """Dense BF16/FP16 tensor peak, FLOP/s (no 2:4 sparsity)."""
    source: str
    memory_bytes: PositiveFloat | None = None
    """High-bandwidth memory per GPU, bytes (the run sheet's memory check)."""
    board_power_w: PositiveFloat | None = None
    """Maximum board power (TDP), watts (the run sheet's energy)."""
    gpus_per_node: Annotated[int, Ge(1), Le(72)] = 8
    """GPUs per server sharing the fast links (tensor parallelism stays within them)."""
    nvlink_bytes_per_s: PositiveFloat | None = None
    """Per-GPU bidirectional bandwidth of the links within a node (NVLink, Infinity Fabric)."""
    network_bytes_per_s: PositiveFloat | None = None
    """Per-GPU network bandwidth between nodes in the vendor's reference server, where
    published."""


class Budget(Frozen):
    """A training budget in any unit, with the hardware assumptions that convert it to FLOPs.

    Built by users: every field is checked on construction and a bad one raises
    :class:`~planner.errors.InputError` naming it (``Budget.value: ...``).
    """

    value: float
    """The amount, in ``unit`` (> 0; a number or a quantity string such as ``"2M"``)."""
    unit: BudgetUnit = "flops"
    """``flops``, ``pf-days`` (8.64e19 FLOPs), ``gpu-hours`` or ``dollars``."""
    accelerator: str = DEFAULT_ACCELERATOR
    """Accelerator id from the hardware catalogue (used for GPU-hours, dollars, wall clock)."""
    mfu: float = DEFAULT_MFU
    """Model FLOPs utilisation, in [0.001, 1]."""
    price_per_gpu_hour: float | None = None
    """Dollars per GPU-hour, in (0, PRICE_MAX]; required for a budget in dollars."""
    n_gpus: int | None = None
    """GPUs the run uses (1 to GPUS_MAX), for wall-clock days."""

    _INPUT_ERRORS: ClassVar[bool] = True  # unknown or missing keywords are InputErrors too

    def _validate(self) -> None:
        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        put("value", check_real(self.value, "Budget.value", low=0.0, low_open=True))
        if self.unit not in BUDGET_UNITS:
            raise InputError(
                f"Budget.unit: must be one of {', '.join(BUDGET_UNITS)}, got {self.unit!r}"[:200]
            )
        check_id(self.accelerator, "Budget.accelerator")
        if isinstance(self.mfu, str):
            raise InputError(f"Budget.mfu: expected a number, got {describe_value(self.mfu)}")
        put("mfu", check_mfu(self.mfu, "Budget.mfu"))
        if self.price_per_gpu_hour is not None:
            price = check_price(self.price_per_gpu_hour, "Budget.price_per_gpu_hour")
            put("price_per_gpu_hour", price)
        if self.n_gpus is not None:
            if not isinstance(self.n_gpus, int) or isinstance(self.n_gpus, bool):
                raise InputError(
                    f"Budget.n_gpus: expected a whole number, got {describe_value(self.n_gpus)}"
                )
            put("n_gpus", check_whole(self.n_gpus, "Budget.n_gpus", low=1, high=GPUS_MAX))
        if self.unit == "dollars" and self.price_per_gpu_hour is None:
            raise InputError("Budget.price_per_gpu_hour: required for a budget in dollars")


class ModelShape(Frozen):
    """A transformer shape and what it costs."""

    n_layers: int
    d_model: int
    n_heads: int
    head_dim: int
    d_ff: int
    vocab_size: int
    seq_len: int
    n_params_total: float
    """Parameters including the (untied) input embedding."""
    n_params_non_embedding: float
    """Parameters excluding embeddings: 12 · n_layers · d_model² for this layout."""
    flops_per_token_6n: float
    """Training FLOPs per token as 6 · n_params_total."""
    flops_per_token_appendix_f: float
    """Training FLOPs per token by Hoffmann et al. App. F (attention and logits counted)."""
    rule: str
    """The stated rule that produced the shape."""


class RepetitionReport(Frozen):
    """What repeating data costs in a plan (Muennighoff et al. 2023)."""

    unique_tokens: float
    epochs: float
    effective_tokens: float
    effective_params: float
    r_d_star: float
    r_n_star: float


class InferenceReport(Frozen):
    """Training + inference accounting (Sardana et al. 2024)."""

    inference_tokens: float
    target_loss: float
    train_flops: float
    inference_flops: float
    total_flops: float
    compute_optimal_n_params: float
    """N of the Chinchilla-style compute-optimal run reaching the same loss."""
    compute_optimal_n_tokens: float
    compute_optimal_total_flops: float
    """Its train + inference FLOPs for the same inference demand."""
    saving: float
    """1 - total_flops / compute_optimal_total_flops."""


class HardwareReport(Frozen):
    """The plan's compute in hardware terms."""

    accelerator: str
    accelerator_name: str
    peak_flops_per_s: float
    mfu: float
    gpu_hours: float
    n_gpus: int | None = None
    wall_clock_days: float | None = None
    price_per_gpu_hour: float | None = None
    cost_dollars: float | None = None
    source: str

    @property
    def options(self) -> dict[str, object]:
        """The hardware arguments that planned this, to plan or cost something else alike.

        ``accelerator``, ``mfu``, ``n_gpus`` and ``price_per_gpu_hour``.
        """
        return {
            "accelerator": self.accelerator,
            "mfu": self.mfu,
            "n_gpus": self.n_gpus,
            "price_per_gpu_hour": self.price_per_gpu_hour,
        }


class Plan(Frozen):
    """The answer to one planning question. Every figure is finite; ``None`` means not modelled."""

    mode: Literal["budget", "model", "target-loss", "inference"]
    law: str
    """Law id."""
    law_name: str
    law_source: str
    parameter_convention: Literal["total", "non-embedding"]
    compute_flops: float
    """Training compute, 6ND."""
    budget_flops: float | None = None
    """The budget asked for, where the training compute differs from it: an inference-aware
    plan trains past its budget (fewer parameters, more tokens) to spend less in total."""
    n_params: float
    n_tokens: float
    tokens_per_param: float
    loss: float | None
    """Predicted final loss on ``loss_scale``; None where the law publishes no loss model."""
    loss_scale: LossScale | None
    loss_note: str | None = None
    constraint: str | None = None
    """The constraint that decided the split, if any."""
    max_params: float | None = None
    fixed_tokens: float | None = None
    repetition: RepetitionReport | None = None
    inference: InferenceReport | None = None
    hyperparameters: Hyperparameters | None = None
    hardware: HardwareReport | None = None
    shape: ModelShape | None = None
    optimal_n_params: float | None = None
    """N of the unconstrained compute-optimal plan at the same compute, when a constraint or a
    fixed model moved the plan off it."""
    optimal_n_tokens: float | None = None
    optimal_loss: float | None = None
    notes: tuple[str, ...] = ()
    """How the figures were obtained (mappings, defaults, interpretations)."""
    warnings: tuple[str, ...] = ()
    """Legal but dubious aspects, e.g. extrapolation far beyond the law's fitted compute."""
    fitted_compute_flops: tuple[float, float] | None = None
    """The smallest and largest compute the law was fitted on (planner.solve.outside_fitted)."""


# --------------------------------------------------------------------------- task families


class ReferenceModel(Frozen):
    """A published model known to sit on one side of an emergence threshold."""

    name: str
    n_params: PositiveFloat
    n_tokens: PositiveFloat
    emerged: bool
    """True if the ability is present (above random) in this model."""
    evidence: str
    """Citation for the model's side of the threshold and its (N, D)."""


class Threshold(Frozen):
    """A loss threshold below which an ability leaves random-guess level, on one loss scale."""

    loss: PositiveFloat
    band_low: PositiveFloat
    band_high: PositiveFloat
    """The threshold's uncertainty band on its own scale."""
    source: str
    reference_models: tuple[ReferenceModel, ...] = ()
    """Models on either side, used to place the threshold on another law's loss scale."""

    def _validate(self) -> None:
        if not self.band_low <= self.loss <= self.band_high:
            raise ValueError(
                f"need band_low <= loss <= band_high, got {self.band_low}, {self.loss}, "
                f"{self.band_high}"
            )
        sides = {m.emerged for m in self.reference_models}
        if self.reference_models and sides != {True, False}:
            raise ValueError("reference_models need models on both sides (emerged true and false)")


class Task(Frozen):
    """One task family: its kind, metric, baseline and where it emerges."""

    id: Annotated[str, Pattern(ID_PATTERN)]
    name: str
    family: str
    """Grouping, e.g. knowledge, multi-step reasoning, arithmetic."""
    kind: Literal["emergent", "smooth", "u_shaped", "inverse"]
    metric: str
    prompting: str
    random_baseline: Annotated[float, Ge(0), Lt(1)] | None = None
    baseline_source: str | None = None
    spearman_rho: Annotated[float, Ge(-1), Le(1)] | None = None
    """Spearman correlation of performance with pre-training loss (Du et al. Table 2)."""
    threshold: Threshold | None = None
    """A threshold of this task's own; otherwise the file's applies to emergent tasks."""
    emergence_flops: PositiveFloat | None = None
    """Training FLOPs of the smallest model showing the ability (Wei et al. Table 1)."""
    emergence_params: PositiveFloat | None = None
    model_family: str | None = None
    reference: str | None = None
    compute_view_task: str | None = None
    """A task with ``emergence_flops`` that stands in for this one in the compute view."""
    shape: TaskShape | None = None
    """How the score falls (and recovers) with compute: ``u_shaped`` and ``inverse`` tasks."""

    def _validate(self) -> None:
        if self.random_baseline is not None and not self.baseline_source:
            raise ValueError("baseline_source is required with random_baseline")
        validate_shape(self.kind, self.shape)


class TaskFile(Frozen):
    """One file in ``presets/tasks/``: tasks from one source, with the scale of their losses."""

    schema_version: Literal[1] = 1
    source: str
    table: Literal["loss", "compute"] = "loss"
    """Where the file's tasks are shown: the capabilities table (loss view), or the compute-view
    summary (tables of emergence FLOPs such as Wei et al. 2022 Table 1)."""
    loss_scale: LossScale | None = None
    """The scale every threshold in the file is measured on."""
    threshold: Threshold | None = None
    """The threshold shared by the file's emergent tasks (e.g. Du et al.'s ~2.2)."""
    task: Annotated[tuple[Task, ...], MinLen(1)]

    def _validate(self) -> None:
        has_threshold = self.threshold is not None or any(t.threshold for t in self.task)
        if has_threshold and self.loss_scale is None:
            raise ValueError("loss_scale is required when the file has thresholds")
        ids = [t.id for t in self.task]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate task ids: {', '.join(dupes)}")


TaskStatus = Literal["emerged", "near", "not_yet", "smooth", "unknown"] | ShapePosition


class TaskAssessment(Frozen):
    """One task family against one plan."""

    task: str
    name: str
    family: str
    kind: Literal["emergent", "smooth", "u_shaped", "inverse"]
    view: Literal["score", "loss", "compute", "shape", "none"]
    """How the status was decided: by the task's calibrated score curve (planner.score_view),
    by loss threshold (Du et al.), by emergence FLOPs (Wei et al.), or not at all."""
    table: Literal["loss", "compute"] = "loss"
    """Where the task is shown: the capabilities table or the compute-view summary (its task
    file's ``table``)."""
    status: TaskStatus
    threshold_loss: float | None = None
    """Threshold on the plan's law's loss scale (midpoint of the band)."""
    threshold_band: tuple[float, float] | None = None
    loss_scale: str | None = None
    translation: str | None = None
    """How the threshold was placed on the law's loss scale."""
    margin: float | None = None
    """threshold_loss - plan loss: positive means past the loss threshold."""
    compute_flops_to_emerge: float | None = None
    """Least compute at which the task emerges in its view: the score curve's lower bound
    reaching the line, the loss threshold, or the emergence FLOPs."""
    probability: Annotated[float, Ge(0), Le(1)] | None = None
    """Probability that the task has emerged, in its view: past the line by the score interval,
    or past the loss threshold (band and law coefficient uncertainty)."""
    probability_note: str | None = None
    estimated_score: float | None = None
    """The task's calibrated score curve at the plan (planner.scores), where it has one."""
    score_low: float | None = None
    """The 80% interval of the score."""
    score_high: float | None = None
    score_margin: float | None = None
    """Score minus the line (chance + 5 points): positive means emerged by the point score."""
    score_note: str | None = None
    loss_status: TaskStatus | None = None
    """Cross-check beside the score view: the status by Du et al.'s loss threshold."""
    loss_probability: Annotated[float, Ge(0), Le(1)] | None = None
    """Cross-check: P(past the loss threshold)."""
    loss_compute_flops_to_emerge: float | None = None
    """Cross-check: the least compute reaching the loss threshold."""
    compute_status: TaskStatus | None = None
    """Cross-check: the status by Wei et al.'s emergence FLOPs (its own or a stand-in's)."""
    random_baseline: float | None = None
    emergence_flops: float | None = None
    emergence_params: float | None = None
    model_family: str | None = None
    source: str
    note: str | None = None
    shape: ShapeAssessment | None = None
    """A U-shaped or inverse task: where the plan sits on its measured curve."""
