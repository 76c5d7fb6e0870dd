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


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``planner``: its own options, then each command's (``register``).

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
    for name in COMMANDS:
        importlib.import_module(f"planner.cli._{name}").register(sub)
    return parser
