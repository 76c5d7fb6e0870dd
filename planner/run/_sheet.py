r"""From a plan to a run sheet: batch and learning rate, layout and memory, days, energy, cost.

**Hyperparameters.** Every law of ``presets/hyperparams/`` (:mod:`planner.run._hparams`) gives a
rate and/or a batch; the sheet uses the ones with the smallest error on a fixed selection set of
published runs (the rate from DeepSeek, the batch from Step Law; held-out errors on the other
runs in the README) and shows the spread. DeepSeek LLM 2024
(arXiv:2401.02954, Eq. 1), fitted on budgets of 1e17 to
2e19 FLOPs in their convention :math:`C = M D` (M the non-embedding FLOPs per token with the
attention over the sequence, :func:`planner.planning._shapes.deepseek_flops_per_token`):

.. math:: B_{opt} = 0.2920\, C^{0.3271}\ \text{tokens}, \qquad
          \eta_{opt} = 0.3118\, C^{-0.1250}

Kaplan et al. 2020's critical batch (Eq. 1.4 / 5.3): :math:`B_{crit}(L) = B_* / L^{1/\alpha_B}`,
:math:`B_* \approx 2\times10^8` tokens, :math:`\alpha_B = 0.21`, in nats on WebText2: at another
loss scale it is shown with that flag. The batch is rounded to whole sequences; steps = D / B.

**Wall clock.** GPU-hours = C / (peak x MFU x goodput x 3600) with the MFU a published run
reached on the accelerator at that scale and the goodput of Llama 3's run
(:mod:`planner.run._throughput`); days on K GPUs = GPU-hours / (24 K); the GPUs to finish within
T days = GPU-hours / (24 T), rounded up to whole nodes; K GPUs that miss T days warn first.

**Energy, carbon, cost.** Two named methods (:class:`EnergyOptions`):

- ``model-card`` (the default): kWh = GPU-hours x GPU power x PUE, the way the labs' model
  cards count it: "power consumption is the peak power capacity per GPU device used, adjusted
  for power usage efficiency" (Llama 3.1 model card; Touvron et al. 2023b, Llama 2, §2.2.1
  and Table 2);
- ``server-overhead``: kWh = GPU-hours x GPU power x server overhead (1.82, the DGX H100's
  CPUs, memory, network and fans) x PUE (Epoch AI's estimate of a cluster's power).

tCO2e = kWh x grid intensity (location-based); dollars as rental (GPU-hours x price) and as
energy (kWh x price per kWh). With the defaults (PUE 1.14, 0.366 kg/kWh) the model-card method
gives 9,000 t for Llama 3.1 405B's 30.84M H100-hours at 700 W (card: 8,930 t) and 287 t for
Llama 2 70B's 1.72M A100-hours at 400 W (paper: 291.42 t).
"""

import functools
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from planner.data._frozen import Frozen, Ge, Le
from planner.defaults import DEFAULT_ACCELERATOR
from planner.errors import InputError
from planner.io._check_types import check_text
from planner.io._checks import (
    check_flag,
    check_goodput,
    check_id,
    check_mfu,
    check_price,
    check_real,
    check_whole,
    shown,
)
from planner.laws._hyperparameters import given
from planner.laws._published import LossScale
from planner.limits import GPUS_MAX, LOSS_RANGE
from planner.planning._records import Accelerator, ModelShape
from planner.run._hparams import (
    DEFAULT_BATCH_LAW,
    DEFAULT_LR_LAW,
    DEFAULT_SEQ_LEN,
    Hyperparameters,
    hyperparameters,
)
from planner.run._layout import (
    USABLE_MEMORY,
    Layout,
    LayoutCandidate,
    LayoutChoice,
    MemoryBreakdown,
    layout_candidates,
)
from planner.run._throughput import (
    DEFAULT_GOODPUT,
    FP8_MFU_NOTE,
    PRECISIONS,
    peak_for,
    published_mfu,
)

if TYPE_CHECKING:
    from planner.run._moe import MoELayoutCandidate

__all__ = [
    "DEFAULT_SEQ_LEN",
    "EnergyOptions",
    "Hyperparameters",
    "MoERunSheet",
    "RunSheet",
    "energy_kwh",
    "hyperparameters",
    "run_sheet",
]

DEFAULT_DAYS = 90.0
"""Without a GPU count or deadline, the run sheet sizes the cluster to finish in this many days
(a planning convention: Llama 3 405B's pre-training took about 54 days on 16k GPUs, Dubey et
al. 2024 §3.3.4)."""
SOURCES = {
    "batch": "default Step Law, Li et al. 2025 (arXiv:2503.04715): B = 0.58 D^0.571 tokens; "
    "range over presets/hyperparams (DeepSeek-AI 2024 Eq. 1, Kaplan et al. 2020 Eq. 1.4)",
    "lr": "default DeepSeek-AI 2024 (arXiv:2401.02954) Eq. 1: eta_opt = 0.3118 C^-0.1250, "
    "C = M D; range over presets/hyperparams (Step Law: 1.79 N^-0.713 D^0.307)",
    "critical": "Kaplan et al. 2020 Eq. 1.4: B_crit = 2e8 / L^(1/0.21) tokens (WebText2 nats)",
    "memory": "Megatron-LM distributed-optimizer guide: 18 bytes per parameter (bf16 weights, "
    "fp32 gradients, Rajbhandari et al. 2020 (ZeRO) §3.1's 12 bytes of Adam states); "
    "activations per layer, Korthikanti et al. 2022 Table 2, without the s^2 term under "
    "FlashAttention (Dao et al. 2022); fp32 logits 4sbV/t; 5% of HBM reserved (a convention)",
    "layout": "bubble (p-1)/(m+p-1), Narayanan et al. 2021; communication volumes, module "
    "planner.run._layout",
    "throughput": "MFU: Dubey et al. 2024 Table 4 (H100: 43% on 8,192, 41% on 16,384 GPUs); "
    "Touvron et al. 2023 §2.4 (A100: 380 tokens/s/GPU on LLaMA 65B = 47.6%); goodput 90%, "
    "Dubey et al. 2024 §3.3.4",
    "energy": "model-card method (Llama 3.1 model card; Llama 2 paper §2.2.1, Table 2): "
    "GPU-hours x GPU power x PUE 1.14 (AI data centres 2023, Shehabi et al. 2024); "
    "server-overhead method: x 1.82 more (Epoch AI, DGX H100)",
    "carbon": "EIA FAQ 74: US 2023 electricity, 1.53e9 t CO2 over 4.18e12 kWh = 0.366 kg/kWh",
    "energy price": "EIA Electric Power Annual 2023: US industrial average 8.06 cents/kWh",
}


EnergyMethod = Literal["model-card", "server-overhead"]
ENERGY_METHODS: tuple[EnergyMethod, ...] = ("model-card", "server-overhead")


class EnergyOptions(Frozen):
    """Energy assumptions of a run sheet, each a cited default the user may override.

    The bounds are in the annotations, checked by the record layer
    (:class:`~planner.data._frozen.Frozen`) on construction: a bad value raises an
    :class:`~planner.errors.InputError` naming ``EnergyOptions.<field>`` and the value.
    """

    _INPUT_ERRORS = True
    method: EnergyMethod = "model-card"
    """``model-card``: GPU-hours x GPU power x PUE, as Meta's cards count it (the default);
    ``server-overhead``: also x :attr:`server_overhead` (Epoch AI's cluster estimate)."""
    board_power_w: Annotated[float, Ge(1.0), Le(1e5)] | None = None
    """Watts per GPU (default: the accelerator's TDP from the catalogue)."""
    server_overhead: Annotated[float, Ge(1.0), Le(10.0)] = 1.82
    """Server power over GPU power: CPUs, memory, NICs, fans. Epoch AI's multiplier from the
    DGX H100 (10.2 kW for 8 x 700 W GPUs); used by the ``server-overhead`` method only."""
    pue: Annotated[float, Ge(1.0), Le(5.0)] = 1.14
    """Facility power over IT power: specialised AI data centres in 2023 (Shehabi et al. 2024,
    2024 United States Data Center Energy Usage Report, as used by Epoch AI)."""
    grid_kg_co2_per_kwh: Annotated[float, Ge(0.0), Le(2.0)] = 0.366
    """Location-based grid intensity: the US in 2023 (EIA: 1.53e9 t CO2 / 4.18e12 kWh)."""
    energy_price_per_kwh: Annotated[float, Ge(0.0), Le(10.0)] = 0.0806
    """Dollars per kWh: the US industrial average in 2023 (EIA Electric Power Annual)."""


class RunSheet(Frozen):
    """Everything a run needs beyond (N, D): the ``run`` block of ``plan --json``."""

    n_params: float
    n_tokens: float
    compute_flops: float
    accelerator: str
    gpu_memory_bytes: float
    n_gpus: int
    mfu: float
    mfu_source: str = ""
    """Where the MFU comes from: the user, or the published run it was read from."""
    goodput: float = DEFAULT_GOODPUT
    """Share of the GPU time that trains (:mod:`planner.run._throughput`)."""
    attention: str = "flash"
    """``flash`` (no s^2 activations) or ``full`` (Korthikanti et al.'s full form)."""
    precision: str = "bf16"
    """Training precision whose dense peak the GPU-hours use (``bf16`` or ``fp8``)."""
    peak_flops_per_s: float | None = None
    """The dense tensor peak used for GPU-hours and wall clock, FLOP/s."""
    usable_memory: float = 0.95
    """Share of each GPU's HBM a layout may fill (the rest is the stated reserve)."""
    hyperparameters: Hyperparameters
    learning_rate: float
    batch_tokens: float
    steps: int
    feasible: bool
    layout: Layout | None
    """The best feasible layout (None when nothing fits on ``n_gpus``)."""
    alternatives: tuple[Layout, ...] = ()
    """The next feasible layouts, by expected throughput."""
    memory_per_gpu_bytes: float | None
    memory: MemoryBreakdown | None
    min_gpus: int | None
    """The fewest GPUs (whole nodes) on which some layout fits (None: beyond GPUS_MAX)."""
    gpu_hours: float
    days: float
    gpus_for_days: int | None = None
    """GPUs (whole nodes) that finish within the requested days."""
    deadline_days: float | None = None
    """The requested days (the deadline), if any."""
    deadline_missed_days: float | None = None
    """Days the wall clock runs past the deadline (None: no deadline, or met)."""
    power_w: float = 0.0
    """Watts per GPU the energy was counted at."""
    energy_kwh: float
    co2_tonnes: float
    cost_rental: float | None
    cost_energy: float
    energy: EnergyOptions
    sources: tuple[str, ...]
    warnings: tuple[str, ...] = ()


class MoERunSheet(RunSheet):
    """The run sheet of a mixture of experts (:mod:`planner.run._moe`); ``n_params`` is total."""

    n_active_params: float
    """Parameters active per token (the FLOPs count these)."""
    experts: int
    """Routed experts per MoE layer."""
    top_k: int
    """Routed experts chosen per token."""
    ep: int | None
    """Expert-parallel degree of the chosen layout (None when nothing fits)."""
    dense_params: float
    """Parameters every token uses (attention, embeddings, dense and shared FFNs)."""
    expert_params: float
    """The routed experts' parameters."""
    flops_per_token: float
    """6 N_active, plus the attention term where a sequence length was given."""


def energy_kwh(gpu_hours: float, board_power_w: float, options: EnergyOptions) -> float:
    """Facility energy of a run by the options' method.

    ``model-card``: GPU-hours x board power x PUE; ``server-overhead``: GPU-hours x board
    power x server overhead x PUE (see the module docstring).

    Parameters
    ----------
    gpu_hours : float
        GPU-hours of the run.
    board_power_w : float
        Watts per GPU (its TDP, or what the user measured).
    options : EnergyOptions
        The method, overhead and PUE (``board_power_w`` there is ignored here).

    Returns
    -------
    float
        kWh.

    Examples
    --------
    >>> energy_kwh(1000, 700, EnergyOptions(pue=1.0))
    700.0
    >>> energy_kwh(1000, 700, EnergyOptions(method="server-overhead", pue=1.0))
    1274.0
    """
    overhead = options.server_overhead if options.method == "server-overhead" else 1.0
    return gpu_hours * board_power_w / 1000 * overhead * options.pue


_ROUNDING = 1e-9
"""Relative slack of the GPU and deadline arithmetic: "512 H100 x 30 days" becomes FLOPs and
back (x peak x MFU x goodput, then over them), which returns 512.0000000001 GPUs or 30 days
and 9 ns; a count or deadline that close is the stated one, not one node more or a miss."""


def _nodes(n: float, per_node: int) -> int:
    return max(per_node, per_node * math.ceil(n / per_node * (1 - _ROUNDING)))


def _min_gpus(fits: Callable[[int], bool], per_node: int) -> int | None:
    """The fewest GPUs on which a layout fits (one GPU, else whole nodes).

    Doubling to the first count that fits, then bisecting back over node counts: feasibility is
    nearly monotone in the count (the batch's divisibility can break that), so this is the
    fewest found.
    """
    if fits(1):
        return 1
    k = per_node
    while k <= GPUS_MAX:
        if fits(k):
            lo, hi = k // (2 * per_node), k // per_node  # in nodes: lo does not fit, hi does
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (lo, mid) if fits(mid * per_node) else (mid, hi)
            return hi * per_node
        k *= 2
    return None


def run_sheet(
    n_params: float,
    n_tokens: float,
    *,
    accelerator: str | Path | Accelerator = DEFAULT_ACCELERATOR,
    n_gpus: int | None = None,
    days: float | None = None,
    seq_len: int | None = None,
    micro_batch: int = 1,
    mfu: float | None = None,
    price_per_gpu_hour: float | None = None,
    shape: ModelShape | None = None,
    loss: float | None = None,
    loss_scale: LossScale | None = None,
    energy: EnergyOptions | None = None,
    choice: LayoutChoice | None = None,
    presets_dir: str | Path | None = None,
    lr_law: str = DEFAULT_LR_LAW,
    batch_law: str = DEFAULT_BATCH_LAW,
    goodput: float = DEFAULT_GOODPUT,
    attention: str = "flash",
    fp32_grads: bool = True,
    precision: str = "bf16",
    n_active_params: float | None = None,
    experts: int | None = None,
    top_k: int | None = None,
    ep: int | None = None,
) -> RunSheet:
    """The run sheet of N parameters on D tokens on a cluster.

    With ``experts``, ``top_k`` and ``n_active_params`` it is the run sheet of a mixture of
    experts (:mod:`planner.run._moe`, a :class:`MoERunSheet`): FLOPs from the active
    parameters, memory with expert parallelism, the layout search over it, all-to-all traffic.

    Parameters
    ----------
    n_params, n_tokens : float
        Total parameters and training tokens.
    accelerator : str, Path or Accelerator
        A catalogue id (``planner hardware``) or a file.
    n_gpus : int, optional
        GPUs in the run (default: enough whole nodes to finish within ``days``, else the
        fewest that fit and finish within :data:`DEFAULT_DAYS`).
    days : float, optional
        Finish within this many days: reports the GPUs that needs.
    seq_len : int, optional
        Tokens per sequence (default :data:`DEFAULT_SEQ_LEN`); for a mixture of experts, giving
        it also counts the attention FLOPs over it (:func:`planner.run._moe.moe_flops_per_token`).
    micro_batch : int
        Sequences per micro-batch.
    mfu : float, optional
        Model FLOPs utilisation (default: what a published run reached on this accelerator
        at this scale, :func:`planner.run._throughput.published_mfu`).
    price_per_gpu_hour : float, optional
        Dollars per GPU-hour, for the rental cost.
    shape : ModelShape, optional
        The model's shape (default: :func:`planner.planning._shapes.shape_for_params` with the
        heads a
        multiple of the node's GPUs).
    loss : float, optional
        The planned loss and its scale, for Kaplan's critical batch.
    loss_scale : LossScale, optional
        The loss's scale.
    energy : EnergyOptions, optional
        Power, PUE, grid intensity, energy price (cited defaults).
    choice : LayoutChoice, optional
        Parts of the layout fixed by the user (tp, pp, ZeRO stage, recomputation).
    presets_dir : str or Path, optional
        The preset folder.
    lr_law, batch_law : str
        The hyperparameter laws whose rate and batch are used (:mod:`planner.run._hparams`).
    goodput : float
        Share of the GPU time that trains (default 0.90, :mod:`planner.run._throughput`).
    attention : str
        ``flash`` (default) or ``full`` attention activations (:mod:`planner.run._layout`).
    fp32_grads : bool
        Gradients accumulated in fp32 (18 bytes per parameter, default) or bf16 (16).
    precision : str
        ``bf16`` (default) or ``fp8``: the accelerator's cited dense peak for that precision
        (:func:`planner.run._throughput.peak_for`) divides the FLOPs; at ``fp8`` the BF16 MFU is
        applied to the FP8 peak, a stated assumption. At ``fp8`` the optimizer states are
        DeepSeek-V3's (fp32 master weights, bf16 moments: 14 bytes per parameter,
        :data:`planner.run._layout.BYTES_OPTIMIZER_FP8`); activations keep the bf16 count.
    n_active_params : float, optional
        Parameters active per token of a mixture of experts (``n_params`` is then the total).
    experts, top_k : int, optional
        Routed experts per layer and experts chosen per token (top_k < experts).
    ep : int, optional
        Fix the expert-parallel degree (default: searched; it divides ``experts``).

    Returns
    -------
    RunSheet

    Raises
    ------
    InputError
        A bad number, an unknown accelerator or one without a memory size, a sequence length or
        micro-batch below 1, more GPUs than ``GPUS_MAX``, ``fp8`` on an accelerator without a
        cited FP8 peak; a mixture of experts missing one of its three fields, or whose active
        share is below top_k/experts.

    Examples
    --------
    >>> r = run_sheet(1e9, 20e9, n_gpus=1)
    >>> r.feasible, r.layout.tp, r.layout.pp
    (True, 1, 1)
    """
    from planner.planning._accelerators import load_accelerator
    from planner.planning._shapes import shape_for_params
    from planner.units import SECONDS_PER_HOUR

    n = check_real(n_params, "n_params", low=1e6, high=1e16)
    d = check_real(n_tokens, "n_tokens", low=1e6, high=1e18)
    mfu_given = mfu is not None
    mfu, mfu_source = (check_mfu(mfu), "given (--mfu)") if mfu is not None else (0.0, "")
    goodput = check_goodput(goodput)
    attention = check_text(attention, "attention", choices=("flash", "full"))
    fp32_grads = check_flag(fp32_grads, "fp32_grads")
    micro_batch = check_whole(micro_batch, "micro_batch", low=1, high=1_000_000)
    seq_given = seq_len is not None  # a mixture of experts then counts the attention FLOPs
    seq_len = check_whole(DEFAULT_SEQ_LEN if seq_len is None else seq_len, "seq_len", low=1,
                          high=10_000_000)  # fmt: skip
    moe = None  # a dense model: the mixture-of-experts module is not even imported
    if any(x is not None for x in (n_active_params, experts, top_k, ep)):
        from planner.run._moe import moe_spec

        moe = moe_spec(n, n_active_params, experts, top_k, ep)
    if n_gpus is not None:
        n_gpus = check_whole(n_gpus, "n_gpus", low=1, high=GPUS_MAX)
    if price_per_gpu_hour is not None:
        price_per_gpu_hour = check_price(price_per_gpu_hour)
    if loss is not None:
        loss = check_real(loss, "loss", low=LOSS_RANGE[0], high=LOSS_RANGE[1])
    lr_law, batch_law = check_id(lr_law, "lr_law"), check_id(batch_law, "batch_law")
    for name, value, kind in (
        ("energy", energy, EnergyOptions),
        ("shape", shape, ModelShape),
        ("loss_scale", loss_scale, LossScale),
        ("choice", choice, LayoutChoice),
    ):
        if value is not None and not isinstance(value, kind):
            raise InputError(f"{name}: expected a {kind.__name__}, got {shown(value)}")
    acc = (
        accelerator
        if isinstance(accelerator, Accelerator)
        else load_accelerator(accelerator, presets_dir=presets_dir)
    )
    memory_bytes = acc.memory_bytes
    if memory_bytes is None:
        raise InputError(f"accelerator: {acc.id} has no memory size in the catalogue")
    precision = check_text(precision, "precision", choices=PRECISIONS)
    peak, _ = peak_for(acc, precision)
    acc = acc.model_copy(update={"peak_flops_per_s": peak})  # every rate below uses this peak
    energy = energy if energy is not None else EnergyOptions()
    if not mfu_given:
        mfu, mfu_source = published_mfu(acc.id, n_gpus)
        if precision == "fp8":
            mfu_source = f"{mfu_source}; {FP8_MFU_NOTE}"
    n_model = n if moe is None else moe.n_active_params  # the shape and laws: active params
    if shape is None:  # heads a multiple of the node, so tensor parallelism can fill it
        shape = shape_for_params(n_model, seq_len=seq_len, heads_multiple=acc.gpus_per_node)
    hp = hyperparameters(
        n_model, d, shape, seq_len=seq_len, loss=loss, loss_scale=loss_scale, lr_law=lr_law,
        batch_law=batch_law, presets_dir=presets_dir,
    )  # fmt: skip
    sequences, seq = given(hp.batch_sequences, "batch_sequences"), given(hp.seq_len, "seq_len")
    c = 6 * n * d
    if moe is not None:
        from planner.run._moe import MOE_SOURCE, moe_flops_per_token, moe_layout_candidates

        flops_per_token = moe_flops_per_token(
            moe.n_active_params, shape.n_layers, shape.n_heads * shape.head_dim,
            seq_len if seq_given else None,
        )  # fmt: skip
        c = flops_per_token * d
    gpu_hours = c / (acc.peak_flops_per_s * mfu * goodput * SECONDS_PER_HOUR)
    rank_mfu: float = mfu  # the layouts' communication ratio (ranking only)
    per_node = acc.gpus_per_node
    gpus_for_days = None
    if days is not None:
        days = check_real(days, "days", low=1e-3, high=1e5)
        gpus_for_days = _nodes(gpu_hours / (24 * days), per_node)

    choice = choice if choice is not None else LayoutChoice()
    choice.check(acc, shape.n_layers, shape.n_heads, n_gpus)
    free = choice == LayoutChoice()  # nothing fixed: every layout of a search matches

    @functools.cache  # the fewest-GPUs search and the chosen count may ask for the same k
    def search(k: int) -> "tuple[LayoutCandidate | MoELayoutCandidate, ...]":
        # plain numbers: the records are built only for the layouts the sheet reports
        if moe is not None:
            return tuple(x for x in moe_layout_candidates(
                moe, shape.n_layers, shape.d_model, shape.n_heads, accelerator=acc, n_gpus=k,
                batch_sequences=sequences, seq_len=seq,
                flops_per_token=flops_per_token, micro_batch=micro_batch, mfu=rank_mfu,
                vocab_size=shape.vocab_size, attention=attention, fp32_grads=fp32_grads,
                precision=precision,
            ) if free or choice.matches(x))  # fmt: skip
        found = layout_candidates(
            n, shape.n_layers, shape.d_model, shape.n_heads, accelerator=acc, n_gpus=k,
            batch_sequences=sequences, seq_len=seq, micro_batch=micro_batch,
            mfu=rank_mfu, vocab_size=shape.vocab_size, attention=attention,
            fp32_grads=fp32_grads, precision=precision,
        )  # fmt: skip
        return tuple(found) if free else tuple(x for x in found if choice.matches(x))

    min_gpus = _min_gpus(lambda k: any(x.fits for x in search(k)), per_node)
    chosen = ""
    if n_gpus is None:  # the deadline's GPUs, else enough to finish in DEFAULT_DAYS
        unit = math.lcm(per_node, (choice.tp or 1) * (choice.pp or 1))
        default_days = _nodes(gpu_hours / (24 * DEFAULT_DAYS), unit)
        n_gpus = gpus_for_days or max(min_gpus or unit, default_days)
        n_gpus = _nodes(n_gpus, unit)
        chosen = (
            f"GPUs: {n_gpus}, "
            + ("to finish within the deadline" if gpus_for_days else
               f"the fewest whole nodes that fit and finish within {DEFAULT_DAYS:g} days")
        )  # fmt: skip
    n_gpus = check_whole(n_gpus, "n_gpus", low=1, high=GPUS_MAX)
    if not mfu_given and published_mfu(acc.id, n_gpus)[0] != mfu:  # the chosen count's scale
        mfu, mfu_source = published_mfu(acc.id, n_gpus)
        if precision == "fp8":
            mfu_source = f"{mfu_source}; {FP8_MFU_NOTE}"
        gpu_hours = c / (acc.peak_flops_per_s * mfu * goodput * SECONDS_PER_HOUR)
    found = search(n_gpus)
    feasible = [x.record() for x in [x for x in found if x.fits][:4]]  # best, alternatives
    best = feasible[0] if feasible else None
    wall_days = gpu_hours / n_gpus / 24
    missed = None if days is None or wall_days <= days * (1 + _ROUNDING) else wall_days - days
    warnings = [*given(hp.notes, "notes"), *([chosen] if chosen else [])]
    if missed is not None and days is not None:  # first: the one warning that changes the plan
        from planner.units import format_days

        warnings.insert(
            0,
            f"deadline missed by {format_days(missed)}: {format_days(wall_days)} on {n_gpus} GPUs "
            f"against {format_days(days)} ({wall_days / days:.1f}x)"
            + (f"; {gpus_for_days} GPUs meet it" if gpus_for_days is not None else ""),
        )
    if not found:
        warnings.append(
            f"no layout splits {n_gpus} GPUs over {shape.n_heads} heads and {shape.n_layers} "
            f"layers with at most {per_node} GPUs of tensor parallelism per node"
            + ("" if moe is None or moe.ep is None else
               f" and EP {moe.ep} dividing TP x DP (expert parallelism folds into those GPUs)")
        )  # fmt: skip
    elif best is None:
        least = min(found, key=lambda x: x.total)
        warnings.append(
            f"nothing fits on {n_gpus} x {memory_bytes / 1e9:g} GB: the leanest layout "
            f"needs {least.total / 1e9:.1f} GB per GPU"
            + (f"; the fewest GPUs that fit: {min_gpus}" if min_gpus else "")
        )
    power_w = energy.board_power_w or acc.board_power_w
    if power_w is None:
        raise InputError(
            f"board_power_w: {acc.id} has no published board power in the catalogue; give one "
            "(EnergyOptions.board_power_w, planner run --power-w)"
        )
    kwh = energy_kwh(gpu_hours, power_w, energy)
    extra: dict[str, object] = {}
    if moe is not None:
        warnings.append(
            "mixture of experts: batch and learning rate by laws fitted on dense models, at "
            f"the {moe.n_active_params:.3g} active parameters (no MoE hyperparameter law ships)"
        )
        extra = {
            "n_active_params": moe.n_active_params, "experts": moe.experts, "top_k": moe.top_k,
            "ep": getattr(best, "ep", None), "dense_params": moe.dense_params,
            "expert_params": moe.expert_params, "flops_per_token": flops_per_token,
        }  # fmt: skip
    return (RunSheet if moe is None else MoERunSheet)(
        n_params=n,
        n_tokens=d,
        compute_flops=c,
        accelerator=acc.id,
        gpu_memory_bytes=memory_bytes,
        n_gpus=n_gpus,
        mfu=mfu,
        mfu_source=mfu_source,
        goodput=goodput,
        attention=attention,
        precision=precision,
        peak_flops_per_s=peak,
        usable_memory=USABLE_MEMORY,
        hyperparameters=hp,
        learning_rate=hp.learning_rate,
        batch_tokens=given(hp.batch_tokens, "batch_tokens"),
        steps=given(hp.steps, "steps"),
        feasible=best is not None,
        layout=best,
        alternatives=tuple(feasible[1:4]),
        memory_per_gpu_bytes=best.memory.total if best else None,
        memory=best.memory if best else None,
        min_gpus=min_gpus,
        gpu_hours=gpu_hours,
        days=wall_days,
        gpus_for_days=gpus_for_days,
        deadline_days=days,
        deadline_missed_days=missed,
        power_w=power_w,
        energy_kwh=kwh,
        co2_tonnes=kwh * energy.grid_kg_co2_per_kwh / 1000,
        cost_rental=None if price_per_gpu_hour is None else gpu_hours * price_per_gpu_hour,
        cost_energy=kwh * energy.energy_price_per_kwh,
        energy=energy,
        sources=tuple(SOURCES.values()) + ((MOE_SOURCE,) if moe is not None else ()),
        warnings=tuple(warnings),
        **extra,  # type: ignore[arg-type]
    )
