"""The TUI never replaces a file without a yes, never writes over its input, never lets a fitted
law take a shipped law's id, and replans when a saved law is the one on screen."""

from __future__ import annotations

import pytest
from testdata import synthetic_runs

from planner.errors import PresetError
from planner.laws._registry import load_law
from planner.tui.app import make_app
from planner.tui.screens.confirm import ConfirmScreen
from planner.tui.screens.fit import FitScreen

pytestmark = pytest.mark.tui


def library_plan(*args, **kwargs):
    import warnings

    from planner import PlannerWarning, plan

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        return plan(*args, **kwargs)


@pytest.fixture
def runs_csv(tmp_path):
    runs = synthetic_runs(1.8, 400.0, 2000.0, 0.34, 0.36, 0.01, seed=2)
    rows = zip(runs.n_params, runs.n_tokens, runs.loss, strict=True)
    path = tmp_path / "runs.csv"
    path.write_text(
        "n_params,n_tokens,loss\n"
        + "".join(f"{float(n)!r},{float(d)!r},{float(x)!r}\n" for n, d, x in rows)
    )
    return path


async def test_export_asks_before_replacing(tmp_path):
    app = make_app(animate=False, export_dir=tmp_path)
    target = tmp_path / "planner-plan.json"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        first = target.read_text()
        target.write_text("my notes\n")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert target.read_text() == "my notes\n" and app.is_running
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert target.read_text() == "my notes\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert target.read_text() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["planner-plan.json"]


async def fit_screen(pilot, app, save_path):
    await pilot.press("ctrl+f")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, FitScreen)
    screen.query_one("#fit-save-path-input").value = str(save_path)
    await pilot.press("ctrl+r")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert screen.report is not None
    return screen


def status(screen):
    return str(screen.query_one("#fit-status").render())


async def test_fit_save_never_writes_over_the_csv(runs_csv):
    before = runs_csv.read_bytes()
    app = make_app(animate=False, fit_path=str(runs_csv))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await fit_screen(pilot, app, runs_csv)
        await pilot.click("#fit-save-button")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)  # no offer to replace an input
        assert app.is_running and app.screen is screen
    assert runs_csv.read_bytes() == before


@pytest.mark.slow  # > 2 s of app time: the slow run (.ci/run) keeps the default under a minute
async def test_fit_save_refuses_a_shipped_id_and_keeps_the_shipped_law(runs_csv, tmp_path):
    shipped = load_law("besiroglu2024")
    app = make_app(animate=False, fit_path=str(runs_csv))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await fit_screen(pilot, app, tmp_path / "besiroglu2024.toml")
        await pilot.click("#fit-save-button")
        await pilot.pause()
        assert "shipped law" in status(screen)
        assert not (tmp_path / "besiroglu2024.toml").exists()
        await pilot.click("#fit-use-button")
        await pilot.pause()
        assert app.laws["besiroglu2024"] == shipped and app.is_running


@pytest.mark.slow  # > 2 s of app time: the slow run (.ci/run) keeps the default under a minute
async def test_fit_save_asks_before_replacing_and_replans(runs_csv, tmp_path):
    target = tmp_path / "mine.toml"
    target.write_text("# my old law\n")
    app = make_app(animate=False, fit_path=str(runs_csv))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await fit_screen(pilot, app, target)
        await pilot.click("#fit-save-button")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert target.read_text() == "# my old law\n"
        await pilot.click("#fit-use-button")  # plan with it: the main screen shows "mine"
        await pilot.pause()
        assert app.main.plan.law == "mine"
        loss_before = app.main.plan.loss
        await pilot.press("ctrl+f")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#fit-save-path-input").value = str(target)
        screen.query_one("#fit-bootstrap-input").value = "0"
        screen.query_one("#fit-drop-input").value = "3"  # a different fit of the same runs
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.click("#fit-save-button")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert load_law(target).id == "mine"
        assert app.laws["mine"] == load_law(target)
        assert app.main.plan.loss != loss_before  # the plan on screen was recomputed
        assert app.main.plan == library_plan(1e24, law=target)


def test_a_user_law_file_with_a_shipped_id_is_refused(tmp_path):
    shipped = load_law("besiroglu2024")
    changed = shipped.model_copy(update={"name": "my edit"})
    from planner.fit._lawfile import write_law_file

    path = write_law_file(changed, tmp_path / "edit.toml")
    with pytest.raises(PresetError, match="shipped law"):
        make_app(law_files=(path,))
    same = write_law_file(shipped, tmp_path / "copy.toml")
    assert make_app(law_files=(same,)).laws["besiroglu2024"] == shipped


async def test_a_failing_fit_worker_is_reported_and_the_app_keeps_running(runs_csv, monkeypatch):
    import planner.tui.screens.fit as fit_screen_module

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(fit_screen_module, "fit_runs", broken)
    app = make_app(animate=False, fit_path=str(runs_csv))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert "internal error" in status(app.screen) and "boom" in status(app.screen)
    assert app.return_code in (None, 0)


@pytest.mark.parametrize(
    ("field", "value", "needle"),
    [
        ("seed", "-1", "seed"),
        # the same path with other fields: in the slow run (the default run stays under 60 s)
        pytest.param("bootstrap", "1", "bootstrap", marks=pytest.mark.slow),
        pytest.param("drop", "x", "drop", marks=pytest.mark.slow),
    ],
)
async def test_bad_fit_options_are_shown_not_fatal(runs_csv, field, value, needle):
    app = make_app(animate=False, fit_path=str(runs_csv))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        app.screen.query_one(f"#fit-{field}-input").value = value
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and needle in status(app.screen)


async def test_a_non_ascii_or_impossible_save_name_is_handled(runs_csv, tmp_path):
    app = make_app(animate=False, fit_path=str(runs_csv))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await fit_screen(pilot, app, tmp_path / "läufe.toml")
        await pilot.click("#fit-save-button")
        await pilot.pause()
        assert load_law(tmp_path / "läufe.toml").id == "l-ufe"
        screen.query_one("#fit-save-path-input").value = str(tmp_path / "no" / "such" / "x.toml")
        screen.query_one("#fit-save-button").press()
        await pilot.pause()
        assert app.is_running and "does not exist" in status(screen)


def test_the_cli_returns_the_apps_failure_code(monkeypatch):
    """If the app ever dies of an exception, `planner` exits non-zero (it exited 0)."""
    import planner.cli._main as cli
    from planner.tui import app as app_module

    class Dead:
        return_code = 1

        def run(self):
            return None

    monkeypatch.setattr(app_module, "make_app", lambda **kw: Dead())
    assert cli.main([]) == 1


async def test_a_pasted_10000_character_value_is_not_echoed_whole(tmp_path):
    from textual.events import Paste

    app = make_app(animate=False, export_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#mfu-input")
        field.focus()
        field.value = ""
        field.post_message(Paste("7" * 10_000))
        await pilot.pause()
        message = str(app.screen.query_one("#mfu-error").render())
        assert message.startswith("invalid") and len(message) < 200
        field.value = "0.0001"
        await pilot.pause()
        assert "at least 0.001" in str(app.screen.query_one("#mfu-error").render())
        assert app.is_running


@pytest.mark.slow  # > 2 s of app time: the slow run (.ci/run) keeps the default under a minute
async def test_the_fit_screen_keeps_its_work_until_cleared(runs_csv, tmp_path):
    """Issue 13 item 7: escape and reopen shows the same form and result; Clear forgets them."""
    app = make_app(animate=False, fit_path=str(runs_csv))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await fit_screen(pilot, app, tmp_path / "kept.toml")
        report = screen.report
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FitScreen)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.screen is screen and screen.report is report
        assert screen.query_one("#fit-save-path-input").value == str(tmp_path / "kept.toml")
        assert not screen.query_one("#fit-use-button").disabled
        await pilot.click("#fit-clear-button")
        await pilot.pause()
        assert screen.report is None and screen.query_one("#fit-path-input").value == ""
        assert screen.query_one("#fit-use-button").disabled


@pytest.mark.slow  # > 2 s of app time: the slow run (.ci/run) keeps the default under a minute
async def test_fit_screen_at_80x24_has_every_button_plain_words_and_copies_its_command(
    runs_csv, tmp_path
):
    """Issue 13 item 7: buttons reachable at 80x24; no raw scipy message; "Copy command"."""
    from textual.widgets import Button

    app = make_app(animate=False, fit_path=str(runs_csv))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await fit_screen(pilot, app, tmp_path / "mine.toml")
        for button in screen.query(Button):
            r = button.region
            assert r.height == 1 and r.right <= 80 and r.bottom <= 23, button.id
        assert "CONVERGENCE" not in str(screen.query_one("#fit-result").render())
        screen.query_one("#fit-drop-input").value = "2"
        await pilot.click("#fit-copy-button")
        await pilot.pause()
        expected = f"planner fit {runs_csv} --drop-highest 2 --out {tmp_path / 'mine.toml'}"
        assert screen.command() == expected
        assert expected in str(screen.query_one("#fit-status").render())


@pytest.mark.slow  # > 2 s of app time: the slow run (.ci/run) keeps the default under a minute
async def test_fit_screen_offers_the_csv_columns_and_plots_the_runs(runs_csv, tmp_path):
    """Issue 13 item 7: the CSV's header is listed and completes the column fields; after a
    fit, the runs are drawn against the fitted law (planner.report._charts.fit_chart)."""
    from planner.tui.widgets.chart import ChartPanel

    app = make_app(animate=False, fit_path=str(runs_csv))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        await app.workers.wait_for_complete()  # the header is read in a worker
        await pilot.pause()
        screen = app.screen
        assert "n_params, n_tokens, loss" in str(screen.query_one("#fit-columns").render())
        field = screen.query_one("#fit-loss-col-input")
        assert await field.suggester.get_suggestion("lo") == "loss"
        assert not screen.query_one("#fit-chart").display
        screen = await fit_screen(pilot, app, tmp_path / "x.toml")
        panel = screen.query_one("#fit-chart", ChartPanel)
        assert panel.display and panel.spec is not None
        assert [s.label for s in panel.spec.series] == ["measured", "fitted law"]
        assert "residuals: RMS" in panel.spec.note


async def test_the_csv_header_is_never_read_on_the_ui_thread(tmp_path, monkeypatch):
    """Issue 24 item 2: the column completion opened the typed path on the UI thread at every
    key, so a FIFO (or a slow disk) froze the app. It reads in a worker thread now, and a FIFO
    is refused without blocking (planner.io._files.open_regular)."""
    import os
    import threading

    import planner.fit._runs

    threads: list[threading.Thread] = []
    real = planner.fit._runs.csv_header

    def spy(path):
        threads.append(threading.current_thread())
        if threading.current_thread() is threading.main_thread():
            return ()  # the old code: opening the FIFO here would hang the test, not fail it
        return real(path)

    monkeypatch.setattr(planner.fit._runs, "csv_header", spy)
    fifo = tmp_path / "p.csv"
    os.mkfifo(fifo)
    app = make_app(animate=False, fit_path=str(fifo))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+f")
        await pilot.pause()
        field = app.screen.query_one("#fit-path-input")
        field.focus()
        await pilot.press("end", "x", "backspace")  # two more reads, key by key
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert threads and threading.main_thread() not in threads
        assert str(app.screen.query_one("#fit-columns").render()) == ""
        assert app.is_running
