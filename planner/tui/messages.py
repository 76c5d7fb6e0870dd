"""Messages between the app's widgets, screens and workers."""

from __future__ import annotations

from dataclasses import dataclass

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
    """A fitted law should join the law list (and be selected)."""

    law: LawPreset
