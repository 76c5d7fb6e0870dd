"""``planner serve``: the terminal UI in a web browser (the server is :mod:`planner.cli._web`)."""

from __future__ import annotations

import argparse
from typing import Any

from planner.cli._args import whole_arg

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add ``planner serve`` to the main parser's subcommands.

    Parameters
    ----------
    sub : argparse subparsers
        Of the main parser (``add_subparsers``).

    Returns
    -------
    None
    """
    s = sub.add_parser(
        "serve",
        help="serve the terminal UI in a web browser (textual-serve)",
        description="The same app in a browser, for planning from a laptop against a shared "
        'box (an optional extra: pip install ".[web]" in the planner checkout).',
    )
    s.set_defaults(func=run)
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface to listen on (default 127.0.0.1, this machine only; any other host is "
        "served with a warning)",
    )
    s.add_argument("--port", type=whole_arg(1, 65535), default=8000, help="port (default 8000)")
    s.add_argument(
        "--max-sessions",
        type=whole_arg(1, 1000),
        default=4,
        help="browser sessions at once, one planner process each (default 4)",
    )
    s.add_argument(
        "--max-width",
        type=whole_arg(20, 2000),
        default=400,
        help="terminal columns a page may ask for (default 400)",
    )
    s.add_argument(
        "--max-height",
        type=whole_arg(10, 1000),
        default=150,
        help="terminal rows a page may ask for (default 150)",
    )


def run(args: argparse.Namespace) -> None:
    """Run ``planner serve`` with the parsed options.

    Parameters
    ----------
    args : argparse.Namespace
        The options :func:`register` declares.

    Returns
    -------
    None
        Prints the result on stdout; refusals raise :class:`~planner.errors.PlannerError`.
    """
    from planner.cli._web import serve

    serve(args)
