"""The plan carries its law (issue 23 item 4): no consumer can lose a law file's own task curves.

A law file that is a copy of gadre2024-rpj under another id has the registry's constants and
its own task curves (hellaswag, arc-easy: sigmoids of the law's loss, Bhagia et al. 2024 Eq. 2)
but an id the registry does not know. Before, ``task_scores(plan)`` without ``law=`` looked the
id up, failed, and silently fell back to the public calibration (hellaswag) or dropped the task
(arc-easy). The scores are checked against the sigmoid written out from the file's numbers.
"""

from __future__ import annotations

import json
import math
import tomllib
import warnings

import pytest
from testdata import GADRE_LAW, renamed_gadre

from planner import PlannerWarning, capabilities, plan
from planner.laws._registry import load_law
from planner.report._plan import plan_json_text
from planner.report._scores import emerged_text
from planner.scores._predict import emerged_tasks, task_scores


def own_curves() -> dict[str, dict[str, float]]:
    """The file's task curves, read with tomllib (not through the planner's loader)."""
    data = tomllib.loads(GADRE_LAW.read_text(encoding="utf-8"))
    return {c["task"]: c for c in data["task_curve"]}


def sigmoid_score(curve: dict[str, float], loss: float) -> float:
    """s(L) = f + (c - f) / (1 + exp(-k (L0 - L))) (Bhagia et al. 2024, arXiv:2412.04403, Eq. 2)."""
    f, c = curve["floor"], curve["ceiling"]
    return f + (c - f) / (1.0 + math.exp(-curve["k"] * (curve["l0"] - loss)))


def quiet_plan(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        return plan(*args, **kwargs)  # type: ignore[arg-type]


def test_a_renamed_law_file_keeps_its_own_task_curves(tmp_path):
    path = renamed_gadre(tmp_path)
    p = quiet_plan(1e23, law=path)
    assert p.law == "my-rpj" and p.law_preset == load_law(path)
    assert p.loss is not None
    scores = {s.task: s for s in task_scores(p)}
    for task, curve in own_curves().items():
        assert task in scores, task  # arc-easy is not in the public calibration
        assert scores[task].score == pytest.approx(sigmoid_score(curve, p.loss), rel=1e-12)
        assert scores[task].calibration.startswith("my-rpj's own runs")
    # the shipped law gives the same scores: the id changed, nothing else
    shipped = {s.task: s for s in task_scores(quiet_plan(1e23, law="gadre2024-rpj"))}
    for task in own_curves():
        assert scores[task].score == shipped[task].score


def test_every_consumer_reads_the_law_from_the_plan(tmp_path):
    p = quiet_plan(1e23, law=renamed_gadre(tmp_path))
    own = set(own_curves())
    rows = {r.task: r for r in capabilities(p, samples=0)}
    for task in own & set(rows):
        assert "my-rpj's own runs" in (rows[task].score_note or ""), task
    data = json.loads(plan_json_text(p, capabilities(p, samples=0), run="not under test"))
    assert {s["task"]: s["score"] for s in data["scores"]} == {
        s.task: s.score for s in task_scores(p)
    }
    emerged = {s.task for s in task_scores(p) if s.status == "emerged"}
    assert set(emerged_tasks(p)) == emerged
    assert {t.split("(")[0] for t in emerged_text(p).split()} == emerged


def test_no_consumer_takes_a_second_law():
    """A law beside the plan could disagree with it: the parameter is gone, not ignored."""
    p = quiet_plan(1e22)
    other = load_law("hoffmann2022-approach3")
    with pytest.raises(TypeError):
        task_scores(p, law=other)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        capabilities(p, law=other)  # type: ignore[call-arg]


def test_the_plans_data_names_its_law_by_id_as_before():
    """``planner plan --json`` prints "law": "<id>", "law_name", "law_source" in that place."""
    p = quiet_plan(5.76e23, law="hoffmann2022-approach1")
    data = p.model_dump()
    assert list(data)[:5] == ["mode", "law", "law_name", "law_source", "parameter_convention"]
    assert "law_preset" not in data
    preset = load_law("hoffmann2022-approach1")
    assert (data["law"], data["law_name"], data["law_source"]) == (
        preset.id,
        preset.name,
        preset.source,
    )
    assert json.dumps(data)  # plain data
