"""The planning calls: every mode, every constraint, every refusal."""

from __future__ import annotations

import math

import pytest

from planner import (
    Budget,
    HardwareOptions,
    InfeasibleError,
    InputError,
    PlannerWarning,
    PresetError,
    compare,
    list_laws,
    plan,
    plan_model,
    plan_target_loss,
)
from planner.laws._kernels import parametric_frontier_loss, parametric_loss


def test_default_law_is_named_in_the_plan():
    p = plan(1e21)
    assert p.law == "besiroglu2024"
    assert p.loss_scale is not None and p.loss_scale.id == "massivetext-sp32k"
    assert "arXiv:2404.10102" in p.law_source


def test_given_model_everyday_question():
    """'What will my 7B model on 2T tokens reach?' by Approach 3 as printed, by hand."""
    p = plan_model("7B", "2T", law="hoffmann2022-approach3")
    assert p.compute_flops == pytest.approx(6 * 7e9 * 2e12, rel=1e-12)
    assert p.loss == pytest.approx(1.69 + 406.4 / 7e9**0.34 + 410.7 / 2e12**0.28, rel=1e-12)
    assert p.tokens_per_param == pytest.approx(2e12 / 7e9)
    assert p.optimal_loss is not None and p.optimal_loss <= p.loss


def test_max_params_binding_and_not_binding():
    free = plan(1e23, law="besiroglu2024")
    capped = plan(1e23, law="besiroglu2024", max_params=free.n_params / 4)
    assert capped.n_params == pytest.approx(free.n_params / 4)
    assert capped.compute_flops == pytest.approx(1e23, rel=1e-12)
    assert capped.loss > free.loss
    assert capped.constraint and "binding" in capped.constraint
    loose = plan(1e23, law="besiroglu2024", max_params=free.n_params * 4)
    assert loose.n_params == pytest.approx(free.n_params) and loose.constraint is None


def test_fixed_tokens_and_fixed_params():
    p = plan(1e23, n_tokens="1T")
    assert p.n_tokens == 1e12 and p.n_params == pytest.approx(1e23 / 6e12)
    q = plan(1e23, n_params="7B")
    assert q.n_params == 7e9 and q.n_tokens == pytest.approx(1e23 / 42e9)


def test_unique_tokens_cap_repeats_epochs_and_costs_loss():
    free = plan(1e23, law="muennighoff2023")
    scarce = plan(1e23, law="muennighoff2023", unique_tokens=free.n_tokens / 8)
    assert scarce.repetition is not None
    assert scarce.repetition.epochs > 1
    assert scarce.loss > free.loss
    assert scarce.repetition.effective_tokens < scarce.n_tokens
    plenty = plan(1e23, law="muennighoff2023", unique_tokens=free.n_tokens * 2)
    assert plenty.n_params == pytest.approx(free.n_params) and plenty.loss == pytest.approx(
        free.loss
    )


def test_unique_tokens_on_law_without_repetition_uses_muennighoff_constants():
    p = plan(1e23, law="besiroglu2024", unique_tokens="100B")
    assert p.repetition is not None and p.repetition.r_d_star == pytest.approx(15.387756)
    assert any("Muennighoff" in n for n in p.notes)
    m = plan_model("7B", "400B", law="besiroglu2024", unique_tokens="100B")
    assert m.repetition.epochs == pytest.approx(4.0) and any("Muennighoff" in n for n in m.notes)
    assert m.loss > plan_model("7B", "400B", law="besiroglu2024").loss


def test_target_loss_mode_reproduces_target():
    p = plan_target_loss(2.0, law="hoffmann2022-approach3")
    assert p.loss == pytest.approx(2.0, rel=1e-10)
    law = (1.69, 406.4, 410.7, 0.34, 0.28)
    assert float(parametric_frontier_loss(p.compute_flops, *law)) == pytest.approx(2.0, rel=1e-10)


def test_target_loss_with_cap_grows_data():
    free = plan_target_loss(2.0, law="besiroglu2024")
    capped = plan_target_loss(2.0, law="besiroglu2024", max_params=free.n_params / 3)
    assert capped.n_params == pytest.approx(free.n_params / 3)
    assert capped.loss == pytest.approx(2.0, rel=1e-9)
    assert capped.compute_flops > free.compute_flops


@pytest.mark.parametrize("target", [1.69, 1.5, 1.0])
def test_target_at_or_below_irreducible_is_refused(target):
    with pytest.raises(InfeasibleError, match="irreducible"):
        plan_target_loss(target, law="hoffmann2022-approach3")


def test_target_unreachable_for_capped_model():
    with pytest.raises(InfeasibleError, match="out of reach"):
        plan_target_loss(1.75, law="hoffmann2022-approach3", max_params="1B")


def test_inference_mode_trains_smaller_and_longer_and_saves_total():
    """Sardana et al.: with large inference demand, train smaller than Chinchilla-optimal."""
    p = plan_target_loss(2.0, law="hoffmann2022-approach3", inference_tokens="2e13")
    i = p.inference
    assert i is not None
    assert p.n_params < i.compute_optimal_n_params
    assert p.n_tokens > i.compute_optimal_n_tokens
    assert i.total_flops < i.compute_optimal_total_flops
    assert i.total_flops == pytest.approx(i.train_flops + i.inference_flops)
    assert i.inference_flops == pytest.approx(2 * p.n_params * 2e13)
    assert p.loss == pytest.approx(2.0, rel=1e-9)


def test_budget_with_inference_targets_the_budget_loss():
    base = plan(1e23, law="besiroglu2024")
    p = plan(1e23, law="besiroglu2024", inference_tokens="1e13")
    assert p.loss == pytest.approx(base.loss, rel=1e-9)
    assert p.compute_flops > 1e23  # more training, less total
    assert p.inference.saving > 0
    # the hardware figures are for the (larger) training run
    hours = p.inference.train_flops / (989.4e12 * 0.4 * 0.9 * 3600)  # MFU x goodput
    assert p.hardware.gpu_hours == pytest.approx(hours)


@pytest.mark.parametrize(
    "law", ["kaplan2020", "hoffmann2022-approach1", "llama3-2024", "deepseek2024"]
)
def test_inference_and_repetition_need_a_parametric_law(law):
    with pytest.raises(InfeasibleError, match="parametric"):
        plan(1e23, law=law, inference_tokens="1e12")
    with pytest.raises(InfeasibleError, match="parametric"):
        plan(1e23, law=law, unique_tokens="1e10")


@pytest.mark.parametrize("law", ["llama3-2024", "deepseek2024"])
def test_law_without_loss_model_says_so(law):
    p = plan(1e22, law=law)
    assert p.loss is None and p.loss_scale is None and "no loss model" in p.loss_note
    with pytest.raises(InfeasibleError, match="no loss model"):
        plan_target_loss(2.0, law=law)


@pytest.mark.parametrize(
    "bad", [-1.0, 0.0, math.nan, math.inf, -math.inf, "abc", "", "1e24x", 1e50, 10.0, True]
)
def test_bad_budgets_raise_typed_errors(bad):
    # text is read as the CLI reads it, and its error names the argument, budget
    with pytest.raises(InputError, match="compute_flops" if not isinstance(bad, str) else "budget"):
        plan(bad)


def test_contradictory_constraints():
    with pytest.raises(InfeasibleError, match="max_params"):
        plan(1e23, max_params="7B", n_tokens="1T")
    with pytest.raises(InfeasibleError, match="n_params and n_tokens"):
        plan(1e23, n_params="7B", n_tokens="1T")
    with pytest.raises(InfeasibleError, match="inference_tokens"):
        plan(1e23, max_params="7B", inference_tokens="1e12")


def test_unknown_law_names_the_known_ones():
    with pytest.raises(PresetError, match=r"unknown law 'chinchila'.*besiroglu2024"):
        plan(1e23, law="chinchila")


def test_budget_units_convert():
    h100 = HardwareOptions(accelerator="h100-sxm", mfu=0.4, n_gpus=2048)
    p = plan(Budget(value=1e6, unit="gpu-hours", hardware=h100))
    # a GPU-hour buys peak x MFU x goodput (Llama 3's 90%, arXiv:2407.21783 §3.3.4)
    assert p.compute_flops == pytest.approx(1e6 * 989.4e12 * 0.4 * 0.9 * 3600)
    assert p.hardware.gpu_hours == pytest.approx(1e6)
    assert p.hardware.wall_clock_days == pytest.approx(1e6 / 2048 / 24)
    a100 = HardwareOptions(price_per_gpu_hour=2.0, accelerator="a100-sxm")
    q = plan(Budget(value=2e6, unit="dollars", hardware=a100))
    assert q.hardware.gpu_hours == pytest.approx(1e6)
    assert q.hardware.cost_dollars == pytest.approx(2e6)
    r = plan(Budget(value=1000, unit="pf-days"))
    assert r.compute_flops == pytest.approx(8.64e22)


def test_dollars_need_a_price():
    from planner import InputError

    with pytest.raises(InputError, match="price_per_gpu_hour"):
        Budget(value=1e6, unit="dollars")


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"mfu": 0}, "mfu"),
        ({"mfu": 1.5}, "mfu"),
        ({"n_gpus": 0}, "n_gpus"),
        ({"price_per_gpu_hour": -2.0}, "price"),
    ],
)
def test_bad_hardware(kw, match):
    with pytest.raises(InputError, match=match):
        plan(1e22, **kw)


def test_extrapolation_warning():
    with pytest.warns(PlannerWarning, match="77x the largest compute"):
        p = plan(1e24, law="besiroglu2024")
    assert p.warnings
    assert not plan(1e21, law="besiroglu2024").warnings


def test_compare_covers_every_law_without_emitting_warnings(recwarn):
    rows = compare(5.76e23)
    assert [r.law for r in rows] == [law.id for law in list_laws()]
    assert not [w for w in recwarn if issubclass(w.category, PlannerWarning)]
    assert all(r.compute_flops == pytest.approx(5.76e23) for r in rows)


def test_compare_notes_read_the_plans_fitted_range_not_its_warning_text():
    from planner.laws._registry import load_law
    from planner.report import compare_rows

    past, below, inside = compare(1e25), compare(1e16), compare(1e21)
    fitted = load_law("besiroglu2024").fitted_compute_flops  # 1.4e18-1.3e22 (Besiroglu Fig. 4)
    assert past[0].fitted_compute_flops == fitted
    # the note comes from the fields: with the warnings gone it is the same
    bare = [p.model_copy(update={"warnings": ()}) for p in (past[0], below[0], inside[0])]
    header, rows = compare_rows(bare)
    fit, note = header.index("fit range"), header.index("note")
    assert rows[0][fit] == f"{1e25 / 1.3e22:.0f}x past"
    assert rows[1][fit] == f"{1.4e18 / 1e16:.0f}x below"
    assert rows[2][fit] == "inside"
    assert [r[note] for r in rows] == ["", "", ""]  # the factor is a column, not a note
    # and it agrees with the warning a plan carries
    assert f"{1e25 / 1.3e22:.0f}x the largest compute" in past[0].warnings[0]


def test_results_are_frozen_and_never_nan():
    from planner.errors import SolverError

    p = plan(1e22)
    with pytest.raises(AttributeError, match="immutable"):
        p.n_params = 1.0  # type: ignore[misc]
    for value in p.model_dump().values():
        if isinstance(value, float):
            assert math.isfinite(value)
    # a NaN cannot get into a result: construction refuses it
    with pytest.raises(SolverError, match="loss is nan"):
        p.model_copy(update={"loss": float("nan")})


def test_muennighoff_loss_without_cap_is_the_parametric_law():
    p = plan_model(1e9, 2e10, law="muennighoff2023")
    assert p.loss == pytest.approx(
        float(parametric_loss(1e9, 2e10, 1.8691437, 520.82495, 1487.7161, 0.3526596, 0.3526596))
    )
