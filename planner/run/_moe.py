r"""A mixture of experts in the run sheet: FLOPs, memory per GPU with expert parallelism, layouts.

**Parameters.** A model of N parameters, :math:`N_a` of them active per token, with E routed
experts of which K are chosen per token (top-K), splits into the parameters every token uses
(attention, embeddings, dense and shared-expert FFNs) and the routed experts':

.. math:: N = P_d + E\,P_e, \qquad N_a = P_d + K\,P_e
          \;\Rightarrow\; P_e = \frac{N - N_a}{E - K},\quad P_d = N - E\,P_e

(:func:`split_params`). DeepSeek-V3 (DeepSeek-AI 2024, arXiv:2412.19437, §4.2: 671B total, 37B
active, 256 routed experts, 8 active) gives :math:`P_e = 2.56\times10^9` per expert over its 58
MoE layers: 3 x 7168 x 2048 x 58 = 2.55e9, its SwiGLU experts of width 2048. Mixtral 8x7B
(Jiang et al. 2024, arXiv:2401.04088, Table 1) is checked in the tests from its shapes.

**FLOPs per token** (:func:`moe_flops_per_token`): :math:`6 N_a` (each active parameter costs 6
FLOPs per training token, Kaplan et al. 2020 §2.1), plus, where a sequence length is given, the
attention over the context :math:`6\, n_{layer}\, n_{ctx}\, d_{attn}` (Kaplan et al. 2020,
arXiv:2001.08361, Table 1, "Attention: Mask", forward x 3), as ``planner plan --seq-len`` counts
it.

**Expert parallelism** (EP, e GPUs): each GPU of an EP group holds E/e experts. The MoE layers
fold the same GPUs differently from attention ("MoE Parallel Folding", arXiv:2504.14960, as
Megatron-Core's MoE README, megatron/core/transformer/moe/README.md, describes it; the paper
itself was not read here): within a pipeline stage the
t x d GPUs of tensor and data parallelism are regrouped as e x :math:`d_e` for the experts, with
expert tensor parallelism 1 (each expert whole on its GPU: the README's advice to "turn on TP
for Attention part and setting TP=1 for MoE", and DeepSeek-V3's training, which uses no tensor
parallelism at all, §3.2). So e divides E and t x d, and the experts' data-parallel degree is
:math:`d_e = t d / e`.

**Memory per GPU** (:func:`moe_memory_per_gpu`): the dense parameters shard over tensor and
pipeline parallelism, :math:`P_d / (t p)`, the experts over expert and pipeline parallelism,
:math:`E P_e / (e p)`; each part keeps the bytes per parameter of the dense count
(:mod:`planner.run._layout`: 2 bf16 weights, 4 fp32 gradients, 12 Adam bytes, or 8 at FP8 as
DeepSeek-V3 §3.3.3 keeps its moments), and ZeRO stage z shards the dense part's states over its d
replicas and the experts' over their :math:`d_e` (ZeRO, Rajbhandari et al. 2020; the table of
NVIDIA's Megatron-Bridge guide "MoE Training Optimization": EP divides the MoE weights and the
optimizer states, "1/d (MoE only)"). Activations are the dense
count of the active model's shape (Korthikanti et al. 2022, :func:`planner.run._layout.
activation_bytes`): the K experts' intermediate activations are taken as one dense FFN's (for
DeepSeek-V3, 8 x 2048 + 2048 shared = 2.6 d_model per token, against 4 d_model), and the
dispatch buffers are not counted.

**All-to-all** (:func:`all_to_all_bytes`): every MoE layer sends each token's hidden state to
its K experts (dispatch) and back (combine), in the forward pass and again in the backward pass
(DeepSeek-V3 §3.2.1 splits each chunk into "attention, all-to-all dispatch, MLP, and all-to-all
combine"). Per GPU and optimizer step, with s b / t tokens per micro-batch on a GPU
(sequence parallelism), m micro-batches and :math:`L_s` MoE layers in its stage:

.. math:: A = 2\, m\, L_s\, K\, \frac{s b}{t}\, h\, (b_d + b_c)\, \frac{e - 1}{e}\ \text{bytes}

with :math:`b_d = b_c = 2` (bf16), or :math:`b_d = 1` at FP8 (DeepSeek-V3 §3.3.3, "Low-Precision
Communication": activations are quantized to FP8 before dispatch, combine stays in BF16). Routing
is taken as uniform; every layer is counted as an MoE layer (DeepSeek-V3's first three are
dense: 3/61 more); DeepSeek-V3's node-limited routing (at most 4 nodes per token, §3.2.2) is not
modelled. The ranking divides the bytes between NVLink (the EP group's GPUs in one node) and the
network (the others), and adds the time to the communication ratio of :mod:`planner.run._layout`
without overlap (DeepSeek-V3's DualPipe hides it, §3.2.1: an upper bound on its cost).
"""

import math

from planner.data._frozen import Frozen
from planner.defaults import DEFAULT_MFU
from planner.errors import InputError
from planner.io._checks import check_real, check_whole, shown
from planner.planning._records import Accelerator
from planner.run._layout import (
    BYTES_GRADS,
    BYTES_GRADS_HALF,
    BYTES_OPTIMIZER,
    BYTES_OPTIMIZER_FP8,
    BYTES_WEIGHTS,
    Layout,
    LayoutCandidate,
    MemoryBreakdown,
    divisors,
    fits,
    interconnect,
    memory_per_gpu,
    rank_key,
    split_activations,
    split_efficiency,
    splits,
)

__all__ = [
    "MOE_SOURCE",
    "MoELayout",
    "MoELayoutCandidate",
    "MoEMemory",
    "MoESpec",
    "all_to_all_bytes",
    "moe_flops_per_token",
    "moe_layout_candidates",
    "moe_layouts",
    "moe_memory_per_gpu",
    "moe_spec",
    "split_params",
]

MOE_SOURCE = (
    "MoE: N = P_d + E P_e, N_active = P_d + K P_e; FLOPs 6 N_active per token (+ Kaplan et al. "
    "2020 Table 1 attention 6 L s d_attn with --seq-len); experts sharded over EP x PP, dense "
    "weights over TP x PP, expert TP 1 and EP folded into TP x DP (Megatron-Core's MoE "
    "Parallel Folding, arXiv:2504.14960; DeepSeek-V3 arXiv:2412.19437 §3.2: "
    "PP16, EP64 over 8 nodes, ZeRO-1 DP, no TP); all-to-all 2 m L_s K (s b / t) h (b_d + b_c) "
    "(e-1)/e bytes per GPU per step (dispatch and combine, forward and backward, §3.2.1; FP8 "
    "dispatch, §3.3.3)"
)
"""The run sheet's source line for a mixture of experts."""

BYTES_DISPATCH_FP8 = 1.0
"""At FP8 the dispatched activations are FP8 (DeepSeek-V3 §3.3.3, "Low-Precision Communication");
the combine stays BF16 (2 bytes)."""
BYTES_COMBINE = 2.0
"""BF16 hidden states in the combine (and in both directions at bf16)."""


class MoESpec(Frozen):
    """A mixture of experts as the run sheet uses it (from :func:`moe_spec`)."""

    n_params: float
    """Total parameters N."""
    n_active_params: float
    """Parameters active per token, :math:`N_a`."""
    experts: int
    """Routed experts E per MoE layer."""
    top_k: int
    """Routed experts chosen per token, K."""
    ep: int | None = None
    """Expert-parallel degree fixed by the user (None: searched)."""
    dense_params: float
    """:math:`P_d`: parameters every token uses (attention, embeddings, dense, shared)."""
    expert_params: float
    """:math:`E P_e`: the routed experts' parameters, all layers."""


def split_params(
    n_params: float, n_active_params: float, experts: int, top_k: int
) -> tuple[float, float]:
    r"""The dense and the routed-expert parameters of a mixture of experts.

    .. math:: P_e = \frac{N - N_a}{E - K}, \qquad P_d = N - E P_e

    Parameters
    ----------
    n_params, n_active_params : float
        Total parameters N and parameters active per token :math:`N_a`.
    experts, top_k : int
        Routed experts E and experts per token K (K < E).

    Returns
    -------
    (float, float)
        :math:`P_d` and :math:`E P_e`.

    Raises
    ------
    InputError
        :math:`N_a / N < K / E`: the active share cannot hold K of E experts and a dense part.

    Examples
    --------
    >>> dense, routed = split_params(671e9, 37e9, 256, 8)  # DeepSeek-V3
    >>> round(dense / 1e9, 1), round(routed / 256 / 1e9, 3)
    (16.5, 2.556)
    """
    per_expert = (n_params - n_active_params) / (experts - top_k)
    dense = n_params - experts * per_expert
    if dense < -1e-9 * n_params:
        raise InputError(
            f"n_active_params: {n_active_params:.4g} of {n_params:.4g} parameters is below the "
            f"top_k/experts share {top_k}/{experts} that K of E experts alone take"
        )
    return max(dense, 0.0), experts * per_expert


def moe_spec(
    n_params: float,
    n_active_params: object,
    experts: object,
    top_k: object,
    ep: object,
) -> MoESpec | None:
    """Check the mixture-of-experts arguments of a run sheet; None for a dense model.

    Parameters
    ----------
    n_params : float
        Total parameters (already checked).
    n_active_params, experts, top_k, ep : object
        As given: all None (dense), or ``n_active_params``, ``experts`` and ``top_k`` together
        (``ep`` optional).

    Returns
    -------
    MoESpec or None

    Raises
    ------
    InputError
        A missing or bad field, named.

    Examples
    --------
    >>> moe_spec(46.7e9, 12.9e9, 8, 2, None).experts
    8
    >>> moe_spec(7e9, None, None, None, None) is None
    True
    """
    given = {"n_active_params": n_active_params, "experts": experts, "top_k": top_k}
    if all(v is None for v in given.values()) and ep is None:
        return None
    missing = [k for k, v in given.items() if v is None]
    if missing:
        raise InputError(
            f"{missing[0]}: a mixture of experts needs n_active_params, experts and top_k "
            f"together (planner run --active-params, --experts, --top-k); got {shown(None)}"
        )
    e = check_whole(experts, "experts", low=2, high=1_000_000)
    k = check_whole(top_k, "top_k", low=1, high=e - 1)
    n_active = check_real(n_active_params, "n_active_params", low=1e6, high=n_params)
    fixed = None if ep is None else check_whole(ep, "ep", low=1, high=e)
    if fixed is not None and e % fixed:
        raise InputError(f"ep: {fixed} does not divide the {e} experts")
    dense, routed = split_params(n_params, n_active, e, k)
    return MoESpec(
        n_params=n_params, n_active_params=n_active, experts=e, top_k=k, ep=fixed,
        dense_params=dense, expert_params=routed,
    )  # fmt: skip


def moe_flops_per_token(
    n_active_params: float, n_layers: int, d_attn: int, seq_len: int | None
) -> float:
    r"""Training FLOPs per token of a mixture of experts.

    .. math:: 6 N_a + 6\, n_{layer}\, n_{ctx}\, d_{attn}

    the attention term (Kaplan et al. 2020 Table 1, x 3) only where ``seq_len`` is given.

    Parameters
    ----------
    n_active_params : float
        Parameters active per token.
    n_layers, d_attn : int
        Layers and attention width (heads x head size).
    seq_len : int or None
        Tokens per sequence (None: 6 N_a only).

    Returns
    -------
    float

    Examples
    --------
    >>> f"{moe_flops_per_token(37e9, 61, 128 * 128, None):.3g}"
    '2.22e+11'
    >>> f"{moe_flops_per_token(37e9, 61, 128 * 128, 4096):.4g}"
    '2.466e+11'
    """
    attention = 0.0 if seq_len is None else 6.0 * n_layers * seq_len * d_attn
    return 6.0 * n_active_params + attention


def all_to_all_bytes(
    top_k: int,
    seq_len: int,
    micro_batch: int,
    d_model: int,
    *,
    tp: int,
    ep: int,
    moe_layers: int,
    micro_batches: int,
    precision: str = "bf16",
) -> float:
    """Bytes one GPU sends to other GPUs in the all-to-alls of one optimizer step.

    :math:`2 m L_s K (s b / t) h (b_d + b_c) (e - 1)/e` (module docstring).

    Parameters
    ----------
    top_k : int
        Experts per token K.
    seq_len, micro_batch, d_model : int
        s, b and h.
    tp, ep : int
        Tensor-parallel degree t (tokens per GPU s b / t) and expert-parallel degree e.
    moe_layers : int
        MoE layers in the GPU's pipeline stage, :math:`L_s`.
    micro_batches : int
        m per step.
    precision : str
        ``bf16`` (2 + 2 bytes) or ``fp8`` (1-byte dispatch, 2-byte combine).

    Returns
    -------
    float

    Examples
    --------
    >>> all_to_all_bytes(8, 4096, 1, 7168, tp=1, ep=1, moe_layers=4, micro_batches=8)
    0.0
    """
    dispatch = BYTES_DISPATCH_FP8 if precision == "fp8" else BYTES_COMBINE
    tokens = seq_len * micro_batch / tp
    per_pass = top_k * tokens * d_model * (dispatch + BYTES_COMBINE) * (ep - 1) / ep
    return 2.0 * micro_batches * moe_layers * per_pass


class MoEMemory(MemoryBreakdown):
    """Bytes per GPU of one mixture-of-experts layout, with the parameters behind them."""

    dense_params_per_gpu: float
    """:math:`P_d / (t p)`."""
    expert_params_per_gpu: float
    """:math:`E P_e / (e p)`."""


class MoELayout(Layout):
    """A layout of a mixture of experts: the dense layout and its expert parallelism."""

    ep: int
    """Expert-parallel degree e (GPUs over which each layer's experts are spread)."""
    expert_dp: int
    """Data-parallel replicas of each expert, :math:`t d / e`."""
    all_to_all_bytes: float
    """Bytes per GPU per step leaving it in the all-to-alls (:func:`all_to_all_bytes`)."""


def moe_memory_per_gpu(
    dense_params: float,
    expert_params: float,
    n_layers: int,
    d_model: int,
    n_heads: int,
    *,
    tp: int,
    pp: int,
    dp: int,
    ep: int,
    zero_stage: int,
    recompute: str,
    seq_len: int,
    micro_batch: int,
    micro_batches: int,
    vocab_size: int = 0,
    attention: str = "flash",
    fp32_grads: bool = True,
    precision: str = "bf16",
) -> MoEMemory:
    r"""Bytes per GPU of a mixture of experts: model states with EP and ZeRO, activations.

    .. math:: \text{states} = \beta\,\Big(\frac{P_d}{t p}\,/\,z_d + \frac{E P_e}{e p}\,/\,z_e\Big)

    per kind of state (weights 2, gradients 4 or 2, optimizer 12 or 8 bytes, :math:`\beta`),
    :math:`z_d = d` and :math:`z_e = t d / e` where ZeRO shards that state, else 1.

    Parameters
    ----------
    dense_params, expert_params : float
        :math:`P_d` and :math:`E P_e` (:func:`split_params`).
    n_layers, d_model, n_heads : int
        The active model's shape (activations).
    tp, pp, dp, ep : int
        Tensor, pipeline, data and expert parallelism (e divides t d).
    zero_stage : int
        0 to 3.
    recompute : str
        ``none``, ``selective`` or ``full``.
    seq_len, micro_batch, micro_batches : int
        s, b and m.
    vocab_size, attention, fp32_grads, precision
        As in :func:`planner.run._layout.memory_per_gpu`.

    Returns
    -------
    MoEMemory

    Examples
    --------
    >>> m = moe_memory_per_gpu(16.6e9, 654.4e9, 61, 7168, 128, tp=1, pp=16, dp=128, ep=64,
    ...                        zero_stage=1, recompute="full", seq_len=4096, micro_batch=1,
    ...                        micro_batches=120)
    >>> round(m.expert_params_per_gpu / 1e9, 3), round(m.weights / 1e9, 2)
    (0.639, 3.35)
    """
    acts = memory_per_gpu(
        0.0, n_layers, d_model, n_heads, tp=tp, pp=pp, dp=dp, zero_stage=zero_stage,
        recompute=recompute, seq_len=seq_len, micro_batch=micro_batch,
        micro_batches=micro_batches, vocab_size=vocab_size, attention=attention,
        precision=precision,
    )  # fmt: skip
    return _states(
        dense_params / (tp * pp), expert_params / (ep * pp), dp, tp * dp // ep, zero_stage,
        fp32_grads, precision, acts,
    )  # fmt: skip


def _states(
    dense_local: float,
    expert_local: float,
    dp: int,
    expert_dp: int,
    zero_stage: int,
    fp32_grads: bool,
    precision: str,
    acts: MemoryBreakdown,
) -> MoEMemory:
    """The model states of :func:`moe_memory_per_gpu` beside activations counted once."""
    weights, gradients, optimizer = _state_bytes(
        dense_local, expert_local, dp, expert_dp, zero_stage, fp32_grads, precision
    )
    return MoEMemory(
        weights=weights, gradients=gradients, optimizer=optimizer,
        activations=acts.activations, logits=acts.logits,
        dense_params_per_gpu=dense_local, expert_params_per_gpu=expert_local,
    )  # fmt: skip


def _state_bytes(
    dense_local: float,
    expert_local: float,
    dp: int,
    expert_dp: int,
    zero_stage: int,
    fp32_grads: bool,
    precision: str,
) -> tuple[float, float, float]:
    """Bytes of weights, gradients and optimizer states per GPU (module docstring)."""

    def local(stage: int) -> float:  # parameters per GPU of a state ZeRO shards at ``stage``
        if zero_stage >= stage:
            return dense_local / dp + expert_local / expert_dp
        return dense_local + expert_local

    grad_bytes = BYTES_GRADS if fp32_grads else BYTES_GRADS_HALF
    k = BYTES_OPTIMIZER_FP8 if precision == "fp8" else BYTES_OPTIMIZER
    return BYTES_WEIGHTS * local(3), grad_bytes * local(2), k * local(1)


class MoELayoutCandidate(LayoutCandidate, frozen=True, gc=False):
    """One layout of a mixture of experts as plain numbers (see :class:`LayoutCandidate`).

    The dense candidate's fields, then the expert-parallel ones; :meth:`record` builds the
    :class:`MoELayout` and its :class:`MoEMemory`.
    """

    ep: int
    expert_dp: int
    all_to_all_bytes: float
    dense_params_per_gpu: float
    expert_params_per_gpu: float

    def record(self) -> MoELayout:
        """The validated record of this layout.

        Returns
        -------
        MoELayout
        """
        memory = MoEMemory(
            weights=self.weights, gradients=self.gradients, optimizer=self.optimizer,
            activations=self.activations, logits=self.logits,
            dense_params_per_gpu=self.dense_params_per_gpu,
            expert_params_per_gpu=self.expert_params_per_gpu,
        )  # fmt: skip
        return MoELayout(
            tp=self.tp, pp=self.pp, dp=self.dp, zero_stage=self.zero_stage,
            recompute=self.recompute, micro_batch=self.micro_batch,
            micro_batches=self.micro_batches, batch_sequences=self.batch_sequences,
            memory=memory, fits=self.fits, bubble=self.bubble, efficiency=self.efficiency,
            ep=self.ep, expert_dp=self.expert_dp, all_to_all_bytes=self.all_to_all_bytes,
        )  # fmt: skip


def moe_layout_candidates(
    spec: MoESpec,
    n_layers: int,
    d_model: int,
    n_heads: int,
    *,
    accelerator: Accelerator,
    n_gpus: int,
    batch_sequences: int,
    seq_len: int,
    flops_per_token: float,
    micro_batch: int = 1,
    mfu: float = DEFAULT_MFU,
    vocab_size: int = 0,
    attention: str = "flash",
    fp32_grads: bool = True,
    precision: str = "bf16",
) -> list[MoELayoutCandidate]:
    """Every layout of a mixture of experts on ``n_gpus`` as plain numbers, feasible first.

    The search of :func:`moe_layouts` (same figures, same order) without building a validated
    record per layout (:class:`MoELayoutCandidate`; the run sheet builds those it reports).

    Parameters
    ----------
    spec : MoESpec
        The mixture (:func:`moe_spec`).
    n_layers, d_model, n_heads : int
        The active model's shape.
    accelerator : Accelerator
        With ``memory_bytes``; link bandwidths where published.
    n_gpus, batch_sequences, seq_len, micro_batch : int
        As in :func:`planner.run._layout.layouts`.
    flops_per_token : float
        Training FLOPs per token (:func:`moe_flops_per_token`), for the compute time.
    mfu : float
        Model FLOPs utilisation (the communication ratio of the ranking).
    vocab_size, attention, fp32_grads, precision
        As in :func:`planner.run._layout.memory_per_gpu`.

    Returns
    -------
    list of MoELayoutCandidate
        Sorted by :func:`planner.run._layout.rank_key`.

    Raises
    ------
    InputError
        An accelerator without a memory size, or a sequence length, micro-batch or batch below 1.
    """
    hbm = accelerator.memory_bytes
    grid = splits(
        n_layers, d_model, n_heads, accelerator=accelerator, n_gpus=n_gpus,
        batch_sequences=batch_sequences, seq_len=seq_len, micro_batch=micro_batch,
    )  # fmt: skip
    assert hbm is not None  # splits() refused an accelerator without it
    per_node = accelerator.gpus_per_node
    link, network = interconnect(accelerator)
    rate = accelerator.peak_flops_per_s * mfu
    grad_bytes = BYTES_GRADS if fp32_grads else BYTES_GRADS_HALF
    out = []
    for s in grid:
        tp, pp, dp, m, sequences = s.tp, s.pp, s.dp, s.micro_batches, s.sequences
        bubble, tp_time, pp_time = s.bubble, s.tp_time, s.pp_time
        compute = flops_per_token * sequences * seq_len / n_gpus / rate
        stage_layers = math.ceil(n_layers / pp)
        acts = split_activations(
            s, n_layers, d_model, n_heads, seq_len=seq_len, micro_batch=micro_batch,
            vocab_size=vocab_size, attention=attention, precision=precision,
        )  # fmt: skip
        for ep in divisors(math.gcd(spec.experts, tp * dp)):
            if spec.ep is not None and ep != spec.ep:
                continue
            edp = tp * dp // ep
            dense_grads = grad_bytes * spec.dense_params / (tp * pp)
            expert_grads = grad_bytes * spec.expert_params / (ep * pp)
            dp_time = (2 * (dp - 1) / dp * dense_grads
                       + 2 * (edp - 1) / edp * expert_grads) / network  # fmt: skip
            a2a = all_to_all_bytes(
                spec.top_k, seq_len, micro_batch, d_model, tp=tp, ep=ep,
                moe_layers=stage_layers, micro_batches=m, precision=precision,
            )  # fmt: skip
            # of the e - 1 other GPUs of the EP group, those in the node over NVLink
            near = min(ep, per_node) - 1
            a2a_time = a2a / max(ep - 1, 1) * (near / link + (ep - 1 - near) / network)
            dense_local = spec.dense_params / (tp * pp)
            expert_local = spec.expert_params / (ep * pp)
            for zero in range(4):
                weights, gradients, optimizer = _state_bytes(
                    dense_local, expert_local, dp, edp, zero, fp32_grads, precision
                )
                zero_factor = 1.5 if zero == 3 else 1.0
                comm = (tp_time + pp_time + a2a_time + dp_time * zero_factor) / compute
                for recompute, activations, logit_bytes in acts:
                    total = weights + gradients + optimizer + activations
                    efficiency = split_efficiency(s, recompute, comm)
                    out.append(
                        MoELayoutCandidate(
                            tp, pp, dp, zero, recompute, micro_batch, m, sequences, weights,
                            gradients, optimizer, activations, logit_bytes, total,
                            fits(total, hbm), bubble, efficiency, ep, edp, a2a, dense_local,
                            expert_local,
                        )
                    )  # fmt: skip
    out.sort(key=rank_key)
    return out


def moe_layouts(
    spec: MoESpec,
    n_layers: int,
    d_model: int,
    n_heads: int,
    *,
    accelerator: Accelerator,
    n_gpus: int,
    batch_sequences: int,
    seq_len: int,
    flops_per_token: float,
    micro_batch: int = 1,
    mfu: float = DEFAULT_MFU,
    vocab_size: int = 0,
    attention: str = "flash",
    fp32_grads: bool = True,
    precision: str = "bf16",
) -> tuple[MoELayout, ...]:
    """Every layout of a mixture of experts on ``n_gpus``, feasible first, by throughput.

    The dense search of :func:`planner.run._layout.layouts` (t within a node dividing the
    heads, p at most the layers, d the rest) with, for each, every expert-parallel degree e
    that divides the experts and t d (or the one ``spec.ep`` fixes); memory by
    :func:`moe_memory_per_gpu`.

    Parameters
    ----------
    spec : MoESpec
        The mixture (:func:`moe_spec`).
    n_layers, d_model, n_heads : int
        The active model's shape.
    accelerator : Accelerator
        With ``memory_bytes``; link bandwidths where published.
    n_gpus, batch_sequences, seq_len, micro_batch : int
        As in :func:`planner.run._layout.layouts`.
    flops_per_token : float
        Training FLOPs per token (:func:`moe_flops_per_token`), for the compute time.
    mfu : float
        Model FLOPs utilisation (the communication ratio of the ranking).
    vocab_size, attention, fp32_grads, precision
        As in :func:`planner.run._layout.memory_per_gpu`.

    Returns
    -------
    tuple of MoELayout

    Raises
    ------
    InputError
        An accelerator without a memory size, or a sequence length, micro-batch or batch below 1.
    """
    found = moe_layout_candidates(
        spec, n_layers, d_model, n_heads, accelerator=accelerator, n_gpus=n_gpus,
        batch_sequences=batch_sequences, seq_len=seq_len, flops_per_token=flops_per_token,
        micro_batch=micro_batch, mfu=mfu, vocab_size=vocab_size, attention=attention,
        fp32_grads=fp32_grads, precision=precision,
    )  # fmt: skip
    return tuple(c.record() for c in found)
