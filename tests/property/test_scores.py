"""What must hold of every task score: bounded, ordered, monotone in N and D."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from planner.presets import load_score_calibration
from planner.scores import curve_score

CURVES = load_score_calibration().curve
n_params = st.floats(1e7, 1e13)
n_tokens = st.floats(1e9, 1e15)


@given(n=n_params, d=n_tokens, k=st.floats(1.0, 100.0), i=st.integers(0, len(CURVES) - 1))
def test_scores_are_bounded_ordered_and_monotone(n, d, k, i):
    curve = CURVES[i]
    score, low, high = (float(x) for x in curve_score(curve, n, d))
    # the interval may pass the point curve's ceiling by the ceiling's own uncertainty
    top = max([curve.ceiling, *curve.draws_ceiling])
    assert curve.floor <= low <= score <= curve.ceiling and score <= high <= top <= 1.0
    more_n = float(curve_score(curve, n * k, d)[0])
    more_d = float(curve_score(curve, n, d * k)[0])
    assert more_n >= score - 1e-12 and more_d >= score - 1e-12
    assert np.isfinite([score, low, high]).all()
