"""The command line: JSON contract, tables, one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from testdata import run_cli

from planner import plan, plan_model, plan_target_loss, task_scores
from planner.cli._main import main
from planner.report._run import plan_run_sheet, run_json


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_json_equals_library(capsys):
    code, out, _ = run(capsys, "plan", "5.76e23", "--law", "hoffmann2022-approach1", "--json")
    assert code == 0
    data = json.loads(out)
    for key in ("law", "compute_flops", "n_params", "n_tokens", "tokens_per_param", "loss"):
        assert key in data
    lib = plan(5.76e23, law="hoffmann2022-approach1")
    assert isinstance(data.pop("emergence"), list)
    assert data.pop("scores") == [t.model_dump() for t in task_scores(lib)]
    assert data.pop("run") == run_json(plan_run_sheet(lib))  # the same library call
    assert data == lib.model_dump()


def test_a_score_measured_with_cot_says_so_in_the_json(capsys):
    """Issue 19 item 4: GSM8K's scores were measured with few-shot chain of thought (Du et al.
    2024; presets/tasks/du2024.toml ``requires``), so its JSON score says what it needed beside
    its status, as the capabilities' 'needs CoT prompting' and the score table's 'emerged with
    CoT prompting' do; a task measured without one needs nothing."""
    code, out, _ = run(capsys, "plan", "1e25", "--json")
    assert code == 0
    data = json.loads(out)
    scores = {s["task"]: s for s in data["scores"]}
    assert scores["gsm8k"]["status"] == "emerged" and scores["gsm8k"]["requires"] == [
        "CoT prompting"
    ]
    assert scores["mmlu"]["requires"] == []
    needs = {e["task"]: e for e in data["emergence"]}["gsm8k"]
    assert needs["status"] == "needs" and needs["requires"] == ["CoT prompting"]


def test_plan_table_names_law_and_warns_on_stderr(capsys):
    code, out, err = run(capsys, "plan", "1e24")
    assert code == 0
    assert "besiroglu2024" in out and "loss" in out and "tokens per parameter" in out
    assert "warning" in err and "extrapolation" in err


def test_given_model_and_target_loss(capsys):
    code, out, _ = run(capsys, "plan", "--params", "7B", "--tokens", "2T", "--json")
    assert code == 0
    data = json.loads(out)
    data.pop("emergence")
    data.pop("scores")
    assert data.pop("run")["n_params"] == 7e9
    assert data == plan_model(7e9, 2e12).model_dump()
    code, out, _ = run(
        capsys, "plan", "--target-loss", "2.0", "--json", "--law", "hoffmann2022-approach3"
    )
    assert code == 0
    assert json.loads(out)["compute_flops"] == pytest.approx(
        plan_target_loss(2.0, law="hoffmann2022-approach3").compute_flops
    )


def test_constraints_pass_through(capsys):
    code, out, _ = run(
        capsys, "plan", "1e23", "--law", "muennighoff2023", "--unique-tokens", "100B", "--json"
    )
    assert code == 0 and json.loads(out)["repetition"]["epochs"] > 1
    code, out, _ = run(capsys, "plan", "1e23", "--inference-tokens", "1e13", "--json")
    assert code == 0 and json.loads(out)["inference"]["saving"] > 0
    code, out, _ = run(capsys, "plan", "1e23", "--max-params", "1B", "--json")
    assert code == 0 and json.loads(out)["n_params"] == 1e9


def test_units(capsys):
    code, out, _ = run(
        capsys,
        "plan",
        "1e6",
        "--unit",
        "gpu-hours",
        "--gpu",
        "a100-sxm",
        "--mfu",
        "0.5",
        "--gpus",
        "1000",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["compute_flops"] == pytest.approx(1e6 * 312e12 * 0.5 * 0.9 * 3600)  # goodput
    assert data["hardware"]["wall_clock_days"] == pytest.approx(1e6 / 1000 / 24)
    code, out, _ = run(capsys, "plan", "1e6", "--unit", "dollars", "--price", "2", "--json")
    assert code == 0 and json.loads(out)["hardware"]["cost_dollars"] == pytest.approx(1e6)


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["plan", "-1"], "budget"),
        (["plan", "0"], "budget"),
        (["plan", "nan"], "budget"),
        (["plan", "inf"], "budget"),
        (["plan", "lots"], "budget"),
        (["plan", "1e99"], "compute_flops"),
        (["plan", "1e24", "--law", "nope"], "unknown law 'nope'"),
        (["plan", "1e24", "--law", "/no/such/law.toml"], "not found"),
        (["plan", "1e24", "--max-params", "7B", "--tokens", "1T"], "max_params"),
        (["plan", "--target-loss", "1.5", "--law", "hoffmann2022-approach3"], "irreducible"),
        (["plan", "--target-loss", "2", "--law", "llama3-2024"], "no loss model"),
        (["plan", "1e24", "--law", "kaplan2020", "--unique-tokens", "1e9"], "parametric"),
        (["plan", "1e24", "--unit", "dollars"], "--price (dollars per GPU-hour)"),
        (["plan", "1e24", "--unit", "gpu-hours", "--gpu", "tpu9"], "unknown accelerator 'tpu9'"),
        (["plan", "1e6", "--unit", "gpu-hours", "--mfu", "3"], "mfu"),
        (["plan"], "give a BUDGET"),
        (["plan", "1e24", "--unit", "parsecs"], "invalid choice"),
        (["plan", "1e24", "--mfu", "high"], "--mfu: not a number"),
        (["compare", "-5"], "budget"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_exit_2(capsys, argv, needle):
    code = None
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert needle in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_malformed_law_file_is_one_line(capsys, tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text("schema_version = 1\nid = 'mine'\n")
    code, out, err = run(capsys, "plan", "1e22", "--law", str(f))
    assert code == 2 and out == "" and f.name in err and len(err.strip().splitlines()) == 1


def test_compare_laws_hardware(capsys):
    code, out, _ = run(capsys, "compare", "5.76e23")
    assert code == 0 and "kaplan2020" in out and "llama3-2024" in out
    code, out, _ = run(capsys, "compare", "5.76e23", "--json")
    assert code == 0 and len(json.loads(out)) >= 9
    code, out, _ = run(capsys, "laws")
    assert code == 0 and "muennighoff2023" in out
    code, out, _ = run(capsys, "laws", "--json")
    assert code == 0 and {d["id"] for d in json.loads(out)} >= {"kaplan2020", "deepseek2024"}
    code, out, _ = run(capsys, "hardware")
    assert code == 0 and "989.4 TFLOP/s" in out


def test_no_arguments_opens_the_tui(capsys, monkeypatch):
    from planner.tui.app import PlannerApp

    opened = []
    monkeypatch.setattr(PlannerApp, "run", lambda self, *a, **k: opened.append(self))
    code, out, _ = run(capsys)
    assert code == 0 and len(opened) == 1 and out == ""
    assert "besiroglu2024" in opened[0].laws
    code, _, err = run(capsys, "--law-file", "/no/such/law.toml")
    assert code == 2 and "not found" in err and len(err.strip().splitlines()) == 1


def test_entry_point_in_a_subprocess():
    out = subprocess.run(
        [sys.executable, "-m", "planner", "plan", "1e22", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["law"] == "besiroglu2024"
    bad = subprocess.run(
        [sys.executable, "-m", "planner", "plan", "-3"], capture_output=True, text=True
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_help_and_the_parser_load_neither_numpy_nor_the_record_layer():
    """`planner --help` (and parsing any command line) stays at the import floor of Python."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from planner.cli._parser import build_parser\n"
        "build_parser().parse_args(['plan', '1e24', '--json'])\n"
        "import planner\n"
        "print(sorted(m for m in ('numpy', 'msgspec', 'pydantic', 'scipy', 'textual')\n"
        "             if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["5.76e23"], 5.76e23),
        (["1", "--unit", "pf-days"], 8.64e19),
        (["3e21", "--max-params", "1e9"], 3e21),
    ],
)
def test_json_echoes_the_budget_exactly(capsys, argv, expected):
    """The budget is reported as given, not recomputed as 6ND (5.7600000000000094e23 before)."""
    code, out, _ = run(capsys, "plan", *argv, "--json")
    data = json.loads(out)
    assert code == 0 and data["compute_flops"] == expected
    assert 6 * data["n_params"] * data["n_tokens"] == pytest.approx(expected, rel=1e-12)


def test_tasks_claims_a_loss_threshold_only_where_there_is_one(capsys):
    code, out, _ = run(capsys, "tasks")
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert code == 0 and rows["mmlu"].endswith("loss threshold")
    # Wei et al. Table 1's "Many BIG-Bench tasks" row has no figure and no threshold
    assert "loss threshold" not in rows["wei2022-big-bench-many"]
    assert rows["wei2022-big-bench-many"].endswith("no single figure published")


def test_an_inference_plan_says_it_trains_past_the_budget(capsys):
    code, out, _ = run(capsys, "plan", "1e23", "--inference-tokens", "1e13")
    compute = next(line for line in out.splitlines() if line.startswith("compute "))
    assert code == 0 and "x the 1.00e23 budget" in compute
    code, out, _ = run(capsys, "plan", "1e23", "--inference-tokens", "1e13", "--json")
    data = json.loads(out)
    assert data["budget_flops"] == 1e23 and data["compute_flops"] > 1.5e23
    # a plan within its budget says nothing of the kind
    code, out, _ = run(capsys, "plan", "1e23")
    assert "budget" not in next(line for line in out.splitlines() if line.startswith("compute "))


def test_plan_reports_task_scores_with_intervals(capsys):
    code, out, _ = run(capsys, "plan", "1e24", "--json")
    scores = {s["task"]: s for s in json.loads(out)["scores"]}
    assert code == 0 and set(scores) >= {
        "mmlu",
        "arc-challenge",
        "hellaswag",
        "winogrande",
        "gsm8k",
        "truthfulqa",
        "humaneval",
    }
    for s in scores.values():
        assert s["low"] <= s["score"] <= s["high"] and "obsscaling2024" in s["calibration"]
    assert scores["mmlu"]["chance"] == 0.25 and scores["truthfulqa"]["chance"] is None
    code, out, _ = run(capsys, "plan", "1e24")
    assert "80% interval" in out and "mmlu" in out


def test_until_a_score_plans_where_the_lower_bound_reaches_it(capsys):
    code, out, _ = run(capsys, "plan", "--until", "mmlu=0.6", "--json")
    data = json.loads(out)
    mmlu = {s["task"]: s for s in data["scores"]}["mmlu"]
    assert code == 0 and mmlu["low"] == pytest.approx(0.6, abs=1e-6)
    # a little less compute does not reach it
    code, out, _ = run(capsys, "plan", str(0.97 * data["compute_flops"]), "--json")
    assert {s["task"]: s for s in json.loads(out)["scores"]}["mmlu"]["low"] < 0.6
    code, _, err = run(capsys, "plan", "--until", "mmlu=0.99")
    assert code == 2 and "never reaches 99%" in err and len(err.strip().splitlines()) == 1


def test_recipe_flag_is_checked_and_reaches_the_scores(capsys):
    code, out, err = run_cli(capsys, "plan", "1e23", "--recipe", "fortran")
    assert code == 2 and "--recipe" in err and "fortran" in err and "Traceback" not in err
    code, out, err = run_cli(capsys, "plan", "1e23", "--recipe", "code", "--json")
    assert code == 0
    scores = {s["task"]: s for s in json.loads(out)["scores"]}
    assert "code recipe" in scores["mmlu"]["calibration"]


def test_serve_without_textual_serve_names_the_extra(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    code, out, err = run_cli(capsys, "serve", "--port", "8123")
    assert code == 2 and out == "" and "pip install '.[web]'" in err and "planner[" not in err
    code, out, err = run_cli(capsys, "serve", "--port", "0")
    assert code == 2 and "--port" in err
