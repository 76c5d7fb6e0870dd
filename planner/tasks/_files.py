"""Task-family files: the registry"s, then a user"s, with task ids unique across them."""

from __future__ import annotations

from pathlib import Path

from planner.data._registry import load_cached, preset_dir, preset_ids
from planner.errors import PresetError
from planner.io._files import shorten, shorten_path
from planner.tasks._records import TaskFile

__all__ = ["list_task_files"]


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
    paths = [folder / f"{i}.toml" for i in preset_ids(folder)]
    files = [load_cached(p, p.stat().st_mtime_ns, TaskFile) for p in paths]
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
        files.append(load_cached(path.resolve(), path.stat().st_mtime_ns, TaskFile))
    seen: dict[str, str] = {}
    for f in files:
        for t in f.task:
            if t.id in seen:
                raise PresetError(f"task id {t.id!r} is defined twice ({seen[t.id]}; {f.source})")
            seen[t.id] = f.source
    return tuple(files)
