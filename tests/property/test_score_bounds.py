"""The monotone ceiling is the best any monotone rule in (N, D) can call: checked by brute force."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.errors import InputError
from planner.scores._ceiling import monotone_call_ceiling
from planner.scores._curves import curve_score
from planner.scores._fit import read_obsscaling

CSV = Path(__file__).resolve().parents[1] / "data" / "published" / "obsscaling-base-llm-eval.csv"


def brute_force_errors(n, d, emerged, recipe):
    """Fewest wrong calls over every labelling that never falls as N and D grow (2^k of them)."""
    best = len(n)
    for called in itertools.product([False, True], repeat=len(n)):
        monotone = all(
            not (called[i] and not called[j])
            for i in range(len(n))
            for j in range(len(n))
            if i != j and n[i] <= n[j] and d[i] <= d[j] and recipe[i] == recipe[j]
        )
        if monotone:
            best = min(best, sum(c != e for c, e in zip(called, emerged, strict=True)))
    return best


models = st.lists(
    st.tuples(
        st.integers(1, 4),  # few distinct sizes: ties and chains are common
        st.integers(1, 4),
        st.booleans(),
        st.sampled_from(["general", "code"]),
    ),
    min_size=1,
    max_size=9,
)


@given(models)
def test_the_ceiling_is_the_brute_force_optimum(rows):
    n, d, emerged, recipe = (np.asarray(c) for c in zip(*rows, strict=True))
    score = np.where(emerged, 0.5, 0.25)
    got = monotone_call_ceiling(n * 1e9, d * 1e12, score, 0.25, recipe)
    assert got.errors == brute_force_errors(n, d, emerged, recipe)
    assert got.calls_right == pytest.approx(1 - got.errors / len(rows))


def test_recipes_do_not_constrain_each_other():
    # a larger model at chance and a smaller one emerged: one wrong call, unless the recipes
    # differ (then each is a table of one model)
    n, d, y = np.array([1e9, 2e9]), np.array([1e12, 2e12]), np.array([0.5, 0.25])
    assert monotone_call_ceiling(n, d, y, 0.25).errors == 1
    assert monotone_call_ceiling(n, d, y, 0.25, np.array(["general", "code"])).errors == 0


def test_the_margin_decides_what_emerged():
    # 4 points above chance has not emerged (EMERGED_MARGIN is 5): no conflict with the larger
    # model at chance
    n, d = np.array([1e9, 2e9]), np.array([1e12, 2e12])
    assert monotone_call_ceiling(n, d, np.array([0.29, 0.25]), 0.25).errors == 0
    assert monotone_call_ceiling(n, d, np.array([0.31, 0.25]), 0.25).errors == 1


def test_no_fitted_curve_beats_the_ceiling_on_its_own_table():
    # the shipped MMLU curve's in-sample calls are a monotone rule, so at most the ceiling
    from planner.scores._calibration import load_score_calibration

    data, _ = read_obsscaling(CSV)
    mmlu = data["mmlu"]
    n, d, y = (np.asarray(v) for v in (mmlu.n_params, mmlu.n_tokens, mmlu.score))
    ceiling = monotone_call_ceiling(n, d, y, 0.25, mmlu.recipes())
    curve = next(c for c in load_score_calibration().curve if c.task == "mmlu")
    recipes = mmlu.recipes()
    score = np.concatenate(
        [
            curve_score(curve, n[i : i + 1], d[i : i + 1], recipe=str(recipes[i]))[0]
            for i in range(n.size)
        ]
    )
    right = np.mean((score >= 0.30) == (y >= 0.30))
    assert right <= ceiling.calls_right


def test_bad_arrays_are_refused():
    with pytest.raises(InputError, match="equal, non-empty"):
        monotone_call_ceiling(np.array([1e9]), np.array([1e12, 2e12]), np.array([0.3]), 0.25)
    with pytest.raises(InputError, match="equal, non-empty"):
        monotone_call_ceiling(np.array([]), np.array([]), np.array([]), 0.25)
