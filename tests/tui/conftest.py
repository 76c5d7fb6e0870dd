"""A pause in the TUI's tests waits for the plan on show, as a user's eye does.

The main screen plans in thread workers (groups ``plan`` and ``tab``, planner/tui/screens/main.py)
so a key is never held up by the maths. ``Pilot.pause`` waits only for the message queue; here
it also waits for those workers and the messages they post, so a test (and an SVG snapshot, whose
auto-pilot pauses too) sees the plan of the form it typed, never a half-drawn screen. Workers of
other groups (a fit) are left running: tests of cancelling a fit pause while it runs.

A value typed into a field is planned after a pause in typing (``MainScreen.typing_pause``);
the pause here is that pause, taken at once (``plan_typed``): as deterministic as a press of
Enter and no slower than before. tests/tui/test_keys.py looks at the typing state itself
with Textual's own pause.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from planner.tui.screens.main import MainScreen

PLAN_GROUPS = ("plan", "tab")


async def settle(pilot: Pilot[object]) -> None:
    """Until no plan or tab worker runs and the messages they posted are handled."""
    app = pilot.app
    for _ in range(10):  # a handled answer may start a tab's worker: a few rounds at most
        for screen in app.screen_stack:
            if isinstance(screen, MainScreen):
                screen.plan_typed()  # the typing pause, taken now (nothing if none is pending)
        running = [w for w in app.workers if w.group in PLAN_GROUPS and not w.is_finished]
        if not running:
            return
        await app.workers.wait_for_complete(running)
        await _ORIGINAL_PAUSE(pilot)


_ORIGINAL_PAUSE = Pilot.pause


@pytest.fixture(autouse=True)
def _pause_waits_for_the_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    async def pause(self: Pilot[object], delay: float | None = None) -> None:
        await _ORIGINAL_PAUSE(self, delay)
        await settle(self)
        await _ORIGINAL_PAUSE(self)

    monkeypatch.setattr(Pilot, "pause", pause)
