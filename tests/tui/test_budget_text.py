"""Issue 22 item 3 in the TUI: budgets as people state them set the unit, the accelerator, the
GPU count and the deadline together; a unit typed once does not stick."""

from __future__ import annotations

import warnings

import pytest
from textual.widgets import Input, Label, Select, Static

from planner import PlannerWarning, plan
from planner.tui.app import make_app
from planner.tui.widgets.results import RunTable

pytestmark = pytest.mark.tui


def library_plan(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        return plan(*args, **kwargs)


async def set_field(pilot, selector, text):
    inp = pilot.app.screen.query_one(selector, Input)
    inp.focus()
    inp.value = text
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shown(app, selector):
    return str(app.screen.query_one(selector).render())


@pytest.mark.slow  # about 1.5 s of app time
async def test_gpus_for_days_set_unit_accelerator_gpus_and_deadline():
    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#gpu-select", Select).value = "a100-sxm"  # chosen by hand
        await pilot.pause()
        await set_field(pilot, "#budget-input", "512 H100s for 30 days")
        assert app.screen.query_one("#unit-select", Select).value == "gpu-hours"
        assert app.screen.query_one("#gpu-select", Select).value == "h100-sxm"
        expected = library_plan("512 H100 x 30 days")
        assert app.main.plan == expected and expected.hardware.n_gpus == 512
        note = shown(app, "#budget-note")
        assert "512 x h100-sxm for 30.0 d" in note and app.screen.query_one("#budget-note").display
        # the days are the Run tab's deadline, which the plan meets on the GPUs stated (a
        # GPU-hour buys peak x MFU x goodput, as the run sheet counts it)
        await pilot.press("f5")
        await pilot.pause()
        table = app.screen.query_one(RunTable)
        rows = {str(a): str(b) for a, b in map(table.get_row_at, range(table.row_count))}
        assert rows["deadline"] == "30.0 d: met" and rows["GPUs for the deadline"] == "512"
        assert "MISSES" not in shown(app, "#summary") and "30.0 d" in shown(app, "#summary")
        await pilot.press("f2")
        await pilot.pause()
        # half-typed: says what is missing, beside the field; the last plan stays
        await set_field(pilot, "#budget-input", "512 H100 x")
        assert "the duration is missing after 'x'" in shown(app, "#budget-error")
        assert app.main.plan == expected
        # the GPUs field says otherwise: both named, beside the budget
        await set_field(pilot, "#gpus-input", "256")
        await set_field(pilot, "#budget-input", "512 H100 x 30 days")
        assert "says 512 GPUs, the GPUs field says 256" in shown(app, "#budget-error")
        await set_field(pilot, "#gpus-input", "")
        # the text names no accelerator any more: the one chosen by hand comes back
        await set_field(pilot, "#budget-input", "1e24")
        assert app.screen.query_one("#gpu-select", Select).value == "a100-sxm"
        assert app.main.plan == library_plan(1e24, accelerator="a100-sxm")
        assert not app.screen.query_one("#budget-note", Label).display


@pytest.mark.slow  # about 1.8 s of app time
async def test_a_unit_typed_once_does_not_stick():
    """After '$5M at $2/h' (the selector follows to dollars), '1e24' is FLOPs again."""
    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await set_field(pilot, "#budget-input", "$5M at $2/h")
        assert app.screen.query_one("#unit-select", Select).value == "dollars"
        assert app.main.plan == library_plan("$5M at $2/h")
        assert "2.50M h100-sxm GPU-hours at $2.00/GPU-hour" in shown(app, "#budget-note")
        await set_field(pilot, "#budget-input", "1e24")
        assert app.screen.query_one("#unit-select", Select).value == "flops"
        assert app.main.plan == library_plan(1e24)
        assert not str(app.screen.query_one("#budget-error", Static).render())
