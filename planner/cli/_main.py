"""Command line: ``planner`` and its commands (one module each, :mod:`planner.cli._parser`).

``planner`` alone opens the terminal UI (imported lazily, only then).

A thin shell over the library: every command calls one public function and prints its typed
result. Errors the planner raises on purpose exit with code 2 and one line on stderr; stdout is
reserved for results.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
import warnings
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from planner.cli._args import (
    EXIT_USAGE,
    one_line,
)
from planner.cli._parser import build_parser
from planner.errors import PlannerError, PlannerWarning

if TYPE_CHECKING:
    pass

__all__ = ["BRIEF_COMMANDS", "main", "program"]


def _run(args: argparse.Namespace) -> int:
    """Run the subcommand the parser chose (each sets ``func``, its module's ``run``)."""
    args.func(args)
    return 0


EXIT_INTERRUPTED = 130
"""Exit code after Ctrl-C (128 + SIGINT), as shells expect."""
EXIT_INTERNAL = 70
"""Exit code of a failure the planner did not foresee (EX_SOFTWARE): a bug to report."""


def _error(message: str) -> None:
    print(f"planner: error: {one_line(message) or 'unknown error'}", file=sys.stderr)


BRIEF_COMMANDS = frozenset({"plan", "compare", "run", "tasks", "laws", "hardware", "mirage"})
"""Commands that compute one bounded result and exit (well under a second): the cyclic garbage
collector is paused while they run (:func:`main`). ``fit``, ``sweep``, ``figure``, ``serve`` and
the terminal UI run long or allocate without bound, and keep it."""


def program() -> int:
    """The ``planner`` program (its script and ``python -m planner``): :func:`main` on ``sys.argv``.

    The process exits right after, so the objects left are first frozen out of the garbage
    collector (:func:`gc.freeze`): the interpreter's collections at exit would otherwise walk
    every object numpy and the planner made (~12 ms of a 150 ms ``planner plan``) to free memory
    the operating system takes back anyway. Output is flushed and files closed as before.

    Returns
    -------
    int
        The exit code.
    """
    code = main()
    gc.freeze()
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``planner`` command; returns the exit code.

    0 on success; 2 with one line on stderr for input the planner refuses; 130 after Ctrl-C;
    70 with one line if something unforeseen fails (a bug: no traceback is shown, the line
    says what to report). numpy's RuntimeWarnings are errors here, never terminal noise.
    The cyclic garbage collector is paused while a brief command runs (:data:`BRIEF_COMMANDS`).
    """
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        args = build_parser(argv).parse_args(argv)
        if args.command is None:
            return _run_tui(args)
        with warnings.catch_warnings(), _collector_paused(args.command in BRIEF_COMMANDS):
            warnings.simplefilter("ignore", PlannerWarning)  # shown from the result instead
            warnings.simplefilter("error", RuntimeWarning)  # numpy's overflow/invalid warnings
            return _run(args)
    except PlannerError as exc:
        _error(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return EXIT_USAGE
    except (RuntimeWarning, FloatingPointError, OverflowError, ZeroDivisionError) as exc:
        _error(f"numerical failure ({exc}); the inputs are probably out of range")
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("planner: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `planner laws | head`
        return 0
    except RecursionError:
        _error("input nested too deeply")
        return EXIT_USAGE
    except MemoryError:
        _error("out of memory; the input is too large")
        return EXIT_USAGE
    except Exception as exc:  # a bug: one line, no traceback, a non-zero code
        _error(f"internal error, please report it: {type(exc).__name__}: {exc}")
        return EXIT_INTERNAL


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
