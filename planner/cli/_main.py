"""Command line: ``planner`` and its commands (one module each, :mod:`planner.cli._parser`).

``planner`` alone opens the terminal UI (imported lazily, only then).

A thin shell over the library: every command calls one public function and prints its typed
result. Errors the planner raises on purpose exit with code 2 and one line on stderr; stdout is
reserved for results.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import gc
import sys
import warnings
from collections.abc import Iterator, Sequence
from typing import NoReturn

from planner.cli._args import (
    EXIT_USAGE,
    one_line,
)
from planner.cli._parser import build_parser
from planner.errors import PlannerError, PlannerWarning

__all__ = ["BRIEF_COMMANDS", "main", "program"]


def _run(args: argparse.Namespace) -> int:
    """Run the subcommand the parser chose (each sets ``func``, its module's ``run``)."""
    args.func(args)
    return 0


EXIT_INTERRUPTED = 130
"""Exit code after Ctrl-C (128 + SIGINT), as shells expect."""
EXIT_INTERNAL = 70
"""Exit code of a failure the planner did not foresee (EX_SOFTWARE): a bug to report."""
EXIT_OUTPUT = 74
"""Exit code when the output cannot be written, e.g. to a full disk (EX_IOERR)."""
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})
"""Write failures of a full or failing disk: the output's, since the library turns its own
file errors into named :class:`~planner.errors.PlannerError` lines."""


def _error(message: str) -> None:
    print(f"planner: error: {one_line(message) or 'unknown error'}", file=sys.stderr)


BRIEF_COMMANDS = frozenset({"plan", "compare", "run", "tasks", "laws", "hardware", "mirage"})
"""Commands that compute one bounded result and exit (well under a second): the cyclic garbage
collector is paused while they run (:func:`main`). ``fit``, ``sweep``, ``figure``, ``serve`` and
the terminal UI run long or allocate without bound, and keep it."""


def program() -> int:
    """The ``planner`` program (its script and ``python -m planner``): :func:`main` on ``sys.argv``.

    Its output is flushed here, so that output it cannot write (a full disk) is one line and
    exit code 74 for every command (:func:`_flushed`). A brief command (:data:`BRIEF_COMMANDS`)
    that leaves nothing for the interpreter's exit to do then ends the process at once
    (:func:`_exit_now`): the ~4 ms the interpreter would spend tearing down numpy's and the
    planner's modules to free memory the operating system takes back anyway is not spent
    (issue 23 item 3). Otherwise the objects left are frozen out of the garbage collector
    (:func:`gc.freeze`), so the collections at exit do not walk every object numpy and the
    planner made, and the interpreter exits as usual.

    Returns
    -------
    int
        The exit code (when the process did not end already).
    """
    code, brief = _main(sys.argv[1:])
    code = _flushed(code)
    if brief and _nothing_runs_at_exit():
        _exit_now(code)
    gc.freeze()
    return code


def _nothing_runs_at_exit() -> bool:
    """Whether the interpreter's exit would only free memory: no exit handler, no other thread.

    A handler :mod:`atexit` holds (``logging`` flushing its files, coverage saving its data,
    one a test or a plug-in registered) or a thread still running (which the interpreter would
    wait for) keeps the usual exit. ``atexit._ncallbacks`` is CPython's count of handlers (the
    module has no public one); where it is missing the usual exit is kept too.
    """
    import atexit

    count = getattr(atexit, "_ncallbacks", None)
    if count is None or count() != 0:
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def _flushed(code: int) -> int:
    """Flush stdout and stderr before the process ends; the exit code, unless they fail.

    Output that cannot be written (a full disk) is one line on stderr and
    :data:`EXIT_OUTPUT`, as :func:`main` says when a print meets it (the interpreter's own
    exit said "Exception ignored" and 120). A reader that closed the pipe early (``planner plan
    1e24 --json | head -c 1``) leaves the code as it was, quietly: :func:`main` returns 0 when a
    print meets the closed pipe.
    """
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # a reader gone: nothing more can be written
        pass
    except (OSError, ValueError) as exc:
        code = _cannot_write(exc)
    with contextlib.suppress(OSError, ValueError):  # stderr itself gone: nothing to tell
        sys.stderr.flush()
    return code


def _cannot_write(exc: Exception) -> int:
    """Say the output cannot be written (a full disk), in one line; :data:`EXIT_OUTPUT`."""
    _error(f"cannot write the output: {exc}")
    return EXIT_OUTPUT


def _exit_now(code: int) -> NoReturn:
    """End the process with ``code`` (:func:`os._exit`), its output already flushed.

    :func:`os._exit` skips what the interpreter's exit does besides: flushing the standard
    streams (done by :func:`_flushed`), running :mod:`atexit` handlers and joining threads
    (there are none, :func:`_nothing_runs_at_exit`), and freeing every object. A brief command
    writes no file (its only output is stdout).
    """
    import os

    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``planner`` command; returns the exit code.

    0 on success; 2 with one line on stderr for input the planner refuses; 74 with one line
    when the output cannot be written (a full disk); 130 after Ctrl-C;
    70 with one line if something unforeseen fails (a bug: no traceback is shown, the line
    says what to report). numpy's RuntimeWarnings are errors here, never terminal noise.
    The cyclic garbage collector is paused while a brief command runs (:data:`BRIEF_COMMANDS`).
    """
    return _main(sys.argv[1:] if argv is None else list(argv))[0]


def _main(argv: list[str]) -> tuple[int, bool]:
    """:func:`main`'s work: the exit code, and whether the command was a brief one."""
    brief = False
    try:
        args = build_parser(argv).parse_args(argv)
        if args.command is None:
            return _run_tui(args), False
        brief = args.command in BRIEF_COMMANDS
        with warnings.catch_warnings(), _collector_paused(brief):
            warnings.simplefilter("ignore", PlannerWarning)  # shown from the result instead
            warnings.simplefilter("error", RuntimeWarning)  # numpy's overflow/invalid warnings
            return _run(args), brief
    except PlannerError as exc:
        _error(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return EXIT_USAGE, brief
    except (RuntimeWarning, FloatingPointError, OverflowError, ZeroDivisionError) as exc:
        _error(f"numerical failure ({exc}); the inputs are probably out of range")
        return EXIT_USAGE, brief
    except KeyboardInterrupt:
        print("planner: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED, brief
    except BrokenPipeError:  # `planner laws | head`
        return 0, brief
    except RecursionError:
        _error("input nested too deeply")
        return EXIT_USAGE, brief
    except MemoryError:
        _error("out of memory; the input is too large")
        return EXIT_USAGE, brief
    except Exception as exc:  # a bug: one line, no traceback, a non-zero code
        # files are read through the library, which names them: a full disk is stdout's
        if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRNOS:
            return _cannot_write(exc), brief
        _error(f"internal error, please report it: {type(exc).__name__}: {exc}")
        return EXIT_INTERNAL, brief


@contextlib.contextmanager
def _collector_paused(pause: bool) -> Iterator[None]:
    """Pause the cyclic garbage collector (if ``pause``) and restore it after.

    A brief command's imports and computation make some 60 collector passes (~7 ms of a
    ``planner plan``) that free nothing it would miss before it exits; reference counting still
    frees every object that is not in a cycle.
    """
    was_enabled = gc.isenabled()
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if pause and was_enabled:
            gc.enable()


def _run_tui(args: argparse.Namespace) -> int:
    """Run the app; a crash inside it gives a non-zero exit code (Textual's return code)."""
    from planner.tui.app import make_app

    app = make_app(law_files=tuple(args.law_file))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(program())
