"""The fit screen shows the progress of reading and of the main fit, not only of a bootstrap
(issue 24 item 8): the worker passes the library's callbacks on as messages."""

from __future__ import annotations

import pytest
from testdata import CHINCHILLA_CSV

from planner.tui.app import make_app
from planner.tui.screens.fit import FitScreen


@pytest.mark.slow  # a real 240-run fit in the app (~2 s)
async def test_a_fit_without_bootstrap_shows_its_progress(monkeypatch):
    seen: list[tuple[str, int, int]] = []
    progress, reading = FitScreen._post_progress, FitScreen._post_reading

    def fitting(self, done, total):
        seen.append(("fitting", done, total))
        progress(self, done, total)

    def read(self, done, total):
        seen.append(("reading", done, total))
        reading(self, done, total)

    monkeypatch.setattr(FitScreen, "_post_progress", fitting)
    monkeypatch.setattr(FitScreen, "_post_reading", read)
    app = make_app(
        animate=False,
        fit_path=str(CHINCHILLA_CSV),
        fit_columns={"params-col": "Model Size", "compute-col": "Training FLOP", "bootstrap": "0"},
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.report is not None
    stages = [s for s, _, _ in seen]
    assert stages[0] == "reading" and stages[-1] == "fitting"
    fit = [(d, t) for s, d, t in seen if s == "fitting"]
    assert len(fit) > 20 and fit[-1][0] == fit[-1][1]
    assert [d for d, _ in fit] == sorted(d for d, _ in fit)
