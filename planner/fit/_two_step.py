"""Check the two-step task prediction on a ladder: fit the small runs, predict the large ones.

Bhagia et al. 2024 (arXiv:2412.04403) validate their two-step method by fitting a ladder of
small models and predicting the largest: :func:`two_step_check` does the same on any CSV of
runs with task columns, as ``planner fit --max-params ... --task-col ...`` followed by
``planner plan --law`` would: the loss law (:func:`planner.fit._parametric.fit_runs`) and the task
curves
(:func:`planner.fit._task_curves.fit_loss_curve`) are fitted on the runs with at most ``max_params``
parameters, and every larger run's loss and task scores are predicted at its own (N, D).
``benchmarks/bench_two_step.py`` runs it on Gadre et al. 2024's released runs.
"""

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from planner.data._frozen import Frozen
from planner.errors import InputError

__all__ = ["TwoStepRow", "two_step_check"]


class TwoStepRow(Frozen):
    """One held-out run's prediction of its loss or of one task's score."""

    group: str
    """The value of the group column (e.g. the pre-training corpus)."""
    n_params: float
    n_tokens: float
    what: str
    """``loss`` or a task id."""
    predicted: float
    measured: float
    low: float | None
    """The 80% interval (None for the loss, whose law is fitted without bootstrap here)."""
    high: float | None

    @property
    def rel_error(self) -> float:
        """|predicted - measured| / measured."""
        return abs(self.predicted - self.measured) / self.measured


def two_step_check(
    path: str | Path,
    tasks: Mapping[str, str],
    *,
    max_params: float,
    loss_col: str = "loss",
    group_col: str | None = "dataset",
    bootstrap: int = 200,
    kind: str = "parametric",
) -> tuple[TwoStepRow, ...]:
    """Fit runs up to ``max_params`` (per group), predict the larger runs' loss and scores.

    Parameters
    ----------
    path : str or Path
        A CSV of runs (see :func:`planner.fit._runs.read_runs`) with the task columns.
    tasks : mapping of str to str
        Task id -> score column.
    max_params : float
        The largest N fitted; runs above it are predicted.
    loss_col : str
        The loss column.
    group_col : str or None
        Fit each value of this column separately (None: all runs together).
    bootstrap : int
        Bootstrap refits of each task curve (its interval).
    kind : str
        The law kind fitted in step one (``parametric``, ``gadre``, ...: ``planner fit --kind``).

    Returns
    -------
    tuple of TwoStepRow
        Per held-out run: its loss, then each task.

    Raises
    ------
    InputError
        A group without runs above ``max_params``.
    """
    import csv

    from planner.fit._kinds import fit_kind
    from planner.fit._lawfile import fit_to_law
    from planner.fit._parametric import fit_runs
    from planner.fit._runs import read_runs
    from planner.fit._task_curves import fit_loss_curve
    from planner.scores._curves import loss_curve_score

    groups: list[str | None] = [None]
    if group_col is not None:
        import io

        from planner.io._files import open_regular

        with open_regular(path) as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as f:
            groups = sorted({row[group_col] for row in csv.DictReader(f)})
    out = []
    for group in groups:
        where = {} if group is None or group_col is None else {group_col: group}
        runs = read_runs(path, loss_col=loss_col, where=where, task_cols=tasks)
        small = runs.subset(np.flatnonzero(runs.n_params <= max_params))
        big = np.flatnonzero(runs.n_params > max_params)
        if big.size == 0:
            raise InputError(f"{group or path}: no runs above max_params = {max_params:g}")
        if kind == "parametric":
            law = fit_to_law(fit_runs(small, holdout_fraction=0.0), law_id="two-step-check")
        else:
            law = fit_to_law(fit_kind(small, kind, holdout_fraction=0.0), law_id="two-step")
        loss = np.asarray(law.law.predict(runs.n_params[big], runs.n_tokens[big]))
        curves = {
            task: fit_loss_curve(task, col, small.loss, small.scores[task], bootstrap=bootstrap)
            for task, col in tasks.items()
        }
        for j, i in enumerate(big):
            common = {
                "group": group or "",
                "n_params": float(runs.n_params[i]),
                "n_tokens": float(runs.n_tokens[i]),
            }
            out.append(
                TwoStepRow(
                    **common,  # type: ignore[arg-type]
                    what="loss",
                    predicted=float(loss[j]),
                    measured=float(runs.loss[i]),
                    low=None,
                    high=None,
                )
            )
            for task, curve in curves.items():
                score, low, high = (float(x) for x in loss_curve_score(curve, loss[j]))
                out.append(
                    TwoStepRow(
                        **common,  # type: ignore[arg-type]
                        what=task,
                        predicted=score,
                        measured=float(runs.scores[task][i]),
                        low=low,
                        high=high,
                    )
                )
    return tuple(out)
