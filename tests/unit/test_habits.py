"""Issue 22 items 5-7: deadlines that are checked, names people know, the loss's scale."""

from __future__ import annotations

import json
import warnings

from planner import PlannerWarning, plan
from planner.cli._main import main
from planner.report._summary import summary_line
from planner.run._sheet import run_sheet


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def quiet_plan(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        return plan(*args, **kwargs)


def test_missed_deadline_says_by_how_much():
    """Item 5: 512 GPUs against a 30-day deadline: wall clock = GPU-hours / (24 K), and the
    shortfall is that minus 30 days; the deadline's GPUs (whole nodes) finish within it."""
    sheet = run_sheet(96e9, 1.74e12, n_gpus=512, days=30)
    wall = sheet.gpu_hours / (24 * 512)
    assert sheet.days == wall and wall > 30
    assert sheet.deadline_days == 30
    assert abs(sheet.deadline_missed_days - (wall - 30)) < 1e-9
    assert sheet.warnings[0].startswith(f"deadline missed by {wall - 30:.1f} d")
    assert f"{sheet.gpus_for_days} GPUs meet it" in sheet.warnings[0]
    assert sheet.gpu_hours / (24 * sheet.gpus_for_days) <= 30


def test_met_deadline_warns_nothing():
    sheet = run_sheet(96e9, 1.74e12, n_gpus=512, days=365)
    assert sheet.deadline_missed_days is None
    assert not any("deadline" in w for w in sheet.warnings)
    assert run_sheet(96e9, 1.74e12, n_gpus=512).deadline_days is None


def test_cli_text_json_and_headline_say_the_deadline_is_missed(capsys):
    code, out, err = run(capsys, "plan", "1e24", "--gpus", "512", "--days", "30")
    assert code == 0
    assert "MISSED by" in out and "note: deadline missed by" in out
    assert "planner: warning: deadline missed by" in err
    code, out, _ = run(capsys, "plan", "1e24", "--gpus", "512", "--days", "30", "--json")
    block = json.loads(out)["run"]
    wall = block["gpu_hours"] / (24 * 512)
    assert abs(block["deadline_missed_days"] - (wall - 30)) < 1e-6
    assert block["warnings"][0].startswith("deadline missed by")


def test_headline_names_a_missed_deadline():
    p = quiet_plan(1e24)
    sheet = run_sheet(96e9, 1.74e12, n_gpus=512, days=30)
    line = summary_line(p, run=sheet)
    assert f"MISSES the 30.0 d deadline by {sheet.deadline_missed_days:.1f} d" in line
    assert "deadline" not in summary_line(p)


def test_law_aliases_people_know(capsys):
    """Item 6: `chinchilla` and `hoffmann2022` are the paper's headline (Approach 1, Table 3),
    `kaplan` is kaplan2020; any case; the plan names the law by its id."""
    from planner.laws._registry import load_law

    assert load_law("chinchilla").id == "hoffmann2022-approach1"
    assert load_law("Hoffmann2022").id == "hoffmann2022-approach1"
    assert load_law("KAPLAN").id == "kaplan2020"
    code, out, _ = run(capsys, "plan", "5.76e23", "--law", "chinchilla", "--json")
    assert code == 0 and json.loads(out)["law"] == "hoffmann2022-approach1"


def test_law_aliases_are_unique_and_never_an_id():
    from planner.laws._registry import list_laws

    laws = list_laws()
    ids = {law.id for law in laws}
    aliases = [a for law in laws for a in law.aliases]
    assert len(aliases) == len(set(aliases)) and not ids & set(aliases)
    assert all(a == a.lower() for a in aliases)


def test_unknown_law_suggests_the_closest(capsys):
    code, _, err = run(capsys, "plan", "1e24", "--law", "chinchila")
    assert code == 2 and "did you mean hoffmann2022-approach1?" in err
    code, _, err = run(capsys, "plan", "1e24", "--law", "kaplan2021")
    assert code == 2 and "did you mean kaplan2020?" in err


def test_dollar_budget_without_price_names_the_option(capsys):
    code, _, err = run(capsys, "plan", "$5M")
    assert code == 2
    assert err.startswith("planner: error: --price (dollars per GPU-hour): required")
    assert "Budget." not in err


def test_missing_extras_name_a_command_that_works_from_a_checkout(monkeypatch):
    """`pip install "planner[figures]"` fails: the package is on no index."""
    import builtins

    import pytest

    from planner.errors import InputError
    from planner.report._figures import _pyplot

    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    with pytest.raises(InputError) as info:
        _pyplot()
    assert "pip install '.[figures]'" in str(info.value) and "planner[" not in str(info.value)
