"""Result widgets: they render a plan, its capabilities or a comparison; they never compute."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.widget import Widget
from textual.widgets import DataTable

from planner.planning._records import Plan
from planner.report import _compare as compare_report
from planner.report import _plan as report
from planner.report import _scores as score_report
from planner.scores._curves import TaskScore
from planner.tasks._records import TaskAssessment
from planner.tui.narrow import TINY_WIDTH
from planner.tui.widgets.blocks import BlockTable, results_width, wrap_cell

STATUS_STYLE = {
    "emerged": "bold green",
    "needs": "bold magenta",
    "near": "bold yellow",
    "not_yet": "red",
    "smooth": "dim",
    "unknown": "dim italic",
    # u_shaped and inverse tasks (planner.tasks._ushaped): worse than smaller models is the warning
    "before_dip": "",
    "in_dip": "bold red",
    "past_recovery": "green",
    "inverse": "bold red",
    "beyond_measured": "dim italic",
}


def _add_sized_columns(
    table: DataTable[str | Text], header: Sequence[str], rows: Sequence[Sequence[str]]
) -> None:
    """Columns as wide as their widest cell (auto-sizing before the first layout can squeeze)."""
    for i, name in enumerate(header):
        width = max([len(name), *(len(r[i]) for r in rows)])
        table.add_column(name, width=width)


def _value_room(table: DataTable[str | Text], rows: Sequence[tuple[str, str]]) -> int:
    """Columns left for a label/value table's values on this screen (form and label taken)."""
    label = max((len(r[0]) for r in rows), default=0) + 5
    parent = table.parent
    pane = parent.size.width if isinstance(parent, Widget) else 0
    if 0 < pane < TINY_WIDTH and isinstance(parent, Widget):
        # a phone: every column counts: the pane less its scrollbar and the table's own (a
        # DataTable's max-height is its pane's: a long plan scrolls in it), less the cells'
        # padding (1 a side, 2 cells)
        own = table.styles.scrollbar_size_vertical
        return max(12, parent.scrollable_content_region.width - own - (label - 5) - 4)
    return max(30, (pane or results_width(table)) - label - 3)


class PlanTable(DataTable[str | Text]):
    """The plan as label/value rows."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.show_header = False
        self.plan: Plan | None = None
        self._room = 0

    def on_resize(self) -> None:
        """Wrap the long values again where the pane's width changed (the first layout too)."""
        if self.plan is not None and _value_room(self, report.plan_rows(self.plan)) != self._room:
            self.show(self.plan)

    def show(self, plan: Plan) -> None:
        self.plan = plan
        rows = report.plan_rows(plan)
        self.clear(columns=True)
        room = self._room = _value_room(self, rows)
        parent = self.parent
        if isinstance(parent, Widget) and 0 < parent.size.width < TINY_WIDTH:
            # a phone: the value column as wide as its wrapped lines, so the table needs no
            # scrollbars of its own (a column as wide as the longest unwrapped value made both)
            _add_sized_columns(self, ("what", "value"), [(lb, "x" * room) for lb, _ in rows])
        else:
            _add_sized_columns(self, ("what", "value"), rows)
        for label, value in rows:
            style = (
                "yellow" if label == "warning" else ("dim" if label in ("source", "note") else "")
            )
            # long sources, notes and warnings wrap onto detail lines instead of being cut
            text = textwrap.fill(value, room) if len(value) > room else value
            self.add_row(Text(label, style="bold"), Text(text, style=style), height=None)


class RunTable(DataTable[str | Text]):
    """The run sheet as label/value rows (the same rows as ``planner run``)."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.show_header = False

    def show(self, rows: list[tuple[str, str]]) -> None:
        self.clear(columns=True)
        _add_sized_columns(self, ("what", "value"), rows)
        for label, value in rows:
            self.add_row(Text(label, style="bold"), Text(value))


class CapabilityTable(DataTable[str | Text]):
    """Each task family against the plan, status in colour."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.rows_shown: tuple[TaskAssessment, ...] = ()

    def show(self, rows: Sequence[TaskAssessment], compute_flops: float) -> None:
        header, table = report.emergence_rows(rows, compute_flops)
        self.clear(columns=True)
        _add_sized_columns(self, header, table)
        self.rows_shown = tuple(rows)
        at = header.index("status")
        for cells in table:
            status = cells[at].replace(" ", "_")
            status = "needs" if status.startswith("needs_") else status
            styled = Text(cells[at], style=STATUS_STYLE.get(status, ""))
            self.add_row(*cells[:at], styled, *cells[at + 1 :])


class ScoreTable(DataTable[str | Text]):
    """Each task's score with its 80% interval as a bar on a 0-100% scale, chance marked."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.scores: tuple[TaskScore, ...] = ()

    def show(self, scores: Sequence[TaskScore]) -> None:
        header, rows = score_report.score_rows(scores)
        bars = [score_report.score_bar(s.score, s.low, s.high, s.chance) for s in scores]
        table = [[r[0], r[1], bar, *r[2:]] for r, bar in zip(rows, bars, strict=True)]
        self.clear(columns=True)
        columns = [header[0], header[1], "0% ─ interval ● score 100%", *header[2:]]
        _add_sized_columns(self, columns, table)
        self.scores = tuple(scores)
        for s, cells in zip(scores, table, strict=True):
            style = "green" if s.emerged and s.sure else ("yellow" if s.emerged else "")
            self.add_row(
                Text(cells[0]), Text(cells[1], style=style), Text(cells[2], style=style), *cells[3:]
            )


class PinnedTable(BlockTable):
    """Pinned plans side by side; cells that differ from the first pin stand out.

    Long values wrap at 28 columns, so three pins sit side by side at 120 columns.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(keys=1, max_width=28, id=id)
        self.plans: tuple[Plan, ...] = ()

    def show_plans(self, plans: Sequence[Plan]) -> None:
        from planner.report._scenarios import pinned_table

        self.plans = tuple(plans)
        if not plans:
            self.show([], [])
            return
        header, rows, differs = pinned_table(plans)

        def style(r: int, c: int) -> str:
            if c == 0:
                return "bold"
            return "bold yellow" if differs[r][c - 1] else ""

        self.show(header, rows, style)


class SweepTable(BlockTable):
    """Budgets down, laws across (``sweep_table``), in blocks of laws that fit.

    A law's cell ``N / D, k emerged`` takes two lines and its name breaks at hyphens, so more
    laws fit beside each other.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(keys=1, id=id)

    def show_sweep(self, header: list[str], rows: list[list[str]]) -> None:
        at = header.index("days") + 1 if "days" in header else len(header)
        shown_header = [*header[:at], *(wrap_cell(h.replace("-", "- "), 14).replace("- ", "-")
                                        for h in header[at:])]  # fmt: skip
        shown = [[*r[:at], *(c.replace(", ", "\n", 1) for c in r[at:])] for r in rows]
        self.show(shown_header, shown)
        self.header, self.rows = list(header), [list(r) for r in rows]


class CompareTable(BlockTable):
    """The same budget through every law, one row each, in blocks of columns that fit."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(keys=1, id=id)
        self.plans: tuple[Plan, ...] = ()

    def show_plans(
        self,
        plans: Sequence[Plan],
        emerged: Sequence[str] | None = None,
        selected: str = "",
        refused: Mapping[str, str] | None = None,
    ) -> None:
        """The rows of ``planner compare`` (with ``refused``: at an MoE plan's routing)."""
        header, rows = compare_report.compare_rows(plans, emerged, refused=refused)
        self.plans = tuple(plans)
        mine = {i for i, r in enumerate(rows) if r[0] == selected}  # the plan's law stands out
        self.show(header, rows, lambda r, c: "bold reverse" if r in mine else "")
