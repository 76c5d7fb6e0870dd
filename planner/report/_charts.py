"""Chart data for the TUI (and figures): arrays and labels, no drawing library.

Each chart is a :class:`ChartSpec` of :class:`Series` computed with the same library calls a
user makes; the TUI's chart widget is the only place that draws them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from planner.laws._preset import LawPreset
from planner.planning._records import Plan
from planner.tasks._records import TaskAssessment
from planner.units import format_flops

__all__ = [
    "ChartSpec",
    "Series",
    "fit_chart",
    "frontier_chart",
    "isoflop_chart",
    "nopt_chart",
    "score_chart",
]


@dataclass(frozen=True)
class Series:
    """One line or marker set of a chart; x and y already in plotted units (log10 where noted)."""

    label: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    kind: str = "line"
    """``line``, ``scatter``, ``hline`` (a horizontal line at y[0] across the x range) or
    ``band`` (the area between ``y`` and ``y2``: an interval)."""
    y2: tuple[float, ...] = ()
    """The band's upper edge (``band`` only)."""
    marker: str = "●"
    """A ``scatter`` series' marker: ``★`` the plan, ``◆`` an optimum, ``●`` the rest."""


@dataclass(frozen=True)
class ChartSpec:
    """Pure chart data: the TUI's plotting adapter draws it, tests inspect it."""

    title: str
    x_label: str
    y_label: str
    series: tuple[Series, ...]
    x_log10: bool = True
    y_log10: bool = False
    note: str = ""


def _budget_grid(center: float, decades: float = 4.0, points: int = 121) -> np.ndarray:
    lc = math.log10(center)
    return np.logspace(lc - decades, lc + decades, points)


def frontier_chart(p: Plan, rows: Sequence[TaskAssessment] = ()) -> ChartSpec:
    """Loss along the compute-optimal frontier, the plan marked, loss thresholds drawn across.

    Parameters
    ----------
    p : Plan
        The plan to mark; its law (``p.law_preset``) draws the frontier.
    rows : sequence of TaskAssessment
        Capabilities whose loss thresholds are drawn.

    Returns
    -------
    ChartSpec
        Empty of series when the law has no loss model.
    """
    from planner.laws._solve import allocate
    from planner.limits import COMPUTE_RANGE_FLOPS

    law = p.law_preset
    c = _budget_grid(p.compute_flops)
    c = c[(c >= COMPUTE_RANGE_FLOPS[0]) & (c <= COMPUTE_RANGE_FLOPS[1])]
    alloc = allocate(c, law)
    if alloc.loss is None or p.loss is None:
        return ChartSpec(
            "loss vs compute", "log10 compute (FLOPs)", "loss", (), note=f"{law.id}: no loss model"
        )
    x = tuple(np.log10(c).tolist())
    series = [Series(f"{law.id} frontier", x, tuple(alloc.loss.tolist()))]
    seen: set[float] = set()
    for r in rows:
        if r.threshold_loss is not None and round(r.threshold_loss, 6) not in seen:
            seen.add(round(r.threshold_loss, 6))
            series.append(
                Series(f"threshold {r.task}", (x[0], x[-1]), (r.threshold_loss,) * 2, "hline")
            )
            if r.threshold_band is not None:  # the band the threshold may lie in, shaded
                lo, hi = r.threshold_band
                series.append(
                    Series(f"threshold {r.task} band", (x[0], x[-1]), (lo, lo), "band", (hi, hi))
                )
    series.append(Series("plan", (math.log10(p.compute_flops),), (p.loss,), "scatter", marker="★"))
    scale = law.loss_scale.id if law.loss_scale else "?"
    return ChartSpec(
        "loss along the optimal frontier",
        "log10 compute (FLOPs)",
        "loss",
        tuple(series),
        note=f"loss in nats on {scale}",
    )


def isoflop_chart(p: Plan) -> ChartSpec:
    """Loss against N at the plan's compute (the iso-FLOP curve), with its minimum.

    Parameters
    ----------
    p : Plan
        The plan (its compute, N and law are used).

    Returns
    -------
    ChartSpec
    """
    from planner.limits import PARAMS_RANGE, TOKENS_RANGE

    law = p.law_preset
    model = law.law
    if not model.has_loss:
        return ChartSpec("iso-FLOP", "log10 N", "loss", (), note=f"{law.id}: no loss model")
    n = np.logspace(math.log10(p.n_params) - 1.5, math.log10(p.n_params) + 1.5, 121)
    d = p.compute_flops / (6.0 * n)
    ok = (n >= PARAMS_RANGE[0]) & (d >= TOKENS_RANGE[0]) & (d <= TOKENS_RANGE[1])
    n, d = n[ok], d[ok]
    loss = np.asarray(model.predict(n, d))
    i = int(np.argmin(loss))
    return ChartSpec(
        f"iso-FLOP curve at {format_flops(p.compute_flops)} FLOPs",
        "log10 parameters N",
        "loss",
        (
            Series("loss at fixed compute", tuple(np.log10(n).tolist()), tuple(loss.tolist())),
            Series("minimum", (float(np.log10(n[i])),), (float(loss[i]),), "scatter", marker="◆"),
            Series(
                "plan",
                (math.log10(p.n_params),),
                (float(p.loss or loss[i]),),
                "scatter",
                marker="★",
            ),
        ),
    )


def nopt_chart(p: Plan, laws: Sequence[LawPreset]) -> ChartSpec:
    """N_opt against compute for every law, side by side (log-log).

    Parameters
    ----------
    p : Plan
        The plan (its compute is marked).
    laws : sequence of LawPreset
        The laws to draw.

    Returns
    -------
    ChartSpec
    """
    from planner.laws._solve import allocate
    from planner.limits import COMPUTE_RANGE_FLOPS

    c = _budget_grid(p.compute_flops, 3.0, 61)
    c = c[(c >= COMPUTE_RANGE_FLOPS[0]) & (c <= COMPUTE_RANGE_FLOPS[1])]
    x = tuple(np.log10(c).tolist())
    series = [
        Series(law.id, x, tuple(np.log10(allocate(c, law).n_params).tolist())) for law in laws
    ]
    series.append(
        Series(
            "plan",
            (math.log10(p.compute_flops),),
            (math.log10(p.n_params),),
            "scatter",
            marker="★",
        )
    )
    return ChartSpec(
        "N_opt vs compute, every law",
        "log10 compute (FLOPs)",
        "log10 N_opt",
        tuple(series),
        y_log10=True,
        note="non-embedding N for kaplan2020 and deepseek2024",
    )


def score_chart(p: Plan, tasks: Sequence[str] = ()) -> ChartSpec:
    """Task scores along the law's compute-optimal frontier, with their 80% intervals.

    The same curves as the plan's score table (:func:`planner.scores._predict.task_scores` at each
    compute's optimal plan, through :func:`planner.scores._curves.curve_score`), the plan marked.

    Parameters
    ----------
    p : Plan
        The plan to mark; its law's frontier (``p.law_preset``) gives N and D at each compute.
    tasks : sequence of str
        Task ids to draw (default: every calibrated task with a chance score).

    Returns
    -------
    ChartSpec
        Scores in percent; per task a line, a band (the interval) and chance as a dashed line.
    """
    from planner.limits import COMPUTE_RANGE_FLOPS
    from planner.scores._calibration import load_score_calibration
    from planner.scores._curves import curve_score
    from planner.scores._predict import task_scores

    law = p.law_preset
    c = _budget_grid(p.compute_flops, 3.0, 61)
    c = c[(c >= COMPUTE_RANGE_FLOPS[0]) & (c <= COMPUTE_RANGE_FLOPS[1])]
    n, d = (np.asarray(v, dtype=np.float64) for v in law.law.optimum(c))
    x = tuple(np.log10(c).tolist())
    wanted = set(tasks)
    at_plan = {s.task: s for s in task_scores(p)}
    series = []
    for curve in load_score_calibration().curve:
        if (wanted and curve.task not in wanted) or (not wanted and curve.floor_fitted):
            continue
        score, low, high = curve_score(curve, n, d)
        band = tuple((100 * high).tolist())
        series += [
            Series(curve.task, x, tuple((100 * score).tolist())),
            Series(f"{curve.task} 80%", x, tuple((100 * low).tolist()), "band", band),
        ]
        if curve.task in at_plan:
            at = (math.log10(p.compute_flops),)
            series.append(
                Series(f"{curve.task} plan", at, (100 * at_plan[curve.task].score,), "scatter")
            )
    return ChartSpec(
        f"task scores along {law.id}'s frontier",
        "log10 compute (FLOPs)",
        "score (%)",
        tuple(series),
        note="obsscaling2024 curves, general recipe; bands: 80% intervals (family spread)",
    )


def fit_chart(
    n_params: np.ndarray, n_tokens: np.ndarray, loss: np.ndarray, law: LawPreset
) -> ChartSpec:
    """Measured runs against the fitted law's loss at each run's (N, D), by compute.

    Parameters
    ----------
    n_params, n_tokens, loss : ndarray
        The runs the law was fitted on.
    law : LawPreset
        The fitted law (:func:`planner.fit._lawfile.fit_to_law`).

    Returns
    -------
    ChartSpec
        Two scatters (measured ``●``, fitted ``◆``); the note gives the residuals' RMS and
        largest, in the loss's units.
    """
    x = tuple(np.log10(6.0 * n_params * n_tokens).tolist())
    fitted = np.asarray(law.law.predict(n_params, n_tokens), dtype=np.float64)
    resid = loss - fitted
    rms = float(np.sqrt(np.mean(resid**2)))
    worst = float(np.max(np.abs(resid)))
    return ChartSpec(
        "runs against the fitted law",
        "log10 compute (FLOPs)",
        "loss",
        (
            Series("measured", x, tuple(loss.tolist()), "scatter"),
            Series("fitted law", x, tuple(fitted.tolist()), "scatter", marker="◆"),
        ),
        note=f"residuals: RMS {rms:.4f}, largest {worst:.4f}",
    )
