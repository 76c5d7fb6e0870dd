from __future__ import annotations

import pytest

from planner import InputError, shape_for_params
from planner.units import format_count, format_flops, parse_quantity


@pytest.mark.parametrize("n", [1e7, 1e8, 7e9, 70e9, 1e12])
def test_shape_hits_its_target_within_rounding(n):
    s = shape_for_params(n)
    assert s.n_params_total == pytest.approx(n, rel=0.12)
    assert s.d_model == s.n_heads * s.head_dim and s.d_ff == 4 * s.d_model
    assert s.flops_per_token_6n == pytest.approx(6 * s.n_params_total)


def test_shape_of_chinchilla_size_is_close_to_chinchilla():
    """Chinchilla 70B is 80 layers x 8192 (Table 4); the rule lands within 5%."""
    s = shape_for_params(70e9)
    assert s.n_layers == pytest.approx(80, rel=0.05)
    assert s.d_model == pytest.approx(8192, rel=0.05)


def test_non_embedding_convention():
    s = shape_for_params(
        12 * 40 * 4096**2, parameter_convention="non-embedding", aspect_ratio=4096 / 40
    )
    assert (s.n_layers, s.d_model) == (40, 4096)


@pytest.mark.parametrize("bad", [0, -5, float("nan"), 1e3, 1e6, 1e17])
def test_shape_bad_input(bad):
    with pytest.raises(InputError, match="n_params"):
        shape_for_params(bad)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1e24", 1e24),
        ("5.76e23", 5.76e23),
        ("70B", 70e9),
        ("1.4T", 1.4e12),
        (" 2 M ", 2e6),
        ("3K", 3e3),
        ("2P", 2e15),
        ("1_000_000", 1e6),
        ("1.5e+3", 1.5e3),
        (".5", 0.5),
        (7, 7.0),
    ],
)
def test_parse_quantity(text, value):
    assert parse_quantity(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1e24 FLOPs", "nan", "inf", "1e999", "--1", "1Q"])
def test_parse_quantity_rejects(text):
    with pytest.raises(InputError, match="budget"):
        parse_quantity(text, name="budget")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2E", "unfinished exponent"),  # read as 2e18 before: E is no suffix
        ("1e24E", "suffix cannot follow an exponent"),  # read as 1e42 before
        ("1e24T", "suffix cannot follow an exponent"),
        ("\uff11\uff12", "ASCII"),  # fullwidth digits were accepted
        ("\u0661\u0662", "ASCII"),  # Arabic-Indic digits were accepted
        ("1__000", "underscore"),
        ("_1000", "underscore"),
        ("1000_", "underscore"),
        ("3k", "upper case"),
        ("2G", "unknown suffix"),
        (10**400, "too large"),
        (True, "expected a number"),
        (None, "expected a number or text"),
    ],
)
def test_one_number_grammar_names_the_mistake(text, why):
    with pytest.raises(InputError, match=why):
        parse_quantity(text, name="budget")


def test_long_values_are_shortened_in_messages():
    with pytest.raises(InputError) as info:
        parse_quantity("9" * 10_000 + "x", name="budget")
    assert len(str(info.value)) < 200 and "10001 characters" in str(info.value)


def test_the_csv_and_the_cli_share_the_grammar(tmp_path, capsys):
    from testdata import run_cli

    from planner.fit._parametric import read_runs

    rows = [f"{n}_000_000,{20 * n}_000_000,{2 + 1 / n:.3f}" for n in (10, 30, 100, 300, 1000, 3000)]
    path = tmp_path / "runs.csv"
    path.write_text("n_params,n_tokens,loss\n" + "\n".join(rows) + "\n")
    assert read_runs(path).n_params[0] == 1e7
    path.write_text("n_params,n_tokens,loss\n" + "\n".join(["1e24E,1,2", *rows]) + "\n")
    with pytest.raises(InputError, match="line 2"):
        read_runs(path)
    assert run_cli(capsys, "plan", "1_000_000_000_000_000_000_000")[0] == 0
    code, _, err = run_cli(capsys, "plan", "2E")
    assert code == 2 and "unfinished exponent" in err
    code, _, err = run_cli(capsys, "plan", "1e22", "--gpus", "\u0661\u0662")
    assert code == 2 and "ASCII" in err
    code, _, err = run_cli(capsys, "plan", "1e22", "--gpus", "1_024", "--json")
    assert code == 0


def test_formatting():
    assert format_count(70.2e9) == "70.2B"
    assert format_count(1.4e12) == "1.40T"
    assert format_count(999.9e9) == "1.00T"
    assert format_flops(5.76e23) == "5.76e23"


@pytest.mark.parametrize(
    ("hours", "text"),
    [
        (7.02e5, "702K GPU-h"),
        (12.5, "12.5 GPU-h"),
        (0.05, "3.00 GPU-min"),
        (2.5e-6, "0.00900 GPU-s"),
    ],
)
def test_gpu_hours_read_in_one_style(hours, text):
    """Issue 13 item 8: never 8e+05 or 2.5e-06 GPU-hours."""
    from planner.units import format_gpu_hours

    assert format_gpu_hours(hours) == text


@pytest.mark.parametrize(
    ("days", "text"), [(14.27, "14.3 d"), (0.2, "4.8 h"), (0.001, "1.4 min"), (1e-7, "0.0086 s")]
)
def test_wall_clock_is_never_zero_days(days, text):
    from planner.units import format_days

    assert format_days(days) == text


def test_plan_text_has_no_scientific_hours_or_zero_days(capsys):
    from testdata import run_cli

    code, out, _ = run_cli(capsys, "plan", "1e18", "--gpus", "4096", "--price", "2")
    assert code == 0
    hours = next(line for line in out.splitlines() if line.startswith("GPU-hours"))
    clock = next(line for line in out.splitlines() if line.startswith("wall clock"))
    assert "e+" not in hours and "e-" not in hours and "0.0 d" not in clock


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("1e24", "flops", (1e24, "flops")),
        ("1e24 FLOPs", "pf-days", (1e24, "flops")),
        ("$2M", "flops", (2e6, "dollars")),
        ("2M USD", "flops", (2e6, "dollars")),
        ("5 PF-days", "flops", (5.0, "pf-days")),
        ("702K GPU-hours", "flops", (7.02e5, "gpu-hours")),
        ("2M", "dollars", (2e6, "dollars")),
        ("70B FLOPs", "flops", (7e10, "flops")),
    ],
)
def test_a_budget_as_typed_carries_its_unit(text, unit, expected):
    """Issue 13 item 3: accept what users type."""
    from planner.units import parse_budget

    assert parse_budget(text, unit) == expected


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("70B", "reads as a parameter or token count"),
        ("1.4T", "reads as a parameter or token count"),
        ("1e24 bananas", "unknown unit 'bananas'"),
        ("$5 PF-days", "names two units"),
        ("abc", "not a number"),
    ],
)
def test_a_budget_that_is_not_one_is_refused(text, needle):
    from planner.units import parse_budget

    with pytest.raises(InputError, match=needle):
        parse_budget(text)


def test_cli_budget_with_a_unit(capsys):
    import json

    from testdata import run_cli

    code, out, _ = run_cli(capsys, "plan", "5 PF-days", "--json")
    assert code == 0 and json.loads(out)["compute_flops"] == pytest.approx(5 * 8.64e19)
    code, out, err = run_cli(capsys, "plan", "70B")
    assert code == 2 and "parameter or token count" in err and len(err.splitlines()) == 1


def test_a_plan_and_its_run_sheet_count_the_same_gpu_hours(capsys):
    """A plan's GPU-hours were C / (peak x MFU), its run sheet's C / (peak x MFU x goodput):
    two figures 11% apart on one screen. Both now count the time lost, Llama 3 405B's 90%
    goodput (Dubey et al. 2024 §3.3.4), peak read from the H100 preset."""
    import tomllib
    from pathlib import Path

    from testdata import run_cli

    from planner.units import format_gpu_hours

    code, out, _ = run_cli(capsys, "plan", "1e23")
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("GPU-hours")]
    assert len(rows) == 2
    preset = Path(__file__).parents[2] / "presets" / "hardware" / "h100-sxm.toml"
    peak = tomllib.loads(preset.read_text())["peak_flops_per_s"]
    hours = format_gpu_hours(1e23 / (peak * 0.40 * 0.90 * 3600))
    assert f"{hours} = C / (peak x MFU x goodput) on" in rows[0] and "90% goodput" in rows[0]
    assert f"{hours} = C / (peak x MFU x goodput)" in rows[1]


def test_a_budget_of_gpus_and_days_or_dollars_is_met_by_its_own_run_sheet(capsys):
    """'512 H100 x 30 days' planned a model for every GPU-hour training, and its own run sheet,
    which counts the time lost, said 'deadline 30.0 d: MISSED by 3.3 d'; '$5M at $2/h' gave a
    rental cost of $5.56M. A budget now buys peak x MFU x goodput, so the run sheet meets it:
    30 days on the 512 GPUs stated, $5.00M."""
    import json

    from testdata import run_cli

    code, out, err = run_cli(capsys, "plan", "512 H100 x 30 days", "--json")
    assert code == 0 and "deadline" not in err
    run = json.loads(out)["run"]
    assert run["n_gpus"] == 512 and run["deadline_missed_days"] is None
    assert run["days"] == pytest.approx(30.0, rel=1e-9) and run["gpus_for_days"] == 512
    code, out, _ = run_cli(capsys, "plan", "$5M at $2/h", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["hardware"]["cost_dollars"] == pytest.approx(5e6, rel=1e-9)
    assert data["run"]["cost_rental"] == pytest.approx(5e6, rel=1e-9)


def test_goodput_is_an_option_of_every_command_that_costs_gpu_hours(capsys):
    """--goodput 1 gives reference-numbers §12's C / (peak x MFU x 3600); the plan, compare,
    sweep and the run sheet read the same option."""
    import json

    from testdata import run_cli

    peak = 989.4e12  # H100 SXM dense BF16 (presets/hardware/h100-sxm.toml)
    code, out, _ = run_cli(capsys, "plan", "1e24", "--goodput", "1", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["hardware"]["gpu_hours"] == pytest.approx(1e24 / (peak * 0.4 * 3600))
    assert data["run"]["gpu_hours"] == pytest.approx(data["hardware"]["gpu_hours"])
    code, out, _ = run_cli(capsys, "compare", "1e24", "--goodput", "0.5", "--json")
    assert code == 0
    assert json.loads(out)[0]["hardware"]["gpu_hours"] == pytest.approx(
        1e24 / (peak * 0.4 * 0.5 * 3600)
    )
    code, out, _ = run_cli(
        capsys, "sweep", "1M GPU-hours", "--goodput", "0.5", "--law", "besiroglu2024", "--json"
    )
    assert code == 0 and json.loads(out)[0]["budget_flops"] == pytest.approx(
        1e6 * peak * 0.4 * 0.5 * 3600
    )
    code, out, _ = run_cli(
        capsys, "run", "--params", "7B", "--tokens", "140B", "--mfu", "0.4", "--goodput", "0.8",
        "--gpus", "64", "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["gpu_hours"] == pytest.approx(
        6 * 7e9 * 140e9 / (peak * 0.4 * 0.8 * 3600)
    )
