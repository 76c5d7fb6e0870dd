"""Messages between the app's widgets, screens and workers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from planner.fit._parametric import FitReport
from planner.fit._runs import Runs
from planner.laws._preset import LawPreset
from planner.planning._records import Plan
from planner.tasks._records import TaskAssessment


@dataclass
class PlanReady(Message):
    """A new plan was computed from the form."""

    plan: Plan
    capabilities: tuple[TaskAssessment, ...]


@dataclass
class PlanFailed(Message):
    """The form holds input the planner refuses; the last good plan stays on screen."""

    field: str
    error: str


@dataclass
class FitProgress(Message):
    """Progress of a running fit (or of reading its runs): counts that never go down."""

    done: int
    total: int
    stage: str = "fitting"


@dataclass
class FitDone(Message):
    """A fit finished."""

    report: FitReport
    runs: Runs | None = None
    """The runs it was fitted on (for the plot against the fitted law)."""


@dataclass
class FitFailed(Message):
    """A fit was refused or cancelled."""

    error: str


@dataclass
class LawAdded(Message):
    """A fitted law should join the law list (and, with ``use``, be planned with)."""

    law: LawPreset
    use: bool = True
    """Select the law and go back to the main screen (False: only offer it)."""
    refused_title: str = "Law not added"
    """The title of the notification if the app refuses the law."""


@dataclass
class SaveFile(Message):
    """Write a file; if it exists, ask before replacing it (the app's confirm dialog)."""

    write: Callable[[bool], Path]
    """``write(force)``: raises OutputExistsError where the file exists and not ``force``."""
    title: str
    done: Callable[[Path], None] | None = None
    """Called with the path written."""
