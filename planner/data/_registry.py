"""The preset registry: find preset files by id, alias or path, parse and cache them.

Each topic loads its own records through this registry: laws (:mod:`planner.laws._registry`),
accelerators (:mod:`planner.planning._accelerators`), task families (:mod:`planner.tasks._files`),
score calibrations (:mod:`planner.scores._calibration`).

Presets are data: parsed by a TOML parser (:mod:`rtoml`, with :mod:`tomllib` for the error
message of a file it refuses), nothing evaluated or unpickled. Every file, a
user's and the shipped ones alike, is converted and validated by msgspec into its model
(:meth:`planner.data._frozen.Frozen.model_validate`). Directories searched in order:

1. an explicit ``presets_dir`` argument;
2. ``$PLANNER_PRESETS_DIR``;
3. the copy shipped in the installed wheel (``planner/_presets``);
4. ``presets/`` beside the package, in a source checkout or editable install.
"""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path
from typing import TypeVar

import msgspec

from planner.data._frozen import Frozen, describe_validation_error
from planner.errors import InputError, PresetError
from planner.io._files import read_regular_bytes, shorten, shorten_path

__all__ = [
    "MAX_PRESET_BYTES",
    "load_by_name",
    "load_cached",
    "load_preset_file",
    "preset_dir",
    "preset_ids",
    "shipped_dir",
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
    shipped = Path(__file__).resolve().parents[1] / "_presets"  # where the wheel puts them
    if shipped.is_dir():
        return shipped
    checkout = Path(__file__).resolve().parents[2] / "presets"
    if checkout.is_dir():
        return checkout
    raise PresetError("no presets directory found (set PLANNER_PRESETS_DIR)")


def load_preset_file(path: str | Path, model: type[M], *, shipped: bool = False) -> M:
    """Parse one preset file (TOML, or JSON for machine-written ones) and validate it.

    A JSON file is decoded by msgspec straight into ``model`` (the same checks as converting
    its parsed data, at C speed); a file that fails is parsed with :mod:`json` and converted,
    so its error message names the bad field and value as for any file.

    Parameters
    ----------
    path : str or Path
        A ``.toml`` (or ``.json``) file of at most ``MAX_PRESET_BYTES``.
    model : type
        The model to validate it as (``LawPreset``, ``Accelerator``, ``TaskFile``).
    shipped : bool
        Ignored: a shipped file is validated like any other (kept so callers that say so still
        work).

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
        try:  # decoded straight into the record, in C, validated once; any fault: below
            return msgspec.json.decode(raw, type=model)
        except (msgspec.DecodeError, RecursionError):
            pass  # decoded again below, for the error message of every JSON file
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
        data = parse_toml(text, where)
    try:
        return model.model_validate(data)
    except msgspec.ValidationError as exc:
        problems = describe_validation_error(exc, data)
        raise PresetError(f"{where}: invalid {model.__name__}: {problems}") from exc
    except RecursionError as exc:
        raise PresetError(f"{where}: invalid {model.__name__}: nested too deeply") from exc


def parse_toml(text: str, where: str) -> dict[str, object]:
    r"""Parse TOML text: in Rust (:mod:`rtoml`), and with :mod:`tomllib` where that refuses it.

    :mod:`rtoml` parses the shipped presets about ten times faster than :mod:`tomllib`
    (0.5 against 5 ms on ``planner plan``'s path, ``benchmarks/bench_cli.py``). :mod:`rtoml`
    reads TOML 1.1 (as tomli 2.5 does), :mod:`tomllib` of Python 3.11-3.14 TOML 1.0: a file
    only TOML 1.1 allows (a newline inside an inline table, ``\e``, a time without seconds)
    is accepted. A text :mod:`rtoml` refuses is parsed again by :mod:`tomllib`, so a bad file's
    message is the standard library's and a value :mod:`rtoml` will not hold (an integer
    past 64 bits, ``1e400``) reaches the record's checks as :mod:`tomllib` reads it.

    Parameters
    ----------
    text : str
        The file's text.
    where : str
        The file, for the error message.

    Returns
    -------
    dict
        The document's top-level table.

    Raises
    ------
    PresetError
        ``<where>: not valid TOML: <tomllib's message>``.
    """
    import rtoml

    try:
        data = rtoml.loads(text)
    except (rtoml.TomlParsingError, ValueError, RecursionError):
        pass
    else:
        assert isinstance(data, dict)
        return data
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PresetError(f"{where}: not valid TOML: {exc}") from exc
    except RecursionError as exc:
        raise PresetError(f"{where}: not valid TOML: nested too deeply") from exc


def _looks_like_path(name: str) -> bool:
    return name.endswith((".toml", ".json")) or os.sep in name or "/" in name


@functools.cache
def _load_cached_any(path: Path, mtime_ns: int, model: object) -> Frozen:
    assert isinstance(model, type) and issubclass(model, Frozen)
    return load_preset_file(path, model)


def load_cached(path: Path, mtime_ns: int, model: type[M]) -> M:
    """A preset file, parsed and validated once per (path, modification time).

    Parameters
    ----------
    path : Path
        The resolved file.
    mtime_ns : int
        Its modification time: part of the cache key, so an edited file is read again.
    model : type
        The record type the file holds.

    Returns
    -------
    record
        An instance of ``model``.
    """
    preset = _load_cached_any(path, mtime_ns, model)
    assert isinstance(preset, model)
    return preset


_KIND = {"laws": "law", "hardware": "accelerator", "tasks": "task", "scores": "score calibration"}
_SUFFIX = {"scores": ".json"}
"""Machine-written presets are JSON (parsed in C: the score curves hold thousands of numbers);
the ones people write and read are TOML."""


def load_by_name(name: str | Path, sub: str, model: type[M], presets_dir: str | Path | None) -> M:
    """A preset by id, alias (any case) or path, from the registry folder ``sub``.

    Parameters
    ----------
    name : str or Path
        An id (the file name without suffix), an alias listed in a file, or a path.
    sub : str
        The registry folder: ``laws``, ``hardware``, ``tasks`` or ``scores``.
    model : type
        The record type the file holds.
    presets_dir : str or Path or None
        The preset folder (None: ``$PLANNER_PRESETS_DIR``, else the shipped presets).

    Returns
    -------
    record
        An instance of ``model``, cached per file and modification time.

    Raises
    ------
    PresetError
        Unknown name (with the known ids), or a file missing, not TOML, not valid, or taking a
        shipped preset's id with other contents.
    """
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
        preset = load_cached(path.resolve(), path.stat().st_mtime_ns, model)
        _refuse_shadowing(preset, path, sub, model, presets_dir)
        return preset
    folder, path = _id_path(preset_dir(presets_dir), sub, name)
    try:  # one stat, not a listing of the folder, on the path every plan takes
        st = os.stat(path) if name else None
        mtime_ns = st.st_mtime_ns if st is not None and stat.S_ISREG(st.st_mode) else None
    except (OSError, ValueError):  # absent, a name too long for the file system, or a NUL
        mtime_ns = None
    if mtime_ns is None:
        known = preset_ids(folder)
        if sub in ("laws", "hardware"):  # another case or an alias (h100, chinchilla): its id
            from planner.data._aliases import resolve_alias  # only for a name not a file's

            load = functools.partial(load_by_name, sub=sub, model=model, presets_dir=presets_dir)
            return load_by_name(
                resolve_alias(name, known, load, kind=kind), sub, model, presets_dir
            )
        raise PresetError(f"unknown {kind} {shorten(name)} (known: {', '.join(known) or 'none'})")
    preset = load_cached(path, mtime_ns, model)
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
    if load_cached(shipped, shipped.stat().st_mtime_ns, model) != preset:
        raise PresetError(
            f"{path}: id {preset_id!r} is the id of a shipped {_KIND.get(sub, sub)} with other "
            "contents; give the file its own id"
        )


def preset_ids(folder: Path) -> list[str]:
    """The ids of the preset files in one registry folder, sorted.

    Parameters
    ----------
    folder : Path
        A registry folder (``.../laws``); missing means empty.

    Returns
    -------
    list of str
        File names without their suffix (``.toml``, ``.json`` for ``scores``).
    """
    if not folder.is_dir():
        return []
    suffix = _SUFFIX.get(folder.name, ".toml")
    # the names pathlib's glob("*.toml") matches, without compiling its pattern on every plan's
    # path (the task files are listed by every plan)
    return sorted(Path(name).stem for name in os.listdir(folder) if name.endswith(suffix))
