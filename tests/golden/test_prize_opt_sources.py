"""Inverse Scaling Prize tasks against their printed per-size accuracies (issue 25 item 4).

Two round-1 Prize tasks on OPT: Hindsight Neglect (10-shot) on 125M-13B and Redefine Math on
1.3B-66B, the accuracies printed in the Prize's Hub model cards (each row's url in
tests/data/published/prize-*-opt.csv), the FLOPs of the ObsScaling table
(tests/data/published/obsscaling-base-llm-eval.csv, 6 N D with 0.18T tokens). The preset
(presets/tasks/prize2022-opt.toml) is checked against both tables, and its fall, its direction
between every pair of sizes and its position for a plan against the printed numbers.
"""

from __future__ import annotations

import csv
import io

import pytest
from testdata import PUBLISHED

from planner.tasks._emergence import list_tasks
from planner.tasks._ushaped import assess_shape, score_changes

TASKS = {t.id: t for t in list_tasks() if t.id.startswith("prize2022-")}
TASK = TASKS["prize2022-hindsight"]
SHAPE = TASK.shape
REDEFINE = TASKS["prize2022-redefine"]


def _rows(name):
    text = (PUBLISHED / name).read_text()
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


PRINTED = _rows("prize-hindsight-neglect-opt.csv")
TABLES = {
    "prize2022-hindsight": PRINTED,
    "prize2022-redefine": _rows("prize-redefine-math-opt.csv"),
}
OBS_FLOPS = {
    r["Model"]: float(r["FLOPs (1E21)"]) * 1e21
    for r in _rows("obsscaling-base-llm-eval.csv")
    if r["Model Family"] == "OPT"
}


def test_the_prize_tasks_and_their_kinds():
    assert {t: TASKS[t].kind for t in TASKS} == {
        "prize2022-hindsight": "inverse",
        "prize2022-redefine": "inverse",
    }


@pytest.mark.parametrize("task", sorted(TABLES))
def test_the_measured_scores_are_the_printed_ones_in_size_order(task):
    shape, printed = TASKS[task].shape, TABLES[task]
    assert [m.model for m in shape.measured] == [r["model"] for r in printed]
    for m, r in zip(shape.measured, printed, strict=True):
        assert m.score == float(r["accuracy"])
        assert m.params == float(r["params"])
        assert r["url"] in m.source


@pytest.mark.parametrize("task", sorted(TABLES))
def test_every_size_has_the_flops_of_the_obsscaling_table(task):
    shape, printed = TASKS[task].shape, TABLES[task]
    for m, r in zip(shape.measured, printed, strict=True):
        assert m.flops == pytest.approx(OBS_FLOPS[r["hf_model"]], rel=1e-12)
        assert m.flops == pytest.approx(6 * m.params * 0.18e12, rel=1e-12)  # 6 N D, D = 0.18T
    for p in shape.point:
        assert p.flops in {m.flops for m in shape.measured}


def test_the_direction_between_every_pair_of_sizes():
    """Printed: 50.5, 43.8, 45.4, 44.8, 46.7, 27.0 % for 125M, 350M, 1.3B, 2.7B, 6.7B, 13B."""
    changes = [(c.from_model, c.to_model, c.change) for c in score_changes(SHAPE)]
    assert changes == [
        ("OPT-125M", "OPT-350M", "down"),
        ("OPT-350M", "OPT-1.3B", "up"),
        ("OPT-1.3B", "OPT-2.7B", "down"),
        ("OPT-2.7B", "OPT-6.7B", "up"),
        ("OPT-6.7B", "OPT-13B", "down"),
    ]
    deltas = [round(100 * c.delta, 1) for c in score_changes(SHAPE)]
    assert deltas == [-6.7, 1.6, -0.6, 1.9, -19.7]
    # the file's points say the same, model by model
    assert [(p.change_from, p.model, p.change) for p in SHAPE.point] == changes


def test_it_falls_through_the_largest_size_read_and_ends_below_chance():
    first, last = SHAPE.measured[0], SHAPE.measured[-1]
    assert TASK.kind == "inverse" and SHAPE.recovered_flops is None
    assert SHAPE.falls_through_flops == SHAPE.largest_flops == last.flops
    assert SHAPE.falls_through_flops == pytest.approx(OBS_FLOPS["facebook/opt-13b"])
    assert last.score < first.score and last.score == min(m.score for m in SHAPE.measured)
    assert TASK.random_baseline == 0.5 and last.score < TASK.random_baseline - 0.2
    # the largest fall is the last step: 6.7B -> 13B
    assert min(score_changes(SHAPE), key=lambda c: c.delta).to_model == "OPT-13B"


@pytest.mark.parametrize(
    ("model", "position"),
    [
        ("facebook/opt-125m", "inverse"),
        ("facebook/opt-6.7b", "inverse"),
        ("facebook/opt-13b", "inverse"),  # the largest size read: still falling
        ("facebook/opt-30b", "beyond_measured"),  # evaluated, its score not read
        ("facebook/opt-66b", "beyond_measured"),
    ],
)
def test_the_position_at_the_opt_sizes(model, position):
    a = assess_shape("inverse", SHAPE, OBS_FLOPS[model])
    assert a.position == position
    assert a.largest_flops == pytest.approx(OBS_FLOPS["facebook/opt-13b"])
    assert "50.5% (OPT-125M) to 27.0% (OPT-13B)" in a.text
    if position == "beyond_measured":
        assert "OPT-30B" in a.text and "scores were not read" in a.text


def test_redefine_math_rises_to_2p7b_then_falls_to_66b():
    """Printed: 66.9, 72.0, 67.3, 59.3, 65.9, 61.4 % for 1.3B, 2.7B, 6.7B, 13B, 30B, 66B."""
    shape = REDEFINE.shape
    changes = [(c.to_model, c.change, round(100 * c.delta, 1)) for c in score_changes(shape)]
    assert changes == [
        ("OPT-2.7B", "up", 5.1),
        ("OPT-6.7B", "down", -4.7),
        ("OPT-13B", "down", -8.0),
        ("OPT-30B", "up", 6.6),
        ("OPT-66B", "down", -4.4),
    ]
    peak = max(shape.measured, key=lambda m: m.score)
    assert peak.model == "OPT-2.7B" and shape.falls_from_flops == peak.flops
    assert shape.falls_through_flops == shape.largest_flops == OBS_FLOPS["facebook/opt-66b"]
    assert shape.measured[-1].score < shape.measured[0].score  # 66B under 1.3B
    assert min(shape.measured, key=lambda m: m.score).model == "OPT-13B"
    assert all(m.score > REDEFINE.random_baseline for m in shape.measured)


@pytest.mark.parametrize(
    ("model", "position"),
    [
        ("facebook/opt-1.3b", "before_dip"),  # the score still rose to 2.7B
        ("facebook/opt-2.7b", "inverse"),  # the peak: from here it falls
        ("facebook/opt-13b", "inverse"),
        ("facebook/opt-66b", "inverse"),  # the largest OPT: still falling
    ],
)
def test_redefine_math_positions_at_the_opt_sizes(model, position):
    assert assess_shape("inverse", REDEFINE.shape, OBS_FLOPS[model]).position == position
    past = assess_shape("inverse", REDEFINE.shape, OBS_FLOPS["facebook/opt-66b"] * 1.01)
    assert past.position == "beyond_measured" and "nothing past it is known" in past.text


@pytest.mark.parametrize("task", sorted(TABLES))
def test_sources_and_what_is_left_out_are_stated(task):
    shape = TASKS[task].shape
    assert shape.missing and "OPT-" in shape.missing
    assert all(p.source.startswith("https://huggingface.co/inverse-scaling/") for p in shape.point)
    assert all("ObsScaling" in m.flops_source for m in shape.measured)
    assert "not measured" in shape.prompting_effect and "2211.02011v1" in shape.prompting_effect
    assert "OPT-66B" in (SHAPE.unread_larger or "")
