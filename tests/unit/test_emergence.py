"""Emergence: consistency, monotonicity, translations on their stated assumptions, the CLI."""

from __future__ import annotations

import json
from itertools import pairwise

import numpy as np
import pytest
from testdata import run_cli

from planner import InfeasibleError, PresetError, load_law, plan
from planner.laws._kernels import parametric_loss
from planner.tasks._emergence import capabilities, compute_to_emerge
from planner.tasks._metric_view import emergence_score, mirage

BUDGETS = [10.0**e for e in np.arange(18, 28.01, 0.25)]
ORDER = {
    "not_yet": 0,
    "near": 1,
    "emerged": 2,
    "needs": 2,
}  # needs: emerged by compute, plus a method


def rows_at(c, law="besiroglu2024", **kw):
    return {r.task: r for r in capabilities(plan(c, law=law), **kw)}


@pytest.mark.parametrize(
    "law", ["besiroglu2024", "hoffmann2022-approach3", "hoffmann2022-approach1", "kaplan2020"]
)
@pytest.mark.parametrize("task", ["c-eval", "gsm8k-chinese"])
def test_planning_at_compute_to_emerge_reproduces_the_threshold(law, task):
    c = compute_to_emerge(task, law=law)
    p = plan(c, law=law)
    row = {r.task: r for r in capabilities(p)}[task]
    assert row.compute_flops_to_emerge == pytest.approx(c, rel=1e-9)
    assert p.loss == pytest.approx(row.threshold_loss, rel=1e-9)
    assert row.margin == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("law", ["besiroglu2024", "hoffmann2022-approach1", "kaplan2020"])
@pytest.mark.parametrize("task", ["mmlu", "gsm8k", "hellaswag", "winogrande"])
def test_planning_at_the_score_views_compute_to_emerge_crosses_the_line(law, task):
    """A task with a score curve emerges where its 80% lower bound reaches chance + 5 points:
    a plan at that compute is on the line, just below it is not yet emerged."""
    from planner.scores._curves import EMERGED_MARGIN

    c = compute_to_emerge(task, law=law)
    row = rows_at(c, law=law)[task]
    assert row.view == "score" and row.compute_flops_to_emerge == pytest.approx(c, rel=1e-6)
    line = row.random_baseline + EMERGED_MARGIN
    # kaplan2020's N is non-embedding: turned into total parameters by the plan's rounded
    # shape, a step function of N, so the crossing is exact only up to one rounding step
    tol = 1e-6 if law != "kaplan2020" else 2e-3
    past = "needs" if row.requires else "emerged"  # gsm8k needs chain-of-thought prompting
    assert row.score_low == pytest.approx(line, abs=tol) and row.status in (past, "near")
    # kaplan2020's rounded shape is not monotone in C (total N: 552M at the crossing of
    # hellaswag, 502M at 1.05x, 585M at 1.1x), so it is checked a step further on
    after = 1.05 if law != "kaplan2020" else 1.3
    assert rows_at(c * after, law=law)[task].status == past
    before = rows_at(c / 1.5, law=law)[task]
    assert before.score_low < line and before.status not in ("emerged", "needs")


@pytest.mark.parametrize(
    "law", ["besiroglu2024", "hoffmann2022-approach3", "llama3-2024", "kaplan2020"]
)
def test_statuses_flip_once_in_order_and_probability_rises(law):
    seq = [rows_at(c, law=law, samples=400) for c in BUDGETS]
    for task in seq[0]:
        statuses = [s[task].status for s in seq]
        if (
            seq[0][task].view == "shape"
        ):  # U-shaped/inverse: their own order (tests/unit/test_ushaped.py)
            continue
        if statuses[0] in ("smooth", "unknown"):
            assert len(set(statuses)) == 1
            continue
        ranks = [ORDER[s] for s in statuses]
        assert ranks == sorted(ranks), (task, statuses)
        assert ranks[0] == 0 and ranks[-1] == 2, (task, statuses)
        probs = [s[task].probability for s in seq]
        if probs[0] is not None:
            assert all(0.0 <= p <= 1.0 for p in probs)
            # past the calibration models the score view's interval widens with the distance
            # (planner.scores._curves), so there P may fall a little as the plan moves further out
            notes = [s[task].score_note or "" for s in seq]
            assert all(
                b >= a - 1e-12 or "extrapolated" in note
                for (a, b), note in zip(pairwise(probs), notes[1:], strict=True)
            ), (task, probs)
            if seq[0][task].view == "loss":
                assert probs[0] == 0.0 and probs[-1] == 1.0
            else:  # the score view's split normal has tails; at the floor the interval keeps
                # the spread of models at chance (GSM8K [0%, 2.5%] at 1e18: P = 0.005), and
                # far past the data it keeps its width (kaplan2020 at 1e28: 1,000T parameters)
                assert probs[0] < 1e-2 and probs[-1] > 0.95


def test_reference_model_translation_by_hand():
    """Band = [max loss of models with the ability, min loss of those without], under the law."""
    spec = load_law("hoffmann2022-approach3").law
    loss = lambda n, d: float(parametric_loss(n, d, spec.e, spec.a, spec.b, spec.alpha, spec.beta))  # noqa: E731
    emerged = [loss(175e9, 300e9), loss(280e9, 300e9), loss(70e9, 1.4e12)]
    not_emerged = [loss(13e9, 300e9), loss(7.1e9, 300e9)]
    row = rows_at(1e22, law="hoffmann2022-approach3")["mmlu"]
    assert row.threshold_band == pytest.approx((max(emerged), min(not_emerged)), rel=1e-12)
    assert row.threshold_loss == pytest.approx((max(emerged) + min(not_emerged)) / 2, rel=1e-12)
    assert "reference models" in row.translation and "du2024-en-zh-sp65k" in row.translation
    # the assumption: every reference model sits on its stated side of the placed threshold
    assert all(x < row.threshold_band[1] for x in emerged)
    assert all(x > row.threshold_band[0] for x in not_emerged)


def _law_on_du_scale(tmp_path):
    text = load_law("besiroglu2024").model_dump()
    text["id"] = "mine"
    text["loss_scale"] = {
        "id": "du2024-en-zh-sp65k",
        "corpus": "Du et al. corpus",
        "tokenizer": "SentencePiece 65k",
    }
    import tomllib  # noqa: F401  (the file is written as TOML below)

    lines = [
        "schema_version = 1",
        'id = "mine"',
        'name = "mine"',
        'source = "a test law, arXiv:0000"',
        'parameter_convention = "total"',
        'flop_convention = "6ND"',
        "fitted_compute_flops = [1e18, 1e22]",
        "[loss_scale]",
        'id = "du2024-en-zh-sp65k"',
        'corpus = "Du"',
        'tokenizer = "sp65k"',
        "[law]",
        'kind = "parametric"',
        "e = 1.8172",
        "a = 482.01",
        "b = 2085.43",
        "alpha = 0.3478",
        "beta = 0.3658",
    ]
    path = tmp_path / "mine.toml"
    path.write_text("\n".join(lines))
    return path


def test_same_scale_uses_the_published_threshold(tmp_path):
    law = _law_on_du_scale(tmp_path)
    row = {r.task: r for r in capabilities(plan(1e22, law=law))}["gsm8k"]
    assert row.threshold_band == (2.1, 2.3) and row.threshold_loss == pytest.approx(2.2)
    assert row.translation.startswith("same scale")


def test_user_threshold_and_offset():
    p = plan(1e23)
    row = {r.task: r for r in capabilities(p, thresholds={"mmlu": 2.5})}["mmlu"]
    assert (
        row.threshold_loss == 2.5
        and row.status == "emerged"
        and "user threshold" in row.translation
    )
    row = {r.task: r for r in capabilities(p, threshold_offset=-0.3)}["gsm8k"]
    assert row.threshold_band == pytest.approx((1.8, 2.0)) and "user offset" in row.translation
    with pytest.raises(PresetError, match="unknown task"):
        capabilities(p, thresholds={"nope": 2.0})


def test_law_without_loss_falls_back_to_the_compute_view():
    rows = rows_at(1e23, law="llama3-2024")
    # a score curve needs only (N, D): MMLU keeps its score view, Wei et al. beside it
    assert rows["mmlu"].view == "score" and rows["mmlu"].loss_status is None
    assert rows["mmlu"].compute_status == "near"  # 1e23 is within half a decade of 3.1e23
    assert rows["mmlu"].compute_flops_to_emerge > 1e23  # by the curve, not Wei's 3.1e23
    assert rows["c-eval"].status == "unknown" and "no loss model" in rows["c-eval"].note
    assert rows["c-eval"].threshold_loss is None and rows["c-eval"].probability is None


def test_references_that_do_not_separate_give_no_number(tmp_path):
    """A threshold whose reference models swap sides under the law is not translated."""
    text = tmp_path / "t.toml"
    text.write_text(
        """schema_version = 1
source = "test, arXiv:0000"
[loss_scale]
id = "other-scale"
corpus = "x"
tokenizer = "y"
[threshold]
loss = 3.0
band_low = 2.9
band_high = 3.1
source = "test"
[[threshold.reference_models]]
name = "small but emerged"
n_params = 1e8
n_tokens = 1e9
emerged = true
evidence = "made up for the test"
[[threshold.reference_models]]
name = "large but not"
n_params = 1e11
n_tokens = 1e12
emerged = false
evidence = "made up for the test"
[[task]]
id = "odd-task"
name = "Odd"
family = "test"
kind = "emergent"
metric = "accuracy"
prompting = "zero-shot"
"""
    )
    row = {r.task: r for r in capabilities(plan(1e22), task_files=(text,))}["odd-task"]
    assert row.threshold_loss is None and row.status == "unknown"
    assert "no honest translation" in row.note


def test_estimated_score_is_the_calibrated_curves():
    """One number for a task's score: the capabilities row shows the score curve's."""
    from planner.scores._predict import task_scores

    for c in (1e21, 1e23, 1e25):
        p = plan(c)
        mmlu = {r.task: r for r in capabilities(p)}["mmlu"]
        curve = {s.task: s for s in task_scores(p)}["mmlu"]
        assert mmlu.estimated_score == curve.score and "obsscaling2024" in mmlu.score_note
    scores = [rows_at(c)["mmlu"].estimated_score for c in (1e23, 1e24, 1e25)]
    # bounded: no more 100% at 1e25; Llama 3.1 405B, at 3.8e25 FLOPs, scored 85.2% (ObsScaling)
    assert scores == sorted(scores) and scores[-1] < 0.9


def test_threshold_below_irreducible_is_refused():
    with pytest.raises(InfeasibleError, match="irreducible"):
        compute_to_emerge("mmlu", law="hoffmann2022-approach3", thresholds={"mmlu": 1.5})
    with pytest.raises(InfeasibleError, match="smoothly"):
        compute_to_emerge("triviaqa", law="besiroglu2024")
    with pytest.raises(PresetError, match="unknown task"):
        compute_to_emerge("mmlu-2", law="besiroglu2024")


def test_mirage_metrics():
    r8, r32 = mirage(8), mirage(32)
    assert r8.emergence_score_edit_distance == pytest.approx(r32.emergence_score_edit_distance)
    assert r32.emergence_score_exact_match > 10 * r32.emergence_score_edit_distance
    for row in r8.rows:
        assert row.exact_match == pytest.approx(row.p_token**8)
        assert row.token_edit_distance == pytest.approx(8 * (1 - row.p_token))
    assert emergence_score([0, 0, 0, 1]) > emergence_score([0, 1 / 3, 2 / 3, 1])
    with pytest.raises(InfeasibleError, match="no loss model"):
        mirage(8, law="deepseek2024")


cli = run_cli


def test_cli_plan_json_has_emergence(capsys):
    code, out, _ = cli(capsys, "plan", "1e23", "--json")
    assert code == 0
    rows = {r["task"]: r for r in json.loads(out)["emergence"]}
    for key in (
        "task",
        "kind",
        "status",
        "threshold_loss",
        "margin",
        "compute_flops_to_emerge",
        "probability",
    ):
        assert key in rows["mmlu"]
    lib = {r.task: r for r in capabilities(plan(1e23))}
    assert rows["mmlu"]["probability"] == lib["mmlu"].probability


def test_cli_until_equals_compute_to_emerge(capsys):
    code, out, _ = cli(capsys, "plan", "--until", "gsm8k", "--json")
    assert code == 0
    data = json.loads(out)
    row = next(r for r in data["emergence"] if r["task"] == "gsm8k")
    assert data["compute_flops"] == pytest.approx(row["compute_flops_to_emerge"], rel=1e-12)
    code, out, _ = cli(capsys, "plan", "--until", "wei2022-wic", "--json")
    assert code == 0 and json.loads(out)["compute_flops"] == pytest.approx(2.5e24)


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["plan", "--until", "nope"], "unknown task 'nope'"),
        (["plan", "--until", "triviaqa"], "smoothly"),
        (
            [
                "plan",
                "--until",
                "mmlu",
                "--threshold",
                "mmlu=1.5",
                "--law",
                "hoffmann2022-approach3",
            ],
            "irreducible",
        ),
        (["plan", "1e23", "--threshold", "mmlu"], "TASK=LOSS"),
        (["plan", "1e23", "--threshold", "mmlu=abc"], "--threshold mmlu"),
        (["plan", "1e23", "--tasks", "/no/such.toml"], "task file not found"),
        (["plan", "--until", "mmlu", "1e23"], "--until"),
        (["mirage", "--answer-tokens", "0"], "--answer-tokens"),
        (["mirage", "--answer-tokens", "8", "--law", "llama3-2024"], "no loss model"),
    ],
)
def test_cli_emergence_errors(capsys, argv, needle):
    code, out, err = cli(capsys, *argv)
    assert code == 2 and out == "" and needle in err and len(err.strip().splitlines()) == 1


def test_cli_malformed_task_file(capsys, tmp_path):
    f = tmp_path / "t.toml"
    f.write_text('schema_version = 1\nsource = "x"\n[[task]]\nid = "Bad Id"\n')
    code, _, err = cli(capsys, "tasks", "--tasks", str(f))
    assert code == 2 and str(f) in err and len(err.strip().splitlines()) == 1


def test_cli_tasks_and_mirage(capsys):
    code, out, _ = cli(capsys, "tasks")
    assert code == 0 and "wei2022-truthfulqa" in out and "gsm8k" in out
    code, out, _ = cli(capsys, "tasks", "--json")
    assert code == 0 and len(json.loads(out)) == 39  # Du 12 + Wei T1 23 + Wei 2023 2 + Prize OPT 2
    code, out, _ = cli(capsys, "mirage", "--answer-tokens", "8")
    assert code == 0 and "exact match" in out and "token edit distance" in out
    code, out, _ = cli(capsys, "mirage", "--answer-tokens", "8", "--json")
    assert code == 0 and len(json.loads(out)["rows"]) == 17


def test_compute_to_emerge_does_not_warn_about_its_probe(recwarn, tmp_path):
    """A law fitted far below 1e21 (the internal probe budget) gets no extrapolation warning."""
    import warnings

    from planner import PlannerWarning

    law_file = tmp_path / "small.toml"
    src = (
        _law_on_du_scale(tmp_path)
        .read_text()
        .replace("[1e18, 1e22]", "[1e15, 1e17]")
        .replace('"mine"', '"small"')
    )
    law_file.write_text(src)
    warnings.simplefilter("always", PlannerWarning)
    compute_to_emerge("mmlu", law=law_file)
    assert not [w for w in recwarn if issubclass(w.category, PlannerWarning)]


def test_a_code_recipe_needs_more_compute_for_mmlu():
    """The recipe reaches compute_to_emerge through the score view (code models score lower
    on MMLU per (N, D))."""
    general = compute_to_emerge("mmlu", law="besiroglu2024")
    code = compute_to_emerge("mmlu", law="besiroglu2024", recipe="code")
    assert code > 2 * general


@pytest.mark.parametrize("law", ["besiroglu2024", "hoffmann2022-approach1", "kaplan2020"])
def test_tasks_sharing_du_threshold_reach_it_at_one_compute_and_say_why_they_differ(law):
    """Du et al. 2024 section 4: one threshold for MMLU, C-Eval, GSM8K and GSM8K-Chinese. In the
    loss view they emerge at one compute; MMLU and GSM8K are decided by their score curves, and
    the assessment says so instead of silently disagreeing with C-Eval."""
    rows = rows_at(1e22, law=law)
    shared = {t: rows[t] for t in ("mmlu", "c-eval", "gsm8k", "gsm8k-chinese")}
    assert {r.shared_threshold for r in shared.values()} == {"du2024-en-zh-sp65k threshold 2.2"}
    loss_at = [
        r.compute_flops_to_emerge if r.view == "loss" else r.loss_compute_flops_to_emerge
        for r in shared.values()
    ]
    assert loss_at[0] is not None
    assert loss_at == pytest.approx([loss_at[0]] * 4, rel=1e-12)
    note = shared["c-eval"].shared_threshold_note
    assert note is not None and all(r.shared_threshold_note == note for r in shared.values())
    assert "mmlu" in note and "score curve" in note and "c-eval" in note
    # the score view's line is stricter than the threshold's midpoint: later, never earlier
    assert shared["mmlu"].view == "score"
    assert shared["mmlu"].compute_flops_to_emerge > shared["c-eval"].compute_flops_to_emerge
    # smooth tasks share nothing
    assert rows["triviaqa"].shared_threshold is None
    from planner.report._plan import translation_lines

    assert f"shared threshold: {note}" in translation_lines(list(rows.values()))


def test_needs_and_shared_threshold_are_in_the_json_and_markdown():
    import json

    from planner.report._plan import plan_json_text, plan_markdown

    p = plan(5.76e23)
    rows = capabilities(p, samples=0)
    data = {r["task"]: r for r in json.loads(plan_json_text(p, rows, run="n/a"))["emergence"]}
    assert data["gsm8k"]["status"] == "needs" and data["gsm8k"]["requires"] == ["CoT prompting"]
    assert data["wei2022-instruction-following"]["requires"] == ["instruction tuning"]
    assert data["c-eval"]["shared_threshold_note"] == data["mmlu"]["shared_threshold_note"]
    md = plan_markdown(p, rows)
    assert "| gsm8k | needs CoT prompting |" in md and "- shared threshold: " in md


def test_a_law_without_a_loss_model_claims_no_shared_threshold_date():
    rows = rows_at(1e23, law="llama3-2024")
    assert rows["c-eval"].shared_threshold is not None
    assert rows["c-eval"].shared_threshold_note is None  # no loss: no threshold date to share


def test_a_task_that_needs_something_must_say_where_that_comes_from(tmp_path):
    from planner.errors import PresetError
    from planner.tasks._emergence import list_tasks

    f = tmp_path / "t.toml"
    text = (
        'schema_version = 1\nsource = "x"\ntable = "compute"\n[[task]]\nid = "t"\nname = "t"\n'
        'family = "f"\nkind = "emergent"\nmetric = "acc"\nprompting = "0-shot"\n'
        'emergence_flops = 1e22\nrequires = ["instruction tuning"]\n'
    )
    f.write_text(text)
    with pytest.raises(PresetError, match="requires_source is required"):
        list_tasks((f,))
    f.write_text(text + 'requires_source = "Wei et al. 2022 Table 1"\n')
    (task,) = [t for t in list_tasks((f,)) if t.id == "t"]
    assert task.requires == ("instruction tuning",)
    row = next(r for r in capabilities(plan(1e23), task_files=(f,), samples=0) if r.task == "t")
    assert row.status == "needs" and row.status_text == "needs instruction tuning"


def test_score_table_says_what_a_score_needed() -> None:
    """GSM8K's scores were measured with few-shot chain of thought (Du et al. 2024; Wei et al.
    2022 section 4): its score table status names that, as the capabilities do (issue 19 item 4)."""
    from planner import plan
    from planner.report._scores import score_rows
    from planner.scores._predict import task_scores

    _, rows = score_rows(task_scores(plan(1e24)))
    status = {r[0]: r[-1] for r in rows}
    assert status["gsm8k"] == "emerged with CoT prompting"
    assert status["mmlu"] == "emerged"
