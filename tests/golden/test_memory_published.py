"""Memory per GPU: closed forms, the reserve, and published runs' layouts that fit (issue 20
item 2).

Sources:

- Korthikanti et al. 2022 (arXiv:2205.05198) Table 2: activations per layer
  sbh(34 + 5as/h)/t without recomputation, 34 sbh/t with selective recomputation, 2 sbh/t
  with full recomputation; FlashAttention (Dao et al. 2022) stores no s x s scores.
- Megatron-LM distributed-optimizer guide
  (https://docs.nvidia.com/megatron-core/developer-guide/latest/distrib_optimizer.html): bytes
  per parameter 18 (bf16 parameters, fp32 gradients) and 6 + 12/d with the optimizer sharded;
  16 with fp16 gradients as in Rajbhandari et al. 2020 (ZeRO, arXiv:1910.02054) §3.1.
- BLOOM 176B (BigScience 2022, arXiv:2211.05100): bigscience-workshop/bigscience
  train/tr11-176B-ml/tr11-176B-ml.slurm: 48 nodes x 8 A100-80GB, TP_SIZE=4, PP_SIZE=12,
  MICRO_BATCH_SIZE=2, GLOBAL_BATCH_SIZE=2048, NHIDDEN=14336, NLAYERS=70, NHEADS=112,
  SEQ_LEN=2048, --pad-vocab-size-to 250880, --checkpoint-activations, bf16 with DeepSpeed's
  ZeRO-1 equivalent; 176,247M parameters (the paper).
- Megatron-LM's GPT configurations (Narayanan et al. 2021, arXiv:2104.04473, Table 1): "1
  trillion parameters at 502 petaFLOP/s on 3072 GPUs" (abstract); the shapes (1.7B: 24 layers,
  2304, 24 heads; 3.6B: 30, 3072, 32; 7.5B: 36, 4096, 32; 18.4B: 40, 6144, 48; 1T: 128, 25,600,
  160), vocabulary 51,200 and sequence 2,048 from the Megatron-LM README's table of these
  models (as copied in aws-samples' Megatron-LM guide); the layouts (TP 1, 2, 4 then 8 from
  18.4B on; PP 1 up to 64 for the 1T model; 32 data-parallel replicas for the small models,
  6 for the 1T: 3,072 = 8 x 64 x 6) from lecture notes on Table 1 (slide 59) and secondary
  accounts of the 1T run: Table 1 itself was not read here. Full activation recomputation, as
  in the paper.
- LLaMA 65B (Touvron et al. 2023, arXiv:2302.13971) §2.4: "380 tokens/sec/GPU on 2048 A100
  GPU with 80GB of RAM"; 80 layers, width 8192, 64 heads, sequence 2,048, vocabulary 32,000
  (Table 2 and §2.1); its layout is not published, so any layout that fits is enough.
"""

from __future__ import annotations

import pytest

from planner.planning._accelerators import load_accelerator
from planner.run._layout import (
    USABLE_MEMORY,
    activation_bytes,
    fits,
    layouts,
    memory_per_gpu,
)

S, B, H, A, T = 2048, 1, 12288, 96, 8


def test_activation_closed_forms():
    sbh = S * B * H
    assert activation_bytes(S, B, H, A, T, "none", "full") == sbh * (34 + 5 * A * S / H) / T
    assert activation_bytes(S, B, H, A, T, "none", "flash") == 34 * sbh / T
    assert activation_bytes(S, B, H, A, T, "selective", "full") == 34 * sbh / T
    assert activation_bytes(S, B, H, A, T, "full", "flash") == 2 * sbh / T


def test_flash_attention_has_no_s_squared_term():
    flash = [activation_bytes(s, B, H, A, T, "none", "flash") for s in (2048, 4096)]
    full = [activation_bytes(s, B, H, A, T, "none", "full") for s in (2048, 4096)]
    assert flash[1] == 2 * flash[0]
    assert full[1] > 2.5 * full[0]


def test_bytes_per_parameter_follow_megatron_s_table():
    kw = {"seq_len": 1, "micro_batch": 1, "micro_batches": 1, "recompute": "full"}
    m = memory_per_gpu(1e9, 1, 64, 1, tp=1, pp=1, dp=1, zero_stage=0, **kw)
    assert m.weights + m.gradients + m.optimizer == pytest.approx(18e9)
    m = memory_per_gpu(1e9, 1, 64, 1, tp=1, pp=1, dp=1, zero_stage=0, fp32_grads=False, **kw)
    assert m.weights + m.gradients + m.optimizer == pytest.approx(16e9)
    m = memory_per_gpu(1e9, 1, 64, 1, tp=1, pp=1, dp=8, zero_stage=1, **kw)
    assert m.weights + m.gradients + m.optimizer == pytest.approx((6 + 12 / 8) * 1e9)


def test_logits_are_counted_on_the_last_stage():
    kw = {"seq_len": 4096, "micro_batch": 1, "recompute": "full", "zero_stage": 0}
    per_layer = activation_bytes(4096, 1, 4096, 32, 1, "full")
    m = memory_per_gpu(7e9, 32, 4096, 32, tp=1, pp=1, dp=1, micro_batches=8,
                       vocab_size=32000, **kw)  # fmt: skip
    assert m.logits == 4 * 4096 * 32000
    assert m.activations == pytest.approx(32 * per_layer + m.logits)
    none = memory_per_gpu(7e9, 32, 4096, 32, tp=1, pp=1, dp=1, micro_batches=8, **kw)
    assert none.logits == 0 and none.activations == pytest.approx(32 * per_layer)


def test_the_reserve_refuses_a_layout_just_under_the_hbm():
    assert USABLE_MEMORY == 0.95
    assert not fits(80e9 - 0.05e9, 80e9)
    assert fits(0.95 * 80e9, 80e9)
    found = layouts(70e9, 80, 8192, 64, accelerator=load_accelerator("h100-sxm"), n_gpus=64,
                    batch_sequences=1024, seq_len=4096, vocab_size=32000)  # fmt: skip
    assert any(x.fits for x in found) and any(not x.fits for x in found)
    assert all(x.fits == (x.memory.total <= 0.95 * 80e9) for x in found)


def _fits_at(n_params, shape, *, gpu, n_gpus, batch, seq, vocab, tp, pp, micro_batch=1, **want):
    n_layers, d_model, n_heads = shape
    found = layouts(n_params, n_layers, d_model, n_heads, accelerator=load_accelerator(gpu),
                    n_gpus=n_gpus, batch_sequences=batch, seq_len=seq, micro_batch=micro_batch,
                    vocab_size=vocab)  # fmt: skip
    return [x for x in found if x.tp == tp and x.pp == pp and x.fits
            and all(getattr(x, k) == v for k, v in want.items())]  # fmt: skip


def test_bloom_176b_fits_at_its_stated_layout():
    ok = _fits_at(176.247e9, (70, 14336, 112), gpu="a100-sxm", n_gpus=384, batch=2048, seq=2048,
                  vocab=250880, tp=4, pp=12, micro_batch=2, zero_stage=1, recompute="full")  # fmt: skip
    assert ok and ok[0].dp == 8


@pytest.mark.parametrize(
    ("n_params", "shape", "tp", "pp", "n_gpus"),
    [
        (1.7e9, (24, 2304, 24), 1, 1, 32),
        (3.6e9, (30, 3072, 32), 2, 1, 64),
        (7.5e9, (36, 4096, 32), 4, 1, 128),
        (18.4e9, (40, 6144, 48), 8, 1, 256),
        (1008e9, (128, 25600, 160), 8, 64, 3072),
    ],
    ids=["1.7B", "3.6B", "7.5B", "18.4B", "1T"],
)
def test_megatron_gpt_configurations_fit_at_their_layouts(n_params, shape, tp, pp, n_gpus):
    """Narayanan et al. 2021 Table 1: no distributed optimizer (ZeRO-0), full recomputation;
    the batch (3,072 sequences here) only needs m >= p micro-batches per replica for the first
    stage to hold p of them."""
    ok = _fits_at(n_params, shape, gpu="a100-sxm", n_gpus=n_gpus, batch=3072, seq=2048,
                  vocab=51200, tp=tp, pp=pp, recompute="full", zero_stage=0)  # fmt: skip
    assert ok


def test_llama_65b_fits_on_2048_a100s():
    found = layouts(65.2e9, 80, 8192, 64, accelerator=load_accelerator("a100-sxm"), n_gpus=2048,
                    batch_sequences=2048, seq_len=2048, vocab_size=32000)  # fmt: skip
    assert any(x.fits for x in found)


def test_full_attention_form_is_an_option_and_costs_memory():
    from planner.run._sheet import run_sheet

    kw = {"seq_len": 8192, "micro_batch": 1, "micro_batches": 4, "recompute": "none",
          "tp": 8, "pp": 1, "dp": 8, "zero_stage": 1}  # fmt: skip
    flash = memory_per_gpu(7e9, 32, 4096, 32, **kw)
    full = memory_per_gpu(7e9, 32, 4096, 32, attention="full", **kw)
    sbh = 8192 * 4096
    assert full.activations - flash.activations == pytest.approx(
        32 * 5 * 32 * 8192 * sbh / 4096 / 8
    )
    sheet = run_sheet(7e9, 2e12, n_gpus=64, seq_len=8192, attention="full")
    assert sheet.attention == "full"
    from planner.errors import InputError

    with pytest.raises(InputError, match="attention"):
        run_sheet(7e9, 2e12, n_gpus=64, attention="sparse")
