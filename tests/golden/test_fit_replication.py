"""The fit against the published replication (Besiroglu et al. 2024) on the shared data set."""

from __future__ import annotations

import math

import numpy as np
import pytest
from testdata import CHINCHILLA_CSV

from planner.fit._parametric import fit_runs, huber_lse_objective, read_runs


@pytest.fixture(scope="module")
def runs():
    return read_runs(
        CHINCHILLA_CSV, params_col="Model Size", compute_col="Training FLOP", drop_highest=5
    )


@pytest.fixture(scope="module")
def report(runs):
    return fit_runs(runs, bootstrap=200, seed=0)


def _objective(runs, e, a, b, alpha, beta):
    theta = np.array([[math.log(a), math.log(b), math.log(e), alpha, beta]])
    return float(
        huber_lse_objective(theta, np.log(runs.n_params), np.log(runs.n_tokens), np.log(runs.loss))[
            0
        ][0]
    )


def test_the_replication_drops_five_runs(runs):
    assert len(runs.loss) == 240 and runs.dropped == 5


def test_lands_on_the_published_refit(report):
    """Besiroglu et al.: A 482.01, B 2085.43, E 1.8172, alpha 0.3478, beta 0.3658 (flat in B)."""
    f = report.approach3
    assert f.converged
    assert f.e == pytest.approx(1.8172, abs=0.002)
    assert f.alpha == pytest.approx(0.3478, abs=0.002)
    assert f.beta == pytest.approx(0.3658, abs=0.003)
    assert f.a == pytest.approx(482.01, rel=0.03)
    assert f.b == pytest.approx(2085.43, rel=0.05)
    assert f.allocation_exponent == pytest.approx(0.513, abs=0.002)  # cell 59


def test_objective_at_least_as_low_as_the_published_fits(runs, report):
    ours = report.approach3.objective
    refit = _objective(runs, 1.8172, 482.01, 2085.43, 0.3478, 0.3658)
    plain = _objective(runs, 1.817, 477.8, 2143.9, 0.3473, 0.3672)  # L-BFGS from the grid
    hoffmann = _objective(runs, 1.6934, 406.4, 410.7, 0.3392, 0.2849)
    assert ours <= refit and ours <= plain
    assert hoffmann > 1.2 * ours  # Hoffmann's constants fit these runs worse (chi2 238, E1)


def test_bootstrap_standard_errors_match_the_published_ones(report):
    """Besiroglu et al. (4000 resamples): SE alpha 0.0154, beta 0.0206, log a 0.258, log b 0.421,
    log e 0.014. 200 resamples estimate an SE to about +-10%; allow 30%."""
    se = report.bootstrap.stderr
    assert se["alpha"] == pytest.approx(0.0154, rel=0.3)
    assert se["beta"] == pytest.approx(0.0206, rel=0.3)
    assert se["log_A"] == pytest.approx(0.258, rel=0.3)
    assert se["log_B"] == pytest.approx(0.421, rel=0.3)
    assert se["log_E"] == pytest.approx(0.014, rel=0.3)
    assert se["a"] == pytest.approx(0.020, rel=0.3)  # cell 59
    lo, hi = report.bootstrap.ci["alpha"]
    assert lo < report.approach3.alpha < hi


def test_holdout_predicts_the_largest_runs(report):
    h = report.holdout
    assert h is not None and h.n_held_out == 24
    assert h.mean_abs_rel_error < 0.03


def test_bootstrap_intervals_match_the_published_ones(report):
    """Besiroglu et al. 95% bootstrap CIs: E (1.769, 1.871), alpha (0.317, 0.373),
    beta (0.331, 0.415). 200 resamples put percentile ends within about 0.01 of them."""
    ci = report.bootstrap.ci
    assert ci["E"][0] == pytest.approx(1.769, abs=0.012) and ci["E"][1] == pytest.approx(
        1.871, abs=0.012
    )
    assert ci["alpha"][0] == pytest.approx(0.317, abs=0.01) and ci["alpha"][1] == pytest.approx(
        0.373, abs=0.01
    )
    assert ci["beta"][0] == pytest.approx(0.331, abs=0.01) and ci["beta"][1] == pytest.approx(
        0.415, abs=0.015
    )
