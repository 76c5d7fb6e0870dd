"""What the TUI's screens and widgets are given by the app that composes them.

The app (:mod:`planner.tui.app`) builds one :class:`Services` and hands it to each screen's
constructor; screens and widgets import this module, never the app, so the TUI's imports go one
way (app -> screens -> widgets -> services). What a screen asks of the app (use a fitted law,
save a file behind a confirm dialog) it asks by a message (:mod:`planner.tui.messages`); the
command palette, which Textual constructs itself, reaches the app through :class:`PaletteTarget`.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from planner.errors import PlannerWarning

if TYPE_CHECKING:
    from planner.laws._preset import LawPreset
    from planner.planning._records import Accelerator

NARROW_WIDTH = 100
"""Below this many columns the form sits above the results, not beside them (app.tcss)."""


@dataclass(eq=False)
class Services:
    """The app's shared state and settings, passed to every screen's constructor."""

    laws: dict[str, LawPreset]
    """The laws offered, by id: the registry's and the law files', and fitted laws as they are
    added (the app adds to this very dict, so every screen sees them)."""
    accelerators: tuple[Accelerator, ...]
    """The accelerator catalogue (``presets/hardware/``)."""
    presets_dir: Path | None
    """The preset folder every library call of the app reads (None: the usual search)."""
    animated: bool
    """Whether cursors blink and transitions animate (off for snapshots and Pilot tests)."""


class PaletteTarget(Protocol):
    """What the command palette's provider calls on the app (the app implements it)."""

    @property
    def laws(self) -> dict[str, LawPreset]:
        """The laws offered, by id."""
        ...

    def switch_law(self, law_id: str) -> None:
        """Plan with ``law_id``."""

    def switch_unit(self, unit: str) -> None:
        """Read the budget in ``unit``."""

    def switch_tab(self, tab: str) -> None:
        """Show the main screen's ``tab``."""

    def action_main(self) -> Awaitable[None]:
        """Back to the main screen."""
        ...

    def action_fit(self) -> Awaitable[None]:
        """Open the fit screen."""
        ...

    def action_metric(self) -> Awaitable[None]:
        """Open the metric view."""
        ...

    def action_help(self) -> None:
        """Open the help."""

    def action_export_json(self) -> None:
        """Export the plan as JSON."""

    def action_export_markdown(self) -> None:
        """Export the plan as Markdown."""

    def export_scenarios(self, suffix: str) -> None:
        """Export the pinned plans and the sweep (``csv`` or ``md``)."""

    def pin_plan(self) -> None:
        """Pin the plan on show."""

    def zoom_charts(self, factor: float) -> None:
        """Zoom the charts (> 1 in, < 1 out, 0 shows everything)."""

    def charts_on_show(self) -> bool:
        """Whether the Charts tab is on show."""
        ...


_QUIET = threading.RLock()


@contextmanager
def planner_warnings_ignored() -> Iterator[None]:
    """Ignore PlannerWarning (the plan's ``warnings`` show it on screen), on any thread.

    ``warnings.catch_warnings`` swaps the process-wide filter list; two threads inside it at
    once (a plan worker and the key handler) could restore each other's filters. One lock
    keeps the app's uses of it one at a time.
    """
    with _QUIET, warnings.catch_warnings():
        warnings.simplefilter("ignore", PlannerWarning)
        yield


WriteFile = Callable[[bool], Path]
"""``write(force)``: writes a file, raising OutputExistsError where one exists and not forced."""
