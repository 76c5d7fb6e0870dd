"""Training precision in the run sheet (issue 21 item 4): the dense FP8 peak of the datasheet.

Source of the H100 SXM peaks (presets/hardware/h100-sxm.toml): the NVIDIA H100 datasheet as
reproduced by HPC Tech (https://archive-lib.hpctech.co.jp/gpuproduct/nvidia-h100.html), SXM
column: "BFLOAT16 Tensor 1,979 TFLOPS*", "FP8 Tensor 3,958 TFLOPS*", "* Shown with sparsity.
Specifications 1/2 lower without sparsity"; unrounded dense peaks 989.4 and 1,978.9 TFLOP/s
(NVIDIA H100 whitepaper figures, https://glennklockwood.com/garden/processors/h100).

Closed form: GPU-hours = 6ND / (peak x MFU x goodput x 3600), so at equal MFU and goodput
GPU-hours(fp8) = GPU-hours(bf16) x peak_bf16 / peak_fp8.
"""

from __future__ import annotations

import json

import pytest
from testdata import run_cli

from planner.errors import InputError
from planner.run._sheet import run_sheet

H100_BF16_DENSE = 989.4e12
H100_FP8_DENSE = 1978.9e12


def test_h100_fp8_peak_is_the_datasheet_dense_value():
    r = run_sheet(7e9, 2e12, accelerator="h100-sxm", n_gpus=64, precision="fp8")
    assert r.precision == "fp8"
    assert r.peak_flops_per_s == H100_FP8_DENSE
    # the datasheet's sparse figure halved, within its rounding to whole TFLOP/s
    assert r.peak_flops_per_s == pytest.approx(3958e12 / 2, rel=1e-3)
    assert run_sheet(7e9, 2e12, n_gpus=64).peak_flops_per_s == H100_BF16_DENSE


@pytest.mark.parametrize("gpu", ["h100-sxm", "h200-sxm", "mi300x"])
def test_fp8_gpu_hours_scale_by_the_peak_ratio_at_equal_mfu(gpu):
    bf16 = run_sheet(70e9, 1.4e12, accelerator=gpu, n_gpus=1024, mfu=0.4)
    fp8 = run_sheet(70e9, 1.4e12, accelerator=gpu, n_gpus=1024, mfu=0.4, precision="fp8")
    assert bf16.peak_flops_per_s is not None and fp8.peak_flops_per_s is not None
    ratio = bf16.peak_flops_per_s / fp8.peak_flops_per_s
    assert fp8.gpu_hours == pytest.approx(bf16.gpu_hours * ratio, rel=1e-12)
    assert fp8.days == pytest.approx(bf16.days * ratio, rel=1e-12)
    assert fp8.energy_kwh == pytest.approx(bf16.energy_kwh * ratio, rel=1e-12)
    # and the closed form itself, 6ND / (peak x MFU x goodput x 3600)
    want = 6 * 70e9 * 1.4e12 / (fp8.peak_flops_per_s * 0.4 * fp8.goodput * 3600)
    assert fp8.gpu_hours == pytest.approx(want, rel=1e-12)


def test_default_mfu_at_fp8_is_the_bf16_one_and_says_so():
    bf16 = run_sheet(70e9, 1.4e12, n_gpus=1024)
    fp8 = run_sheet(70e9, 1.4e12, n_gpus=1024, precision="fp8")
    assert fp8.mfu == bf16.mfu == 0.43  # Dubey et al. 2024 Table 4, 8,192 GPUs or fewer
    assert "assumption" in fp8.mfu_source and "FP8" in fp8.mfu_source
    assert "FP8" not in bf16.mfu_source


def test_fp8_memory_is_deepseek_v3_recipe_by_hand():
    """DeepSeek-V3 §3.3.3: AdamW moments in BF16, master weights and gradients in FP32.

    Per parameter: bf16 working weights 2 + fp32 gradients 4 + (fp32 master 4 + bf16 moments
    2 + 2) = 14 bytes, against 2 + 4 + 12 = 18 at bf16. Activations: test_fp8_activations.
    """
    from planner.run._layout import memory_per_gpu

    kw = {"tp": 2, "pp": 2, "dp": 4, "zero_stage": 1, "recompute": "none", "seq_len": 4096,
          "micro_batch": 1, "micro_batches": 8}  # fmt: skip
    bf16 = memory_per_gpu(7e9, 32, 4096, 32, **kw)
    fp8 = memory_per_gpu(7e9, 32, 4096, 32, **kw, precision="fp8")
    local = 7e9 / (2 * 2)
    assert fp8.weights == pytest.approx(2 * local)
    assert fp8.gradients == pytest.approx(4 * local)
    assert fp8.optimizer == pytest.approx((4 + 2 + 2) * local / 4)  # ZeRO-1 over dp = 4
    assert bf16.optimizer == pytest.approx(12 * local / 4)
    assert fp8.activations == pytest.approx(bf16.activations * 23.5 / 34, rel=1e-12)
    # the run sheet's chosen layout carries the same accounting
    r = run_sheet(70e9, 1.4e12, n_gpus=1024, precision="fp8")
    assert r.layout is not None and r.memory is not None
    local = 70e9 / (r.layout.tp * r.layout.pp)
    zero = r.layout.zero_stage
    assert r.memory.optimizer == pytest.approx(8 * local / (r.layout.dp if zero >= 1 else 1))


def test_a_precision_without_a_cited_peak_is_refused():
    with pytest.raises(InputError, match=r"precision: a100-sxm has no cited dense FP8 peak"):
        run_sheet(7e9, 2e12, accelerator="a100-sxm", n_gpus=64, precision="fp8")
    with pytest.raises(InputError, match="precision"):
        run_sheet(7e9, 2e12, n_gpus=64, precision="fp4")


def test_cli_refuses_fp8_without_a_peak_in_one_line(capsys):
    code, out, err = run_cli(capsys, "run", "--params", "7B", "--tokens", "2T", "--gpu", "a100",
                             "--gpus", "64", "--precision", "fp8")  # fmt: skip
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "a100-sxm" in err and "FP8" in err


def test_cli_json_carries_precision_and_peak(capsys):
    argv = ("run", "--params", "7B", "--tokens", "2T", "--gpus", "64", "--json")
    code, out, _ = run_cli(capsys, *argv, "--precision", "fp8")
    assert code == 0
    fp8 = json.loads(out)
    code, out, _ = run_cli(capsys, *argv)
    bf16 = json.loads(out)
    run8 = fp8.get("run", fp8)
    run16 = bf16.get("run", bf16)
    assert run8["precision"] == "fp8" and run8["peak_flops_per_s"] == H100_FP8_DENSE
    assert run16["precision"] == "bf16" and run16["peak_flops_per_s"] == H100_BF16_DENSE
    assert run8["gpu_hours"] == pytest.approx(run16["gpu_hours"] * H100_BF16_DENSE / H100_FP8_DENSE)


def test_fp8_activations_are_deepseek_v3_caching_by_hand():
    """DeepSeek-V3 §3.3.3 ("cache activations in FP8 format for the backward pass of the Linear
    operator", the attention-output Linear's input in E5M6, the SwiGLU input in FP8) applied to
    Korthikanti et al. 2022 §4.1's 34 s b h per layer:

    attention 11 = QKV input 2 -> 1, Q and K 4, V 2, output-projection input 2 -> 1.5 (E5M6,
    12 bits), dropout mask 1                                             -> 9.5
    MLP 19 = first-linear input 2 -> 1, activation input 8 -> 4, second-linear input
    8 -> 4, dropout mask 1                                               -> 10
    two LayerNorm inputs 4 (kept, §3.3.1)                                -> 4
    total                                                                   23.5 s b h / t

    The s^2 scores (attention operators kept in BF16, §3.3.1) and full recomputation's layer
    input are unchanged.
    """
    from planner.run._layout import activation_bytes

    s, b, h, a, t = 4096, 1, 8192, 64, 8
    sbh = s * b * h
    assert activation_bytes(s, b, h, a, t, "none", precision="fp8") == 23.5 * sbh / t
    assert activation_bytes(s, b, h, a, t, "selective", "full", "fp8") == 23.5 * sbh / t
    full_fp8 = activation_bytes(s, b, h, a, t, "none", "full", "fp8")
    full_bf16 = activation_bytes(s, b, h, a, t, "none", "full")
    assert full_bf16 - full_fp8 == pytest.approx((34 - 23.5) * sbh / t, rel=1e-12)
    assert activation_bytes(s, b, h, a, t, "full", precision="fp8") == 2 * sbh / t
    assert activation_bytes(s, b, h, a, t, "none") == 34 * sbh / t  # bf16 unchanged


def test_plan_takes_the_precision_of_its_run_sheet(capsys):
    """Issue 21 item 4: `planner plan --precision fp8` costs the plan's run at the FP8 peak, as
    `planner run --precision fp8` does (one library call, plan_run_sheet -> run_sheet)."""
    import json

    runs = {}
    for precision in ("bf16", "fp8"):
        code, out, _ = run_cli(capsys, "plan", "1e24", "--precision", precision, "--json")
        assert code == 0
        runs[precision] = json.loads(out)["run"]
    assert runs["fp8"]["precision"] == "fp8" and runs["bf16"]["precision"] == "bf16"
    # the closed form of the module docstring: same MFU and goodput, the datasheet's peaks
    assert runs["bf16"]["peak_flops_per_s"] == H100_BF16_DENSE
    assert runs["fp8"]["peak_flops_per_s"] == H100_FP8_DENSE
    ratio = H100_BF16_DENSE / H100_FP8_DENSE
    assert runs["fp8"]["gpu_hours"] == pytest.approx(runs["bf16"]["gpu_hours"] * ratio, rel=1e-9)
