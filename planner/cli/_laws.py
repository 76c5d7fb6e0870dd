"""``planner laws``: the law registry as a table or JSON."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add ``planner laws`` to the main parser's subcommands.

    Parameters
    ----------
    sub : argparse subparsers
        Of the main parser (``add_subparsers``).

    Returns
    -------
    None
    """
    lw = sub.add_parser("laws", help="list the law registry")
    lw.set_defaults(func=run)
    lw.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> None:
    """Run ``planner laws`` with the parsed options.

    Parameters
    ----------
    args : argparse.Namespace
        The options :func:`register` declares.

    Returns
    -------
    None
        Prints the result on stdout; refusals raise :class:`~planner.errors.PlannerError`.
    """
    from planner.laws._registry import list_laws
    from planner.report import _listings as listings
    from planner.report import _plan as report

    laws = list_laws()
    if args.json:
        from planner.io._json import json_text

        print(json_text([law.model_dump(mode="json") for law in laws]))
    else:
        print(report.format_table(*listings.laws_rows(laws)))
