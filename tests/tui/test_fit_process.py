"""The bootstrap fit in a child process: the same answer as in this process, errors carried."""

from __future__ import annotations

import pytest

from planner.errors import PlannerError, SolverError
from planner.fit._parametric import fit_runs, read_runs
from planner.tui.fit_process import FitProcessError, fit_in_process
from tests.testdata import synthetic_runs

COLUMNS: dict[str, str | None] = {
    "params_col": "n_params",
    "compute_col": None,
    "tokens_col": "n_tokens",
    "loss_col": "loss",
}


@pytest.fixture
def runs_csv(tmp_path):
    runs = synthetic_runs(1.8, 400.0, 2000.0, 0.34, 0.36, 0.01, seed=3)
    path = tmp_path / "runs.csv"
    path.write_text(
        "n_params,n_tokens,loss\n"
        + "".join(
            f"{float(n)!r},{float(d)!r},{float(x)!r}\n"
            for n, d, x in zip(runs.n_params, runs.n_tokens, runs.loss, strict=True)
        )
    )
    return path


def test_the_child_fits_what_this_process_fits(runs_csv):
    seen: list[tuple[int, int]] = []
    report, runs = fit_in_process(
        runs_csv,
        COLUMNS,
        0,
        8,
        7,
        progress=lambda d, t: seen.append((d, t)),
        cancelled=lambda: False,
    )
    here = fit_runs(read_runs(runs_csv, **COLUMNS), bootstrap=8, seed=7)  # type: ignore[arg-type]
    assert report == here  # the same resamples from the same seed, bit for bit
    assert list(runs.loss) == list(read_runs(runs_csv).loss)
    done, total = seen[-1]  # the whole fit's work, the 8 resamples last (issue 24 item 8)
    assert done == total > 8 and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_refusal_keeps_the_planners_words(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("n_params,n_tokens,loss\n1e9,2e10,x\n")
    with pytest.raises(PlannerError) as here:
        read_runs(bad)
    with pytest.raises(PlannerError) as there:
        fit_in_process(bad, COLUMNS, 0, 5, 0, progress=lambda d, t: None, cancelled=lambda: False)
    assert str(there.value) == str(here.value)


def test_cancelling_stops_the_child(runs_csv):
    with pytest.raises(SolverError, match="cancelled"):
        fit_in_process(
            runs_csv, COLUMNS, 0, 10_000, 0, progress=lambda d, t: None, cancelled=lambda: True
        )


@pytest.mark.slow  # one more child process start (~1 s)
def test_an_unforeseen_failure_is_a_fit_process_error(runs_csv):
    with pytest.raises(FitProcessError, match="TypeError"):
        fit_in_process(
            runs_csv, {"no_such_option": "x"}, 0, 5, 0,  # type: ignore[dict-item]
            progress=lambda d, t: None, cancelled=lambda: False,
        )  # fmt: skip
