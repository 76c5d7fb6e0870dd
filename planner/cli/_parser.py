"""The command line's grammar: the main parser, and each command's own from its module.

A command is a module of :mod:`planner.cli` with ``register(sub)``, which declares its
subcommand and options (numbers through the one number grammar of :mod:`planner.cli._args`)
and sets ``func=run``, and ``run(args)``, which imports what it needs inside the function (so
``planner --help`` and ``planner plan`` start fast), calls the library and prints the result.
:data:`COMMANDS` lists them in the order ``planner --help`` shows them.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence
from typing import Any

from planner.cli._args import Parser

__all__ = ["COMMANDS", "build_parser"]

COMMANDS = (
    "plan",
    "tasks",
    "mirage",
    "fit",
    "run",
    "figure",
    "serve",
    "sweep",
    "compare",
    "laws",
    "hardware",
)
"""The subcommands, each the module ``planner.cli._<name>``, in the order of ``--help``."""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of ``planner``: its own options, then each command's (``register``).

    Parameters
    ----------
    argv : sequence of str, optional
        The command line it will parse. When its first word names a command, only that
        command declares its options: the others are listed by name and help line only (as
        ``planner --help`` and an unknown command's message show them), which saves declaring
        some 250 options nobody reads (half the CLI's own start-up). Without it, or when the
        first word is not a command (``--help``, an option, nothing), every command declares
        all of its options.

    Returns
    -------
    argparse.ArgumentParser
        Each subcommand's namespace carries ``func``, the command's ``run``.
    """
    from planner.units import NUMBER_GRAMMAR

    parser = Parser(
        prog="planner",
        description="Compute-allocation planner for language-model pre-training. "
        "With no command, opens the terminal UI.",
        epilog=f"Numbers: {NUMBER_GRAMMAR}. Bad input exits with code 2 and one line on "
        "stderr; Ctrl-C exits with 130.",
    )
    parser.add_argument(
        "--law-file",
        action="append",
        default=[],
        metavar="PATH",
        help="with no command: a law file to offer in the terminal UI (repeatable)",
    )
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    chosen = argv[0] if argv and argv[0] in COMMANDS else None
    for name in COMMANDS:
        module = importlib.import_module(f"planner.cli._{name}")
        module.register(sub if chosen is None or chosen == name else _Listed(sub))
    return parser


class _Listed:
    """Subparsers that list a command (its name and help line) without declaring its options.

    Handed to the ``register`` of a command the command line does not run: ``add_parser``
    adds the command as usual and returns a stand-in on which the options, groups and defaults
    the command declares are dropped. The command line cannot reach that parser (its first word
    chose another), so nothing it parses or prints changes.
    """

    def __init__(self, sub: Any) -> None:
        self._sub = sub

    def add_parser(self, name: str, **kwargs: Any) -> _Dropped:
        self._sub.add_parser(name, **kwargs)
        return _Dropped()


class _Dropped:
    """Takes any declaration (``add_argument``, ``add_argument_group``, ``set_defaults``...)."""

    def __getattr__(self, name: str) -> Callable[..., _Dropped]:
        return self._declare

    def _declare(self, *args: Any, **kwargs: Any) -> _Dropped:
        return self
