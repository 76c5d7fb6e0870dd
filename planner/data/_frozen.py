"""The base of every model: frozen dataclasses, validated by pydantic only at the boundary.

Every model is a frozen, keyword-only standard-library dataclass (hashable, safe in caches and
Textual reactives). Constraints are written in the annotations with the markers of
:mod:`planner.data._markers` (re-exported here): each hands pydantic the constraint of its core
schema when pydantic validates, and costs nothing to import otherwise. So:

- untrusted data (a user's law, task or accelerator file; a fitted law) is validated by
  pydantic (:meth:`Frozen.model_validate`): unknown keys, NaN and inf, and out-of-range values
  are refused with pydantic's messages naming the field;
- the shipped presets, whose every file the test suite validates, and the library's own
  results are constructed directly (:func:`trusted`), so ``planner plan`` never imports
  pydantic's model machinery (the CLI's start-up, issue 10 item 7);
- cross-field rules live in ``_validate`` (run on every construction, both paths), and every
  float field is checked finite on construction.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import types
import typing
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, TypeVar, Union, dataclass_transform

from planner.data._markers import (
    Exponent,
    Ge,
    Gt,
    Le,
    Lt,
    MinLen,
    Pattern,
    PositiveFloat,
    SignedExponent,
    Tagged,
)
from planner.errors import InputError, SolverError
from planner.io._files import shorten

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = [
    "ID_PATTERN",
    "MAX_ID_LENGTH",
    "Exponent",
    "Frozen",
    "Ge",
    "Gt",
    "Le",
    "Lt",
    "MinLen",
    "Pattern",
    "PositiveFloat",
    "SignedExponent",
    "Tagged",
    "build",
    "describe_validation_error",
    "field_default",
    "field_names",
    "to_data",
    "trusted",
    "validate_id",
]

_M = TypeVar("_M", bound="Frozen")


ID_PATTERN = r"^[a-z0-9][a-z0-9.-]*$"
"""The id grammar of presets, tasks and loss scales."""
_ID_RE = re.compile(ID_PATTERN, re.ASCII)
MAX_ID_LENGTH = 64


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
    >>> from pydantic import ValidationError
    >>> from planner.laws._published import LossScale
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
        got = "" if err["type"] == "missing" else f" (got {shorten(err.get('input'))})"
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
            f"letter or digit, at most {MAX_ID_LENGTH} long; got {shorten(value)}"
        )
    return value


@dataclass_transform(frozen_default=True, kw_only_default=True)
class Frozen:
    """Base of every model: a frozen, keyword-only dataclass; no NaN or inf in a float field.

    Subclasses are made dataclasses when they are defined. Cross-field rules go in
    ``_validate`` (raise ``ValueError``), which runs on every construction.
    """

    __pydantic_config__: ClassVar[dict[str, object]] = {
        "extra": "forbid",
        "allow_inf_nan": False,
    }
    """How pydantic validates untrusted data into these models (no unknown keys, no NaN)."""
    _FLOAT_FIELDS: ClassVar[tuple[str, ...]] = ()
    _FIELD_NAMES: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Make each subclass a frozen, keyword-only dataclass."""
        super().__init_subclass__(**kwargs)
        # __repr__, __eq__ and __hash__ are Frozen's own, written once: dataclasses (3.11)
        # compiles each generated method separately, and the five per class were ~10 ms of the
        # CLI's start-up over the ~40 models
        dataclasses.dataclass(frozen=True, kw_only=True, repr=False, eq=False)(cls)
        cls._FIELD_NAMES = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
        # fields that may hold a float (by their annotation), checked finite on construction
        cls._FLOAT_FIELDS = tuple(
            f.name
            for f in dataclasses.fields(cls)  # type: ignore[arg-type]
            if re.search(r"float|Float|Exponent", str(f.type))
        )
        if cls.__dict__.get("_INPUT_ERRORS"):  # a model users build: bad keywords are input errors
            init = cls.__init__

            @functools.wraps(init)
            def checked(self: Frozen, *args: Any, **kw: Any) -> None:
                try:
                    init(self, *args, **kw)
                except TypeError as exc:
                    message = str(exc).replace("__init__()", cls.__name__)
                    raise InputError(message) from exc

            cls.__init__ = checked  # type: ignore[method-assign,assignment]

    def __post_init__(self) -> None:
        """Refuse a float field that is NaN or infinite, then run the model's own rules."""
        for name in self._FLOAT_FIELDS:
            value = getattr(self, name)
            if isinstance(value, float) and not math.isfinite(value):
                raise SolverError(f"{type(self).__name__}.{name} is {value}: not finite")
        self._validate()

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._FIELD_NAMES)

    def __repr__(self) -> str:
        """``Name(field=value, ...)``, as a dataclass writes it."""
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._FIELD_NAMES)
        return f"{type(self).__qualname__}({inner})"

    def __eq__(self, other: object) -> bool:
        """Equal when of the same class with equal fields, as a dataclass compares."""
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        """The hash of the field values (a frozen dataclass's)."""
        return hash(self._values())

    def _validate(self) -> None:
        """Cross-field rules of the model (none by default); raise ``ValueError``."""

    @classmethod
    def model_validate(cls: type[_M], data: object) -> _M:
        """Validate untrusted data (a parsed TOML table, say) into this model, with pydantic.

        Parameters
        ----------
        data : object
            Usually a dict of field values.

        Returns
        -------
        Frozen
            An instance of ``cls``.

        Raises
        ------
        pydantic.ValidationError
            Naming each bad field.
        """
        return _adapter(cls).validate_python(data)  # type: ignore[no-any-return]

    def model_dump(self, *, mode: str = "json", exclude_none: bool = False) -> dict[str, Any]:
        """The model as plain data (dicts, lists, str, float, int, bool, None).

        Parameters
        ----------
        mode : str
            Accepted for pydantic's signature; the output is always JSON-ready.
        exclude_none : bool
            Leave out fields that are None (TOML has no null).

        Returns
        -------
        dict
        """
        data = to_data(self, exclude_none=exclude_none)
        assert isinstance(data, dict)
        return data

    def model_copy(self: _M, *, update: dict[str, Any] | None = None) -> _M:
        """A copy with some fields replaced (validated like any construction).

        Parameters
        ----------
        update : dict, optional
            Field values to change.

        Returns
        -------
        Frozen
        """
        return dataclasses.replace(self, **(update or {}))  # type: ignore[type-var]


def field_names(cls: type) -> tuple[str, ...]:
    """The field names of a model class, in order.

    Parameters
    ----------
    cls : type
        A :class:`Frozen` model.

    Returns
    -------
    tuple of str
    """
    return tuple(f.name for f in dataclasses.fields(cls))


def field_default(cls: type, name: str) -> object:
    """The default of one field of a model class (e.g. a law kind's ``kind`` tag).

    Parameters
    ----------
    cls : type
        A :class:`Frozen` model.
    name : str
        The field.

    Returns
    -------
    object
    """
    return {f.name: f for f in dataclasses.fields(cls)}[name].default


_ADAPTERS: dict[type, Any] = {}


_STRICT_TYPES = frozenset({"float", "int", "bool"})
"""Core-schema types validated strictly: a TOML ``true`` or ``"1.8"`` is not a number, and
``1`` or ``"yes"`` is not a boolean (pydantic's lax mode would convert them, issue 24 item 6).
An ``int`` still passes for a float (TOML writes ``2`` for ``2.0``)."""


def _strict_numbers(schema: object) -> None:
    """Set ``strict`` on every number and boolean schema in a pydantic core schema, in place."""
    if isinstance(schema, dict):
        if schema.get("type") in _STRICT_TYPES:
            schema["strict"] = True
        for value in schema.values():
            _strict_numbers(value)
    elif isinstance(schema, list):
        for value in schema:
            _strict_numbers(value)


def _adapter(cls: type) -> Any:
    """The pydantic validator of ``cls``, built on first use (pydantic is imported only here).

    Lax for containers (TOML gives lists where the models hold tuples), strict for numbers
    and booleans (:data:`_STRICT_TYPES`).
    """
    if cls not in _ADAPTERS:
        import copy

        from pydantic import TypeAdapter
        from pydantic_core import SchemaValidator

        schema = copy.deepcopy(TypeAdapter(cls).core_schema)
        _strict_numbers(schema)
        _ADAPTERS[cls] = SchemaValidator(schema)
    return _ADAPTERS[cls]


def to_data(value: object, *, exclude_none: bool = False) -> object:
    """A model (or a tuple, list or dict of them) as JSON-ready plain data.

    Parameters
    ----------
    value : object
        A :class:`Frozen` model, a container of them, or a plain value.
    exclude_none : bool
        Leave out model fields that are None.

    Returns
    -------
    object
        Dicts in field order, tuples as lists, everything else as it is.
    """
    if isinstance(value, Frozen):
        out = {}
        for field in dataclasses.fields(value):  # type: ignore[arg-type]
            item = getattr(value, field.name)
            if item is None and exclude_none:
                continue
            out[field.name] = to_data(item, exclude_none=exclude_none)
        return out
    if isinstance(value, tuple | list):
        return [to_data(v, exclude_none=exclude_none) for v in value]
    if isinstance(value, dict):
        return {k: to_data(v, exclude_none=exclude_none) for k, v in value.items()}
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls, include_extras=True)
    return _HINTS[cls]


def _convert(tp: Any, value: Any) -> Any:
    """``value`` (parsed TOML) as the annotation ``tp`` says, without checking it."""
    origin = typing.get_origin(tp)
    if origin is Annotated:
        base, *meta = typing.get_args(tp)
        tag = next((m for m in meta if isinstance(m, Tagged)), None)
        if tag is not None:
            return trusted(tag.members(base)[value[tag.tag]], value)
        return _convert(base, value)
    if isinstance(tp, type) and issubclass(tp, Frozen):
        return trusted(tp, value)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            if args[0] is float:  # long arrays of numbers (score curves): at C speed
                return tuple(map(float, value))
            return tuple(_convert(args[0], v) for v in value)
        return tuple(_convert(a, v) for a, v in zip(args, value, strict=True))
    if origin is Union or origin is types.UnionType:
        if value is None:
            return None
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(members[0], value) if len(members) == 1 else value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            # not a number: the caller falls back to pydantic's message naming the field
            raise TypeError(f"expected a number, got {value!r}")
        return float(value)  # TOML writes 2 for 2.0
    return value


def trusted(cls: type[_M], data: dict[str, Any]) -> _M:
    """Construct ``cls`` from data known to be valid, without pydantic.

    For the shipped presets: ``tests/test_presets.py`` checks that every shipped file gives
    the same model this way as through :meth:`Frozen.model_validate`. Cross-field rules
    (``_validate``) and the finite check still run.

    Parameters
    ----------
    cls : type
        A :class:`Frozen` model.
    data : dict
        Field values as parsed from TOML (nested tables for nested models).

    Returns
    -------
    Frozen
    """
    hints = _hints(cls)
    return cls(**{name: _convert(hints[name], value) for name, value in data.items()})


def build(model: type[_M], name: str = "", /, **data: object) -> _M:
    """Validate keyword data into ``model``; a bad field raises a named error.

    The error is an :class:`~planner.errors.InputError` naming the field (``name`` prefixes it).

    Parameters
    ----------
    model : type
        A :class:`Frozen` model.
    name : str
        Prefix of the field names in the error (positional only).
    **data
        The fields.

    Returns
    -------
    model
        The validated instance.
    """
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc, name)) from exc
