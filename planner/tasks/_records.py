"""The data models of task families: tasks, their thresholds, and a task against a plan.

Re-exported by :mod:`planner.planning._records`.
"""

from typing import Annotated, Literal

from planner.data._frozen import ID_PATTERN, Frozen, Ge, Le, Lt, MinLen, Pattern, PositiveFloat
from planner.laws._published import LossScale
from planner.tasks._ushaped import ShapeAssessment, ShapePosition, TaskShape, validate_shape

__all__ = ["ReferenceModel", "Task", "TaskAssessment", "TaskFile", "TaskStatus", "Threshold"]


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
    requires: tuple[str, ...] = ()
    """What the ability needs beyond pre-training and few-shot prompting (instruction tuning,
    chain-of-thought prompting, ...: Wei et al. 2022 Table 1's "augmented prompting abilities",
    section 4). Such a task is never called emerged from pre-training compute alone."""
    requires_source: str | None = None
    """Where ``requires`` comes from."""
    shape: TaskShape | None = None
    """How the score falls (and recovers) with compute: ``u_shaped`` and ``inverse`` tasks."""

    def _validate(self) -> None:
        if self.random_baseline is not None and not self.baseline_source:
            raise ValueError("baseline_source is required with random_baseline")
        if self.requires and not self.requires_source:
            raise ValueError("requires_source is required with requires")
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


TaskStatus = Literal["emerged", "needs", "near", "not_yet", "smooth", "unknown"] | ShapePosition
"""``needs``: the compute is there, but the ability also needs what ``requires`` names."""


class TaskAssessment(Frozen):
    """One task family against one plan."""

    task: str
    name: str
    family: str
    kind: Literal["emergent", "smooth", "u_shaped", "inverse"]
    view: Literal["score", "loss", "compute", "shape", "none"]
    """How the status was decided: by the task's calibrated score curve (planner.tasks._score_view),
    by loss threshold (Du et al.), by emergence FLOPs (Wei et al.), or not at all."""
    table: Literal["loss", "compute"] = "loss"
    """Where the task is shown: the capabilities table or the compute-view summary (its task
    file's ``table``)."""
    status: TaskStatus
    requires: tuple[str, ...] = ()
    """What the ability needs beyond pre-training (``Task.requires``): where the compute would
    call it emerged, its status is ``needs`` instead."""
    shared_threshold: str | None = None
    """The loss threshold this task shares with others of its file (their consistency is
    ``shared_threshold_note``)."""
    shared_threshold_note: str | None = None
    """Why tasks sharing one loss threshold are given different compute to emerge, if they are."""
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
    """The task's calibrated score curve at the plan (planner.scores._curves), where it has one."""
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

    @property
    def status_text(self) -> str:
        """The status as shown: ``needs instruction tuning`` for ``needs``, ``not yet``, ..."""
        if self.status == "needs":
            return "needs " + " + ".join(self.requires)
        return self.status.replace("_", " ")
