"""Argument checks shared by every public function: one message style, one error type.

Each check names the argument, the (shortened) value and what it must be, and raises
:class:`~planner.errors.InputError` (a ``PlannerError`` and a ``ValueError``). A ``bool`` is
never a number; Python ints too large for a float are refused, not overflowed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from planner.errors import ArgumentTypeError, InputError
from planner.limits import GOODPUT_RANGE, MFU_RANGE, PRICE_MAX
from planner.units import parse_quantity, parse_whole

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "as_array",
    "check_files",
    "check_flag",
    "check_goodput",
    "check_id",
    "check_mfu",
    "check_price",
    "check_real",
    "check_thresholds",
    "check_whole",
    "finite",
    "shown",
]


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` shortened to about ``limit`` characters.

    Parameters
    ----------
    value : object
        Anything.
    limit : int
        Characters kept.

    Returns
    -------
    str
    """
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

    Parameters
    ----------
    value : object
        The input: a real number or a quantity string.
    name : str
        The argument's name, for the error message.
    low, high : float
        Bounds.
    low_open, high_open : bool
        Whether each bound is excluded.

    Returns
    -------
    float

    Raises
    ------
    InputError
        Naming ``name`` and the (shortened) value.

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
    """A whole number in ``[low, high]``; floats with a fraction and bools are refused.

    Parameters
    ----------
    value : object
        The input: an int, a float without a fraction or a quantity string.
    name : str
        The argument's name, for the error message.
    low, high : int
        Inclusive bounds.

    Returns
    -------
    int

    Raises
    ------
    InputError
        Naming ``name`` and the (shortened) value.
    """
    return parse_whole(value, name=name, low=low, high=high)  # type: ignore[arg-type]


def check_flag(value: object, name: str) -> bool:
    """A ``bool`` and nothing else (``1`` or ``"yes"`` are refused).

    Parameters
    ----------
    value : object
        The input.
    name : str
        The argument's name, for the error message.

    Returns
    -------
    bool

    Raises
    ------
    ArgumentTypeError
        Naming ``name`` and the (shortened) value (an :class:`~planner.errors.InputError` too).
    """
    if not isinstance(value, bool):
        raise ArgumentTypeError(f"{name}: expected True or False, got {shown(value)}")
    return value


def finite(value: float, what: str) -> float:
    """``value`` if finite; an error naming the inputs that made it overflow otherwise.

    Parameters
    ----------
    value : float
        A computed result.
    what : str
        What was computed, for the message.

    Returns
    -------
    float
        ``value``.

    Raises
    ------
    InputError
        ``value`` is inf or NaN.
    """
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


def as_array(value: object, name: str) -> NDArray[np.float64]:
    """A float64 array from a number, a quantity string or an array-like of numbers.

    Refuses bools, complex numbers, text that is not a quantity, nested junk and ints beyond
    float range with an :class:`~planner.errors.InputError` naming ``name``; NaN and inf pass
    (range checks refuse them with their own message).

    Parameters
    ----------
    value : object
        The input.
    name : str
        The argument's name, for the error message.

    Returns
    -------
    ndarray of float64

    Raises
    ------
    InputError
        Naming ``name`` and the (shortened) value.
    """
    if isinstance(value, str | bool) or value is None:
        return np.asarray(parse_quantity(value, name=name))  # type: ignore[arg-type]
    if isinstance(value, int | float):
        return np.asarray(check_real(value, name) if isinstance(value, int) else value)
    if isinstance(value, complex | bytes | Mapping):
        raise InputError(f"{name}: must be a number or an array of numbers, got {shown(value)}")
    try:
        arr = np.asarray(value)
        if arr.dtype.kind not in "iuf" or arr.dtype == np.bool_:
            raise TypeError(arr.dtype)
        return arr.astype(np.float64)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputError(
            f"{name}: must be a number or an array of numbers, got {shown(value)}"
        ) from exc


def check_id(value: object, name: str) -> str:
    """A registry id or name: text of at most 200 characters.

    Parameters
    ----------
    value : object
        The input.
    name : str
        The argument's name, for the error message.

    Returns
    -------
    str

    Raises
    ------
    InputError
        Naming ``name`` and the (shortened) value.
    """
    if not isinstance(value, str) or not value or len(value) > 200:
        raise InputError(f"{name}: expected an id, got {shown(value)}")
    return value


def check_files(value: object, name: str) -> tuple[str | Path, ...]:
    """A tuple (or list) of file paths.

    Parameters
    ----------
    value : object
        The input.
    name : str
        The argument's name, for the error message.

    Returns
    -------
    tuple of str or Path

    Raises
    ------
    InputError
        Naming ``name`` and the (shortened) value.
    """
    if isinstance(value, str | Path) or not isinstance(value, tuple | list):
        raise InputError(f"{name}: expected a tuple of file paths, got {shown(value)}")
    for item in value:
        check_path(item, name)
    return tuple(value)


def check_thresholds(value: object, name: str = "thresholds") -> dict[str, float]:
    """A mapping of task id to a loss threshold (nats/token, > 0).

    Parameters
    ----------
    value : object
        A mapping of task id to loss, or None (no overrides: an empty dict).
    name : str
        The argument's name, for the error message.

    Returns
    -------
    dict of str to float

    Raises
    ------
    InputError
        Naming ``name`` and the (shortened) value.
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputError(f"{name}: expected a mapping of task id to loss, got {shown(value)}")
    out: dict[str, float] = {}
    for key, loss in value.items():
        task = check_id(key, f"{name} key")
        out[task] = check_real(loss, f"{name}[{task!r}]", low=0.0, high=100.0, low_open=True)
    return out


def check_mfu(mfu: object, name: str = "mfu") -> float:
    """Model FLOPs utilisation within :data:`~planner.limits.MFU_RANGE`.

    Parameters
    ----------
    mfu : object
        The value to check.
    name : str
        The field, for the error message.

    Returns
    -------
    float

    Raises
    ------
    InputError
        Not a finite number within ``MFU_RANGE``.
    """
    return check_real(mfu, name, low=MFU_RANGE[0], high=MFU_RANGE[1])


def check_goodput(goodput: object, name: str = "goodput") -> float:
    """The share of a job's GPU time that trains, within :data:`~planner.limits.GOODPUT_RANGE`.

    Parameters
    ----------
    goodput : object
        The value to check.
    name : str
        The field, for the error message.

    Returns
    -------
    float

    Raises
    ------
    InputError
        Not a finite number within ``GOODPUT_RANGE``.
    """
    return check_real(goodput, name, low=GOODPUT_RANGE[0], high=GOODPUT_RANGE[1])


def check_price(price: object, name: str = "price_per_gpu_hour") -> float:
    """Dollars per GPU-hour in (0, :data:`~planner.limits.PRICE_MAX`].

    Parameters
    ----------
    price : object
        The value to check.
    name : str
        The field, for the error message.

    Returns
    -------
    float

    Raises
    ------
    InputError
        Not a finite number in (0, ``PRICE_MAX``].
    """
    return check_real(price, name, low=0.0, high=PRICE_MAX, low_open=True)
