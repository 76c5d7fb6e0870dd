r"""Memory per GPU and the parallel layout of a training run.

**Model states** (mixed-precision Adam): 2 bytes per parameter of bf16 weights, 4 of fp32
gradients and K = 12 of fp32 optimizer states (master weights, momentum, variance): 18 bytes
per parameter, the count of Megatron-LM's distributed-optimizer guide for "bf16 parameters,
fp32 gradients" (its default for bf16 training: gradients accumulated and all-reduced in
fp32; https://docs.nvidia.com/megatron-core/developer-guide/latest/distrib_optimizer.html,
table of bytes per parameter). With fp16/bf16 gradients (``fp32_grads=False``) it is the
16 bytes of Rajbhandari et al. 2020, "ZeRO", arXiv:1910.02054, §3.1 (2 + 2 + K = 12).
Tensor (t) and pipeline (p) parallelism split the parameters over t·p GPUs; ZeRO stage 1 also
splits the optimizer states over the d data-parallel replicas (Megatron's distributed
optimizer: 6 + 12/d bytes), stage 2 the gradients too, stage 3 the weights too.
With ``precision="fp8"`` the optimizer states follow DeepSeek-V3's FP8 recipe (DeepSeek-AI
2024, arXiv:2412.19437, §3.3.3): "We adopt the BF16 data format instead of FP32 to track the
first and second moments in the AdamW [...] optimizer [...]. However, the master weights
(stored by the optimizer) and gradients (used for batch size accumulation) are still retained
in FP32": K = 4 + 2 + 2 = 8, so 2 + 4 + 8 = 14 bytes per parameter. The bf16 working weights
are kept (the report quantizes weights to FP8 online, §3.3.2, and states no stored FP8 copy).
Its cached activations follow §3.3.3 too ("cache activations in FP8 format for the backward pass
of the Linear operator"): of Korthikanti et al.'s 34 s b h per layer (§4.1: attention 11 = QKV
input 2 + Q, K 4 + V 2 + output-projection input 2 + dropout mask 1; MLP 19 = first-linear
input 2 + activation input 8 + second-linear input 8 + mask 1; two LayerNorm inputs 4), the
Linear inputs drop to one byte per element (QKV 2 -> 1, first linear 2 -> 1, second linear
8 -> 4), the output projection's input is kept in E5M6, 1.5 bytes (exception 1: 2 -> 1.5), and
the activation function's input in FP8 (exception 2, "Inputs of the SwiGLU operator": 8 -> 4);
the attention operator's Q, K, V, the masks and the norms keep their precision (§3.3.1):
:math:`23.5\, s b h / t` (:data:`ACTIVATION_COEFF_FP8`). The s^2 scores, the full-recomputation
layer input and the fp32 logits (the output head is kept in higher precision, §3.3.1) are
unchanged.

**Activations** per layer, in bytes, with tensor and sequence parallelism over t GPUs,
sequence length s, micro-batch b, width h, heads a (Korthikanti et al. 2022, "Reducing
Activation Recomputation in Large Transformer Models", arXiv:2205.05198, §4 and Table 2):

- ``attention="flash"`` (the default): FlashAttention (Dao et al. 2022, arXiv:2205.14135)
  never stores the s x s attention scores, so nothing grows with :math:`s^2`:
  :math:`34\, s b h / t` without recomputation (Korthikanti's "selective" row, which drops
  exactly the :math:`5 a s^2 b` of the scores, softmax and dropout);
- ``attention="full"``: Korthikanti's full form, :math:`s b h (34 + 5 a s / h) / t` without
  recomputation, :math:`34\, s b h / t` with selective recomputation;
- full recomputation (only each layer's input kept): :math:`2\, s b h / t` either way.

Under the 1F1B pipeline schedule the first stage holds the activations of p micro-batches of
its L/p layers (Narayanan et al. 2021; Korthikanti §4.2.3), at most m (micro-batches per step);
the last stage holds one micro-batch's and the **logits**: the cross-entropy's fp32 logits,
:math:`4\, s b V / t` bytes for vocabulary V split over the t tensor-parallel GPUs (the logit
matrix that dominates small models' training memory, Wijmans et al. 2024, "Cut Your Losses in
Large-Vocabulary Language Models", arXiv:2411.09009). The busier of the two is the memory.

**Reserve.** A layout fits when its bytes are at most 95% of the HBM: the other 5%
(:data:`USABLE_MEMORY`, 4 GB of an 80 GB GPU) is kept for the CUDA context, the cuBLAS and
NCCL workspaces and the caching allocator's fragmentation, which frameworks do not count in
their per-parameter tables ("the total available free memory is less than the total
capacity", PyTorch, ``torch.cuda.set_per_process_memory_fraction``). No published figure sizes
it: 5% is this planner's convention, stated wherever the check is shown.

**Ranking** by expected throughput, a fraction of the compute's peak (no overlap of
communication with compute assumed, so an upper bound on its cost):
:math:`(1 - \text{bubble}) / u / (1 + r) / (1 + c)` with the pipeline bubble
:math:`(p - 1)/(m + p - 1)` (Narayanan et al. 2021), u the stages' imbalance
:math:`\lceil L/p \rceil p / L`, r the recomputation's extra compute
(full: one more forward pass, 2 of 6 units, 1/3; selective: 0.03, Korthikanti et al. Table 4
measure 2.7-4%) and c the communication time over the compute time: tensor-parallel all-reduces
(4 per layer per micro-batch of 2 s b h bytes, ring factor 2(t-1)/t, over the node's links) and
the pipeline's point-to-point sends (2 s b h / t bytes each way per micro-batch, over the
network) and the data-parallel gradient all-reduce (2(d-1)/d of the stage's gradient bytes per
step, 1.5x under ZeRO-3, Rajbhandari et al. §7.2.2, over the network).
"""

import math
from collections.abc import Iterator
from typing import Literal, Protocol

import msgspec

from planner.data._frozen import Frozen
from planner.defaults import DEFAULT_MFU
from planner.errors import InputError
from planner.planning._records import Accelerator

__all__ = [
    "ACTIVATION_COEFF",
    "ACTIVATION_COEFF_FP8",
    "BYTES_OPTIMIZER_FP8",
    "BYTES_PER_PARAM",
    "RECOMPUTES",
    "USABLE_MEMORY",
    "Layout",
    "LayoutCandidate",
    "LayoutChoice",
    "LayoutParts",
    "MemoryBreakdown",
    "Split",
    "activation_bytes",
    "divisors",
    "fits",
    "interconnect",
    "layout_candidates",
    "layouts",
    "memory_per_gpu",
    "rank_key",
    "splits",
    "stage_activations",
]

Recompute = Literal["none", "selective", "full"]
Attention = Literal["flash", "full"]

BYTES_WEIGHTS, BYTES_GRADS, BYTES_OPTIMIZER = 2.0, 4.0, 12.0
"""Mixed-precision Adam with fp32 gradient accumulation: bf16 weights, fp32 gradients, K = 12
bytes of fp32 optimizer states (Megatron-LM distributed-optimizer guide: 18 bytes per
parameter for bf16 parameters and fp32 gradients)."""
BYTES_OPTIMIZER_FP8 = 8.0
"""FP8 recipe: fp32 master weights, bf16 AdamW moments (DeepSeek-V3, arXiv:2412.19437, §3.3.3,
"Low-Precision Optimizer States"): 4 + 2 + 2 bytes per parameter."""
BYTES_GRADS_HALF = 2.0
"""Gradients kept in fp16/bf16 (Rajbhandari et al. 2020 §3.1: 16 bytes per parameter)."""
BYTES_PER_PARAM = BYTES_WEIGHTS + BYTES_GRADS + BYTES_OPTIMIZER
ACTIVATION_COEFF = 34.0
"""Bytes per s b h / t of one layer's activations without the s^2 terms (Korthikanti et al.
2022 §4.1: attention 11, MLP 19, LayerNorm 4)."""
ACTIVATION_COEFF_FP8 = 23.5
"""The same at FP8 as DeepSeek-V3 caches them (arXiv:2412.19437 §3.3.3, see the module
docstring): 34 - (1 + 0.5) attention Linear inputs - (1 + 4 + 4) MLP inputs."""
BYTES_LOGIT = 4.0
"""The cross-entropy's logits are fp32 (see the module docstring)."""
RECOMPUTE_COST: dict[str, float] = {"none": 0.0, "selective": 0.03, "full": 1 / 3}
"""Extra compute of each recomputation (see the module docstring)."""
USABLE_MEMORY = 0.95
"""Share of a GPU's memory a layout may fill: the 5% reserve is the CUDA context, the cuBLAS
and NCCL workspaces and fragmentation (a stated planning convention, see the module
docstring: no published figure sizes it)."""
DEFAULT_NETWORK_BYTES_PER_S = 25e9
"""Per-GPU network bandwidth when the catalogue has none: one 200 Gb/s HDR InfiniBand port per
GPU, the DGX A100 design (NVIDIA DGX A100 datasheet: 8 x ConnectX-6 200 Gb/s)."""


class MemoryBreakdown(Frozen):
    """Bytes per GPU of one layout."""

    weights: float
    gradients: float
    optimizer: float
    activations: float
    """Of the busier pipeline stage, its logits included."""
    logits: float = 0.0
    """The fp32 logits in ``activations`` when the last stage is the busier one, else 0."""

    @property
    def total(self) -> float:
        """All of it, in bytes."""
        return self.weights + self.gradients + self.optimizer + self.activations


class Layout(Frozen):
    """One way to lay a run out on the GPUs, with its memory and expected throughput."""

    tp: int
    """Tensor-parallel degree (within a node, with sequence parallelism)."""
    pp: int
    """Pipeline stages."""
    dp: int
    """Data-parallel replicas."""
    zero_stage: int
    recompute: Recompute
    micro_batch: int
    """Sequences per micro-batch."""
    micro_batches: int
    """Micro-batches per step per replica (m)."""
    batch_sequences: int
    """Sequences per step: the requested batch rounded to m micro-batches per replica."""
    memory: MemoryBreakdown
    fits: bool
    bubble: float
    """Pipeline bubble (p - 1)/(m + p - 1)."""
    efficiency: float
    """Expected throughput as a fraction of peak x MFU (ranking, see the module docstring)."""


class LayoutParts(Protocol):
    """What a search ranks and a user may fix of a layout: a :class:`Layout` or a candidate."""

    @property
    def tp(self) -> int:
        """Tensor-parallel degree."""

    @property
    def pp(self) -> int:
        """Pipeline stages."""

    @property
    def zero_stage(self) -> int:
        """ZeRO stage."""

    @property
    def recompute(self) -> str:
        """Activation recomputation."""

    @property
    def fits(self) -> bool:
        """Whether it fits in the GPU's memory."""

    @property
    def efficiency(self) -> float:
        """Expected throughput as a fraction of peak x MFU."""


class LayoutChoice(Frozen):
    """Parts of the layout the user fixes (``planner run --tp 8 --pp 16``); the rest is searched."""

    _INPUT_ERRORS = True
    tp: int | None = None
    pp: int | None = None
    zero_stage: int | None = None
    recompute: Recompute | None = None

    def _validate(self) -> None:
        for name in ("tp", "pp"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or value < 1):  # fmt: skip
                raise InputError(f"{name}: must be a whole number >= 1, got {value!r}")
        if self.zero_stage is not None and self.zero_stage not in (0, 1, 2, 3):
            raise InputError(f"zero_stage: must be 0, 1, 2 or 3, got {self.zero_stage!r}")
        if self.recompute is not None and self.recompute not in RECOMPUTE_COST:
            raise InputError(f"recompute: must be none, selective or full, got {self.recompute!r}")

    def check(
        self, accelerator: Accelerator, n_layers: int, n_heads: int, n_gpus: int | None
    ) -> None:
        """Refuse a layout that cannot exist on this cluster and model.

        Parameters
        ----------
        accelerator : Accelerator
            Its ``gpus_per_node`` bounds tensor parallelism.
        n_layers, n_heads : int
            Pipeline stages are at most the layers; tensor parallelism divides the heads.
        n_gpus : int or None
            Must be a multiple of tp x pp.

        Returns
        -------
        None

        Raises
        ------
        InputError
            Naming the field and the value.
        """
        tp, pp = self.tp or 1, self.pp or 1
        if tp > accelerator.gpus_per_node:
            raise InputError(
                f"tp: {tp} is above the {accelerator.gpus_per_node} GPUs per node of "
                f"{accelerator.id} (tensor parallelism stays within a node)"
            )
        if n_heads % tp:
            raise InputError(f"tp: {tp} does not divide the model's {n_heads} heads")
        if pp > n_layers:
            raise InputError(f"pp: {pp} stages for {n_layers} layers")
        if n_gpus is not None and n_gpus % (tp * pp):
            raise InputError(f"n_gpus: {n_gpus} is not divisible by tp x pp = {tp * pp}")

    def matches(self, layout: LayoutParts) -> bool:
        """Whether ``layout`` has every fixed part.

        Parameters
        ----------
        layout : Layout or LayoutCandidate

        Returns
        -------
        bool
        """
        return all(
            want is None or want == getattr(layout, name)
            for name, want in (
                ("tp", self.tp), ("pp", self.pp), ("zero_stage", self.zero_stage),
                ("recompute", self.recompute),
            )
        )  # fmt: skip


def activation_bytes(
    seq_len: int,
    micro_batch: int,
    d_model: int,
    n_heads: int,
    tp: int,
    recompute: str,
    attention: str = "flash",
    precision: str = "bf16",
) -> float:
    r"""Activation bytes of one layer on one GPU (Korthikanti et al. 2022, Table 2).

    Parameters
    ----------
    seq_len, micro_batch, d_model, n_heads : int
        s, b, h, a.
    tp : int
        Tensor-parallel degree t (sequence parallelism on).
    recompute : str
        ``none`` (:math:`sbh(34 + 5as/h)/t`, or :math:`34 sbh/t` with FlashAttention),
        ``selective`` (:math:`34 sbh/t`) or ``full`` (:math:`2 sbh/t`).
    attention : str
        ``flash`` (no :math:`s^2` term, the default) or ``full`` (Korthikanti's full form).
    precision : str
        ``bf16`` (34 s b h) or ``fp8`` (23.5 s b h: DeepSeek-V3's FP8 caching,
        :data:`ACTIVATION_COEFF_FP8`).

    Returns
    -------
    float

    Examples
    --------
    >>> activation_bytes(2048, 1, 12288, 96, 8, "selective") / 2**20  # GPT-3 175B shape, MiB
    102.0
    >>> activation_bytes(2048, 1, 12288, 96, 8, "none", "full") / 2**20  # with the s^2 term
    342.0
    """
    if attention not in ("flash", "full"):
        raise InputError(f"attention: must be flash or full, got {attention!r}")
    sbh = float(seq_len) * micro_batch * d_model
    coeff = ACTIVATION_COEFF_FP8 if precision == "fp8" else ACTIVATION_COEFF
    if recompute == "none" and attention == "flash":
        return coeff * sbh / tp
    if recompute == "none":
        return sbh * (coeff + 5 * n_heads * seq_len / d_model) / tp
    if recompute == "selective":
        return coeff * sbh / tp
    if recompute == "full":
        return 2 * sbh / tp
    raise InputError(f"recompute: must be none, selective or full, got {recompute!r}")


def memory_per_gpu(
    n_params: float,
    n_layers: int,
    d_model: int,
    n_heads: int,
    *,
    tp: int,
    pp: int,
    dp: int,
    zero_stage: int,
    recompute: str,
    seq_len: int,
    micro_batch: int,
    micro_batches: int,
    vocab_size: int = 0,
    attention: str = "flash",
    fp32_grads: bool = True,
    precision: str = "bf16",
) -> MemoryBreakdown:
    """Bytes per GPU of model states (ZeRO stage 0-3) and activations (1F1B schedule).

    Parameters
    ----------
    n_params : float
        Total parameters N.
    n_layers, d_model, n_heads : int
        The model's shape.
    tp, pp, dp : int
        Tensor, pipeline and data-parallel degrees.
    zero_stage : int
        0 to 3.
    recompute : str
        ``none``, ``selective`` or ``full``.
    seq_len, micro_batch, micro_batches : int
        s, b and m.
    vocab_size : int
        V, for the last stage's fp32 logits :math:`4 s b V / t` (0: not counted).
    attention : str
        ``flash`` (default) or ``full`` (:func:`activation_bytes`).
    fp32_grads : bool
        Gradients accumulated in fp32 (4 bytes, default) or kept in bf16 (2 bytes).
    precision : str
        ``bf16`` (K = 12 optimizer bytes) or ``fp8`` (DeepSeek-V3's bf16 moments, K = 8, and
        its FP8-cached activations, :func:`activation_bytes`).

    Returns
    -------
    MemoryBreakdown
        Activations of the busier stage: the first (p micro-batches of its layers) or the last
        (one micro-batch and the logits).

    Examples
    --------
    >>> m = memory_per_gpu(1e9, 24, 2048, 16, tp=1, pp=1, dp=1, zero_stage=0, recompute="none",
    ...                    seq_len=2048, micro_batch=1, micro_batches=8)
    >>> round((m.weights + m.gradients + m.optimizer) / 1e9, 1)  # 18 bytes per parameter
    18.0
    """
    weights, grads, optimizer = _states(n_params / (tp * pp), dp, zero_stage, fp32_grads, precision)
    activations, logits = stage_activations(
        activation_bytes(
            seq_len, micro_batch, d_model, n_heads, tp, recompute, attention, precision
        ),
        n_layers, pp, micro_batches, BYTES_LOGIT * seq_len * micro_batch * vocab_size / tp,
    )  # fmt: skip
    return MemoryBreakdown(
        weights=weights, gradients=grads, optimizer=optimizer, activations=activations,
        logits=logits,
    )  # fmt: skip


def _states(
    local: float, dp: int, zero_stage: int, fp32_grads: bool, precision: str
) -> tuple[float, float, float]:
    """Bytes of weights, gradients and optimizer states of ``local`` parameters per GPU.

    ZeRO stage 1 shards the optimizer states over the ``dp`` replicas, 2 the gradients too,
    3 the weights too (see the module docstring).
    """
    weights = BYTES_WEIGHTS * local / (dp if zero_stage >= 3 else 1)
    grad_bytes = BYTES_GRADS if fp32_grads else BYTES_GRADS_HALF
    grads = grad_bytes * local / (dp if zero_stage >= 2 else 1)
    k = BYTES_OPTIMIZER_FP8 if precision == "fp8" else BYTES_OPTIMIZER
    optimizer = k * local / (dp if zero_stage >= 1 else 1)
    return weights, grads, optimizer


def fits(total_bytes: float, memory_bytes: float) -> bool:
    """Whether a layout needing ``total_bytes`` per GPU fits in ``memory_bytes`` of HBM.

    Parameters
    ----------
    total_bytes, memory_bytes : float
        The layout's bytes per GPU and the GPU's HBM.

    Returns
    -------
    bool
        ``total_bytes <= USABLE_MEMORY * memory_bytes``: 5% of the HBM is kept in reserve.

    Examples
    --------
    >>> fits(79.95e9, 80e9), fits(76e9, 80e9)
    (False, True)
    """
    return total_bytes <= USABLE_MEMORY * memory_bytes


def divisors(n: int) -> Iterator[int]:
    """The divisors of ``n`` in increasing order (the degrees a layout search tries).

    Parameters
    ----------
    n : int
        A positive whole number.

    Returns
    -------
    iterator of int
    """
    return (k for k in range(1, n + 1) if n % k == 0)


class Split(msgspec.Struct, frozen=True, gc=False):
    """One split of the GPUs into tensor, pipeline and data parallelism, with what it fixes.

    Shared by the dense search (:func:`layouts`) and the mixture-of-experts search
    (:func:`planner.run._moe.moe_layouts`), which add their own gradients and states. Plain
    numbers, not a checked record (the search builds hundreds); a Struct is built ~4x faster
    than a NamedTuple and its class ~6x faster (0.04 against 0.21 ms of every start-up).
    """

    tp: int
    pp: int
    dp: int
    micro_batches: int
    """Micro-batches per replica and step: the batch rounded to whole micro-batches."""
    sequences: int
    """Sequences per step after that rounding."""
    bubble: float
    """The pipeline bubble, (p - 1) / (m + p - 1)."""
    imbalance: float
    """Stages of uneven depth wait on the deepest: ceil(L / p) p / L."""
    tp_time: float
    """Seconds per step of tensor-parallel all-reduces (4 per layer and micro-batch)."""
    pp_time: float
    """Seconds per step of activations and gradients across stage boundaries."""


def interconnect(accelerator: Accelerator) -> tuple[float, float]:
    """One direction of the node's GPU link and the network per GPU, bytes/s.

    Parameters
    ----------
    accelerator : Accelerator
        With ``nvlink_bytes_per_s`` and ``network_bytes_per_s`` where published.

    Returns
    -------
    link, network : float
        Half the NVLink figure (it counts both directions) and the network, each
        :data:`DEFAULT_NETWORK_BYTES_PER_S` where the catalogue has none.
    """
    link = (accelerator.nvlink_bytes_per_s or DEFAULT_NETWORK_BYTES_PER_S) / 2  # one direction
    network = accelerator.network_bytes_per_s or DEFAULT_NETWORK_BYTES_PER_S
    return link, network


def splits(
    n_layers: int,
    d_model: int,
    n_heads: int,
    *,
    accelerator: Accelerator,
    n_gpus: int,
    batch_sequences: int,
    seq_len: int,
    micro_batch: int,
) -> Iterator[Split]:
    """Every split of ``n_gpus`` a layout search considers, with its bubble and communication.

    Tensor parallelism stays within a node and divides the heads; pipeline stages are at most
    the layers; the data-parallel degree is what is left (``n_gpus = tp * pp * dp``); each
    replica's share of the batch must be a whole number of micro-batches.

    Parameters
    ----------
    n_layers, d_model, n_heads : int
        The model's shape.
    accelerator : Accelerator
        With ``memory_bytes`` (required) and, where published, link bandwidths.
    n_gpus, batch_sequences, seq_len, micro_batch : int
        GPUs, sequences per optimizer step, tokens per sequence, sequences per micro-batch.

    Returns
    -------
    iterator of Split
        In increasing t, then p.

    Raises
    ------
    InputError
        An accelerator without a memory size, or a sequence length, micro-batch or batch below 1.
    """
    if accelerator.memory_bytes is None:
        raise InputError(f"accelerator: {accelerator.id} has no memory size in the catalogue")
    if seq_len < 1 or micro_batch < 1 or batch_sequences < 1:
        raise InputError("seq_len, micro_batch and the batch must each be at least 1")
    link, network = interconnect(accelerator)
    return _splits(
        n_layers, d_model, n_heads, accelerator.gpus_per_node, n_gpus, batch_sequences,
        seq_len, micro_batch, link, network,
    )  # fmt: skip


def _splits(
    n_layers: int,
    d_model: int,
    n_heads: int,
    per_node: int,
    n_gpus: int,
    batch_sequences: int,
    seq_len: int,
    micro_batch: int,
    link: float,
    network: float,
) -> Iterator[Split]:
    for tp in divisors(min(per_node, n_gpus)):
        if n_heads % tp or n_gpus % tp:
            continue
        for pp in divisors(n_gpus // tp):
            if pp > n_layers:
                break
            dp = n_gpus // (tp * pp)
            # the batch rounded to whole micro-batches per replica (at least one each)
            m = max(1, round(batch_sequences / (dp * micro_batch)))
            tp_bytes = 4 * n_layers / pp * m * 2 * seq_len * micro_batch * d_model
            # pipeline: activations out and gradients back at each stage boundary, per
            # micro-batch (2 s b h / t bytes each way)
            pp_time = (2 * m * 2 * seq_len * micro_batch * d_model / tp / network) if pp > 1 else 0
            yield Split(
                tp=tp, pp=pp, dp=dp, micro_batches=m, sequences=m * dp * micro_batch,
                bubble=(pp - 1) / (m + pp - 1),
                imbalance=math.ceil(n_layers / pp) * pp / n_layers,
                tp_time=tp_bytes * 2 * (tp - 1) / tp / link, pp_time=pp_time,
            )  # fmt: skip


class LayoutCandidate(msgspec.Struct, frozen=True, gc=False):
    """One layout of a search as plain numbers; its validated record built only when reported.

    A search ranks every split x ZeRO stage x recomputation (about a thousand for a 1e24 plan)
    and the run sheet reports four: :func:`layout_candidates` ranks these and :meth:`record`
    builds the :class:`Layout` (with its :class:`MemoryBreakdown`) of one, the same record
    :func:`layouts` returns for it. A mixture of experts' candidate
    (:class:`planner.run._moe.MoELayoutCandidate`) adds its fields to these.
    """

    tp: int
    pp: int
    dp: int
    zero_stage: int
    recompute: Recompute
    micro_batch: int
    micro_batches: int
    batch_sequences: int
    weights: float
    gradients: float
    optimizer: float
    activations: float
    logits: float
    total: float
    """Bytes per GPU, ``weights + gradients + optimizer + activations``."""
    fits: bool
    bubble: float
    efficiency: float

    def record(self) -> Layout:
        """The validated record of this layout.

        Returns
        -------
        Layout
        """
        memory = MemoryBreakdown(
            weights=self.weights, gradients=self.gradients, optimizer=self.optimizer,
            activations=self.activations, logits=self.logits,
        )  # fmt: skip
        return Layout(
            tp=self.tp, pp=self.pp, dp=self.dp, zero_stage=self.zero_stage,
            recompute=self.recompute, micro_batch=self.micro_batch,
            micro_batches=self.micro_batches, batch_sequences=self.batch_sequences,
            memory=memory, fits=self.fits, bubble=self.bubble, efficiency=self.efficiency,
        )  # fmt: skip


RECOMPUTES: tuple[Recompute, ...] = ("none", "selective", "full")
"""The recomputation choices a search tries, in the order it tries them."""


def rank_key(candidate: LayoutParts) -> tuple[bool, float, int]:
    """The order of a search's layouts: feasible first, then by expected throughput.

    Parameters
    ----------
    candidate : LayoutParts
        A :class:`LayoutCandidate`, a :class:`Layout` or a mixture of experts' either.

    Returns
    -------
    tuple
        ``(not fits, -efficiency, zero_stage)``: among equals, the lower ZeRO stage (less
        communication); a stable sort keeps the search's order after that.
    """
    return (not candidate.fits, -candidate.efficiency, candidate.zero_stage)


def stage_activations(
    per_layer: float, n_layers: int, pp: int, micro_batches: int, logits: float
) -> tuple[float, float]:
    r"""Activation bytes of the busier pipeline stage under 1F1B, and the logits among them.

    .. math:: \max\big(a \lceil L/p \rceil \min(p, m),\; a \lceil L/p \rceil + g\big)

    with a the bytes of one layer (:func:`activation_bytes`) and g the fp32 logits of the last
    stage (Narayanan et al. 2021; Korthikanti et al. 2022 §4.2.3; see the module docstring).

    Parameters
    ----------
    per_layer : float
        Activation bytes of one layer and micro-batch on one GPU.
    n_layers, pp, micro_batches : int
        L, p and m.
    logits : float
        The last stage's logit bytes, :math:`4 s b V / t`.

    Returns
    -------
    activations, logits : float
        The busier stage's bytes, and the logits in them (0 when the first stage is busier).

    Examples
    --------
    >>> stage_activations(1.0, 8, 2, 4, 0.5)  # first stage: 4 layers x 2 micro-batches
    (8.0, 0.0)
    """
    stage_layers = math.ceil(n_layers / pp)
    first = per_layer * stage_layers * min(pp, micro_batches)
    last = per_layer * stage_layers + logits
    return max(first, last), logits if last >= first else 0.0


def split_activations(
    s: Split,
    n_layers: int,
    d_model: int,
    n_heads: int,
    *,
    seq_len: int,
    micro_batch: int,
    vocab_size: int,
    attention: str,
    precision: str,
) -> list[tuple[Recompute, float, float]]:
    """Per recomputation, the busier stage's activation and logit bytes of a split.

    They depend on neither ZeRO nor the data- or expert-parallel degree, so both searches
    (:func:`layout_candidates`, :func:`planner.run._moe.moe_layout_candidates`) count them
    once per split: :func:`stage_activations` of :func:`activation_bytes`, with the last
    stage's fp32 logits :math:`4 s b V / t`.

    Parameters
    ----------
    s : Split
        The split (its t, p and micro-batches).
    n_layers, d_model, n_heads : int
        The model's shape.
    seq_len, micro_batch, vocab_size : int
        Sequence length, sequences per micro-batch, vocabulary.
    attention, precision : str
        As in :func:`memory_per_gpu`.

    Returns
    -------
    list of (recompute, activations, logits)
        In the order of :data:`RECOMPUTES`.
    """
    logits = BYTES_LOGIT * seq_len * micro_batch * vocab_size / s.tp
    return [
        (r, *stage_activations(
            activation_bytes(seq_len, micro_batch, d_model, n_heads, s.tp, r, attention,
                             precision),
            n_layers, s.pp, s.micro_batches, logits,
        ))
        for r in RECOMPUTES
    ]  # fmt: skip


def split_efficiency(s: Split, recompute: Recompute, comm: float) -> float:
    r"""The expected share of peak throughput a layout keeps, the ranking's figure.

    .. math:: \eta = \frac{1 - \text{bubble}}{\text{imbalance}\,(1 + r)\,(1 + c)}

    with r the recomputation's extra compute (:data:`RECOMPUTE_COST`) and c the communication
    time over the compute time.

    Parameters
    ----------
    s : Split
        The split (its pipeline bubble and stage imbalance).
    recompute : str
        The recomputation.
    comm : float
        Communication over compute time, per step.

    Returns
    -------
    float
    """
    return (1 - s.bubble) / s.imbalance / (1 + RECOMPUTE_COST[recompute]) / (1 + comm)


def layout_candidates(
    n_params: float,
    n_layers: int,
    d_model: int,
    n_heads: int,
    *,
    accelerator: Accelerator,
    n_gpus: int,
    batch_sequences: int,
    seq_len: int,
    micro_batch: int = 1,
    mfu: float = DEFAULT_MFU,
    vocab_size: int = 0,
    attention: str = "flash",
    fp32_grads: bool = True,
    precision: str = "bf16",
) -> list[LayoutCandidate]:
    """Every layout of ``n_gpus`` GPUs as plain numbers, feasible ones first, by throughput.

    The search of :func:`layouts` (same figures, same order) without building a validated
    record per layout: the run sheet builds those of the layouts it reports
    (:meth:`LayoutCandidate.record`).

    Parameters
    ----------
    n_params : float
        Total parameters.
    n_layers, d_model, n_heads : int
        The model's shape.
    accelerator : Accelerator
        With ``memory_bytes`` (required) and, where published, link bandwidths.
    n_gpus : int
        GPUs in the run.
    batch_sequences : int
        Sequences per optimizer step.
    seq_len, micro_batch : int
        Sequence length and sequences per micro-batch.
    mfu : float
        Model FLOPs utilisation (for the compute time behind the communication ratio).
    vocab_size, attention, fp32_grads, precision
        As in :func:`memory_per_gpu`.

    Returns
    -------
    list of LayoutCandidate
        Sorted by :func:`rank_key`.

    Raises
    ------
    InputError
        An accelerator without a memory size, or a sequence length or micro-batch below 1.
    """
    hbm = accelerator.memory_bytes
    grid = splits(
        n_layers, d_model, n_heads, accelerator=accelerator, n_gpus=n_gpus,
        batch_sequences=batch_sequences, seq_len=seq_len, micro_batch=micro_batch,
    )  # fmt: skip
    assert hbm is not None  # splits() refused an accelerator without it
    _, network = interconnect(accelerator)
    rate = accelerator.peak_flops_per_s * mfu
    out = []
    for s in grid:
        tp, pp, dp, m = s.tp, s.pp, s.dp, s.micro_batches
        # per step and GPU: compute, and data-parallel communication beside the split's own
        compute = 6 * n_params * s.sequences * seq_len / n_gpus / rate
        grads = (BYTES_GRADS if fp32_grads else BYTES_GRADS_HALF) * n_params / (tp * pp)
        dp_time = 2 * (dp - 1) / dp * grads / network
        acts = split_activations(
            s, n_layers, d_model, n_heads, seq_len=seq_len, micro_batch=micro_batch,
            vocab_size=vocab_size, attention=attention, precision=precision,
        )  # fmt: skip
        local = n_params / (tp * pp)
        for zero in range(4):
            weights, gradients, optimizer = _states(local, dp, zero, fp32_grads, precision)
            zero_factor = 1.5 if zero == 3 else 1.0
            comm = (s.tp_time + s.pp_time + dp_time * zero_factor) / compute
            for recompute, activations, logit_bytes in acts:
                total = weights + gradients + optimizer + activations
                efficiency = split_efficiency(s, recompute, comm)
                out.append(
                    LayoutCandidate(
                        tp, pp, dp, zero, recompute, micro_batch, m, s.sequences, weights,
                        gradients, optimizer, activations, logit_bytes, total,
                        fits(total, hbm), s.bubble, efficiency,
                    )
                )  # fmt: skip
    out.sort(key=rank_key)
    return out


def layouts(
    n_params: float,
    n_layers: int,
    d_model: int,
    n_heads: int,
    *,
    accelerator: Accelerator,
    n_gpus: int,
    batch_sequences: int,
    seq_len: int,
    micro_batch: int = 1,
    mfu: float = DEFAULT_MFU,
    vocab_size: int = 0,
    attention: str = "flash",
    fp32_grads: bool = True,
    precision: str = "bf16",
) -> tuple[Layout, ...]:
    """Every layout of ``n_gpus`` GPUs, feasible ones first, by expected throughput.

    Tensor parallelism stays within a node and divides the heads; pipeline stages are at most
    the layers; the data-parallel degree is what is left (``n_gpus = tp * pp * dp``); each
    replica's share of the batch must be a whole number of micro-batches. Each split is tried
    with ZeRO stages 0 to 3 and each recomputation; memory by :func:`memory_per_gpu`.

    Parameters
    ----------
    n_params : float
        Total parameters.
    n_layers, d_model, n_heads : int
        The model's shape.
    accelerator : Accelerator
        With ``memory_bytes`` (required) and, where published, link bandwidths.
    n_gpus : int
        GPUs in the run.
    batch_sequences : int
        Sequences per optimizer step.
    seq_len, micro_batch : int
        Sequence length and sequences per micro-batch.
    mfu : float
        Model FLOPs utilisation (for the compute time behind the communication ratio).
    vocab_size, attention, fp32_grads, precision
        As in :func:`memory_per_gpu`.

    Returns
    -------
    tuple of Layout
        Feasible layouts first, each group by decreasing efficiency; empty if no split of
        ``n_gpus`` exists (heads or layers too few).

    Raises
    ------
    InputError
        An accelerator without a memory size, or a sequence length or micro-batch below 1.
    """
    found = layout_candidates(
        n_params, n_layers, d_model, n_heads, accelerator=accelerator, n_gpus=n_gpus,
        batch_sequences=batch_sequences, seq_len=seq_len, micro_batch=micro_batch, mfu=mfu,
        vocab_size=vocab_size, attention=attention, fp32_grads=fp32_grads, precision=precision,
    )  # fmt: skip
    return tuple(c.record() for c in found)
