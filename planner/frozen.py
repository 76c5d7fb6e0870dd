"""The base of every model: frozen, strict about keys, no NaN or inf; ids; error messages.

Kept apart from :mod:`planner.models` so that :mod:`planner.kinds` (the law kinds) and the
models can both build on it without importing each other.
"""

from __future__ import annotations

import re
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from planner.errors import InputError
from planner.limits import EXPONENT_RANGE

__all__ = [
    "ID_PATTERN",
    "MAX_ID_LENGTH",
    "Exponent",
    "Frozen",
    "SignedExponent",
    "build",
    "describe_validation_error",
    "validate_id",
]

_M = TypeVar("_M", bound=BaseModel)

Exponent = Annotated[float, Field(ge=EXPONENT_RANGE[0], le=EXPONENT_RANGE[1])]
"""A power-law exponent of a law file (see :data:`planner.limits.EXPONENT_RANGE`)."""
SignedExponent = Annotated[float, Field(ge=-EXPONENT_RANGE[1], le=EXPONENT_RANGE[1])]
"""An exponent that may be negative (a learning rate falls with compute)."""
ID_PATTERN = r"^[a-z0-9][a-z0-9.-]*$"
"""The id grammar of presets, tasks and loss scales."""
_ID_PATTERN = ID_PATTERN
_ID_RE = re.compile(_ID_PATTERN, re.ASCII)
MAX_ID_LENGTH = 64


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 4]}'... ({len(text)} characters)"


def describe_validation_error(exc: ValidationError, prefix: str = "") -> str:
    """One line naming each bad field, what it must be and the value given (shortened).

    Parameters
    ----------
    exc : pydantic.ValidationError
        The error.
    prefix : str
        Prefix of each field's location.

    Returns
    -------
    str
        ``field: message (got value)`` for each error, joined by ``; ``.

    Examples
    --------
    >>> from planner.models import LossScale
    >>> try:
    ...     LossScale.model_validate({"id": "Ä", "corpus": "c", "tokenizer": "t"})
    ... except ValidationError as exc:
    ...     print(describe_validation_error(exc))
    id: String should match pattern '^[a-z0-9][a-z0-9.-]*$' (got 'Ä')
    """
    parts = []
    errors = exc.errors(include_url=False)
    for err in errors[:3]:
        loc = ".".join(str(x) for x in err["loc"])
        where = ".".join(x for x in (prefix, loc) if x) or "value"
        got = "" if err["type"] == "missing" else f" (got {_short(err.get('input'))})"
        parts.append(f"{where}: {err['msg']}{got}")
    more = f"; and {len(errors) - 3} more" if len(errors) > 3 else ""
    return "; ".join(parts) + more


def validate_id(value: object, *, name: str = "id") -> str:
    """An id as the presets use them: ASCII lower case, digits, dots and dashes, <= 64 long.

    Parameters
    ----------
    value : object
        The proposed id.
    name : str
        The field, for the error message.

    Returns
    -------
    str

    Raises
    ------
    InputError
        Naming ``name`` and the (shortened) value.

    Examples
    --------
    >>> validate_id("my-law")
    'my-law'
    """
    if not isinstance(value, str) or not _ID_RE.match(value) or len(value) > MAX_ID_LENGTH:
        raise InputError(
            f"{name}: must be lower-case ASCII letters, digits, '.' and '-', starting with a "
            f"letter or digit, at most {MAX_ID_LENGTH} long; got {_short(value)}"
        )
    return value


class Frozen(BaseModel):
    """Base of every model: frozen, strict about keys, no NaN or inf."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        allow_inf_nan=False,
        validate_default=True,
        # Attribute docstrings document the fields in the source; pydantic's
        # use_attribute_docstrings would re-parse every class's source at import (~15 ms of
        # CLI start-up), so it stays off. Validators are built on first use for the same reason.
        defer_build=True,
    )




def build(model: type[_M], name: str = "", /, **data: object) -> _M:
    """Construct ``model`` from keyword data; a bad field raises a named error.

    The error is an :class:`~planner.errors.InputError` naming the field (``name`` prefixes it).

    Parameters
    ----------
    model : type
        A pydantic model.
    name : str
        Prefix of the field names in the error (positional only).
    **data
        The fields.

    Returns
    -------
    model
        The validated instance.
    """
    try:
        return model(**data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, name)) from exc
