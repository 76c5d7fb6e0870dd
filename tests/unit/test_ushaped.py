"""U-shaped and inverse tasks: validation, the order of the positions, every place they show."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from testdata import run_cli

from planner import InfeasibleError, plan
from planner.report._plan import emergence_rows, plan_markdown
from planner.report._shapes import shape_lines, shape_lines_for_compute, shape_summary
from planner.tasks._emergence import capabilities, compute_to_emerge, list_tasks
from planner.tasks._ushaped import (
    ShapePoint,
    TaskShape,
    assess_shape,
    score_changes,
    validate_shape,
)

BUDGETS = [10.0**e for e in np.arange(18, 28.01, 0.25)]
ORDER = {"before_dip": 0, "in_dip": 1, "past_recovery": 2, "inverse": 0, "beyond_measured": 1}


def _point(flops, change="down", model="M"):
    return ShapePoint(
        model=model, flops=flops, flops_source="s", change=change, change_from="L", source="s"
    )


def _u(falls_from=None, falls_through=1e22, recovered=1e24):
    return TaskShape(
        source="s",
        falls_from_flops=falls_from,
        falls_through_flops=falls_through,
        falls_through_source="s",
        recovered_flops=recovered,
        recovered_source="s",
        point=(_point(falls_through), _point(recovered, "up")),
        prompting_effect="p",
    )


def test_positions_flip_once_in_order_along_the_compute():
    shape = _u(falls_from=1e20)
    seq = [assess_shape("u_shaped", shape, c).position for c in BUDGETS]
    assert [ORDER[s] for s in seq] == sorted(ORDER[s] for s in seq)
    assert seq[0] == "before_dip" and seq[-1] == "past_recovery" and "in_dip" in seq
    assert assess_shape("u_shaped", shape, 1e20).position == "in_dip"  # the fall starts there
    assert assess_shape("u_shaped", shape, 1e24).position == "past_recovery"  # measured there


def test_below_the_smallest_model_given_the_text_says_so():
    below = assess_shape("u_shaped", _u(), 1e21)
    assert below.position == "in_dip" and "the task file gives no model below 1.00e22" in below.text
    assert "gives no model below" not in assess_shape("u_shaped", _u(), 1e22).text


def test_between_the_last_fall_and_the_recovery_the_turn_is_unmeasured():
    a = assess_shape("u_shaped", _u(), 1e23)
    assert a.position == "in_dip" and "was not measured" in a.text
    assert a.dip == (None, 1e22) and a.recovered_flops == 1e24


def test_registry_tasks_in_the_capabilities_flip_in_order():
    seq = [{r.task: r for r in capabilities(plan(c), samples=0)} for c in BUDGETS[::4]]
    for task in ("wei2023-prize-average", "wei2023-redefine-math"):
        statuses = [s[task].status for s in seq]
        assert [ORDER[s] for s in statuses] == sorted(ORDER[s] for s in statuses), statuses
        assert all(s[task].view == "shape" and s[task].shape is not None for s in seq)
        assert all(s[task].probability is None for s in seq)  # no P is invented


@pytest.mark.parametrize(
    ("kind", "shape", "message"),
    [
        ("u_shaped", None, "needs a shape"),
        ("emergent", "u", "only for kinds"),
        ("inverse", "u", "has no recovery"),
    ],
)
def test_a_shape_must_fit_its_kind(kind, shape, message):
    with pytest.raises(ValueError, match=message):
        validate_shape(kind, _u() if shape == "u" else None)


def test_shape_rules():
    with pytest.raises(ValueError, match="recovered_flops > falls_through_flops"):
        _u(falls_through=1e24, recovered=1e23)
    with pytest.raises(ValueError, match="falls_from_flops < falls_through_flops"):
        _u(falls_from=1e23)
    rising = TaskShape(
        source="s",
        falls_through_flops=1e22,
        falls_through_source="s",
        point=(_point(1e22), _point(1e23, "up")),
        prompting_effect="p",
    )
    with pytest.raises(ValueError, match="must still fall at its largest model"):
        validate_shape("inverse", rising)
    with pytest.raises(ValueError, match=r"needs shape\.recovered_flops"):
        validate_shape("u_shaped", rising)


BAD_FILE = """schema_version = 1
source = "mine"
[[task]]
id = "my-task"
name = "Mine"
family = "x"
kind = "u_shaped"
metric = "accuracy"
prompting = "none"
"""


def test_a_user_file_with_a_u_shaped_task_and_no_shape_is_one_readable_line(capsys, tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text(BAD_FILE)
    code, _, err = run_cli(capsys, "tasks", "--tasks", str(f))
    assert code == 2 and "needs a shape" in err and len(err.strip().splitlines()) == 1


def test_a_user_u_shaped_task_is_assessed(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text(
        BAD_FILE
        + """[task.shape]
source = "my sweep"
falls_from_flops = 1e19
falls_through_flops = 1e21
falls_through_source = "my sweep"
recovered_flops = 1e22
recovered_source = "my sweep"
prompting_effect = "untested"
[[task.shape.point]]
model = "big"
flops = 1e22
flops_source = "6ND"
change = "up"
change_from = "medium"
score = 0.7
source = "my sweep"
"""
    )
    rows = {r.task: r for r in capabilities(plan(1e18), task_files=(f,), samples=0)}
    assert rows["my-task"].status == "before_dip"
    assert rows["my-task"].shape.position == "before_dip"


def test_plan_text_json_markdown_and_tasks_show_them(capsys):
    code, out, _ = run_cli(capsys, "plan", "1e23")
    assert code == 0
    assert re.search(r"\nwei2023-prize-average +in dip +shape ", out)
    assert "U-shaped and inverse tasks at 1.00e23 FLOPs" in out
    assert "  wei2023-redefine-math: inverse: smaller models scored better" in out
    assert "prompting: 1-shot examples and chain of thought" in out
    code, out, _ = run_cli(capsys, "plan", "1e23", "--json")
    rows = {r["task"]: r for r in json.loads(out)["emergence"]}
    avg = rows["wei2023-prize-average"]
    assert (avg["kind"], avg["view"], avg["status"]) == ("u_shaped", "shape", "in_dip")
    assert avg["shape"]["recovered_flops"] == 2.5e24 and avg["shape"]["dip"] == [None, 5e23]
    assert rows["wei2023-redefine-math"]["shape"]["largest_flops"] == 2.5e24
    code, out, _ = run_cli(capsys, "tasks")
    assert "u_shaped" in out and "falls to 5.00e23, recovered 2.50e24 FLOPs" in out
    assert "inverse" in out and "falls to 2.50e24 FLOPs (largest measured)" in out
    p = plan(1e23)
    md = plan_markdown(p, capabilities(p, samples=0))
    assert "| wei2023-prize-average | in dip | shape |" in md
    assert "- wei2023-redefine-math: inverse:" in md


def test_the_table_row_and_the_lines_agree_with_the_library():
    p = plan(3e24)
    rows = capabilities(p, samples=0)
    header, table = emergence_rows(rows, p.compute_flops)
    cells = {r[0]: dict(zip(header, r, strict=True)) for r in table}
    assert cells["wei2023-prize-average"]["status"] == "past recovery"
    assert cells["wei2023-redefine-math"]["status"] == "beyond measured"
    assert shape_lines(rows, p.compute_flops, prompting=False) == shape_lines_for_compute(3e24)
    assert "wei2023-redefine-math beyond measured" in shape_summary(3e24)
    assert shape_summary(3e24, tasks=[t for t in list_tasks() if t.shape is None]) == ""


def test_no_emergence_point(capsys):
    with pytest.raises(InfeasibleError, match="is u_shaped: its score falls with scale"):
        compute_to_emerge("wei2023-prize-average", law="besiroglu2024")
    code, _, err = run_cli(capsys, "plan", "--until", "wei2023-redefine-math")
    assert code == 2 and "inverse" in err and len(err.strip().splitlines()) == 1


def _measured(*rows):
    from planner.tasks._ushaped import MeasuredScore

    return tuple(
        MeasuredScore(model=m, flops=f, flops_source="s", score=s, source="s") for m, f, s in rows
    )


def _inverse(measured, points):
    return TaskShape(
        source="s",
        falls_through_flops=max(p.flops for p in points),
        falls_through_source="s",
        point=points,
        prompting_effect="p",
        measured=measured,
    )


def test_points_must_agree_with_the_measured_scores():
    rows = _measured(("A", 1e20, 0.5), ("B", 1e21, 0.4), ("C", 1e22, 0.45))
    ok = (_point(1e21, "down", "B"), _point(1e22, "up", "C"))
    ok = tuple(
        ShapePoint(
            model=p.model,
            flops=p.flops,
            flops_source="s",
            change=p.change,
            change_from=f,
            source="s",
        )
        for p, f in zip(ok, ("A", "B"), strict=True)
    )
    shape = _inverse(rows, ok)
    assert [c.change for c in score_changes(shape)] == ["down", "up"]
    wrong = (ok[0].model_copy(update={"change": "up"}), ok[1])
    with pytest.raises(ValueError, match="contradicts the measured scores"):
        _inverse(rows, wrong)
    with pytest.raises(ValueError, match="increasing flops"):
        _inverse(rows[::-1], ok)
    with pytest.raises(ValueError, match="differ from measured"):
        _inverse(rows, (ok[0].model_copy(update={"flops": 2e21}), ok[1]))
    with pytest.raises(ValueError, match="differs from measured"):
        _inverse(rows, (ok[0].model_copy(update={"score": 0.3}), ok[1]))


def test_equal_scores_are_flat_and_unread_larger_models_are_named():
    rows = _measured(("A", 1e20, 0.5), ("B", 1e21, 0.5), ("C", 1e22, 0.3))
    pts = (
        ShapePoint(
            model="C", flops=1e22, flops_source="s", change="down", change_from="B", source="s"
        ),
    )
    shape = _inverse(rows, pts)
    assert [c.change for c in score_changes(shape)] == ["flat", "down"]
    shape = shape.model_copy(update={"unread_larger": "D"})
    past = assess_shape("inverse", shape, 1e23)
    assert past.position == "beyond_measured" and "D were evaluated" in past.text
    assert "scores measured: 50.0% (A) to 30.0% (C)" in past.text


def test_an_inverse_task_with_a_published_start_is_before_the_fall_below_it():
    shape = TaskShape(
        source="s",
        falls_from_flops=1e21,
        falls_through_flops=1e22,
        falls_through_source="s",
        point=(_point(1e21, "up"), _point(1e22, "down", "N")),
        prompting_effect="p",
    )
    seq = [assess_shape("inverse", shape, c).position for c in (1e20, 1e21, 1e22, 1e23)]
    assert seq == ["before_dip", "inverse", "inverse", "beyond_measured"]
    assert "before the fall" in assess_shape("inverse", shape, 1e20).text
