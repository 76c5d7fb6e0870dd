"""Messages between the app's widgets, screens and workers."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from planner.fit import FitReport
from planner.models import LawPreset, Plan, TaskAssessment
from planner.runs import Runs


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
