"""Figures for papers and docs: the TUI's chart data drawn by matplotlib.

``planner figure KIND --out FILE.svg|.png|.pdf [--dpi N]`` and :func:`figure` draw the same
:class:`~planner.report._charts.ChartSpec` the TUI shows, computed by the same library calls:

- ``frontier``: loss along the law's compute-optimal frontier, the loss thresholds across;
- ``isoflop``: loss against N at the plan's compute, its minimum and the plan;
- ``laws``: N_opt against compute for every law;
- ``scores``: task scores along the frontier with their 80% intervals, one panel per task.

Every figure names its law in the title and carries units on its axis labels; lines differ in
dash (and, where many share a panel, in marker) as well as colour, so a greyscale print tells
them apart; bands are drawn first and translucent, so no curve hides behind one.

matplotlib is an optional extra; without it a clear error names the command that installs it
from a checkout (``pip install ".[figures]"``: the package is not on an index, so
``pip install "planner[figures]"`` fails).
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import InputError

if TYPE_CHECKING:
    from planner.laws._preset import LawPreset
    from planner.planning._records import Plan
    from planner.report._charts import ChartSpec

__all__ = ["DEFAULT_DPI", "DPI_RANGE", "FIGURE_KINDS", "draw", "figure"]

FIGURE_KINDS = ("frontier", "isoflop", "laws", "scores")
"""What ``planner figure`` draws."""
SUFFIXES = (".svg", ".png", ".pdf")
DEFAULT_DPI = 200
"""Dots per inch of a PNG (and of anything rasterised in a PDF or SVG): a 7.5-inch figure is
1500 pixels wide, twice matplotlib's default of 100 dpi (issue 22 asks for at least 200)."""
DPI_RANGE = (50, 1200)
"""The dpi accepted: below 50 text is unreadable, above 1200 a PNG passes 100 megapixels."""
LINE_MARKERS = ("o", "s", "^", "v", "D", "P", "X", "<", ">", "h", "*", "p", "8", "d", "H")
"""Markers on the lines of a crowded panel (:data:`MANY_LINES` or more), one per line."""
MANY_LINES = 5
"""From this many lines in one panel, lines carry markers as well as colour and dash."""


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only: no display, no GUI toolkit
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise InputError(
            "figures need matplotlib, an optional extra: pip install '.[figures]' in the planner "
            "checkout (or pip install 'matplotlib>=3.8')"
        ) from exc
    return plt


def _log_axis(axis: Any, log10: bool, ticks: int) -> None:
    """Tick a log10-valued axis at whole decades (at most ``ticks``), labelled 10^k."""
    if not log10:
        return
    import matplotlib.ticker as mticker

    axis.set_major_locator(mticker.MaxNLocator(nbins=ticks, integer=True, min_n_ticks=2))
    axis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"$10^{{{v:g}}}$"))
    lo, hi = sorted(axis.get_view_interval())
    minor = [
        k + math.log10(m)
        for k in range(math.floor(lo), math.ceil(hi) + 1)
        for m in range(2, 10)
        if lo <= k + math.log10(m) <= hi
    ]
    axis.set_minor_locator(mticker.FixedLocator(minor))


def _axis_label(label: str, log10: bool) -> str:
    """The label printed on 10^k ticks: ``log10 compute (FLOPs)`` reads ``compute (FLOPs)``."""
    return label.removeprefix("log10 ") if log10 else label


def _draw_series(ax: Any, series: list[Any], colors: list[str]) -> None:
    """Draw one panel's series, back to front as listed, on a matplotlib Axes (labelled)."""
    n_lines = sum(s.kind == "line" for s in series)
    line_k = 0
    for i, s in enumerate(series):
        color = s.color or colors[i % len(colors)]
        label = s.label
        if s.kind == "band":
            ax.fill_between(s.x, s.y, s.y2, color=color, alpha=0.2, linewidth=0, zorder=1,
                            label=label)  # fmt: skip
            for edge in (s.y, s.y2):  # thin edges: the band stays a band in greyscale
                ax.plot(s.x, edge, color=color, linewidth=0.5, alpha=0.6, zorder=1)
        elif s.kind == "hline":  # across the series' x range, as its band
            ax.plot(s.x, s.y, color=color, linestyle=s.dash, linewidth=1.2, zorder=2, label=label)
        elif s.kind == "scatter":
            if s.marker == "★":  # the plan: a black star, in front of everything
                ax.scatter(s.x, s.y, marker="*", s=90, color="black", zorder=6, label=label)
            elif s.marker == "◆":  # an optimum: a hollow diamond around where the plan may sit
                ax.scatter(s.x, s.y, marker="D", s=130, facecolors="none", edgecolors="black",
                           linewidths=1.4, zorder=5, label=label)  # fmt: skip
            else:
                ax.scatter(s.x, s.y, marker="o", s=28, color=color, edgecolors="black",
                           linewidths=0.6, zorder=5, label=label)  # fmt: skip
        else:
            style: dict[str, Any] = {}
            if n_lines >= MANY_LINES:  # a crowded panel: a marker per line, staggered
                style = {
                    "marker": LINE_MARKERS[line_k % len(LINE_MARKERS)],
                    "markevery": (line_k % 6 * 2, 12),
                    "markersize": 4,
                }
            ax.plot(s.x, s.y, color=color, linestyle=s.dash, linewidth=1.6, zorder=3,
                    label=label, **style)  # fmt: skip
            line_k += 1


def _render(spec: ChartSpec) -> Any:
    """A matplotlib Figure of ``spec``: one panel, or one per distinct ``Series.panel``.

    The note is the caption, in its own strip under the panels (a subfigure, so the layout
    keeps it clear of the axis labels). The caller closes the figure (``pyplot.close``).
    """
    plt = _pyplot()
    panels = list(dict.fromkeys(s.panel for s in spec.series if s.panel))
    caption = textwrap.fill(spec.note, 120) if spec.note else ""
    caption_height = 0.1 + 0.13 * (caption.count("\n") + 1) if caption else 0.0
    many = len(panels) > 1
    cols = 3 if len(panels) > 4 else 2
    rows = math.ceil(len(panels) / cols) if many else 1
    body_height = 1.2 + 2.1 * rows if many else 4.2
    fig = plt.figure(figsize=(7.5, body_height + caption_height), layout="constrained")
    body = fig
    if caption:
        body, foot = fig.subfigures(2, 1, height_ratios=(body_height, caption_height))
        foot.text(0.01, 0.5, caption, fontsize="x-small", color="0.3", va="center", ha="left")
    if many:
        axes = body.subplots(rows, cols, sharex=True, sharey=True, squeeze=False)
        grid = list(axes.flat)
    else:
        grid, panels = [body.subplots()], [""]
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, panel in zip(grid, panels, strict=False):
        mine = [s for s in spec.series if not panel or s.panel in ("", panel)]
        _draw_series(ax, mine, colors)
        if panel:
            ax.set_title(panel, fontsize="medium")
        ax.grid(alpha=0.3)
        _log_axis(ax.xaxis, spec.x_log10, 4 if many else 9)
        _log_axis(ax.yaxis, spec.y_log10, 4 if many else 9)
    for ax in grid[len(panels) :]:
        ax.set_visible(False)  # an empty cell of the grid
    x_label = _axis_label(spec.x_label, spec.x_log10)
    y_label = _axis_label(spec.y_label, spec.y_log10) + (f" ({spec.y_unit})" if spec.y_unit else "")
    if many:
        bottom = [ax for ax in grid[: len(panels)] if ax.get_subplotspec().is_last_row()]
        for ax in bottom[len(bottom) // 2 :][:1] if cols % 2 else bottom:  # centred once
            ax.set_xlabel(x_label)  # an axes label: the legend below keeps clear of it
        body.supylabel(y_label)
        handles = [  # one legend for every panel: what the line, the shade and the dot are
            plt.Line2D([], [], color="0.3", linewidth=1.6, label="predicted (median)"),
            plt.Rectangle((0, 0), 1, 1, color="0.3", alpha=0.2, label="80% interval"),
            plt.Line2D(
                [], [], marker="o", color="0.3", markeredgecolor="black", linestyle="",
                label="the plan",
            ),
        ]  # fmt: skip
        body.legend(handles=handles, loc="outside lower center", ncols=3, fontsize="small",
                    frameon=False)  # fmt: skip
    else:
        ax = grid[0]
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        if len(spec.series) > 1:
            order = {"line": 0, "hline": 1, "band": 2, "scatter": 3}
            handles, labels = ax.get_legend_handles_labels()
            kinds = {s.label: order.get(s.kind, 0) for s in spec.series}
            ranked = sorted(zip(handles, labels, strict=True), key=lambda hl: kinds[hl[1]])
            ax.legend(*zip(*ranked, strict=True), loc="upper left", bbox_to_anchor=(1.01, 1.0),
                      fontsize="small", frameon=False)  # fmt: skip
    body.suptitle(spec.title)
    return fig


def draw(spec: ChartSpec, out: str | Path, *, dpi: int = DEFAULT_DPI, **write: Any) -> Path:
    """Draw a chart to an SVG, PNG or PDF file (matplotlib).

    One panel (the legend outside the axes) or, where the series name panels
    (:attr:`~planner.report._charts.Series.panel`), a grid of panels sharing their axes. The
    title is the spec's (it names the law); the axis labels carry their units, on 10^k ticks
    where the values are log10; the note is the caption under the axes.

    The figure is rendered in memory and written with :func:`planner.io._files.write_bytes_safely`:
    atomically (a full disk leaves the old file or none, never a truncated one), never over an
    input file, over an existing file only with ``force=True`` (keeping its mode).

    Parameters
    ----------
    spec : ChartSpec
        From :mod:`planner.report._charts`.
    out : str or Path
        The file; its suffix chooses the format.
    dpi : int
        Dots per inch of a PNG (:data:`DEFAULT_DPI`), within :data:`DPI_RANGE`; recorded in
        the PNG's pHYs chunk. A 7.5-inch-wide figure is ``7.5 * dpi`` pixels wide.
    **write
        ``force``, ``inputs``, ``name``, ``force_hint``, ``replace_read_only``: as for
        :func:`planner.io._files.check_output`.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    InputError
        matplotlib missing, an unknown suffix, a dpi outside :data:`DPI_RANGE`, a chart without
        data (e.g. a law without a loss model), or a target
        :func:`planner.io._files.check_output` refuses, naming what is wrong.
    """
    import io

    from planner.io._files import write_bytes_safely

    path = Path(out)
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"--out: {path.name!r} must end in {', '.join(SUFFIXES)}")
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not DPI_RANGE[0] <= dpi <= DPI_RANGE[1]:
        raise InputError(
            f"dpi: must be a whole number in [{DPI_RANGE[0]}, {DPI_RANGE[1]}], got {dpi!r}"
        )
    if not spec.series:
        raise InputError(f"figure: nothing to draw ({spec.note or spec.title})")
    plt = _pyplot()
    fig = _render(spec)
    try:
        buffer = io.BytesIO()
        suffix = path.suffix.lower()
        fig.savefig(
            buffer,
            format=suffix[1:],
            dpi=dpi,
            metadata={"Date": None} if suffix == ".svg" else None,
        )
    finally:
        plt.close(fig)
    return write_bytes_safely(path, buffer.getvalue(), **write)


def figure(
    kind: str,
    p: Plan,
    out: str | Path,
    *,
    laws: tuple[LawPreset, ...] = (),
    dpi: int = DEFAULT_DPI,
    **write: Any,
) -> Path:
    """Draw one figure of a plan.

    Parameters
    ----------
    kind : str
        One of :data:`FIGURE_KINDS`.
    p : Plan
        The plan to mark (its law draws the frontier, the iso-FLOP curve and the scores).
    out : str or Path
        The file (``.svg``, ``.png`` or ``.pdf``).
    laws : tuple of LawPreset
        For ``laws``: the laws to compare (default: every law of the registry).
    dpi : int
        Dots per inch of a PNG (:data:`DEFAULT_DPI`, within :data:`DPI_RANGE`).
    **write
        ``force``, ``inputs``, ``name``, ``force_hint``, ``replace_read_only``: as for
        :func:`planner.io._files.check_output` (an existing file is replaced only with ``force``).

    Returns
    -------
    Path

    Raises
    ------
    InputError
        An unknown kind, or what :func:`draw` refuses.
    """
    from planner.report import _charts as charts

    if kind == "frontier":
        from planner.tasks._emergence import capabilities

        spec = charts.frontier_chart(p, capabilities(p))
    elif kind == "isoflop":
        spec = charts.isoflop_chart(p)
    elif kind == "laws":
        from planner.laws._registry import list_laws

        spec = charts.nopt_chart(p, laws or list_laws())
    elif kind == "scores":
        spec = charts.score_chart(p)
    else:
        raise InputError(f"kind: must be one of {', '.join(FIGURE_KINDS)}, got {kind!r}")
    return draw(_moe_titled(spec, p), out, dpi=dpi, **write)


def _moe_titled(spec: ChartSpec, p: Plan) -> ChartSpec:
    """The chart of a mixture of experts titled with its total and active parameters.

    Parameters
    ----------
    spec : ChartSpec
        A chart of ``p``.
    p : Plan
        The plan; an MoE plan (``routing`` set) has total and active parameters.

    Returns
    -------
    ChartSpec
        ``spec`` itself for a dense plan; else with a second title line such as
        ``MoE plan: 6.91T total, 161B active parameters (64 experts, top-1)``.
    """
    from dataclasses import replace

    from planner.units import format_count

    if p.routing is None or p.n_active_params is None:
        return spec
    moe = (
        f"MoE plan: {format_count(p.n_params)} total, {format_count(p.n_active_params)} active "
        f"parameters ({p.routing.experts} experts, top-{p.routing.top_k})"
    )
    return replace(spec, title=f"{spec.title}\n{moe}")
