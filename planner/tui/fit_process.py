"""A bootstrap fit in its own process, so the TUI's keys stay responsive while it runs.

A fit in a thread shares the interpreter lock with the app: a 1,000-resample bootstrap made F1
take 2 s to open the help. In a child process (``python -m planner.tui.fit_process``) the app's
thread only waits on a pipe. The child gets its arguments as JSON on the command line, imports
only library modules and answers through a ``multiprocessing`` connection on an inherited pipe:
``("progress", done, total)``, ``("done", report, runs)``, ``("failed", text)`` for a refusal by
the planner, ``("error", text)`` for anything unforeseen. Cancelling terminates the child.

Not ``multiprocessing.Process``: its resource tracker asks ``sys.stderr`` for a file number,
which Textual's output capture does not have (``bad value(s) in fds_to_keep``), and ``spawn``
would import the app's main module again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from planner.errors import PlannerError, SolverError
from planner.fit._parametric import FitReport
from planner.fit._runs import Runs


class FitProcessError(Exception):
    """The child process failed in a way the planner did not foresee (a bug to report)."""


def _child(conn: Connection, args: dict[str, object]) -> None:
    """Read the runs, fit them and send the result (or the error) back through ``conn``."""
    from planner.fit._parametric import fit_runs
    from planner.fit._runs import read_runs

    try:
        columns = args["columns"]
        assert isinstance(columns, dict)
        drop, boot, seed = (int(str(args[key])) for key in ("drop", "boot", "seed"))
        runs = read_runs(Path(str(args["path"])), drop_highest=drop, **columns)
        report = fit_runs(
            runs,
            bootstrap=boot,
            seed=seed,
            progress=lambda done, total: conn.send(("progress", done, total)),
        )
        conn.send(("done", report, runs))
    except PlannerError as exc:
        conn.send(("failed", str(exc)))
    except Exception as exc:  # anything else is reported to the app, which keeps running
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def fit_in_process(
    path: Path,
    columns: dict[str, str | None],
    drop: int,
    boot: int,
    seed: int,
    *,
    progress: Callable[[int, int], None],
    cancelled: Callable[[], bool],
    poll_seconds: float = 0.05,
) -> tuple[FitReport, Runs]:
    """Fit the runs of ``path`` in a child process and wait for it, polling ``cancelled``.

    Parameters
    ----------
    path, columns, drop, boot, seed
        As :func:`planner.fit._runs.read_runs` and :func:`planner.fit._parametric.fit_runs` take
        them.
    progress : callable
        Called in this thread with ``(done, total)`` as the child reports bootstrap progress.
    cancelled : callable
        Polled every ``poll_seconds``; when it returns True the child is terminated.
    poll_seconds : float
        How long one wait on the pipe lasts.

    Returns
    -------
    report : FitReport
    runs : Runs

    Raises
    ------
    PlannerError
        The planner refused the file or the fit (its own message), or the fit was cancelled
        (``SolverError``).
    FitProcessError
        The child failed unforeseen or died without an answer.
    """
    args = {"path": str(path), "columns": columns, "drop": drop, "boot": boot, "seed": seed}
    read_end, write_end = os.pipe()
    with tempfile.TemporaryFile() as errors:
        try:
            child = subprocess.Popen(
                [sys.executable, "-m", "planner.tui.fit_process", str(write_end), json.dumps(args)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,  # a crash's traceback must not land on the TUI's screen
                pass_fds=(write_end,),
            )
        finally:
            os.close(write_end)  # the child holds the only writing end: EOF when it exits
        receive = Connection(read_end, writable=False)
        try:
            while True:
                if cancelled():
                    raise SolverError("bootstrap cancelled")
                if not receive.poll(poll_seconds):
                    continue
                try:
                    message = receive.recv()
                except EOFError:
                    child.wait(5)
                    errors.seek(0)
                    last = errors.read().decode(errors="replace").strip().splitlines()[-1:]
                    raise FitProcessError(
                        f"the fit process ended without a result (exit code "
                        f"{child.returncode}{': ' + last[0] if last else ''})"
                    ) from None
                kind = message[0]
                if kind == "progress":
                    progress(message[1], message[2])
                elif kind == "done":
                    return message[1], message[2]
                elif kind == "failed":
                    raise PlannerError(message[1])  # its own text, as the thread showed it
                else:
                    raise FitProcessError(message[1])
        finally:
            if child.poll() is None:
                child.terminate()
            child.wait(5)
            receive.close()


if __name__ == "__main__":  # pragma: no cover - the child, started by fit_in_process
    _child(Connection(int(sys.argv[1]), readable=False), json.loads(sys.argv[2]))
