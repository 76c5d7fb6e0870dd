"""What a task needs beyond pre-training, and how tasks sharing one loss threshold agree.

- **Needs.** Wei et al. 2022 (arXiv:2206.07682) Table 1 lists "augmented prompting abilities"
  apart from the few-shot ones: instruction following and scratchpad need finetuning, chain of
  thought and the others a prompting or decoding method (section 4). A task whose file names
  such a requirement (``Task.requires``) is never called emerged from pre-training compute:
  its status is ``needs`` where compute alone would say ``emerged``.
- **Shared thresholds.** Du et al. 2024 (arXiv:2403.15796) find one loss threshold for MMLU,
  C-Eval, GSM8K and GSM8K-Chinese; under a law they reach it at one compute. Tasks decided by a
  score curve instead get a different compute to emerge; the assessment says why.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec.structs import replace

from planner.tasks._records import Task, TaskAssessment, TaskFile
from planner.units import format_flops

__all__ = ["mark_shared_thresholds", "needs_fields"]


def needs_fields(fields: dict[str, object], task: Task) -> dict[str, object]:
    """An assessment's fields for a task that needs more than pre-training.

    Where compute alone would call it ``emerged`` (its status or a cross-check), it is
    ``needs`` instead, with ``requires`` naming what (Wei et al. 2022 Table 1, "augmented
    prompting abilities", and section 4: prompting and finetuning strategies).

    Parameters
    ----------
    fields : dict
        The assessment's fields as the views decided them.
    task : Task
        The task, with ``requires``.

    Returns
    -------
    dict
        A new dict.
    """
    out = dict(fields, requires=task.requires)
    what = " + ".join(task.requires)
    for key in ("status", "loss_status", "compute_status"):
        if out.get(key) == "emerged":
            out[key] = "needs"
    if out["status"] == "needs":
        why = (
            f"the compute reaches the scale where it was seen, but the ability needs {what} "
            f"({task.requires_source}): pre-training compute alone does not give it"
        )
        out["note"] = f"{why}; {out['note']}" if out.get("note") else why
    return out


def mark_shared_thresholds(
    shared: Sequence[tuple[Task, TaskFile] | None], rows: Sequence[TaskAssessment]
) -> tuple[TaskAssessment, ...]:
    """Mark tasks that share their file's loss threshold, and say why their compute differs.

    Tasks sharing one threshold (Du et al.'s ~2.2 for MMLU, C-Eval, GSM8K, GSM8K-Chinese) reach
    it at one compute in the loss view. A task with a calibrated score curve is decided by that
    curve instead, whose line (the 80% interval's lower end past chance + 5 points) is not the
    threshold's midpoint, so its compute to emerge differs from its siblings': the note says so.

    Parameters
    ----------
    shared : sequence of (Task, TaskFile) or None
        Per row, the task and its file where the task takes the file's shared threshold.
    rows : sequence of TaskAssessment
        The assessments, in the same order.

    Returns
    -------
    tuple of TaskAssessment
        With ``shared_threshold`` and ``shared_threshold_note`` set on the sharing tasks.
    """
    groups: dict[int, list[int]] = {}
    for i, pair in enumerate(shared):
        if pair is not None:
            groups.setdefault(id(pair[1]), []).append(i)
    out = list(rows)
    for members in groups.values():
        if len(members) < 2:
            continue
        pair = shared[members[0]]
        assert pair is not None
        file = pair[1]
        assert file.threshold is not None and file.loss_scale is not None
        label = f"{file.loss_scale.id} threshold {file.threshold.loss:g}"
        note = _shared_note([rows[i] for i in members], label)
        for i in members:
            out[i] = replace(rows[i], shared_threshold=label, shared_threshold_note=note)
    return tuple(out)


def _shared_note(rows: list[TaskAssessment], label: str) -> str | None:
    """Why tasks sharing one threshold get different compute to emerge (None: they do not)."""
    loss_at = {}
    for r in rows:
        at = r.compute_flops_to_emerge if r.view == "loss" else r.loss_compute_flops_to_emerge
        if at is not None:
            loss_at[r.task] = at
    if not loss_at:
        return None
    names = ", ".join(r.task for r in rows)
    dates = sorted(set(loss_at.values()))
    if len(dates) == 1:
        text = (
            f"{names} share one loss threshold ({label}), reached at {format_flops(dates[0])} FLOPs"
        )
    else:
        each = ", ".join(f"{t} {format_flops(a)}" for t, a in loss_at.items())
        text = f"{names} share one loss threshold ({label}); user thresholds move it: {each}"
    by_score = [r for r in rows if r.view == "score"]
    others = [r for r in rows if r.view != "score"]
    if not by_score:
        return text
    scored = ", ".join(
        f"{r.task} ("
        + (
            "never"
            if r.compute_flops_to_emerge is None
            else format_flops(r.compute_flops_to_emerge)
        )
        + ")"
        for r in by_score
    )
    text += (
        f"; {scored} are decided by their score curves, whose line (the 80% interval's lower end "
        "past chance + 5 points) is not the threshold's midpoint"
    )
    if others:
        text += (
            f"; {', '.join(r.task for r in others)} have no score curve, so the threshold "
            "alone decides them"
        )
    return text
