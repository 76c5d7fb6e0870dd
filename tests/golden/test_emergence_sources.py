"""The task registry against its published sources."""

from __future__ import annotations

import csv
import io

import pytest
from testdata import GOLDEN

from planner.tasks._emergence import list_tasks

TASKS = {t.id: t for t in list_tasks()}


def _wei_rows():
    text = (GOLDEN / "wei2022-table1.csv").read_text()
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


WEI = _wei_rows()


def test_every_wei_row_is_in_the_registry():
    assert len(WEI) == 23
    names = {t.name for t in TASKS.values() if t.id.startswith("wei2022-")}
    assert names == {r["ability"] for r in WEI}


@pytest.mark.parametrize("row", WEI, ids=[r["ability"] for r in WEI])
def test_wei_table1_verbatim(row):
    task = next(t for t in TASKS.values() if t.name == row["ability"])
    assert task.model_family == row["model"]
    if row["flops"]:
        assert task.emergence_flops == float(row["flops"])
        assert task.emergence_params == float(row["params"])
    else:
        assert task.emergence_flops is None and task.emergence_params is None


DU_EMERGENT = {"mmlu", "c-eval", "gsm8k", "gsm8k-chinese"}
DU_SMOOTH = {"triviaqa", "hellaswag", "race", "winogrande", "nlpcc-kbqa", "clozet", "cluewsc", "c3"}


def test_du_task_kinds():
    """Du et al. 2024 section 4: four emergent tasks, eight smooth ones."""
    assert {t for t in DU_EMERGENT | DU_SMOOTH if TASKS[t].kind == "emergent"} == DU_EMERGENT
    assert {t for t in DU_EMERGENT | DU_SMOOTH if TASKS[t].kind == "smooth"} == DU_SMOOTH


@pytest.mark.parametrize(
    ("task", "rho"),
    [
        ("triviaqa", -0.996),
        ("hellaswag", -0.996),
        ("race", -0.977),
        ("winogrande", -0.978),
        ("nlpcc-kbqa", -0.984),
        ("clozet", -0.986),
        ("cluewsc", -0.947),
        ("c3", -0.988),
        ("mmlu", -0.804),
        ("c-eval", -0.831),
        ("gsm8k", -0.975),
        ("gsm8k-chinese", -0.948),
    ],
)
def test_du_spearman_correlations(task, rho):
    assert TASKS[task].spearman_rho == rho


def test_du_threshold_and_baselines():
    from planner.tasks._files import list_task_files

    du = next(f for f in list_task_files() if "Du et al." in f.source)
    assert du.threshold is not None and du.threshold.loss == 2.2
    assert du.loss_scale is not None and "65k" in du.loss_scale.tokenizer
    assert TASKS["mmlu"].random_baseline == 0.25 and TASKS["c-eval"].random_baseline == 0.25


@pytest.mark.parametrize(
    ("length", "p", "expected"),
    [
        (4, 0.5, 0.0625),
        (4, 0.6, 0.1296),
        (4, 0.8, 0.4096),
        (8, 0.5, 0.0039),
        (8, 0.6, 0.0168),
        (8, 0.8, 0.1678),
    ],
)
def test_schaeffer_exact_match_table(length, p, expected):
    """Schaeffer et al. 2023 section 2 worked numbers (reference-numbers section 6): p^L."""
    from planner.tasks._metric_view import exact_match, token_edit_distance

    assert float(exact_match(p, length)) == pytest.approx(expected, abs=5e-5)
    assert float(token_edit_distance(p, length)) == pytest.approx(length * (1 - p))


# --------------------------------------------------------------------------- what a task needs
# Wei et al. 2022 Table 1 prints its rows in two blocks, "Few-shot prompting abilities" and
# "Augmented prompting abilities" (section 4: "prompting and finetuning strategies"); the golden
# CSV's `section` column copies the block. Two rows say "(finetuning)" in their name.


@pytest.mark.parametrize("row", WEI, ids=[r["ability"] for r in WEI])
def test_augmented_rows_of_wei_table1_say_what_they_need(row):
    task = next(t for t in TASKS.values() if t.name == row["ability"])
    if row["section"] == "augmented":
        assert task.requires and task.requires_source and "Table 1" in task.requires_source
    else:
        assert row["section"] == "few-shot" and task.requires == ()
    if "(finetuning)" in row["ability"]:
        assert any("tuning" in need for need in task.requires), task.requires


def test_the_table_has_nine_few_shot_rows_plus_big_bench_and_thirteen_augmented():
    sections = [r["section"] for r in WEI]
    assert sections.count("few-shot") == 10 and sections.count("augmented") == 13
    # the blocks are contiguous: few-shot first, as printed
    assert sections == sorted(sections, key=lambda s: s != "few-shot")


def test_no_augmented_ability_emerges_from_pretraining_flops_alone():
    """Past every row's emergence FLOPs (PaLM 540B, 2.5e24, is the largest in Table 1), the
    few-shot abilities are emerged by compute and the augmented ones need their method."""
    from planner import capabilities, plan

    largest = max(float(r["flops"]) for r in WEI if r["flops"])
    assert largest == 2.5e24
    from planner.errors import PlannerWarning

    with pytest.warns(PlannerWarning, match="extrapolation"):  # past besiroglu2024's runs
        p = plan(1e25)
    rows = {r.name: r for r in capabilities(p, samples=0)}
    for row in WEI:
        if not row["flops"]:
            continue
        r = rows[row["ability"]]
        if row["section"] == "augmented":
            assert r.status == "needs" and r.compute_status == "needs", row["ability"]
            assert r.status_text.startswith("needs ") and r.requires
        else:
            assert r.status == "emerged", row["ability"]
    # below a row's emergence FLOPs the status is the compute's, not a 'needs'
    early = {r.name: r for r in capabilities(plan(1e21), samples=0)}
    assert early["Instruction following (finetuning)"].status == "not_yet"
    assert early["Scratchpad: 8-digit addition (finetuning)"].status == "needs"  # 8.9e19 < 1e21


def test_du_tasks_scored_with_chain_of_thought_need_it():
    """Du et al. evaluate GSM8K and GSM8K-Chinese with few-shot chain of thought; Wei et al.
    section 4 (Fig. 3A) shows chain of thought is what makes GSM8K emerge."""
    for tid in ("gsm8k", "gsm8k-chinese"):
        assert "chain of thought" in TASKS[tid].prompting and TASKS[tid].requires
    for tid in ("mmlu", "c-eval"):
        assert TASKS[tid].requires == ()
