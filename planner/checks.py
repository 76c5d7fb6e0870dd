"""Argument checks shared by every public function: one message style, one error type.

Each check names the argument, the (shortened) value and what it must be, and raises
:class:`~planner.errors.InputError` (a ``PlannerError`` and a ``ValueError``). A ``bool`` is
never a number; Python ints too large for a float are refused, not overflowed.
"""

from __future__ import annotations

import math
from pathlib import Path

from planner.errors import InputError
from planner.units import parse_quantity, parse_whole

__all__ = ["check_flag", "check_real", "check_whole", "finite", "shown"]


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` shortened to about ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 4]}... ({len(text)} characters)"


def check_real(
    value: object,
    name: str,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """A finite real number (or text in the planner's number grammar) within the bounds.

    Examples
    --------
    >>> check_real("0.4", "mfu", low=1e-3, high=1.0)
    0.4
    >>> check_real(True, "mfu")
    Traceback (most recent call last):
    ...
    planner.errors.InputError: mfu: expected a number, got True
    """
    x = parse_quantity(value, name=name)  # type: ignore[arg-type]
    below = x <= low if low_open else x < low
    above = x >= high if high_open else x > high
    if below or above:
        lo_b = "(" if low_open else "["
        hi_b = ")" if high_open else "]"
        raise InputError(f"{name}: must be in {lo_b}{low:g}, {high:g}{hi_b}, got {shown(value)}")
    return x


def check_whole(value: object, name: str, *, low: int = 0, high: int = 2**63 - 1) -> int:
    """A whole number in ``[low, high]``; floats with a fraction and bools are refused."""
    return parse_whole(value, name=name, low=low, high=high)  # type: ignore[arg-type]


def check_flag(value: object, name: str) -> bool:
    """A ``bool`` and nothing else (``1`` or ``"yes"`` are refused)."""
    if not isinstance(value, bool):
        raise InputError(f"{name}: expected True or False, got {shown(value)}")
    return value


def finite(value: float, what: str) -> float:
    """``value`` if finite; an error naming the inputs that made it overflow otherwise."""
    if not math.isfinite(value):
        raise InputError(f"{what}: the result overflows ({value!r}); the inputs are out of range")
    return value


def check_path(value: object, name: str) -> Path:
    """A file path given as ``str`` or ``Path``."""
    if isinstance(value, Path):
        return value
    if isinstance(value, str) and value and "\x00" not in value:
        return Path(value)
    raise InputError(f"{name}: expected a file path, got {shown(value)}")
