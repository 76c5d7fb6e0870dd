"""The U-shaped and inverse tasks against the papers' own figures (issue 25 item 4).

Wei, Kim, Tay & Le 2023 (EMNLP; arXiv:2211.02011), abstract: the Inverse Scaling Prize tasks
were "evaluated on models of up to 280B parameters and up to 500 zettaFLOPs of training
compute"; PaLM, evaluated up to 540B, was "trained on five times more compute"; the U-shaped
tasks' performance "decreases up to a certain size, and then increases again up to the largest
model evaluated". The models' FLOPs are Wei et al. 2022 Table 1's (tests/data/golden).
"""

from __future__ import annotations

import csv
import io

import pytest
from testdata import GOLDEN

from planner.tasks._emergence import list_tasks
from planner.tasks._ushaped import assess_shape

# Wei et al.'s own file (presets/tasks/wei2023.toml); the Prize's OPT evaluations are
# tests/golden/test_prize_opt_sources.py.
TASKS = {t.id: t for t in list_tasks() if t.shape is not None and t.id.startswith("wei2023-")}
AVERAGE = TASKS["wei2023-prize-average"]
REDEFINE = TASKS["wei2023-redefine-math"]


def _table1_flops():
    text = (GOLDEN / "wei2022-table1.csv").read_text()
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    out = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        if row["flops"]:
            out[f"{row['model']} {float(row['params']) / 1e9:g}B"] = float(row["flops"])
    return out


TABLE1 = _table1_flops()


def test_the_shape_tasks_and_their_kinds():
    assert {t: TASKS[t].kind for t in TASKS} == {
        "wei2023-prize-average": "u_shaped",
        "wei2023-redefine-math": "inverse",
    }


@pytest.mark.parametrize(
    ("task", "model"),
    [(t, p.model) for t in TASKS for p in TASKS[t].shape.point],
)
def test_every_point_has_the_flops_of_wei2022_table1(task, model):
    point = next(p for p in TASKS[task].shape.point if p.model == model)
    assert point.flops == TABLE1[model]
    assert point.params == float(model.split()[-1].removesuffix("B")) * 1e9


def test_the_prize_range_is_500_zettaflops_and_palm_five_times_more():
    shape = AVERAGE.shape
    assert shape.falls_through_flops == 500e21
    assert shape.falls_through_flops == TABLE1["Gopher 280B"]  # the Prize's 280B model
    assert shape.recovered_flops == TABLE1["PaLM 540B"]
    assert shape.recovered_flops / shape.falls_through_flops == pytest.approx(5.0)


def test_the_dip_and_the_recovery_of_the_average():
    """Falling through the Prize's 5.0e23 and PaLM 62B's 2.9e23, recovered at PaLM 540B."""
    shape = AVERAGE.shape
    moves = {p.model: (p.change, p.change_from) for p in shape.point}
    assert moves == {
        "Gopher 280B": ("down", "the smaller models of the Prize's families"),
        "PaLM 62B": ("down", "PaLM 8B"),
        "PaLM 540B": ("up", "PaLM 62B"),
    }
    palm = sorted((p for p in shape.point if p.model.startswith("PaLM")), key=lambda p: p.flops)
    assert [p.change for p in palm] == ["down", "up"]  # U: down, then up, in compute order
    assert palm[0].flops <= shape.falls_through_flops < shape.recovered_flops == palm[-1].flops
    assert shape.bottom is not None and shape.bottom.startswith("PaLM 62B")


def test_redefine_math_falls_at_the_largest_model_measured():
    shape = REDEFINE.shape
    (last,) = shape.point
    assert (last.model, last.change, last.change_from) == ("PaLM 540B", "down", "PaLM 62B")
    assert shape.largest_flops == shape.falls_through_flops == TABLE1["PaLM 540B"]
    assert shape.recovered_flops is None


@pytest.mark.parametrize(
    ("model", "position"),
    [
        ("PaLM 62B", "in_dip"),  # the bottom PaLM measured
        ("Gopher 280B", "in_dip"),  # the Prize's largest: still falling
        ("PaLM 540B", "past_recovery"),  # where the score was measured rising again
    ],
)
def test_the_average_at_the_papers_own_models(model, position):
    assert assess_shape("u_shaped", AVERAGE.shape, TABLE1[model]).position == position


def test_redefine_math_at_and_past_the_largest_model():
    at = assess_shape("inverse", REDEFINE.shape, TABLE1["PaLM 540B"])
    past = assess_shape("inverse", REDEFINE.shape, TABLE1["PaLM 540B"] * 1.01)
    assert at.position == "inverse" and past.position == "beyond_measured"
    assert "nothing past it is known" in past.text


def test_sources_and_what_is_left_out_are_stated():
    for task in TASKS.values():
        shape = task.shape
        assert "arXiv:2211.02011" in shape.source or "2211.02011v3" in shape.source
        assert shape.missing and "plot" in shape.missing  # the accuracies are plots only
        assert all(
            p.source and p.flops_source.startswith("Wei et al. 2022 Table 1") for p in shape.point
        )
        assert shape.prompting_effect
    assert REDEFINE.random_baseline == 0.5 and "secondary" in REDEFINE.baseline_source
