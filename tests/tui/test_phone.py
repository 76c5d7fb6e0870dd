"""Issue 22 item 9 (2): the main screen in a phone's browser (`planner serve` at 390 x 844).

textual-serve draws 16 px Roboto Mono in cells of 9 x 18 CSS px (measured in headless
Chromium: the page's xterm reports 43 columns x 46 rows at a 390 x 844 viewport), so the
terminal a 390 px browser gives is 390 // 9 = 43 columns by 844 // 18 = 46 rows. Before, the
plan's values were wrapped at 30 columns in a 16-column gap and clipped mid-word, and the
Compare and Scenarios tabs ran off the right edge.
"""

from __future__ import annotations

import pytest
from textual.widgets import Tab, TabbedContent

from planner.report._plan import plan_rows
from planner.tui.app import make_app
from planner.tui.widgets.results import PlanTable

pytestmark = pytest.mark.tui

PHONE = (390 // 9, 844 // 18)  # (43, 46): CSS px over the cell size textual-serve draws


def _tabs(app):
    return list(app.screen.query_one(TabbedContent).query(Tab))


@pytest.mark.slow  # ~1.5 s
async def test_every_tab_is_on_screen_and_tappable_at_a_phones_width(tmp_path):
    app = make_app(animate=False, export_dir=tmp_path)
    async with app.run_test(size=PHONE) as pilot:
        await pilot.pause()
        tabs = _tabs(app)
        assert [t.label_text for t in tabs] == ["Plan", "Charts", "Compare", "Run", "Scenarios"]
        for tab in tabs:
            assert tab.region.width > 0 and tab.region.right <= PHONE[0], tab.label_text
        compare = next(t for t in tabs if t.label_text == "Compare")
        await pilot.click(compare)
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "compare-tab"


async def test_plan_values_wrap_inside_a_phones_width(tmp_path):
    app = make_app(animate=False, export_dir=tmp_path)
    async with app.run_test(size=PHONE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(PlanTable)
        assert table.plan is not None
        visible = table.scrollable_content_region.width  # less the scrollbars
        label_width = table.ordered_columns[0].get_render_width(table)
        rows = plan_rows(table.plan)
        for i, (label, value) in enumerate(rows):
            shown = str(table.get_row_at(i)[1])
            for line in shown.splitlines():  # every line of the value is in view
                assert label_width + len(line) + 2 <= visible, (label, line)
            # and nothing was lost: the same characters, only the line breaks differ
            assert shown.replace("\n", "").replace(" ", "") == value.replace(" ", ""), label


@pytest.mark.slow  # ~1.5 s
async def test_the_full_labels_come_back_on_a_wide_screen(tmp_path):
    app = make_app(animate=False, export_dir=tmp_path)
    async with app.run_test(size=PHONE) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert [t.label_text for t in _tabs(app)][2] == "Compare F4"
        assert not app.screen.has_class("-tiny")
