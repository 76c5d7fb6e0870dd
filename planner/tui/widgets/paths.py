"""Completion of a file path as it is typed, for an ``Input``'s ``suggester``."""

from __future__ import annotations

import asyncio
import os
from itertools import islice
from pathlib import Path

from textual.suggester import Suggester

from planner.io._paths import user_path

__all__ = ["PathSuggester", "complete_path"]

MAX_ENTRIES = 2000
"""Directory entries read per suggestion at most: a huge directory never stalls the keys."""


def complete_path(value: str, *, suffixes: tuple[str, ...] = (".csv",)) -> str | None:
    """The first file-system completion of ``value``, the typed text kept as typed.

    The text after the last ``/`` is completed from the entries of the directory before it
    (``~`` expanded by :func:`planner.io._paths.user_path`, relative paths from the working
    directory). Files ending in one of ``suffixes`` come first, then directories (completed with
    a trailing ``/``), then other files; each group in name order. Hidden entries are offered only
    when the typed name starts with ``.``. A lone ``~`` or ``~user`` completes to ``~/``.

    Parameters
    ----------
    value : str
        The path as typed so far.
    suffixes : tuple of str
        File name endings offered first (case-insensitive).

    Returns
    -------
    str or None
        ``value`` plus the rest of one entry's name, or None if nothing completes it.
    """
    if not value:
        return None
    head, sep, prefix = value.rpartition("/")
    if not sep:
        if value.startswith("~") and str(home := user_path(value)) != value:
            return value + "/" if home.is_dir() else None
        folder = Path(".")
    else:
        folder = user_path(head or "/")
    try:
        with os.scandir(folder) as entries:
            found = [
                (entry.name, entry.is_dir())
                for entry in islice(entries, MAX_ENTRIES)
                if entry.name.startswith(prefix)
                and (prefix.startswith(".") or not entry.name.startswith("."))
            ]
    except OSError:  # no such folder, not a folder, no permission
        return None

    def rank(item: tuple[str, bool]) -> tuple[int, str]:
        name, is_dir = item
        if not is_dir and name.lower().endswith(suffixes):
            return (0, name)
        return (1 if is_dir else 2, name)

    for name, is_dir in sorted(found, key=rank):
        completed = name + "/" if is_dir else name
        if completed != prefix:
            return value + completed[len(prefix) :]
    return None


class PathSuggester(Suggester):
    """Suggest the rest of a path from the file system; the Input's right arrow accepts it.

    Case-sensitive (file names are) and uncached (the directory may change while the screen is
    open); the directory is read in a thread, off the event loop.
    """

    def __init__(self, suffixes: tuple[str, ...] = (".csv",)) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.suffixes = suffixes

    async def get_suggestion(self, value: str) -> str | None:
        """The completion of ``value`` (see :func:`complete_path`), or None."""
        return await asyncio.to_thread(complete_path, value, suffixes=self.suffixes)
