"""Issue 21: active parameters in every plan, the refusal of --experts with the dense laws, and a
budget spent at the full FLOPs count where a sequence length is given."""

from __future__ import annotations

import json
import warnings

import pytest
from testdata import run_cli

from planner import plan
from planner.errors import InfeasibleError, InputError, PlannerWarning
from planner.units import FLOPS_PER_PARAM_TOKEN


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        yield


def test_a_dense_plan_is_unchanged_and_its_active_parameters_are_all_of_them():
    p = plan(5.76e23, law="hoffmann2022-approach1")
    assert f"{p.n_params:.3g} {p.n_tokens:.3g}" == "6.78e+10 1.42e+12"  # the docstring's numbers
    assert p.n_active_params == p.n_params
    assert p.flops_per_token is None
    assert p.compute_flops == pytest.approx(FLOPS_PER_PARAM_TOKEN * p.n_params * p.n_tokens)


def test_a_sequence_length_spends_the_budget_at_the_full_count():
    dense = plan(1e24, law="hoffmann2022-approach1")
    p = plan(1e24, law="hoffmann2022-approach1", seq_len=8192)
    f = p.flops_per_token
    assert f is not None and f.seq_len == 8192
    assert p.n_params == dense.n_params  # the law's N
    assert p.compute_flops == 1e24  # the budget, at the full count
    assert p.n_tokens == pytest.approx(1e24 / f.total)
    assert p.n_tokens < dense.n_tokens
    assert f.dense == pytest.approx(FLOPS_PER_PARAM_TOKEN * p.n_params)
    assert f.total > f.dense
    assert p.hardware is not None and dense.hardware is not None
    assert p.hardware.gpu_hours == pytest.approx(dense.hardware.gpu_hours)
    assert p.shape is not None and p.shape.seq_len == 8192
    # the loss is that of the tokens trained, not the frontier's at 6ND
    assert p.loss is not None and dense.loss is not None and p.loss > dense.loss


def test_longer_sequences_cost_more_attention():
    short = plan(1e23, seq_len=2048).flops_per_token
    long = plan(1e23, seq_len=131_072).flops_per_token
    assert short is not None and long is not None
    assert long.attention == pytest.approx(short.attention * 64)


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"experts": 64, "top_k": 8}, InfeasibleError, "experts"),
        ({"experts": 8}, InfeasibleError, "experts"),
        ({"experts": 0}, InputError, "experts"),
        ({"experts": 8, "top_k": 9}, InputError, "top_k"),
        ({"seq_len": 0}, InputError, "seq_len"),
        ({"seq_len": 4096, "n_tokens": "1T"}, InfeasibleError, "seq_len"),
        ({"seq_len": 4096, "unique_tokens": "1T"}, InfeasibleError, "seq_len"),
    ],
)
def test_bad_or_unmodelled_requests_say_which_field(kwargs, error, field):
    with pytest.raises(error, match=field):
        plan(1e23, **kwargs)


def test_experts_with_a_dense_law_are_refused_not_guessed():
    with pytest.raises(InfeasibleError, match="dense law"):
        plan(1e23, law="kaplan2020", experts=64, top_k=2)


def test_cli_json_carries_total_and_active_parameters_and_the_flops(capsys):
    code, out, _ = run_cli(capsys, "plan", "1e24", "--seq-len", "8192", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["n_active_params"] == data["n_params"]
    f = data["flops_per_token"]
    assert f["seq_len"] == 8192
    assert data["n_tokens"] == pytest.approx(1e24 / f["total"])


def test_cli_text_shows_the_count_beside_6n(capsys):
    code, out, _ = run_cli(capsys, "plan", "1e24", "--seq-len", "8192")
    assert code == 0
    assert "FLOPs per token" in out and "at sequence length 8192" in out and "x 6N" in out


def test_cli_experts_exit_2_with_one_line(capsys):
    code, out, err = run_cli(capsys, "plan", "1e24", "--experts", "64", "--top-k", "8")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "experts" in err and "dense" in err


# --- a mixture of experts planned with the joint MoE law (Ludziejewski et al. 2025) ---

MOE = "ludziejewski2025-moe"


def test_an_moe_plan_splits_the_budget_into_active_parameters_and_tokens():
    p = plan(1e21, law=MOE, experts=8)
    assert p.routing is not None and (p.routing.experts, p.routing.top_k) == (8, 1)
    assert p.n_active_params is not None
    # the budget is spent at 6 N_act D, and the total is the paper's architecture around N_act
    assert p.compute_flops == pytest.approx(FLOPS_PER_PARAM_TOKEN * p.n_active_params * p.n_tokens)
    assert p.n_params > 4 * p.n_active_params
    assert p.tokens_per_param == pytest.approx(p.n_tokens / p.n_active_params)
    assert p.loss is not None and p.loss_scale is not None and p.loss_scale.id == "fineweb-edu-gpt2"
    # more experts at the same budget: fewer active parameters, more tokens, lower loss
    dense = plan(1e21, law=MOE)
    # without --experts the law is the paper's own dense fit (E = 1)
    assert dense.routing is not None and dense.routing.experts == 1
    assert dense.n_params == pytest.approx(dense.n_active_params)
    assert p.n_active_params < dense.n_params and p.n_tokens > dense.n_tokens
    assert dense.loss is not None and p.loss < dense.loss


def test_an_moe_plan_says_how_far_past_the_fitted_runs_it_lies():
    inside = plan(1e20, law=MOE, experts=16)
    assert inside.routing is not None and inside.routing.past_fitted == ()
    far = plan(1e24, law=MOE, experts=64)
    assert far.routing is not None
    text = " ".join(far.routing.past_fitted)
    assert "experts 64 is 2x the largest fitted (32)" in text
    assert "active parameters" in text and "tokens" in text
    assert all(any(s in w for w in far.warnings) for s in far.routing.past_fitted)


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"experts": 8, "top_k": 2}, InfeasibleError, "top_k"),
        ({"top_k": 1}, InfeasibleError, "top_k"),
        ({"experts": 0}, InputError, "experts"),
        ({"experts": 8, "seq_len": 4096}, InfeasibleError, "seq_len"),
        ({"experts": 8, "unique_tokens": "1T"}, InfeasibleError, "parametric law"),
    ],
)
def test_routings_the_moe_law_does_not_cover_are_refused(kwargs, error, field):
    with pytest.raises(error, match=field):
        plan(1e21, law=MOE, **kwargs)


def test_a_dense_plans_json_has_no_routing_and_an_moe_plans_has_both_counts(capsys):
    code, out, _ = run_cli(capsys, "plan", "1e21", "--json")
    assert code == 0 and "routing" not in json.loads(out)
    code, out, _ = run_cli(capsys, "plan", "1e21", "--law", MOE, "--experts", "8", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["law"] == MOE
    assert data["n_params"] > 4 * data["n_active_params"]
    assert data["routing"]["experts"] == 8 and data["routing"]["top_k"] == 1
    # the plan's run sheet is the MoE sheet: 6 N_active FLOPs per token, EP in the layout
    run = data["run"]
    assert run["experts"] == 8 and run["top_k"] == 1
    assert run["n_active_params"] == pytest.approx(data["n_active_params"])
    assert run["flops_per_token"] == pytest.approx(6 * data["n_active_params"])
    assert 8 % run["layout"]["ep"] == 0


def test_an_moe_plans_run_sheet_is_the_run_commands_for_the_same_model():
    """plan --experts and planner run --active-params give one sheet (one library call)."""
    from planner import run_sheet
    from planner.report._run import plan_run_sheet

    p = plan(1e22, law=MOE, experts=8)
    assert p.routing is not None and p.n_active_params is not None
    sheet = plan_run_sheet(p)
    direct = run_sheet(
        p.n_params,
        p.n_tokens,
        n_active_params=p.n_active_params,
        experts=8,
        top_k=1,
        mfu=p.hardware.options.mfu if p.hardware else None,
        loss=p.loss,
        loss_scale=p.loss_scale,
    )
    assert sheet.gpu_hours == pytest.approx(direct.gpu_hours)
    assert sheet.layout == direct.layout


def test_cli_moe_text_names_the_law_and_the_fitted_range(capsys):
    code, out, _ = run_cli(capsys, "plan", "1e22", "--law", MOE, "--experts", "64")
    assert code == 0
    assert "ludziejewski2025-moe" in out and "active parameters" in out
    assert "experts 64 is 2x the largest fitted (32)" in out
    code, out, err = run_cli(capsys, "plan", "--target-loss", "2.5", "--law", MOE, "--experts", "8")
    assert code == 2 and "--experts" in err


def test_a_fine_grained_plan_routes_k_experts_at_the_laws_expansion_rate():
    p = plan(1e21, law="krajewski2024-moe-e64", experts=512, top_k=8)
    assert p.routing is not None and (p.routing.experts, p.routing.top_k) == (512, 8)
    assert p.n_active_params is not None
    assert p.n_params == pytest.approx(p.n_active_params * (8 * 64 + 4) / 12)
    assert p.parameter_convention == "non-embedding"
    assert any("routing FLOPs" in n for n in p.notes)
    finer = plan(1e21, law="krajewski2024-moe-e64", experts=1024, top_k=16)
    assert finer.loss is not None and p.loss is not None and finer.loss < p.loss


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"experts": 256, "top_k": 8}, "experts"),  # expansion 32: neither 64 nor 16
        ({"experts": 64}, "top_k"),
    ],
)
def test_the_fine_grained_law_refuses_other_expansion_rates(kwargs, field):
    with pytest.raises(InfeasibleError, match=field):
        plan(1e21, law="krajewski2024-moe-e64", **kwargs)
