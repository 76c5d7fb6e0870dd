"""Chart data for the TUI (and figures): arrays, labels and colours, no drawing library.

Each chart is a :class:`ChartSpec` of :class:`Series` computed with the same library calls a
user makes; the TUI's chart widget and :mod:`planner.report._figures` draw them. The series are
listed back to front (shaded bands, then reference lines, then curves, then markers) and each
carries its colour, so both renderers draw a curve over a band and give a threshold's line, its
band and its legend swatch one colour.
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
    "CHART_COLORS",
    "DASHES",
    "ChartSpec",
    "Series",
    "coinciding",
    "fit_chart",
    "frontier_chart",
    "isoflop_chart",
    "nopt_chart",
    "score_chart",
]


CHART_COLORS = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#999999",  # grey
)
"""The colours of chart lines and bands, for the TUI and the figures alike.

Okabe & Ito's colour-blind-safe palette (M. Okabe and K. Ito, "Color Universal Design (CUD): how
to make figures and presentations that are friendly to colorblind people", 2008,
https://jfly.uni-koeln.de/color/; hex values as in R's ``grDevices::palette.colors("Okabe-Ito")``
and the Cookbook for R's colour-blind-friendly palette with grey), without its black (unseen on a
dark terminal) and its yellow (unseen on white paper).
"""

DASHES = ("solid", "dashed", "dotted", "dashdot")
"""Line styles by name (matplotlib's): with :data:`CHART_COLORS` they tell up to 28 lines apart
in greyscale, as (colour, dash) pairs cycle together."""


def _line_style(k: int) -> tuple[str, str]:
    """The colour and dash of a chart's ``k``-th line: no two of the first 28 share both.

    Parameters
    ----------
    k : int
        The line's index among the chart's lines (0-based).

    Returns
    -------
    color, dash : str
        ``CHART_COLORS[k mod 7]`` and ``DASHES[k mod 4]``: the pair repeats only after
        lcm(7, 4) = 28 lines.
    """
    return CHART_COLORS[k % len(CHART_COLORS)], DASHES[k % len(DASHES)]


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
    color: str = ""
    """Its colour (``#rrggbb``, from :data:`CHART_COLORS`), the same in every renderer and in
    the legend; empty for markers drawn in the foreground colour (the plan, an optimum)."""
    dash: str = "solid"
    """A line's style, one of :data:`DASHES` (figures; a terminal draws every line solid)."""
    panel: str = ""
    """The panel a figure draws it in (one panel per distinct value, e.g. per task); empty: the
    one panel. The TUI draws every series in one chart."""


@dataclass(frozen=True)
class ChartSpec:
    """Pure chart data: the TUI's plotting adapter draws it, tests inspect it."""

    title: str
    """Names the law the chart is drawn for."""
    x_label: str
    """The axis quantity with its unit, e.g. ``log10 compute (FLOPs)`` (``log10`` where the values
    are logarithms: ``x_log10``)."""
    y_label: str
    """The y quantity, short enough for a terminal's axis: ``loss``, ``score (%)``."""
    series: tuple[Series, ...]
    """Back to front: bands first, then reference lines, curves and markers."""
    x_log10: bool = True
    y_log10: bool = False
    note: str = ""
    y_unit: str = ""
    """The y unit where ``y_label`` has none, e.g. ``nats/token, massivetext-sp32k`` for a loss
    (its unit and scale): a figure's axis reads ``loss (nats/token, massivetext-sp32k)``; the
    TUI, short of room on its y axis, gives it in the note."""


def _budget_grid(center: float, decades: float = 4.0, points: int = 121) -> np.ndarray:
    lc = math.log10(center)
    return np.logspace(lc - decades, lc + decades, points)


def _loss_unit(law: LawPreset, joiner: str = ", ") -> str:
    """A loss's unit and scale: ``nats/token, massivetext-sp32k`` (``joiner`` between)."""
    scale = law.loss_scale
    return f"{scale.unit}{joiner}{scale.id}" if scale else "nats/token (scale not stated)"


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
        Empty of series when the law has no loss model. Back to front: each threshold's band
        (shaded), the thresholds (dashed, each in its band's colour), the frontier, the plan: the
        frontier stays visible where it crosses a band.
    """
    from planner.laws._solve import allocate
    from planner.limits import COMPUTE_RANGE_FLOPS

    law = p.law_preset
    title = f"{law.id}: loss along the compute-optimal frontier"
    c = _budget_grid(p.compute_flops)
    c = c[(c >= COMPUTE_RANGE_FLOPS[0]) & (c <= COMPUTE_RANGE_FLOPS[1])]
    alloc = allocate(c, law)
    if alloc.loss is None or p.loss is None:
        return ChartSpec(
            title, "log10 compute (FLOPs)", "loss", (), note=f"{law.id}: no loss model"
        )
    x = tuple(np.log10(c).tolist())
    bands: list[Series] = []
    lines: list[Series] = []
    seen: set[float] = set()
    for r in rows:
        if r.threshold_loss is not None and round(r.threshold_loss, 6) not in seen:
            seen.add(round(r.threshold_loss, 6))
            color = CHART_COLORS[(1 + len(lines)) % len(CHART_COLORS)]  # [0]: the frontier
            lines.append(
                Series(
                    f"threshold {r.task}",
                    (x[0], x[-1]),
                    (r.threshold_loss,) * 2,
                    "hline",
                    color=color,
                    dash="dashed",
                )
            )
            if r.threshold_band is not None:  # the band the threshold may lie in, shaded
                lo, hi = r.threshold_band
                bands.append(
                    Series(
                        f"threshold {r.task} band",
                        (x[0], x[-1]),
                        (lo, lo),
                        "band",
                        (hi, hi),
                        color=color,
                    )
                )
    frontier = Series(f"{law.id} frontier", x, tuple(alloc.loss.tolist()), color=CHART_COLORS[0])
    plan = Series("plan", (math.log10(p.compute_flops),), (p.loss,), "scatter", marker="★")
    note = f"loss in {_loss_unit(law, ' on ')}"
    if lines:
        note += "; dashed: task thresholds, shaded: their bands"
    return ChartSpec(
        title,
        "log10 compute (FLOPs)",
        "loss",
        (*bands, *lines, frontier, plan),
        note=note,
        y_unit=_loss_unit(law),
    )


MINIMUM_ROUNDS = 3
"""Rounds of grid refinement of the iso-FLOP minimum (:func:`isoflop_chart`)."""


def isoflop_chart(p: Plan) -> ChartSpec:
    """Loss against N at the plan's compute (the iso-FLOP curve), with its minimum.

    The minimum is the loss model's: the grid's least point, refined between its neighbours by
    :data:`MINIMUM_ROUNDS` rounds of 101 points, each round narrowing to two of its steps (to
    0.025 x 0.02^3 = 2e-7 decade in N: no scipy import on the TUI's path), so it need not fall
    on a grid point nor on the plan. The note gives both, and how far the plan's loss lies above
    the minimum (the law's allocation rule may differ from its loss model's minimum, e.g. Kaplan
    et al. 2020, Hoffmann et al. 2022 approaches 1 and 2).

    Parameters
    ----------
    p : Plan
        The plan (its compute, N and law are used).

    Returns
    -------
    ChartSpec
        The curve (over the active parameters N_act for a mixture of experts, whose law's loss
        is of N_act and D = C / (6 N_act)), then the minimum (``◆``) and the plan (``★``, on the
        curve at the plan's N:
        where the plan's headline loss comes from another formula, as Kaplan's Eq. 1.3 frontier
        against the Eq. 1.5 curve drawn, the note says so).
    """
    from planner.limits import PARAMS_RANGE, TOKENS_RANGE
    from planner.units import format_count

    law = p.law_preset
    model = law.law
    title = f"{law.id}: iso-FLOP curve at {format_flops(p.compute_flops)} FLOPs"
    x_label = f"log10 N ({p.parameter_convention} parameters)"
    n_plan = p.n_params
    if p.routing is not None and p.n_active_params is not None:  # an MoE law: loss of N_act
        n_plan, x_label = p.n_active_params, "log10 N_act (active parameters)"
    if not model.has_loss:
        return ChartSpec(title, x_label, "loss", (), note=f"{law.id}: no loss model")
    n = np.logspace(math.log10(n_plan) - 1.5, math.log10(n_plan) + 1.5, 121)
    d = p.compute_flops / (6.0 * n)
    ok = (n >= PARAMS_RANGE[0]) & (d >= TOKENS_RANGE[0]) & (d <= TOKENS_RANGE[1])
    n, d = n[ok], d[ok]
    loss = np.asarray(model.predict(n, d))
    i = int(np.argmin(loss))
    log_n = np.log10(n)

    def at(x: np.ndarray | float) -> np.ndarray:
        n_at = np.power(10.0, x)
        return np.asarray(model.predict(n_at, p.compute_flops / (6.0 * n_at)), dtype=np.float64)

    best_x, best_loss = float(log_n[i]), float(loss[i])
    if 0 < i < len(n) - 1:  # an interior minimum: zoom in between the grid's neighbours
        lo, hi = float(log_n[i - 1]), float(log_n[i + 1])
        for _ in range(MINIMUM_ROUNDS):
            xs = np.linspace(lo, hi, 101)
            ys = at(xs)
            j = int(np.argmin(ys))
            best_x, best_loss = float(xs[j]), float(ys[j])
            lo, hi = float(xs[max(j - 1, 0)]), float(xs[min(j + 1, 100)])
    plan_loss = float(at(math.log10(n_plan)))  # on the curve drawn, whatever the headline says
    note = (
        f"loss in {_loss_unit(law, ' on ')}; "
        f"minimum: N {format_count(10.0**best_x)}, loss {best_loss:.4f}; "
        f"plan: N {format_count(n_plan)}, {max(plan_loss - best_loss, 0.0):+.4f} above it"
    )
    if p.loss is not None and abs(p.loss - plan_loss) > 5e-5:  # e.g. Kaplan's Eq. 1.3 vs 1.5
        note += f"; the plan's headline loss, {p.loss:.4f}, is not read off this curve"
    return ChartSpec(
        title,
        x_label,
        "loss",
        (
            Series(
                "loss at fixed compute",
                tuple(log_n.tolist()),
                tuple(loss.tolist()),
                color=CHART_COLORS[0],
            ),
            Series("minimum", (best_x,), (best_loss,), "scatter", marker="◆"),
            Series("plan", (math.log10(n_plan),), (plan_loss,), "scatter", marker="★"),
        ),
        note=note,
        y_unit=_loss_unit(law),
    )


COINCIDE_SHARE = 0.02
"""Lines closer than this share of the axis height everywhere are said to lie on top of each
other (the laws chart's note): 2% of a 3-inch axis is about 4 points, under three widths of a
1.6-point line. Our choice for legibility, not a published figure."""


def coinciding(series: Sequence[Series], share: float = COINCIDE_SHARE) -> list[list[str]]:
    """Groups of lines drawn on top of each other: within ``share`` of the y span at every x.

    Two lines on the same x grid coincide when ``max |y_a - y_b| <= share * (y_max - y_min)``
    over all lines' y; groups are the connected sets of that relation (single linkage), each
    listed in the series' order, groups of one left out.

    Parameters
    ----------
    series : sequence of Series
        Lines on one x grid (others are ignored).
    share : float
        The tolerance as a share of the y span.

    Returns
    -------
    list of list of str
        The labels of each group of two or more lines.
    """
    lines = [s for s in series if s.kind == "line" and s.y]
    if len(lines) < 2:
        return []
    ys = [np.asarray(s.y, dtype=np.float64) for s in lines]
    span = max(float(y.max()) for y in ys) - min(float(y.min()) for y in ys)
    tol = share * span
    group = list(range(len(lines)))  # union-find over the "coincide" relation

    def root(k: int) -> int:
        while group[k] != k:
            k = group[k]
        return k

    for a in range(len(lines)):
        for b in range(a + 1, len(lines)):
            same_grid = lines[a].x == lines[b].x
            if same_grid and float(np.max(np.abs(ys[a] - ys[b]))) <= tol:
                group[root(b)] = root(a)
    members: dict[int, list[str]] = {}
    for k, s in enumerate(lines):
        members.setdefault(root(k), []).append(s.label)
    return [m for m in members.values() if len(m) > 1]


def nopt_chart(p: Plan, laws: Sequence[LawPreset]) -> ChartSpec:
    """N_opt against compute for every law, side by side (log-log).

    Each law's line has its own (colour, dash) pair (:data:`CHART_COLORS` x :data:`DASHES`);
    the note names the lines that lie on top of each other (:func:`coinciding`).

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
    series = []
    for k, law in enumerate(laws):
        color, dash = _line_style(k)
        y = tuple(np.log10(allocate(c, law).n_params).tolist())
        series.append(Series(law.id, x, y, color=color, dash=dash))
    non_embedding = [law.id for law in laws if law.parameter_convention == "non-embedding"]
    notes = [
        "on top of each other (within 2% of the axis): " + ", ".join(group)
        for group in coinciding(series)
    ]
    if non_embedding:
        notes.append(f"non-embedding N for {' and '.join(non_embedding)}")
    from planner.laws.kinds.moe import MoeLaw

    moe_laws = [law.id for law in laws if isinstance(law.law, MoeLaw)]
    if moe_laws:  # an MoE law allocates the active parameters
        notes.append(f"active N for {' and '.join(moe_laws)}")
    n_plan, label = p.n_params, "plan"
    if p.routing is not None and p.n_active_params is not None:  # at the N its law allocates
        n_plan, label = p.n_active_params, "plan (active parameters)"
    series.append(
        Series(
            label,
            (math.log10(p.compute_flops),),
            (math.log10(n_plan),),
            "scatter",
            marker="★",
        )
    )
    return ChartSpec(
        f"N_opt vs compute, every law; the plan by {p.law}",
        "log10 compute (FLOPs)",
        "log10 N_opt",
        tuple(series),
        y_log10=True,
        note="; ".join(notes),
        y_unit="parameters",
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
        Scores in percent; per task (its ``panel``, its own colour) a line and a band (the
        interval); the bands come first, so every line is drawn over every band.
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
    bands: list[Series] = []
    lines: list[Series] = []
    marks: list[Series] = []
    for curve in load_score_calibration().curve:
        if (wanted and curve.task not in wanted) or (not wanted and curve.floor_fitted):
            continue
        score, low, high = curve_score(curve, n, d)
        color = CHART_COLORS[len(lines) % len(CHART_COLORS)]
        task = curve.task
        lines.append(Series(task, x, tuple((100 * score).tolist()), color=color, panel=task))
        bands.append(
            Series(
                f"{task} 80%",
                x,
                tuple((100 * low).tolist()),
                "band",
                tuple((100 * high).tolist()),
                color=color,
                panel=task,
            )
        )
        if task in at_plan:
            at = (math.log10(p.compute_flops),)
            marks.append(
                Series(
                    f"{task} plan", at, (100 * at_plan[task].score,), "scatter", color=color,
                    panel=task,
                )
            )  # fmt: skip
    return ChartSpec(
        f"{law.id}: task scores along the compute-optimal frontier",
        "log10 compute (FLOPs)",
        "score (%)",
        (*bands, *lines, *marks),
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
