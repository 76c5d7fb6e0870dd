"""The metric view (the mirage): exact match against token edit distance across compute."""

from __future__ import annotations

import math

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from planner.errors import PlannerError
from planner.laws._preset import LawPreset
from planner.report._charts import ChartSpec, Series
from planner.report._listings import mirage_rows
from planner.tasks._metric_view import mirage
from planner.tui.services import Services
from planner.tui.widgets.chart import ChartPanel
from planner.tui.widgets.inputs import OrderedInput


class MetricScreen(Screen[None]):
    """How much of an apparent jump is the metric (Schaeffer et al. 2023)."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="metric-back")]

    def __init__(self, services: Services, law: LawPreset, plan_flops: float | None = None) -> None:
        super().__init__(id="metric")
        self.services = services
        self.law = law
        self.plan_flops = plan_flops
        """The plan's compute, marked on the chart (a star on each curve)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="metric-controls"):
            yield Label("Answer length (tokens)", classes="field-label")
            inp = OrderedInput("8", id="answer-tokens-input")
            inp.cursor_blink = self.services.animated
            yield inp
            yield Label("", id="answer-tokens-error", classes="field-error")
        with Vertical(id="metric-body"):
            yield Static("", id="metric-method")
            yield Static("", id="metric-shape")
            yield ChartPanel(id="mirage-chart")
            yield DataTable(id="mirage-table")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#answer-tokens-input", Input).focus()
        if self.plan_flops is not None:  # tasks whose accuracy falls with scale, at the plan
            from planner.report._shapes import shape_summary

            self.query_one("#metric-shape", Static).update(shape_summary(self.plan_flops))
        self.update_view()

    @on(Input.Changed, "#answer-tokens-input")
    def update_view(self) -> None:
        text = self.query_one("#answer-tokens-input", Input).value.strip()
        error = self.query_one("#answer-tokens-error", Label)
        try:
            tokens = int(text)
        except ValueError:
            error.update("invalid: a whole number of tokens from 1 to 10000")
            return
        try:
            result = mirage(tokens, law=self.law)
        except PlannerError as exc:
            error.update(f"invalid: {exc}")
            return
        error.update("")
        self.query_one("#metric-method", Static).update(
            f"law {result.law}: {result.method}. Emergence score (Eq. 1): exact match "
            f"{result.emergence_score_exact_match:.3g}, edit distance "
            f"{result.emergence_score_edit_distance:.3g}."
        )
        x = tuple(math.log10(r.compute_flops) for r in result.rows)
        series = [
            Series("exact match p^L", x, tuple(r.exact_match for r in result.rows)),
            Series(
                "1 - edit distance / L",
                x,
                tuple(1 - r.token_edit_distance / tokens for r in result.rows),
            ),
        ]
        if self.plan_flops is not None:  # the plan on both curves, by the same call
            law = self.law
            budgets = [self.plan_flops, 10 * self.plan_flops]  # mirage wants two (a slope)
            try:
                at = mirage(tokens, law=law, compute_flops=budgets).rows[0]
            except PlannerError:  # outside the law's range: the curves without the mark
                at = None
            if at is not None:
                series.append(
                    Series(
                        "plan",
                        (math.log10(at.compute_flops),) * 2,
                        (at.exact_match, 1 - at.token_edit_distance / tokens),
                        "scatter",
                        marker="★",
                    )
                )
        spec = ChartSpec(
            f"answer of {tokens} tokens: exact match p^L and 1 - edit distance / L",
            "log10 compute (FLOPs)",
            "metric (0-1)",
            tuple(series),
        )
        self.query_one(ChartPanel).show(spec)
        table = self.query_one("#mirage-table", DataTable)
        header, rows = mirage_rows(result)
        table.clear(columns=True)
        table.add_columns(*header)
        for r in rows:
            table.add_row(*r)
