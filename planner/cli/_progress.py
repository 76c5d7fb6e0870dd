"""Progress of long library calls on a terminal: one self-rewriting stderr line.

Only when stderr is a terminal: a pipe or a file (``--json`` pipelines, logs) gets nothing, so
their output stays the same (issue 24 item 8). The library reports with plain callbacks
(:mod:`planner.progress`); this module is the command line's drawing of them.
"""

from __future__ import annotations

import sys
from typing import TextIO

from planner.progress import Progress

__all__ = ["terminal_progress"]


def terminal_progress(label: str, stream: TextIO | None = None) -> Progress | None:
    """A ``progress(done, total)`` that draws ``planner: LABEL NN%`` on a terminal, or None.

    The line is rewritten in place (carriage return) when the percentage changes and erased
    at ``done == total``, so what the command prints next starts on a clean line.

    Parameters
    ----------
    label : str
        What is in progress (``reading runs.csv``, ``fitting``).
    stream : text file, optional
        Where to draw (default ``sys.stderr``).

    Returns
    -------
    callable or None
        None when ``stream`` is not a terminal: the caller passes it on, and nothing is drawn.
    """
    out = sys.stderr if stream is None else stream
    try:
        if not out.isatty():
            return None
    except (AttributeError, ValueError):  # a closed or replaced stream
        return None
    shown = [-1]

    def draw(done: int, total: int) -> None:
        if done >= total:
            out.write("\r\x1b[K")
            out.flush()
            return
        percent = 100 * done // max(total, 1)
        if percent != shown[0]:
            shown[0] = percent
            out.write(f"\rplanner: {label} {percent}%")
            out.flush()

    return draw
