"""Every input that once gave a traceback, a NaN or a silent wrong answer (issue: robustness).

The CLI exits 2 with one line naming the field and the value; the library raises a
PlannerError; the law loader refuses physically meaningless files naming the field.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tomllib

import pytest
import tomli_w
from testdata import run_cli

from planner import plan
from planner.data._registry import preset_dir
from planner.errors import PresetError
from planner.laws._registry import load_law


def one_line_error(code, out, err, needle):
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("planner"), err
    assert "Traceback" not in err and "Warning" not in err
    assert needle in err, err
    assert len(err) < 400


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["plan", "1e22", "--threshold-offset", "nan"], "--threshold-offset"),
        (["plan", "1e22", "--threshold-offset", "inf"], "--threshold-offset"),
        (["plan", "1e22", "--mfu", "1e-310"], "--mfu"),
        (["plan", "1e22", "--unit", "dollars", "--price", "1e308"], "--price"),
        (["plan", "1e22", "--price", "1e308"], "--price"),
        (["plan", "1e22", "--law", "x" * 10_000], "unknown law"),
        (["plan", "1e22", "--law", "x" * 10_000 + ".toml"], "law file not found"),
        (["plan", "1e22", "--gpu", "g" * 10_000], "unknown accelerator"),
        (["plan", "9" * 10_000], "characters"),
        (["plan", "1e22", "--max-params", "7" * 10_000 + "B"], "characters"),
        (["fit", "runs.csv", "--seed", "-1"], "--seed"),
        (["plan", "1e22", "--gpus", "0"], "--gpus"),
        (["plan", "1e22", "--gpus", "1.5"], "--gpus"),
        (["plan", "1e22", "--unit", "parsecs"], "invalid choice"),
        (["plan", "1e22", "--mfu", "True"], "--mfu"),
    ],
)
def test_cli_bad_values_are_one_line(capsys, argv, needle):
    one_line_error(*run_cli(capsys, *argv), needle)


def mutated_law(tmp_path, **changes):
    data = tomllib.loads((preset_dir() / "laws" / "besiroglu2024.toml").read_text())
    data["id"] = "mutant"
    data["law"].update(changes)
    data["law"].pop("stderr", None)
    path = tmp_path / "mutant.toml"
    path.write_text(tomli_w.dumps(data))
    return path


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"alpha": 5e-324}, "alpha"),
        ({"alpha": 1e10}, "alpha"),
        ({"beta": 0.0}, "beta"),
        ({"beta": -0.3}, "beta"),
        ({"e": -1.0}, "e"),
        ({"a": 1e300, "alpha": 0.001}, "law (e, a, b, alpha, beta"),
    ],
)
def test_meaningless_law_files_are_refused_naming_the_field(tmp_path, capsys, changes, field):
    path = mutated_law(tmp_path, **changes)
    with pytest.raises(PresetError, match=field.replace("(", r"\(")):
        load_law(path)
    one_line_error(*run_cli(capsys, "plan", "1e22", "--law", str(path)), "mutant.toml")


def test_deepseek_exponent_of_1e300_is_refused(tmp_path):
    data = tomllib.loads((preset_dir() / "laws" / "deepseek2024.toml").read_text())
    data["id"] = "mutant"
    data["law"]["m_exponent"] = 1e300
    path = tmp_path / "m.toml"
    path.write_text(tomli_w.dumps(data))
    with pytest.raises(PresetError, match="m_exponent"):
        load_law(path)


def test_law_files_that_are_not_text_or_nest_too_deep(tmp_path, capsys):
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"id = '\xff\xfe'\n")
    one_line_error(*run_cli(capsys, "plan", "1e22", "--law", str(binary)), "not UTF-8")
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    one_line_error(*run_cli(capsys, "plan", "1e22", "--law", str(deep)), "deep.toml")
    tasks = tmp_path / "tasks.toml"
    tasks.write_bytes(b"\x80\x81")
    one_line_error(*run_cli(capsys, "tasks", "--tasks", str(tasks)), "not UTF-8")


def test_a_task_at_chance_one_is_refused(tmp_path, capsys):
    f = tmp_path / "t.toml"
    f.write_text(
        'schema_version = 1\nsource = "x"\n[[task]]\nid = "t"\nname = "t"\nfamily = "f"\n'
        'kind = "smooth"\nmetric = "acc"\nprompting = "0-shot"\nrandom_baseline = 1.0\n'
        'baseline_source = "x"\n'
    )
    one_line_error(*run_cli(capsys, "tasks", "--tasks", str(f)), "random_baseline")


@pytest.mark.parametrize(("budget", "law"), [("1e34", "besiroglu2024"), ("1e30", "kaplan2020")])
def test_every_budget_a_law_can_plan_is_planned(capsys, budget, law):
    code, out, _ = run_cli(capsys, "plan", budget, "--law", law, "--json")
    assert code == 0 and json.loads(out)["shape"] is None
    p = plan(float(budget), law=law)
    assert p.shape is None and any("no model shape" in n for n in p.notes)


def test_ctrl_c_exits_130_with_one_line(tmp_path):
    script = (
        "import os, signal, threading, planner.cli._main as c\n"
        "orig = c._run\n"
        "def slow(args):\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    import time; time.sleep(5)\n"
        "c._run = slow\n"
        "raise SystemExit(c.main(['laws']))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 128 + signal.SIGINT
    assert proc.stderr == "planner: interrupted\n"


def test_an_unforeseen_failure_is_one_line_and_not_exit_0(capsys, monkeypatch):
    import planner.cli._main as cli

    def broken(args):
        raise KeyError("boom")

    monkeypatch.setattr(cli, "_run", broken)
    code, out, err = run_cli(capsys, "laws")
    assert code == cli.EXIT_INTERNAL and out == "" and err.count("\n") == 1
    assert "internal error" in err and "KeyError" in err


def test_an_infeasible_unique_token_cap_names_the_least_feasible_value(capsys):
    import warnings

    from planner import InfeasibleError, PlannerWarning

    with pytest.raises(
        InfeasibleError, match=r"needs at least about ([0-9.e+]+) unique tokens"
    ) as info:
        plan(1e26, unique_tokens=1e3, law="muennighoff2023")
    least = float(str(info.value).split("at least about ")[1].split(" ")[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        p = plan(1e26, unique_tokens=least * 1.5, law="muennighoff2023")  # feasible just above
    assert p.repetition is not None and p.repetition.epochs > 1
    assert any("data term is saturated" in w for w in p.warnings)
    code, out, err = run_cli(
        capsys, "plan", "1e26", "--unique-tokens", "1K", "--law", "muennighoff2023"
    )
    one_line_error(code, out, err, "unique_tokens")
    assert "not bracketed" not in err


@pytest.mark.parametrize(
    ("field", "value"),
    [("a", True), ("e", "1.8"), ("alpha", False), ("beta", "0.3658"), ("b", [2085.43])],
)
def test_a_law_field_takes_only_a_number(tmp_path, capsys, field, value):
    """A TOML boolean or string is not a number (issue 24 item 6: ``a = true`` planned)."""
    path = mutated_law(tmp_path, **{field: value})
    with pytest.raises(PresetError, match=rf"mutant\.toml.*{field}") as info:
        load_law(path)
    assert repr(value) in str(info.value) or str(value) in str(info.value)
    one_line_error(*run_cli(capsys, "plan", "1e22", "--law", str(path)), "mutant.toml")


@pytest.mark.parametrize(
    ("field", "value"),
    [("peak_flops_per_s", "989.4e12"), ("memory_bytes", True), ("gpus_per_node", "8")],
)
def test_a_hardware_field_takes_only_a_number(tmp_path, field, value):
    from planner.planning._accelerators import load_accelerator

    data = tomllib.loads((preset_dir() / "hardware" / "h100-sxm.toml").read_text())
    data["id"] = "mutant-gpu"
    data[field] = value
    path = tmp_path / "mutant-gpu.toml"
    path.write_text(tomli_w.dumps(data))
    with pytest.raises(PresetError, match=rf"mutant-gpu\.toml.*{field}"):
        load_accelerator(path)


@pytest.mark.parametrize("value", ["true", '"0.25"'])
def test_a_task_field_takes_only_a_number(tmp_path, capsys, value):
    f = tmp_path / "t.toml"
    f.write_text(
        'schema_version = 1\nsource = "x"\n[[task]]\nid = "t"\nname = "t"\nfamily = "f"\n'
        'kind = "smooth"\nmetric = "acc"\nprompting = "0-shot"\n'
        f'random_baseline = {value}\nbaseline_source = "x"\n'
    )
    one_line_error(*run_cli(capsys, "tasks", "--tasks", str(f)), "random_baseline")


@pytest.mark.parametrize(("value", "shown"), [('"1.8"', "'1.8'"), ("-1.8", "-1.8"), ("nan", "nan")])
def test_a_shipped_preset_with_a_bad_constant_is_refused_naming_file_field_and_value(
    tmp_path, value, shown
):
    """The shipped presets are validated like a user's file (one record layer, issue 23 item 3):
    an edited checkout's bad constant is one line naming the file, the field and the value."""
    from planner.data._registry import load_preset_file
    from planner.laws._preset import LawPreset

    text = (preset_dir() / "laws" / "besiroglu2024.toml").read_text()
    path = tmp_path / "besiroglu2024.toml"
    path.write_text(text.replace("e = 1.8172", f"e = {value}", 1))
    assert f"e = {value}" in path.read_text()
    with pytest.raises(PresetError) as info:
        load_preset_file(path, LawPreset, shipped=True)
    message = str(info.value)
    assert "\n" not in message and "besiroglu2024.toml" in message
    assert "law.e: " in message and f"(got {shown})" in message
