"""Command palette: switch law, unit or screen, pin the plan, zoom the charts, export."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import cast

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

from planner.tui.form import UNIT_LABELS, UNITS
from planner.tui.services import PaletteTarget


class PlannerCommands(Provider):
    """Laws, units, screens and exports."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = cast(PaletteTarget, self.app)  # Textual builds providers: no constructor to use
        out: list[tuple[str, Callable[[], object], str]] = []
        for law_id, law in app.laws.items():
            out.append((f"Law: {law_id}", partial(app.switch_law, law_id), law.name))
        for unit in UNITS:
            out.append(
                (f"Unit: {UNIT_LABELS[unit]}", partial(app.switch_unit, unit), "budget unit")
            )
        for tab, name, what in (
            ("plan-tab", "Plan", "the plan, capabilities and scores (F2)"),
            ("charts-tab", "Charts", "frontier, iso-FLOP and N_opt charts (F3)"),
            ("compare-tab", "Compare", "the budget through every law (F4)"),
            ("run-tab", "Run", "batch, layout, memory, days, energy (F5)"),
            ("scenarios-tab", "Scenarios", "pinned plans and a budget sweep (F6; p pins)"),
        ):
            out.append((f"Tab: {name}", partial(app.switch_tab, tab), what))
        out.append(
            ("Pin the plan on show", app.pin_plan, "ctrl+o (p outside a field); F6 lays pins out")
        )
        if app.charts_on_show():  # as in the footer: the zoom keys act on the Charts tab
            for title, factor, key in (
                ("Zoom charts in", 2.0, "+"),
                ("Zoom charts out", 0.5, "-"),
                ("Zoom charts: show everything", 0.0, "0"),
            ):
                out.append((title, partial(app.zoom_charts, factor), f"{key} outside a field"))
        out += [
            ("Screen: main", app.action_main, "the plan"),
            ("Screen: fit your runs", app.action_fit, "fit a law to a CSV"),
            ("Screen: metric view", app.action_metric, "exact match vs edit distance"),
            ("Screen: help", app.action_help, "keys and sources"),
            ("Export plan as JSON", app.action_export_json, "writes planner-plan.json"),
            ("Export plan as Markdown", app.action_export_markdown, "writes planner-plan.md"),
            (
                "Export scenarios as CSV",
                partial(app.export_scenarios, "csv"),
                "pinned plans and the sweep: planner-scenarios.csv",
            ),
            (
                "Export scenarios as Markdown",
                partial(app.export_scenarios, "md"),
                "pinned plans and the sweep: planner-scenarios.md",
            ),
        ]
        return out

    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands():  # all of them, before any typing
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


class SafeCommandPalette(CommandPalette):
    """Textual's command palette, minus a crash.

    PageUp/PageDown before the option list has been laid out raise ``KeyError`` inside
    Textual 8.2 (``OptionList._move_page`` reads a line map that is still empty) and take the
    whole app down. Before layout there is nothing to page through, so the key does nothing.
    """

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except (KeyError, IndexError):
            return
