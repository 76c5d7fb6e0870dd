"""Paths as a user types them: ``~`` expanded the way a shell does."""

from __future__ import annotations

from pathlib import Path

__all__ = ["user_path"]


def user_path(path: str | Path) -> Path:
    """``path`` with a leading ``~`` or ``~user`` expanded, as a shell does.

    A ``~name`` whose user does not exist stays as typed (bash leaves it too), where
    :meth:`pathlib.Path.expanduser` raises ``RuntimeError``.

    Parameters
    ----------
    path : str or Path
        A path as the user typed it.

    Returns
    -------
    Path

    Examples
    --------
    >>> str(user_path("~no-such-user-here/runs.csv"))
    '~no-such-user-here/runs.csv'
    """
    try:
        return Path(path).expanduser()
    except RuntimeError:
        return Path(path)
