"""The plan in one line, for the top of the TUI and of ``planner plan``.

``96B params · 1.74T tok · loss 1.96 (massivetext-sp32k) · 702K GPU-h · $1.75M · 14.3 d · MMLU 67%
[58, 74]``: the figures a reader wants first, each from the plan, its score table and run sheet
(no new numbers). The loss carries its scale (corpus and tokenizer): losses on different scales do
not compare. A run sheet whose deadline is missed adds by how much.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from planner.units import format_count, format_days, format_dollars, format_gpu_hours

if TYPE_CHECKING:
    from planner.planning._records import Plan
    from planner.run._sheet import RunSheet
    from planner.scores._records import TaskScore

__all__ = ["summary_line"]

SEP = " · "


def summary_line(
    p: Plan, scores: Sequence[TaskScore] = (), task: str = "mmlu", run: RunSheet | None = None
) -> str:
    """The plan's headline figures in one line.

    A mixture of experts leads with its total and active parameters (``1.23T total, 212B
    active``); a dense plan with its parameters.

    Parameters
    ----------
    p : Plan
        The plan.
    scores : sequence of TaskScore
        Its scores (:func:`planner.scores._predict.task_scores`); ``task``'s is shown.
    task : str
        The task whose score leads (default MMLU).
    run : RunSheet, optional
        The plan's run sheet: a missed deadline (``run.deadline_missed_days``) is added.

    Returns
    -------
    str

    Examples
    --------
    >>> from planner import plan
    >>> summary_line(plan(1e24)).split(" · ")[:3]
    ['95.9B params', '1.74T tok', 'loss 1.96 (massivetext-sp32k)']
    """
    params = f"{format_count(p.n_params)} params"
    if p.routing is not None and p.n_active_params is not None:  # a mixture of experts
        params = f"{format_count(p.n_params)} total, {format_count(p.n_active_params)} active"
    parts = [params, f"{format_count(p.n_tokens)} tok"]
    if p.loss is not None:
        scale = f" ({p.loss_scale.id})" if p.loss_scale is not None else ""
        parts.append(f"loss {p.loss:.2f}{scale}")
    hw = p.hardware
    if hw is not None:
        parts.append(format_gpu_hours(hw.gpu_hours))
        if hw.cost_dollars is not None:
            parts.append(format_dollars(hw.cost_dollars))
        if hw.wall_clock_days is not None:
            parts.append(format_days(hw.wall_clock_days))
    lead = next((s for s in scores if s.task == task), None)
    if lead is not None:
        parts.append(
            f"{task.upper()} {lead.score:.0%} [{lead.low * 100:.0f}, {lead.high * 100:.0f}]"
        )
    if run is not None and run.deadline_missed_days is not None and run.deadline_days:
        parts.append(
            f"MISSES the {format_days(run.deadline_days)} deadline by "
            f"{format_days(run.deadline_missed_days)}"
        )
    return SEP.join(parts)
