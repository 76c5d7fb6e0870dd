"""Issue 22 items 2 and 10 on the fit screen: ctrl+f puts the cursor in the path field, which
shows an example path and the expected columns and completes paths from the file system."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from planner.tui.app import make_app
from planner.tui.screens.fit import FitScreen
from planner.tui.widgets.paths import complete_path

pytestmark = pytest.mark.tui


async def test_ctrl_f_focuses_the_path_field_which_completes_on_right_arrow(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a short relative path to type
    (tmp_path / "ladder-runs.csv").write_text("n_params,n_tokens,loss\n")
    (tmp_path / "ladder-notes.txt").write_text("")
    app = make_app(animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, FitScreen)
        field = app.screen.query_one("#fit-path-input", Input)
        assert app.focused is field
        assert field.placeholder.endswith("~/runs/ladder.csv")
        hint = str(app.screen.query_one("#fit-path-hint", Static).render())
        assert "n_params" in hint and "compute_flops" in hint and "loss" in hint
        await pilot.press(*"lad")
        await pilot.pause()
        assert field.value == "lad"
        await pilot.press("right")
        await pilot.pause()
        assert field.value == "ladder-runs.csv"  # the CSV before the .txt


def test_complete_path_orders_csv_then_folders_and_expands_home(tmp_path, monkeypatch):
    (tmp_path / "runs-b.csv").write_text("")
    (tmp_path / "runs-a.txt").write_text("")
    (tmp_path / "runs-dir").mkdir()
    (tmp_path / ".runs-hidden").write_text("")
    base = f"{tmp_path}/"
    assert complete_path(base + "runs") == base + "runs-b.csv"
    assert complete_path(base + "runs-d") == base + "runs-dir/"
    assert complete_path(base + "runs-a") == base + "runs-a.txt"
    assert complete_path(base + "runs-b.csv") is None  # complete already
    assert complete_path(base + ".runs") == base + ".runs-hidden"
    assert complete_path(base + "nothing") is None
    assert complete_path(f"{tmp_path}/missing/x") is None
    monkeypatch.setenv("HOME", str(tmp_path))
    assert complete_path("~") == "~/"
    assert complete_path("~/runs-d") == "~/runs-dir/"  # typed text kept, ~ not expanded in it
    monkeypatch.chdir(tmp_path)
    assert complete_path("runs-b") == "runs-b.csv"
