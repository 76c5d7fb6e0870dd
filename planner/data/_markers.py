"""Annotation markers of the models' constraints, read by pydantic only when it validates.

``Gt``, ``Ge``, ``Lt``, ``Le``, ``MinLen``, :class:`Pattern` and :class:`Tagged` each hand
pydantic the constraint of its core schema (``__get_pydantic_core_schema__``) and cost nothing
to import otherwise (``annotated_types``, which pydantic also reads, costs ~9 ms of the CLI's
start-up). :mod:`planner.data._frozen` re-exports them with the model base.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Annotated, Any, ClassVar

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
    "Tagged",
]


class _Constraint:
    """Annotation marker: one constraint of pydantic's core schema (e.g. ``ge=0``)."""

    key: ClassVar[str] = ""

    def __init__(self, value: float) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.value!r})"

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        """The schema of the annotated type with this constraint set, for pydantic."""
        schema = handler(source)
        schema[self.key] = self.value
        return schema


class Gt(_Constraint):
    """Greater than (pydantic ``gt``)."""

    key = "gt"


class Ge(_Constraint):
    """Greater than or equal to (pydantic ``ge``)."""

    key = "ge"


class Lt(_Constraint):
    """Less than (pydantic ``lt``)."""

    key = "lt"


class Le(_Constraint):
    """Less than or equal to (pydantic ``le``)."""

    key = "le"


class MinLen(_Constraint):
    """At least this many items (pydantic ``min_length``)."""

    key = "min_length"


class Pattern:
    """Annotation marker: a string matching a regular expression (pydantic: ``pattern``)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        """The string schema with the pattern, for pydantic."""
        from pydantic_core import core_schema

        return core_schema.str_schema(pattern=self.pattern)


class Tagged:
    """Annotation marker: a union of models told apart by a tag field (a tagged union).

    pydantic validates it as a tagged union (an unknown tag is one clear error; the error
    location names the tag); :func:`trusted` picks the member by the same field.
    """

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def members(self, union: Any) -> dict[str, type[Any]]:
        """The union's members by the default of their tag field."""
        out: dict[str, type[Any]] = {}
        for member in typing.get_args(union):
            field = {f.name: f for f in dataclasses.fields(member)}[self.tag]
            out[str(field.default)] = member
        return out

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        """The tagged-union schema, for pydantic."""
        from pydantic_core import core_schema

        choices = {tag: handler.generate_schema(m) for tag, m in self.members(source).items()}
        return core_schema.tagged_union_schema(choices, self.tag)


PositiveFloat = Annotated[float, Gt(0)]
"""A float > 0."""
Exponent = Annotated[float, Ge(EXPONENT_RANGE[0]), Le(EXPONENT_RANGE[1])]
"""A power-law exponent of a law file (see :data:`planner.limits.EXPONENT_RANGE`)."""
SignedExponent = Annotated[float, Ge(-EXPONENT_RANGE[1]), Le(EXPONENT_RANGE[1])]
"""An exponent that may be negative (a learning rate falls with compute)."""
