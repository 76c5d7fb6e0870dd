"""Fitting: gradients, inputs, reproducibility, law files, the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from testdata import run_cli, synthetic_runs

from planner import InfeasibleError, InputError, SolverError, load_law, plan
from planner.fit._isoflop import fit_approach2
from planner.fit._lawfile import fit_to_law, law_toml
from planner.fit._parametric import (
    Runs,
    fit_approach3,
    fit_runs,
    hoffmann_grid,
    huber_lse_objective,
    read_runs,
)
from planner.laws._kernels import parametric_optimum

TRUE = {"e": 1.8, "a": 482.0, "b": 2085.0, "alpha": 0.35, "beta": 0.37}


def synthetic(noise=0.003, seed=1, **law):
    p = {**TRUE, **law}
    return synthetic_runs(p["e"], p["a"], p["b"], p["alpha"], p["beta"], noise, seed)


def test_grid_is_hoffmanns():
    assert hoffmann_grid().shape == (4500, 5)
    assert sorted(set(hoffmann_grid()[:, 0])) == [0, 5, 10, 15, 20, 25]
    assert sorted(set(hoffmann_grid()[:, 2])) == [-1, -0.5, 0, 0.5, 1]
    assert sorted(set(hoffmann_grid()[:, 3])) == [0, 0.5, 1, 1.5, 2]


def test_analytic_gradient_equals_numeric():
    runs = synthetic()
    ln, ld, ll = np.log(runs.n_params), np.log(runs.n_tokens), np.log(runs.loss)
    rng = np.random.default_rng(0)
    w = rng.integers(0, 3, ln.size).astype(float)
    for theta in (np.array([6.0, 7.5, 0.6, 0.35, 0.37]), np.array([3.0, 2.0, 0.1, 0.2, 0.1])):
        _, g = huber_lse_objective(theta, ln, ld, ll, weights=w)
        num = np.zeros(5)
        for i in range(5):
            h = np.zeros(5)
            h[i] = 1e-6
            fp = huber_lse_objective(theta + h, ln, ld, ll, weights=w)[0][0]
            fm = huber_lse_objective(theta - h, ln, ld, ll, weights=w)[0][0]
            num[i] = (fp - fm) / 2e-6
        np.testing.assert_allclose(g[0], num, rtol=1e-4, atol=1e-9)


def test_batch_equals_single():
    runs = synthetic()
    args = (np.log(runs.n_params), np.log(runs.n_tokens), np.log(runs.loss))
    f, g = huber_lse_objective(hoffmann_grid()[:7], *args)
    for i in range(7):
        f1, g1 = huber_lse_objective(hoffmann_grid()[i], *args)
        assert f[i] == f1[0]
        np.testing.assert_array_equal(g[i], g1[0])


def test_bootstrap_is_reproducible_and_reports_progress():
    runs = synthetic()
    seen = []
    a = fit_runs(
        runs, bootstrap=20, seed=7, holdout_fraction=0, progress=lambda d, t: seen.append((d, t))
    )
    b = fit_runs(runs, bootstrap=20, seed=7, holdout_fraction=0)
    c = fit_runs(runs, bootstrap=20, seed=8, holdout_fraction=0)
    assert a.bootstrap.ci == b.bootstrap.ci
    assert a.bootstrap.ci != c.bootstrap.ci
    # the whole work: the fit's steps, then one unit per resample (issue 24 item 8)
    from planner.fit._optimizer import fit_units, hoffmann_grid

    total = fit_units(len(hoffmann_grid()), 60, 4) + 20
    assert seen[-1] == (total, total) and len(seen) >= 20


def test_bootstrap_can_be_cancelled():
    with pytest.raises(SolverError, match="cancelled"):
        fit_runs(synthetic(), bootstrap=50, cancelled=lambda: True)


def test_approach2_on_isoflop_profiles():
    """Iso-FLOP profiles of a known law: the minima follow N_opt ~ C^(beta/(alpha+beta))."""
    p = TRUE
    rows_n, rows_d, rows_l = [], [], []
    for c in np.logspace(18, 22, 5):
        n_opt, _ = parametric_optimum(c, p["a"], p["b"], p["alpha"], p["beta"])
        for f in np.logspace(-0.6, 0.6, 9):
            n = float(n_opt) * f
            d = c / (6 * n)
            rows_n.append(n)
            rows_d.append(d)
            rows_l.append(p["e"] + p["a"] / n ** p["alpha"] + p["b"] / d ** p["beta"])
    runs = Runs(
        n_params=tuple(rows_n),
        n_tokens=tuple(rows_d),
        loss=tuple(rows_l),
        source="iso.csv",
        sha256="0" * 64,
        n_rows=45,
    )
    iso = fit_approach2(runs)
    assert len(iso.budgets) == 5 and all(b.minimum_inside for b in iso.budgets)
    assert iso.a == pytest.approx(p["beta"] / (p["alpha"] + p["beta"]), abs=0.01)
    with pytest.raises(InputError, match="approach 2"):
        fit_approach2(synthetic(), group_tolerance_dex=1e-9)


def test_fit_to_law_round_trips_and_plans(tmp_path):
    report = fit_runs(synthetic(), bootstrap=10, holdout_fraction=0)
    law = fit_to_law(report, law_id="mine")
    path = tmp_path / "mine.toml"
    path.write_text(law_toml(law))
    assert load_law(path) == law
    assert law.law.stderr is not None and law.law.stderr.log_a is not None
    p = plan(1e21, law=path)
    assert p.law == "mine" and p.loss_scale.id == "user-synthetic"


def test_one_path_to_a_law_file_for_every_kind(tmp_path):
    """fit_to_law takes a fit of any kind: a law of GadreLaw's form recovered from noiseless runs
    (constants chosen here, as in fit_kind's example) becomes a law file that loads back."""
    from planner.fit._kinds import fit_kind
    from planner.laws.kinds import GadreLaw

    n = np.repeat(np.logspace(7, 9.5, 6), 6)
    d = n * np.tile([5.0, 10, 20, 40, 80, 160], 6)
    c, m = 6 * n * d, d / n
    loss = 1.9 + (50 * m**0.12 + 400 * m**-0.12) * c**-0.12
    runs = Runs(n_params=n, n_tokens=d, loss=loss, source="x.csv", sha256="0" * 64, n_rows=36)
    fit = fit_kind(runs, "gadre", holdout_fraction=0)
    law = fit_to_law(fit, law_id="mine-gadre")
    assert isinstance(law.law, GadreLaw)
    assert law.law.e == pytest.approx(1.9, rel=1e-3) and law.law.eta == pytest.approx(0.12, 1e-3)
    assert law.name == "Fit of x.csv (gadre)" and law.loss_scale.id == "user-x"
    assert law.source.startswith("planner fit --kind gadre of 36 runs in x.csv")
    path = tmp_path / "mine-gadre.toml"
    path.write_text(law_toml(law))
    assert load_law(path) == law
    # the edge checks are the parametric fit's: a bad convention is named, not a ValueError
    with pytest.raises(InputError, match="parameter_convention"):
        fit_to_law(fit, parameter_convention="embedding")
    with pytest.raises(InfeasibleError, match="the fit is degenerate: flat"):
        fit_to_law(fit.model_copy(update={"degenerate": True, "warnings": ("flat",)}))


# --------------------------------------------------------------------------- input errors


def write(tmp_path, text, name="runs.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", "empty file"),
        ("n_params,n_tokens,loss\n", "no runs below the header"),
        ("n_params,n_params,loss\n1,2,3\n", "duplicated header 'n_params'"),
        ("n_params,loss\n1e9,2.0\n", "n_tokens or compute_flops"),
        ("n_params,n_tokens,lost\n1e9,2e10,2.0\n", "no column 'loss'"),
        ("n_params,n_tokens,loss\n1e9,2e10,abc\n2e9,3e10,2.1\n", "line 2, loss = 'abc'"),
        ("n_params,n_tokens,loss\n1e9,2e10,2\n-2e9,3e10,2.1\n", "line 3, n_params = '-2e9'"),
        ("n_params,n_tokens,loss\n1e9,nan,2\n", "line 2, n_tokens = 'nan'"),
        ("n_params,n_tokens,loss\n1e9,inf,2\n", "is not a number in"),
        ("n_params,n_tokens,loss\n1e9,2e10\n", "line 2, loss = ''"),
        ("n_params,n_tokens,loss\n" + "1e9,2e10,2\n" * 5, "too few runs"),
    ],
    ids=[
        "empty",
        "header-only",
        "dup-header",
        "no-tokens",
        "no-loss",
        "text",
        "negative",
        "nan",
        "inf",
        "short-row",
        "too-few",
    ],
)
def test_bad_csv(tmp_path, text, match):
    with pytest.raises(InputError, match=match):
        read_runs(write(tmp_path, text))


def test_csv_extremes_are_one_clear_error(tmp_path):
    huge = "n_params,n_tokens,loss\n1e9,2e10," + "1" * 200_000 + "\n"
    with pytest.raises(InputError, match="line 2"):
        read_runs(write(tmp_path, huge))
    near_max = "n_params,n_tokens,loss\n" + "".join(f"{k}e290,1e290,2\n" for k in range(1, 9))
    with pytest.raises(InputError, match=r"n_params = '1e290' is not a number in \[1000, 1e\+16\]"):
        read_runs(write(tmp_path, near_max))
    (tmp_path / "bin.csv").write_bytes(b"n_params,n_tokens,loss\n\xff\xfe,1,2\n")
    with pytest.raises(InputError, match="not UTF-8"):
        read_runs(tmp_path / "bin.csv")
    (tmp_path / "nul.csv").write_bytes(b"n_params,n_tokens,loss\n1e9,\x002e10,2\n")
    with pytest.raises(InputError, match=r"nul\.csv"):
        read_runs(tmp_path / "nul.csv")


def test_copies_of_one_row_are_one_point(tmp_path):
    text = "n_params,n_tokens,loss\n" + "1e9,2e10,2\n" * 48
    with pytest.raises(InputError, match=r"1 distinct \(N, D\) point in 48 runs"):
        read_runs(write(tmp_path, text))


def test_drop_highest_and_column_mapping(tmp_path):
    body = "".join(
        f"{n},{6 * n * 20 * n},{2 + i / 10}\n"
        for i, n in enumerate([1e8, 2e8, 4e8, 8e8, 1.6e9, 3.2e9, 6.4e9, 1.3e10])
    )
    path = write(tmp_path, "size,flops,val\n" + body)
    runs = read_runs(path, params_col="size", compute_col="flops", loss_col="val", drop_highest=2)
    assert len(runs.loss) == 6 and max(runs.loss) == pytest.approx(2.5)
    assert runs.n_tokens[0] == pytest.approx(20 * 1e8)
    with pytest.raises(InputError, match="too few runs"):
        read_runs(path, params_col="size", compute_col="flops", loss_col="val", drop_highest=3)
    with pytest.raises(InputError, match=r"not found|cannot read"):
        read_runs(tmp_path / "missing.csv")


cli = run_cli


def test_cli_fit_json_and_out(capsys, tmp_path):
    runs = synthetic()
    lines = "n_params,n_tokens,loss\n" + "".join(
        f"{float(n)!r},{float(d)!r},{float(loss)!r}\n"
        for n, d, loss in zip(runs.n_params, runs.n_tokens, runs.loss, strict=True)
    )
    path = write(tmp_path, lines)
    out_law = tmp_path / "my-law.toml"
    code, out, _ = cli(
        capsys,
        "fit",
        str(path),
        "--bootstrap",
        "20",
        "--seed",
        "3",
        "--json",
        "--out",
        str(out_law),
    )
    assert code == 0
    data = json.loads(out)
    for key in ("E", "A", "B", "alpha", "beta", "objective", "stderr", "ci"):
        assert key in data
    assert len(data["ci"]["alpha"]) == 2
    direct = fit_approach3(runs)
    assert data["alpha"] == pytest.approx(direct.alpha, rel=1e-9)
    code, out, _ = cli(capsys, "plan", "1e21", "--law", str(out_law), "--json")
    assert code == 0 and json.loads(out)["law"] == "my-law"
    code, out, _ = cli(capsys, "fit", str(path))
    assert code == 0 and "alpha" in out and "hold-out" in out


@pytest.mark.parametrize(
    ("text", "args", "needle"),
    [
        ("n_params,n_tokens,loss\n1e9,2e10,x\n", (), "line 2"),
        ("", (), "empty file"),
        ("n_params,n_tokens,loss\n" + "1e9,2e10,2\n" * 8, ("--drop-highest", "5"), "too few runs"),
        ("n_params,n_tokens,loss\n" + "1e9,2e10,2\n" * 8, ("--bootstrap", "1"), "bootstrap"),
        (
            "n_params,n_tokens,loss\n" + "1e9,2e10,2\n" * 8,
            ("--drop-highest", "-1"),
            "--drop-highest",
        ),
    ],
)
def test_cli_fit_errors(capsys, tmp_path, text, args, needle):
    path = write(tmp_path, text)
    code, out, err = cli(capsys, "fit", str(path), *args)
    assert code == 2 and out == "" and needle in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_cli_fit_missing_file(capsys, tmp_path):
    code, _, err = cli(capsys, "fit", str(tmp_path / "nope.csv"))
    assert code == 2 and "cannot read" in err


# --------------------------------------------------------------------------- degenerate fits


def grid_runs(loss_fn, seed=0):
    rng = np.random.default_rng(seed)
    n = np.repeat(np.logspace(7, 10, 8), 6)
    d = n * np.tile(np.logspace(0.7, 2.3, 6), 8)
    return Runs(
        n_params=n, n_tokens=d, loss=loss_fn(n, d, rng), source="x.csv", sha256="0" * 64, n_rows=48
    )


def test_constant_losses_are_degenerate_and_say_why():
    report = fit_runs(grid_runs(lambda n, d, rng: np.full(n.size, 2.5)), holdout_fraction=0)
    assert (
        report.degenerate
        and report.warnings[0] == "the losses do not vary: there is nothing to fit"
    )
    with pytest.raises(InfeasibleError, match="losses do not vary"):
        fit_to_law(report, law_id="flat")


def test_pure_noise_is_degenerate_not_converged_nonsense():
    report = fit_runs(
        grid_runs(lambda n, d, rng: 2.5 * np.exp(rng.normal(0, 0.05, n.size))), holdout_fraction=0
    )
    assert report.degenerate
    assert any("no better than a constant" in w for w in report.warnings)
    with pytest.raises(InfeasibleError, match="cannot be written as a law"):
        fit_to_law(report, law_id="noise", allow_degenerate=True)


def test_a_clean_law_is_not_flagged_and_repeats_are_counted():
    def law(n, d, rng):
        return 1.8 + 400 / n**0.34 + 2000 / d**0.36

    report = fit_runs(grid_runs(law), holdout_fraction=0)
    assert not report.degenerate and report.warnings == ()
    runs = grid_runs(law)
    doubled = Runs(
        n_params=np.r_[runs.n_params, runs.n_params[:5]],
        n_tokens=np.r_[runs.n_tokens, runs.n_tokens[:5]],
        loss=np.r_[runs.loss, runs.loss[:5]],
        source="x.csv",
        sha256="0" * 64,
        n_rows=53,
    )
    report = fit_runs(doubled, holdout_fraction=0)
    assert not report.degenerate
    assert report.warnings == (
        "5 of 53 runs repeat an (N, D) point already seen; each counts as a run (repeated seeds?)",
    )


def test_cli_refuses_to_write_a_degenerate_law_unless_forced(capsys, tmp_path):
    rows = [f"{n:.6g},{20 * n:.6g},2.5" for n in np.logspace(7, 10, 8) for _ in range(1)]
    rows += [f"{n:.6g},{80 * n:.6g},2.5" for n in np.logspace(7, 10, 8)]
    path = write(tmp_path, "n_params,n_tokens,loss\n" + "\n".join(rows) + "\n")
    out_file = tmp_path / "flat.toml"
    code, out, err = cli(capsys, "fit", str(path), "--out", str(out_file))
    assert code == 2 and "losses do not vary" in err and not out_file.exists()
    assert "planner: warning: the losses do not vary" in err
    code, out, err = cli(capsys, "fit", str(path), "--json")
    assert code == 0 and json.loads(out)["degenerate"] is True


# --------------------------------------------------------------------------- other kinds


def test_fit_kind_filters_and_refusals(capsys, tmp_path):
    from testdata import PUBLISHED

    runs_csv = str(PUBLISHED / "gadre2024-runs.csv")
    base = ("fit", runs_csv, "--tokens-col", "n_tokens", "--loss-col", "loss_c4_val")
    code, out, _ = cli(
        capsys,
        *base,
        "--kind",
        "gadre",
        "--where",
        "dataset=c4_original",
        "--max-params",
        "2e8",
        "--json",
        "--holdout-fraction",
        "0",
    )
    assert code == 0 and json.loads(out)["n_runs"] == 24  # 3 sizes x 8 over-training ratios
    code, _, err = cli(capsys, *base, "--kind", "gadre", "--bootstrap", "10")
    assert code == 2 and "parametric kind only" in err
    code, _, err = cli(capsys, *base, "--kind", "kaplan")
    assert code == 2 and "invalid choice" in err
    code, _, err = cli(capsys, *base, "--where", "nope=1")
    assert code == 2 and "where: no column 'nope'" in err
    code, _, err = cli(capsys, *base, "--where", "dataset")
    assert code == 2 and "COLUMN=VALUE" in err
    out_file = tmp_path / "g.toml"
    code, out, _ = cli(
        capsys,
        *base,
        "--kind",
        "gadre",
        "--where",
        "dataset=rw_original",
        "--max-params",
        "4.2e8",
        "--out",
        str(out_file),
    )
    assert code == 0 and load_law(out_file).law.kind == "gadre"
    assert plan(1e21, law=out_file).loss > load_law(out_file).law.e


def test_task_columns_are_read_checked_and_kept_through_drops(tmp_path):
    from planner.fit._runs import read_runs

    rows = [
        f"{n},{20 * n},{2 + 1e3 / n**0.3},{0.25 + n / 1e11}"
        for n in (1e7, 3e7, 1e8, 3e8, 1e9, 3e9, 1e10)
    ]
    path = tmp_path / "runs.csv"
    path.write_text("\n".join(["n_params,n_tokens,loss,acc", *rows]), encoding="utf-8")
    runs = read_runs(path, drop_highest=1, task_cols={"hellaswag": "acc"})
    # the highest-loss run (the smallest model) is dropped from the scores too
    assert runs.scores["hellaswag"].tolist() == [
        0.25 + n / 1e11 for n in (3e7, 1e8, 3e8, 1e9, 3e9, 1e10)
    ]
    assert runs.score_columns == {"hellaswag": "acc"}
    assert runs.subset(np.array([0, 2])).scores["hellaswag"].tolist() == [0.2503, 0.253]
    path.write_text(
        "\n".join(["n_params,n_tokens,loss,acc", *rows, "1e11,2e12,2.1,1.2"]), encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"acc = '1.2' is not a number in \[0, 1\]"):
        read_runs(path, task_cols={"hellaswag": "acc"})
    with pytest.raises(InputError, match="task_cols"):
        read_runs(path, task_cols={"Not An Id": "acc"})
