"""Fitting a user's own runs.

The CSV reader, Approach 3 (parametric, with bootstrap) and Approach 2 (iso-FLOP), any law kind,
diagnostics, law files, and task curves on the user's loss.

Public names, by the module that defines them:

- ``_checks``: ``FitSummary``, ``GRID_EXPONENT_MAX``, ``MIN_DISTINCT_AXIS``,
  ``NO_BETTER_THAN_CONSTANT``, ``fit_diagnostics``, ``huber``
- ``_isoflop``: ``IsoFlopBudget``, ``IsoFlopFit``, ``fit_approach2``
- ``_kinds``: ``KindFit``, ``fit_kind``, ``fittable_kinds``, ``kind_law``
- ``_lawfile``: ``fit_to_law``, ``law_toml``, ``write_law_file``
- ``_optimizer``: ``CHUNK_RUNS``, ``GRADIENT_TOLERANCE``, ``HUBER_DELTA``, ``SCREEN_RUNS``,
  ``adam``, ``chunked_objective``, ``fit_theta``, ``fit_units``, ``hoffmann_grid``,
  ``huber_lse_objective``, ``polish``, ``polish_converged``, ``screen_sample``
- ``_parametric``: ``Approach3Fit``, ``BootstrapSummary``, ``FitReport``, ``HoldoutReport``,
  ``check_fit_options``, ``fit_approach3``, ``fit_runs``
- ``_runs``: ``MIN_RUNS``, ``Runs``, ``csv_header``, ``distinct_points``, ``read_runs``,
  ``slug``
- ``_task_curves``: ``KNOWN_CHANCE``, ``MIN_TASK_RUNS``, ``TASK_BOOTSTRAP``, ``fit_loss_curve``
- ``_two_step``: ``TwoStepRow``, ``two_step_check``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._lazy import attach

if TYPE_CHECKING:
    from planner.fit._checks import (
        GRID_EXPONENT_MAX,
        MIN_DISTINCT_AXIS,
        NO_BETTER_THAN_CONSTANT,
        FitSummary,
        fit_diagnostics,
        huber,
    )
    from planner.fit._isoflop import (
        IsoFlopBudget,
        IsoFlopFit,
        fit_approach2,
    )
    from planner.fit._kinds import (
        KindFit,
        fit_kind,
        fittable_kinds,
        kind_law,
    )
    from planner.fit._lawfile import (
        fit_to_law,
        law_toml,
        write_law_file,
    )
    from planner.fit._optimizer import (
        CHUNK_RUNS,
        GRADIENT_TOLERANCE,
        HUBER_DELTA,
        SCREEN_RUNS,
        adam,
        chunked_objective,
        fit_theta,
        fit_units,
        hoffmann_grid,
        huber_lse_objective,
        polish,
        polish_converged,
        screen_sample,
    )
    from planner.fit._parametric import (
        Approach3Fit,
        BootstrapSummary,
        FitReport,
        HoldoutReport,
        check_fit_options,
        fit_approach3,
        fit_runs,
    )
    from planner.fit._runs import (
        MIN_RUNS,
        Runs,
        csv_header,
        distinct_points,
        read_runs,
        slug,
    )
    from planner.fit._task_curves import (
        KNOWN_CHANCE,
        MIN_TASK_RUNS,
        TASK_BOOTSTRAP,
        fit_loss_curve,
    )
    from planner.fit._two_step import (
        TwoStepRow,
        two_step_check,
    )

_NAMES = {
    "Approach3Fit": "_parametric",
    "BootstrapSummary": "_parametric",
    "CHUNK_RUNS": "_optimizer",
    "FitReport": "_parametric",
    "FitSummary": "_checks",
    "GRADIENT_TOLERANCE": "_optimizer",
    "GRID_EXPONENT_MAX": "_checks",
    "HUBER_DELTA": "_optimizer",
    "HoldoutReport": "_parametric",
    "IsoFlopBudget": "_isoflop",
    "IsoFlopFit": "_isoflop",
    "KNOWN_CHANCE": "_task_curves",
    "KindFit": "_kinds",
    "MIN_DISTINCT_AXIS": "_checks",
    "MIN_RUNS": "_runs",
    "MIN_TASK_RUNS": "_task_curves",
    "NO_BETTER_THAN_CONSTANT": "_checks",
    "Runs": "_runs",
    "SCREEN_RUNS": "_optimizer",
    "TASK_BOOTSTRAP": "_task_curves",
    "TwoStepRow": "_two_step",
    "adam": "_optimizer",
    "check_fit_options": "_parametric",
    "chunked_objective": "_optimizer",
    "csv_header": "_runs",
    "distinct_points": "_runs",
    "fit_approach2": "_isoflop",
    "fit_approach3": "_parametric",
    "fit_diagnostics": "_checks",
    "fit_kind": "_kinds",
    "fit_loss_curve": "_task_curves",
    "fit_runs": "_parametric",
    "fit_theta": "_optimizer",
    "fit_to_law": "_lawfile",
    "fit_units": "_optimizer",
    "fittable_kinds": "_kinds",
    "hoffmann_grid": "_optimizer",
    "huber": "_checks",
    "huber_lse_objective": "_optimizer",
    "kind_law": "_kinds",
    "law_toml": "_lawfile",
    "polish": "_optimizer",
    "polish_converged": "_optimizer",
    "read_runs": "_runs",
    "screen_sample": "_optimizer",
    "slug": "_runs",
    "two_step_check": "_two_step",
    "write_law_file": "_lawfile",
}

__all__ = [
    "CHUNK_RUNS",
    "GRADIENT_TOLERANCE",
    "GRID_EXPONENT_MAX",
    "HUBER_DELTA",
    "KNOWN_CHANCE",
    "MIN_DISTINCT_AXIS",
    "MIN_RUNS",
    "MIN_TASK_RUNS",
    "NO_BETTER_THAN_CONSTANT",
    "SCREEN_RUNS",
    "TASK_BOOTSTRAP",
    "Approach3Fit",
    "BootstrapSummary",
    "FitReport",
    "FitSummary",
    "HoldoutReport",
    "IsoFlopBudget",
    "IsoFlopFit",
    "KindFit",
    "Runs",
    "TwoStepRow",
    "adam",
    "check_fit_options",
    "chunked_objective",
    "csv_header",
    "distinct_points",
    "fit_approach2",
    "fit_approach3",
    "fit_diagnostics",
    "fit_kind",
    "fit_loss_curve",
    "fit_runs",
    "fit_theta",
    "fit_to_law",
    "fit_units",
    "fittable_kinds",
    "hoffmann_grid",
    "huber",
    "huber_lse_objective",
    "kind_law",
    "law_toml",
    "polish",
    "polish_converged",
    "read_runs",
    "screen_sample",
    "slug",
    "two_step_check",
    "write_law_file",
]
__getattr__, __dir__ = attach(__name__, _NAMES)
