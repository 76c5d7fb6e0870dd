"""Progress of long library calls, as plain callbacks: no terminal or UI code here.

A long call (reading a big CSV, a fit, a bootstrap) takes ``progress(done, total)`` and calls it
with counts that never go down and end at ``done == total``; the CLI draws them on a terminal
and the TUI in a progress bar (the toolong/frogmouth pattern: the domain code reports, the
shell draws). Issue 24 item 8.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import IO

__all__ = ["Progress", "Ticker", "file_progress"]

Progress = Callable[[int, int], None]
"""``progress(done, total)``: counts that never go down; the last call has ``done == total``."""

STEPS = 200
"""Reports per call at most (one every half per cent): a callback never slows the work."""


class Ticker:
    """Counts the work units of one call and reports them, at most :data:`STEPS` times.

    Parameters
    ----------
    progress : callable or None
        ``progress(done, total)``; None reports nothing.
    total : int
        The units the call will do (at least 1).
    """

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = max(int(total), 1)
        self.done = 0
        self._next = 0

    def tick(self, units: int = 1) -> None:
        """``units`` more done (never past ``total``)."""
        self.done = min(self.done + units, self.total)
        if self.progress is not None and (self.done >= self._next or self.done == self.total):
            self._next = self.done + max(1, self.total // STEPS)
            self.progress(self.done, self.total)

    def finish(self) -> None:
        """All done: the last report, ``(total, total)`` (units a call skipped included)."""
        if self.done < self.total:
            self.tick(self.total - self.done)


def file_progress(progress: Progress | None, handle: IO[bytes]) -> Callable[[], None]:
    """A reporter of how far ``handle`` is read: bytes read of the file's size.

    Parameters
    ----------
    progress : callable or None
        ``progress(done, total)`` in bytes; None gives a reporter that does nothing.
    handle : binary file
        An open regular file.

    Returns
    -------
    callable
        Call it as the reading goes on (cheap: it reads the file position); call it once more
        at the end for the last report.
    """
    if progress is None:
        return lambda: None
    size = os.fstat(handle.fileno()).st_size
    last = [-1]

    def report() -> None:
        done = handle.tell()
        total = max(size, done, 1)
        if done > last[0]:
            last[0] = done
            progress(done, total)

    return report
