"""The exceptions and warnings of `planner`.

One base class, one subclass per area; each also subclasses the builtin that fits, so a library
user's ``except ValueError`` keeps working (the lmfit/harlequin pattern, STYLE.md 5.6).
"""

from __future__ import annotations

__all__ = [
    "ArgumentTypeError",
    "InfeasibleError",
    "InputError",
    "OutputExistsError",
    "PlannerError",
    "PlannerWarning",
    "PresetError",
    "SolverError",
]


class PlannerError(Exception):
    """Base class of every error `planner` raises on purpose."""


class InputError(PlannerError, ValueError):
    """An argument is out of its domain (negative budget, NaN, unknown unit, ...).

    The message names the argument, the value and what it must be.
    """


class ArgumentTypeError(InputError, TypeError):
    """An argument is of the wrong type (a float where a sequence of law ids goes, ...).

    Both a ``TypeError`` (what Python raises for a wrong type) and, through
    :class:`InputError`, a ``ValueError``: a caller's ``except TypeError`` and
    ``except ValueError`` both keep working.
    """


class OutputExistsError(InputError):
    """The file to write exists, and replacing it was not asked for (``--force``).

    ``path`` is the file, so that an interface can ask the user and retry.
    """

    def __init__(self, message: str, *, path: object = None) -> None:
        super().__init__(message)
        self.path = path


class PresetError(PlannerError, ValueError):
    """A preset (law, hardware or task file) is missing, unknown or malformed."""


class InfeasibleError(PlannerError, ValueError):
    """The request cannot be met.

    A target loss at or below the irreducible loss, a law that does not model what was asked,
    or constraints that contradict each other.
    """


class SolverError(PlannerError, RuntimeError):
    """A numeric solve did not converge; never returned as a number."""


class PlannerWarning(UserWarning):
    """Legal but dubious input, e.g. a budget far outside the compute a law was fitted on."""
