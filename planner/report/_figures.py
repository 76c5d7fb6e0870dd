"""Figures for papers and docs: the TUI's chart data drawn by matplotlib.

``planner figure KIND --out FILE.svg|.png`` and :func:`figure` draw the same
:class:`~planner.report._charts.ChartSpec` the TUI shows, computed by the same library calls:

- ``frontier``: loss along the law's compute-optimal frontier, the loss thresholds across;
- ``isoflop``: loss against N at the plan's compute, its minimum and the plan;
- ``laws``: N_opt against compute for every law;
- ``scores``: task scores along the frontier with their 80% intervals.

matplotlib is an optional extra; without it a clear error names the command that installs it
from a checkout (``pip install ".[figures]"``: the package is not on an index, so
``pip install "planner[figures]"`` fails).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import InputError

if TYPE_CHECKING:
    from planner.laws._preset import LawPreset
    from planner.planning._records import Plan
    from planner.report._charts import ChartSpec

__all__ = ["FIGURE_KINDS", "draw", "figure"]

FIGURE_KINDS = ("frontier", "isoflop", "laws", "scores")
"""What ``planner figure`` draws."""
SUFFIXES = (".svg", ".png", ".pdf")


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


def draw(spec: ChartSpec, out: str | Path, **write: Any) -> Path:
    """Draw a chart to an SVG, PNG or PDF file (matplotlib), the legend outside the axes.

    The figure is rendered in memory and written with :func:`planner.io._files.write_bytes_safely`:
    atomically (a full disk leaves the old file or none, never a truncated one), never over an
    input file, over an existing file only with ``force=True`` (keeping its mode).

    Parameters
    ----------
    spec : ChartSpec
        From :mod:`planner.report._charts`.
    out : str or Path
        The file; its suffix chooses the format.
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
        matplotlib missing, an unknown suffix, a chart without data (e.g. a law without a
        loss model), or a target :func:`planner.io._files.check_output` refuses, naming what is
        wrong.
    """
    import io

    from planner.io._files import write_bytes_safely

    path = Path(out)
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"--out: {path.name!r} must end in {', '.join(SUFFIXES)}")
    if not spec.series:
        raise InputError(f"figure: nothing to draw ({spec.note or spec.title})")
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 4.2), layout="constrained")
    try:
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        color_of: dict[str, str] = {}
        for s in spec.series:
            base = s.label.removesuffix(" 80%").removesuffix(" plan").removesuffix(" band")
            color = color_of.setdefault(base, colors[len(color_of) % len(colors)])
            if s.kind == "band":
                ax.fill_between(s.x, s.y, s.y2, color=color, alpha=0.18, linewidth=0)
            elif s.kind == "scatter":
                marker = {"★": "*", "◆": "D"}.get(s.marker, "o")
                ax.scatter(s.x, s.y, color="black" if base == "plan" else color, zorder=5,
                           marker=marker, s=70 if marker == "*" else 40,
                           label=s.label if base == s.label else None)  # fmt: skip
            elif s.kind == "hline":
                ax.axhline(s.y[0], color=color, linestyle="--", linewidth=1, label=s.label)
            else:
                ax.plot(s.x, s.y, color=color, linewidth=1.6, label=s.label)
        fig.suptitle(spec.title)
        if spec.note:
            ax.set_title(spec.note, fontsize="x-small", color="0.35")
        ax.set_xlabel(spec.x_label)
        ax.set_ylabel(spec.y_label)
        ax.grid(alpha=0.3)
        if len(spec.series) > 1:
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small",
                      frameon=False)  # fmt: skip
        buffer = io.BytesIO()
        suffix = path.suffix.lower()
        fig.savefig(
            buffer, format=suffix[1:], metadata={"Date": None} if suffix == ".svg" else None
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
    return draw(spec, out, **write)
