"""Issue 22 items 5 and 7 in the TUI: a missed deadline in the Run tab and the headline; tabs in
the order of their keys; the headline loss with its scale."""

from __future__ import annotations

import warnings

import pytest
from textual.widgets import Input, Static, TabbedContent

from planner import PlannerWarning, plan
from planner.report._run import plan_run_sheet
from planner.tui.app import make_app
from planner.tui.widgets.results import RunTable

pytestmark = pytest.mark.tui


async def set_field(pilot, selector, text):
    inp = pilot.app.screen.query_one(selector, Input)
    inp.focus()
    inp.value = text
    await pilot.pause()


@pytest.mark.slow  # about 1.2 s of app time
async def test_run_tab_and_headline_say_a_deadline_is_missed():
    """512 GPUs and 30 days: the library's shortfall (wall clock - 30 d) in the Run tab's rows,
    its notes and the headline, seen from the Plan tab without opening the Run tab."""
    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await set_field(pilot, "#gpus-input", "512")
        await set_field(pilot, "#days-input", "30")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PlannerWarning)
            sheet = plan_run_sheet(plan(1e24, n_gpus=512), days=30)
        missed = sheet.days - 30
        assert missed > 0 and sheet.deadline_missed_days == pytest.approx(missed)
        summary = str(app.screen.query_one("#summary", Static).render())
        assert f"MISSES the 30.0 d deadline by {missed:.1f} d" in summary
        await pilot.press("f5")
        await pilot.pause()
        table = app.screen.query_one(RunTable)
        rows = {str(a): str(b) for a, b in map(table.get_row_at, range(table.row_count))}
        assert rows["deadline"] == f"30.0 d: MISSED by {missed:.1f} d"
        notes = str(app.screen.query_one("#run-notes", Static).render())
        assert notes.startswith(f"deadline missed by {missed:.1f} d")


async def test_tabs_in_the_order_of_their_keys_and_headline_loss_with_its_scale():
    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tabs = app.screen.query_one(TabbedContent)
        labels = [str(pane._title) for pane in tabs.query("TabPane")]
        keys = [int(label.rsplit("F", 1)[1]) for label in labels]
        assert keys == sorted(keys), labels
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "loss 1.96 (massivetext-sp32k)" in summary


async def test_tui_takes_a_law_alias_and_suggests_for_a_typo():
    """Item 6: `planner --law chinchilla` opens on Chinchilla's headline law."""
    from planner.errors import PresetError

    app = make_app(law="chinchilla", animate=False)
    assert app._law == "hoffmann2022-approach1"
    with pytest.raises(PresetError, match="did you mean kaplan2020"):
        make_app(law="kaplan2021", animate=False)
