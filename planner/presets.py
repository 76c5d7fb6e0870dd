"""Find, list and load presets: law files, accelerators (and, later, task families).

Presets are data: parsed with :mod:`tomllib`, nothing evaluated or unpickled. A user's file is
validated by pydantic against :mod:`planner.models`; the shipped files, which the test suite
validates, are built directly (:func:`planner.frozen.trusted`). Directories searched in order:

1. an explicit ``presets_dir`` argument;
2. ``$PLANNER_PRESETS_DIR``;
3. the copy shipped in the installed wheel (``planner/_presets``);
4. ``presets/`` beside the package, in a source checkout or editable install.
"""

from __future__ import annotations

import functools
import os
import stat
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from planner.accelerators import resolve_alias
from planner.defaults import DEFAULT_ACCELERATOR, DEFAULT_LAW
from planner.errors import InputError, PresetError
from planner.files import read_regular_bytes, shorten, shorten_path
from planner.frozen import Frozen, trusted
from planner.models import Accelerator, LawPreset, TaskFile, describe_validation_error, validate_id

if TYPE_CHECKING:
    from planner.scores import ScoreCalibration

__all__ = [
    "DEFAULT_ACCELERATOR",
    "DEFAULT_LAW",
    "list_accelerators",
    "list_laws",
    "list_task_files",
    "load_accelerator",
    "load_law",
    "load_preset_file",
    "load_score_calibration",
    "preset_dir",
    "shipped_dir",
    "shipped_law_ids",
    "validate_new_law_id",
]


M = TypeVar("M", bound=Frozen)

MAX_PRESET_BYTES = 1 << 20
"""Preset files are a few KiB; a file over 1 MiB is refused before it is parsed."""


def preset_dir(presets_dir: str | Path | None = None) -> Path:
    """The directory presets are read from (see the module docstring for the order).

    Parameters
    ----------
    presets_dir : str or Path, optional
        An explicit folder, used if given.

    Returns
    -------
    Path

    Raises
    ------
    PresetError
        If an explicitly given directory (argument or environment) does not exist, or no
        directory is found at all.
    """
    if presets_dir is not None:
        if not isinstance(presets_dir, str | Path):
            raise PresetError(f"presets_dir: expected a folder, got {type(presets_dir).__name__}")
        path = Path(presets_dir)
        try:
            found = "\x00" not in str(path) and path.is_dir()
        except OSError:  # a name too long, a loop of links: no such folder either
            found = False
        if not found:
            raise PresetError(f"presets directory not found: {shorten_path(path)}")
        return path
    env = os.environ.get("PLANNER_PRESETS_DIR")
    if env:
        path = Path(env)
        if not path.is_dir():
            raise PresetError(f"PLANNER_PRESETS_DIR: directory not found: {path}")
        return path
    return shipped_dir()


@functools.cache
def shipped_dir() -> Path:
    """The shipped presets (the wheel's copy, else the checkout's), whatever the environment says.

    Returns
    -------
    Path

    Raises
    ------
    PresetError
        If neither the wheel's copy nor the checkout's folder exists.
    """
    shipped = Path(__file__).resolve().parent / "_presets"  # where the wheel puts them
    if shipped.is_dir():
        return shipped
    checkout = Path(__file__).resolve().parents[1] / "presets"
    if checkout.is_dir():
        return checkout
    raise PresetError("no presets directory found (set PLANNER_PRESETS_DIR)")


def load_preset_file(path: str | Path, model: type[M], *, shipped: bool = False) -> M:
    """Parse one preset file (TOML, or JSON for machine-written ones) and validate it.

    Parameters
    ----------
    path : str or Path
        A ``.toml`` (or ``.json``) file of at most ``MAX_PRESET_BYTES``.
    model : type
        The model to validate it as (``LawPreset``, ``Accelerator``, ``TaskFile``).
    shipped : bool
        A file of the shipped presets: built without pydantic (every shipped file is validated
        by the test suite); any other file is validated by pydantic.

    Returns
    -------
    model
        The validated preset.

    Raises
    ------
    PresetError
        If the file is missing, not TOML (JSON), or does not validate; the message names the
        file and each bad field.
    """
    path = Path(path)
    where = shorten_path(path)
    try:
        raw = read_regular_bytes(path, max_bytes=MAX_PRESET_BYTES)  # never a FIFO or /dev/zero
    except InputError as exc:
        raise PresetError(f"{exc}: not a preset") from exc
    except OSError as exc:
        raise PresetError(f"{where}: cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PresetError(f"{where}: not UTF-8 text (byte {exc.start})") from exc
    if path.suffix == ".json":
        import json

        try:
            data = json.loads(text)
        except ValueError as exc:
            raise PresetError(f"{where}: not valid JSON: {exc}") from exc
        except RecursionError as exc:
            raise PresetError(f"{where}: not valid JSON: nested too deeply") from exc
        if not isinstance(data, dict):
            raise PresetError(f"{where}: not a JSON object")
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise PresetError(f"{where}: not valid TOML: {exc}") from exc
        except RecursionError as exc:
            raise PresetError(f"{where}: not valid TOML: nested too deeply") from exc
    if shipped:
        try:  # checked by the test suite: built directly, without pydantic (fast start-up)
            return trusted(model, data)
        except Exception:  # an edited checkout: fall through to the validating path's message
            pass
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = describe_validation_error(exc)
        raise PresetError(f"{where}: invalid {model.__name__}: {problems}") from exc
    except RecursionError as exc:
        raise PresetError(f"{where}: invalid {model.__name__}: nested too deeply") from exc


def _looks_like_path(name: str) -> bool:
    return name.endswith((".toml", ".json")) or os.sep in name or "/" in name


@functools.cache
def _load_cached_any(path: Path, mtime_ns: int, model: object) -> Frozen:
    assert isinstance(model, type) and issubclass(model, Frozen)
    return load_preset_file(path, model, shipped=_is_shipped(path))


def _is_shipped(path: Path) -> bool:
    """Whether ``path`` is a file of the shipped presets (``<installed>/<kind>/<id>.toml``)."""
    try:
        return path.resolve().parent.parent == shipped_dir().resolve()
    except (OSError, PresetError):
        return False


def _load_cached(path: Path, mtime_ns: int, model: type[M]) -> M:
    """A preset file, parsed and validated once per (path, modification time)."""
    preset = _load_cached_any(path, mtime_ns, model)  # type: ignore[arg-type]  # a class is hashable
    assert isinstance(preset, model)
    return preset


_KIND = {"laws": "law", "hardware": "accelerator", "tasks": "task", "scores": "score calibration"}
_SUFFIX = {"scores": ".json"}
"""Machine-written presets are JSON (parsed in C: the score curves hold thousands of numbers);
the ones people write and read are TOML."""


def _load(name: str | Path, sub: str, model: type[M], presets_dir: str | Path | None) -> M:
    kind = _KIND.get(sub, sub)
    if not isinstance(name, str | Path):
        raise PresetError(f"{kind}: expected an id or a file path, got {type(name).__name__}")
    if isinstance(name, Path) or _looks_like_path(name):
        path = Path(name)
        try:
            found = path.is_file()
        except (OSError, ValueError):
            found = False
        if not found:
            raise PresetError(f"{kind} file not found: {shorten_path(path)}")
        preset = _load_cached(path.resolve(), path.stat().st_mtime_ns, model)
        _refuse_shadowing(preset, path, sub, model, presets_dir)
        return preset
    folder, path = _id_path(preset_dir(presets_dir), sub, name)
    try:  # one stat, not a listing of the folder, on the path every plan takes
        st = os.stat(path) if name else None
        mtime_ns = st.st_mtime_ns if st is not None and stat.S_ISREG(st.st_mode) else None
    except (OSError, ValueError):  # absent, a name too long for the file system, or a NUL
        mtime_ns = None
    if mtime_ns is None:
        known = _ids(folder)
        if sub in ("laws", "hardware"):  # another case or an alias (h100, chinchilla): its id
            load = functools.partial(_load, sub=sub, model=model, presets_dir=presets_dir)
            return _load(resolve_alias(name, known, load, kind=kind), sub, model, presets_dir)
        raise PresetError(f"unknown {kind} {shorten(name)} (known: {', '.join(known) or 'none'})")
    preset = _load_cached(path, mtime_ns, model)
    if getattr(preset, "id", name) != name:
        raise PresetError(
            f"{path}: id {getattr(preset, 'id', None)!r} does not match the file name"
        )
    return preset


@functools.lru_cache(maxsize=256)
def _id_path(root: Path, sub: str, name: str) -> tuple[Path, Path]:
    """(folder, file) of a preset id (cached: pathlib is slow on the path every plan takes)."""
    folder = root / sub
    return folder, folder / f"{name}{_SUFFIX.get(sub, '.toml')}"


def _refuse_shadowing(
    preset: Frozen, path: Path, sub: str, model: type[M], presets_dir: str | Path | None
) -> None:
    """Refuse a file given by path that takes a shipped preset's id with other contents.

    Every output names presets by id, so it would pass itself off as the published one.
    """
    preset_id = getattr(preset, "id", None)
    if not isinstance(preset_id, str):
        return
    shipped = preset_dir(presets_dir) / sub / f"{preset_id}{_SUFFIX.get(sub, '.toml')}"
    if not shipped.is_file() or shipped.resolve() == path.resolve():
        return
    if _load_cached(shipped, shipped.stat().st_mtime_ns, model) != preset:
        raise PresetError(
            f"{path}: id {preset_id!r} is the id of a shipped {_KIND.get(sub, sub)} with other "
            "contents; give the file its own id"
        )


def _ids(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob(f"*{_SUFFIX.get(folder.name, '.toml')}"))


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
    return _load(name, "laws", LawPreset, presets_dir)


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
    return tuple(load_law(i, presets_dir=presets_dir) for i in _ids(folder))


def load_accelerator(
    name: str | Path = DEFAULT_ACCELERATOR, *, presets_dir: str | Path | None = None
) -> Accelerator:
    """Load an accelerator by id (``h100-sxm``), alias (``H100``, any case) or ``.toml`` path.

    Parameters
    ----------
    name : str or Path
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    Accelerator

    Raises
    ------
    PresetError
        Unknown name (with the closest ids), or a file missing, not TOML or not valid.

    Examples
    --------
    >>> load_accelerator("a100-sxm").peak_flops_per_s
    312000000000000.0
    """
    return _load(name, "hardware", Accelerator, presets_dir)


def list_accelerators(*, presets_dir: str | Path | None = None) -> tuple[Accelerator, ...]:
    """Every accelerator in the catalogue, sorted by id.

    Parameters
    ----------
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    tuple of Accelerator
    """
    folder = preset_dir(presets_dir) / "hardware"
    return tuple(load_accelerator(i, presets_dir=presets_dir) for i in _ids(folder))


def list_task_files(
    extra: tuple[str | Path, ...] = (), *, presets_dir: str | Path | None = None
) -> tuple[TaskFile, ...]:
    """The task-family files of the registry (sorted by name), then ``extra`` files.

    Parameters
    ----------
    extra : tuple of str or Path
        Task files of the user's, read after the registry's.
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    tuple of TaskFile

    Raises
    ------
    PresetError
        If a file is malformed, or two files define the same task id.
    """
    if isinstance(extra, str | Path) or not isinstance(extra, tuple | list):
        raise PresetError(f"task_files: expected a tuple of file paths, got {type(extra).__name__}")
    folder = preset_dir(presets_dir) / "tasks"
    paths = [folder / f"{i}.toml" for i in _ids(folder)]
    files = [_load_cached(p, p.stat().st_mtime_ns, TaskFile) for p in paths]
    for path in extra:
        if not isinstance(path, str | Path) or not str(path) or "\x00" in str(path):
            raise PresetError(f"task_files: expected file paths, got {shorten(path)}")
        path = Path(path)
        try:
            found = path.is_file()
        except (OSError, ValueError):
            found = False
        if not found:
            raise PresetError(f"task file not found: {shorten_path(path)}")
        files.append(_load_cached(path.resolve(), path.stat().st_mtime_ns, TaskFile))
    seen: dict[str, str] = {}
    for f in files:
        for t in f.task:
            if t.id in seen:
                raise PresetError(f"task id {t.id!r} is defined twice ({seen[t.id]}; {f.source})")
            seen[t.id] = f.source
    return tuple(files)


def load_score_calibration(
    name: str | Path = "obsscaling2024", *, presets_dir: str | Path | None = None
) -> ScoreCalibration:
    """Load task score curves by id (``obsscaling2024``) or path.

    Parameters
    ----------
    name : str or Path
        A calibration id in ``presets/scores/`` or a path to a ``.json`` file.
    presets_dir : str or Path, optional
        The preset folder (default: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    ScoreCalibration
    """
    from planner.scores import ScoreCalibration

    return _load(name, "scores", ScoreCalibration, presets_dir)


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
    return tuple(_ids(preset_dir(presets_dir) / "laws"))


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
