"""``planner plan BUDGET --precision fp8``: the loss at the training precision by Kumar et al.
2024 beside the plan, saying which law and how far past its fitted runs (issue 21 item 4)."""

from __future__ import annotations

import json

import pytest
from testdata import run_cli

from planner import plan
from planner.laws import precision_loss


def test_plan_fp8_reports_the_precision_law_its_scale_and_range(capsys):
    code, out, _ = run_cli(capsys, "plan", "1e23", "--precision", "fp8")
    assert code == 0
    block = out[out.index("precision law") :]
    assert "kumar2024-precision" in block and "arXiv:2411.04330" in block
    assert "loss at FP8" in block and "dolma-v17-val-olmo" in block
    assert "the fitted N" in block and "the fitted D" in block


def test_plan_fp8_json_equals_the_library(capsys):
    code, out, _ = run_cli(capsys, "plan", "1e23", "--precision", "fp8", "--json")
    assert code == 0
    data = json.loads(out)
    got = data["precision_loss"]
    p = plan(1e23)
    want = precision_loss(p.n_params, p.n_tokens, "fp8")
    assert got["law"] == "kumar2024-precision" and got["bits"] == 8
    assert got["loss_nats"] == pytest.approx(want.loss_nats)
    assert got["loss_scale"]["id"] == "dolma-v17-val-olmo"
    assert got["params_beyond_fit"] == pytest.approx(p.n_params / 220e6)


def test_a_bf16_plan_is_unchanged(capsys):
    code, out, _ = run_cli(capsys, "plan", "1e23", "--json")
    assert code == 0 and "precision_loss" not in json.loads(out)
    code, out, _ = run_cli(capsys, "plan", "1e23")
    assert code == 0 and "precision law" not in out


def test_a_mixture_of_experts_is_not_given_the_dense_law(capsys):
    code, out, _ = run_cli(
        capsys,
        "plan",
        "1e21",
        "--law",
        "ludziejewski2025-moe",
        "--experts",
        "8",
        "--precision",
        "fp8",
        "--json",
    )
    assert code == 0
    assert "dense models only" in json.loads(out)["precision_loss"]["not_applied"]
