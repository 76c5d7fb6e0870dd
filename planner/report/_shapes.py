"""U-shaped and inverse tasks as lines of text: the plan's text, Markdown, the TUI's notes.

Presentation only (no terminal library): the assessment itself is :mod:`planner.tasks._ushaped`.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.tasks._emergence import list_tasks
from planner.tasks._records import Task, TaskAssessment
from planner.tasks._ushaped import ShapeAssessment, assess_shape
from planner.units import format_flops

__all__ = ["shape_lines", "shape_lines_for_compute", "shape_summary"]


def _lines(
    items: Sequence[tuple[str, ShapeAssessment]], compute_flops: float, prompting: bool
) -> list[str]:
    if not items:
        return []
    lines = [
        f"U-shaped and inverse tasks at {format_flops(compute_flops)} FLOPs (the Inverse Scaling "
        "Prize tasks: Wei et al. 2023 on PaLM, the Prize's evaluations of OPT; FLOPs of "
        "particular models, as in Wei et al. 2022 Table 1):"
    ]
    for task, a in items:
        lines.append(f"  {task}: {a.text}")
        if prompting:
            lines.append(f"    prompting: {a.prompting}")
    return lines


def shape_lines(
    rows: Sequence[TaskAssessment], compute_flops: float, *, prompting: bool = True
) -> list[str]:
    """Lines on the plan's U-shaped and inverse tasks: where it sits, the dip, prompting.

    Parameters
    ----------
    rows : sequence of TaskAssessment
        From :func:`planner.tasks._emergence.capabilities`.
    compute_flops : float
        The plan's compute.
    prompting : bool
        Add each task's line on what prompting changes.

    Returns
    -------
    list of str
        Empty when no row is U-shaped or inverse.
    """
    items = [(r.task, r.shape) for r in rows if r.shape is not None]
    return _lines(items, compute_flops, prompting)


def shape_lines_for_compute(
    compute_flops: float,
    tasks: Sequence[Task] | None = None,
    *,
    prompting: bool = False,
) -> list[str]:
    """The same lines for a bare compute (no plan needed: the assessment reads only compute).

    Parameters
    ----------
    compute_flops : float
        Training compute, on the FLOPs scale of Wei et al. 2022 Table 1.
    tasks : sequence of Task, optional
        The tasks (default: the registry, :func:`planner.tasks._emergence.list_tasks`).
    prompting : bool
        Add each task's line on what prompting changes.

    Returns
    -------
    list of str
    """
    tasks = list_tasks() if tasks is None else tasks
    items = [
        (t.id, assess_shape(t.kind, t.shape, compute_flops)) for t in tasks if t.shape is not None
    ]
    return _lines(items, compute_flops, prompting)


def shape_summary(compute_flops: float, tasks: Sequence[Task] | None = None) -> str:
    """One line: each U-shaped or inverse task's position at a compute.

    Parameters
    ----------
    compute_flops : float
        Training compute, on the FLOPs scale of Wei et al. 2022 Table 1.
    tasks : sequence of Task, optional
        The tasks (default: the registry).

    Returns
    -------
    str
        Empty when there is no such task.
    """
    tasks = list_tasks() if tasks is None else tasks
    # positions only: the measured ranges (shape_where) are in `planner tasks`; with them the
    # line wrapped past the metric view's plot at 80x24 once four tasks had shapes
    parts = [
        f"{t.id} {assess_shape(t.kind, t.shape, compute_flops).position.replace('_', ' ')}"
        for t in tasks
        if t.shape is not None
    ]
    if not parts:
        return ""
    return (
        "Accuracy that falls with scale (Inverse Scaling Prize tasks), at "
        f"{format_flops(compute_flops)} FLOPs: {'; '.join(parts)}"
    )
