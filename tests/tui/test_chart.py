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


@given(
    st.lists(st.tuples(finite, finite, finite), min_size=2, max_size=30, unique_by=lambda t: t[0])
)
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
    assert text.count("the plan on each curve") == 1 and " plan   " not in text.replace(
        "each curve", ""
    )


def _frontier_spec(with_thresholds: bool):
    from planner.report._charts import frontier_chart
    from planner.tasks._emergence import capabilities

    law = load_law("besiroglu2024")
    p = plan(1e23, law=law)
    return frontier_chart(p, capabilities(p) if with_thresholds else ())


def test_a_thresholds_swatch_has_the_colour_of_its_line_and_band():
    """Issue 22 item 8: the legend's swatch was red while the threshold's lines were orange."""
    spec = _frontier_spec(True)
    text = legend(spec)
    threshold = next(s for s in spec.series if s.kind == "hline")
    band = next(s for s in spec.series if s.label == f"{threshold.label} band")
    start = text.plain.index("╌╌")
    swatch = next(span.style for span in text.spans if span.start == start)
    assert str(swatch) == threshold.color == band.color


async def test_the_frontier_is_not_hidden_by_the_threshold_band():
    """Issue 22 item 8: the band's shading was drawn over the frontier, which vanished inside it.
    The frontier is continuous: every canvas column it spans holds a cell in its colour."""
    from textual.app import App
    from textual_hires_canvas import Canvas

    from planner.tui.widgets.chart import PALETTE, ChartPanel

    class One(App[None]):
        def compose(self):
            yield ChartPanel()

    spec = _frontier_spec(True)
    assert any(s.kind == "band" for s in spec.series)
    i, frontier = next((i, s) for i, s in enumerate(spec.series) if s.kind == "line")
    colour = frontier.color or PALETTE[i % len(PALETTE)]
    async with One().run_test(size=(100, 30)) as pilot:
        panel = pilot.app.query_one(ChartPanel)
        panel.show(spec)
        await pilot.pause()
        canvas = panel.query_one("#plot", Canvas)
        columns = {  # the plan's star, drawn last, takes one cell of the frontier
            x
            for chars, styles in zip(canvas._buffer, canvas._styles, strict=True)
            for x, (char, style) in enumerate(zip(chars, styles, strict=True))
            if style == colour or char == "★"
        }
    assert len(columns) > 50
    assert columns == set(range(min(columns), max(columns) + 1))
