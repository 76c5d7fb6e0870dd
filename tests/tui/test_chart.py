"""Shading a band in a terminal chart (planner.tui.widgets.chart.band_fill, legend)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from planner.laws._registry import load_law
from planner.planning._planning import plan
from planner.report._charts import score_chart
from planner.tui.widgets.chart import band_fill, legend

finite = st.floats(-100, 100, allow_nan=False)


@given(st.lists(st.tuples(finite, finite, finite), min_size=2, max_size=30, unique_by=lambda t: t[0]))
def test_fill_points_lie_between_the_edges(points):
    x, low, high = (list(v) for v in zip(*sorted(points), strict=True))
    xs, ys = band_fill(x, low, high, columns=40, levels=8)
    assert len(xs) == len(ys) == 40 * 7
    lo = np.interp(xs, x, low)
    hi = np.interp(xs, x, high)
    assert np.all(np.minimum(lo, hi) - 1e-9 <= ys) and np.all(ys <= np.maximum(lo, hi) + 1e-9)
    assert min(xs) == min(x) and max(xs) == max(x)


def test_a_single_point_has_no_band():
    assert band_fill([1.0], [0.0], [1.0]) == ([], [])


def test_the_score_chart_legend_says_what_is_shaded_and_marks_the_plan_once():
    law = load_law("besiroglu2024")
    text = str(legend(score_chart(plan(1e24, law=law))))
    assert "interval or band (shaded)" in text
    assert text.count("the plan on each curve") == 1 and " plan   " not in text.replace("each curve", "")
