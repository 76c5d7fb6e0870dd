"""A mixture of experts in the run sheet (issue 21 item 2), against published figures.

Sources, each read in the text (not from memory):

- DeepSeek-V3 Technical Report (DeepSeek-AI 2024, arXiv:2412.19437): Table 1, "Pre-Training
  2664K" H800 GPU hours; §3.1, "a cluster equipped with 2048 NVIDIA H800 GPUs. Each node ...
  contains 8 GPUs"; §3.2, "16-way Pipeline Parallelism (PP), 64-way Expert Parallelism (EP)
  spanning 8 nodes, and ZeRO-1 Data Parallelism (DP)" and "without using costly Tensor
  Parallelism (TP)"; §3.2.1, DualPipe keeps "2x" the parameters of 1F1B; §4.2, "the number of
  Transformer layers to 61 and the hidden dimension to 7168", "128 attention heads", "per-head
  dimension 128", "all FFNs except for the first three layers" are MoE layers of "1 shared
  expert and 256 routed experts, where the intermediate hidden dimension of each expert is
  2048", "8 experts will be activated for each token", "671B total parameters, of which 37B are
  activated", "maximum sequence length to 4K", "pre-train DeepSeek-V3 on 14.8T tokens"; §4.1,
  "an extended vocabulary of 128K tokens". §3.3 trains in FP8.
- Mixtral of Experts (Jiang et al. 2024, arXiv:2401.04088), Table 1 "Model architecture": dim
  4096, n_layers 32, head_dim 128, hidden_dim 14336, n_heads 32, n_kv_heads 8, context_len
  32768, vocab_size 32000, num_experts 8, top_k_experts 2; §2.1, "the same SwiGLU architecture as
  the expert function" (three matrices); the abstract's "47B parameters, but only uses 13B
  active parameters". Mistral AI's announcement gives 46.7B total and 12.9B per token (quoted by
  Decrypt; secondary): both follow from Table 1 with untied input and output embeddings, as the
  hand count below shows.
- Llama 4 Behemoth (Meta, "The Llama 4 herd", ai.meta.com/blog/llama-4-multimodal-intelligence,
  April 2025; read in secondary quotations of the post): "using FP8 and 32K GPUs, we achieved
  390 TFLOPs/GPU" -- the one FP8 training utilisation found in a source.
"""

from __future__ import annotations

import json

import pytest
from testdata import run_cli

from planner.errors import InputError
from planner.planning._records import ModelShape
from planner.run._layout import USABLE_MEMORY, LayoutChoice
from planner.run._moe import all_to_all_bytes, moe_memory_per_gpu, split_params
from planner.run._sheet import EnergyOptions, MoERunSheet, run_sheet

DSV3_TOTAL, DSV3_ACTIVE, DSV3_TOKENS = 671e9, 37e9, 14.8e12  # §4.2
DSV3_EXPERTS, DSV3_TOP_K = 256, 8  # §4.2
DSV3_GPUS = 2048  # §3.1
DSV3_PRETRAINING_GPU_HOURS = 2.664e6  # Table 1
H800_BF16_DENSE = 989.4e12  # presets/hardware/h800.toml (the H100 SXM's tensor cores)
LLAMA4_FP8_FLOPS_PER_GPU = 390e12  # Meta's Llama 4 post (secondary quotation, see above)
# Energy is not under test; the H800 has no cited board power (its preset says so), so the
# H100 SXM's 700 W stands in only to let the sheet finish.
ENERGY = EnergyOptions(board_power_w=700.0)


def dsv3_shape() -> ModelShape:
    """DeepSeek-V3's active model as the run sheet reads a shape (§4.1, §4.2)."""
    return ModelShape(
        n_layers=61, d_model=7168, n_heads=128, head_dim=128,
        d_ff=9 * 2048,  # 8 routed + 1 shared expert of width 2048 per token
        vocab_size=128_000, seq_len=4096, n_params_total=DSV3_ACTIVE,
        n_params_non_embedding=DSV3_ACTIVE, flops_per_token_6n=6 * DSV3_ACTIVE,
        flops_per_token_appendix_f=6 * DSV3_ACTIVE, rule="DeepSeek-V3 §4.2",
    )  # fmt: skip


def dsv3(**kw):
    kw.setdefault("accelerator", "h800")
    kw.setdefault("n_gpus", DSV3_GPUS)
    kw.setdefault("energy", ENERGY)
    return run_sheet(
        DSV3_TOTAL, DSV3_TOKENS, n_active_params=DSV3_ACTIVE, experts=DSV3_EXPERTS,
        top_k=DSV3_TOP_K, **kw,
    )  # fmt: skip


PUBLISHED = {"ep": 64, "choice": LayoutChoice(tp=1, pp=16, zero_stage=1)}  # §3.2


def test_split_recovers_deepseek_v3_expert_size():
    """(N - N_a)/(E - K) is one routed expert over the 58 MoE layers: 3 x 7168 x 2048 x 58."""
    dense, routed = split_params(DSV3_TOTAL, DSV3_ACTIVE, DSV3_EXPERTS, DSV3_TOP_K)
    assert routed / DSV3_EXPERTS == pytest.approx(3 * 7168 * 2048 * (61 - 3), rel=2e-3)
    assert dense + routed == pytest.approx(DSV3_TOTAL, rel=1e-12)
    assert dense + routed * DSV3_TOP_K / DSV3_EXPERTS == pytest.approx(DSV3_ACTIVE, rel=1e-12)


def test_deepseek_v3_published_layout_is_feasible_and_its_states_match_by_hand():
    r = dsv3(shape=dsv3_shape(), seq_len=4096, **PUBLISHED)
    assert isinstance(r, MoERunSheet)
    assert r.feasible and r.layout is not None and r.memory is not None
    lay = r.layout
    assert (lay.tp, lay.pp, lay.dp, lay.zero_stage) == (1, 16, 128, 1)
    assert (lay.ep, lay.expert_dp, r.ep) == (64, 2, 64)  # EP64 folded into the 128 DP ranks
    dense, routed = split_params(DSV3_TOTAL, DSV3_ACTIVE, DSV3_EXPERTS, DSV3_TOP_K)
    dense_local, expert_local = dense / 16, routed / (64 * 16)
    assert r.memory.weights == pytest.approx(2 * (dense_local + expert_local), rel=1e-12)
    assert r.memory.gradients == pytest.approx(4 * (dense_local + expert_local), rel=1e-12)
    # ZeRO-1: the dense moments over the 128 replicas, the experts' over their 2
    assert r.memory.optimizer == pytest.approx(12 * (dense_local / 128 + expert_local / 2))
    usable = USABLE_MEMORY * 80e9
    assert r.memory.total <= usable
    # DualPipe keeps two copies of the parameters (§3.2.1, "Parameter 2x"): still fits
    assert r.memory.total + r.memory.weights <= usable


def test_deepseek_v3_all_to_all_by_hand():
    r = dsv3(shape=dsv3_shape(), seq_len=4096, **PUBLISHED)
    lay = r.layout
    assert lay is not None
    layers_per_stage = 4  # ceil(61 / 16)
    want = 2 * lay.micro_batches * layers_per_stage * 8 * 4096 * 7168 * (2 + 2) * 63 / 64
    assert lay.all_to_all_bytes == pytest.approx(want, rel=1e-12)
    fp8 = all_to_all_bytes(8, 4096, 1, 7168, tp=1, ep=64, moe_layers=4,
                           micro_batches=lay.micro_batches, precision="fp8")  # fmt: skip
    assert fp8 == pytest.approx(want * 3 / 4, rel=1e-12)  # FP8 dispatch, BF16 combine (§3.3.3)


def test_deepseek_v3_gpu_hours_at_bf16_within_25_percent():
    """6 N_active D at the H800's BF16 peak, the default MFU (43%, Llama 3 at <= 8,192 GPUs)
    and goodput (90%): 2.38M GPU-hours, 0.895x the reported 2.664M; with the attention over
    DeepSeek-V3's 4K sequences (Kaplan Table 1: 6 x 61 x 4096 x 128 x 128 per token) 2.65M,
    0.994x."""
    r = dsv3()
    want = 6 * DSV3_ACTIVE * DSV3_TOKENS / (H800_BF16_DENSE * 0.43 * 0.90 * 3600)
    assert r.gpu_hours == pytest.approx(want, rel=1e-12)
    assert r.gpu_hours / DSV3_PRETRAINING_GPU_HOURS == pytest.approx(0.895, abs=0.005)
    with_attention = dsv3(shape=dsv3_shape(), seq_len=4096)
    per_token = 6 * DSV3_ACTIVE + 6 * 61 * 4096 * 128 * 128
    assert with_attention.flops_per_token == pytest.approx(per_token, rel=1e-12)
    ratio = with_attention.gpu_hours / DSV3_PRETRAINING_GPU_HOURS
    assert ratio == pytest.approx(0.994, abs=0.005)
    for sheet in (r, with_attention):
        assert 0.75 <= sheet.gpu_hours / DSV3_PRETRAINING_GPU_HOURS <= 1.25


def test_deepseek_v3_at_fp8():
    """At the FP8 peak with the BF16 MFU (the sheet's stated assumption) the GPU-hours halve:
    fewer, but 0.45x the reported figure. At the only FP8 utilisation read in a source, Llama 4
    Behemoth's 390 TFLOP/s per GPU (19.7% of the FP8 dense peak), the GPU-hours are 2.60M:
    MORE than at BF16 with Llama 3's 43% (425 TFLOP/s), so the issue's "fewer at FP8 with a
    cited utilisation" is not met by the published figures; they land 0.976x of the report."""
    bf16 = dsv3()
    assumed = dsv3(precision="fp8")
    assert assumed.gpu_hours == pytest.approx(bf16.gpu_hours / 2, rel=1e-3)
    fp8_peak = assumed.peak_flops_per_s
    assert fp8_peak is not None
    cited = dsv3(precision="fp8", mfu=LLAMA4_FP8_FLOPS_PER_GPU / fp8_peak)
    assert cited.gpu_hours == pytest.approx(
        6 * DSV3_ACTIVE * DSV3_TOKENS / (LLAMA4_FP8_FLOPS_PER_GPU * 0.9 * 3600), rel=1e-12
    )
    assert LLAMA4_FP8_FLOPS_PER_GPU < 0.43 * H800_BF16_DENSE  # why: 390 < 425 TFLOP/s
    assert cited.gpu_hours > bf16.gpu_hours
    assert cited.gpu_hours / DSV3_PRETRAINING_GPU_HOURS == pytest.approx(0.976, abs=0.005)
    # FP8 optimizer states (§3.3.3): 8 bytes where bf16 keeps 12, on the published layout
    states_bf16, states_fp8 = dsv3(**PUBLISHED).memory, dsv3(precision="fp8", **PUBLISHED).memory
    assert states_bf16 is not None and states_fp8 is not None
    assert states_fp8.optimizer == pytest.approx(states_bf16.optimizer * 8 / 12, rel=1e-12)
    assert states_fp8.weights == states_bf16.weights


# Mixtral 8x7B from Table 1, counted by hand
D, LAYERS, HEAD, HEADS, KV_HEADS, FFN, VOCAB, E, K = 4096, 32, 128, 32, 8, 14336, 32000, 8, 2
ATTENTION = D * HEADS * HEAD * 2 + D * KV_HEADS * HEAD * 2  # Q, O and the grouped K, V
EXPERT = 3 * D * FFN  # SwiGLU: gate, up, down
ROUTER, NORMS = D * E, 2 * D
EMBEDDINGS = 2 * VOCAB * D + D  # untied input and output embeddings, final norm
MIXTRAL_TOTAL = LAYERS * (ATTENTION + E * EXPERT + ROUTER + NORMS) + EMBEDDINGS
MIXTRAL_ACTIVE = LAYERS * (ATTENTION + K * EXPERT + ROUTER + NORMS) + EMBEDDINGS


def test_mixtral_parameters_by_hand_match_the_announcement():
    assert MIXTRAL_TOTAL == 46_702_792_704  # 46.7B (47B in the abstract)
    assert MIXTRAL_ACTIVE == 12_879_925_248  # 12.9B (13B in the abstract)
    dense, routed = split_params(MIXTRAL_TOTAL, MIXTRAL_ACTIVE, E, K)
    assert routed == pytest.approx(LAYERS * E * EXPERT, rel=1e-12)
    assert dense == pytest.approx(LAYERS * (ATTENTION + ROUTER + NORMS) + EMBEDDINGS, rel=1e-12)


def mixtral_shape() -> ModelShape:
    return ModelShape(
        n_layers=LAYERS, d_model=D, n_heads=HEADS, head_dim=HEAD, d_ff=FFN, vocab_size=VOCAB,
        seq_len=4096, n_params_total=MIXTRAL_ACTIVE, n_params_non_embedding=MIXTRAL_ACTIVE,
        flops_per_token_6n=6 * MIXTRAL_ACTIVE, flops_per_token_appendix_f=6 * MIXTRAL_ACTIVE,
        rule="Mixtral Table 1",
    )  # fmt: skip


def test_mixtral_memory_matches_a_hand_computation():
    """64 H100 as TP 2 x PP 4 x DP 8 with EP 8 (experts' DP 2 x 8 / 8 = 2), ZeRO-1, selective
    recomputation, 4,096-token sequences, one per micro-batch. By hand, per GPU:

    dense 1,605,636,096 / (2 x 4) = 200,704,512; experts 45,097,156,608 / (8 x 4) = 1,409,286,144
    weights    2 x (200,704,512 + 1,409,286,144)                     =  3,219,981,312
    gradients  4 x (200,704,512 + 1,409,286,144)                     =  6,439,962,624
    optimizer 12 x (200,704,512 / 8 + 1,409,286,144 / 2)             =  8,756,773,632
    activations 34 s b h / t = 34 x 4096 x 4096 / 2 = 285,212,672 per layer; the first stage
      holds 4 micro-batches of its 8 layers: 4 x 8 x 285,212,672    =  9,126,805,504
      (the last: 8 layers + fp32 logits 4 x 4096 x 32000 / 2 = 2,543,845,376, less)
    total                                                            = 27,543,523,072
    """
    kw = {"tp": 2, "pp": 4, "dp": 8, "ep": 8, "zero_stage": 1, "recompute": "selective",
          "seq_len": 4096, "micro_batch": 1, "micro_batches": 16, "vocab_size": VOCAB}  # fmt: skip
    dense, routed = split_params(MIXTRAL_TOTAL, MIXTRAL_ACTIVE, E, K)
    m = moe_memory_per_gpu(dense, routed, LAYERS, D, HEADS, **kw)
    assert m.weights == pytest.approx(3_219_981_312, rel=1e-12)
    assert m.gradients == pytest.approx(6_439_962_624, rel=1e-12)
    assert m.optimizer == pytest.approx(8_756_773_632, rel=1e-12)
    assert m.activations == pytest.approx(9_126_805_504, rel=1e-12)
    assert m.total == pytest.approx(27_543_523_072, rel=1e-12)
    # the run sheet with that layout fixed reports the same bytes
    r = run_sheet(
        MIXTRAL_TOTAL, 1e12, n_active_params=MIXTRAL_ACTIVE, experts=E, top_k=K, ep=8,
        n_gpus=64, seq_len=4096, shape=mixtral_shape(),
        choice=LayoutChoice(tp=2, pp=4, zero_stage=1, recompute="selective"),
    )  # fmt: skip
    assert r.memory is not None and r.layout is not None and r.layout.micro_batches >= 4
    assert r.memory.total == pytest.approx(27_543_523_072, rel=1e-12)


def test_json_and_text_carry_the_mixture(capsys):
    argv = ["run", "--params", "671B", "--active-params", "37B", "--experts", "256", "--top-k",
            "8", "--tokens", "14.8T", "--gpu", "h800", "--gpus", "2048", "--power-w", "700"]  # fmt: skip
    code, out, _ = run_cli(capsys, *argv, "--json")
    assert code in (0, None)
    data = json.loads(out)
    assert data["n_params"] == 671e9 and data["n_active_params"] == 37e9
    assert (data["experts"], data["top_k"]) == (256, 8)
    assert data["ep"] == data["layout"]["ep"] >= 1
    assert data["compute_flops"] == pytest.approx(6 * 37e9 * 14.8e12)
    code, out, _ = run_cli(capsys, *argv)
    assert code in (0, None)
    assert "671B total, 37.0B active: 256 experts, top-8" in out
    assert "all-to-all" in out and "EP " in out


def test_a_dense_sheet_has_no_mixture_fields(capsys):
    code, out, _ = run_cli(capsys, "run", "--params", "7B", "--tokens", "2T", "--json")
    assert code in (0, None)
    data = json.loads(out)
    assert not {"n_active_params", "experts", "top_k", "ep"} & set(data)
    assert "ep" not in data["layout"] and "dense_params_per_gpu" not in data["memory"]


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"experts": 8, "top_k": 2}, "n_active_params"),
        ({"n_active_params": 13e9, "experts": 8}, "top_k"),
        ({"n_active_params": 13e9, "experts": 8, "top_k": 8}, "top_k"),
        ({"n_active_params": 5e9, "experts": 8, "top_k": 2}, "n_active_params"),  # < 2/8
        ({"n_active_params": 13e9, "experts": 8, "top_k": 2, "ep": 3}, "ep"),
        ({"n_active_params": 60e9, "experts": 8, "top_k": 2}, "n_active_params"),  # > total
    ],
)
def test_bad_mixtures_name_the_field(kw, field):
    with pytest.raises(InputError, match=field):
        run_sheet(46.7e9, 1e12, n_gpus=64, **kw)


def test_cli_refuses_experts_alone(capsys):
    code, _, err = run_cli(capsys, "run", "--params", "47B", "--tokens", "1T", "--experts", "8")
    assert code == 2
    assert "n_active_params" in err and len(err.strip().splitlines()) == 1


def test_layout_search_covers_every_expert_parallel_degree():
    """Every EP dividing both E and t x d is searched beside TP, PP, ZeRO and recomputation,
    and each layout's experts per GPU are E P_e / (e p)."""
    from planner.planning._accelerators import load_accelerator
    from planner.run._moe import moe_layouts, moe_spec

    spec = moe_spec(MIXTRAL_TOTAL, MIXTRAL_ACTIVE, E, K, None)
    assert spec is not None
    found = moe_layouts(
        spec, LAYERS, D, HEADS, accelerator=load_accelerator("h100-sxm"), n_gpus=64,
        batch_sequences=1024, seq_len=4096, flops_per_token=6 * MIXTRAL_ACTIVE,
    )  # fmt: skip
    seen: dict[tuple[int, int], set[int]] = {}
    for lay in found:
        seen.setdefault((lay.tp, lay.pp), set()).add(lay.ep)
        assert lay.expert_dp * lay.ep == lay.tp * lay.dp
        assert lay.memory.expert_params_per_gpu == pytest.approx(
            spec.expert_params / (lay.ep * lay.pp), rel=1e-12
        )
    for (tp, pp), eps in seen.items():
        dp = 64 // (tp * pp)
        assert eps == {e for e in (1, 2, 4, 8) if (tp * dp) % e == 0}, (tp, pp)
    assert found[0].fits and found[0].efficiency == max(x.efficiency for x in found if x.fits)


def test_a_fixed_ep_that_cannot_fold_says_why():
    r = run_sheet(MIXTRAL_TOTAL, 1e12, n_active_params=MIXTRAL_ACTIVE, experts=E, top_k=K, ep=8,
                  n_gpus=4)  # fmt: skip
    assert not r.feasible and r.ep is None
    assert any("EP 8 dividing TP x DP" in w for w in r.warnings)
