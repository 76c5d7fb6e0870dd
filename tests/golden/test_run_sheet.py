"""The run sheet against published runs (issue 12 item 5) and published hyperparameters.

Sources: Dubey et al. 2024 (The Llama 3 Herd of Models, arXiv:2407.21783) Table 3 (405B: 126
layers, width 16,384, 128 heads), §3.3 (16,384 H100s, TP 8 x PP 16, 8K sequences, 3.8e25 FLOPs,
15.6T tokens); the Llama 3.1 405B model card (30.84M H100 GPU-hours at 700 W TDP, 8,930 t CO2eq
location-based); DeepSeek-AI 2024 (arXiv:2401.02954) Table 2 (7B: 30 layers, width 4096, batch
2304 x 4096, peak LR 4.2e-4, 2T tokens; 67B: 95 layers, width 8192, batch 4608 x 4096, 3.2e-4);
Brown et al. 2020 Table D.1 (GPT-3 175B, 300B tokens: 3.14e23 FLOPs).
"""

from __future__ import annotations

import json

import pytest
from testdata import run_cli

from planner.layout import BYTES_PER_PARAM
from planner.runsheet import EnergyOptions, energy_kwh, hyperparameters, run_sheet
from planner.shapes import shape_for_params


def _shape(n_layers, d_model, n_heads, n_params, seq_len=4096):
    base = shape_for_params(n_params, seq_len=seq_len)
    return base.model_copy(
        update={
            "n_layers": n_layers,
            "d_model": d_model,
            "n_heads": n_heads,
            "head_dim": d_model // n_heads,
        }
    )


LLAMA3_405B = _shape(126, 16384, 128, 405e9, seq_len=8192)


def test_llama3_405b_fits_at_tp8_pp16_on_16k_h100s():
    sheet = run_sheet(
        405e9, 15.6e12, n_gpus=16384, seq_len=8192, shape=LLAMA3_405B, accelerator="h100-sxm"
    )
    assert sheet.compute_flops == pytest.approx(3.8e25, rel=0.01)
    assert sheet.feasible
    from planner.layout import layouts
    from planner.presets import load_accelerator

    found = layouts(
        405e9,
        126,
        16384,
        128,
        accelerator=load_accelerator("h100-sxm"),
        n_gpus=16384,
        batch_sequences=2048,
        seq_len=8192,
    )  # 16M-token batches
    tp8pp16 = [x for x in found if x.tp == 8 and x.pp == 16 and x.dp == 128 and x.fits]
    assert tp8pp16 and all(x.memory.total <= 80e9 for x in tp8pp16)
    # the model card's 30.84M GPU-hours include restarts and evaluation: at the paper's
    # 38-43% MFU the training compute alone is 24-28M
    for mfu in (0.38, 0.43):
        hours = run_sheet(405e9, 15.6e12, n_gpus=16384, mfu=mfu, shape=LLAMA3_405B).gpu_hours
        assert 0.75 < hours / 30.84e6 < 0.95


def test_a_fixed_layout_is_honoured():
    from planner.layout import LayoutChoice

    sheet = run_sheet(
        405e9, 15.6e12, n_gpus=16384, seq_len=8192, shape=LLAMA3_405B,
        choice=LayoutChoice(tp=8, pp=16),
    )  # fmt: skip
    assert sheet.feasible and (sheet.layout.tp, sheet.layout.pp, sheet.layout.dp) == (8, 16, 128)
    assert sheet.memory_per_gpu_bytes <= 80e9


def test_a_70b_model_does_not_fit_on_one_8x80gb_node():
    """16 bytes per parameter are 1.12 TB: even ZeRO-3 over 8 GPUs leaves 140 GB each."""
    sheet = run_sheet(70e9, 1.4e12, n_gpus=8, accelerator="h100-sxm")
    assert not sheet.feasible and sheet.layout is None and sheet.memory_per_gpu_bytes is None
    assert sheet.min_gpus is not None and sheet.min_gpus > 8
    assert 70e9 * BYTES_PER_PARAM / 8 > 80e9
    assert any("nothing fits on 8 x 80 GB" in w for w in sheet.warnings)


def test_a_1b_model_fits_on_one_80gb_gpu():
    sheet = run_sheet(1e9, 20e9, n_gpus=1, accelerator="h100-sxm")
    assert sheet.feasible and sheet.min_gpus == 1
    assert (sheet.layout.tp, sheet.layout.pp, sheet.layout.dp) == (1, 1, 1)
    assert sheet.memory.weights + sheet.memory.gradients + sheet.memory.optimizer == (
        pytest.approx(16 * 1e9, rel=0.001)
    )


def test_gpt3_175b_compute():
    assert run_sheet(175e9, 300e9, n_gpus=1024).compute_flops == pytest.approx(3.14e23, rel=0.005)


@pytest.mark.parametrize(
    ("n_layers", "d_model", "n_params", "batch", "lr", "batch_tol"),
    [(30, 4096, 6.9e9, 2304 * 4096, 4.2e-4, 0.03), (95, 8192, 67e9, 4608 * 4096, 3.2e-4, 0.10)],
)
def test_deepseek_laws_give_their_released_models_hyperparameters(
    n_layers, d_model, n_params, batch, lr, batch_tol
):
    """DeepSeek LLM 7B and 67B (Table 2) were trained at their Eq. 1's batch and rate."""
    shape = _shape(n_layers, d_model, d_model // 128, n_params)
    hp = hyperparameters(
        n_params, 2e12, shape, seq_len=4096, lr_law="deepseek2024", batch_law="deepseek2024"
    )
    assert hp.batch_tokens == pytest.approx(batch, rel=batch_tol)
    assert hp.learning_rate == pytest.approx(lr, rel=0.03)


def test_llama31_405b_emissions_from_the_model_cards_inputs():
    """30.84M GPU-hours x 700 W, Meta's fleet PUE of 1.08 (2023 sustainability report) and the
    EIA's 2023 US grid intensity (0.366 kg/kWh): within 5% of the card's 8,930 t location-based
    (the card's own intensity is not published)."""
    options = EnergyOptions(server_overhead=1.0, pue=1.08)
    kwh = energy_kwh(30.84e6, 700, options)
    tonnes = kwh * options.grid_kg_co2_per_kwh / 1000
    assert tonnes == pytest.approx(8930, rel=0.05)


def test_run_command_json_and_bad_input(capsys):
    code, out, err = run_cli(capsys, "run", "--params", "7B", "--tokens", "2T", "--gpus", "64",
                             "--json")  # fmt: skip
    assert code == 0, err
    run = json.loads(out)
    for key in ("learning_rate", "batch_tokens", "steps", "feasible", "memory_per_gpu_bytes",
                "min_gpus", "days", "energy_kwh", "co2_tonnes", "sources"):  # fmt: skip
        assert key in run, key
    assert set(run["layout"]) >= {"tp", "pp", "dp", "zero_stage", "recompute"}
    assert run["feasible"] is True and run["days"] > 0
    for argv, needle in [
        (["--seq-len", "0"], "--seq-len"),
        (["--gpu", "no-such-gpu"], "no-such-gpu"),
        (["--gpus", "8", "--days", "30"], "--gpus and --days"),
        (["--micro-batch", "-1"], "--micro-batch"),
        (["--pue", "0.5"], "--pue"),
        (["--tp", "16"], "tp: 16 is above the 8 GPUs per node"),
        (["--gpus", "100", "--tp", "8", "--pp", "2"], "n_gpus: 100 is not divisible by tp x pp"),
        (["--tp", "3"], "tp: 3 does not divide"),
        (["--pp", "100000"], "pp: 100000 stages"),
        (["--zero", "4"], "--zero"),
    ]:
        code, out, err = run_cli(capsys, "run", "--params", "7B", "--tokens", "2T", *argv)
        assert code == 2 and out == "" and needle in err and len(err.strip().splitlines()) == 1


def test_plan_json_carries_the_run_block(capsys):
    code, out, _ = run_cli(capsys, "plan", "1e23", "--gpus", "64", "--json")
    assert code == 0
    run = json.loads(out)["run"]
    assert run["n_gpus"] == 64 and run["layout"]["tp"] >= 1
    assert run["compute_flops"] == pytest.approx(json.loads(out)["compute_flops"], rel=1e-9)

