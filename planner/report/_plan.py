"""Pure presentation data: plans and registries as rows of strings.

No terminal library is imported here; the CLI prints these rows and the TUI renders them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from planner.laws._hyperparameters import given
from planner.planning._records import Plan
from planner.tasks._records import TaskAssessment
from planner.units import (
    format_count,
    format_days,
    format_dollars,
    format_flops,
    format_gpu_hours,
)

if TYPE_CHECKING:
    from planner.laws._precision import PrecisionLoss
    from planner.run._sheet import RunSheet

__all__ = [
    "compute_view_summary",
    "emergence_rows",
    "format_table",
    "plan_json_text",
    "plan_markdown",
    "plan_rows",
    "precision_json",
    "precision_lines",
    "precision_view",
    "render_plan",
    "translation_lines",
]


def precision_view(p: Plan, precision: str) -> PrecisionLoss | str:
    """The plan's loss at a training precision by Kumar et al. 2024, or why it is not given.

    Parameters
    ----------
    p : Plan
        The plan (its N and D).
    precision : str
        ``bf16`` or ``fp8``.

    Returns
    -------
    PrecisionLoss or str
        :func:`planner.laws._precision.precision_loss` at the plan's N and D; for a mixture of
        experts the sentence that the law is a dense one and is not applied.
    """
    from planner.laws._precision import precision_loss

    if p.routing is not None and p.routing.experts > 1:
        return (
            "Kumar et al. 2024's precision law was fitted on dense models only; not applied to "
            "a mixture of experts (the loss above is the plan's law's, at its own precision)"
        )
    return precision_loss(p.n_params, p.n_tokens, "fp8" if precision == "fp8" else "bf16")


def precision_lines(view: PrecisionLoss | str) -> list[str]:
    """The text of :func:`precision_view`: the rows of :func:`precision_rows`, then the note.

    Parameters
    ----------
    view : PrecisionLoss or str

    Returns
    -------
    list of str
    """
    if isinstance(view, str):
        return ["precision law", f"  {view}"]
    (label, value), *rest = precision_rows(view)
    return [
        f"{label:<22}{value}",
        *(f"  {label:<20}{value}" for label, value in rest),
        f"  note: {view.note}",
    ]


def precision_rows(view: PrecisionLoss | str) -> list[tuple[str, str]]:
    """The law, the loss at the precision and at BF16, the law's optimum and its range.

    The rows of ``plan --precision fp8``'s text (:func:`precision_lines`) and of the TUI's Run
    tab at FP8.

    Parameters
    ----------
    view : PrecisionLoss or str
        :func:`precision_view` of the plan.

    Returns
    -------
    list of (str, str)
        Label and value; for a mixture of experts one row saying why the law is not applied.
    """
    if isinstance(view, str):
        return [("precision law", view)]
    scale = view.loss_scale.id
    return [
        ("precision law", f"{view.law} (Kumar et al. 2024, arXiv:2411.04330)"),
        (
            f"loss at {view.precision.upper()}",
            f"{view.loss_nats:.4f} nats/token ({scale}), N_eff = {view.param_fraction:.3f} N "
            f"at {view.bits:g} bits",
        ),
        (
            "at BF16 (N_eff = N)",
            f"{view.full_precision_loss_nats:.4f} nats/token "
            f"(+{view.loss_nats - view.full_precision_loss_nats:.4f} at {view.precision.upper()})",
        ),
        ("law's optimum", f"{view.optimal_bits:.1f} bits (the paper: 7-8 bits, §4.3.2)"),
        (
            "range",
            f"{view.params_beyond_fit:.3g}x the fitted N, {view.tokens_beyond_fit:.3g}x the "
            "fitted D",
        ),
    ]


def precision_json(view: PrecisionLoss | str) -> dict[str, object]:
    """The ``precision_loss`` block of ``plan --json --precision fp8``.

    Parameters
    ----------
    view : PrecisionLoss or str

    Returns
    -------
    dict
        The record's fields, or ``{"not_applied": reason}``.
    """
    import msgspec

    if isinstance(view, str):
        return {"not_applied": view}
    out = msgspec.to_builtins(view)
    assert isinstance(out, dict)
    return out


def _loss_text(p: Plan) -> str:
    if p.loss is None:
        return "n/a"
    return f"{p.loss:.4f}"


def _compute_line(p: Plan) -> str:
    """The compute, and by how much training passes the budget where it does."""
    text = f"{format_flops(p.compute_flops)} FLOPs"
    b = p.budget_flops
    if b is not None and p.compute_flops > b * (1 + 1e-9):
        text += (
            f" of training: {p.compute_flops / b:.2f}x the {format_flops(b)} budget, "
            "for the same loss at less training + inference compute"
        )
    return text


def plan_rows(p: Plan) -> list[tuple[str, str]]:
    """The plan as (label, value) rows, in reading order.

    Parameters
    ----------
    p : Plan
        The plan.

    Returns
    -------
    list of (str, str)

    Examples
    --------
    >>> from planner.planning._planning import plan_model
    >>> dict(plan_rows(plan_model(70e9, 1.4e12, law="hoffmann2022-approach3")))["parameters N"]
    '70.0B (total)'
    """
    rows: list[tuple[str, str]] = [
        ("law", f"{p.law} ({p.law_name})"),
        ("mode", p.mode),
        ("compute", _compute_line(p)),
        ("parameters N", f"{format_count(p.n_params)} ({p.parameter_convention})"),
        ("tokens D", format_count(p.n_tokens)),
        ("tokens per parameter", f"{p.tokens_per_param:.1f}"),
    ]
    if p.routing is not None and p.n_active_params is not None:
        rows[3:6] = [
            ("mixture of experts", p.routing.description),
            ("parameters N", f"{format_count(p.n_params)} total"),
            ("active parameters", f"{format_count(p.n_active_params)} (C = 6 N_act D)"),
            ("tokens D", format_count(p.n_tokens)),
            ("tokens per active parameter", f"{p.tokens_per_param:.1f}"),
            (
                "fitted runs",
                "past them: " + "; ".join(p.routing.past_fitted)
                if p.routing.past_fitted
                else "inside the experts, active parameters and tokens the law was fitted on",
            ),
        ]
    if p.loss is not None and p.loss_scale is not None:
        rows.append(
            ("loss", f"{p.loss:.4f} nats/token on {p.loss_scale.corpus} ({p.loss_scale.id})")
        )
    else:
        rows.append(("loss", f"n/a: {p.loss_note}"))
    if p.flops_per_token is not None:
        f = p.flops_per_token
        rows.append(
            (
                "FLOPs per token",
                f"{f.total:.4g} at sequence length {f.seq_len} ({f.total / f.dense:.3f}x 6N = "
                f"{f.dense:.4g}): blocks {f.non_embedding:.4g}, attention {f.attention:.4g}, "
                f"embedding {f.embedding:.4g}, logits {f.logits:.4g} (Kaplan et al. 2020 Table 1)",
            )
        )
    if p.constraint:
        rows.append(("constraint", p.constraint))
    if p.optimal_n_params is not None and p.optimal_n_tokens is not None:
        optimum = f"{format_count(p.optimal_n_params)} on {format_count(p.optimal_n_tokens)} tokens"
        if p.optimal_loss is not None:
            optimum += f", loss {p.optimal_loss:.4f}"
        rows.append(("compute-optimal", optimum))
    if p.repetition is not None:
        r = p.repetition
        rows.append(
            (
                "repetition",
                f"{r.epochs:.2f} epochs of {format_count(r.unique_tokens)} unique tokens; "
                f"effective D' {format_count(r.effective_tokens)}, "
                f"N' {format_count(r.effective_params)}",
            )
        )
    if p.inference is not None:
        i = p.inference
        rows += [
            ("inference tokens", format_count(i.inference_tokens)),
            ("train FLOPs", format_flops(i.train_flops)),
            ("inference FLOPs", format_flops(i.inference_flops)),
            (
                "total FLOPs",
                f"{format_flops(i.total_flops)} ({i.saving:.1%} less than compute-optimal "
                f"{format_count(i.compute_optimal_n_params)}: "
                f"{format_flops(i.compute_optimal_total_flops)})",
            ),
        ]
    if p.hyperparameters is not None:
        h = p.hyperparameters  # a law kind's fields of the record
        batch = given(h.batch_size_tokens, "batch_size_tokens")
        rows += [
            ("batch size", f"{format_count(batch)} tokens"),
            ("learning rate", f"{h.learning_rate:.3g}"),
            ("FLOPs/token M", format_flops(given(h.flops_per_token, "flops_per_token"))),
        ]
    if p.hardware is not None:
        hw = p.hardware
        rows.append(
            (
                "GPU-hours",
                f"{format_gpu_hours(hw.gpu_hours)} = C / (peak x MFU x goodput) on "
                f"{hw.accelerator_name} at {hw.mfu:.0%} MFU x {hw.goodput:.0%} goodput",
            )
        )
        if hw.wall_clock_days is not None and hw.n_gpus is not None:
            rows.append(("wall clock", f"{format_days(hw.wall_clock_days)} on {hw.n_gpus} GPUs"))
        if hw.cost_dollars is not None and hw.price_per_gpu_hour is not None:
            rows.append(
                ("cost", f"{format_dollars(hw.cost_dollars)} at ${hw.price_per_gpu_hour:g}/GPU-h")
            )
    if p.shape is not None:
        s = p.shape
        rows.append(
            (
                "shape",
                f"{s.n_layers} layers, d_model {s.d_model}, {s.n_heads} heads x {s.head_dim}, "
                f"d_ff {s.d_ff} ({format_count(s.n_params_total)} total)",
            )
        )
    rows.append(("source", p.law_source))
    rows += [("note", n) for n in p.notes]
    rows += [("warning", w) for w in p.warnings]
    from planner.planning._assemble import paper_warning

    disagreement = paper_warning(p.law, p.paper_checks)
    if disagreement:
        rows.append(("warning", disagreement))
    return rows


def format_table(header: Sequence[str] | None, rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns separated by two spaces; the last column is not padded.

    Parameters
    ----------
    header : sequence of str or None
        Column names (None: no header line).
    rows : sequence of sequence of str
        Cells.

    Returns
    -------
    str
        Lines joined by newlines, no trailing newline.
    """
    all_rows = [list(header)] if header else []
    all_rows += [list(r) for r in rows]
    if not all_rows:
        return ""
    widths = [max(len(r[i]) for r in all_rows) for i in range(len(all_rows[0]) - 1)]
    lines = []
    for r in all_rows:
        cells = [c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)] + [r[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def render_plan(p: Plan) -> str:
    """The plan as a two-column text table.

    Parameters
    ----------
    p : Plan
        The plan.

    Returns
    -------
    str
    """
    return format_table(None, plan_rows(p))


def emergence_rows(
    rows: Sequence[TaskAssessment], compute_flops: float
) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the capabilities table: each task's status and its cross-checks.

    ``by`` says which view decided the status (the score curve, the loss threshold or the
    emergence FLOPs); ``P`` is P(emerged) in that view; ``Du loss`` gives the loss view's status
    with its margin (threshold minus loss, in the law's loss); ``Wei FLOPs`` the status by Wei
    et al.'s emergence FLOPs. The scores and their intervals are the score table's.

    Parameters
    ----------
    rows : sequence of TaskAssessment
        From :func:`planner.tasks._emergence.capabilities`.
    compute_flops : float
        The plan's compute.

    Returns
    -------
    header : list of str
    rows : list of list of str
        Cells as text, for :func:`format_table` or a TUI table.
    """
    header = ["task", "status", "by", "P", "to emerge", "Du loss", "Wei FLOPs"]
    out = []
    for r in rows:
        if r.table != "loss":
            continue
        to_emerge = "-"
        if r.compute_flops_to_emerge is not None:
            factor = r.compute_flops_to_emerge / compute_flops
            to_emerge = (
                f"{format_flops(r.compute_flops_to_emerge)} ({factor:.2g}x)"
                if factor > 1
                else "reached"
            )
        loss_status = (
            r.loss_status
            if r.view == "score"
            else (r.status if r.view in ("loss", "none") else None)
        )
        loss = "-" if loss_status is None else loss_status.replace("_", " ")
        if r.margin is not None and loss_status not in (None, "smooth"):
            loss += f" {r.margin:+.3f}"
        out.append(
            [
                r.task,
                r.status_text,
                {"score": "score", "loss": "loss", "compute": "FLOPs", "shape": "shape"}.get(
                    r.view, "-"
                ),
                "-" if r.probability is None else f"{r.probability:.2f}",
                to_emerge,
                loss,
                "-" if r.compute_status is None else r.compute_status.replace("_", " "),
            ]
        )
    return header, out


def compute_view_summary(rows: Sequence[TaskAssessment], compute_flops: float) -> list[str]:
    """Lines on the Wei et al. abilities: which emergence FLOPs the budget exceeds.

    Parameters
    ----------
    rows : sequence of TaskAssessment
        From :func:`planner.tasks._emergence.capabilities`.
    compute_flops : float
        The plan's compute.

    Returns
    -------
    list of str
    """
    wei = [r for r in rows if r.table == "compute" and r.emergence_flops is not None]
    if not wei:
        return []
    past = [r for r in wei if r.emergence_flops is not None and r.emergence_flops <= compute_flops]
    ahead = sorted(
        (r for r in wei if r.emergence_flops is not None and r.emergence_flops > compute_flops),
        key=lambda r: r.emergence_flops or 0.0,
    )
    lines = [
        f"compute view (Wei et al. 2022 Table 1): {format_flops(compute_flops)} FLOPs exceeds the "
        f"emergence FLOPs of {len(past)} of {len(wei)} abilities"
    ]
    needs = [r for r in past if r.requires]
    if needs:
        methods = sorted({m for r in needs for m in r.requires})
        lines[0] += (
            f"; {len(needs)} of them need more than pre-training ({', '.join(methods)}) and "
            "are not emerged from these FLOPs alone"
        )
    if ahead:
        nxt = ahead[0]
        lines.append(
            f"  next: {nxt.name} at {format_flops(nxt.emergence_flops or 0.0)} ({nxt.model_family})"
            + (f", needs {' + '.join(nxt.requires)}" if nxt.requires else "")
        )
    return lines


def translation_lines(rows: Sequence[TaskAssessment]) -> list[str]:
    """The distinct threshold translations used, to print under the table.

    Parameters
    ----------
    rows : sequence of TaskAssessment
        From :func:`planner.tasks._emergence.capabilities`.

    Returns
    -------
    list of str
    """
    seen: list[str] = []
    for r in rows:
        if r.translation and r.translation not in seen:
            seen.append(r.translation)
    lines = [f"threshold translation: {t}" for t in seen]
    shared: list[str] = []
    for r in rows:
        if r.shared_threshold_note and r.shared_threshold_note not in shared:
            shared.append(r.shared_threshold_note)
    lines += [f"shared threshold: {t}" for t in shared]
    lines += [
        f"{r.task}: {r.note}"
        for r in rows
        if r.status == "unknown" and r.note and r.table == "loss"
    ]
    return lines


def plan_markdown(p: Plan, rows: Sequence[TaskAssessment] = ()) -> str:
    """The plan (and its capabilities) as a Markdown document, for export.

    Parameters
    ----------
    p : Plan
        The plan.
    rows : sequence of TaskAssessment
        From :func:`planner.tasks._emergence.capabilities`.

    Returns
    -------
    str
    """
    lines = [f"# Plan: {format_flops(p.compute_flops)} FLOPs, law `{p.law}`", ""]
    lines += ["| | |", "|---|---|"]
    lines += [f"| {k} | {v.replace('|', '/')} |" for k, v in plan_rows(p)]
    if rows:
        header, table = emergence_rows(rows, p.compute_flops)
        lines += ["", "## Capabilities", "", "| " + " | ".join(header) + " |"]
        lines.append("|" + "---|" * len(header))
        lines += ["| " + " | ".join(r) + " |" for r in table]
        lines += [""] + [
            f"- {t}" for t in translation_lines(rows) + compute_view_summary(rows, p.compute_flops)
        ]
        from planner.report._shapes import shape_lines

        lines += [f"- {t.strip()}" for t in shape_lines(rows, p.compute_flops)]
    return "\n".join(lines) + "\n"


def plan_json_text(
    p: Plan,
    rows: Sequence[TaskAssessment],
    *,
    like: str | None = None,
    recipe: str | None = None,
    run: RunSheet | str | None = None,
    precision: PrecisionLoss | str | None = None,
) -> str:
    """The plan, its capabilities and its task scores as the JSON text of ``plan --json``.

    The TUI's export writes the same text.

    Parameters
    ----------
    p : Plan
        The plan.
    rows : sequence of TaskAssessment
        From :func:`planner.tasks._emergence.capabilities`.
    like : str, optional
        A calibrated family whose data recipe the scores assume.
    recipe : str, optional
        The run's data recipe (:data:`planner.scores._curves.RECIPES`).
    run : RunSheet or str, optional
        The run sheet under ``run`` (default: :func:`planner.report._run.plan_run_sheet` of the
        plan), or why none can be drawn up: then ``run`` is null and ``run_error`` says why.
    precision : PrecisionLoss or str, optional
        :func:`precision_view` at a training precision other than BF16, under
        ``precision_loss`` (absent by default).

    Returns
    -------
    str
        Indented JSON: the plan's fields, ``emergence`` (the capabilities) and ``scores``
        (:func:`planner.scores._curves.task_scores`: task, score, low, high, chance, emerged, sure,
        calibration), written by :func:`planner.io._json.json_text`.
    """
    from planner.io._json import json_text
    from planner.tasks._score_view import task_scores

    data = p.model_dump(mode="json")
    data["emergence"] = [r.model_dump(mode="json") for r in rows]
    scores = task_scores(p, like=like, recipe=recipe)
    data["scores"] = [s.model_dump(mode="json") for s in scores]
    from planner.errors import PlannerError
    from planner.report import _run as run_report

    try:
        if isinstance(run, str):
            raise PlannerError(run)
        sheet = run if run is not None else run_report.plan_run_sheet(p)
        data["run"] = run_report.run_json(sheet)
    except PlannerError as exc:  # e.g. a model beyond the shapes' range: the plan stands
        data["run"], data["run_error"] = None, str(exc)
    if precision is not None:
        data["precision_loss"] = precision_json(precision)
    return json_text(data)
