"""The records of planning: the budget, the accelerator, the model shape, and the plan itself.

Frozen dataclasses (:class:`planner.data._frozen.Frozen`): user files are validated by pydantic at
the I/O boundary, shipped presets and results are built directly; the kernels in
:mod:`planner.laws._kernels` take plain floats. Every model is hashable, refuses unknown keys (when
validated) and NaN/inf (always).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from planner.data._frozen import (
    ID_PATTERN,
    Frozen,
    Ge,
    Le,
    Pattern,
    PositiveFloat,
)
from planner.defaults import BUDGET_UNITS, DEFAULT_ACCELERATOR, DEFAULT_MFU, BudgetUnit
from planner.errors import InputError
from planner.io._checks import check_id, check_mfu, check_price, check_real, check_whole
from planner.io._checks import shown as describe_value
from planner.laws._preset import LawPreset
from planner.laws._published import LossScale, PaperCheck
from planner.laws._repetition import RepetitionReport
from planner.laws.kinds import (
    Hyperparameters,
)
from planner.limits import GPUS_MAX

__all__ = [
    "Accelerator",
    "Budget",
    "FlopsPerToken",
    "HardwareReport",
    "InferenceReport",
    "ModelShape",
    "Plan",
]


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
    fp8_flops_per_s: PositiveFloat | None = None
    """Dense FP8 tensor peak, FLOP/s (no 2:4 sparsity), where the datasheet gives one."""
    memory_bandwidth_bytes_per_s: PositiveFloat | None = None
    """Peak HBM bandwidth per GPU, bytes/s."""
    aliases: tuple[str, ...] = ()
    """Other names that resolve to this entry (``h100`` for ``h100-sxm``), lower case."""


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


class FlopsPerToken(Frozen):
    """Training FLOPs per token beyond 6N, by Kaplan et al. 2020 Table 1 (forward x 3).

    Forward per token (arXiv:2001.08361, Table 1): the weight matrices ``2 N`` (N
    non-embedding), the attention mask ``2 n_layer n_ctx d_attn``, the embedding ``4 d_model``
    and the de-embedding (logits) ``2 d_model n_vocab``; training (forward + backward) is three
    times the forward pass (Kaplan et al. 2020 §2.1).
    """

    seq_len: int
    """n_ctx, tokens per sequence."""
    dense: float
    """6N as the plan's law counts N (``parameter_convention``)."""
    non_embedding: float
    """6 N_non-embedding: the weight matrices of the blocks."""
    attention: float
    """6 n_layer n_ctx d_attn (Table 1's "Attention: Mask", x 3)."""
    embedding: float
    """12 d_model (Table 1's "Embed", x 3)."""
    logits: float
    """6 d_model n_vocab (Table 1's "De-embed", x 3)."""
    total: float
    """non_embedding + attention + embedding + logits."""


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
    law_preset: LawPreset
    """The law the plan was made with: its constants, loss scale and own task curves. Every
    consumer of the plan (scores, capabilities, run sheet, reports) reads the law here, so a
    law file's own task curves cannot be lost on the way (issue 23 item 4). As data the plan
    names it by ``law``, ``law_name`` and ``law_source`` (:meth:`model_dump`)."""
    parameter_convention: Literal["total", "non-embedding"]
    compute_flops: float
    """Training compute, 6ND; where ``flops_per_token`` is given, its total times D."""
    budget_flops: float | None = None
    """The budget asked for, where the training compute differs from it: an inference-aware
    plan trains past its budget (fewer parameters, more tokens) to spend less in total."""
    n_params: float
    """Total parameters N as the law counts them (``parameter_convention``)."""
    n_tokens: float
    tokens_per_param: float
    n_active_params: float | None = None
    """Parameters active per token: equal to ``n_params`` for a dense plan (every plan the
    shipped laws make; no mixture-of-experts law is shipped, see
    ``planner.planning._planning.plan``)."""
    flops_per_token: FlopsPerToken | None = None
    """Training FLOPs per token with attention, embedding and logits, where a sequence length
    was given; the budget is then spent at this count (D = C / total), not at 6N."""
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
    """The smallest and largest compute the law was fitted on
    (planner.laws._solve.outside_fitted)."""
    paper_checks: tuple[PaperCheck, ...] = ()
    """The law's allocation at each budget its own paper states one for, against the paper's
    figure (``LawPreset.published_allocation``)."""

    @property
    def law(self) -> str:
        """The id of the plan's law (``law_preset.id``)."""
        return self.law_preset.id

    @property
    def law_name(self) -> str:
        """The name of the plan's law (``law_preset.name``)."""
        return self.law_preset.name

    @property
    def law_source(self) -> str:
        """The citation of the plan's law (``law_preset.source``)."""
        return self.law_preset.source

    def model_dump(self, *, mode: str = "json", exclude_none: bool = False) -> dict[str, Any]:
        """The plan as plain data, its law named by ``law``, ``law_name`` and ``law_source``.

        The law's constants are the law file's, not the plan's: a plan's JSON names its law
        by id (``planner plan --json``), as it did when the plan held only the id.

        Parameters
        ----------
        mode : str
            Accepted for pydantic's signature; the output is always JSON-ready.
        exclude_none : bool
            Leave out fields that are None.

        Returns
        -------
        dict
        """
        data = super().model_dump(mode=mode, exclude_none=exclude_none)
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key == "law_preset":
                out.update(law=self.law, law_name=self.law_name, law_source=self.law_source)
            else:
                out[key] = value
        return out

