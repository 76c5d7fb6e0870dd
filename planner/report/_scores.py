"""Text of the task-score table: rows, interval bars and the calibration line.

Shared by ``planner plan`` and the TUI's score table (no terminal library is imported here).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from planner.scores._records import TaskScore

if TYPE_CHECKING:
    from planner.planning._records import Plan


def emerged_text(p: Plan) -> str:
    """The tasks a plan's score curves call emerged (their whole 80% interval past the line).

    Parameters
    ----------
    p : Plan
        A plan (its law's own task curves included).

    Returns
    -------
    str
        Task ids separated by spaces ("" when none); a task that needs more than pre-training
        (``Task.requires``, e.g. GSM8K's chain of thought) is marked ``gsm8k(needs CoT
        prompting)``: it is not emerged from the compute alone.
    """
    from planner.scores._predict import emerged_tasks

    needs = task_needs()
    return " ".join(f"{t}(needs {needs[t]})" if t in needs else t for t in emerged_tasks(p))


def task_needs() -> dict[str, str]:
    """What each task needs beyond pre-training, from the task files (``Task.requires``).

    A score measured with a prompting method or after fine-tuning is never read as emerged from
    pre-training FLOPs alone (issue 19 item 4): the tables that list or count emerged tasks
    mark or leave out these.

    Returns
    -------
    dict of str to str
        Task id to its needs joined by `` + `` (``{"gsm8k": "CoT prompting"}``); tasks that
        need nothing are absent.
    """
    from planner.tasks._emergence import list_tasks

    return {t.id: " + ".join(t.requires) for t in list_tasks() if t.requires}


__all__ = ["emerged_text", "score_bar", "score_rows", "score_source", "task_needs"]


def score_bar(score: float, low: float, high: float, chance: float | None, width: int = 21) -> str:
    """A score and its interval on a 0-100% text scale: ``─`` the interval, ``●`` the score.

    Chance is marked ``│`` where it falls outside the interval.

    Parameters
    ----------
    score, low, high : float
        In [0, 1], ``low <= score <= high``.
    chance : float or None
        The random-guess score.
    width : int
        Characters (cell i covers [i, i+1) / width of the scale).

    Returns
    -------
    str
        ``width`` characters.

    Examples
    --------
    >>> score_bar(0.5, 0.3, 0.7, 0.25, width=11)
    '  │──●──   '
    """

    def cell(x: float) -> int:
        return min(width - 1, max(0, int(x * width)))

    bar = [" "] * width
    for i in range(cell(low), cell(high) + 1):
        bar[i] = "─"
    if chance is not None and bar[cell(chance)] == " ":
        bar[cell(chance)] = "│"
    bar[cell(score)] = "●"
    return "".join(bar)


def score_source(scores: Sequence[TaskScore]) -> str:
    """The lines under a score table saying where the curves come from ("" with no scores).

    One line per distinct calibration, naming its tasks when there are several.

    Parameters
    ----------
    scores : sequence of TaskScore
        From :func:`planner.scores._predict.task_scores`.

    Returns
    -------
    str
    """
    by: dict[str, list[str]] = {}
    for s in scores:
        by.setdefault(s.calibration, []).append(s.task)
    if len(by) == 1:
        return f"scores: {next(iter(by))}"
    return "\n".join(f"scores of {', '.join(tasks)}: {how}" for how, tasks in by.items())


def score_rows(scores: Sequence[TaskScore]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the task-score table.

    Parameters
    ----------
    scores : sequence of TaskScore
        From :func:`planner.scores._curves.task_scores`.

    Returns
    -------
    header : list of str
    rows : list of list of str
        A task that needs more than pre-training (``Task.requires``) is ``emerged with CoT
        prompting`` rather than ``emerged``.
    """
    from planner.tasks._emergence import list_tasks

    # a score measured with a prompting method (GSM8K: few-shot chain of thought) emerged with
    # that method, not from the compute alone: the status says so, as the capabilities do
    needs = {t.id: " + ".join(t.requires) for t in list_tasks() if t.requires}
    header = ["task", "score", "80% interval", "chance", "status"]
    rows = []
    for s in scores:
        call = "-" if s.status is None else s.status.replace("_", " ")
        if s.status == "emerged" and s.task in needs:
            call = f"emerged with {needs[s.task]}"
        rows.append(
            [
                s.task,
                f"{s.score:.0%}",
                f"[{s.low:.0%}, {s.high:.0%}]",
                "-" if s.chance is None else f"{s.chance:.0%}",
                call,
            ]
        )
    return header, rows
