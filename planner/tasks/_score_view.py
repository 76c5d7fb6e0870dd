r"""The score view of a task: emerged or not, P(emerged) and compute-to-emerge from its curve.

A task with a calibrated score curve (:mod:`planner.scores._curves`) takes its status from that
curve,
the same numbers as the plan's score table:

- **status**: ``emerged`` when the whole 80% interval clears the line
  :math:`f + m` (chance plus :data:`~planner.scores._curves.EMERGED_MARGIN`), ``not_yet`` when the
  whole
  interval is below it, ``near`` when the interval straddles it;
- **P(emerged)**: the probability that the score is past the line, reading the interval as a
  split normal with its 10th and 90th percentiles at the interval's ends (the two halves'
  standard deviations are :math:`(s - \ell)/z_{0.9}` and :math:`(h - s)/z_{0.9}`,
  :math:`z_{0.9} = 1.2816`): :math:`P = \Phi((s - f - m)/\sigma)` with the half on the line's
  side;
- **margin**: :math:`s - (f + m)`, in score units;
- **compute to emerge**: the least compute at which the interval's lower end reaches the line
  along the law's compute-optimal frontier (:func:`planner.scores._curves.compute_for_score`), so
  that a
  plan at that compute is called emerged.

Du et al.'s loss threshold and Wei et al.'s emergence FLOPs stay beside it as cross-checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from planner.errors import InfeasibleError
from planner.laws._preset import LawPreset
from planner.scores._curves import EMERGED_MARGIN, Z90, TaskScore, probability_past
from planner.scores._predict import compute_for_score
from planner.scores._predict import task_scores as curve_task_scores

if TYPE_CHECKING:
    from planner.planning._records import Plan
    from planner.scores._records import ScoreCalibration

__all__ = ["Z90", "emerged_probability", "score_view", "task_scores"]


def task_scores(
    plan: Plan,
    calibration: ScoreCalibration | None = None,
    *,
    like: str | None = None,
    recipe: str | None = None,
) -> tuple[TaskScore, ...]:
    """The scores a plan should reach on each calibrated task, with what each score needed.

    :func:`planner.scores.task_scores` (the curves' scores and 80% intervals), each with
    ``requires`` set from its task file (``presets/tasks``: GSM8K's ``("CoT prompting",)``, Du et
    al. 2024 evaluate it with few-shot chain of thought): a score measured with a prompting
    method or after fine-tuning is never read as emerged from pre-training FLOPs alone (issue 19
    item 4). This is ``planner.task_scores``, what ``plan --json``'s ``scores``, the CLI's score
    table and the TUI show.

    Parameters
    ----------
    plan : Plan
    calibration : ScoreCalibration, optional
    like, recipe : str, optional
        As :func:`planner.scores.task_scores`.

    Returns
    -------
    tuple of TaskScore

    Examples
    --------
    >>> from planner import plan_model
    >>> s = {t.task: t for t in task_scores(plan_model("70B", "15T"))}
    >>> s["gsm8k"].requires, s["mmlu"].requires
    (('CoT prompting',), ())
    """
    from planner.tasks._files import list_task_files

    scores = curve_task_scores(plan, calibration, like=like, recipe=recipe)
    needs = {t.id: tuple(t.requires) for f in list_task_files() for t in f.task if t.requires}
    return tuple(
        msgspec.structs.replace(s, requires=needs[s.task]) if s.task in needs else s for s in scores
    )


def emerged_probability(score: TaskScore) -> float:
    r"""P(score >= chance + margin), the 80% interval read as a split normal.

    :math:`P = \Phi((s - f - m)/\sigma)`, :math:`\sigma = (s - \ell)/z_{0.9}` when the score is
    above the line, else :math:`(h - s)/z_{0.9}`; a zero-width half gives 0 or 1.

    Parameters
    ----------
    score : TaskScore
        With a chance score.

    Returns
    -------
    float
        In [0, 1]; 0.5 exactly on the line.

    Examples
    --------
    >>> s = TaskScore(task="t", score=0.35, low=0.30, high=0.40, chance=0.25, emerged=True,
    ...               sure=False, calibration="")
    >>> round(emerged_probability(s), 3)
    0.9
    """
    assert score.chance is not None
    return probability_past(score.score, score.low, score.high, score.chance + EMERGED_MARGIN)


def score_view(
    score: TaskScore,
    preset: LawPreset,
    *,
    like: str | None = None,
    recipe: str | None = None,
) -> dict[str, object]:
    """The score-view fields of a :class:`~planner.tasks._records.TaskAssessment`.

    Parameters
    ----------
    score : TaskScore
        The task's score at the plan, with a chance score.
    preset : LawPreset
        The plan's law (its frontier gives the compute to emerge).
    like, recipe : str, optional
        As passed to :func:`planner.scores._curves.task_scores`.

    Returns
    -------
    dict
        ``view``, ``status``, ``probability``, ``probability_note``, ``estimated_score``,
        ``score_low``, ``score_high``, ``score_margin``, ``compute_flops_to_emerge``,
        ``score_note``.
    """
    assert score.chance is not None and score.status is not None
    line = score.chance + EMERGED_MARGIN
    note = f"{score.score:.0%} [{score.low:.0%}, {score.high:.0%}]: {score.calibration}"
    try:
        to_emerge: float | None = compute_for_score(
            score.task, line, law=preset, like=like, recipe=recipe
        )
    except InfeasibleError as exc:
        to_emerge = None
        note += f"; never emerges within the planner's compute range ({exc})"
    return {
        "view": "score",
        "status": score.status,
        "probability": emerged_probability(score),
        "probability_note": (
            f"P(score >= chance + {EMERGED_MARGIN:.0%}): the 80% interval read as a split normal"
        ),
        "estimated_score": score.score,
        "score_low": score.low,
        "score_high": score.high,
        "score_margin": score.score - line,
        "compute_flops_to_emerge": to_emerge,
        "score_note": note,
    }
