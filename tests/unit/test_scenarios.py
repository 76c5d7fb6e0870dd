"""planner.report._scenarios: pinned plans, the budget sweep, CSV and Markdown (issue 13 item 9)."""

from __future__ import annotations

import csv
import io
import json

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
    assert header[:4] == ["budget", "GPU-h", "cost", "days"] and table[1][3] == "28.6 d"
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
