"""Law files by id, alias or path: load, list, and check a new law's id."""

from __future__ import annotations

from pathlib import Path

from planner.data._frozen import validate_id
from planner.data._registry import load_by_name, preset_dir, preset_ids
from planner.defaults import DEFAULT_LAW
from planner.errors import PresetError
from planner.laws._preset import LawPreset

__all__ = ["DEFAULT_LAW", "list_laws", "load_law", "shipped_law_ids", "validate_new_law_id"]


def load_law(name: str | Path = DEFAULT_LAW, *, presets_dir: str | Path | None = None) -> LawPreset:
    """Load a law by id (``hoffmann2022-approach3``), alias or path to a ``.toml`` law file.

    An alias is listed in the law file's ``aliases`` (``chinchilla``, ``kaplan``); any case.

    Parameters
    ----------
    name : str or Path
        A law id, an alias, or a path to a ``.toml`` law file.
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    LawPreset
        Parsed once per file and modification time, then cached.

    Raises
    ------
    PresetError
        Unknown id or alias (with the closest ids); a file that is missing, not TOML, or
        does not validate (naming the field);
        a file that takes a shipped law's id with other constants.

    Examples
    --------
    >>> load_law("hoffmann2022-approach3").law.alpha
    0.34
    """
    return load_by_name(name, "laws", LawPreset, presets_dir)


def list_laws(*, presets_dir: str | Path | None = None) -> tuple[LawPreset, ...]:
    """Every law in the registry, sorted by id.

    Parameters
    ----------
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    tuple of LawPreset
    """
    folder = preset_dir(presets_dir) / "laws"
    return tuple(load_law(i, presets_dir=presets_dir) for i in preset_ids(folder))


def shipped_law_ids(*, presets_dir: str | Path | None = None) -> tuple[str, ...]:
    """Ids of the laws in the registry folder, sorted.

    Parameters
    ----------
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    tuple of str
    """
    return tuple(preset_ids(preset_dir(presets_dir) / "laws"))


def validate_new_law_id(
    law_id: object, *, name: str = "law_id", presets_dir: str | Path | None = None
) -> str:
    """An id for a new law (a fit): well formed, and not the id of a shipped law.

    A user law that took a shipped id would silently replace the published law wherever laws
    are chosen by id, so such an id is refused.

    Parameters
    ----------
    law_id : object
        The proposed id: lower-case letters, digits, ``-``, ``_`` and ``.``.
    name : str
        The field, for the error message.
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    str
        ``law_id``.

    Raises
    ------
    InputError
        A malformed id.
    PresetError
        An id that a shipped law has.

    Examples
    --------
    >>> validate_new_law_id("my-fit")
    'my-fit'
    >>> validate_new_law_id("besiroglu2024")
    Traceback (most recent call last):
    ...
    planner.errors.PresetError: law_id: 'besiroglu2024' is the id of a shipped law; choose another
    """
    law_id = validate_id(law_id, name=name)
    if law_id in shipped_law_ids(presets_dir=presets_dir):
        raise PresetError(f"{name}: {law_id!r} is the id of a shipped law; choose another")
    return law_id
