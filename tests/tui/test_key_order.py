"""Issue 22 item 9 (3): a burst of keys edits the field in the order the keys were typed.

In the browser, End, 8 Backspace, `3e25` left `25` in Budget. The page sends the keys in order
(the websocket log of tests/browser shows ``ESC[F``, 8 x DEL, ``3e25``); the app's driver
parses them in order into Key events, posted at once. Here the same burst is posted to the app
without waiting between keys, as the driver does (Pilot's ``press`` waits after each key and so
never shows the race). Before the fix the field ended empty: the printable keys were inserted by
the Input before the Backspaces, which are bindings run by the App after the key bubbles up to it.
"""

from __future__ import annotations

import random

import pytest
from textual import events
from textual.widgets import Input

from planner.tui.app import make_app

pytestmark = pytest.mark.tui

CHAR = {"backspace": "\x7f", "delete": None, "end": None, "home": None, "left": None, "right": None}


async def burst(pilot, keys):
    for key in keys:  # no pause between keys: one read of the driver
        pilot.app.post_message(events.Key(key, CHAR.get(key, key)))
    await pilot.pause()
    await pilot.pause()


def edit(value: str, keys) -> str:
    """What the keys do to a one-line field, one after another (the cursor starts at the end)."""
    at = len(value)
    for key in keys:
        if key == "backspace" and at:
            value, at = value[: at - 1] + value[at:], at - 1
        elif key == "delete":
            value = value[:at] + value[at + 1 :]
        elif key in ("end", "home"):
            at = len(value) if key == "end" else 0
        elif key in ("left", "right"):
            at = max(0, min(len(value), at + (1 if key == "right" else -1)))
        elif len(key) == 1:
            value, at = value[:at] + key + value[at:], at + 1
    return value


async def test_end_eight_backspaces_then_a_budget(tmp_path):
    app = make_app(animate=False, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#budget-input", Input)
        assert field.has_focus and field.value == "1e24"
        await burst(pilot, ["end", *["backspace"] * 8, *"3e25"])
        assert field.value == "3e25"  # was "" (and "25" in the browser)


@pytest.mark.slow  # ~2.5 s
async def test_random_bursts_edit_in_typing_order(tmp_path):
    rng = random.Random(22)
    keys = ["backspace", "delete", "end", "home", "left", "right", *"0123456789e."]
    app = make_app(animate=False, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#budget-input", Input)
        for _ in range(5):
            field.value, field.cursor_position = "1e24", 4
            typed = [rng.choice(keys) for _ in range(rng.randint(5, 20))]
            await burst(pilot, typed)
            assert field.value == edit("1e24", typed), typed
