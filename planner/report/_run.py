"""The run sheet as text rows and JSON, shared by ``planner run``, ``planner plan`` and the TUI.

No terminal library is imported here; numbers are formatted in one style (``702K``, ``14.3 d``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner.units import format_count, format_days, format_dollars, format_gpu_hours

if TYPE_CHECKING:
    from pathlib import Path

    from planner.planning._records import Plan
    from planner.run._sheet import EnergyOptions, RunSheet

__all__ = ["plan_run_sheet", "run_json", "run_rows"]


_FP8_STATES = (
    " (FP8: fp32 master weights and gradients, bf16 AdamW moments, DeepSeek-V3 arXiv:2412.19437 "
    "§3.3.3; activations cached as §3.3.3 keeps them: 23.5 of Korthikanti's 34 sbh per layer)"
)
_ATTENTION = {"flash": "FlashAttention", "full": "full attention"}


def _gb(x: float) -> str:
    return f"{x / 1e9:.1f} GB"


def _ep(layout: object) -> str:
    """``, EP e (experts' DP d_e)`` for a mixture-of-experts layout, else nothing."""
    ep = getattr(layout, "ep", None)
    return "" if ep is None else f", EP {ep} (experts' DP {getattr(layout, 'expert_dp', 1)})"


def _moe_rows(r: RunSheet) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The rows of a mixture of experts: the model (first) and its EP memory and traffic."""
    from planner.run._moe import MoELayout, MoEMemory
    from planner.run._sheet import MoERunSheet

    if not isinstance(r, MoERunSheet):
        return [], []
    six = 6 * r.n_active_params
    attn = r.flops_per_token - six
    head = [
        (
            "mixture of experts",
            f"{format_count(r.n_params)} total, {format_count(r.n_active_params)} active: "
            f"{r.experts} experts, top-{r.top_k}",
        ),
        (
            "  FLOPs per token",
            f"{r.flops_per_token:.3g} = 6 x {format_count(r.n_active_params)} active"
            + (f" + attention {attn:.3g} (Kaplan et al. 2020 Table 1)" if attn > 0 else ""),
        ),
    ]
    tail: list[tuple[str, str]] = []
    lay = r.layout
    if isinstance(lay, MoELayout) and isinstance(lay.memory, MoEMemory):
        m = lay.memory
        tail = [
            (
                "  parameters per GPU",
                f"dense {format_count(m.dense_params_per_gpu)} (of "
                f"{format_count(r.dense_params)}, over TP x PP), experts "
                f"{format_count(m.expert_params_per_gpu)} (of {format_count(r.expert_params)}, "
                "over EP x PP)",
            ),
            (
                "all-to-all",
                f"{_gb(lay.all_to_all_bytes)} per GPU per step = 2 m L_s K (s b / t) h "
                f"(b_d + b_c) (e-1)/e, m = {lay.micro_batches}, K = {r.top_k}, e = {lay.ep} "
                "(dispatch and combine, forward and backward: DeepSeek-V3 §3.2.1; counted "
                "without overlap in the ranking)",
            ),
        ]
    return head, tail


def run_rows(r: RunSheet) -> list[tuple[str, str]]:
    """The run sheet as (label, value) rows.

    Parameters
    ----------
    r : RunSheet
        From :func:`planner.run._sheet.run_sheet`.

    Returns
    -------
    list of (str, str)
    """
    from planner.laws._hyperparameters import given

    hp = r.hyperparameters  # the run sheet's fields of the record
    names = {p.law: p.name for p in given(hp.by_law, "by_law")}
    lr_law, batch_law = given(hp.lr_law, "lr_law"), given(hp.batch_law, "batch_law")
    lr_range = given(hp.learning_rate_range, "learning_rate_range")
    batch_range = given(hp.batch_tokens_range, "batch_tokens_range")
    critical = given(hp.critical_batch_tokens, "critical_batch_tokens")
    moe_head, moe_tail = _moe_rows(r)
    rows = [
        *moe_head,
        (
            "batch",
            f"{format_count(r.batch_tokens)} tokens = {hp.batch_sequences} x {hp.seq_len} "
            f"({names.get(batch_law, batch_law)})",
        ),
    ]
    if batch_range is not None:
        lo, hi = batch_range
        rows.append(("  range of laws", f"{format_count(lo)} to {format_count(hi)} tokens"))
    rows.append(("learning rate", f"{r.learning_rate:.3g} (peak, {names.get(lr_law, lr_law)})"))
    if lr_range is not None:
        lo, hi = lr_range
        rows.append(("  range of laws", f"{lo:.3g} to {hi:.3g}"))
    rows.append(("steps", format_count(r.steps)))
    if critical is not None:
        rows.append(("critical batch", f"{format_count(critical)} tokens"))
    gpus = f"{r.n_gpus} x {r.accelerator} ({r.gpu_memory_bytes / 1e9:g} GB)"
    rows.append(("GPUs", gpus))
    if r.layout is not None and r.memory is not None:
        lay, m = r.layout, r.memory
        rows += [
            (
                "layout",
                f"TP {lay.tp} x PP {lay.pp} x DP {lay.dp}{_ep(lay)}, ZeRO-{lay.zero_stage}",
            ),
            ("recompute", lay.recompute),
            (
                "micro-batches",
                f"{lay.micro_batches} of {lay.micro_batch} per step (bubble {lay.bubble:.0%})",
            ),
            (
                "memory per GPU",
                f"{_gb(m.total)} of {r.usable_memory * r.gpu_memory_bytes / 1e9:.1f} usable "
                f"({r.gpu_memory_bytes / 1e9:g} GB less a {1 - r.usable_memory:.0%} reserve)",
            ),
            (
                "  states",
                f"weights {_gb(m.weights)}, grads {_gb(m.gradients)}, optim. {_gb(m.optimizer)}"
                + (_FP8_STATES if r.precision == "fp8" else ""),
            ),
            (
                "  activations",
                f"{_gb(m.activations)} ({_ATTENTION.get(r.attention, r.attention)}"
                + (f", logits {_gb(m.logits)}" if m.logits else "")
                + ")",
            ),
            *moe_tail,
            ("expected throughput", f"{lay.efficiency:.0%} of peak x MFU (ranking)"),
        ]
        for alt in r.alternatives:
            rows.append(
                (
                    "next feasible",
                    f"TP {alt.tp} x PP {alt.pp} x DP {alt.dp}{_ep(alt)}, ZeRO-{alt.zero_stage}, "
                    f"{alt.recompute}: {_gb(alt.memory.total)}, {alt.efficiency:.0%}",
                )
            )
    else:
        rows.append(("layout", "nothing fits on these GPUs"))
    if r.min_gpus is not None:
        rows.append(("fewest GPUs that fit", str(r.min_gpus)))
    rows.append(("GPU-hours", f"{format_gpu_hours(r.gpu_hours)} = C / (peak x MFU x goodput)"))
    rows.append(
        ("wall clock", f"{format_days(r.days)} at {r.mfu:.1%} MFU x {r.goodput:.0%} goodput")
    )
    rows.append(("  MFU from", r.mfu_source))
    if r.peak_flops_per_s is not None and r.precision != "bf16":
        peak = f"{r.peak_flops_per_s / 1e12:,.1f} TFLOP/s"
        rows.append(("  precision", f"{r.precision.upper()}, dense peak {peak}"))
    if r.gpus_for_days is not None:
        rows.append(("GPUs for the deadline", str(r.gpus_for_days)))
    if r.deadline_days is not None:
        rows.append(
            (
                "deadline",
                f"{format_days(r.deadline_days)}: "
                + (
                    f"MISSED by {format_days(r.deadline_missed_days)}"
                    if r.deadline_missed_days is not None
                    else "met"
                ),
            )
        )
    e = r.energy
    factors = f"{r.power_w:g} W x PUE {e.pue:g}"
    if e.method == "server-overhead":
        factors = f"{r.power_w:g} W x server overhead {e.server_overhead:g} x PUE {e.pue:g}"
    rows.append(("energy", f"{format_count(r.energy_kwh)} kWh = GPU-hours x {factors}"))
    rows.append(("  method", e.method))
    rows.append(
        (
            "carbon",
            f"{format_count(r.co2_tonnes)} tCO2e = kWh x {e.grid_kg_co2_per_kwh:g} kg/kWh "
            "(location-based)",
        )
    )
    rows.append(("energy cost", format_dollars(r.cost_energy)))
    if r.cost_rental is not None:
        rows.append(("rental cost", format_dollars(r.cost_rental)))
    return rows


def run_json(r: RunSheet) -> dict[str, object]:
    """The ``run`` block of ``plan --json`` and ``planner run --json``.

    Parameters
    ----------
    r : RunSheet

    Returns
    -------
    dict
        The run sheet's fields (``learning_rate``, ``batch_tokens``, ``steps``, ``feasible``,
        ``layout`` with ``tp``, ``pp``, ``dp``, ``zero_stage``, ``recompute``,
        ``memory_per_gpu_bytes``, ``min_gpus``, ``days``, ``energy_kwh``, ``co2_tonnes``,
        ``sources``, ...); for a mixture of experts also ``n_active_params``, ``experts``,
        ``top_k``, ``ep`` (and the layout's ``ep``, ``expert_dp``, ``all_to_all_bytes``).
    """
    return r.model_dump(mode="json")


def plan_run_sheet(
    p: Plan,
    *,
    seq_len: int | None = None,
    micro_batch: int = 1,
    days: float | None = None,
    energy: EnergyOptions | None = None,
    presets_dir: str | Path | None = None,
    attention: str = "flash",
    precision: str = "bf16",
) -> RunSheet:
    """The run sheet of a plan: its (N, D), hardware options and loss.

    A mixture of experts planned with an MoE law gets the MoE sheet (FLOPs per token from the
    active parameters, expert parallelism in the layout search: :mod:`planner.run._moe`) for
    the law's total and active parameters and its routing.

    Parameters
    ----------
    p : Plan
        From :func:`planner.plan`.
    seq_len : int, optional
        Tokens per sequence (default :data:`planner.run._sheet.DEFAULT_SEQ_LEN`).
    micro_batch : int
        Sequences per micro-batch.
    days : float, optional
        Finish within this many days.
    energy : EnergyOptions, optional
        Energy assumptions (cited defaults).
    presets_dir : str or Path, optional
        The preset folder.
    attention : str
        ``flash`` (default) or ``full`` attention activations.
    precision : str
        ``bf16`` (default) or ``fp8``: the dense peak the GPU-hours use and the memory of the
        published FP8 recipe (:func:`planner.run._sheet.run_sheet`).

    Returns
    -------
    RunSheet
    """
    from planner.defaults import DEFAULT_ACCELERATOR, DEFAULT_GOODPUT
    from planner.run._sheet import DEFAULT_SEQ_LEN, run_sheet

    n = p.shape.n_params_total if p.parameter_convention != "total" and p.shape else p.n_params
    moe: dict[str, Any] = {}
    if p.routing is not None and p.routing.experts > 1:  # the MoE sheet: 6 N_active per token
        n = p.n_params  # the total, from the MoE law's own architecture
        moe = {
            "n_active_params": p.n_active_params,
            "experts": p.routing.experts,
            "top_k": p.routing.top_k,
        }
    hw = p.hardware.options if p.hardware else None
    sheet = run_sheet(
        n,
        p.n_tokens,
        accelerator=DEFAULT_ACCELERATOR if hw is None else hw.accelerator,
        mfu=None if hw is None else hw.mfu,
        n_gpus=None if hw is None else hw.n_gpus,
        price_per_gpu_hour=None if hw is None else hw.price_per_gpu_hour,
        goodput=DEFAULT_GOODPUT if hw is None else hw.goodput,
        seq_len=seq_len if moe or seq_len is not None else DEFAULT_SEQ_LEN,
        micro_batch=micro_batch,
        days=days,
        **moe,
        loss=p.loss,
        loss_scale=p.loss_scale,
        energy=energy,
        presets_dir=presets_dir,
        attention=attention,
        precision=precision,
    )
    if p.hardware is None:
        return sheet
    return sheet.model_copy(update={"mfu_source": "the plan's MFU (planner plan --mfu)"})
