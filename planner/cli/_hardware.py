"""``planner hardware``: the accelerator catalogue as a table or JSON."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    """Add ``planner hardware`` to the main parser's subcommands.

    Parameters
    ----------
    sub : argparse subparsers
        Of the main parser (``add_subparsers``).

    Returns
    -------
    None
    """
    hw = sub.add_parser("hardware", help="list the accelerator catalogue")
    hw.set_defaults(func=run)
    hw.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> None:
    """Run ``planner hardware`` with the parsed options.

    Parameters
    ----------
    args : argparse.Namespace
        The options :func:`register` declares.

    Returns
    -------
    None
        Prints the result on stdout; refusals raise :class:`~planner.errors.PlannerError`.
    """
    from planner.planning._accelerators import list_accelerators
    from planner.report import _listings as listings
    from planner.report import _plan as report

    accs = list_accelerators()
    if args.json:
        from planner.io._json import json_text

        print(json_text([a.model_dump(mode="json") for a in accs]))
    else:
        print(report.format_table(*listings.accelerator_rows(accs)))
