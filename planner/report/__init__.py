"""Presentation data.

Plans, fits, scores, run sheets and registries as rows of text, JSON and Markdown; chart data;
figures (matplotlib, optional). No terminal code.

Public names, by the module that defines them:

- ``_charts``: ``ChartSpec``, ``Series``, ``fit_chart``, ``frontier_chart``, ``isoflop_chart``,
  ``nopt_chart``, ``score_chart``
- ``_compare``: ``compare_json``, ``compare_rows``, ``fit_range_text``, ``paper_text``
- ``_figures``: ``FIGURE_KINDS``, ``draw``, ``figure``
- ``_fit``: ``fit_json``, ``render_fit``, ``render_kind_fit``
- ``_listings``: ``accelerator_rows``, ``laws_rows``, ``mirage_rows``, ``tasks_rows``
- ``_plan``: ``compute_view_summary``, ``emergence_rows``, ``format_table``, ``plan_json_text``,
  ``plan_markdown``, ``plan_rows``, ``render_plan``, ``translation_lines``
- ``_run``: ``plan_run_sheet``, ``run_json``, ``run_rows``
- ``_scenarios``: ``SweepRow``, ``pinned_table``, ``sweep``, ``sweep_table``, ``to_csv``,
  ``to_markdown``
- ``_scores``: ``emerged_text``, ``score_bar``, ``score_rows``, ``score_source``
- ``_shapes``: ``shape_lines``, ``shape_lines_for_compute``, ``shape_summary``
- ``_summary``: ``summary_line``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._lazy import attach

if TYPE_CHECKING:
    from planner.report._charts import (
        ChartSpec,
        Series,
        fit_chart,
        frontier_chart,
        isoflop_chart,
        nopt_chart,
        score_chart,
    )
    from planner.report._compare import (
        compare_json,
        compare_rows,
        fit_range_text,
        paper_text,
    )
    from planner.report._figures import (
        FIGURE_KINDS,
        draw,
        figure,
    )
    from planner.report._fit import (
        fit_json,
        render_fit,
        render_kind_fit,
    )
    from planner.report._listings import (
        accelerator_rows,
        laws_rows,
        mirage_rows,
        tasks_rows,
    )
    from planner.report._plan import (
        compute_view_summary,
        emergence_rows,
        format_table,
        plan_json_text,
        plan_markdown,
        plan_rows,
        render_plan,
        translation_lines,
    )
    from planner.report._run import (
        plan_run_sheet,
        run_json,
        run_rows,
    )
    from planner.report._scenarios import (
        SweepRow,
        pinned_table,
        sweep,
        sweep_table,
        to_csv,
        to_markdown,
    )
    from planner.report._scores import (
        emerged_text,
        score_bar,
        score_rows,
        score_source,
    )
    from planner.report._shapes import (
        shape_lines,
        shape_lines_for_compute,
        shape_summary,
    )
    from planner.report._summary import (
        summary_line,
    )

_NAMES = {
    "ChartSpec": "_charts",
    "FIGURE_KINDS": "_figures",
    "Series": "_charts",
    "SweepRow": "_scenarios",
    "accelerator_rows": "_listings",
    "compare_json": "_compare",
    "compare_rows": "_compare",
    "compute_view_summary": "_plan",
    "draw": "_figures",
    "emerged_text": "_scores",
    "emergence_rows": "_plan",
    "figure": "_figures",
    "fit_chart": "_charts",
    "fit_json": "_fit",
    "fit_range_text": "_compare",
    "format_table": "_plan",
    "frontier_chart": "_charts",
    "isoflop_chart": "_charts",
    "laws_rows": "_listings",
    "mirage_rows": "_listings",
    "nopt_chart": "_charts",
    "paper_text": "_compare",
    "pinned_table": "_scenarios",
    "plan_json_text": "_plan",
    "plan_markdown": "_plan",
    "plan_rows": "_plan",
    "plan_run_sheet": "_run",
    "render_fit": "_fit",
    "render_kind_fit": "_fit",
    "render_plan": "_plan",
    "run_json": "_run",
    "run_rows": "_run",
    "score_bar": "_scores",
    "score_chart": "_charts",
    "score_rows": "_scores",
    "score_source": "_scores",
    "shape_lines": "_shapes",
    "shape_lines_for_compute": "_shapes",
    "shape_summary": "_shapes",
    "summary_line": "_summary",
    "sweep": "_scenarios",
    "sweep_table": "_scenarios",
    "tasks_rows": "_listings",
    "to_csv": "_scenarios",
    "to_markdown": "_scenarios",
    "translation_lines": "_plan",
}

__all__ = [
    "FIGURE_KINDS",
    "ChartSpec",
    "Series",
    "SweepRow",
    "accelerator_rows",
    "compare_json",
    "compare_rows",
    "compute_view_summary",
    "draw",
    "emerged_text",
    "emergence_rows",
    "figure",
    "fit_chart",
    "fit_json",
    "fit_range_text",
    "format_table",
    "frontier_chart",
    "isoflop_chart",
    "laws_rows",
    "mirage_rows",
    "nopt_chart",
    "paper_text",
    "pinned_table",
    "plan_json_text",
    "plan_markdown",
    "plan_rows",
    "plan_run_sheet",
    "render_fit",
    "render_kind_fit",
    "render_plan",
    "run_json",
    "run_rows",
    "score_bar",
    "score_chart",
    "score_rows",
    "score_source",
    "shape_lines",
    "shape_lines_for_compute",
    "shape_summary",
    "summary_line",
    "sweep",
    "sweep_table",
    "tasks_rows",
    "to_csv",
    "to_markdown",
    "translation_lines",
]
__getattr__, __dir__ = attach(__name__, _NAMES)
