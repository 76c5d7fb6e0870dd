"""The first crossing of a rising curve in log space (``first_crossing_log``), by hypothesis.

What must hold for every rising function: the answer reaches the target, and lies within
``tol = ln(hi/lo) / (points - 1)**rounds`` in ``ln x`` past the exact crossing (computed in
closed form here, not by the search); a smooth curve is found in three calls instead of four
(the straight-line window, issue 23 item 3), and a kinked one still to ``tol``.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from planner.laws._numeric import first_crossing_log

LO, HI = 1e9, 1e35  # the planner's compute range (planner.limits.COMPUTE_RANGE_FLOPS)
TOL = math.log(HI / LO) / 63**4
SLACK = 1e-12  # floating point in ln x at ~80


def _logistic(k: float, m: float, calls: list[int]):
    """0.25 + 0.5 sigmoid(k (ln x - m)): rising, crossing ``t`` at m + logit((t - .25)/.5) / k."""

    def f(x):
        calls.append(1)
        return 0.25 + 0.5 / (1.0 + np.exp(-k * (np.log(x) - m)))

    return f


def _crossing(k: float, m: float, target: float) -> float:
    p = (target - 0.25) / 0.5
    return m + math.log(p / (1 - p)) / k


ln_lo, ln_hi = math.log(LO), math.log(HI)


@given(
    k=st.floats(0.05, 1.0),
    m=st.floats(ln_lo + 3, ln_hi - 3),
    target=st.floats(0.3, 0.7),
)
def test_a_smooth_curve_is_found_to_tol_in_three_calls(k, m, target):
    crossing = _crossing(k, m, target)
    if not ln_lo + 1e-3 < crossing < ln_hi - 1e-3:
        return  # the crossing outside the bracket: the cases below
    calls: list[int] = []
    f = _logistic(k, m, calls)
    x = first_crossing_log(f, target, LO, HI)
    assert x is not None and f(np.asarray([x]))[0] >= target
    assert -SLACK <= math.log(x) - crossing <= TOL + SLACK
    assert len(calls) == 3 + 1  # the three of the search and the one just above


@st.composite
def _kinked(draw):
    """A rising broken line in ln x (2-6 pieces, slopes 1e-3 to 10 per unit of ln x)."""
    n = draw(st.integers(2, 6))
    knots = sorted(draw(st.lists(st.floats(ln_lo, ln_hi), min_size=n - 1, max_size=n - 1)))
    slopes = draw(st.lists(st.floats(1e-3, 10.0), min_size=n, max_size=n))
    xs = [ln_lo, *knots, ln_hi]
    ys = [0.0]
    for (a, b), s in zip(itertools.pairwise(xs), slopes, strict=True):
        ys.append(ys[-1] + s * (b - a))
    return np.asarray(xs), np.asarray(ys)


@given(line=_kinked(), share=st.floats(0.01, 0.99))
def test_a_kinked_curve_is_still_found_to_tol(line, share):
    xs, ys = line
    target = float(ys[-1]) * share
    crossing = float(np.interp(target, ys, xs))

    def f(x):
        return np.interp(np.log(x), xs, ys)

    x = first_crossing_log(f, target, LO, HI)
    assert x is not None and f(np.asarray([x]))[0] >= target
    assert -SLACK <= math.log(x) - crossing <= TOL + SLACK


def test_the_ends_of_the_bracket():
    assert first_crossing_log(lambda x: np.log(x), 0.0, 1.0, 10.0) == 1.0  # reached at lo
    assert first_crossing_log(lambda x: np.log(x), 5.0, 1.0, 10.0) is None  # never reached
