"""The layout search on plain numbers picks what the record-per-layout search picked (issue 23
item 3: the run sheet builds validated records only for the layouts it reports).

The reference below is the search as written before: one :func:`memory_per_gpu` (or
:func:`moe_memory_per_gpu`) record and one ``Layout`` record per split, ZeRO stage and
recomputation, sorted feasible first by efficiency. The candidates must give the same records
(every field equal, floats bit for bit) in the same order, and the run sheet the same layout and
alternatives, for a dense model, one that fits nowhere, a long context, FP8 with bf16 gradients
and full attention, and mixtures of experts of DeepSeek-V3's counts (671B total, 37B active,
256 experts, 8 routed per token, as ``planner.run._moe`` cites them) with the expert-parallel
degree searched or fixed.
"""

from __future__ import annotations

import math

import pytest

from planner.planning._accelerators import load_accelerator
from planner.planning._shapes import shape_for_params
from planner.run._layout import (
    RECOMPUTE_COST,
    Layout,
    LayoutChoice,
    divisors,
    fits,
    interconnect,
    layout_candidates,
    layouts,
    memory_per_gpu,
    splits,
)
from planner.run._moe import (
    MoELayout,
    all_to_all_bytes,
    moe_flops_per_token,
    moe_layout_candidates,
    moe_layouts,
    moe_memory_per_gpu,
    moe_spec,
)
from planner.run._sheet import EnergyOptions, run_sheet
from planner.run._throughput import peak_for


def _reference(
    n_params,
    n_layers,
    d_model,
    n_heads,
    *,
    accelerator,
    n_gpus,
    batch_sequences,
    seq_len,
    micro_batch=1,
    mfu=0.4,
    vocab_size=0,
    attention="flash",
    fp32_grads=True,
    precision="bf16",
):
    """The dense search with one record per layout (as before the candidates)."""
    grid = splits(
        n_layers,
        d_model,
        n_heads,
        accelerator=accelerator,
        n_gpus=n_gpus,
        batch_sequences=batch_sequences,
        seq_len=seq_len,
        micro_batch=micro_batch,
    )
    _, network = interconnect(accelerator)
    rate = accelerator.peak_flops_per_s * mfu
    out = []
    for s in grid:
        compute = 6 * n_params * s.sequences * seq_len / n_gpus / rate
        grads = (4.0 if fp32_grads else 2.0) * n_params / (s.tp * s.pp)
        dp_time = 2 * (s.dp - 1) / s.dp * grads / network
        for zero in range(4):
            comm = (s.tp_time + s.pp_time + dp_time * (1.5 if zero == 3 else 1.0)) / compute
            for recompute in ("none", "selective", "full"):
                memory = memory_per_gpu(
                    n_params,
                    n_layers,
                    d_model,
                    n_heads,
                    tp=s.tp,
                    pp=s.pp,
                    dp=s.dp,
                    zero_stage=zero,
                    recompute=recompute,
                    seq_len=seq_len,
                    micro_batch=micro_batch,
                    micro_batches=s.micro_batches,
                    vocab_size=vocab_size,
                    attention=attention,
                    fp32_grads=fp32_grads,
                    precision=precision,
                )
                out.append(
                    Layout(
                        tp=s.tp,
                        pp=s.pp,
                        dp=s.dp,
                        zero_stage=zero,
                        recompute=recompute,
                        micro_batch=micro_batch,
                        micro_batches=s.micro_batches,
                        batch_sequences=s.sequences,
                        memory=memory,
                        fits=fits(memory.total, accelerator.memory_bytes),
                        bubble=s.bubble,
                        efficiency=(1 - s.bubble)
                        / s.imbalance
                        / (1 + RECOMPUTE_COST[recompute])
                        / (1 + comm),
                    )
                )
    out.sort(key=lambda x: (not x.fits, -x.efficiency, x.zero_stage))
    return tuple(out)


def _moe_reference(
    spec,
    n_layers,
    d_model,
    n_heads,
    *,
    accelerator,
    n_gpus,
    batch_sequences,
    seq_len,
    flops_per_token,
    micro_batch=1,
    mfu=0.4,
    vocab_size=0,
    attention="flash",
    fp32_grads=True,
    precision="bf16",
):
    """The mixture-of-experts search with one record per layout (as before the candidates)."""
    grid = splits(
        n_layers,
        d_model,
        n_heads,
        accelerator=accelerator,
        n_gpus=n_gpus,
        batch_sequences=batch_sequences,
        seq_len=seq_len,
        micro_batch=micro_batch,
    )
    link, network = interconnect(accelerator)
    rate = accelerator.peak_flops_per_s * mfu
    grad_bytes = 4.0 if fp32_grads else 2.0
    out = []
    for s in grid:
        tp, pp, dp, m = s.tp, s.pp, s.dp, s.micro_batches
        compute = flops_per_token * s.sequences * seq_len / n_gpus / rate
        for ep in divisors(math.gcd(spec.experts, tp * dp)):
            if spec.ep is not None and ep != spec.ep:
                continue
            edp = tp * dp // ep
            dp_time = (
                2 * (dp - 1) / dp * grad_bytes * spec.dense_params / (tp * pp)
                + 2 * (edp - 1) / edp * grad_bytes * spec.expert_params / (ep * pp)
            ) / network
            a2a = all_to_all_bytes(
                spec.top_k,
                seq_len,
                micro_batch,
                d_model,
                tp=tp,
                ep=ep,
                moe_layers=math.ceil(n_layers / pp),
                micro_batches=m,
                precision=precision,
            )
            near = min(ep, accelerator.gpus_per_node) - 1
            a2a_time = a2a / max(ep - 1, 1) * (near / link + (ep - 1 - near) / network)
            for zero in range(4):
                comm = (
                    s.tp_time + s.pp_time + a2a_time + dp_time * (1.5 if zero == 3 else 1.0)
                ) / compute
                for recompute in ("none", "selective", "full"):
                    memory = moe_memory_per_gpu(
                        spec.dense_params,
                        spec.expert_params,
                        n_layers,
                        d_model,
                        n_heads,
                        tp=tp,
                        pp=pp,
                        dp=dp,
                        ep=ep,
                        zero_stage=zero,
                        recompute=recompute,
                        seq_len=seq_len,
                        micro_batch=micro_batch,
                        micro_batches=m,
                        vocab_size=vocab_size,
                        attention=attention,
                        fp32_grads=fp32_grads,
                        precision=precision,
                    )
                    out.append(
                        MoELayout(
                            tp=tp,
                            pp=pp,
                            dp=dp,
                            zero_stage=zero,
                            recompute=recompute,
                            micro_batch=micro_batch,
                            micro_batches=m,
                            batch_sequences=s.sequences,
                            memory=memory,
                            fits=fits(memory.total, accelerator.memory_bytes),
                            bubble=s.bubble,
                            efficiency=(1 - s.bubble)
                            / s.imbalance
                            / (1 + RECOMPUTE_COST[recompute])
                            / (1 + comm),
                            ep=ep,
                            expert_dp=edp,
                            all_to_all_bytes=a2a,
                        )
                    )
    out.sort(key=lambda x: (not x.fits, -x.efficiency, x.zero_stage))
    return tuple(out)


def _dense_case(n_params, gpu, n_gpus, batch_sequences, seq_len=4096, **kw):
    acc = load_accelerator(gpu)
    shape = shape_for_params(n_params, seq_len=seq_len, heads_multiple=acc.gpus_per_node)
    args = (n_params, shape.n_layers, shape.d_model, shape.n_heads)
    kwargs = dict(
        accelerator=acc,
        n_gpus=n_gpus,
        batch_sequences=batch_sequences,
        seq_len=seq_len,
        vocab_size=shape.vocab_size,
        **kw,
    )
    return args, kwargs


DENSE = {
    "70B on 1024 H100": _dense_case(70e9, "h100-sxm", 1024, 1024),
    "405B on 8 H100 (nothing fits)": _dense_case(405e9, "h100-sxm", 8, 512),
    "8B at 131k context on 512 H100": _dense_case(8e9, "h100-sxm", 512, 128, seq_len=131072),
    "8B full attention, recompute none": _dense_case(
        8e9, "a100-sxm", 64, 512, seq_len=8192, attention="full"
    ),
    "70B fp8, bf16 grads, micro-batch 2": _dense_case(
        70e9, "h100-sxm", 256, 1024, precision="fp8", fp32_grads=False, micro_batch=2
    ),
    "1B on one GPU": _dense_case(1e9, "h100-sxm", 1, 64),
}


@pytest.mark.parametrize("case", DENSE.values(), ids=DENSE.keys())
def test_dense_candidates_give_the_records_of_the_record_search(case):
    args, kwargs = case
    reference = _reference(*args, **kwargs)
    assert reference  # every case has splits
    candidates = layout_candidates(*args, **kwargs)
    assert tuple(c.record() for c in candidates) == reference
    assert layouts(*args, **kwargs) == reference
    assert [c.total for c in candidates] == [x.memory.total for x in reference]


def _moe_case(n_params, n_active, experts, top_k, gpu, n_gpus, batch_sequences, ep=None, **kw):
    acc = load_accelerator(gpu)
    spec = moe_spec(n_params, n_active, experts, top_k, ep)
    shape = shape_for_params(n_active, seq_len=4096, heads_multiple=acc.gpus_per_node)
    flops = moe_flops_per_token(n_active, shape.n_layers, shape.n_heads * shape.head_dim, None)
    args = (spec, shape.n_layers, shape.d_model, shape.n_heads)
    kwargs = dict(
        accelerator=acc,
        n_gpus=n_gpus,
        batch_sequences=batch_sequences,
        seq_len=4096,
        flops_per_token=flops,
        vocab_size=shape.vocab_size,
        **kw,
    )
    return args, kwargs


MOE = {
    "DeepSeek-V3 counts on 2048 H800": _moe_case(671e9, 37e9, 256, 8, "h800", 2048, 4096),
    "DeepSeek-V3 counts, EP 64 fixed": _moe_case(671e9, 37e9, 256, 8, "h800", 2048, 4096, ep=64),
    "8 experts top-2 fp8 on 64 H100": _moe_case(
        46.7e9, 12.9e9, 8, 2, "h100-sxm", 64, 512, precision="fp8"
    ),
}


@pytest.mark.parametrize("case", MOE.values(), ids=MOE.keys())
def test_moe_candidates_give_the_records_of_the_record_search(case):
    args, kwargs = case
    reference = _moe_reference(*args, **kwargs)
    assert any(x.fits for x in reference)
    candidates = moe_layout_candidates(*args, **kwargs)
    assert tuple(c.record() for c in candidates) == reference
    assert moe_layouts(*args, **kwargs) == reference


SHEETS = {
    "70B on 1024 H100": {
        "n_params": 70e9,
        "n_tokens": 2e12,
        "accelerator": "h100-sxm",
        "n_gpus": 1024,
    },
    "8B at 131k context": {
        "n_params": 8e9,
        "n_tokens": 15e12,
        "accelerator": "h100-sxm",
        "n_gpus": 512,
        "seq_len": 131072,
    },
    "405B on 8 GPUs": {
        "n_params": 405e9,
        "n_tokens": 15e12,
        "accelerator": "h100-sxm",
        "n_gpus": 8,
    },
    "70B with TP 8 and PP 4 fixed": {
        "n_params": 70e9,
        "n_tokens": 2e12,
        "accelerator": "h100-sxm",
        "n_gpus": 1024,
        "choice": LayoutChoice(tp=8, pp=4),
    },
    "DeepSeek-V3 counts on 2048 H800": {
        "n_params": 671e9,
        "n_tokens": 14.8e12,
        "accelerator": "h800",
        "n_gpus": 2048,
        "n_active_params": 37e9,
        "experts": 256,
        "top_k": 8,
        # the catalogue has no H800 board power; the
        # energy does not touch the layouts
        "energy": EnergyOptions(board_power_w=700.0),
    },
}


@pytest.mark.parametrize("kw", SHEETS.values(), ids=SHEETS.keys())
def test_the_run_sheet_reports_the_layouts_the_record_search_ranks_first(kw):
    """The sheet's layout and three alternatives are the first feasible layouts of the record
    search with the sheet's own inputs (its shape, batch and MFU); none when nothing fits."""
    acc = load_accelerator(kw["accelerator"])
    n_model = kw.get("n_active_params", kw["n_params"])
    seq_len = kw.get("seq_len", 4096)
    shape = shape_for_params(n_model, seq_len=seq_len, heads_multiple=acc.gpus_per_node)
    sheet = run_sheet(**kw, shape=shape, mfu=0.4)
    peak = acc.model_copy(update={"peak_flops_per_s": peak_for(acc, "bf16")[0]})
    common = {
        "accelerator": peak,
        "n_gpus": kw["n_gpus"],
        "mfu": 0.4,
        "seq_len": seq_len,
        "batch_sequences": sheet.hyperparameters.batch_sequences,
        "vocab_size": shape.vocab_size,
    }
    if "experts" in kw:
        spec = moe_spec(kw["n_params"], n_model, kw["experts"], kw["top_k"], None)
        flops = moe_flops_per_token(n_model, shape.n_layers, shape.n_heads * shape.head_dim, None)
        reference = _moe_reference(
            spec, shape.n_layers, shape.d_model, shape.n_heads, flops_per_token=flops, **common
        )
    else:
        reference = _reference(
            kw["n_params"], shape.n_layers, shape.d_model, shape.n_heads, **common
        )
    choice = kw.get("choice", LayoutChoice())
    feasible = [x for x in reference if x.fits and choice.matches(x)]
    assert sheet.layout == (feasible[0] if feasible else None)
    assert sheet.alternatives == tuple(feasible[1:4])
    if not feasible:
        least = min(reference, key=lambda x: x.memory.total)
        assert f"needs {least.memory.total / 1e9:.1f} GB per GPU" in " ".join(sheet.warnings)


@pytest.mark.parametrize("zero", [0, 1, 2, 3])
def test_zero_stages_shard_the_states_the_candidates_share_with_memory_per_gpu(zero):
    """ZeRO (Rajbhandari et al. 2020) as planner.run._layout's docstring states it: stage 1
    shards the optimizer states over the d replicas, 2 the gradients too, 3 the weights too
    (2 + 4 + 12 bytes per parameter)."""
    n, t, p, d = 8e9, 2, 4, 16
    m = memory_per_gpu(n, 32, 4096, 32, tp=t, pp=p, dp=d, zero_stage=zero, recompute="full",
                       seq_len=4096, micro_batch=1, micro_batches=8)  # fmt: skip
    local = n / (t * p)
    assert m.optimizer == pytest.approx(12 * local / (d if zero >= 1 else 1), rel=1e-15)
    assert m.gradients == pytest.approx(4 * local / (d if zero >= 2 else 1), rel=1e-15)
    assert m.weights == pytest.approx(2 * local / (d if zero >= 3 else 1), rel=1e-15)


def test_a_dense_run_sheet_does_not_import_the_mixture_of_experts_module():
    """The CLI's start-up: the MoE module is imported only for a mixture of experts."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from planner.run._sheet import run_sheet\n"
        "run_sheet(1e9, 2e10, n_gpus=1)\n"
        "dense = 'planner.run._moe' in sys.modules\n"
        "run_sheet(46.7e9, 1e12, n_gpus=64, n_active_params=12.9e9, experts=8, top_k=2)\n"
        "print(dense, 'planner.run._moe' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "True"]
