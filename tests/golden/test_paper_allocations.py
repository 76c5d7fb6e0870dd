"""Law presets against the allocations their own papers state (issue 19 item 5).

The figures are the papers' (read in the source, copied verbatim into the law files and into
tests/data/golden/); the law's allocation is recomputed here from its closed form, never taken
from the planner's output.
"""

from __future__ import annotations

import csv
import io
import json
import warnings

import pytest
from testdata import GOLDEN

from planner import compare, plan
from planner.laws._registry import list_laws, load_law
from planner.limits import PAPER_AGREEMENT
from planner.planning._assemble import paper_checks, paper_warning
from planner.report._compare import compare_rows
from planner.report._plan import plan_json_text, plan_rows

# Llama Team 2024, "The Llama 3 Herd of Models", arXiv:2407.21783, section 3.2.1: "Extrapolation
# of the resulting scaling law to 3.8 x 10^25 FLOPs suggests training a 402B parameter model on
# 16.55T tokens", from N*(C) = A C^alpha (tokens) with (alpha, A) = (0.53, 0.29).
LLAMA3_C, LLAMA3_N, LLAMA3_D = 3.8e25, 402e9, 16.55e12


def _golden(name):
    text = (GOLDEN / name).read_text()
    return list(csv.DictReader(io.StringIO("\n".join(
        ln for ln in text.splitlines() if ln and not ln.startswith("#")))))  # fmt: skip


def _plan(c, law):
    with warnings.catch_warnings():  # these budgets extrapolate; that is not under test here
        warnings.simplefilter("ignore")
        return plan(c, law=law)


def test_llama3_preset_carries_the_papers_figure():
    (fig,) = load_law("llama3-2024").published_allocation
    assert (fig.compute_flops, fig.n_params, fig.n_tokens) == (LLAMA3_C, LLAMA3_N, LLAMA3_D)
    assert "2407.21783" in fig.source and "3.2.1" in fig.source


def test_llama3_disagreement_is_detected_against_the_paper():
    d = 0.29 * LLAMA3_C**0.53  # the printed (alpha, A): 10.5T tokens
    n = LLAMA3_C / (6 * d)  # about 605B
    (check,) = paper_checks(load_law("llama3-2024"))
    assert check.disagrees
    assert check.n_tokens_error == pytest.approx(d / LLAMA3_D - 1, rel=1e-9)  # -37%
    assert check.n_params_error == pytest.approx(n / LLAMA3_N - 1, rel=1e-9)  # +51%
    assert check.n_params_error > PAPER_AGREEMENT and check.n_tokens_error < -PAPER_AGREEMENT
    # plan (text and JSON) and compare say so, at any budget planned with the law
    p = _plan(1e24, "llama3-2024")
    text = {k: v for k, v in plan_rows(p) if "own paper" in v}
    assert list(text) == ["warning"]
    assert "402B" in text["warning"] and "+51%" in text["warning"] and "-37%" in text["warning"]
    data = json.loads(plan_json_text(p, (), run="not under test"))
    (j,) = data["paper_checks"]
    assert j["disagrees"] is True and j["paper_n_params"] == LLAMA3_N
    header, rows = compare_rows([p])
    assert rows[0][header.index("vs paper")] == "N +51% D -37% at 3.80e25"


@pytest.mark.parametrize(
    ("law", "table", "flops", "tokens"),
    [
        ("hoffmann2022-approach1", "hoffmann2022-table3.csv", "compute_flops", "n_tokens"),
        ("hoffmann2022-approach2", "hoffmann2022-tableA3.csv", "a2_flops", "a2_tokens"),
    ],
)
def test_chinchilla_approaches_agree_with_their_tables_and_raise_no_warning(
    law, table, flops, tokens
):
    """Hoffmann et al. 2022 Table 3 (Approach 1) and Table A3 (Approach 2): the law files carry
    the tables verbatim and the laws reproduce them within the 10% tolerance."""
    preset = load_law(law)
    rows = _golden(table)
    assert [(f.compute_flops, f.n_params, f.n_tokens) for f in preset.published_allocation] == [
        (float(r[flops]), float(r["n_params"]), float(r[tokens])) for r in rows
    ]
    checks = paper_checks(preset)
    assert not any(c.disagrees for c in checks) and paper_warning(law, checks) is None
    p = _plan(5.76e23, law)
    assert not any("own paper" in v for _, v in plan_rows(p))
    header, out = compare_rows([p])
    assert out[0][header.index("vs paper")] == "agrees"


def test_approach3_as_printed_disagrees_with_its_own_table_a3():
    """Hoffmann et al. Table A3's Approach 3 columns do not follow from the printed constants
    (E 1.69, A 406.4, B 410.7, alpha 0.34, beta 0.28) under C = 6ND: the rounded law puts fewer
    parameters and more tokens at every budget of the table."""
    preset = load_law("hoffmann2022-approach3")
    rows = [r for r in _golden("hoffmann2022-tableA3.csv") if r["n_params"] != "175e9"]  # misprint
    assert [f.n_params for f in preset.published_allocation] == [float(r["n_params"]) for r in rows]
    checks = paper_checks(preset)
    assert all(c.disagrees and c.n_params_error < 0 < c.n_tokens_error for c in checks)
    assert "8 of 8" in (paper_warning(preset.id, checks) or "")


def test_every_stated_allocation_has_a_source_and_a_budget_that_matches_it():
    """6ND of a stated (N, D) is the stated budget to the tables' rounding (Hoffmann Table 3's
    67B row: 5.76e23 vs 6.03e23, 4.7%; Llama 3: 3.99e25 vs 3.8e25, 5%)."""
    for preset in list_laws():
        for fig in preset.published_allocation:
            assert fig.source
            if fig.n_params is not None and fig.n_tokens is not None:
                assert 6 * fig.n_params * fig.n_tokens == pytest.approx(fig.compute_flops, rel=0.06)


def test_compare_shows_extrapolation_as_a_factor_column():
    """gadre2024-rpj was fitted on runs up to its preset's largest compute; at 1e24 the column
    says how far past (about 1,536x). That compute is the released runs' (Gadre et al. 2024,
    mlfoundations/scaling exp_data, tests/data/published/gadre2024-runs.csv): the 32 RedPajama
    runs with N <= 411M the preset was fitted on, 6ND at most 6.506e20."""
    from testdata import PUBLISHED

    with (PUBLISHED / "gadre2024-runs.csv").open() as f:
        runs = [r for r in csv.DictReader(f) if r["dataset"] == "rpj"]
    fitted = [6 * float(r["n_params"]) * float(r["n_tokens"]) for r in runs]
    fitted = [c for c, r in zip(fitted, runs, strict=True) if float(r["n_params"]) <= 4.2e8]
    assert len(fitted) == 32
    hi = load_law("gadre2024-rpj").fitted_compute_flops[1]
    assert hi == pytest.approx(max(fitted), rel=1e-3)  # the preset rounds to 3 digits
    plans = compare(1e24)
    header, rows = compare_rows(plans)
    col = header.index("fit range")
    cells = {r[0]: r[col] for r in rows}
    assert cells["gadre2024-rpj"] == f"{1e24 / hi:.0f}x past" == "1536x past"
    assert cells["besiroglu2024"] == f"{1e24 / 1.3e22:.0f}x past"
    inside = compare(1e20, laws=("hoffmann2022-approach1",))
    assert compare_rows(inside)[1][0][col] == "inside"
