"""Accelerator and law names as people type them, resolved to catalogue ids.

Another case (``H100``) or a documented alias (``mi300`` for ``mi300x``, ``chinchilla`` for
``hoffmann2022-approach1``, listed in each preset file's ``aliases``) resolves; anything else gets
"did you mean".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from planner.errors import PresetError
from planner.io._files import shorten

__all__ = ["resolve_alias"]


def resolve_alias(
    name: str, ids: Sequence[str], load: Callable[[str], object], kind: str = "accelerator"
) -> str:
    """The catalogue id ``name`` stands for.

    Parameters
    ----------
    name : str
        What the user typed.
    ids : sequence of str
        The catalogue's ids.
    load : callable
        Loads one id (its ``aliases`` are read; an entry that fails to load is skipped).
    kind : str
        What is named, for the error (``accelerator``, ``law``).

    Returns
    -------
    str
        The id whose id or alias equals ``name`` case-insensitively.

    Raises
    ------
    PresetError
        No entry matches: names the known ids and the closest ones ("did you mean ...").

    Examples
    --------
    >>> from planner import load_accelerator
    >>> resolve_alias("MI300", ["mi300x"], load_accelerator)
    'mi300x'
    """
    key = name.strip().lower()
    names: dict[str, str] = {}
    for i in ids:
        names[i] = i
        try:
            aliases: tuple[str, ...] = getattr(load(i), "aliases", ())
        except PresetError:
            continue
        for alias in aliases:
            names.setdefault(alias.lower(), i)
    if key in names:
        return names[key]
    import difflib  # only for a name that matches nothing (1 ms of every start otherwise)

    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(dict.fromkeys(names[c] for c in close))}?" if close else ""
    raise PresetError(f"unknown {kind} {shorten(name)} (known: {', '.join(ids) or 'none'}){hint}")
