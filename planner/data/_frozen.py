"""The base of every model: a frozen msgspec Struct, validated by msgspec however it is built.

Every model is a frozen, keyword-only :class:`msgspec.Struct` (hashable, safe in caches and
Textual reactives). Constraints are written in the annotations as :class:`msgspec.Meta` (the
markers of :mod:`planner.data._markers`, re-exported here). So:

- data from a file (a user's law, task or accelerator file, a fitted law, and the shipped
  presets alike) is converted by :func:`msgspec.convert` (:meth:`Frozen.model_validate`):
  unknown keys, wrong types (strict: ``"1.8"`` or ``true`` is not a number), out-of-range
  values and NaN or inf are refused, and :func:`describe_validation_error` turns msgspec's error
  into one line naming the field and the value;
- a model built directly in Python checks the same ``Meta`` constraints and refuses NaN and inf
  in every float field, inside tuples too (``__post_init__``, which msgspec also runs when it
  converts): a bad value raises :class:`FieldError` (an
  :class:`~planner.errors.InputError` naming ``Model.field`` and the value), a non-finite
  figure in an unconstrained float field :class:`NonFiniteError` (a
  :class:`~planner.errors.SolverError`: a result that is not a number is the library's fault);
- cross-field rules live in ``_validate`` (raise ``ValueError``), run after the field checks;
- a field annotated ``X | msgspec.UnsetType`` may be :data:`msgspec.UNSET` (not given): it is
  left out of the model's data (:func:`to_data`, JSON), where ``None`` is written as ``null``.
"""

import builtins
import itertools
import math
import re
import sys
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar, Union, dataclass_transform

import msgspec
from msgspec import Meta

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
)
from planner.errors import InputError, SolverError
from planner.io._files import shorten

__all__ = [
    "ID_PATTERN",
    "MAX_ID_LENGTH",
    "Exponent",
    "FieldError",
    "Frozen",
    "Ge",
    "Gt",
    "Le",
    "Lt",
    "MinLen",
    "NonFiniteError",
    "Pattern",
    "PositiveFloat",
    "SignedExponent",
    "build",
    "describe_validation_error",
    "field_default",
    "field_names",
    "to_data",
    "validate_id",
]

_M = TypeVar("_M", bound="Frozen")


ID_PATTERN = r"^[a-z0-9][a-z0-9.-]*$"
"""The id grammar of presets, tasks and loss scales."""
_ID_RE = re.compile(ID_PATTERN, re.ASCII)
MAX_ID_LENGTH = 64


class FieldError(InputError):
    """A field of a model holds a value its annotation refuses.

    Parameters
    ----------
    where : str
        ``Model.field``.
    rule : str
        What the value must be (``must be > 0``).
    value : object
        The value given.
    """

    def __init__(self, where: str, rule: str, value: object) -> None:
        self.where, self.rule, self.value = where, rule, value
        super().__init__(f"{where}: {rule}, got {shorten(value)}")


class NonFiniteError(SolverError, ValueError):
    """A float field of a result is NaN or infinite.

    A ``ValueError`` too, so msgspec reports it with the field's path when it converts a file.
    """

    def __init__(self, where: str, value: object) -> None:
        self.where, self.rule, self.value = where, "must be a finite number", value
        super().__init__(f"{where} is {value}: not finite")


def describe_validation_error(exc: msgspec.ValidationError, data: object = None) -> str:
    """One line naming the bad field, what it must be and the value given (shortened).

    Parameters
    ----------
    exc : msgspec.ValidationError
        The error of :func:`msgspec.convert`.
    data : object, optional
        The data that was converted, to quote the bad value from.

    Returns
    -------
    str
        ``field: message (got value)``.

    Examples
    --------
    >>> from planner.laws._published import LossScale
    >>> try:
    ...     LossScale.model_validate({"id": "Ä", "corpus": "c", "tokenizer": "t"})
    ... except msgspec.ValidationError as exc:
    ...     print(describe_validation_error(exc, {"id": "Ä"}))
    id: Expected `str` matching regex '^[a-z0-9][a-z0-9.-]*$' (got 'Ä')
    """
    message, sep, path = str(exc).rpartition(" - at `")
    if not sep:
        message, path = str(exc), "$"
    keys: list[str | int] = []
    for name, index in re.findall(r"\.([^.\[\]`]+)|\[(\d+)\]", path):
        keys.append(name or int(index))
    cause = exc.__cause__
    field = re.fullmatch(r"Object (missing required|contains unknown) field `(.+)`", message)
    if field is not None:
        keys.append(field[2])
        message = "required, missing" if field[1] == "missing required" else "unknown field"
        got = ""
    elif isinstance(cause, FieldError | NonFiniteError):
        keys.append(cause.where.rsplit(".", 1)[-1])
        message, got = cause.rule, f" (got {shorten(cause.value)})"
    else:
        found, value = _lookup(data, keys)
        got = f" (got {shorten(value)})" if found and not isinstance(value, dict) else ""
    where = ".".join(str(k) for k in keys)
    return f"{where}: {message}{got}" if where else f"{message}{got}"


def _lookup(data: Any, keys: list[str | int]) -> tuple[bool, object]:
    """The value at ``keys`` in nested dicts and lists, and whether it was found."""
    for key in keys:
        inside = (
            key in data
            if isinstance(data, dict)
            else isinstance(data, list) and isinstance(key, int) and key < len(data)
        )
        if not inside:
            return False, None
        data = data[key]
    return True, data


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


class _Bad(Exception):  # noqa: N818 (control flow inside the checks, never raised out)
    """A field check failed: what the value must be (``finite``: only its finiteness)."""

    def __init__(self, rule: str, *, finite: bool = False) -> None:
        super().__init__(rule)
        self.rule, self.finite = rule, finite


_Check = Callable[[Any], Any]
"""Checks one field's value; returns it (converted: int to float, list to tuple) or raises."""


class _FrozenMeta(msgspec.StructMeta):
    """Makes every model keyword-only (msgspec's ``kw_only`` applies per class)."""

    def __new__(
        mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> "_FrozenMeta":
        kwargs.setdefault("kw_only", True)
        if namespace.get("_INPUT_ERRORS"):
            mcls = _InputMeta
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        _resolve_annotations(cls)
        return cls


_MISSING = object()
_COMPILED: dict[str, types.CodeType] = {}
"""Annotation texts compiled once for all modules (``float | None`` in many of them)."""
_RESOLVED: dict[tuple[str, str], object] = {}
"""Annotation texts already evaluated, per (module, text): ``float`` or ``PositiveFloat`` once."""


def _resolve_annotations(cls: type) -> None:
    """Replace a model's annotation texts by the objects they name, where they exist yet.

    The modules that define models do not use ``from __future__ import annotations``: their
    annotations are objects, evaluated by the byte-code Python caches, and nothing is left to
    do here but for a forward reference written as text (``"Plan | None"``, a class defined
    later). Compiling the texts at each start cost ~2 ms of ``planner plan`` (92 of them,
    ~20 us each; ``benchmarks/bench_cli.py``, issue 23 item 3), and
    ``tests/test_import_hygiene.py`` keeps every model module free of the future import.

    A text (a forward reference, or a module that still used the future import) is evaluated
    here, once per text and module, so that msgspec and the field checks below read objects:
    msgspec would otherwise compile each into a :class:`typing.ForwardRef` when it builds a
    decoder. Only the models' own source is evaluated, never data. A text naming a class not
    defined yet stays text, for msgspec to resolve when the type is first used.
    """
    module = sys.modules.get(cls.__module__)
    annotations = vars(cls).get("__annotations__")
    if module is None or not annotations:
        return
    namespace = vars(module)
    for field, text in annotations.items():
        if not isinstance(text, str):
            continue
        key = (cls.__module__, text)
        value = _RESOLVED.get(key, _MISSING)
        if value is _MISSING:
            try:
                value = _evaluate(text, namespace)
            except Exception:  # a forward reference, or a text that does not evaluate yet:
                continue  # left as text, for msgspec to resolve (or refuse) as before
            _RESOLVED[key] = value
        annotations[field] = value


def _evaluate(text: str, namespace: dict[str, Any]) -> object:
    """The object an annotation text names in its module (the models' own source, never data).

    A name (a third of them) is looked up, nothing compiled; an expression is compiled once
    for all modules. A name not defined (yet) raises :class:`NameError`.
    """
    if text.isidentifier():
        value = namespace.get(text, _MISSING)
        if value is _MISSING:
            value = getattr(builtins, text, _MISSING)
        if value is _MISSING:
            raise NameError(f"name {text!r} is not defined")
        return value
    code = _COMPILED.get(text)
    if code is None:
        code = _COMPILED[text] = compile(text, "<annotation>", "eval")
    return eval(code, namespace)


class _InputMeta(_FrozenMeta):
    """Of models users build (``_INPUT_ERRORS``): a bad or missing keyword is an InputError."""

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (a metaclass's method)
        try:
            return super().__call__(*args, **kwargs)
        except TypeError as exc:
            if isinstance(exc, InputError):
                raise
            raise InputError(f"{cls.__name__}: {exc}") from exc


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=())
class Frozen(
    msgspec.Struct, metaclass=_FrozenMeta, frozen=True, kw_only=True, forbid_unknown_fields=True
):
    """Base of every model: a frozen, keyword-only msgspec Struct, checked however it is built.

    The fields' annotations (types, :class:`msgspec.Meta` constraints, ``Literal``) are checked
    on construction, and no float field (inside tuples too) is NaN or infinite. Cross-field
    rules go in ``_validate`` (raise ``ValueError``), which runs after them.
    """

    def __post_init__(self) -> None:
        """Check every field against its annotation, then run the model's own rules."""
        cls = type(self)
        checks = _CHECKS.get(cls)
        if checks is None:
            checks = _checks_of(cls)
        self._prepare()
        name = ""
        try:
            for name, check in checks:
                value = getattr(self, name)
                new = check(value)
                if new is not value:
                    msgspec.structs.force_setattr(self, name, new)
        except _Bad as bad:
            where, value = f"{cls.__name__}.{name}", getattr(self, name)
            if bad.finite:
                raise NonFiniteError(where, value) from None
            raise FieldError(where, bad.rule, value) from None
        self._validate()

    def _prepare(self) -> None:
        """Convert inputs before the checks (none by default; a budget parses ``"2M"``)."""

    def _validate(self) -> None:
        """Cross-field rules of the model (none by default); raise ``ValueError``."""

    @classmethod
    def model_validate(cls: type[_M], data: object) -> _M:
        """Convert plain data (a parsed TOML table, say) into this model, with msgspec.

        Strict numbers (a string or a boolean is not a number; an int is a float), lists for
        tuples, no unknown keys.

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
        msgspec.ValidationError
            Naming the bad field's path (:func:`describe_validation_error` makes it a line).
        """
        return msgspec.convert(data, cls)

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
        """A copy with some fields replaced (checked like any construction).

        Parameters
        ----------
        update : dict, optional
            Field values to change.

        Returns
        -------
        Frozen
        """
        return msgspec.structs.replace(self, **(update or {}))


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
    return tuple(cls.__struct_fields__)  # type: ignore[attr-defined]


def field_default(cls: type, name: str) -> object:
    """The default of one field of a model class, or its tag (e.g. a law kind's ``kind``).

    Parameters
    ----------
    cls : type
        A :class:`Frozen` model.
    name : str
        The field, or the tag field of a tagged union.

    Returns
    -------
    object
    """
    config = cls.__struct_config__  # type: ignore[attr-defined]
    if name == config.tag_field:
        return config.tag
    return {f.name: f for f in msgspec.structs.fields(cls)}[name].default


def _builtin(value: Any) -> Any:
    """Numpy scalars and arrays as Python numbers and lists, for :func:`msgspec.to_builtins`."""
    if hasattr(value, "dtype") and hasattr(value, "tolist"):
        return value.tolist()
    raise NotImplementedError(f"cannot write a {type(value).__name__} as data")


def _plain(value: Any, drop_none: bool) -> Any:
    """Tuples as lists (msgspec's ``to_builtins`` keeps them), Nones dropped if asked."""
    if isinstance(value, dict):
        return {
            k: _plain(v, drop_none) if isinstance(v, _NESTED) else v
            for k, v in value.items()
            if not (drop_none and v is None)
        }
    if isinstance(value, list | tuple):
        return [_plain(v, drop_none) if isinstance(v, _NESTED) else v for v in value]
    return value


_NESTED = (dict, list, tuple)


def to_data(value: object, *, exclude_none: bool = False) -> object:
    """A model (or a tuple, list or dict of them) as JSON-ready plain data.

    Parameters
    ----------
    value : object
        A :class:`Frozen` model, a container of them, or a plain value.
    exclude_none : bool
        Leave out fields (and keys) that are None.

    Returns
    -------
    object
        Dicts in field order (a tagged model's tag first), tuples as lists.
    """
    return _plain(msgspec.to_builtins(value, enc_hook=_builtin), exclude_none)


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
    try:
        return msgspec.convert(data, model)
    except msgspec.ValidationError as exc:
        line = describe_validation_error(exc, data)
        raise InputError(f"{name}.{line}" if name else line) from exc


# --- the field checks, built once per class from its annotations -----------------------------


def _checks_of(cls: type) -> tuple[tuple[str, _Check], ...]:
    """The checks of ``cls``'s fields (those whose annotation constrains anything)."""
    annotations: dict[str, tuple[object, dict[str, Any]]] = {}
    for klass in reversed(cls.__mro__):
        namespace = vars(sys.modules[klass.__module__])
        for name, annotation in vars(klass).get("__annotations__", {}).items():
            annotations[name] = (annotation, namespace)
    out = []
    for name in cls.__struct_fields__:  # type: ignore[attr-defined]
        check = _check_of_annotation(*annotations[name])
        if check is not None:
            out.append((name, check))
    checks = _CHECKS[cls] = tuple(out)
    return checks


_CHECKS: dict[type, tuple[tuple[str, _Check], ...]] = {}
"""Each model class's field checks, built at its first construction (:func:`_checks_of`).

Kept here, not as an annotated class attribute of :class:`Frozen`: msgspec reads every
annotation along a model's MRO when it first converts data into it, and evaluating that one
(a ``ClassVar`` of nested tuples) for each of the ~30 model types a plan converts was ~0.4 ms
of ``planner plan``'s start-up (issue 23 item 3)."""


_NO_CHECK = frozenset({"str", "bool", "int", "object", "Any"})
_BY_TEXT: dict[tuple[int, str], _Check | None] = {}
_BY_OBJECT: dict[object, _Check | None] = {}
"""Checks by annotation object: ``PositiveFloat`` or ``float`` is built once for every model."""


def _check_of_annotation(annotation: object, namespace: dict[str, Any]) -> _Check | None:
    """The check of one annotation as written in the source.

    Most are objects (:func:`_resolve_annotations`), their checks shared by every model. A
    string is a forward reference that class creation left as text: evaluated now
    (:func:`_evaluate`), once per text and module.
    """
    if not isinstance(annotation, str):  # evaluated at class creation (_resolve_annotations)
        try:
            return _BY_OBJECT[annotation]
        except KeyError:
            check = _BY_OBJECT[annotation] = _check_for(annotation)
            return check
        except TypeError:  # an annotation that cannot be hashed: built each time
            return _check_for(annotation)
    if annotation in _NO_CHECK:
        return None
    key = (id(namespace), annotation)
    if key not in _BY_TEXT:
        _BY_TEXT[key] = _check_for(_evaluate(annotation, namespace))
    return _BY_TEXT[key]


def _rule(meta: Meta) -> str:
    """What a ``Meta`` asks of a number, in words: ``must be in (0, 1]``, ``must be > 0``."""
    lo = ("(", meta.gt) if meta.gt is not None else ("[", meta.ge) if meta.ge is not None else None
    hi = (")", meta.lt) if meta.lt is not None else ("]", meta.le) if meta.le is not None else None
    if lo is not None and hi is not None:
        return f"must be in {lo[0]}{lo[1]:g}, {hi[1]:g}{hi[0]}"
    if lo is not None:
        return f"must be {'>' if lo[0] == '(' else '>='} {lo[1]:g}"
    assert hi is not None
    return f"must be {'<' if hi[0] == ')' else '<='} {hi[1]:g}"


def _number_check(meta: Meta | None, kind: type) -> _Check:
    """A float (int: a whole number) within the ``Meta``'s bounds; floats finite."""
    gt, ge, lt, le = (None,) * 4 if meta is None else (meta.gt, meta.ge, meta.lt, meta.le)
    rule = "" if meta is None else _rule(meta)
    bounded = meta is not None and rule != ""
    is_float = kind is float

    def check(value: Any) -> Any:
        if type(value) is not kind:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise _Bad("expected a number" if is_float else "expected a whole number")
            if is_float:
                try:
                    value = float(value)
                except OverflowError:  # an int past 1.8e308
                    raise _Bad(rule or "must be a finite number", finite=not bounded) from None
            elif not isinstance(value, int):
                raise _Bad("expected a whole number")
        if is_float and not -math.inf < value < math.inf:
            raise _Bad(rule or "must be a finite number", finite=not bounded)
        if bounded and not (
            (gt is None or value > gt)
            and (ge is None or value >= ge)
            and (lt is None or value < lt)
            and (le is None or value <= le)
        ):
            raise _Bad(rule)
        return value

    return check


def _str_check(meta: Meta | None) -> _Check:
    pattern = None if meta is None or meta.pattern is None else re.compile(meta.pattern)
    longest = None if meta is None else meta.max_length
    shortest = None if meta is None else meta.min_length

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            raise _Bad("expected text")
        if pattern is not None and not pattern.search(value):
            raise _Bad(f"must match {pattern.pattern!r}")
        if longest is not None and len(value) > longest:
            raise _Bad(f"must be at most {longest} characters")
        if shortest is not None and len(value) < shortest:
            raise _Bad(f"must be at least {shortest} characters")
        return value

    return check


def _tuple_check(item: Any, meta: Meta | None) -> _Check | None:
    """A tuple of any length (a list is made one); float items finite, items checked."""
    item_check = _check_for(item)
    shortest = None if meta is None else meta.min_length
    floats = item is float
    # rows of plain floats, ``tuple[tuple[float, float], ...]`` (a score curve's support)
    row = typing.get_args(item) if typing.get_origin(item) is tuple else ()
    row_length = len(row) if row and all(a is float for a in row) else 0

    def check(value: Any) -> Any:
        if type(value) is not tuple:
            if not isinstance(value, list | tuple):
                raise _Bad("expected a sequence")
            value = tuple(value)
        if shortest is not None and len(value) < shortest:
            raise _Bad(f"must have at least {shortest} items")
        if item_check is None:
            return value
        if floats:  # long arrays (score curves): one sum at C speed when all is well
            try:
                if -math.inf < sum(value) < math.inf:
                    return value
            except TypeError:
                pass
        if row_length and _finite_float_rows(value, row_length):
            return value
        for x in value:  # anything else, and every fault, item by item (the error names it)
            item_check(x)
        return value

    return None if item_check is None and shortest is None else check


def _finite_float_rows(value: tuple[Any, ...], length: int) -> bool:
    """Whether ``value`` holds tuples of ``length`` floats, all finite (checked at C speed).

    What the row-by-row check of ``tuple[tuple[float, ...], ...]`` would accept unchanged; any
    other value (lists, ints, NaN, a finite sum that overflows) is left to that check.
    """
    if set(map(type, value)) != {tuple} or set(map(len, value)) != {length}:
        return False
    flat = tuple(itertools.chain.from_iterable(value))
    return set(map(type, flat)) == {float} and -math.inf < sum(flat) < math.inf


def _fixed_tuple_check(items: tuple[Any, ...]) -> _Check:
    checks = [_check_for(a) for a in items]

    def check(value: Any) -> Any:
        if not isinstance(value, list | tuple) or len(value) != len(checks):
            raise _Bad(f"expected {len(checks)} items")
        out = tuple(v if c is None else c(v) for c, v in zip(checks, value, strict=True))
        return (
            value
            if type(value) is tuple and all(a is b for a, b in zip(out, value, strict=True))
            else out
        )

    return check


def _check_for(tp: Any) -> _Check | None:
    """The check of one annotation, or None where nothing is to be checked here.

    A nested model checks its own fields (here only its type); unconstrained ``str``, ``int``,
    ``bool`` and ``dict`` fields are left to the type checker and, for files, to msgspec.
    """
    meta = None
    origin = typing.get_origin(tp)
    if origin is Annotated:
        tp, *extras = typing.get_args(tp)
        metas = [m for m in extras if isinstance(m, Meta)]
        if metas:
            merged: dict[str, Any] = {}
            for m in metas:
                merged.update({k: getattr(m, k) for k in _META_KEYS if getattr(m, k) is not None})
            meta = Meta(**merged)
        origin = typing.get_origin(tp)
    if tp is float or (tp is int and meta is not None):
        return _number_check(meta, tp)
    if tp is str:
        return None if meta is None else _str_check(meta)
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):  # a nested record: its type
        name = tp.__name__

        def record(value: Any) -> Any:
            if not isinstance(value, tp):
                raise _Bad(f"expected {name}")
            return value

        return record
    if origin is Literal:
        allowed = typing.get_args(tp)
        shown = ", ".join(repr(a) for a in allowed)

        def literal(value: Any) -> Any:
            if value not in allowed or isinstance(value, bool) is not isinstance(allowed[0], bool):
                raise _Bad(f"must be one of {shown}")
            return value

        return literal
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return _tuple_check(args[0], meta)
        return _fixed_tuple_check(args)
    if origin is Union or origin is types.UnionType:
        # None and msgspec.UNSET (a field its producer leaves out) pass; the rest is checked
        absent = tuple(a for a in typing.get_args(tp) if a is type(None) or a is msgspec.UnsetType)
        members = [a for a in typing.get_args(tp) if a not in absent]
        checks = [_check_for(m) for m in members]
        if all(c is None for c in checks):
            return None
        if len(checks) == 1:
            inner = checks[0]
            assert inner is not None

            def maybe(value: Any) -> Any:
                return value if isinstance(value, absent) else inner(value)

            return maybe

        def either(value: Any) -> Any:
            if isinstance(value, absent):
                return value
            for c in checks:
                if c is None:
                    return value
                try:
                    return c(value)
                except _Bad:
                    continue
            raise _Bad("not any of the allowed types")

        return either
    return None


_META_KEYS = ("gt", "ge", "lt", "le", "pattern", "min_length", "max_length")
