"""Progress of long work (issue 24 item 8): the library reports with plain callbacks, counts
that never go down and end at done == total; the CLI draws them only on a terminal."""

from __future__ import annotations

import io
import json
import sys

import pytest
from testdata import run_cli, synthetic_runs, write_runs_csv

from planner.cli._progress import terminal_progress
from planner.fit._parametric import fit_runs, read_runs
from planner.progress import Ticker

RUNS = synthetic_runs(1.69, 406.4, 410.7, 0.34, 0.28, noise=0.01, seed=1)


def monotone_to_the_end(seen):
    assert seen, "no progress reported"
    totals = {t for _, t in seen}
    assert len(totals) == 1, totals
    dones = [d for d, _ in seen]
    assert dones == sorted(dones) and dones[0] > 0
    assert seen[-1][0] == seen[-1][1]


def test_reading_reports_bytes_read_of_the_file_size(tmp_path):
    path = write_runs_csv(tmp_path / "runs.csv", RUNS)
    # enough rows for several reports
    body = path.read_text().splitlines()
    path.write_text("\n".join([body[0], *(body[1:] * 400)]) + "\n")
    seen = []
    read_runs(path, progress=lambda done, total: seen.append((done, total)))
    monotone_to_the_end(seen)
    assert seen[-1][1] == path.stat().st_size
    assert len(seen) > 2


@pytest.mark.parametrize(("bootstrap", "holdout"), [(0, 0.0), (0, 0.1), (12, 0.1)])
def test_a_fit_reports_its_whole_work_not_only_the_bootstrap(bootstrap, holdout):
    seen = []
    fit_runs(
        RUNS,
        bootstrap=bootstrap,
        holdout_fraction=holdout,
        progress=lambda done, total: seen.append((done, total)),
    )
    monotone_to_the_end(seen)
    assert len(seen) > 20  # the main fit's steps, not one report at the end


def test_the_ticker_reports_at_most_its_steps_and_always_the_end():
    seen = []
    ticker = Ticker(lambda d, t: seen.append((d, t)), 100_000)
    for _ in range(99_999):
        ticker.tick()
    ticker.finish()
    monotone_to_the_end(seen)
    assert len(seen) <= 202


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_terminal_line_is_drawn_only_on_a_terminal():
    assert terminal_progress("fitting", io.StringIO()) is None
    tty = _Terminal()
    draw = terminal_progress("fitting", tty)
    assert draw is not None
    for done in range(0, 1001):
        draw(done, 1000)
    text = tty.getvalue()
    assert "\rplanner: fitting 50%" in text
    assert text.count("\r") == 101  # once per per cent, then the erase at the end
    assert text.endswith("\r\x1b[K")


def test_planner_fit_prints_progress_on_a_terminal_and_nothing_in_a_pipe(
    tmp_path, capsys, monkeypatch
):
    path = write_runs_csv(tmp_path / "runs.csv", RUNS)
    code, out, err = run_cli(capsys, "fit", str(path), "--json", "--bootstrap", "100")
    assert code == 0, err
    assert "planner: fitting" not in err and "bootstrap" not in err and "\r" not in err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out_tty, err = run_cli(capsys, "fit", str(path), "--json")
    assert code == 0, err
    assert "\rplanner: fitting 50%" in err
    assert err.endswith("\r\x1b[K")  # the line erased: what follows starts clean
    assert json.loads(out_tty)["n_runs"] == json.loads(out)["n_runs"]  # stdout untouched


def test_reading_a_large_file_draws_its_line(tmp_path):
    path = write_runs_csv(tmp_path / "runs.csv", RUNS)
    body = path.read_text().splitlines()
    path.write_text("\n".join([body[0], *(body[1:] * 400)]) + "\n")
    tty = _Terminal()
    read_runs(path, progress=terminal_progress("reading the runs", tty))
    drawn = tty.getvalue()
    assert drawn.count("\rplanner: reading the runs ") >= 3, drawn  # several steps, not one
    assert drawn.endswith("\r\x1b[K")
