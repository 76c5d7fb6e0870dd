"""Issue 21 item 5: `planner compare` and `planner sweep` with --experts/--top-k and --precision.

A law that plans the routing is planned at it (the numbers of `planner plan --law LAW --experts E
--top-k K`); compare lists every law and marks the others (dense only, or refused with the
reason); sweep refuses a named law that cannot (exit 2, one line) and names the ones it leaves
out. --precision fp8 counts the GPU-hours at the accelerator's FP8 peak, as `planner run` does.
"""

from __future__ import annotations

import json
import warnings

import pytest
from testdata import run_cli

from planner import compare
from planner.errors import PlannerWarning
from planner.laws._registry import list_laws

H100_BF16, H100_FP8 = 989.4e12, 1978.9e12
"""presets/hardware/h100-sxm.toml: the dense BF16 and FP8 peaks (NVIDIA H100 data sheet)."""

MOE_64_1 = ("krajewski2024-moe-e64", "ludziejewski2025-moe")
"""The shipped laws that plan 64 experts top-1: the fine-grained law at expansion rate 64
(Krajewski et al. 2024) and the joint law, any E at top-1 (Ludziejewski et al. 2025)."""


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        yield


def plan_json(capsys, law, *args):
    code, out, err = run_cli(capsys, "plan", "1e24", "--law", law, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_compare_plans_each_moe_law_at_the_routing_and_marks_every_other_law(capsys):
    code, out, _ = run_cli(capsys, "compare", "1e24", "--experts", "64", "--top-k", "1", "--json")
    assert code == 0
    rows = {r["law"]: r for r in json.loads(out)}
    assert set(rows) == {law.id for law in list_laws()}  # every law, once
    for law in MOE_64_1:
        want = plan_json(capsys, law, "--experts", "64", "--top-k", "1")
        assert rows[law]["n_params"] == want["n_params"]
        assert rows[law]["n_active_params"] == want["n_active_params"]
        assert rows[law]["routing"]["experts"] == 64 and rows[law]["routing"]["top_k"] == 1
        assert rows[law]["n_params"] > 10 * rows[law]["n_active_params"]
    assert rows["besiroglu2024"]["refused"].startswith("dense only")
    assert "n_params" not in rows["besiroglu2024"]
    assert "expansion rate" in rows["krajewski2024-moe-e16"]["refused"]  # 64 / 1 is not 16


def test_compare_text_shows_active_parameters_and_says_why_a_law_is_out(capsys):
    code, out, _ = run_cli(capsys, "compare", "1e24", "--experts", "64", "--top-k", "1")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].split()[:3] == ["law", "N", "N"] and "N active" in lines[1]
    row = next(line.split() for line in lines if line.startswith("krajewski2024-moe-e64"))
    assert row[1:3] == ["6.91T*", "161B"]  # total, active: the plan's
    dense = next(line for line in lines if line.startswith("besiroglu2024"))
    assert dense.split()[1:3] == ["dense", "only"]
    assert any(line.startswith("krajewski2024-moe-e16 refused: experts:") for line in lines)


def test_compare_at_a_routing_says_d_over_n_is_per_active_parameter(capsys):
    """The D/N column of an MoE row is D / N active (6.5 for 1.04T over 161B), beside a total
    N 43x larger: the legend says so, where the table has an N active column."""
    code, out, _ = run_cli(capsys, "compare", "1e24", "--experts", "64", "--top-k", "1", "--wide")
    assert code == 0
    lines = out.splitlines()
    header = lines[1].split()
    row = next(line.split() for line in lines if line.startswith("krajewski2024-moe-e64"))
    want = plan_json(capsys, "krajewski2024-moe-e64", "--experts", "64", "--top-k", "1")
    d_over_n = float(row[header.index("D/N") - 1])  # "N active": two words, one cell
    assert d_over_n == pytest.approx(want["n_tokens"] / want["n_active_params"], abs=0.05)
    assert d_over_n > 10 * want["n_tokens"] / want["n_params"]
    assert "D/N: tokens per active parameter (D / N active; N is the total)" in lines


def test_a_dense_compare_is_unchanged(capsys):
    code, out, _ = run_cli(capsys, "compare", "1e24")
    assert code == 0 and "N active" not in out and "dense only" not in out
    assert "tokens per active parameter" not in out
    assert len(json.loads(run_cli(capsys, "compare", "1e24", "--json")[1])) == len(list_laws())


def test_compare_with_a_routing_no_law_plans_exits_2_with_one_line(capsys):
    code, out, err = run_cli(capsys, "compare", "1e24", "--experts", "64", "--top-k", "2")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "no law plans" in err


def test_the_library_compare_leaves_out_the_laws_that_cannot_take_the_routing():
    assert tuple(p.law for p in compare(1e22, experts=64, top_k=1)) == MOE_64_1
    assert tuple(p.law for p in compare(1e22, experts=8)) == ("ludziejewski2025-moe",)


def test_compare_fp8_costs_the_gpu_hours_at_the_fp8_peak(capsys):
    bf16 = json.loads(run_cli(capsys, "compare", "1e24", "--json")[1])
    fp8 = json.loads(run_cli(capsys, "compare", "1e24", "--precision", "fp8", "--json")[1])
    for a, b in zip(bf16, fp8, strict=True):
        assert b["hardware"]["gpu_hours"] == pytest.approx(
            a["hardware"]["gpu_hours"] * H100_BF16 / H100_FP8, rel=1e-12
        )
        assert b["hardware"]["peak_flops_per_s"] == H100_FP8
        assert b["n_params"] == a["n_params"]  # the split does not depend on the precision
    # 1e24 FLOPs at 40% of the FP8 peak, 90% goodput: C / (3600 x 0.4 x 0.9 x 1978.9e12)
    assert fp8[0]["hardware"]["gpu_hours"] == pytest.approx(1e24 / (3600 * 0.4 * 0.9 * H100_FP8))


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["compare", "100K", "--unit", "gpu-hours", "--precision", "fp8"], "--precision fp8"),
        (["compare", "1e24", "--gpu", "a100-sxm", "--precision", "fp8"], "precision"),
        (["sweep", "1e22", "--gpu", "a100-sxm", "--precision", "fp8"], "precision"),
        (["sweep", "1e22", "--law", "besiroglu2024", "--experts", "64"], "dense only"),
        (["sweep", "1e22", "--law", "krajewski2024-moe-e16", "--experts", "64"], "expansion"),
        (["sweep", "1e22", "--experts", "64", "--top-k", "2"], "no law"),
        (["compare", "1e22", "--experts", "0"], "--experts"),
    ],
)
def test_refusals_exit_2_with_one_line(capsys, argv, words):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert words in err.strip().splitlines()[-1]
    assert len([line for line in err.splitlines() if "error" in line]) == 1


def test_sweep_plans_the_moe_laws_at_the_routing_and_names_those_left_out(capsys):
    code, out, err = run_cli(
        capsys, "sweep", "1e22", "1e23", "--experts", "64", "--top-k", "1", "--json"
    )
    assert code == 0
    rows = json.loads(out)
    for row in rows:
        assert tuple(p["law"] for p in row["plans"]) == MOE_64_1
    at_1e23 = {p["law"]: p for p in rows[1]["plans"]}
    code, one, _ = run_cli(
        capsys, "plan", "1e23", "--law", MOE_64_1[0], "--experts", "64", "--top-k", "1", "--json"
    )
    want = json.loads(one)
    assert at_1e23[MOE_64_1[0]]["n_active_params"] == want["n_active_params"]
    assert at_1e23[MOE_64_1[0]]["n_params"] == want["n_params"]
    assert "left out" in err and "besiroglu2024" in err and "krajewski2024-moe-e16 (" in err


def test_sweep_table_names_total_and_active_and_fp8_halves_the_h100_hours(capsys):
    code, out, _ = run_cli(capsys, "sweep", "1e22", "--experts", "64", "--top-k", "1", "--csv")
    assert code == 0
    header, row = out.splitlines()
    assert header == "budget,GPU-h,cost,days,krajewski2024-moe-e64,ludziejewski2025-moe"
    assert "521B (12.1B active) / 137B" in row
    bf16 = json.loads(run_cli(capsys, "sweep", "1e22", "--law", "besiroglu2024", "--json")[1])
    argv = ("sweep", "1e22", "--law", "besiroglu2024", "--precision", "fp8", "--json")
    fp8 = json.loads(run_cli(capsys, *argv)[1])
    hours = [r[0]["plans"][0]["hardware"]["gpu_hours"] for r in (bf16, fp8)]
    assert hours[1] == pytest.approx(hours[0] * H100_BF16 / H100_FP8, rel=1e-12)
