"""What must always hold, whatever the budget (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from planner import (
    allocate,
    compute_for_loss,
    from_flops,
    inference_optimum,
    list_laws,
    load_law,
    to_flops,
)
from planner.laws._kernels import parametric_loss
from planner.laws._repetition import optimum_with_repetition

budgets = st.floats(17, 30).map(lambda e: 10.0**e)
ALL_LAWS = [law.id for law in list_laws()]
PARAMETRIC = [law.id for law in list_laws() if law.law.kind == "parametric"]
WITH_LOSS = [law.id for law in list_laws() if law.has_loss]


@pytest.mark.parametrize("law", ALL_LAWS)
@given(c=budgets)
def test_budget_identity(law, c):
    a = allocate(c, law)
    assert 6 * float(a.n_params) * float(a.n_tokens) == pytest.approx(c, rel=1e-12)


@pytest.mark.parametrize("law", PARAMETRIC)
@given(c=budgets)
def test_closed_form_is_the_argmin_on_the_isoflop_line(law, c):
    """scipy's bounded scalar minimiser on L(N, C/6N) agrees with Eq. 4."""
    spec = load_law(law).law
    a = allocate(c, law)

    def f(log_n: float) -> float:
        n = math.exp(log_n)
        return float(parametric_loss(n, c / (6 * n), spec.e, spec.a, spec.b, spec.alpha, spec.beta))

    center = math.log(float(a.n_params))
    res = minimize_scalar(
        f, bounds=(center - 5, center + 5), method="bounded", options={"xatol": 1e-10}
    )
    assert res.success
    assert math.exp(res.x) == pytest.approx(float(a.n_params), rel=1e-5)
    # and no nearby point on the line is lower
    for step in (-1e-3, 1e-3, -0.1, 0.1):
        assert f(center + step) >= f(center)


@pytest.mark.parametrize("law", ALL_LAWS)
@given(c1=budgets, c2=budgets)
def test_allocation_and_loss_monotone_in_budget(law, c1, c2):
    lo, hi = sorted((c1, c2))
    a = allocate([lo, hi], law)
    assert a.n_params[0] <= a.n_params[1]
    assert a.n_tokens[0] <= a.n_tokens[1]
    if a.loss is not None:
        assert a.loss[0] >= a.loss[1]
        spec = load_law(law).law
        floor = getattr(spec, "e", None) or getattr(getattr(spec, "loss", None), "e", 0.0)
        assert np.all(a.loss > floor)


@pytest.mark.parametrize("law", ALL_LAWS)
@given(c=budgets, k=st.floats(1.5, 1e3))
def test_power_law_exponent(law, c, k):
    """log(N(kC)/N(C)) / log k is the law's exponent (for power-law allocations)."""
    spec = load_law(law).law
    expected = {
        "parametric": lambda: spec.beta / (spec.alpha + spec.beta),
        "kaplan": lambda: spec.frontier_exponent,
        "power": lambda: spec.exponent if spec.quantity == "params" else 1 - spec.exponent,
        "deepseek": lambda: spec.m_exponent,
        "gadre": lambda: 0.5,  # constant M* = D/N at every compute: N = sqrt(C / 6M*)
        # MoE laws at their law file's routing: the Chinchilla form in N_act
        "moe-joint": lambda: spec.reduced()[3] / (spec.reduced()[1] + spec.reduced()[3]),
        "moe-granular": lambda: spec.beta / (spec.alpha + spec.beta),
    }[spec.kind]()
    n1, n2 = allocate([c, k * c], law).n_params
    assert math.log(n2 / n1) / math.log(k) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("law", WITH_LOSS)
@given(c=budgets)
def test_target_loss_inverts_the_frontier(law, c):
    a = allocate(c, law)
    assert float(compute_for_loss(a.loss, law)) == pytest.approx(c, rel=1e-8)


@given(c=st.lists(budgets, min_size=1, max_size=20))
def test_vectorised_equals_scalar_loop(c):
    vec = allocate(np.array(c), "besiroglu2024")
    for i, ci in enumerate(c):
        one = allocate(ci, "besiroglu2024")
        assert vec.n_params[i] == one.n_params
        assert vec.loss[i] == one.loss


def test_broadcasting_shapes_preserved():
    c = np.full((3, 4), 1e22)
    a = allocate(c, "besiroglu2024")
    assert a.n_params.shape == (3, 4) and a.loss.shape == (3, 4)
    assert np.ndim(allocate(1e22, "besiroglu2024").n_params) == 0


@given(
    value=st.floats(1e-3, 1e12),
    unit=st.sampled_from(["flops", "pf-days", "gpu-hours", "dollars"]),
    mfu=st.floats(0.05, 1.0),
    price=st.floats(0.1, 100.0),
)
def test_units_round_trip(value, unit, mfu, price):
    kw = {"peak_flops_per_s": 989.4e12, "mfu": mfu, "price_per_gpu_hour": price}
    back = from_flops(to_flops(value, unit, **kw), unit, **kw)
    assert float(back) == pytest.approx(value, rel=1e-12)


@given(c=st.floats(20, 26).map(lambda e: 10.0**e), frac=st.floats(0.01, 0.9))
def test_repetition_optimum_is_a_minimum_and_never_beats_unlimited_data(c, frac):
    spec = load_law("muennighoff2023").law
    base = allocate(c, "muennighoff2023")
    unique = float(base.n_tokens) * frac
    n, d, loss = optimum_with_repetition(c, unique, "muennighoff2023")
    assert 6 * float(n) * float(d) == pytest.approx(c, rel=1e-12)
    assert float(loss) >= float(base.loss) - 1e-12
    for step in (0.97, 1.03):
        n2 = float(n) * step
        other = spec.repeated(n2, c / (6 * n2), unique)[0]
        assert float(other) >= float(loss) - 1e-12


@given(loss=st.floats(1.9, 3.0), t=st.floats(9, 15).map(lambda e: 10.0**e))
def test_inference_optimum_reaches_target_and_minimises_total(loss, t):
    spec = load_law("hoffmann2022-approach3").law
    n, d = inference_optimum(loss, t, "hoffmann2022-approach3")
    n, d = float(n), float(d)
    reached = float(parametric_loss(n, d, spec.e, spec.a, spec.b, spec.alpha, spec.beta))
    assert reached == pytest.approx(loss, rel=1e-9)

    def total(dd: float) -> float:
        nn = (spec.a / (loss - spec.e - spec.b * dd**-spec.beta)) ** (1 / spec.alpha)
        return 6 * nn * dd + 2 * nn * t

    for step in (0.9, 1.1):
        assert total(d * step) >= total(d) * (1 - 1e-12)
