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
from collections.abc import Sequence

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
        command is declared: the parser hands it every later word, and what the main parser
        could still print is one line naming no other command (an unrecognised argument), so
        the other commands' options (some 250, half the CLI's own start-up) are not declared.
        Without it, or when the first word is not a command (``--help``, an option, nothing,
        a typo), every command is declared, as ``planner --help`` and an unknown command's
        message list them.

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
    for name in COMMANDS if chosen is None else (chosen,):
        importlib.import_module(f"planner.cli._{name}").register(sub)
    return parser
