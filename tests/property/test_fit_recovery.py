"""A synthetic law with known coefficients is recovered; bootstrap intervals cover the truth."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from testdata import synthetic_runs

from planner.fit._parametric import fit_approach3, fit_runs


def synthetic(e, a, b, alpha, beta, noise, seed):
    return synthetic_runs(e, a, b, alpha, beta, noise, seed, source="synthetic")


@settings(max_examples=10, deadline=None)
@given(
    e=st.floats(1.5, 2.2),
    a=st.floats(200, 1000),
    b=st.floats(300, 3000),
    alpha=st.floats(0.28, 0.42),
    beta=st.floats(0.26, 0.42),
    seed=st.integers(0, 1000),
)
def test_known_law_is_recovered_from_noisy_runs(e, a, b, alpha, beta, seed):
    fit = fit_approach3(synthetic(e, a, b, alpha, beta, 0.002, seed))
    assert fit.converged
    assert fit.e == pytest.approx(e, abs=0.03)
    assert fit.alpha == pytest.approx(alpha, abs=0.03)
    assert fit.beta == pytest.approx(beta, abs=0.04)
    assert fit.allocation_exponent == pytest.approx(beta / (alpha + beta), abs=0.03)


@pytest.mark.slow  # 40 synthetic fits with bootstrap: ~9 s
def test_bootstrap_intervals_cover_at_about_the_nominal_rate():
    """20 synthetic data sets, 95% percentile intervals from 60 resamples each: expect ~19."""
    true = {"e": 1.8, "a": 482.0, "b": 2085.0, "alpha": 0.35, "beta": 0.37}
    covered = {"alpha": 0, "beta": 0, "E": 0}
    for s in range(20):
        runs = synthetic(*true.values(), 0.005, 100 + s)
        ci = fit_runs(runs, bootstrap=60, seed=s, holdout_fraction=0).bootstrap.ci
        covered["alpha"] += ci["alpha"][0] <= true["alpha"] <= ci["alpha"][1]
        covered["beta"] += ci["beta"][0] <= true["beta"] <= ci["beta"][1]
        covered["E"] += ci["E"][0] <= true["e"] <= ci["E"][1]
    # binomial(20, 0.95): P(<= 15) < 0.3%
    assert all(c >= 16 for c in covered.values()), covered
