"""Issue 21 item 5: an MoE plan's figure names its total and active parameters, and its charts
draw the law at the parameters the law is of (N_act)."""

from __future__ import annotations

import math
import warnings

import pytest
from testdata import run_cli

from planner import plan
from planner.errors import PlannerWarning
from planner.laws._registry import list_laws
from planner.report._charts import isoflop_chart, nopt_chart
from planner.report._figures import FIGURE_KINDS, _moe_titled, figure
from planner.units import format_count

FINE = "krajewski2024-moe-e64"


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        yield


def moe_plan(budget=1e24):
    return plan(budget, law=FINE, experts=64, top_k=1)


def test_an_moe_title_names_total_and_active_parameters_and_a_dense_one_is_unchanged():
    p = moe_plan()
    spec = isoflop_chart(p)
    title = _moe_titled(spec, p).title
    total, active = format_count(p.n_params), format_count(p.n_active_params)
    assert title.splitlines() == [
        spec.title,
        f"MoE plan: {total} total, {active} active parameters (64 experts, top-1)",
    ]
    dense = plan(1e24)
    assert _moe_titled(isoflop_chart(dense), dense) == isoflop_chart(dense)


def test_the_isoflop_curve_of_an_moe_plan_is_over_the_active_parameters():
    """The law's loss is of N_act and D = C / (6 N_act): the planner's split is the curve's
    minimum, found by the chart's own grid search (not the plan's number)."""
    p = moe_plan()
    spec = isoflop_chart(p)
    minimum, star = spec.series[1], spec.series[2]
    assert spec.x_label == "log10 N_act (active parameters)"
    assert star.x[0] == pytest.approx(math.log10(p.n_active_params))
    assert minimum.x[0] == pytest.approx(star.x[0], abs=0.005)  # within 1.2% in N_act
    dense = plan(1e24)
    assert isoflop_chart(dense).series[2].x[0] == pytest.approx(math.log10(dense.n_params))


def test_the_laws_chart_marks_an_moe_plan_on_its_laws_line():
    p = plan(1e24, law=FINE)  # the law file's own routing, which the line allocates
    spec = nopt_chart(p, list_laws())
    star = spec.series[-1]
    line = next(s for s in spec.series if s.label == FINE)
    at = min(range(len(line.x)), key=lambda i: abs(line.x[i] - star.x[0]))
    assert star.label == "plan (active parameters)"
    assert star.y[0] == pytest.approx(line.y[at], abs=0.01)
    assert "active N for krajewski2024-moe-e16 and krajewski2024-moe-e64" in spec.note


@pytest.mark.parametrize(
    "kind",  # the frontier and scores figures take about a second each: the slow run
    [
        k if k in ("isoflop", "laws") else pytest.param(k, marks=pytest.mark.slow)
        for k in FIGURE_KINDS
    ],
)
def test_every_kind_of_moe_figure_is_drawn_with_the_moe_title(tmp_path, kind):
    out = figure(kind, moe_plan(1e22), tmp_path / "f.svg")
    assert "active parameters (64 experts, top-1)" in out.read_text()


def test_cli_figure_takes_experts_and_top_k_and_refuses_a_dense_law(capsys, tmp_path):
    out = tmp_path / "moe.svg"
    argv = ("figure", "isoflop", "1e22", "--law", FINE, "--experts", "64", "--top-k", "1")
    code, _, err = run_cli(capsys, *argv, "--out", str(out))
    assert code == 0, err
    assert "active parameters (64 experts, top-1)" in out.read_text()
    bad = tmp_path / "dense.svg"
    code, text, err = run_cli(capsys, "figure", "isoflop", "--experts", "8", "--out", str(bad))
    assert code == 2 and text == "" and "dense law" in err and not bad.exists()
