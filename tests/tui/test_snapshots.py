"""SVG snapshots of the screens that matter, at a fixed size, reviewed by eye before commit.

Regenerate only after reading snapshot_report.html: pytest tests/tui --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.tui.app import make_app

pytestmark = [pytest.mark.tui, pytest.mark.snapshot]
SIZE = (120, 40)
# relative to the project root, where the test command runs: the same text on every machine
SHARED_CSV = "tests/data/published/chinchilla-fig4-besiroglu2024.csv"
"""Relative to the repository root, which the snapshot test runs in (the path is on screen)."""


SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
SIZES_SLOW_WIDE = pytest.mark.parametrize(
    "size",
    [(80, 24), pytest.param((120, 40), marks=pytest.mark.slow)],  # 120x40 in the slow run
    ids=["80x24", "120x40"],
)


@SIZES
def test_main_screen(snap_compare, size):
    assert snap_compare(make_app(animate=False), terminal_size=size)


def test_invalid_budget(snap_compare):
    async def type_bad(pilot):
        await pilot.pause()
        pilot.app.screen.query_one("#budget-input").value = ""
        await pilot.press(*"12abc")
        await pilot.pause()

    assert snap_compare(make_app(animate=False), terminal_size=SIZE, run_before=type_bad)


@pytest.mark.slow  # both sizes in the slow run: the default run stays under a minute
@SIZES
def test_help(snap_compare, size):
    async def open_help(pilot):
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(make_app(animate=False), terminal_size=size, run_before=open_help)


@pytest.mark.slow  # a real fit on the shared data: in the slow run
def test_fit_result(snap_compare, monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    app = make_app(
        animate=False,
        fit_path=SHARED_CSV,
        fit_columns={
            "params-col": "Model Size",
            "compute-col": "Training FLOP",
            "drop": "5",
            "bootstrap": "50",
        },
    )

    async def run_fit(pilot):
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_fit)


@SIZES_SLOW_WIDE
def test_run_tab(snap_compare, size):
    async def open_run(pilot):
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()

    assert snap_compare(make_app(animate=False), terminal_size=size, run_before=open_run)


SLOW_SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


async def _press(pilot, *keys):
    await pilot.pause()
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


@pytest.mark.slow  # every other screen at both sizes (issue 13): in the slow run
@SLOW_SIZES
@pytest.mark.parametrize(
    "keys", [("f3",), ("f4",), ("f6",)], ids=["charts", "compare", "scenarios"]
)
def test_tabs(snap_compare, size, keys):
    async def open_tab(pilot):
        await pilot.pause()
        pilot.app.screen.set_focus(None)  # p pins outside a field
        await _press(pilot, "p", *keys)  # one pin, so the scenarios tab has a column
        pilot.app.clear_notifications()  # the "pinned" toast would cover the table
        await pilot.pause()

    assert snap_compare(make_app(animate=False), terminal_size=size, run_before=open_tab)


@pytest.mark.slow
@SLOW_SIZES
@pytest.mark.parametrize("key", ["ctrl+t", "ctrl+f"], ids=["metric", "fit"])
def test_screens(snap_compare, size, key):
    async def open_screen(pilot):
        await _press(pilot, key)

    assert snap_compare(make_app(animate=False), terminal_size=size, run_before=open_screen)
