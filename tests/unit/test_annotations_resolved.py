"""Models' annotations are evaluated once at class creation (data._frozen._resolve_annotations).

msgspec and the field checks then read objects; a forward reference stays text and still works;
and the checks built from resolved annotations refuse what they refused as text.
"""

from __future__ import annotations

import math
from typing import Annotated

import msgspec
import pytest

from planner.data._frozen import FieldError, Frozen, Gt, NonFiniteError, PositiveFloat


class Later(Frozen):
    inner: Inner | None = None  # defined below: a forward reference
    share: Annotated[float, Gt(0.0)] = 1.0
    size: PositiveFloat = 1.0
    free: float = 0.0


class Inner(Frozen):
    x: float


def test_names_and_expressions_are_objects_forward_references_stay_text() -> None:
    notes = Later.__annotations__
    assert notes["size"] is PositiveFloat
    assert notes["free"] is float
    assert notes["share"] == Annotated[float, Gt(0.0)]
    assert notes["inner"] == "Inner | None"


def test_a_forward_reference_still_decodes() -> None:
    got = msgspec.convert({"inner": {"x": 2.0}}, Later)
    assert got == Later(inner=Inner(x=2.0))


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("share", 0.0, FieldError),
        ("size", -5.0, FieldError),
        ("size", math.nan, FieldError),
        ("free", math.inf, NonFiniteError),
    ],
)
def test_resolved_annotations_are_checked_as_before(field: str, value: float, error: type) -> None:
    with pytest.raises(error, match=f"Later.{field}"):
        Later(**{field: value})
