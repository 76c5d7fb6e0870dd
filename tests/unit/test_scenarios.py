"""planner.report._scenarios: pinned plans, the budget sweep, CSV and Markdown (issue 13 item 9)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from testdata import run_cli

from planner import InputError, plan
from planner.report._scenarios import pinned_table, sweep, sweep_table, to_csv, to_markdown


def test_the_sweep_is_every_budget_through_every_law():
    rows = sweep([1e22, 1e24], laws=["besiroglu2024", "kaplan2020"], n_gpus=1024)
    assert [r.budget_flops for r in rows] == [1e22, 1e24]
    for r in rows:
        assert [p.law for p in r.plans] == ["besiroglu2024", "kaplan2020"]
        assert r.plans[0] == plan(r.budget_flops, law="besiroglu2024", n_gpus=1024)
    header, table = sweep_table(rows)
    # 1e24 / (989.4e12 x 0.40 MFU x 0.90 goodput x 3600) / 1024 GPUs / 24 h = 31.7 days
    assert header[:4] == ["budget", "GPU-h", "cost", "days"] and table[1][3] == "31.7 d"
    with pytest.raises(InputError, match="1 to 50"):
        sweep([])


def test_pinned_plans_mark_what_differs():
    header, rows, differs = pinned_table([plan(1e23), plan(1e23, max_params=1e10)])
    assert header == ["", "#1", "#2"]
    by = {r[0]: d for r, d in zip(rows, differs, strict=True)}
    assert by["law"] == [False, False] and by["parameters N"] == [False, True]


def test_csv_and_markdown_round_trip_the_cells():
    header, rows = ["a", "b|c"], [["1, 2", "x|y"]]
    assert list(csv.reader(io.StringIO(to_csv(header, rows)))) == [header, rows[0]]
    assert to_markdown(header, rows).splitlines()[2] == "| 1, 2 | x/y |"


def test_cli_sweep(capsys):
    code, out, _ = run_cli(capsys, "sweep", "1e22", "1e23", "--law", "besiroglu2024", "--csv")
    assert code == 0 and out.splitlines()[0] == "budget,GPU-h,cost,days,besiroglu2024"
    code, out, _ = run_cli(capsys, "sweep", "1e22", "--law", "besiroglu2024", "--json")
    assert code == 0 and json.loads(out)[0]["budget_flops"] == 1e22
    code, out, err = run_cli(capsys, "sweep", "1e22", "--law", "nope")
    assert code == 2 and "unknown law" in err


def test_the_sweep_counts_only_tasks_emerged_from_pre_training_alone(capsys):
    """Issue 19 item 4: GSM8K's scores were measured with chain-of-thought prompting (its task
    file's ``requires``), so its curve passing the line is not a capability of pre-training
    FLOPs alone. `compare` marks it `gsm8k(needs CoT prompting)`; the sweep's count leaves it
    out and its legend names it, where it used to count it silently."""
    import tomllib

    from planner.data._registry import shipped_dir
    from planner.report._scenarios import sweep_legend, sweep_long_table

    # the oracle: the shipped task file, read directly
    with open(shipped_dir() / "tasks" / "du2024.toml", "rb") as fh:
        gsm8k = next(t for t in tomllib.load(fh)["task"] if t["id"] == "gsm8k")
    assert gsm8k["requires"] == ["CoT prompting"]
    rows = sweep([1e25], laws=["besiroglu2024"])
    emerged = rows[0].emerged[0]
    assert "gsm8k" in emerged and "mmlu" in emerged  # the data: past the line, as in plan --json
    alone = len(emerged) - 1
    _, table = sweep_table(rows)
    assert table[0][4].endswith(f", {alone} emerged")
    _, long_rows = sweep_long_table(rows)
    assert long_rows[0][4] == str(alone)
    legend = sweep_legend(rows)
    assert (
        "from pre-training alone" in legend and "not counted: gsm8k (needs CoT prompting)" in legend
    )
    assert "wei2022" not in legend  # tasks without a score curve are never counted anyway
    # the CLI: under the table and the Markdown, not in CSV; the JSON keeps the data
    code, out, _ = run_cli(capsys, "sweep", "1e25", "--law", "besiroglu2024")
    assert code == 0 and f"{alone} emerged" in out
    assert " ".join(out.split()).endswith(legend)  # wrapped to the terminal's width
    code, out, _ = run_cli(capsys, "sweep", "1e25", "--law", "besiroglu2024", "--markdown")
    assert code == 0 and out.endswith(f"|\n\n{legend}\n")
    code, out, _ = run_cli(capsys, "sweep", "1e25", "--law", "besiroglu2024", "--csv")
    assert code == 0 and "not counted" not in out and f"{alone} emerged" in out
    code, out, _ = run_cli(capsys, "sweep", "1e25", "--law", "besiroglu2024", "--json")
    assert code == 0 and "gsm8k" in json.loads(out)[0]["emerged"][0]
    assert json.loads(out)[0]["emerged_needs"] == {"gsm8k": "CoT prompting"}  # the file's


def test_compare_json_lists_what_the_table_shows_emerged_and_what_needs_more(capsys):
    """compare --json had no emerged tasks, which its table shows (and sweep --json has): each
    plan now carries ``emerged`` and ``emerged_needs``, checked against the text table's column
    and the shipped task file's ``requires`` read directly."""
    import tomllib

    from planner.data._registry import shipped_dir

    requires = {}
    for path in sorted((shipped_dir() / "tasks").glob("*.toml")):
        with open(path, "rb") as fh:
            for t in tomllib.load(fh).get("task", []):
                if t.get("requires"):
                    requires[t["id"]] = " and ".join(t["requires"])
    code, out, _ = run_cli(capsys, "compare", "1e25", "--json")
    assert code == 0
    plans = json.loads(out)
    code, text, _ = run_cli(capsys, "compare", "1e25", "--wide")
    assert code == 0
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("law "))
    start, end = header.index("emerged"), header.index("note")
    assert len(plans) == 13
    for p in plans:
        row = next(line for line in lines if line.startswith(p["law"] + " "))
        column = re.findall(r"([a-z0-9.-]+)(?:\(needs ([^)]*)\))?", row[start:end])
        assert [task for task, _ in column] == p["emerged"]
        assert p["emerged_needs"] == {task: need for task, need in column if need}
        assert all(requires[t] == need for t, need in p["emerged_needs"].items())
    assert any(p["emerged_needs"] for p in plans)  # gsm8k, emerged under most laws at 1e25


def test_cli_sweep_reads_each_budget_as_plan_reads_its_budget(capsys):
    """`planner compare '$2M at $2/h'` worked and `planner sweep '$1M at $2/h' '$5M at $2/h'`
    refused its budgets as not numbers: each BUDGET is now read as plan reads one (its unit,
    GPUs, price and days stated in the text), the hardware carried by each budget."""
    import tomllib

    from planner.data._registry import shipped_dir
    from planner.defaults import DEFAULT_GOODPUT, DEFAULT_MFU

    with open(shipped_dir() / "hardware" / "h100-sxm.toml", "rb") as fh:
        peak = tomllib.load(fh)["peak_flops_per_s"]
    code, out, _ = run_cli(
        capsys, "sweep", "$1M at $2/h", "$5M at $2/h", "--law", "besiroglu2024", "--json"
    )
    assert code == 0
    rows = json.loads(out)
    for row, dollars in zip(rows, (1e6, 5e6), strict=True):
        hours = dollars / 2.0  # the GPU-hours the dollars buy at the stated price
        buys = hours * 3600 * peak * DEFAULT_MFU * DEFAULT_GOODPUT
        assert row["budget_flops"] == pytest.approx(buys, rel=1e-12)
        assert row["plans"][0]["hardware"]["cost_dollars"] == pytest.approx(dollars)
    code, out, _ = run_cli(
        capsys, "sweep", "5", "10", "--unit", "pf-days", "--law", "besiroglu2024", "--json"
    )
    assert code == 0  # a PF-day is 8.64e19 FLOPs (Kaplan et al. 2020 §1.3)
    assert [r["budget_flops"] for r in json.loads(out)] == pytest.approx([4.32e20, 8.64e20])
    # plain FLOPs give the plans they gave before: plan()'s, with the hardware options
    code, out, _ = run_cli(
        capsys, "sweep", "1e22", "--law", "besiroglu2024", "--gpus", "64", "--json"
    )
    # each plan in plan --json's shape: its law by id, never the whole law file (it was dumped
    # as a nested record: `law_preset` and no `law`)
    expected = plan(1e22, law="besiroglu2024", n_gpus=64).model_dump(mode="json")
    assert json.loads(out)[0]["plans"][0] == json.loads(json.dumps(expected))
    # refusals as plan's, one line, exit 2
    code, _, err = run_cli(capsys, "sweep", "$1M at $2/h", "--price", "3")
    assert code == 2 and "says $2 per GPU-hour, --price says 3" in err
    code, _, err = run_cli(capsys, "sweep", "70B")
    assert code == 2 and "reads as a parameter or token count" in err
    code, _, err = run_cli(capsys, "sweep", "-5")
    assert code == 2 and "budget: must be a finite number > 0, got '-5'" in err
