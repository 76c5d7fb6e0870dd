"""Issue 21 item 5: experts, top-k and the precision in the TUI form, through the same library
calls as ``planner plan --experts E --top-k K`` and ``--precision fp8``."""

from __future__ import annotations

import json

import pytest
from testdata import run_cli
from textual.widgets import Input, Select

from planner.tui.app import make_app
from planner.tui.widgets.results import PlanTable, RunTable

pytestmark = pytest.mark.tui

FINE = "krajewski2024-moe-e64"
"""A law that takes 64 experts top-1 (expansion rate E/K = 64, Krajewski et al. 2024)."""


async def set_field(pilot, selector, text):
    inp = pilot.app.screen.query_one(selector, Input)
    inp.focus()
    inp.value = text
    await pilot.pause()


def rows_of(table):
    return {str(a): str(b) for a, b in map(table.get_row_at, range(table.row_count))}


def cli_json(capsys, *args):
    code, out, err = run_cli(capsys, "plan", "1e24", *args, "--json")
    assert code == 0, err
    return json.loads(out)


async def test_experts_and_top_k_plan_what_the_cli_plans(capsys):
    """The form's experts and top-k give the CLI's n_params and n_active_params; the headline
    and the Plan tab name both."""
    want = cli_json(capsys, "--law", FINE, "--experts", "64", "--top-k", "1")
    app = make_app(animate=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dense = app.main.plan
        assert dense.routing is None
        app.screen.query_one("#law-select", Select).value = FINE
        await set_field(pilot, "#experts-input", "64")
        await set_field(pilot, "#top-k-input", "1")
        got = app.main.plan
        assert got.n_params == want["n_params"] and got.n_active_params == want["n_active_params"]
        assert got.n_params > 10 * got.n_active_params  # 64 experts: not the dense count
        headline = str(app.screen.query_one("#summary").render())
        assert headline.startswith("6.91T total, 161B active · ")
        labels = rows_of(app.screen.query_one(PlanTable))
        assert labels["mixture of experts"] and labels["active parameters"].startswith("161B")


@pytest.mark.slow  # about 2 s: the MoE layout search on top of the app
async def test_the_run_tab_of_an_moe_plan_is_the_moe_run_sheet():
    """F5 shows the rows of plan_run_sheet for the MoE plan: EP in the layout, the all-to-all."""
    from planner import plan
    from planner.report._run import plan_run_sheet, run_rows

    app = make_app(animate=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#law-select", Select).value = FINE
        await set_field(pilot, "#experts-input", "64")
        await set_field(pilot, "#top-k-input", "1")
        await pilot.press("f5")
        await pilot.pause()
        run = rows_of(app.screen.query_one(RunTable))
        moe = plan(1e24, law=FINE, experts=64, top_k=1)
        # the Sequence field left empty: the sheet of `planner plan --experts 64 --top-k 1`
        # without --seq-len, which counts no attention term
        assert run == dict(run_rows(plan_run_sheet(moe)))
        assert run["mixture of experts"].startswith("6.91T total, 161B active: 64 experts, top-1")
        assert "EP " in run["layout"] and "all-to-all" in run
        # a typed length counts the attention over it, as --seq-len 4096 does
        await set_field(pilot, "#seq-len-input", "4096")
        await pilot.pause()
        typed = rows_of(app.screen.query_one(RunTable))
        assert typed == dict(run_rows(plan_run_sheet(moe, seq_len=4096)))
        assert typed["GPU-hours"] != run["GPU-hours"]


async def test_a_bad_routing_is_shown_beside_its_field_and_the_app_keeps_running():
    """Not a whole number, a dense law with experts, top-k without experts: each beside its
    field; the last valid plan stays, dimmed, and comes back when the fields are cleared."""
    app = make_app(animate=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = app.main.plan
        error = app.screen.query_one("#experts-error")
        await set_field(pilot, "#experts-input", "2.5")
        assert "whole number" in str(error.render()) and error.has_class("-shown")
        await set_field(pilot, "#experts-input", "8")  # the default law is dense
        assert "dense law" in str(error.render())
        assert app.screen.query_one("#experts-input").has_class("-invalid-field")
        assert app.main.plan == first and app.main.is_stale and app.is_running
        await set_field(pilot, "#experts-input", "")
        await set_field(pilot, "#top-k-input", "2")  # a routing, too: the dense law refuses
        assert "dense law" in str(error.render())
        await set_field(pilot, "#top-k-input", "")
        assert app.main.plan == first and not app.main.is_stale  # dense again, as before
        assert str(error.render()) == "" and app.is_running


@pytest.mark.slow  # about 2 s of app time
async def test_a_routing_the_moe_law_does_not_cover_is_shown_beside_its_field():
    """The fine-grained law at expansion rate 64: experts without top-k asks for top-k, 64
    experts top-2 (rate 32) is refused beside experts with the experts it would take, and top-k
    without experts asks for experts."""
    app = make_app(animate=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#law-select", Select).value = FINE
        await set_field(pilot, "#experts-input", "8")
        assert "give --top-k" in str(app.screen.query_one("#top-k-error").render())
        await set_field(pilot, "#top-k-input", "2")  # 64 experts top-2: expansion rate 32
        await set_field(pilot, "#experts-input", "64")
        error = str(app.screen.query_one("#experts-error").render())
        assert "expansion rate" in error and "give 128 experts" in error and app.is_running
        await set_field(pilot, "#experts-input", "")  # top-k alone: the experts are asked for
        assert "give experts" in str(app.screen.query_one("#top-k-error").render())


async def test_fp8_changes_the_run_tabs_gpu_hours_as_the_cli_does(capsys):
    bf16 = cli_json(capsys)["run"]["gpu_hours"]
    fp8_plan = cli_json(capsys, "--precision", "fp8")
    fp8 = fp8_plan["run"]["gpu_hours"]
    loss = fp8_plan["precision_loss"]["loss_nats"]
    assert fp8 < bf16
    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        table = app.screen.query_one(RunTable)
        before = rows_of(table)["GPU-hours"]
        app.screen.query_one("#precision-select", Select).value = "fp8"
        await pilot.pause()
        after = rows_of(table)
        from planner.units import format_gpu_hours

        assert before.startswith(format_gpu_hours(bf16))
        assert after["GPU-hours"].startswith(format_gpu_hours(fp8))
        assert after["  precision"].startswith("FP8")
        # Kumar et al. 2024's loss at FP8 beside it, the number plan --precision fp8 gives
        assert "precision law" not in before and "at BF16 (N_eff = N)" not in before
        assert after["precision law"].startswith("kumar2024-precision")
        assert after["loss at FP8"].startswith(f"{loss:.4f} nats/token")


@pytest.mark.slow  # about 2 s: two tabs planned for every law
async def test_the_compare_and_scenarios_tabs_of_an_moe_plan_are_at_its_routing():
    """F4 is `planner compare --experts 64 --top-k 1` (every law, the others marked), F6 the sweep
    of the laws that take the routing, each cell with its active parameters."""
    from planner import compare
    from planner.tui.widgets.results import CompareTable, SweepTable

    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#law-select", Select).value = FINE
        await set_field(pilot, "#experts-input", "64")
        await set_field(pilot, "#top-k-input", "1")
        await pilot.press("f4")
        await pilot.pause()
        table = app.screen.query_one(CompareTable)
        laws = [p.law for p in table.plans]
        assert laws == [FINE, "ludziejewski2025-moe"]
        assert [p.n_active_params for p in table.plans] == [
            p.n_active_params for p in compare(1e24, experts=64, top_k=1)
        ]
        header, rows = table.header, table.rows
        assert "N active" in header
        marks = {r[0]: r[1] for r in rows}
        assert (
            marks["besiroglu2024"] == "dense only" and marks["krajewski2024-moe-e16"] == "refused"
        )
        # D/N is per active parameter at a routing: the note says so, as compare's legend does
        note = str(app.screen.query_one("#compare-note").render())
        assert "D/N: tokens per active parameter" in note.replace("\n", " ")
        await pilot.press("f6")
        await pilot.pause()
        sweep = app.screen.query_one(SweepTable)
        assert sweep.header[4:] == [FINE, "ludziejewski2025-moe"]
        assert "active) / " in sweep.rows[2][4]
