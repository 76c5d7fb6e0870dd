"""The models' constraints, written in their annotations as :class:`msgspec.Meta`.

``Gt``, ``Ge``, ``Lt``, ``Le``, ``MinLen`` and ``Pattern`` are thin spellings of
``msgspec.Meta(gt=...)`` and so on: msgspec checks them (at C speed) when it converts a file's
data into a model, and :class:`planner.data._frozen.Frozen` checks the same ``Meta`` objects when
a model is built directly in Python. :mod:`planner.data._frozen` re-exports them with the model
base.
"""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from planner.limits import EXPONENT_RANGE

__all__ = [
    "Exponent",
    "Ge",
    "Gt",
    "Le",
    "Lt",
    "MinLen",
    "Pattern",
    "PositiveFloat",
    "SignedExponent",
]


def Gt(value: float) -> Meta:  # noqa: N802 (an annotation marker, read as a type)
    """Greater than ``value`` (``msgspec.Meta(gt=value)``).

    Parameters
    ----------
    value : float
        The bound.

    Returns
    -------
    msgspec.Meta
    """
    return Meta(gt=value)


def Ge(value: float) -> Meta:  # noqa: N802 (an annotation marker, read as a type)
    """Greater than or equal to ``value`` (``msgspec.Meta(ge=value)``).

    Parameters
    ----------
    value : float
        The bound.

    Returns
    -------
    msgspec.Meta
    """
    return Meta(ge=value)


def Lt(value: float) -> Meta:  # noqa: N802 (an annotation marker, read as a type)
    """Less than ``value`` (``msgspec.Meta(lt=value)``).

    Parameters
    ----------
    value : float
        The bound.

    Returns
    -------
    msgspec.Meta
    """
    return Meta(lt=value)


def Le(value: float) -> Meta:  # noqa: N802 (an annotation marker, read as a type)
    """Less than or equal to ``value`` (``msgspec.Meta(le=value)``).

    Parameters
    ----------
    value : float
        The bound.

    Returns
    -------
    msgspec.Meta
    """
    return Meta(le=value)


def MinLen(value: int) -> Meta:  # noqa: N802 (an annotation marker, read as a type)
    """At least ``value`` items (``msgspec.Meta(min_length=value)``).

    Parameters
    ----------
    value : int
        The fewest items.

    Returns
    -------
    msgspec.Meta
    """
    return Meta(min_length=value)


def Pattern(pattern: str) -> Meta:  # noqa: N802 (an annotation marker, read as a type)
    """A string matching the regular expression ``pattern`` (``msgspec.Meta(pattern=...)``).

    Parameters
    ----------
    pattern : str
        The regular expression (searched, as msgspec does).

    Returns
    -------
    msgspec.Meta
    """
    return Meta(pattern=pattern)


PositiveFloat = Annotated[float, Meta(gt=0)]
"""A float > 0."""
Exponent = Annotated[float, Meta(ge=EXPONENT_RANGE[0], le=EXPONENT_RANGE[1])]
"""A power-law exponent of a law file (see :data:`planner.limits.EXPONENT_RANGE`)."""
SignedExponent = Annotated[float, Meta(ge=-EXPONENT_RANGE[1], le=EXPONENT_RANGE[1])]
"""An exponent that may be negative (a learning rate falls with compute)."""
