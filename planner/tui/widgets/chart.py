"""The only module that imports textual_plot: draws a ChartSpec from planner.report._plan."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import ScrollableContainer, Vertical
from textual.events import MouseScrollDown, MouseScrollUp
from textual.widgets import Label, Static
from textual_plot import HiResMode, PlotWidget
from textual_plot.axis_formatter import AxisFormatter

from planner.report._charts import ChartSpec

PALETTE = (
    "cyan",
    "magenta",
    "yellow",
    "green",
    "bright_blue",
    "red",
    "bright_white",
    "orange1",
    "purple",
)


class PowerOfTenFormatter(AxisFormatter):
    """Ticks at whole powers of ten on a log10 axis, labelled 1e21, 1e22, ..."""

    def get_ticks(self, min_: float, max_: float, max_ticks: int = 8) -> list[float]:
        lo, hi = math.ceil(min_), math.floor(max_)
        if hi < lo:
            return [round((min_ + max_) / 2, 1)]
        step = max(1, math.ceil((hi - lo + 1) / max_ticks))
        return [float(v) for v in range(lo, hi + 1, step)]

    def get_labels_for_ticks(self, ticks: Sequence[float]) -> list[str]:
        return [f"1e{int(t)}" if float(t).is_integer() else f"1e{t:g}" for t in ticks]


def band_fill(
    x: Sequence[float],
    low: Sequence[float],
    high: Sequence[float],
    columns: int = 200,
    levels: int = 48,
) -> tuple[list[float], list[float]]:
    """Points that shade a band: ``levels`` heights between its edges at ``columns`` x positions.

    Drawn as ``░`` in every character cell they reach, they shade the area (the terminal has no
    fill); the default grid is finer than a cell on a 200-column screen.

    Parameters
    ----------
    x, low, high : sequence of float
        The band's x and edges (``high`` may lie below ``low``).
    columns, levels : int
        Samples across and up.

    Returns
    -------
    xs, ys : list of float
    """
    if len(x) < 2:
        return [], []
    order = np.argsort(np.asarray(x, dtype=np.float64))
    xs_in = np.asarray(x, dtype=np.float64)[order]
    grid = np.linspace(xs_in[0], xs_in[-1], columns)
    lo = np.interp(grid, xs_in, np.asarray(low, dtype=np.float64)[order])
    hi = np.interp(grid, xs_in, np.asarray(high, dtype=np.float64)[order])
    share = np.arange(1, levels) / levels
    ys = lo[:, None] + (hi - lo)[:, None] * share[None, :]
    return np.repeat(grid, levels - 1).tolist(), ys.ravel().tolist()


def legend(spec: ChartSpec) -> Text:
    """The chart's legend as one wrapped line of coloured entries (drawn under the plot).

    Parameters
    ----------
    spec : ChartSpec

    Returns
    -------
    Text
    """
    out = Text()
    plan_marks = [s for s in spec.series if s.kind == "scatter" and s.label.endswith(" plan")]
    for i, s in enumerate(spec.series):
        if s.kind == "band" or (len(plan_marks) > 1 and s in plan_marks):
            continue
        color = s.color or PALETTE[i % len(PALETTE)]  # the spec's colour: one source
        mark = s.marker if s.kind == "scatter" else ("╌╌" if s.kind == "hline" else "━━")
        out.append(f"{mark} ", style="bold white" if s.kind == "scatter" else color)
        out.append(f"{s.label}   ")
    if len(plan_marks) > 1:  # one entry for the plan's mark on every curve
        out.append(f"{plan_marks[0].marker} ", style="bold white")
        out.append("the plan on each curve   ")
    if any(s.kind == "band" for s in spec.series):
        out.append("░░ ", style="dim")
        out.append("interval or band (shaded)")
    return out


class PagePlot(PlotWidget):
    """A plot over which the mouse wheel scrolls the page, and zooms only once it has focus.

    textual_plot's own handlers stop every wheel event over a plot, so the page under it could
    not be scrolled: here an unfocused plot scrolls its page itself (these handlers run before
    the base class's). Click the plot (or tab to it) to zoom with the wheel; ``0`` resets.
    """

    WHEEL_LINES = 3

    def _page_or_zoom(self, event: MouseScrollDown | MouseScrollUp, down: bool) -> None:
        self._allow_pan_and_zoom = self.has_focus  # the base class zooms only if allowed
        if self.has_focus:
            return
        for ancestor in self.ancestors:
            if isinstance(ancestor, ScrollableContainer) and ancestor.allow_vertical_scroll:
                lines = self.WHEEL_LINES if down else -self.WHEEL_LINES
                ancestor.scroll_relative(y=lines, animate=False)
                return

    @on(MouseScrollDown)
    def page_down_or_zoom(self, event: MouseScrollDown) -> None:
        self._page_or_zoom(event, down=True)

    @on(MouseScrollUp)
    def page_up_or_zoom(self, event: MouseScrollUp) -> None:
        self._page_or_zoom(event, down=False)

    def on_blur(self) -> None:
        self._allow_pan_and_zoom = False  # dragging pans only a focused plot too


class ChartPanel(Vertical):
    """A titled plot of one ChartSpec."""

    DEFAULT_CSS = """
    ChartPanel { height: 1fr; min-height: 10; }
    ChartPanel > Label { width: 1fr; text-style: bold; }
    ChartPanel PlotWidget { height: 1fr; }
    ChartPanel > .chart-legend { height: auto; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.spec: ChartSpec | None = None
        self.zoom = 1.0
        """How far the x axis is zoomed in (1: everything drawn)."""

    def zoom_by(self, factor: float) -> None:
        """Zoom the x axis by ``factor`` (> 1 in) around the plan's x, or reset with 0.

        Parameters
        ----------
        factor : float
            Multiplies the zoom; 0 resets it.

        Returns
        -------
        None
        """
        if self.spec is None or not self.spec.series:
            return
        self.zoom = 1.0 if factor == 0 else min(64.0, max(1.0, self.zoom * factor))
        xs = [x for s in self.spec.series for x in s.x]
        lo, hi = min(xs), max(xs)
        plan = next((s.x[0] for s in self.spec.series if s.label == "plan"), (lo + hi) / 2)
        plot = self.query_one(PlotWidget)
        if self.zoom == 1.0:
            plot.set_xlimits(None, None)
            plot.set_ylimits(None, None)  # a wheel zoom moved both axes
            return
        half = (hi - lo) / 2 / self.zoom
        plot.set_xlimits(plan - half, plan + half)

    def compose(self) -> ComposeResult:
        yield Label("", classes="chart-title")
        # the wheel scrolls the page; over a focused plot it zooms (0 resets)
        yield PagePlot(allow_pan_and_zoom=False)
        yield Static("", classes="chart-legend")  # outside the plot: it never covers a curve

    def show(self, spec: ChartSpec) -> None:
        """Draw ``spec``, replacing what was drawn."""
        self.spec = spec
        title = spec.title + (f"  ({spec.note})" if spec.note else "")
        self.query_one(Label).update(title)
        plot = self.query_one(PlotWidget)
        plot.clear()
        plot.display = bool(spec.series)  # a chart with nothing to draw is its note, no frame
        if not spec.series:
            return
        plot.set_xlabel(spec.x_label)
        plot.set_ylabel(spec.y_label)
        plot.set_x_formatter(PowerOfTenFormatter())
        if spec.y_log10:
            plot.set_y_formatter(PowerOfTenFormatter())
        for i, s in enumerate(spec.series):
            color = s.color or PALETTE[i % len(PALETTE)]  # the spec's colour: one source
            if s.kind == "scatter":
                plot.scatter(s.x, s.y, marker=s.marker, marker_style="bold white", label=s.label)
            elif s.kind == "band":  # shaded in dots between dim edges, no legend entry of its own
                fill_x, fill_y = band_fill(s.x, s.y, s.y2)
                plot.scatter(fill_x, fill_y, marker="░", marker_style=f"dim {color}")
                for edge in (s.y, s.y2):
                    plot.plot(s.x, edge, line_style=f"dim {color}", hires_mode=HiResMode.BRAILLE)
            else:
                plot.plot(s.x, s.y, line_style=color, hires_mode=HiResMode.BRAILLE, label=s.label)
        self.zoom = 1.0
        plot.set_xlimits(None, None)
        plot.set_ylimits(None, None)
        plot.show_legend(is_visible=False)
        self.query_one(".chart-legend", Static).update(legend(spec))
