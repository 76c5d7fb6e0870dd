"""Task score curves: the shipped constants are the fit of the shipped ObsScaling table, and the
leave-one-family-out validation they report is what a fresh run measures.

Data: Ruan et al. 2024 (arXiv:2405.10938), ryoungj/ObsScaling @ 4d6e1e43, Apache-2.0, copied to
tests/data/published with its licence.
"""

from __future__ import annotations

import numpy as np
import pytest
from testdata import PUBLISHED

from planner import plan_model
from planner.scores._calibration import load_score_calibration
from planner.scores._curves import curve_score
from planner.scores._fit import read_obsscaling
from planner.scores._predict import task_scores
from planner.scores._validation import calibrate

CSV = PUBLISHED / "obsscaling-base-llm-eval.csv"
SHIPPED = load_score_calibration()


def _same_curves(shipped, refit):
    n = np.logspace(8, 12, 9)[:, None]
    d = np.logspace(10, 13.5, 8)[None, :]
    assert shipped.task == refit.task and shipped.n_models == refit.n_models
    for a, b in zip(curve_score(shipped, n, d), curve_score(refit, n, d), strict=True):
        np.testing.assert_allclose(a, b, atol=2e-3)
    for a, b in zip(
        curve_score(shipped, n, d, recipe="code"),
        curve_score(refit, n, d, recipe="code"),
        strict=True,
    ):
        np.testing.assert_allclose(a, b, atol=2e-3)


def test_the_shipped_mmlu_curve_is_the_fit_of_the_table():
    from planner.scores._fit import BOOTSTRAP, OBSSCALING_TASKS, fit_curve

    data, sha = read_obsscaling(CSV)
    assert SHIPPED.data_sha256 == sha
    fresh = fit_curve(data["mmlu"], OBSSCALING_TASKS["mmlu"][1], bootstrap=BOOTSTRAP)
    _same_curves(SHIPPED.curve[0], fresh)


@pytest.mark.slow  # seven tasks, ~80 fits each
def test_the_shipped_curves_are_the_fit_of_the_table():
    fresh = calibrate(CSV, validate=False)
    for shipped, refit in zip(SHIPPED.curve, fresh.curve, strict=True):
        _same_curves(shipped, refit)


@pytest.mark.slow  # ~20,000 refits: a few minutes
def test_the_reported_validation_is_reproduced():
    fresh = calibrate(CSV)
    for shipped, measured in zip(SHIPPED.validation, fresh.validation, strict=True):
        assert shipped.task == measured.task and shipped.form == measured.form
        assert shipped.mae_points == pytest.approx(measured.mae_points, abs=0.05)
        assert shipped.coverage == pytest.approx(measured.coverage, abs=0.02)
        assert shipped.median_width_points == pytest.approx(measured.median_width_points, abs=0.2)
        assert shipped.statuses == measured.statuses
        if shipped.brier is not None:
            assert shipped.brier == pytest.approx(measured.brier, abs=0.005)
    for shipped_like, measured_like in zip(
        SHIPPED.like_validation, fresh.like_validation, strict=True
    ):
        assert shipped_like.mae_points == pytest.approx(measured_like.mae_points, abs=0.05)
        assert shipped_like.coverage == pytest.approx(measured_like.coverage, abs=0.02)


def test_held_out_validation_on_mmlu():
    """Leave-one-family-out on 123 models (39 families): what the README reports. Issue 19's
    goals: coverage 75-90% with an interval narrower than the log-linear curve's 34-point median;
    the saturating curve keeps the MAE under 5 points (the log-linear one had 4.8 and 87.0% calls,
    with a 78.8% cap)."""
    mmlu = next(r for r in SHIPPED.validation if r.task == "mmlu")
    assert mmlu.n_models == 123 and mmlu.n_families == 39 and mmlu.form == "saturating"
    assert mmlu.mae_points <= 5.0  # the planner's earlier estimate: 9.4
    assert mmlu.calls_right is not None and mmlu.calls_right > 0.84  # earlier: 0.70
    assert 0.75 <= mmlu.coverage <= 0.90
    assert mmlu.median_width_points is not None and mmlu.median_width_points < 25.0
    for rep in SHIPPED.validation:  # every task: the interval holds its nominal 80%
        assert 0.70 <= rep.coverage <= 0.92, rep.task


def test_the_frontier_is_inside_the_curve():
    """Issue 19: the log-linear curve capped MMLU at 78.8%, leaving Llama 3.1 405B (a calibration
    model; issue 19 quotes 85.2%, the ObsScaling table has 84.9% for its FP8 checkpoint, read
    here) outside its own interval and ``--until mmlu=0.8`` unreachable. The saturating curve's
    limit is past 90%."""
    mmlu = next(c for c in SHIPPED.curve if c.task == "mmlu")
    limit = float(curve_score(mmlu, 1e30, 1e30)[0])
    assert limit > 0.90
    s = {t.task: t for t in task_scores(plan_model("405B", "15.6T"))}["mmlu"]
    table = read_obsscaling(CSV)[0]["mmlu"]
    (measured,) = [
        y for y, n in zip(table.score, table.n_params, strict=True) if n == 405e9
    ]  # meta-llama/Meta-Llama-3.1-405B-FP8, 15T tokens
    assert measured == pytest.approx(0.8487, abs=1e-4)
    assert s.low <= measured <= s.high and s.low <= 0.852 <= s.high
    from planner.scores._predict import compute_for_score

    c = compute_for_score("mmlu", 0.8, law="besiroglu2024")
    assert 1e24 < c < 1e28


def test_a_small_model_saturates_in_tokens():
    """A 100M model on 100T tokens (1e6 tokens per parameter) is not predicted near the 75% the
    log-linear curve gave it: at fixed N the score saturates in D at a level set by N. Measured:
    Pythia-160M (0.3T tokens) and SmolLM-135M (0.6T) score 25-30% on MMLU in the table."""
    s = {t.task: t for t in task_scores(plan_model("100M", "100T"))}["mmlu"]
    assert s.score < 0.40 and s.high < 0.60
    y = np.asarray(read_obsscaling(CSV)[0]["mmlu"].score)
    n = np.asarray(read_obsscaling(CSV)[0]["mmlu"].n_params)
    assert y[n <= 2e8].max() < 0.32  # the table's small models


def test_the_interval_widens_past_the_data():
    """On the logit scale (where the spread is measured) the 80% interval of a plan far past the
    calibration models (1T parameters on 100T tokens; 2B on 1,000T) is wider than inside them
    (7B on 2T, Llama 2 7B's size and data); on the score scale, 2B on 1,000T (a score near
    7B/2T's) is wider too."""
    mmlu = next(c for c in SHIPPED.curve if c.task == "mmlu")

    def logit_width(n, d):
        _, low, high = (float(x) for x in curve_score(mmlu, n, d))
        frac = np.clip(
            (np.array([low, high]) - mmlu.floor) / (mmlu.ceiling - mmlu.floor), 1e-4, 1 - 1e-4
        )
        z = np.log(frac / (1 - frac))
        return z[1] - z[0], high - low

    inside, inside_points = logit_width(7e9, 2e12)
    assert logit_width(1e12, 1e14)[0] > 1.5 * inside
    far, far_points = logit_width(2e9, 1e15)
    assert far > 1.5 * inside and far_points > inside_points


def test_the_status_shown_is_right_when_it_is_sure():
    """Held out, the planner's own status (by the 80% interval) is right when it commits: what
    the README reports. ``near`` is where the binary calls miss."""
    mmlu = next(r for r in SHIPPED.validation if r.task == "mmlu")
    by = {c.status: c for c in mmlu.statuses}
    assert sum(c.models for c in mmlu.statuses) == mmlu.n_models
    assert by["emerged"].emerged / by["emerged"].models >= 0.9
    assert by["not_yet"].emerged / by["not_yet"].models <= 0.1
    assert 0.3 <= by["near"].emerged / by["near"].models <= 0.7  # a coin flip, honestly shown
    truthfulqa = next(r for r in SHIPPED.validation if r.task == "truthfulqa")
    assert truthfulqa.statuses == ()  # no chance score: no status
    # P(emerged) has skill on every task: below a constant P at the base rate, and on MMLU
    # below the loss-threshold view's 0.144 that issue 11 measured on the same 123 models
    for rep in SHIPPED.validation:
        if rep.brier is not None:
            assert rep.brier_base_rate is not None and rep.brier < rep.brier_base_rate
    assert mmlu.brier is not None and mmlu.brier < 0.144


def test_a_code_recipe_scores_lower_on_mmlu_and_higher_on_humaneval():
    """Code models (StarCoder2-15B: HumanEval 46%, MMLU 49% in the table) trade knowledge for
    code against general models of their size and data (Llama-2-13B: 18%, 54%)."""
    p = plan_model("15B", "4T")
    general = {s.task: s for s in task_scores(p)}
    code = {s.task: s for s in task_scores(p, recipe="code")}
    assert code["mmlu"].score < general["mmlu"].score
    assert code["humaneval"].score > general["humaneval"].score
    assert "code recipe" in code["mmlu"].calibration
    assert "general recipe" in general["mmlu"].calibration
    # a family brings its own recipe; a contradicting one is refused
    starcoder = {s.task: s for s in task_scores(p, like="starcoder2")}
    assert "(code)" in starcoder["humaneval"].calibration
    from planner import PlannerError

    with pytest.raises(PlannerError, match="contradicts"):
        task_scores(p, like="starcoder2", recipe="general")
    with pytest.raises(PlannerError, match="recipe: must be one of general, code"):
        task_scores(p, recipe="fortran")


@pytest.mark.parametrize(
    ("n", "d", "task", "measured"),
    [
        ("7B", "2T", "mmlu", 0.438),  # Llama-2-7B, ObsScaling table
        ("70B", "2T", "mmlu", 0.698),  # Llama-2-70B
        ("7B", "2T", "gsm8k", 0.145),  # Llama-2-7B
    ],
)
def test_well_known_models_fall_inside_their_interval(n, d, task, measured):
    s = {t.task: t for t in task_scores(plan_model(n, d))}[task]
    assert s.low <= measured <= s.high


def test_like_a_family_moves_the_score_by_its_offset_and_is_validated():
    """--like FAMILY: phi scores more per (N, D) than the curve (phi-2: 2.7B on 1.4T tokens,
    58% in the table), Falcon less (Falcon-7B: 1.5T tokens, 27%); each model held out of its
    family is predicted better with its family's offset than without (MMLU). A family at chance
    (Pythia, 300B tokens) cannot show how far below the curve it is: its offset stays small."""
    from planner import PlannerError

    p = plan_model("2.7B", "1.4T")
    plain = {s.task: s for s in task_scores(p)}["mmlu"]
    phi = {s.task: s for s in task_scores(p, like="phi")}["mmlu"]
    falcon = {s.task: s for s in task_scores(p, like="Falcon")}["mmlu"]
    assert falcon.score < plain.score < phi.score
    assert "like phi" in phi.calibration
    mmlu = next(r for r in SHIPPED.like_validation if r.task == "mmlu")
    assert mmlu.mae_points < mmlu.mae_points_without
    with pytest.raises(PlannerError, match=r"known: .*qwen1\.5"):
        task_scores(p, like="no-such-family")


def test_a_plan_outside_the_calibration_models_says_its_scores_extrapolate():
    """The table's largest model is Llama 3.1 405B on 15T tokens, its smallest Pythia-70M; its
    fewest tokens Cerebras-GPT-111M's 2.2B."""
    mmlu = next(c for c in SHIPPED.curve if c.task == "mmlu")
    assert mmlu.params_range == (70e6, 405e9) and mmlu.tokens_range == (2.22e9, 15e12)
    inside = {s.task: s for s in task_scores(plan_model("70B", "2T"))}
    assert "extrapolated" not in inside["mmlu"].calibration
    big = {s.task: s for s in task_scores(plan_model("1T", "30T"))}
    assert big["mmlu"].calibration.endswith(
        "extrapolated: N = 1.00T is past the most (405B) and D = 30.0T is past the most (15.0T) "
        "of the calibration models"
    )
    small = {s.task: s for s in task_scores(plan_model("20M", "1B"))}
    assert "N = 20.0M is below the fewest (70.0M)" in small["mmlu"].calibration
    assert "D = 1.00B is below the fewest (2.22B)" in small["mmlu"].calibration


@pytest.mark.slow  # seven out-of-time fits with their bootstrap: ~1 minute
def test_the_reported_held_out_figures_are_reproduced():
    """The out-of-time and newer-model figures the shipped file (and the README) reports are what
    a fresh run measures on the release dates and the newer models in tests/data/published."""
    from planner.scores._fit import OBSSCALING_TASKS
    from planner.scores._validation import (
        out_of_time,
        read_newer_models,
        read_release_dates,
        score_newer,
    )

    data, _ = read_obsscaling(CSV)
    released = read_release_dates(PUBLISHED / "obsscaling-release-dates.csv")
    fresh = [
        out_of_time(data[t], chance, released) for t, (_, chance, _) in OBSSCALING_TASKS.items()
    ]
    curves = {c.task: c for c in SHIPPED.curve}
    newer = read_newer_models(PUBLISHED / "newer-base-models.csv")
    fresh += [
        score_newer(curves[t], models, OBSSCALING_TASKS[t][1], data[t])
        for t, models in newer.items()
    ]
    assert len(SHIPPED.held_out) == len(fresh)
    for shipped, measured in zip(SHIPPED.held_out, fresh, strict=True):
        assert (shipped.task, shipped.which) == (measured.task, measured.which)
        assert (shipped.n_fitted, shipped.n_models) == (measured.n_fitted, measured.n_models)
        assert shipped.mae_points == pytest.approx(measured.mae_points, abs=0.05)
        assert shipped.bias_points == pytest.approx(measured.bias_points, abs=0.05)
        assert shipped.coverage == pytest.approx(measured.coverage, abs=0.02)
        if shipped.brier is not None:
            assert shipped.brier == pytest.approx(measured.brier, abs=0.005)
            assert shipped.brier_fit_rate == pytest.approx(measured.brier_fit_rate, abs=1e-9)


def test_qwen2_5_32b_is_inside_its_interval():
    """Qwen2.5-32B: 32B parameters on 18T tokens (about 3.5e24 FLOPs at 6ND), 83.3% on MMLU
    (Qwen2.5 Technical Report, arXiv:2412.15115, Table 3, as tests/data/published/
    newer-base-models.csv reads it): a model no fit saw, released after the table's newest."""
    p = plan_model("32B", "18T")
    assert 6 * p.n_params * p.n_tokens == pytest.approx(3.456e24, rel=1e-3)
    s = {t.task: t for t in task_scores(p)}["mmlu"]
    assert s.low <= 0.833 <= s.high and abs(s.score - 0.833) < 0.05


def test_held_out_in_time_and_newer_models_as_reported():
    """What the README reports of the models no fit saw: fitted on the calibration models
    released before 2024-01-01 (a cut-off fixed before any result), the later ones; and the 20
    newer base models of tests/data/published (Qwen2.5, Qwen3, Llama 3.2, OLMo 2, Gemma 3).
    Issue 19 measured the log-linear curve at an MMLU MAE of 10.6 points with a +5.6 bias on
    newer models tried as a user would (Qwen2.5, OLMo 2, Llama 3.2, SmolLM2, Phi-3)."""
    held = {(r.task, r.which): r for r in SHIPPED.held_out}
    later = {t: r for (t, w), r in held.items() if w == "released from 2024-01-01"}
    newer = {t: r for (t, w), r in held.items() if w == "newer base models"}
    assert len(later) == 7 and len(newer) == 6
    mmlu = later["mmlu"]
    assert mmlu.n_fitted == 64 and mmlu.n_models == 36
    assert 0.75 <= mmlu.coverage <= 0.90 and mmlu.mae_points < 10.0
    assert mmlu.brier < mmlu.brier_base_rate < mmlu.brier_fit_rate
    # P(emerged) beats a constant at the fitted models' base rate on every task but one out of
    # time: arc-challenge, whose later models all emerged (0.079 against 0.048)
    beaten = [t for t, r in later.items() if r.brier is not None and r.brier < r.brier_fit_rate]
    assert sorted(beaten) == ["gsm8k", "hellaswag", "humaneval", "mmlu", "winogrande"]
    assert later["arc-challenge"].brier > later["arc-challenge"].brier_fit_rate
    # every newer model emerged on every task: the held-out base rate is 1 and its constant
    # perfect; against the fitted models' rate P(emerged) wins everywhere
    for r in newer.values():
        assert r.brier_base_rate == 0.0 and r.brier < r.brier_fit_rate
    assert newer["mmlu"].n_models == 20
    assert newer["mmlu"].mae_points < 10.6 and abs(newer["mmlu"].bias_points) < 5.6
    assert newer["mmlu"].coverage >= 0.75


def test_a_task_that_missed_its_goals_says_so_in_its_calibration_line():
    """Issue 19: where the data cannot support a goal the output says so. Arc-challenge's
    interval held 74% of held-out families' models (12 of its 120 score below chance, where a
    curve floored at chance cannot go) and its out-of-time P(emerged) loses to a constant at the
    fitted base rate (0.079 against 0.048); GSM8K's interval held 61% of the newer base models,
    which it predicts 21 points low. Each score says so beside its interval; MMLU, which met the
    goals, carries no such note, nor does a plan --like a family (a different interval)."""
    p = plan_model("7B", "2T")
    scores = {s.task: s.calibration for s in task_scores(p)}
    arc = next(r for r in SHIPPED.validation if r.task == "arc-challenge")
    assert arc.coverage < 0.75  # the shipped figure (test_the_reported_validation_is_reproduced)
    # the README's measured reason: 12 of its 120 models score below chance (25%) in the table
    table = read_obsscaling(CSV)[0]["arc-challenge"]
    assert len(table.score) == arc.n_models == 120
    assert sum(y < 0.25 for y in table.score) == 12
    assert (
        "less reliable: its 80% interval held 74% of held-out families' models"
        in scores["arc-challenge"]
    )
    assert "no better than a constant (Brier 0.079 against 0.048)" in scores["arc-challenge"]
    assert "61% of newer base models (bias -21 points)" in scores["gsm8k"]
    for task in ("mmlu", "hellaswag", "winogrande", "humaneval", "truthfulqa"):
        assert "less reliable" not in scores[task], task
    liked = {s.task: s.calibration for s in task_scores(p, like="llama-2")}
    assert "less reliable" not in liked["arc-challenge"]
    # the figures come from the calibration's validation: one without it has no note
    bare = SHIPPED.model_copy(update={"validation": (), "held_out": ()})
    assert all("less reliable" not in s.calibration for s in task_scores(p, calibration=bare))
