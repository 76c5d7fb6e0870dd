r"""The law kinds: every functional form of scaling law, behind one interface.

A law kind is one frozen model class (the constants a law file gives) with methods for
everything the planner asks of a law, so that the solver, the capabilities view and the charts
never ask which kind a law is:

========================  ====================================================================
``optimum(c)``            compute-optimal (N, D) for an array of budgets, with 6ND = C
                          (abstract: every kind implements it)
``has_loss``              whether the kind predicts a loss at all
``predict(n, d)``         the loss of N parameters trained on D tokens (where defined)
``floor``                 the irreducible loss (0 where the form has none)
``frontier_loss(c)``      the loss along the compute-optimal frontier
``compute_for_loss(l)``   least compute whose optimal plan reaches loss l (closed form or
                          bisection along the frontier)
``coefficient_draws()``   a sampled ``predict`` from published standard errors, or None
``notes(c)``              how the figures were obtained, for the plan's notes
``hyperparameters(c)``    batch size and learning rate, where the law publishes them
                          (:class:`~planner.laws.Hyperparameters`, the run sheet's record too)
``FIT_PARAMETERS``        the parameters ``planner fit`` fits, declared once (name, log scale,
                          start grid), with ``loss_from`` evaluating a batch of them (required
                          of a kind that declares them)
========================  ====================================================================

**Adding a functional form** is one module in this package holding one class (registered in
:data:`ScalingLaw` below), a preset in ``presets/laws/`` and a golden test: see
``docs/ARCHITECTURE.md``. The over-training law of Gadre et al. 2024 (:class:`GadreLaw`)
was added that way.
"""

from __future__ import annotations

from planner.laws._hyperparameters import Hyperparameters
from planner.laws.kinds.base import FitParameter, LawKind
from planner.laws.kinds.deepseek import DeepSeekLaw
from planner.laws.kinds.gadre import GadreLaw
from planner.laws.kinds.kaplan import KaplanLaw
from planner.laws.kinds.moe import MoeLaw
from planner.laws.kinds.moe_granular import GranularMoeLaw
from planner.laws.kinds.moe_joint import JointMoeLaw
from planner.laws.kinds.parametric import (
    MUENNIGHOFF_R_D_STAR,
    MUENNIGHOFF_R_N_STAR,
    ParametricLaw,
    ParametricStderr,
    Repetition,
)
from planner.laws.kinds.power import PowerLaw

__all__ = [
    "MUENNIGHOFF_R_D_STAR",
    "MUENNIGHOFF_R_N_STAR",
    "DeepSeekLaw",
    "FitParameter",
    "GadreLaw",
    "GranularMoeLaw",
    "Hyperparameters",
    "JointMoeLaw",
    "KaplanLaw",
    "LawKind",
    "MoeLaw",
    "ParametricLaw",
    "ParametricStderr",
    "PowerLaw",
    "Repetition",
    "ScalingLaw",
]

ScalingLaw = (
    ParametricLaw | KaplanLaw | PowerLaw | DeepSeekLaw | GadreLaw | JointMoeLaw | GranularMoeLaw
)
"""Every law kind, told apart by its ``kind`` field in a law file (a msgspec tagged union:
each class's ``tag``, under :class:`LawKind`'s ``tag_field``)."""
