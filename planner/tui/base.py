"""The app as its own type, for screens and widgets (instead of reaching into ``App[object]``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.dom import DOMNode

if TYPE_CHECKING:
    from planner.tui.app import PlannerApp


def planner_app(node: DOMNode) -> PlannerApp:
    """``node.app``, typed as the planner's app."""
    from planner.tui.app import PlannerApp

    app = node.app
    assert isinstance(app, PlannerApp), type(app).__name__
    return app
