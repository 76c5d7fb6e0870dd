"""The record layer and the preset registry.

Frozen, validated records (msgspec Structs) with their constraints in the annotations, and
preset files found by id, alias or path, parsed (never evaluated) and cached.

Public names, by the module that defines them:

- ``_aliases``: ``resolve_alias``
- ``_frozen``: ``FieldError``, ``Frozen``, ``ID_PATTERN``, ``MAX_ID_LENGTH``,
  ``NonFiniteError``, ``build``, ``describe_validation_error``, ``field_default``,
  ``field_names``, ``to_data``, ``validate_id``
- ``_markers``: ``Exponent``, ``Ge``, ``Gt``, ``Le``, ``Lt``, ``MinLen``, ``Pattern``,
  ``PositiveFloat``, ``SignedExponent``
- ``_registry``: ``MAX_PRESET_BYTES``, ``load_by_name``, ``load_cached``, ``load_preset_file``,
  ``preset_dir``, ``preset_ids``, ``shipped_dir``
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._lazy import attach

if TYPE_CHECKING:
    from planner.data._aliases import (
        resolve_alias,
    )
    from planner.data._frozen import (
        ID_PATTERN,
        MAX_ID_LENGTH,
        FieldError,
        Frozen,
        NonFiniteError,
        build,
        describe_validation_error,
        field_default,
        field_names,
        to_data,
        validate_id,
    )
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
    from planner.data._registry import (
        MAX_PRESET_BYTES,
        load_by_name,
        load_cached,
        load_preset_file,
        preset_dir,
        preset_ids,
        shipped_dir,
    )

_NAMES = {
    "Exponent": "_markers",
    "FieldError": "_frozen",
    "Frozen": "_frozen",
    "Ge": "_markers",
    "Gt": "_markers",
    "ID_PATTERN": "_frozen",
    "Le": "_markers",
    "Lt": "_markers",
    "MAX_ID_LENGTH": "_frozen",
    "MAX_PRESET_BYTES": "_registry",
    "MinLen": "_markers",
    "NonFiniteError": "_frozen",
    "Pattern": "_markers",
    "PositiveFloat": "_markers",
    "SignedExponent": "_markers",
    "build": "_frozen",
    "describe_validation_error": "_frozen",
    "field_default": "_frozen",
    "field_names": "_frozen",
    "load_by_name": "_registry",
    "load_cached": "_registry",
    "load_preset_file": "_registry",
    "preset_dir": "_registry",
    "preset_ids": "_registry",
    "resolve_alias": "_aliases",
    "shipped_dir": "_registry",
    "to_data": "_frozen",
    "validate_id": "_frozen",
}

__all__ = [
    "ID_PATTERN",
    "MAX_ID_LENGTH",
    "MAX_PRESET_BYTES",
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
    "load_by_name",
    "load_cached",
    "load_preset_file",
    "preset_dir",
    "preset_ids",
    "resolve_alias",
    "shipped_dir",
    "to_data",
    "validate_id",
]
__getattr__, __dir__ = attach(__name__, _NAMES)
