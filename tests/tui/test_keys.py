"""Issue 22 items 1, 2, 4 and the `q` of item 7: keys as people type them.

- single-key shortcuts never type into a field: a tab key (F2-F6) leaves the form, so `p`,
  `+`, `-`, `0`, `?` act there; pinning has a key that works from a field (ctrl+o) and both
  are in the footer and the palette;
- focus you can see and keep: a focused compact field is marked; ctrl+l puts the cursor in the
  budget with its text selected (browsers' key for the address bar); the form is hidden with
  F9 (harlequin's sidebar key): no key is a terminal multiplexer's prefix (ctrl+b, ctrl+a);
- no plan of a half-typed value: a plan after a pause in typing or on Enter, the headline
  marked meanwhile; ctrl+a selects the field's text, so typing replaces it;
- `q` with pinned plans or a fit on screen asks first, else quits at once.

The typing pause is set long (60 s) in the tests that look at the state while typing, so a
loaded machine cannot fire it between two keys; the conftest pause plans what was typed.
"""

from __future__ import annotations

import asyncio
import warnings

import pytest
from textual.color import Color
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from planner import PlannerWarning, plan
from planner.tui.app import make_app
from planner.tui.commands import PlannerCommands
from planner.tui.messages import PlanReady
from planner.tui.screens.confirm import ConfirmScreen
from planner.tui.screens.help import KEYS, HelpScreen
from planner.tui.widgets.chart import ChartPanel

pytestmark = pytest.mark.tui
RAW_PAUSE = Pilot.pause
"""Textual's own pause (tests/tui/conftest.py patches it to plan what was typed at once)."""


def library_plan(budget):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        return plan(budget)


def budget(app):
    return app.screen.query_one("#budget-input", Input)


def footer_keys(app):
    return {b.binding.key for b in app.screen.active_bindings.values() if b.binding.show}


async def palette_titles(app, query):
    provider = PlannerCommands(app.screen)
    return [str(hit.text) async for hit in provider.search(query)]


# ---------------------------------------------------------------------------- item 1


@pytest.mark.slow  # > 2 s of app time (the Charts tab is drawn): in the slow run
async def test_after_a_tab_key_single_keys_act_and_never_type_into_the_budget():
    """F6 then p pinned nothing and set the budget to "p"; on the Charts tab +, -, 0 and ?
    typed into the budget too."""
    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = app.main.plan
        await pilot.press("f6", "p")
        await pilot.pause()
        assert budget(app).value == "1e24"
        assert app.main.pinned == [shown]
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("plus", "plus", "minus")
        await pilot.pause()
        assert all(p.zoom == 2.0 for p in app.screen.query(ChartPanel))
        await pilot.press("0")
        await pilot.pause()
        assert all(p.zoom == 1.0 for p in app.screen.query(ChartPanel))
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.main.query_one("#budget-input", Input).value == "1e24"


@pytest.mark.slow  # > 2 s of app time (the Charts tab is drawn): in the slow run
async def test_a_key_meant_for_a_field_goes_into_the_field():
    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f3", "ctrl+l", "p", "plus", "0")
        assert budget(app).value == "p+0"  # typed, not pinned or zoomed
        assert app.main.pinned == []
        assert all(p.zoom == 1.0 for p in app.screen.query(ChartPanel))


async def test_pin_works_from_a_field_and_pin_and_zoom_are_in_the_footer_and_palette():
    app = make_app(animate=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused is budget(app)  # the budget has the cursor at start
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.main.pinned == [library_plan(1e24)] and budget(app).value == "1e24"
        assert "ctrl+o" in footer_keys(app)
        assert not {"plus", "minus", "0"} & footer_keys(app)  # zoom: on the Charts tab only
        assert any("Pin" in t for t in await palette_titles(app, "pin"))
        await pilot.press("f3")
        await pilot.pause()
        assert {"plus", "minus", "0", "ctrl+o"} <= footer_keys(app)
        zoom = await palette_titles(app, "zoom")
        assert len(zoom) == 3, zoom
        footer = app.screen.query_one("Footer")
        assert footer.virtual_size.width <= footer.size.width  # nothing cut at 80 columns


# ---------------------------------------------------------------------------- item 2


def _background(widget) -> Color:
    return widget.background_colors[1]


async def test_a_focused_compact_field_is_marked():
    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        mfu = app.screen.query_one("#mfu-input", Input)
        gpus = app.screen.query_one("#gpus-input", Input)
        mfu.focus()
        await pilot.pause()
        on, off = _background(mfu), _background(gpus)
        # a clear step, not Textual's 5% tint: at least a fifth of the channel range apart
        assert max(abs(a - b) for a, b in zip(on.rgb, off.rgb, strict=True)) >= 50, (on, off)
        app.screen.query_one("#law-select", Select).focus()
        await pilot.pause()
        on = _background(app.screen.query_one("#law-select").query_one("SelectCurrent"))
        off = _background(app.screen.query_one("#gpu-select").query_one("SelectCurrent"))
        assert max(abs(a - b) for a, b in zip(on.rgb, off.rgb, strict=True)) >= 50, (on, off)


@pytest.mark.slow  # > 2 s of app time (three plans and the form hidden twice): in the slow run
async def test_ctrl_l_puts_the_cursor_in_the_budget_and_typing_replaces_it():
    """ctrl+b left the cursor on the unit selector (typed digits vanished); ctrl+l (a browser's
    address-bar key) puts it in the budget, its text selected, from anywhere."""
    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f4", "ctrl+l", *"3e23", "enter")
        await pilot.pause()
        assert app.focused is budget(app) and budget(app).value == "3e23"
        assert app.main.plan == library_plan(3e23)
        await pilot.press("f9")  # hides the form; ctrl+l shows it again with the cursor in it
        await pilot.pause()
        form = app.screen.query_one("#form")
        assert form.display is False
        assert app.focused is not None and form not in app.focused.ancestors
        await pilot.press("ctrl+l", *"2e23", "enter")
        await pilot.pause()
        assert app.screen.query_one("#form").display is True
        assert budget(app).value == "2e23" and app.main.plan == library_plan(2e23)
        await pilot.press("f9", "f9", "5")  # hidden and shown: the cursor is in the budget
        await pilot.pause()
        assert app.focused is budget(app) and budget(app).value == "5"


def test_no_key_of_the_app_is_a_terminal_multiplexer_prefix():
    """tmux's prefix is ctrl+b, GNU screen's ctrl+a: neither reaches an app run inside them."""
    from planner.tui.app import PlannerApp
    from planner.tui.screens.fit import FitScreen
    from planner.tui.screens.main import MainScreen

    keys = {
        key.strip()
        for cls in (PlannerApp, MainScreen, FitScreen, HelpScreen)
        for b in cls.BINDINGS
        if b.action != "select_all_text"  # a field's own editing key, as in harlequin
        for key in b.key.split(",")
    }
    assert not keys & {"ctrl+b", "ctrl+a"}
    assert "| `ctrl+b`" not in KEYS and "| `ctrl+l`" in KEYS and "| `F9`" in KEYS


# ---------------------------------------------------------------------------- item 4


async def test_typing_plans_nothing_until_a_pause_or_enter_and_the_headline_says_so():
    """Home then 1 in "5e24" made "15e24", and 1.5e25 was planned and headlined at once."""
    seen = []
    app = make_app(animate=False)
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        await pilot.pause()
        headline = str(app.screen.query_one("#summary", Static).render())
        app.main.typing_pause = 60.0  # no pause fires between keys on a loaded machine
        seen.clear()
        await pilot.press("home", "1")
        await app.workers.wait_for_complete()
        await RAW_PAUSE(pilot)
        assert budget(app).value == "11e24"  # the prefilled 1e24, the cursor at home
        assert not [m for m in seen if isinstance(m, PlanReady)]
        summary = str(app.screen.query_one("#summary", Static).render())
        assert summary.startswith("typing") and headline in summary  # the last plan, marked
        assert app.screen.query_one("#summary").has_class("-pending")
        await pilot.press("delete", "enter")  # "1e24" again, and Enter: planned now
        await app.workers.wait_for_complete()
        await RAW_PAUSE(pilot)
        ready = [m for m in seen if isinstance(m, PlanReady)]
        assert str(app.screen.query_one("#summary", Static).render()) == headline
        assert not app.screen.query_one("#summary").has_class("-pending")
        assert [m.plan for m in ready] in ([], [library_plan(1e24)])  # the same: nothing new


async def test_a_pause_in_typing_plans_what_was_typed():
    app = make_app(animate=False)
    got = asyncio.Event()

    def hook(message):
        if isinstance(message, PlanReady) and message.plan.compute_flops == 3e23:
            got.set()

    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await pilot.pause()
        app.main.typing_pause = 0.05
        await pilot.press("ctrl+l", *"3e23")
        await asyncio.wait_for(got.wait(), timeout=30)  # the timer, not a key, planned it
        await app.workers.wait_for_complete()
        await RAW_PAUSE(pilot)
        assert app.main.plan == library_plan(3e23)


async def test_ctrl_a_selects_the_field_so_typing_replaces_it():
    """Textual's ctrl+a is readline's home: ctrl+a then 1e24 made 15e24 of 5e24."""
    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        budget(app).value = "5e24"
        await pilot.pause()
        await pilot.press("end", "ctrl+a", *"1e24", "enter")
        await pilot.pause()
        assert budget(app).value == "1e24" and app.main.plan == library_plan(1e24)
        await pilot.press("home", "x")  # home still goes to the start
        assert budget(app).value == "x1e24"


def test_the_help_says_when_a_plan_is_made():
    from planner.tui.screens.main import TYPING_PAUSE_S

    pause = f"{TYPING_PAUSE_S:g} s"
    assert f"| `enter` | in a field: plan now (else a pause in typing of {pause} plans it)" in KEYS
    assert "| `ctrl+a` | in a field: select its text" in KEYS


# ---------------------------------------------------------------------------- item 7 (q)


async def test_q_quits_at_once_with_nothing_to_lose():
    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f2", "q")
        assert app.return_code == 0


async def test_q_with_pinned_plans_asks_first():
    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o", "f2", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.return_code is None
        assert "1 pinned plan" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("q")  # no second dialog
        assert len([s for s in app.screen_stack if isinstance(s, ConfirmScreen)]) == 1
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is app.main and app.return_code is None
        await pilot.press("q", "y")
        assert app.return_code == 0


@pytest.mark.slow  # > 2 s of app time (the fit screen is built): in the slow run
async def test_q_with_a_fit_on_screen_asks_first():
    """The fit screen keeps its result when left (until Clear): q asks from the main screen."""
    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        fit = app.screen
        fit.report = object()  # a fit on screen (what on_fit_done keeps); not saved
        await pilot.press("escape", "f2", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and app.return_code is None
        assert "fit" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.return_code is None and app.screen is app.main


@pytest.mark.slow  # > 2 s of app time (two plans on the UI thread and an export): in the slow run
async def test_pin_and_export_right_after_typing_take_what_was_typed(tmp_path):
    """Within the typing pause the plan on show is the last one: ctrl+o and ctrl+s plan the
    typed value first, so neither pins nor writes the plan of the value before."""
    import json

    app = make_app(animate=False, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.main.typing_pause = 60.0
        await pilot.press("ctrl+l", *"3e23", "ctrl+o")
        assert app.main.pinned == [library_plan(3e23)]
        await pilot.press("ctrl+l", *"2e23", "ctrl+s")
        await RAW_PAUSE(pilot)
        exported = json.loads((tmp_path / "planner-plan.json").read_text())
        assert exported["compute_flops"] == 2e23
