"""The records of planning: the budget, the accelerator, the model shape, and the plan itself.

Frozen msgspec Structs (:class:`planner.data._frozen.Frozen`): files (users' and shipped) are
converted by msgspec, records built in Python check the same annotations; the kernels in
:mod:`planner.laws._kernels` take plain floats. Every model is hashable, refuses unknown keys (when
converted) and NaN/inf (always).
"""

from typing import Annotated, Any, ClassVar, Literal

from msgspec import Meta
from msgspec.structs import force_setattr

from planner.data._frozen import (
    ID_PATTERN,
    Frozen,
    Ge,
    Gt,
    Le,
    Pattern,
    PositiveFloat,
)
from planner.defaults import DEFAULT_ACCELERATOR, DEFAULT_GOODPUT, DEFAULT_MFU, BudgetUnit
from planner.errors import InputError
from planner.laws._hyperparameters import Hyperparameters
from planner.laws._preset import LawPreset
from planner.laws._published import LossScale, PaperCheck
from planner.laws._repetition import RepetitionReport
from planner.limits import GOODPUT_RANGE, GPUS_MAX, MFU_RANGE, PRICE_MAX
from planner.units import parse_quantity

__all__ = [
    "Accelerator",
    "Budget",
    "FlopsPerToken",
    "HardwareOptions",
    "HardwareReport",
    "InferenceReport",
    "ModelShape",
    "Plan",
    "Routing",
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


class HardwareOptions(Frozen):
    """The hardware a budget is bought on and a plan is costed on: the one shape of it.

    Built once where the settings enter (the CLI's options, the TUI's form, the keywords of a
    library call through :meth:`planner.planning._hardware.resolve_hardware`), checked on
    construction against its annotations (the record layer, :class:`~planner.data._frozen.Frozen`;
    a bad field raises :class:`~planner.errors.InputError` naming it), then passed inward as a
    value: a :class:`Budget` carries it, and a plan's :class:`HardwareReport` gives it back
    (:attr:`HardwareReport.options`) to plan or cost something else alike.
    """

    accelerator: Annotated[str, Meta(min_length=1)] = DEFAULT_ACCELERATOR
    """Accelerator id from the hardware catalogue (used for GPU-hours, dollars, wall clock)."""
    mfu: Annotated[float, Ge(MFU_RANGE[0]), Le(MFU_RANGE[1])] = DEFAULT_MFU
    """Model FLOPs utilisation, in [0.001, 1]."""
    n_gpus: Annotated[int, Ge(1), Le(GPUS_MAX)] | None = None
    """GPUs the run uses (1 to GPUS_MAX), for wall-clock days."""
    price_per_gpu_hour: Annotated[float, Gt(0.0), Le(PRICE_MAX)] | None = None
    """Dollars per GPU-hour, in (0, PRICE_MAX]; required for a budget in dollars."""
    goodput: Annotated[float, Ge(GOODPUT_RANGE[0]), Le(GOODPUT_RANGE[1])] = DEFAULT_GOODPUT
    """Share of the job's GPU time that trains, in [0.01, 1] (default 90%, Llama 3 405B): a
    GPU-hour of a budget buys ``peak x MFU x goodput x 3600`` FLOPs, and a plan's GPU-hours
    are ``C / (peak x MFU x goodput x 3600)``, as the run sheet counts them."""

    _INPUT_ERRORS: ClassVar[bool] = True  # unknown or missing keywords are InputErrors too

    def _prepare(self) -> None:
        # the price may be given as a quantity string ("2", "1.5e3")
        if isinstance(self.price_per_gpu_hour, str):
            force_setattr(
                self,
                "price_per_gpu_hour",
                parse_quantity(self.price_per_gpu_hour, name="price_per_gpu_hour"),
            )


class Budget(Frozen):
    """A training budget in any unit, with the hardware that converts it to FLOPs.

    Built by users: every field is checked on construction against its annotation and a bad one
    raises :class:`~planner.errors.InputError` naming it (``Budget.value: ...``). The budget is
    parsed here, once; the planning calls take it as it is.

    Examples
    --------
    >>> b = Budget(value="2M", unit="dollars", hardware=HardwareOptions(price_per_gpu_hour=2.0))
    >>> b.value, b.options.accelerator
    (2000000.0, 'h100-sxm')
    """

    value: PositiveFloat
    """The amount, in ``unit`` (> 0; a number or a quantity string such as ``"2M"``)."""
    unit: BudgetUnit = "flops"
    """``flops``, ``pf-days`` (8.64e19 FLOPs), ``gpu-hours`` or ``dollars``."""
    hardware: HardwareOptions | None = None
    """The accelerator, MFU, GPU count and price (default: :class:`HardwareOptions`' own)."""
    days: PositiveFloat | None = None
    """The days the budget was stated over (``512 H100 x 30 days``): the run's deadline."""

    _INPUT_ERRORS: ClassVar[bool] = True  # unknown or missing keywords are InputErrors too

    def _prepare(self) -> None:
        # the amount may be given as a quantity string ("2M", "1.5e3")
        if isinstance(self.value, str):
            force_setattr(self, "value", parse_quantity(self.value, name="Budget.value"))

    def _validate(self) -> None:
        if self.unit == "dollars" and self.options.price_per_gpu_hour is None:
            raise InputError("Budget.price_per_gpu_hour: required for a budget in dollars")

    @property
    def options(self) -> HardwareOptions:
        """The budget's hardware (:class:`HardwareOptions`' defaults where none was given)."""
        return self.hardware if self.hardware is not None else HardwareOptions()


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


class Routing(Frozen):
    """A mixture of experts planned with an MoE law: the routing and the law's account of it."""

    experts: int
    """Experts per MoE layer, E."""
    top_k: int
    """Experts each token is routed to, K."""
    description: str
    """The routing and the law that plans it, in words."""
    past_fitted: tuple[str, ...] = ()
    """How far the plan lies past the runs the law was fitted on (experts, active parameters,
    tokens); empty inside them."""


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
    goodput: float = DEFAULT_GOODPUT
    """The share of GPU time that trains, which ``gpu_hours`` include (C / (peak x MFU x
    goodput x 3600))."""

    @property
    def options(self) -> HardwareOptions:
        """The hardware that planned this, to plan or cost something else alike."""
        return HardwareOptions(
            accelerator=self.accelerator,
            mfu=self.mfu,
            n_gpus=self.n_gpus,
            price_per_gpu_hour=self.price_per_gpu_hour,
            goodput=self.goodput,
        )


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
    """Parameters active per token: equal to ``n_params`` for a dense plan; for a mixture of
    experts (``routing``) the N the law is evaluated at, with C = 6 N_act D and
    ``tokens_per_param`` = D / N_act, while ``n_params`` is the total."""
    routing: Routing | None = None
    """The mixture of experts, where one was planned with an MoE law (None: dense)."""
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
    """The law's batch size and learning rate (:meth:`planner.laws.LawKind.hyperparameters`),
    None where the law publishes none."""
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
        by id (``planner plan --json``), as it did when the plan held only the id; ``routing``
        only where a mixture of experts was planned, so a dense plan's data is what it was
        before MoE plans existed.

        Parameters
        ----------
        mode : str
            As :meth:`planner.data._frozen.Frozen.model_dump`.
        exclude_none : bool
            Leave out every field that is None.

        Returns
        -------
        dict
        """
        data = super().model_dump(mode=mode, exclude_none=exclude_none)
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key == "law_preset":
                out.update(law=self.law, law_name=self.law_name, law_source=self.law_source)
            elif key != "routing" or self.routing is not None:
                out[key] = value
        return out
