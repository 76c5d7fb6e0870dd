"""Checks of the arguments that are not numbers: types, text, sequences, mappings, paths.

The companions of :mod:`planner.io._checks` (numbers): each names the argument and the (shortened)
value. A wrong type raises :class:`~planner.errors.ArgumentTypeError` (a ``TypeError`` and a
``ValueError``), a wrong value :class:`~planner.errors.InputError` (issue 24 item 7).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar

from planner.errors import ArgumentTypeError, InputError
from planner.io._checks import check_path, shown

__all__ = [
    "check_instance",
    "check_optional_path",
    "check_optional_text",
    "check_score_options",
    "check_sequence",
    "check_text",
    "check_text_map",
]


_T = TypeVar("_T")


def check_instance(value: object, kind: type[_T], name: str) -> _T:
    """``value`` if it is a ``kind`` (a :class:`~planner.planning.Plan`, a fit report, ...).

    Parameters
    ----------
    value : object
        The input.
    kind : type
        The class it must be an instance of.
    name : str
        The argument's name, for the error message.

    Returns
    -------
    kind

    Raises
    ------
    ArgumentTypeError
        Naming ``name``, the expected class and the (shortened) value.
    """
    if not isinstance(value, kind):
        raise ArgumentTypeError(f"{name}: expected a {kind.__name__}, got {shown(value)}")
    return value


def check_text(value: object, name: str, *, choices: tuple[str, ...] = (), limit: int = 200) -> str:
    """Non-empty text of at most ``limit`` characters, one of ``choices`` if given.

    Parameters
    ----------
    value : object
        The input.
    name : str
        The argument's name, for the error message.
    choices : tuple of str
        The allowed values (any text if empty).
    limit : int
        The longest text allowed.

    Returns
    -------
    str

    Raises
    ------
    ArgumentTypeError
        Not a ``str``.
    InputError
        Empty, too long, with a NUL or newline, or not one of ``choices``.
    """
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name}: expected text, got {shown(value)}")
    if choices and value not in choices:
        raise InputError(f"{name}: must be one of {', '.join(choices)}, got {shown(value)}")
    if not value or len(value) > limit or any(c in value for c in "\x00\n\r"):
        raise InputError(
            f"{name}: expected one line of 1 to {limit} characters, got {shown(value)}"
        )
    return value


def check_optional_text(value: object, name: str) -> str | None:
    """None, or text as :func:`check_text` takes it.

    Parameters
    ----------
    value : object
        The input.
    name : str
        The argument's name, for the error message.

    Returns
    -------
    str or None

    Raises
    ------
    ArgumentTypeError, InputError
        As :func:`check_text`.
    """
    return None if value is None else check_text(value, name)


def check_score_options(like: object, recipe: object) -> None:
    """The ``like`` and ``recipe`` options of the score views: each None or one line of text.

    Parameters
    ----------
    like, recipe : object
        The inputs (which family or recipe is known is checked where the calibration is read).

    Raises
    ------
    ArgumentTypeError, InputError
        As :func:`check_text`.

    Returns
    -------
    None
    """
    check_optional_text(like, "like")
    check_optional_text(recipe, "recipe")


def check_optional_path(value: object, name: str) -> Path | None:
    """None, or a file or folder path given as ``str`` or ``Path``.

    Parameters
    ----------
    value : object
        The input.
    name : str
        The argument's name, for the error message.

    Returns
    -------
    Path or None

    Raises
    ------
    ArgumentTypeError
        Neither None, ``str`` nor ``Path``.
    InputError
        An empty path, or one with a NUL.
    """
    if value is None:
        return None
    if not isinstance(value, str | Path):
        raise ArgumentTypeError(f"{name}: expected a path, got {shown(value)}")
    return check_path(value, name)


def check_sequence(
    value: object, name: str, *, low: int = 1, high: int = 10_000
) -> tuple[object, ...]:
    """A list or tuple (not text, a mapping or an array) of ``low`` to ``high`` items.

    Parameters
    ----------
    value : object
        The input.
    name : str
        The argument's name, for the error message.
    low, high : int
        The fewest and most items allowed.

    Returns
    -------
    tuple
        The items, each still to be checked by the caller.

    Raises
    ------
    ArgumentTypeError
        Not a list or tuple.
    InputError
        Too few or too many items.
    """
    if not isinstance(value, list | tuple):
        raise ArgumentTypeError(f"{name}: expected a list or tuple, got {shown(value)}")
    if not low <= len(value) <= high:
        raise InputError(f"{name}: expected {low} to {high} items, got {len(value)}")
    return tuple(value)


def check_text_map(value: object, name: str) -> dict[str, str] | None:
    """None, or a mapping of text to text (a column filter, a task's column).

    Parameters
    ----------
    value : object
        The input.
    name : str
        The argument's name, for the error message.

    Returns
    -------
    dict of str to str, or None

    Raises
    ------
    ArgumentTypeError
        Not a mapping, or a key or value that is not text.
    InputError
        An empty or over-long key or value.
    """
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ArgumentTypeError(f"{name}: expected a mapping of text to text, got {shown(value)}")
    out: dict[str, str] = {}
    for key, item in value.items():
        key = check_text(key, f"{name} key")
        if not isinstance(item, str):
            raise ArgumentTypeError(f"{name}[{key!r}]: expected text, got {shown(item)}")
        out[key] = item
    return out
