"""What must hold of every task score: bounded, ordered, monotone in N and D."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.scores._calibration import load_score_calibration
from planner.scores._curves import RECIPES, curve_score, latent
from planner.scores._fit import ScoreData, fit_curve

CURVES = load_score_calibration().curve
n_params = st.floats(1e7, 1e13)
n_tokens = st.floats(1e9, 1e15)


@given(
    n=n_params,
    d=n_tokens,
    k=st.floats(1.0, 100.0),
    i=st.integers(0, len(CURVES) - 1),
    recipe=st.sampled_from(RECIPES),
)
def test_scores_are_bounded_ordered_and_monotone(n, d, k, i, recipe):
    curve = CURVES[i]
    score, low, high = (float(x) for x in curve_score(curve, n, d, recipe=recipe))
    # the interval may pass the point curve's ceiling by the ceiling's own uncertainty
    top = max([curve.ceiling, *curve.draws_ceiling])
    assert curve.floor <= low <= score <= curve.ceiling and score <= high <= top <= 1.0
    more_n = float(curve_score(curve, n * k, d, recipe=recipe)[0])
    more_d = float(curve_score(curve, n, d * k, recipe=recipe)[0])
    assert more_n >= score - 1e-12 and more_d >= score - 1e-12
    assert np.isfinite([score, low, high]).all()


@given(
    n=st.floats(1e7, 1e12),
    d=n_tokens,
    k=st.floats(1.0, 1000.0),
    i=st.integers(0, len(CURVES) - 1),
)
def test_at_fixed_n_the_score_saturates_in_d_at_a_limit_rising_with_n(n, d, k, i):
    """Issue 19: at fixed N the score never falls as D grows and stays under a limit (the score
    as D -> inf) that rises with N."""
    curve = CURVES[i]
    assert curve.form == "saturating"
    score = float(curve_score(curve, n, d)[0])
    more = float(curve_score(curve, n, d * k)[0])
    limit = float(curve_score(curve, n, 1e40)[0])
    limit_bigger = float(curve_score(curve, n * 10, 1e40)[0])
    assert score - 1e-12 <= more <= limit + 1e-12
    assert limit_bigger >= limit - 1e-12


def test_the_fit_recovers_a_known_curve_and_recipe_offset():
    """Scores generated from the curve's own closed form (no noise) are fitted back exactly:
    weights, offset, ceiling and the code recipe's logit shift."""
    rng = np.random.default_rng(3)
    n = 10 ** rng.uniform(8.5, 11, 60)
    d = 10 ** rng.uniform(10.5, 13, 60)
    recipe = np.where(np.arange(60) % 4 == 0, "code", "general")
    true = {"ceiling": 0.8, "a": 0.7, "b": 1.3, "x0": 2.0, "code": -1.2}
    z = latent(true["a"], true["b"], true["x0"], n, d) + np.where(recipe == "code", -1.2, 0.0)
    y = 0.25 + (true["ceiling"] - 0.25) / (1 + np.exp(-z))
    data = ScoreData(
        task="mmlu",
        n_params=tuple(n),
        n_tokens=tuple(d),
        family=tuple(f"f{i // 3}" for i in range(60)),
        score=tuple(y),
        recipe=tuple(recipe),
    )
    curve = fit_curve(data, 0.25, form="loglinear", held_out=False)
    got = {
        "ceiling": curve.ceiling,
        "a": curve.a,
        "b": curve.b,
        "x0": curve.x0,
        "code": curve.recipe_offsets[0],
    }
    assert curve.recipe_ids == ("code",)
    for key, value in true.items():
        assert got[key] == pytest.approx(value, abs=1e-5), key


@given(loss=st.floats(1.0, 8.0), dl=st.floats(0.0, 3.0))
def test_scores_on_a_fitted_loss_curve_are_bounded_ordered_and_fall_with_the_loss(loss, dl):
    from planner.scores._curves import loss_curve_score

    curve = _LOSS_CURVE
    score, low, high = (float(x) for x in loss_curve_score(curve, loss))
    top = max([curve.ceiling, *curve.draws_ceiling])
    assert curve.floor <= low <= score <= high <= top
    assert float(loss_curve_score(curve, loss - dl)[0]) >= score - 1e-12


def _loss_curve():
    from planner.fit._task_curves import fit_loss_curve

    rng = np.random.default_rng(0)
    loss = np.linspace(2.6, 5.0, 30)
    acc = 0.25 + 0.45 / (1 + np.exp(-2.5 * (3.2 - loss))) + rng.normal(0, 0.01, 30)
    return fit_loss_curve("hellaswag", "acc", loss, np.clip(acc, 0, 1), bootstrap=30)


_LOSS_CURVE = _loss_curve()


def test_out_of_time_fits_on_the_earlier_models_and_scores_the_later_ones(tmp_path):
    """The split is by release date against the cut-off ("YYYY-MM" is the month's first day),
    undated models take no part, and the later models are scored by the curve of the earlier
    ones alone."""
    from planner import PlannerError
    from planner.scores._fit import read_obsscaling
    from planner.scores._validation import out_of_time, read_release_dates

    csv = (
        Path(__file__).resolve().parents[1] / "data" / "published" / "obsscaling-base-llm-eval.csv"
    )
    data = read_obsscaling(csv)[0]["winogrande"]
    fam = np.asarray(data.family)
    later = {"Llama-3", "Qwen1.5"}
    dates = tmp_path / "dates.csv"
    rows = ["model,released,source"]
    for m, f in zip(data.model, fam, strict=True):
        if f == "Pythia":
            continue  # undated
        rows.append(f"{m},{'2024-01' if f in later else '2023-12-31'},test")
    dates.write_text("\n".join(rows) + "\n", encoding="utf-8")
    released = read_release_dates(dates)
    rep = out_of_time(data, 0.5, released, cutoff="2024-01-01")
    n_later = int(np.isin(fam, list(later)).sum())
    assert rep.n_models == n_later
    assert rep.n_fitted == len(fam) - n_later - int((fam == "Pythia").sum())
    assert 0.0 <= rep.coverage <= 1.0 and rep.mae_points > 0
    dates.write_text("model,released,source\nx,2024/01/02,test\n", encoding="utf-8")
    with pytest.raises(PlannerError, match="released must be YYYY-MM-DD or YYYY-MM"):
        read_release_dates(dates)


@given(n=n_params, d=n_tokens, i=st.integers(0, len(CURVES) - 1), recipe=st.sampled_from(RECIPES))
def test_the_distance_is_to_the_nearest_calibration_model_of_the_recipe(n, d, i, recipe):
    """The interval's widening reads the distance in (ln N, ln D) to the nearest calibration
    model of the plan's recipe: checked against a plain loop over the models."""
    from planner.scores._curves import distance

    curve = CURVES[i]
    mine = [p for p, r in zip(curve.support, curve.support_recipes, strict=True) if r == recipe]
    pts = mine or list(curve.support)
    x, y = np.log(n / 1e9), np.log(d / 1e12)
    want = min(((x - a) ** 2 + (y - b) ** 2) ** 0.5 for a, b in pts)
    assert float(distance(curve, n, d, recipe=recipe)) == pytest.approx(want, rel=1e-9, abs=1e-12)
    a, b = pts[0]
    assert float(distance(curve, 1e9 * np.exp(a), 1e12 * np.exp(b), recipe=recipe)) < 1e-9


def test_a_widening_curve_is_wider_further_from_its_models():
    """Where the held-out errors grow with the distance (winogrande, truthfulqa), the interval's
    spread part grows with it: at 10x past the largest model it is wider on the logit scale
    than at that model."""
    import dataclasses

    for curve in CURVES:
        if curve.z_spread_per_distance <= 0:
            continue
        bare = dataclasses.replace(
            curve,
            draws_floor=(),
            draws_ceiling=(),
            draws_a=(),
            draws_b=(),
            draws_x0=(),
            draws_p=(),
            draws_q=(),
            draws_alpha=(),
            draws_beta=(),
            draws_recipe_offsets=(),
        )
        n_max, d_top = curve.params_range[1], curve.tokens_range[1]

        def logit_width(n, d, c=bare):
            _, low, high = (float(v) for v in curve_score(c, n, d))
            f = np.clip((np.array([low, high]) - c.floor) / (c.ceiling - c.floor), 1e-9, 1 - 1e-9)
            z = np.log(f / (1 - f))
            return z[1] - z[0]

        assert logit_width(10 * n_max, d_top) > logit_width(n_max, d_top), curve.task
