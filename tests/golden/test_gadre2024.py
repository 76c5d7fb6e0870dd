"""Gadre et al. 2024's over-training law, added through the law-kind protocol alone.

Golden: the shipped constants are what `planner fit --kind gadre` gives on the paper's released
runs (RedPajama, N <= 411M, C4 validation loss), and they predict the paper's held-out large runs
(1.4B at M = 20 and 640, 6.9B at M = 20; Gadre et al. Fig. 1 / §4) within 0.4%. Closed forms of
the kind are checked against numeric minimisation.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from testdata import PUBLISHED, run_cli

from planner import compute_for_loss, load_law, plan
from planner.fit._parametric import read_runs

RUNS = PUBLISHED / "gadre2024-runs.csv"
LAW = load_law("gadre2024-rpj")


def test_the_shipped_constants_are_the_fit_of_the_released_runs(capsys):
    code, out, _ = run_cli(
        capsys,
        "fit",
        str(RUNS),
        "--kind",
        "gadre",
        "--tokens-col",
        "n_tokens",
        "--loss-col",
        "loss_c4_val",
        "--where",
        "dataset=rpj",
        "--max-params",
        "4.2e8",
        "--json",
    )
    assert code == 0
    fitted = json.loads(out)
    assert fitted["n_runs"] == 32 and fitted["converged"] and not fitted["degenerate"]
    # The objective is flat along one direction of (e, a, b, eta): L-BFGS-B stops at points that
    # differ by ~1e-3 between scipy releases (1.17 vs the release the preset was written with).
    # What the fit determines is the loss surface, so that is held tight; the constants loosely.
    refit = LAW.law.model_copy(update=fitted["params"])
    n = np.logspace(7, 11, 9)
    for m in (5.0, 20.0, 640.0):
        assert refit.predict(n, m * n) == pytest.approx(LAW.law.predict(n, m * n), rel=5e-4), m
    for key in ("e", "a", "b", "eta"):
        assert fitted["params"][key] == pytest.approx(getattr(LAW.law, key), rel=5e-3), key


@pytest.mark.parametrize(
    ("n_params", "tokens_per_param", "actual"),
    [(1.44e9, 20, 2.7688), (1.44e9, 640, 2.5021), (6.89e9, 20, 2.4250)],
    ids=["1.4B-M20", "1.4B-M640", "6.9B-M20"],
)
def test_held_out_large_runs_are_predicted(n_params, tokens_per_param, actual):
    all_rpj = read_runs(
        RUNS, tokens_col="n_tokens", loss_col="loss_c4_val", where={"dataset": "rpj"}
    )
    i = int(
        np.argmin(
            np.abs(np.log(all_rpj.n_params / n_params))
            + np.abs(np.log(all_rpj.n_tokens / all_rpj.n_params / tokens_per_param))
        )
    )
    assert all_rpj.loss[i] == pytest.approx(actual, abs=1e-4)  # the row the test means
    predicted = float(LAW.law.predict(all_rpj.n_params[i], all_rpj.n_tokens[i]))
    assert abs(predicted - actual) / actual < 0.004


@pytest.mark.parametrize("compute", [1e18, 1e21, 1e24])
def test_closed_forms_match_numeric_minimisation(compute):
    law = LAW.law
    n, d = (float(x) for x in law.optimum(compute))
    assert 6 * n * d == pytest.approx(compute, rel=1e-12)
    res = minimize_scalar(
        lambda log_n: float(law.predict(np.exp(log_n), compute / (6 * np.exp(log_n)))),
        bracket=(np.log(n) - 2, np.log(n) + 2),
        tol=1e-12,
    )
    assert np.exp(res.x) == pytest.approx(n, rel=1e-4)
    assert float(law.frontier_loss(compute)) == pytest.approx(float(law.predict(n, d)), rel=1e-12)
    assert float(compute_for_loss(float(law.frontier_loss(compute)), LAW)) == pytest.approx(
        compute, rel=1e-9
    )


def test_over_training_costs_the_same_factor_at_every_compute():
    law = LAW.law
    m_star = law.tokens_per_param
    ratios = []
    for compute in (1e19, 1e22, 1e25):
        n_star, d_star = (float(x) for x in law.optimum(compute))
        n = np.sqrt(compute / (6 * 10 * m_star))  # ten times over-trained
        reducible = float(law.predict(n, compute / (6 * n))) - law.e
        ratios.append(reducible / (float(law.predict(n_star, d_star)) - law.e))
    np.testing.assert_allclose(ratios, ratios[0], rtol=1e-10)
    assert ratios[0] > 1


def test_it_plans_like_any_law():
    p = plan(1e22, law="gadre2024-rpj")
    assert p.loss_scale.id == "c4-val-gpt-neox"
    assert p.tokens_per_param == pytest.approx(LAW.law.tokens_per_param)
    assert any("M* =" in note for note in p.notes)


def test_the_shipped_task_curves_are_the_fit_of_the_released_runs():
    """HellaSwag and ARC-Easy as sigmoids of the C4 loss, refitted from the 32 RedPajama runs
    (seed 0, 200 bootstrap refits): the shipped curves and intervals are what the fit gives."""
    from planner.fit._task_curves import TASK_BOOTSTRAP, fit_loss_curve
    from planner.scores._curves import loss_curve_score

    runs = read_runs(
        RUNS,
        tokens_col="n_tokens",
        loss_col="loss_c4_val",
        where={"dataset": "rpj"},
        max_params=4.2e8,
        task_cols={"hellaswag": "acc_hellaswag", "arc-easy": "acc_arc_easy"},
    )
    assert [c.task for c in LAW.task_curve] == ["hellaswag", "arc-easy"]
    losses = np.linspace(2.3, 4.0, 7)
    for shipped in LAW.task_curve:
        refit = fit_loss_curve(
            shipped.task,
            shipped.column,
            runs.loss,
            runs.scores[shipped.task],
            bootstrap=TASK_BOOTSTRAP,
            seed=0,
        )
        assert refit.n_runs == shipped.n_runs == 32
        for a, b in zip(
            loss_curve_score(shipped, losses), loss_curve_score(refit, losses), strict=True
        ):
            np.testing.assert_allclose(a, b, atol=2e-3)
